"""/campaigns/: every visible campaign, by stage."""

from __future__ import annotations

from dataclasses import dataclass

from ..views import Views
from .common import StageGroup, campaigns_by_stage
from .spec import PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class CampaignsContext(PageContext):
    stages: list[StageGroup]


def campaigns_index(views: Views) -> PageSpec:
    return PageSpec(
        "campaigns/index.md",
        PageKind.CAMPAIGNS,
        "评选活动",
        CampaignsContext(campaigns_by_stage(views)),
        in_nav=True,
    )
