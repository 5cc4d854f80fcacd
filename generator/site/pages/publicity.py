"""/campaigns/<id>/publicity/: the 公示 of those proposed, for campaigns with a publicity period."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...sources.datetext import period_text, window_state
from ..views import CampaignView, ContactView, Views
from .common import Group, by_category
from .spec import PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class PublicityContext(PageContext):
    campaign: CampaignView
    period: str  # the publicity period, in words
    state: str  # before | open | closed
    groups: list[Group]  # proposed and awarded per category; none before the period
    supervision: ContactView | None  # the organisation's 监督 contact, with its tel: link


def publicity_page(views: Views, campaign_id: str) -> Iterator[PageSpec]:
    campaign = views.content.campaigns[campaign_id]
    period = campaign.period("publicity")
    if period is None:
        return
    state = window_state(period, views.today)
    groups = (
        by_category(views, campaign_id, lambda n: n.result in ("proposed", "awarded"))
        if state != "before"
        else []
    )
    context = PublicityContext(
        views.campaign(campaign),
        period_text(period),
        state,
        groups,
        views.supervision(),
    )
    yield PageSpec(
        f"campaigns/{campaign_id}/publicity.md",
        PageKind.PUBLICITY,
        f"{campaign.name} 公示",
        context,
        description=f"{campaign.name}拟表彰名单公示",
        qr=True,
    )
