"""/campaigns/<id>/<nominee>/: one nomination's profile and story.

With a `summary` (the form's 主要事迹) the page shows it first, in a box, and heads the story
事迹材料; where the campaign publishes its review (`show_review: true`), the 评审程序 follows the
story."""

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
    summary: tuple[str, ...]  # the 主要事迹's paragraphs (plain text: escaped); none without


def paragraphs(text: str | None) -> tuple[str, ...]:
    """A plain text's paragraphs: its lines that have something on them."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


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
            ProfileContext(
                view, person, campaign_view, campaign_view.voting, paragraphs(view.summary)
            ),
            markdown=nomination.story,
            description=f"{campaign.name}{view.category}推荐对象：{person.name}（{person.unit.name if person.unit else ''}）{heading}",
            image=preview_image(person.portrait),
            qr=True,
            hide=HIDE_TOC,
            search_keys=(person.name,),
        )
