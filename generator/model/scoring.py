"""A campaign's `scoring:`: the public vote combined with the committee's scores (综合评议).

The rule as written is kept here; voting/reviews.py reads the committee's score sheets and
voting/scoring.py combines them with the tally (docs/votes.md, “综合评议”).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sources.fields import Fields, LabelledEnum

SCORING_KEYS = ["votes", "review", "normalise", "ties", "public"]


class Normalise(LabelledEnum):
    """How votes and scores are put on one scale before they are weighted."""

    TOP_SHARE = "top_share", "按最高分折算为100分"
    RANK_POINTS = "rank_points", "按名次计分"


class TieBreak(LabelledEnum):
    """Which part decides between equal combined scores (then the lower code)."""

    VOTES = "votes", "得票多者在前"
    REVIEW = "review", "评审得分高者在前"


@dataclass(frozen=True)
class Scoring:
    votes: int  # the vote's weight (各占50% → 50 and 50)
    review: int  # the committee's weight
    normalise: Normalise = Normalise.TOP_SHARE
    ties: TieBreak = TieBreak.VOTES
    public: bool = False  # show the combined score on the 公示


def read_scoring(fields: Fields) -> Scoring | None:
    """`scoring:` of a campaign, or None when it has none (votes alone decide)."""
    rule = fields.mapping("scoring", SCORING_KEYS)
    if rule is None:
        return None
    votes = rule.integer("votes", required=True, minimum=0)
    review = rule.integer("review", required=True, minimum=0)
    normalise = rule.enum("normalise", Normalise, default=Normalise.TOP_SHARE)
    ties = rule.enum("ties", TieBreak, default=TieBreak.VOTES)
    public = rule.boolean("public")
    if votes is None or review is None:
        return None
    if votes + review == 0:
        rule.error("votes", "与 review 的权重不能都为 0")
        return None
    return Scoring(votes, review, normalise, ties, public)
