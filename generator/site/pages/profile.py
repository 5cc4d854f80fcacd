"""/campaigns/<id>/<nominee>/: one nomination's profile and story."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..views import CampaignView, ChannelView, NominationView, PersonView, Views
from .common import preview_image
from .spec import HIDE_TOC, PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class ProfileContext(PageContext):
    nomination: NominationView
    person: PersonView
    campaign: CampaignView
    channels: tuple[ChannelView, ...]  # how to vote, while voting runs, with tel:/sms: links


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
            ProfileContext(view, person, campaign_view, campaign_view.voting),
            markdown=nomination.story,
            description=f"{campaign.name}{view.category}推荐对象：{person.name}（{person.unit.name if person.unit else ''}）{heading}",
            image=preview_image(person.portrait),
            qr=True,
            hide=HIDE_TOC,
            search_keys=(person.name,),
        )
