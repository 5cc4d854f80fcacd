"""Boards resolved into what pages show: entries (a person and why) and screen slides."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from ..boards.definitions import Board, Screen, Section
from ..boards.ratings import Month, latest, stars_label
from ..model.records import NominationResult
from .views import PersonView, Views


@dataclass(frozen=True)
class BoardEntry:
    person: PersonView
    honour: str  # e.g. 红旗党支部, 五星党员
    citation: str | None
    link: str  # src_uri of the page the entry leads to (a profile or a person page)


@dataclass(frozen=True)
class SectionView:
    title: str
    caption: str | None
    entries: tuple[BoardEntry, ...]


class SlideKind(StrEnum):
    TITLE = "title"  # the board's title
    SECTION = "section"  # a section's title
    ENTRY = "entry"  # a person of the section


@dataclass(frozen=True)
class Slide:
    kind: SlideKind
    title: str
    caption: str | None = None
    entry: BoardEntry | None = None


@dataclass(frozen=True)
class BoardView:
    id: str
    title: str
    subtitle: str | None
    period: str | None
    screen: Screen
    sections: tuple[SectionView, ...]
    src_uri: str
    screen_uri: str

    def slides(self) -> Iterator[Slide]:
        """The screen's rotation: a title slide, then each section's title and its people."""
        yield Slide(
            SlideKind.TITLE,
            self.title,
            " ".join(p for p in (self.subtitle, self.period) if p) or None,
        )
        for section in self.sections:
            yield Slide(SlideKind.SECTION, section.title, section.caption)
            for entry in section.entries:
                yield Slide(SlideKind.ENTRY, section.title, entry.citation, entry)


def board_view(views: Views, board: Board, months: Mapping[str, Month]) -> BoardView:
    sections = tuple(
        SectionView(s.title, s.caption, tuple(_entries(views, s, months))) for s in board.sections
    )
    return BoardView(
        board.id,
        board.title,
        board.subtitle,
        board.period,
        board.screen,
        sections,
        f"boards/{board.id}.md",
        f"screens/{board.id}.md",
    )


def _entries(views: Views, section: Section, months: Mapping[str, Month]) -> Iterator[BoardEntry]:
    if section.campaign is not None:
        for nomination in views.published_nominations(section.campaign):
            if nomination.result == NominationResult.AWARDED and section.category in (
                None,
                nomination.category,
            ):
                view = views.nomination(nomination)
                yield BoardEntry(view.person, view.category, view.title, view.src_uri)
    elif section.month is not None:
        yield from _star_entries(views, section, months)
    else:
        for named in section.people:
            person = views.person(named.person)
            yield BoardEntry(person, "", named.citation, person.src_uri)


def _star_entries(
    views: Views, section: Section, months: Mapping[str, Month]
) -> Iterator[BoardEntry]:
    month = latest(months) if section.month == "latest" else months.get(section.month or "")
    if month is None:
        return
    if section.branch is not None:
        members = month.by_branch(views.content).get(section.branch, [])
    elif section.floor is not None:
        members = month.by_floor(views.content).get(section.floor, [])
    else:
        members = month.stars
    year, number = month.month.split("-")
    for rating in members:
        person = views.person(rating.person)
        yield BoardEntry(
            person, f"{stars_label(rating.stars)}党员", f"{year}年{int(number)}月", person.src_uri
        )
