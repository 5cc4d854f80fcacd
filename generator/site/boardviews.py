"""Boards resolved into what pages show: entries (a person and why) and screen slides."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..boards.definitions import Board, Screen, Section
from ..boards.ratings import STAR_LABELS, Month, latest, stars_label
from ..model.records import Campaign, NominationResult, PeriodName, RecordKind
from ..model.stages import StageKey, stage_of
from ..sources.datetext import cn_date
from .views import NominationView, PersonView, Views

# The earlier holders' slide: the newest periods, as many as keep it to this many names (at
# least one period, at most HISTORY_PERIODS), large enough to read from three metres.
HISTORY_PERIODS = 4
HISTORY_NAMES = 20
_STARS = {label: stars for stars, label in STAR_LABELS.items()}  # 五星 → 5
# The period a campaign's short name opens with: 2026年第三季度, 2026年度, 2026年5月, 2026年上半年.
_PERIOD = re.compile(
    r"^\d{4}年(?:度|第[一二三四1-4]季度|[一二三四1-4]季度|[上下]半年|\d{1,2}月份?|[一二三四五六七八九十]{1,2}月份?)?"
)


def graded_honour(category: str, grade: str) -> str:
    """The honour a graded award carries: 五星 in 星级服务窗口 is 五星级服务窗口; any other grade
    follows the category in brackets: 文明窗口（一等）."""
    if grade.endswith("星") and "星级" in category:
        return category.replace("星级", f"{grade}级", 1)
    return f"{category}（{grade}）"


def grade_stars(grade: str | None) -> int:
    """五星 → 5 … 一星 → 1; 0 for no grade or one that is not counted in stars."""
    return _STARS.get(grade or "", 0)


def period_label(name: str) -> str:
    """The period a campaign covers, as its short name opens: 2026年第三季度, 2026年度; the
    whole short name when it opens with no year."""
    found = _PERIOD.match(name)
    return found.group(0) if found else name


def decided_on(campaign: Campaign) -> date:
    """When a campaign's honours were conferred: its commendation, else its notice's date."""
    commendation = campaign.period(PeriodName.COMMENDATION)
    return commendation.start.date() if commendation else campaign.published


@dataclass(frozen=True)
class BoardEntry:
    person: PersonView
    honour: str  # e.g. 红旗党支部, 五星党员, 五星级服务窗口, 流动奖牌（2026年第三季度）
    citation: str | None
    link: str  # src_uri of the page the entry leads to (a profile or a person page)
    stars: int = 0  # the stars the honour carries (五星党员, 五星级服务窗口), drawn on screens
    grade: str | None = None  # the award's grade (五星 …), where it comes from a graded category


@dataclass(frozen=True)
class Holding:
    """One campaign's holders of a rotating honour (流动奖牌)."""

    period: str  # 2026年第三季度
    campaign: str  # the campaign's short name
    link: str  # src_uri of the campaign's results page
    date: str  # when it was conferred, in words: 2026年10月28日
    holders: tuple[BoardEntry, ...]


@dataclass(frozen=True)
class SectionView:
    title: str
    caption: str | None
    entries: tuple[BoardEntry, ...]
    history: tuple[Holding, ...] = ()  # a rotating honour's earlier holders, newest first
    history_title: str = "历届获得单位"  # 历届获得者 for an honour of persons


class SlideKind(StrEnum):
    TITLE = "title"  # the board's title
    SECTION = "section"  # a section's title
    ENTRY = "entry"  # a person of the section
    HISTORY = "history"  # a rotating honour's earlier holders


@dataclass(frozen=True)
class Slide:
    kind: SlideKind
    title: str
    caption: str | None = None
    entry: BoardEntry | None = None
    history: tuple[Holding, ...] = ()  # HISTORY: the periods shown, newest first


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
        """The screen's rotation: a title slide, then each section's title and its people, and
        after a rotating honour's current holders one slide of the earlier ones."""
        yield Slide(
            SlideKind.TITLE,
            self.title,
            " ".join(p for p in (self.subtitle, self.period) if p) or None,
        )
        for section in self.sections:
            yield Slide(SlideKind.SECTION, section.title, section.caption)
            for entry in section.entries:
                yield Slide(SlideKind.ENTRY, section.title, entry.citation, entry)
            if section.history:
                yield Slide(
                    SlideKind.HISTORY,
                    section.title,
                    section.history_title,
                    history=on_screen(section.history),
                )


def on_screen(history: tuple[Holding, ...]) -> tuple[Holding, ...]:
    """The newest periods of `history` that one slide shows: at most HISTORY_PERIODS, and no
    more than HISTORY_NAMES names in all (a single period longer than that is cut on the slide,
    which says how many there are)."""
    shown: list[Holding] = []
    names = 0
    for holding in history[:HISTORY_PERIODS]:
        names += len(holding.holders)
        if shown and names > HISTORY_NAMES:
            break
        shown.append(holding)
    return tuple(shown)


def board_view(views: Views, board: Board, months: Mapping[str, Month]) -> BoardView:
    sections = tuple(_section(views, s, months) for s in board.sections)
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


def _section(views: Views, section: Section, months: Mapping[str, Month]) -> SectionView:
    if section.rotating is not None:
        return _rotating(views, section)
    return SectionView(section.title, section.caption, tuple(_entries(views, section, months)))


def result_entry(view: NominationView) -> BoardEntry:
    """An awardee as a board shows it: the category's name, or its grade's (五星级服务窗口)."""
    honour = graded_honour(view.category, view.grade) if view.grade else view.category
    return BoardEntry(
        view.person, honour, view.title, view.src_uri, grade_stars(view.grade), view.grade
    )


def by_grade(nominations: list[NominationView]) -> list[NominationView]:
    """Highest grade first; in a grade (and where there are no grades) in the order given."""
    return sorted(nominations, key=lambda n: n.grade_rank)


def _entries(views: Views, section: Section, months: Mapping[str, Month]) -> Iterator[BoardEntry]:
    if section.campaign is not None:
        awarded = [
            views.nomination(n)
            for n in views.published_nominations(section.campaign)
            if n.result == NominationResult.AWARDED and section.category in (None, n.category)
        ]
        yield from (result_entry(view) for view in by_grade(awarded))
    elif section.month is not None:
        yield from _star_entries(views, section, months)
    else:
        for named in section.people:
            person = views.person(named.person)
            yield BoardEntry(person, "", named.citation, person.src_uri)


def holdings(views: Views, category_id: str) -> list[Holding]:
    """Who held the rotating honour `category_id`, campaign by campaign, oldest first: every
    campaign the site shows that has a rotating category of that id, once its results are
    announced (its 公示 is over) and it awarded someone; in the order they were conferred
    (the commendation date, else the notice's date)."""
    campaigns = sorted(
        (
            campaign
            for campaign in views.visible_campaigns().values()
            if (category := campaign.category(category_id)) is not None and category.rotating
        ),
        key=lambda c: (decided_on(c), c.published, c.id),
    )
    found = []
    for campaign in campaigns:
        if stage_of(campaign, views.today).key != StageKey.ANNOUNCED:
            continue
        awarded = sorted(
            (
                n
                for n in views.published_nominations(campaign.id)
                if n.category == category_id and n.result == NominationResult.AWARDED
            ),
            key=lambda n: n.code or 0,
        )
        if not awarded:
            continue
        period = period_label(campaign.name)
        holders = tuple(
            BoardEntry(view.person, f"流动奖牌（{period}）", view.title, view.src_uri)
            for view in by_grade([views.nomination(n) for n in awarded])
        )
        found.append(
            Holding(
                period,
                campaign.name,
                f"campaigns/{campaign.id}/results.md",
                cn_date(decided_on(campaign)),
                holders,
            )
        )
    return found


def _rotating(views: Views, section: Section) -> SectionView:
    """The current holders (the latest campaign's) as entries, the earlier ones as history."""
    assert section.rotating is not None
    found = holdings(views, section.rotating)
    kinds = {
        category.kind
        for campaign in views.content.campaigns.values()
        if (category := campaign.category(section.rotating)) is not None
    }
    return SectionView(
        section.title,
        section.caption,
        found[-1].holders if found else (),
        tuple(reversed(found[:-1])),
        "历届获得者" if kinds == {RecordKind.PERSON} else "历届获得单位",
    )


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
            person,
            f"{stars_label(rating.stars)}党员",
            f"{year}年{int(number)}月",
            person.src_uri,
            rating.stars,
        )
