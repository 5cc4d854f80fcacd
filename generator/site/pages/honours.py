"""/honours/ (every year, newest first) and /honours/<year>/: those awarded, by campaign; in a
graded category (三星/四星/五星 windows) the highest grade first, each with its grade."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..views import CampaignView, Views
from .common import Group
from .results import graded_groups
from .spec import PageContext, PageKind, PageSpec

Roll = list[tuple[CampaignView, list[Group]]]  # a year's awarded, by campaign and category


@dataclass(frozen=True)
class HonoursContext(PageContext):
    years: list[tuple[int, int, str]]  # (year, how many awarded, src_uri of its page)
    rolls: list[tuple[int, Roll]]


@dataclass(frozen=True)
class HonoursYearContext(PageContext):
    year: int
    campaigns: Roll
    count: int


def honour_rolls(views: Views) -> Iterator[PageSpec]:
    years = sorted({c.year for c in views.visible_campaigns().values()}, reverse=True)
    rolls = {year: _roll(views, year) for year in years}
    years = [year for year in years if rolls[year]]
    counts = {
        year: sum(len(group) for _, groups in rolls[year] for _, group in groups) for year in years
    }
    yield PageSpec(
        "honours/index.md",
        PageKind.HONOURS,
        "光荣榜",
        HonoursContext(
            years=[(year, counts[year], f"honours/{year}.md") for year in years],
            rolls=[(year, rolls[year]) for year in years],
        ),
        in_nav=True,
        description=f"{views.content.organisation.name}历年表彰名单",
    )
    for year in years:
        yield PageSpec(
            f"honours/{year}.md",
            PageKind.HONOURS_YEAR,
            f"{year}年度光荣榜",
            HonoursYearContext(year, rolls[year], counts[year]),
            description=f"{views.content.organisation.name}{year}年度表彰名单",
        )


def _roll(views: Views, year: int) -> Roll:
    campaigns = sorted(
        (c for c in views.visible_campaigns().values() if c.year == year),
        key=lambda c: c.published,
        reverse=True,
    )
    roll = []
    for campaign in campaigns:
        groups = graded_groups(views, campaign.id)
        if groups:
            roll.append((views.campaign(campaign), groups))
    return roll
