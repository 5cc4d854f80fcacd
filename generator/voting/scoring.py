"""Combined scoring (综合评议): the public vote and the committee's scores on one scale.

Per category, each part is put on a scale of 100 — as a share of the category's top
(`top_share`: votes ÷ top votes × 100) or by rank (`rank_points`: (n − rank + 1) ÷ n × 100,
equal values sharing the better rank) — and the parts are weighted:
combined = (votes weight × vote part + review weight × review part) ÷ (sum of the weights).
Candidates are ordered by combined score, then by the campaign's `ties` (more votes, or the
higher review score), then by the lower code; a category's proposed list is the first
`quota` of them, never more. Arithmetic is exact (`Fraction`): nothing depends on float
rounding or on the order of rows. See docs/votes.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from ..model.records import Campaign, Content
from ..model.scoring import Normalise, Scoring, TieBreak
from .reviews import Reviews
from .tally import TallyResult, candidates_of, text_table

HUNDRED = Fraction(100)


@dataclass(frozen=True)
class CombinedRow:
    """A candidate in its category's combined ranking (`rank` counts from 1, no ties)."""

    code: int
    votes: int  # the weighted vote total
    review: Fraction  # the mean of its judges' scores
    vote_part: Fraction  # the votes on the scale of 100
    review_part: Fraction  # the review score on the scale of 100
    combined: Fraction
    rank: int
    proposed: bool  # within the category's quota


def combine(
    scoring: Scoring, votes: Mapping[int, int], reviews: Mapping[int, Fraction], quota: int | None
) -> list[CombinedRow]:
    """One category's candidates (the codes of `votes` and `reviews`; a missing value is 0) in
    combined order; the first `quota` are proposed (none without a quota)."""
    codes = sorted(set(votes) | set(reviews))
    vote = {code: Fraction(votes.get(code, 0)) for code in codes}
    review = {code: Fraction(reviews.get(code, 0)) for code in codes}
    vote_part, review_part = _scale(vote, scoring.normalise), _scale(review, scoring.normalise)
    weights = scoring.votes + scoring.review
    combined = {
        code: (scoring.votes * vote_part[code] + scoring.review * review_part[code]) / weights
        for code in codes
    }
    tie = vote if scoring.ties == TieBreak.VOTES else review
    order = sorted(codes, key=lambda code: (-combined[code], -tie[code], code))
    return [
        CombinedRow(
            code,
            votes.get(code, 0),
            review[code],
            vote_part[code],
            review_part[code],
            combined[code],
            place,
            quota is not None and place <= quota,
        )
        for place, code in enumerate(order, start=1)
    ]


def _scale(values: Mapping[int, Fraction], normalise: Normalise) -> dict[int, Fraction]:
    """Each value on the scale of 100: its share of the top, or its rank's points."""
    if normalise == Normalise.TOP_SHARE:
        top = max(values.values(), default=Fraction(0))
        return {
            code: value / top * HUNDRED if top else Fraction(0) for code, value in values.items()
        }
    n, first = len(values), dict[Fraction, int]()  # value -> its competition rank − 1
    for position, value in enumerate(sorted(values.values(), reverse=True)):
        first.setdefault(value, position)
    return {code: Fraction(n - first[value], n) * HUNDRED for code, value in values.items()}


def campaign_rows(
    campaign: Campaign, tally: TallyResult, means: Mapping[int, Fraction], content: Content
) -> dict[str, list[CombinedRow]]:
    """Category id -> its combined ranking, for each category some of whose candidates have
    review scores (a category not yet scored has none). Only candidates take part."""
    assert campaign.scoring is not None
    rows: dict[str, list[CombinedRow]] = {}
    candidates = candidates_of(content.nominations_of(campaign.id))
    for category in campaign.categories:
        codes = [c.code for c in candidates if c.category == category.id]
        if not any(code in means for code in codes):
            continue
        votes = {code: tally.total(code) for code in codes}
        scored = {code: means[code] for code in codes if code in means}
        rows[category.id] = combine(campaign.scoring, votes, scored, category.quota)
    return rows


def combined_scores(
    content: Content, tallies: Mapping[str, TallyResult], reviews: Mapping[str, Reviews]
) -> dict[tuple[str, str], float]:
    """(campaign id, nomination file id) -> combined score to two decimals (half up), for the
    campaigns with `scoring:`, a current tally and review scores."""
    scores: dict[tuple[str, str], float] = {}
    for campaign in content.campaigns.values():
        tally, review = tallies.get(campaign.id), reviews.get(campaign.id)
        if campaign.scoring is None or tally is None or review is None:
            continue
        files = {n.code: n.file_id for n in content.nominations_of(campaign.id) if n.published}
        for rows in campaign_rows(campaign, tally, review.means, content).values():
            for row in rows:
                scores[(campaign.id, files[row.code])] = float(hundredths(row.combined))
        # files[code]: every row is a candidate, and candidates are published with a code
    return scores


def hundredths(value: Fraction) -> Fraction:
    """Rounded to two decimals, half up (四舍五入), exactly."""
    return Fraction(math.floor(value * 100 + Fraction(1, 2)), 100)


def shown(value: Fraction) -> str:
    """A score as printed: two decimals."""
    whole = math.floor(value * 100 + Fraction(1, 2))
    return f"{whole // 100}.{whole % 100:02d}"


def rule_text(scoring: Scoring) -> str:
    """The rule in words: 群众投票占50%，评审占50%，按最高分折算为100分；…"""
    weights = scoring.votes + scoring.review

    def percent(weight: int) -> str:
        return shown(Fraction(weight * 100, weights)).removesuffix(".00") + "%"

    scale = scoring.normalise.label
    if scoring.normalise == Normalise.RANK_POINTS:
        scale += "（n 名候选人中第 k 名得 (n−k+1)÷n×100 分，并列者同分）"
    return (
        f"群众投票占{percent(scoring.votes)}，评审占{percent(scoring.review)}，{scale}；"
        f"综合得分相同时{scoring.ties.label}，再相同时编号小者在前"
    )


def format_combined(
    campaign: Campaign,
    rows: Mapping[str, list[CombinedRow]],
    reviews: Reviews,
    names: Mapping[int, str],
) -> str:
    """The 综合评议 table `honours tally` prints after the vote report, one per category."""
    assert campaign.scoring is not None
    lines = [f"{campaign.name} 综合评议", f"（{rule_text(campaign.scoring)}）"]
    header = ["排名", "编号", "姓名", "得票", "得票折算分", "评审得分", "评审折算分", "综合得分"]
    for category in campaign.categories:
        quota = f"名额 {category.quota}，" if category.quota is not None else "不限名额，"
        judges = f"评委 {reviews.judges.get(category.id, 0)} 人"
        lines += ["", f"{category.name}（{quota}{judges}）"]
        ranked = rows.get(category.id)
        if ranked is None:
            lines.append("  尚无评审得分")
            continue
        table = [
            [
                str(row.rank),
                str(row.code),
                names.get(row.code, str(row.code)),
                str(row.votes),
                shown(row.vote_part),
                shown(row.review),
                shown(row.review_part),
                shown(row.combined),
                "✓" if row.proposed else "",
            ]
            for row in ranked
        ]
        lines += text_table([*header, "拟表彰"], table, left=2)
    return "\n".join(lines) + "\n"
