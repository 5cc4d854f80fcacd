"""The home page: the organisation's introduction, running campaigns and the latest honours."""

from __future__ import annotations

from dataclasses import dataclass

from ...model.records import Organisation
from ..views import ContactView, NominationView, Views
from .common import StageGroup, campaigns_by_stage
from .spec import PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class HomeContext(PageContext):
    organisation: Organisation
    stages: list[StageGroup]
    recent: list[NominationView]  # the latest awarded, at most 12
    contacts: tuple[ContactView, ...]  # the organisation's, with tel: links
    supervision: ContactView | None


def home_page(views: Views) -> PageSpec:
    organisation = views.content.organisation
    context = HomeContext(
        organisation,
        campaigns_by_stage(views),
        _awarded(views)[:12],
        views.contacts(),
        views.supervision(),
    )
    return PageSpec(
        "index.md",
        PageKind.HOME,
        "首页",
        context,
        markdown=views.content.intro,
        in_nav=True,
        description=f"{organisation.name}评选表彰与光荣榜",
    )


def _awarded(views: Views) -> list[NominationView]:
    awarded = [n for n in views.published_nominations() if n.result == "awarded"]
    campaigns = views.content.campaigns
    awarded.sort(
        key=lambda n: (campaigns[n.campaign].year, campaigns[n.campaign].published), reverse=True
    )
    return [views.nomination(n) for n in awarded]
