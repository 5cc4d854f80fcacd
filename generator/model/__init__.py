"""The content model and its checks: records, loading content/, campaigns, people, stages, cross-record rules, new-record skeletons."""
