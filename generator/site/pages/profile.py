"""/campaigns/<id>/<nominee>/: one nomination's profile and story."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model.records import Channel
from ..views import CampaignView, NominationView, PersonView, Views
from .common import preview_image
from .spec import HIDE_TOC, PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class ProfileContext(PageContext):
    nomination: NominationView
    person: PersonView
    campaign: CampaignView
    channels: tuple[Channel, ...]  # how to vote, while voting runs


def profile_pages(views: Views, campaign_id: str) -> Iterator[PageSpec]:
    campaign = views.content.campaigns[campaign_id]
    campaign_view = views.campaign(campaign)
    for nomination in views.published_nominations(campaign_id):
        view = views.nomination(nomination)
        person = view.person
        heading = view.title or person.name
        yield PageSpec(
            view.src_uri,
            PageKind.PROFILE,
            f"{person.name}｜{campaign.name}",
            ProfileContext(view, person, campaign_view, campaign.voting.channels),
            markdown=nomination.story,
            description=f"{campaign.name}{view.category}推荐对象：{person.name}（{person.unit.name if person.unit else ''}）{heading}",
            image=preview_image(person.portrait),
            qr=True,
            hide=HIDE_TOC,
        )
