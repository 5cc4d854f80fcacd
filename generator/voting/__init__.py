"""Voting codes, vote files, the tally and its results file."""
