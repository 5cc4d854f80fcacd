"""/campaigns/<id>/vote/: the voting notice and the candidates, for campaigns with a vote."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...sources.datetext import period_text, window_state
from ..views import CampaignView, ChannelView, Views
from .common import Group, by_category
from .spec import PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class VoteContext(PageContext):
    campaign: CampaignView
    window: str  # the voting period, in words
    state: str  # before | open | closed
    channels: tuple[ChannelView, ...]  # with their tel: and sms: links
    rules: tuple[str, ...]
    groups: list[Group]  # candidates per category, empty categories included
    step: str = "投票"  # what the campaign calls its vote (群众评议), for headings and state


def vote_page(views: Views, campaign_id: str) -> Iterator[PageSpec]:
    campaign = views.content.campaigns[campaign_id]
    period = campaign.period("voting")
    if period is None:
        return
    view = views.campaign(campaign)
    context = VoteContext(
        campaign=view,
        window=period_text(period),
        state=window_state(period, views.today),
        channels=view.voting,
        rules=campaign.voting.rules,
        groups=by_category(views, campaign_id, lambda n: n.status == "candidate", keep_empty=True),
        step=period.own_label or "投票",
    )
    yield PageSpec(
        f"campaigns/{campaign_id}/vote.md",
        PageKind.VOTE,
        f"{campaign.name} {context.step}",
        context,
        description=f"{campaign.name}{context.step}方式和候选名单",
        qr=True,
    )
