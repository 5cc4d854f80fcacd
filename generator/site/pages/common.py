"""Helpers more than one page kind shares: grouping, nominations by category, campaigns by stage."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TypeVar

from ...media.portraits import Portrait
from ...model.records import Nomination
from ...model.stages import STAGES
from ..views import CampaignView, NominationView, Views

STAGE_ORDER = ["voting", "publicity", "nominating", "reviewing", "upcoming", "announced"]

Group = tuple[str, list[NominationView]]  # (category or unit name, its nominations)
StageGroup = tuple[str, list[CampaignView]]  # (stage label, its campaigns)
T = TypeVar("T")


def group_by(items: Iterable[T], key: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """`items` in groups by `key`: groups in the order they first appear, items in theirs."""
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return list(groups.items())


def preview_image(portrait: Portrait | None) -> str | None:
    if portrait is None or portrait.framing == "placeholder":
        return None
    return portrait.largest.jpeg


def campaigns_by_stage(views: Views) -> list[StageGroup]:
    campaigns = sorted(
        views.visible_campaigns().values(), key=lambda c: (c.year, c.published), reverse=True
    )
    groups = dict(group_by((views.campaign(c) for c in campaigns), lambda v: v.stage.key))
    return [(STAGES[key], groups[key]) for key in STAGE_ORDER if key in groups]


def by_category(
    views: Views, campaign_id: str, keep: Callable[[Nomination], bool], keep_empty: bool = False
) -> list[Group]:
    """Published nominations that `keep` accepts, per category in the campaign's order, by code.

    Categories with none are left out unless `keep_empty`."""
    campaign = views.content.campaigns[campaign_id]
    chosen = [n for n in views.published_nominations(campaign_id) if keep(n)]
    groups = []
    for category in campaign.categories:
        members = sorted(
            (n for n in chosen if n.category == category.id), key=lambda n: n.code or 0
        )
        if members or keep_empty:
            groups.append((category.name, [views.nomination(n) for n in members]))
    return groups


def nominations_by_person(views: Views) -> dict[str, list[NominationView]]:
    """Each person's published nominations, newest campaign first."""
    result: dict[str, list[NominationView]] = defaultdict(list)
    campaigns = views.content.campaigns
    for nomination in sorted(
        views.published_nominations(), key=lambda n: campaigns[n.campaign].published, reverse=True
    ):
        result[nomination.nominee].append(views.nomination(nomination))
    return result
