"""/campaigns/<id>/: the campaign's notice, timeline and categories."""

from __future__ import annotations

from dataclasses import dataclass

from ..views import CampaignView, ContactView, Views
from .spec import PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class CampaignContext(PageContext):
    campaign: CampaignView
    nominee_count: int
    supervision: ContactView | None  # the organisation's 监督 contact, with its tel: link


def campaign_page(views: Views, campaign_id: str) -> PageSpec:
    campaign = views.content.campaigns[campaign_id]
    view = views.campaign(campaign)
    count = len(views.published_nominations(campaign_id))
    return PageSpec(
        view.src_uri,
        PageKind.CAMPAIGN,
        view.name,
        CampaignContext(view, count, views.supervision()),
        markdown=campaign.body,
        in_nav=True,
        description=view.title,
        qr=True,
    )
