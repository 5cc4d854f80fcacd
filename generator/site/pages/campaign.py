"""/campaigns/<id>/: the campaign's notice, timeline and categories."""

from __future__ import annotations

from dataclasses import dataclass

from ...model.records import Organisation
from ..views import CampaignView, Views
from .spec import PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class CampaignContext(PageContext):
    campaign: CampaignView
    nominee_count: int
    organisation: Organisation


def campaign_page(views: Views, campaign_id: str) -> PageSpec:
    campaign = views.content.campaigns[campaign_id]
    view = views.campaign(campaign)
    count = len(views.published_nominations(campaign_id))
    return PageSpec(
        view.src_uri,
        PageKind.CAMPAIGN,
        view.name,
        CampaignContext(view, count, views.content.organisation),
        markdown=campaign.body,
        in_nav=True,
        description=view.title,
        qr=True,
    )
