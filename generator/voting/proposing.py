"""The proposed list (拟表彰名单) of `honours tally --propose`: what it is and how it reads.

Per category with a quota: by combined score where the campaign has `scoring:` (the first
`quota` of the 综合评议, see scoring.py), else by votes (tally.py's `propose`), where a tie at
the quota's edge proposes nobody and changes no record (people decide). Then the nominations
whose `result:` the list changes (`proposed` added or removed) and those left alone because
their result is already decided against it. Nothing here writes a file: the command writes
the changes (office/recordwriter.py, a later layer). See docs/votes.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model.records import Campaign, Content, Nomination, NominationResult
from ..sources.problems import Problems, display_path
from .reviews import Reviews
from .scoring import CombinedRow, campaign_rows
from .tally import TallyResult, propose


class NotScored(Exception):
    """A campaign with `scoring:` whose score sheets are not in yet: no list by combined score."""

    def __init__(self) -> None:
        super().__init__("还没有评审得分，无法按综合评议提出拟表彰名单")


@dataclass(frozen=True)
class Change:
    """A nomination whose `result:` the proposal changes: `proposed` True adds
    `result: proposed`, False removes it."""

    nomination: Nomination
    proposed: bool


@dataclass(frozen=True)
class Proposal:
    """What `--propose` found: the report's lines (each category's list, the changes, the
    nominations kept), the changes by file path, and the nominations kept as they are."""

    lines: list[str]
    changes: list[Change]
    kept: list[Nomination]


def changes_for(
    nominations: Iterable[Nomination], category: str, chosen: set[int]
) -> tuple[list[Change], list[Nomination]]:
    """What `--propose` changes in a category: `result: proposed` on the chosen candidates and
    on no other nomination; and the nominations left as they are because their result is
    already decided (awarded / not_awarded) against the proposal."""
    changes: list[Change] = []
    kept: list[Nomination] = []
    for nomination in nominations:
        if nomination.category != category:
            continue
        on_list = nomination.published and nomination.code in chosen
        if nomination.result in (NominationResult.AWARDED, NominationResult.NOT_AWARDED):
            if on_list != (nomination.result == NominationResult.AWARDED):
                kept.append(nomination)
        elif on_list and nomination.result is None:
            changes.append(Change(nomination, True))
        elif not on_list and nomination.result == NominationResult.PROPOSED:
            changes.append(Change(nomination, False))
    return changes, kept


def propose_campaign(
    content: Content,
    campaign: Campaign,
    counted: TallyResult,
    rows: Mapping[str, list[CombinedRow]] | None,
    names: Mapping[int, str],
) -> Proposal:
    """The campaign's proposed lists: by the combined `rows` (category id -> ranking, None
    for a campaign without `scoring:`) or by the votes `counted`; `names` maps each
    candidate's code to its name. Raises NotScored for a campaign with `scoring:` and no
    rows."""
    if campaign.scoring is not None and rows is None:
        raise NotScored
    by_votes = propose(counted, {c.id: c.quota for c in campaign.categories})
    nominations = content.nominations_of(campaign.id)
    lines = ["", f"拟表彰名单（按{'综合得分' if rows is not None else '得票'}，不超过名额）"]
    changes: list[Change] = []
    kept: list[Nomination] = []
    for category in campaign.categories:
        head = f"  {category.name}（名额 {category.quota}）"
        if category.quota is None:
            lines.append(f"  {category.name}：没有设置名额（quota），不提出拟表彰名单")
            continue
        if rows is not None:
            if category.id not in rows:
                lines.append(f"{head}：尚无评审得分，不提出拟表彰名单")
                continue
            chosen = [row.code for row in rows[category.id] if row.proposed]
        else:
            listed = by_votes.get(category.id, [])
            tied = [p for p in listed if p.boundary_tie]
            if tied:
                equal = "、".join(f"{names[p.code]}（{p.code}号）" for p in tied)
                lines.append(
                    f"{head}：第 {tied[0].rank} 名并列（{equal}均为 {tied[0].total} 票），"
                    "超出名额，请组委会研究决定；本类别的推荐记录不作修改"
                )
                continue
            chosen = [p.code for p in listed]
        lines.append(f"{head}：" + ("、".join(f"{names[c]}（{c}号）" for c in chosen) or "无"))
        found, left = changes_for(nominations, category.id, set(chosen))
        changes += found
        kept += left

    def who(nomination: Nomination) -> str:
        person = content.people.get(nomination.nominee)
        name = person.name if person else nomination.nominee
        return f"{display_path(nomination.mark.path)}（{name}）"

    changes.sort(key=lambda change: change.nomination.mark.path)
    lines.append("")
    if changes:
        lines.append("需要修改的推荐记录：")
        lines += [
            f"  {who(c.nomination)}：{'加上' if c.proposed else '去掉'} result: proposed"
            for c in changes
        ]
    else:
        lines.append("推荐记录中的 result: proposed 已与拟表彰名单一致，无需修改。")
    for nomination in kept:
        label = NominationResult(nomination.result).label if nomination.result else ""
        lines.append(f"  注意：{who(nomination)}的结果已定为“{label}”，与拟表彰名单不一致，未改动")
    return Proposal(lines, changes, kept)


def check_proposals(
    content: Content,
    tallies: Mapping[str, TallyResult],
    reviews: Mapping[str, Reviews],
    problems: Problems,
) -> None:
    """Each campaign with `scoring:`, a tally and review scores: its results against the
    综合评议 (check_campaign_proposals)."""
    for campaign in content.campaigns.values():
        tally, review = tallies.get(campaign.id), reviews.get(campaign.id)
        if campaign.scoring is not None and tally is not None and review is not None:
            rows = campaign_rows(campaign, tally, review.means, content)
            check_campaign_proposals(content, campaign, rows, problems)


def check_campaign_proposals(
    content: Content,
    campaign: Campaign,
    rows: Mapping[str, list[CombinedRow]],
    problems: Problems,
) -> None:
    """Where a category of a campaign with `scoring:` has its results written (some
    `proposed` or `awarded`), a warning at each nomination the 综合评议 puts on the other side
    of the quota than its `result:` does: staff may decide otherwise (一票否决 after the
    scoring), but should know that they did. `honours tally <id> --propose` lists the same."""
    command = f"honours tally {campaign.id} --propose"
    for category in campaign.categories:
        ranking = rows.get(category.id)
        if category.quota is None or ranking is None:
            continue
        by_code = {row.code: row for row in ranking}
        listed = [
            n
            for n in content.nominations_of(campaign.id)
            if n.category == category.id and n.published and n.code in by_code
        ]
        decided = (NominationResult.PROPOSED, NominationResult.AWARDED)
        if not any(n.result in decided for n in listed):
            continue  # the results are not written yet: nothing to disagree with
        for nomination in listed:
            row = by_code[nomination.code or 0]
            on_list = nomination.result in decided
            if on_list == row.proposed:
                continue
            where = "result" if "result" in nomination.field_marks else "category"
            place = f"综合得分排名第 {row.rank}，名额 {category.quota} 名"
            problems.warning(
                nomination.mark_of(where),
                f"结果与综合评议不一致：{place}，"
                + ("不在名额内，却写有 result: " if on_list else "在名额内，却没有写 result: ")
                + f"{'awarded' if nomination.result == NominationResult.AWARDED else 'proposed'}；"
                f"如属组委会决定可不理会，否则请运行 {command} 核对",
            )
