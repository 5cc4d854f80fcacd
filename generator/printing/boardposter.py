"""The 星级党员 board on paper: an A3 poster per board and month, for floors without a screen.

A board's star sections each show a month (`latest`: the newest rated month, as on the board
page and the hallway screen); the poster of a month holds the sections that show it, each
member with portrait and stars, grouped by branch or floor. The board's other sections
(campaign results, named people) do not change from month to month: they go on the poster of
the newest month. A board without star sections gets one poster, of the build date's month.
The look is the hallway screen's: deep red, a gold-ruled title band, cream cards; the
template picks the fewest columns (the largest portraits) that fit the poster on one page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..boards.definitions import Board, Section
from ..boards.ratings import MAX_STARS, Month, Rating, latest, month_label, stars_label
from ..site.boardviews import BoardEntry, SectionKind, SectionView, board_view
from ..site.views import PersonView
from .job import PrintJob, unit_shown

TEMPLATE = "board"
QR_FILE = "qr.svg"
QR_CAPTION = "扫码查看网上荣誉榜"
EMPTY = "本期暂无"


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    initial: str  # shown where there is no portrait
    picture: str | None  # portraits/<id>.jpg, beside data.json
    stars: int | None  # None: not a star entry (a result or a named person)
    honour: str | None  # 五星党员 | 先进基层党组织
    unit: str | None  # the line under the name, as the screen writes it
    citation: str | None


@dataclass(frozen=True)
class Group:
    heading: str | None  # 第一党支部 | 2楼; None when the section's title already says it
    members: tuple[Member, ...]


@dataclass(frozen=True)
class SectionData:
    title: str
    caption: str | None
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Poster:
    title: str
    subtitle: str | None
    period: str  # 2026年10月 (for a board without stars: its period, else the month)
    month: str  # 2026年10月
    organisation: str
    issuer: str  # the PDF's author
    max_stars: int
    qr: str | None
    qr_caption: str
    empty: str
    sections: tuple[SectionData, ...]


def floor_label(floor: str) -> str:
    """`2` → 2楼; a floor staff named themselves (负一层, 2楼) as it is."""
    return f"{floor}楼" if floor.isascii() and floor.isalnum() else floor


def unit_line(person: PersonView) -> str | None:
    """The line under a name, as the hallway screen writes it."""
    if person.kind == "person":
        return " · ".join(p for p in (unit_shown(person), person.position) if p) or None
    parts = [value if label in value else f"{label} {value}" for label, value in person.facts]
    return " · ".join(parts) or None


class _Maker:
    def __init__(self, job: PrintJob, board: Board) -> None:
        self.job = job
        self.views = job.views
        self.board = board
        self.pictures: dict[str, bytes | Path] = {}

    def member(
        self, person: PersonView, stars: int | None, honour: str | None, citation: str | None
    ) -> Member:
        record = self.views.content.people.get(person.id)
        self.job.check_text(record.mark if record else self.board.mark, "姓名", person.name)
        picture = None
        found = self.job.portrait_file(person.id)
        if found is not None:
            picture = f"portraits/{person.id}.jpg"
            self.pictures[picture] = found
        return Member(
            id=person.id,
            name=person.name,
            initial=person.name[:1],
            picture=picture,
            stars=stars,
            honour=honour,
            unit=unit_line(person),
            citation=citation,
        )

    def star(self, rating: Rating) -> Member:
        person = self.views.person(rating.person)
        return self.member(person, rating.stars, f"{stars_label(rating.stars)}党员", None)

    def stars_section(self, section: Section, month: Month | None) -> SectionData:
        content = self.views.content
        groups: list[tuple[str, list[Rating]]] = []
        if month is None:
            pass
        elif section.branch is not None:
            unit = self.views.unit(section.branch)
            name = unit.name if unit else section.branch
            groups.append((name, month.by_branch(content).get(section.branch, [])))
        elif section.floor is not None:
            groups.append(
                (floor_label(section.floor), month.by_floor(content).get(section.floor, []))
            )
        else:
            for branch, ratings in month.by_branch(content).items():
                unit = self.views.unit(branch)
                if ratings:
                    groups.append((unit.name if unit else branch, ratings))
        return SectionData(
            section.title,
            section.caption,
            tuple(
                Group(
                    None if heading in section.title else heading,
                    tuple(self.star(r) for r in ratings),
                )
                for heading, ratings in groups
                if ratings
            ),
        )

    def other_section(
        self, title: str, caption: str | None, entries: tuple[BoardEntry, ...]
    ) -> SectionData:
        members = tuple(
            self.member(
                e.person,
                e.stars or None,  # a graded award (五星级服务窗口) shows its stars as well
                e.honour if e.honour and e.honour != title else None,
                e.citation,
            )
            for e in entries
        )
        return SectionData(title, caption, (Group(None, members),) if members else ())

    def identity_section(self, section: SectionView) -> SectionData:
        """亮身份 · 亮承诺 on paper: a branch's committee (its role over each name), a 党员公示栏
        (each member's posts and commitment) or a 承诺墙 (each record's commitments and their
        status)."""
        if section.sign is not None:
            sign = section.sign
            heading = " · ".join(p for p in (sign.branch.name, sign.floor) if p)
            members = tuple(self.member(m.person, None, m.role, None) for m in sign.committee)
            return SectionData(section.title, section.caption, (Group(heading, members),))
        members = tuple(
            self.member(e.person, None, *_identity_lines(e.person, section.kind))
            for e in section.entries
        )
        return SectionData(section.title, section.caption, (Group(None, members),))


IDENTITY = (SectionKind.MEMBERS, SectionKind.SIGN, SectionKind.COMMITMENTS)


def _identity_lines(person: PersonView, kind: SectionKind) -> tuple[str | None, str | None]:
    """(the line under the name, the text beside it) of a member or a 承诺墙 record."""
    posts = "、".join(f"{p.kind}（{p.where}）" if p.where else p.kind for p in person.posts)
    if kind == SectionKind.MEMBERS:
        commitment = person.commitment
        return posts or person.window_no, f"承诺：{commitment.text}" if commitment else None
    return posts or None, "；".join(f"【{c.status}】{c.text}" for c in person.commitments)


def _month_of(section: Section, views_months: dict[str, Month]) -> Month | None:
    if section.month == "latest":
        return latest(views_months)
    return views_months.get(section.month or "")


def _months(board: Board, months: dict[str, Month], today: date) -> Iterator[str]:
    """The months the board shows, newest first (YYYY-MM); the build date's month when it
    shows none."""
    shown = set()
    for section in board.sections:
        if section.month is not None:
            month = _month_of(section, months)
            shown.add(month.month if month else f"{today:%Y-%m}")
    yield from sorted(shown, reverse=True) or [f"{today:%Y-%m}"]


def board_posters(job: PrintJob, board_id: str) -> list[Path]:
    """An A3 poster per month the board shows: `<board title>-2026年10月.pdf`."""
    views = job.views
    board = views.boards.get(board_id)
    if board is None:
        known = "、".join(f"{b.id}（{b.title}）" for b in views.boards.values()) or "无"
        raise ValueError(f"没有编号为“{board_id}”的荣誉榜（看板）；已有：{known}")
    months = dict(views.months)
    shown = list(_months(board, months, views.today))
    stars_board = any(s.month is not None for s in board.sections)
    view = board_view(views, board, months)
    job.check_text(board.mark, "荣誉榜标题", board.title)
    qr = job.qr(view.src_uri)
    organisation = views.content.organisation.name
    written: list[Path] = []
    for number, month_key in enumerate(shown):
        maker = _Maker(job, board)
        sections = []
        for section, section_view in zip(board.sections, view.sections, strict=True):
            if not section_view.shown or (
                section_view.kind not in (SectionKind.ENTRIES, SectionKind.SIGN)
                and not section_view.entries
            ):
                continue  # not shown on the build date; a notice, a picture, a campaign's vote
            if number == 0 and section_view.kind in IDENTITY:
                sections.append(maker.identity_section(section_view))
            elif section.month is not None:
                month = _month_of(section, months)
                if (month.month if month else f"{views.today:%Y-%m}") == month_key:
                    sections.append(maker.stars_section(section, month))
            elif number == 0:
                sections.append(
                    maker.other_section(section.title, section.caption, section_view.entries)
                )
        label = month_label(month_key)
        poster = Poster(
            title=board.title,
            subtitle=board.subtitle,
            period=label if stars_board else (board.period or label),
            month=label,
            organisation=organisation,
            issuer=organisation,
            max_stars=MAX_STARS,
            qr=QR_FILE if qr else None,
            qr_caption=QR_CAPTION,
            empty=EMPTY,
            sections=tuple(sections),
        )
        pictures = dict(maker.pictures)
        if qr:
            pictures[QR_FILE] = qr.encode("utf-8")
        written.extend(job.write(f"{board.title}-{label}.pdf", TEMPLATE, poster, pictures))
    return written
