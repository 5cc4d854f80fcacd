"""/campaigns/<id>/results/: those awarded, per category."""

from __future__ import annotations

from dataclasses import dataclass

from ..views import CampaignView, Views
from .common import Group, by_category
from .spec import PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class ResultsContext(PageContext):
    campaign: CampaignView
    groups: list[Group]


def results_page(views: Views, campaign_id: str) -> PageSpec:
    campaign = views.content.campaigns[campaign_id]
    groups = by_category(views, campaign_id, lambda n: n.result == "awarded")
    return PageSpec(
        f"campaigns/{campaign_id}/results.md",
        PageKind.RESULTS,
        f"{campaign.name} 评选结果",
        ResultsContext(views.campaign(campaign), groups),
        description=f"{campaign.name}表彰名单",
    )
