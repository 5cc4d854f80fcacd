"""/campaigns/<id>/nominees/: every published nomination, by category and by unit."""

from __future__ import annotations

from dataclasses import dataclass

from ..views import CampaignView, Views
from .common import Group, by_category, group_by
from .spec import HIDE_TOC, PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class NomineesContext(PageContext):
    campaign: CampaignView
    by_category: list[Group]
    by_unit: list[Group]


def nominees_page(views: Views, campaign_id: str) -> PageSpec:
    campaign = views.content.campaigns[campaign_id]
    categories = by_category(views, campaign_id, lambda n: True)
    by_unit = group_by(
        (n for _, group in categories for n in group),
        lambda n: n.person.unit.name if n.person.unit else "其他",
    )
    return PageSpec(
        f"campaigns/{campaign_id}/nominees.md",
        PageKind.NOMINEES,
        f"{campaign.name} 推荐对象",
        NomineesContext(views.campaign(campaign), categories, sorted(by_unit, key=lambda g: g[0])),
        description=f"{campaign.name}全部推荐对象",
        hide=HIDE_TOC,
    )
