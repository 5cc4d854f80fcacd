"""/campaigns/<id>/results/: those awarded, per category; a graded category (三星/四星/五星
windows) highest grade first, under a heading per grade."""

from __future__ import annotations

from dataclasses import dataclass

from ..boardviews import by_grade, graded_honour
from ..views import CampaignView, NominationView, Views
from .common import Group, by_category
from .spec import PageContext, PageKind, PageSpec

UNGRADED = "未评定等次"  # an award in a graded category without a grade (the check reports it)


@dataclass(frozen=True)
class GradeGroup:
    """The awards of one grade in a graded category."""

    grade: str | None  # 五星; None for awards without a grade
    heading: str  # 五星级服务窗口
    nominations: list[NominationView]


@dataclass(frozen=True)
class ResultsContext(PageContext):
    campaign: CampaignView
    groups: list[Group]  # per category: highest grade first, then by code
    grades: list[list[GradeGroup]]  # beside `groups`: a graded category's awards by grade; [] else


def graded_groups(views: Views, campaign_id: str) -> list[Group]:
    """The campaign's awarded per category (as `by_category` gives them), highest grade first."""
    groups = by_category(views, campaign_id, lambda n: n.result == "awarded")
    return [(name, by_grade(members)) for name, members in groups]


def grade_groups(category: str, members: list[NominationView]) -> list[GradeGroup]:
    """`members` of a category under their grades, highest first (none when no one has a grade):
    only grades someone holds, so no heading stands empty."""
    if not any(n.grade for n in members):
        return []
    found: dict[str | None, list[NominationView]] = {}
    for nomination in by_grade(members):
        found.setdefault(nomination.grade, []).append(nomination)
    return [
        GradeGroup(
            grade,
            graded_honour(category, grade) if grade else f"{category}（{UNGRADED}）",
            nominations,
        )
        for grade, nominations in found.items()
    ]


def results_page(views: Views, campaign_id: str) -> PageSpec:
    campaign = views.content.campaigns[campaign_id]
    groups = graded_groups(views, campaign_id)
    return PageSpec(
        f"campaigns/{campaign_id}/results.md",
        PageKind.RESULTS,
        f"{campaign.name} 评选结果",
        ResultsContext(
            views.campaign(campaign),
            groups,
            [grade_groups(name, members) for name, members in groups],
        ),
        description=f"{campaign.name}表彰名单",
    )
