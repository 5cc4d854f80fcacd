"""Boards resolved into what pages show on the build date: entries (a person and why), a
followed campaign at its stage, notices, pictures, and the screen's slides."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..boards.definitions import Board, Screen, Section
from ..boards.ratings import STAR_LABELS, Month, latest, stars_label
from ..boards.sections import notice_html
from ..media.portraits import Portrait
from ..model.records import (
    Campaign,
    ChannelKind,
    NominationResult,
    NominationStatus,
    PeriodName,
    RecordKind,
)
from ..model.stages import StageKey, stage_of
from ..sources.datetext import cn_date, period_text
from .boardidentity import BranchSign, branch_sign, members, wall_people
from .views import (
    ChannelView,
    ContactView,
    NominationView,
    PersonView,
    Views,
    channel_view,
    wall_uri,
)

# The earlier holders' slide: the newest periods, as many as keep it to this many names (at
# least one period, at most HISTORY_PERIODS), large enough to read from three metres.
HISTORY_PERIODS = 4
HISTORY_NAMES = 20
# The 公示 on a screen: this many rows a slide, large enough to read from three metres.
PUBLICITY_ROWS = 5
# The stages in which a `campaign:` section shows something; in the others it is left out.
FOLLOWED = (StageKey.VOTING, StageKey.PUBLICITY, StageKey.ANNOUNCED)
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


def campaign_period(name: str) -> str:
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
class CampaignStage:
    """What a `campaign:` section shows: the campaign at its stage on the build date (voting,
    公示 or announced; in the other stages the section is left out)."""

    id: str
    name: str  # the campaign's short name
    stage: StageKey
    label: str  # the stage in words: 投票中, 群众评议中, 公示中, 已公布
    step: str  # what the campaign calls its vote: 投票, or its own word (群众评议)
    period: str | None  # the running period in words (voting, 公示); None once announced
    page: str  # src_uri of the page of the stage: the vote page, the 公示, the results
    nominations: tuple[NominationView, ...] = ()  # the candidates by code; the 公示's list
    several: bool = False  # the nominations are of more than one category (a column for it)
    sms: ChannelView | None = None  # voting: the SMS channel with a number (投7 → 10690000)
    hotline: ChannelView | None = None  # voting: the hotline with a number
    vote_url: str | None = None  # voting: the online platform's address, for the QR code
    platform: str | None = None  # voting: the online platform's name
    supervision: ContactView | None = None  # 公示: the 监督 contact (its phone on the screen)


class SectionKind(StrEnum):
    ENTRIES = "entries"  # people: results, stars, rotating, named
    CAMPAIGN = "campaign"  # a campaign at its stage
    NOTICE = "notice"  # a short text
    IMAGE = "image"  # a picture
    MEMBERS = "members"  # a 党员公示栏: party members with post, window, commitment
    SIGN = "sign"  # a branch's sign: its committee
    COMMITMENTS = "commitments"  # a 承诺墙: records and their commitments


@dataclass(frozen=True)
class SectionView:
    title: str
    caption: str | None
    entries: tuple[BoardEntry, ...]
    history: tuple[Holding, ...] = ()  # a rotating honour's earlier holders, newest first
    history_title: str = "历届获得单位"  # 历届获得者 for an honour of persons
    kind: SectionKind = SectionKind.ENTRIES
    shown: bool = True  # shown on the build date (from/until; a campaign at a stage it shows)
    campaign: CampaignStage | None = None  # CAMPAIGN
    notice: str | None = None  # NOTICE: the cleaned HTML (sources/richtext.py), printed as is
    image: Portrait | None = None  # IMAGE: the picture made for the site
    sign: BranchSign | None = None  # SIGN
    wall: str | None = None  # COMMITMENTS (and SIGN): src_uri of the 承诺墙 shown


class SlideKind(StrEnum):
    TITLE = "title"  # the board's title
    SECTION = "section"  # a section's title
    ENTRY = "entry"  # a person of the section
    HISTORY = "history"  # a rotating honour's earlier holders
    VOTE = "vote"  # a campaign in voting: how to vote (SMS, hotline, QR code)
    CANDIDATE = "candidate"  # one candidate: the code in very large type, the SMS, the QR code
    PUBLICITY = "publicity"  # part of a 公示's list, its period and the 监督 phone
    NOTICE = "notice"  # a notice's text
    IMAGE = "image"  # a picture
    SIGN = "sign"  # a branch's committee, with photos
    COMMITMENT = "commitment"  # one record's commitments and their status


@dataclass(frozen=True)
class Slide:
    kind: SlideKind
    title: str
    caption: str | None = None
    entry: BoardEntry | None = None
    history: tuple[Holding, ...] = ()  # HISTORY: the periods shown, newest first
    section: SectionView | None = None  # the section the slide is of (none: the title slide)
    nomination: NominationView | None = None  # CANDIDATE
    rows: tuple[NominationView, ...] = ()  # PUBLICITY: this slide's part of the list
    first: int = 1  # PUBLICITY: the number of its first row in the whole list
    part: int = 1  # PUBLICITY: this part …
    parts: int = 1  # … of how many


@dataclass(frozen=True)
class BoardView:
    id: str
    title: str
    subtitle: str | None
    period: str | None
    screen: Screen
    sections: tuple[SectionView, ...]  # every section of the board, in its order
    src_uri: str
    screen_uri: str

    @property
    def visible(self) -> tuple[SectionView, ...]:
        """The sections shown on the build date."""
        return tuple(section for section in self.sections if section.shown)

    @property
    def stages(self) -> str:
        """The stages of the campaigns the board follows (`2026-model-post:voting`): written in
        the screen's page, so that the page, and its version, change with a stage."""
        return " ".join(
            f"{s.campaign.id}:{s.campaign.stage}" for s in self.visible if s.campaign is not None
        )

    def slides(self) -> Iterator[Slide]:
        """The screen's rotation: a title slide, then each section shown: its title and its
        people (after a rotating honour's current holders, one slide of the earlier ones; a
        党员公示栏's members with post, window and commitment); a campaign in voting: how to
        vote and a slide per candidate; in its 公示: the list, a few rows a slide; a notice, a
        picture or a branch's sign: one slide; a 承诺墙: its title, then a slide a record."""
        yield Slide(
            SlideKind.TITLE,
            self.title,
            " ".join(p for p in (self.subtitle, self.period) if p) or None,
        )
        for section in self.visible:
            yield from _section_slides(section)


def _section_slides(section: SectionView) -> Iterator[Slide]:
    title, caption = section.title, section.caption
    if section.kind == SectionKind.NOTICE:
        yield Slide(SlideKind.NOTICE, title, caption, section=section)
        return
    if section.kind == SectionKind.IMAGE:
        yield Slide(SlideKind.IMAGE, title, caption, section=section)
        return
    if section.kind == SectionKind.SIGN:
        yield Slide(SlideKind.SIGN, title, caption, section=section)
        return
    if section.kind == SectionKind.COMMITMENTS:
        yield Slide(SlideKind.SECTION, title, caption, section=section)
        for entry in section.entries:
            yield Slide(SlideKind.COMMITMENT, title, None, entry, section=section)
        return
    follow = section.campaign
    if follow is not None and follow.stage == StageKey.VOTING:
        yield Slide(SlideKind.VOTE, title, caption, section=section)
        for nomination in follow.nominations:
            yield Slide(SlideKind.CANDIDATE, title, section=section, nomination=nomination)
        return
    if follow is not None and follow.stage == StageKey.PUBLICITY:
        rows = follow.nominations
        parts = max(1, -(-len(rows) // PUBLICITY_ROWS))
        for part in range(parts):
            yield Slide(
                SlideKind.PUBLICITY,
                title,
                caption,
                section=section,
                rows=rows[part * PUBLICITY_ROWS : (part + 1) * PUBLICITY_ROWS],
                first=part * PUBLICITY_ROWS + 1,
                part=part + 1,
                parts=parts,
            )
        return
    yield Slide(SlideKind.SECTION, title, caption, section=section)
    for entry in section.entries:
        yield Slide(SlideKind.ENTRY, title, entry.citation, entry, section=section)
    if section.history:
        yield Slide(
            SlideKind.HISTORY,
            title,
            section.history_title,
            history=on_screen(section.history),
            section=section,
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
    """The section as the build date shows it; one outside its `from:`/`until:` dates, or
    following a campaign at a stage it shows nothing of, is not `shown` (and holds nothing)."""
    title, caption = section.title, section.caption
    if not section.shown_on(views.today):
        return SectionView(title, caption, (), shown=False)
    if section.follow is not None:
        return _following(views, section)
    if section.notice is not None:
        return SectionView(
            title, caption, (), kind=SectionKind.NOTICE, notice=notice_html(section.notice)
        )
    if section.image is not None:
        image = views.portraits.get(section.image.key)
        return SectionView(
            title, caption, (), kind=SectionKind.IMAGE, shown=image is not None, image=image
        )
    if section.rotating is not None:
        return _rotating(views, section)
    if section.members is not None:
        people = members(views, section.members)
        entries = tuple(BoardEntry(p, "", None, p.src_uri) for p in people)
        return SectionView(title, caption, entries, kind=SectionKind.MEMBERS)
    if section.sign is not None:
        sign = branch_sign(views, section.sign)
        return SectionView(title, caption, (), kind=SectionKind.SIGN, sign=sign, wall=sign.wall)
    if section.wall is not None:
        people = wall_people(views, section.wall)
        entries = tuple(BoardEntry(p, "", None, p.src_uri) for p in people)
        return SectionView(
            title, caption, entries, kind=SectionKind.COMMITMENTS, wall=wall_uri(section.wall)
        )
    return SectionView(title, caption, tuple(_entries(views, section, months)))


# -- a campaign at its stage -----------------------------------------------------------------
def _following(views: Views, section: Section) -> SectionView:
    assert section.follow is not None
    title, caption = section.title, section.caption
    campaign = views.visible_campaigns().get(section.follow.campaign)
    stage = stage_of(campaign, views.today) if campaign is not None else None
    if (
        campaign is None
        or stage is None
        or stage.key not in FOLLOWED
        or not section.follow.shows(stage.key)
    ):
        return SectionView(title, caption, (), kind=SectionKind.CAMPAIGN, shown=False)
    follow = campaign_stage(views, campaign, stage.key)
    entries: tuple[BoardEntry, ...] = ()
    if stage.key == StageKey.ANNOUNCED:
        entries = tuple(result_entry(view) for view in by_grade(list(follow.nominations)))
    return SectionView(title, caption, entries, kind=SectionKind.CAMPAIGN, campaign=follow)


def campaign_stage(views: Views, campaign: Campaign, key: StageKey) -> CampaignStage:
    """The campaign at stage `key` (voting, 公示 or announced), as a section shows it."""
    voting = campaign.period(PeriodName.VOTING)
    step = (voting.own_label if voting else None) or "投票"
    base = f"campaigns/{campaign.id}"
    published = views.published_nominations(campaign.id)
    order = {category.id: number for number, category in enumerate(campaign.categories)}
    if key == StageKey.VOTING:
        assert voting is not None  # a campaign is in voting only in its voting period
        candidates = sorted(
            (n for n in published if n.status == NominationStatus.CANDIDATE),
            key=lambda n: (n.code is None, n.code or 0, order.get(n.category, 0)),
        )
        channels = [channel_view(c) for c in campaign.voting.channels]
        online = next((c for c in channels if c.kind == ChannelKind.ONLINE and c.url), None)
        return CampaignStage(
            campaign.id,
            campaign.name,
            key,
            f"{step}中",
            step,
            period_text(voting),
            f"{base}/vote.md",
            tuple(views.nomination(n) for n in candidates),
            len({n.category for n in candidates}) > 1,
            sms=next((c for c in channels if c.kind == ChannelKind.SMS and c.number), None),
            hotline=next((c for c in channels if c.kind == ChannelKind.HOTLINE and c.number), None),
            vote_url=online.url if online else None,
            platform=online.name if online else None,
        )
    proposed = NominationResult.PROPOSED, NominationResult.AWARDED
    if key == StageKey.PUBLICITY:
        publicity = campaign.period(PeriodName.PUBLICITY)
        assert publicity is not None  # a campaign is in its 公示 only in that period
        listed = sorted(
            (n for n in published if n.result in proposed),
            key=lambda n: (order.get(n.category, 0), n.code or 0),
        )
        return CampaignStage(
            campaign.id,
            campaign.name,
            key,
            StageKey.PUBLICITY.label,
            step,
            period_text(publicity),
            f"{base}/publicity.md",
            tuple(views.nomination(n) for n in listed),
            len({n.category for n in listed}) > 1,
            supervision=views.supervision(),
        )
    awarded = sorted(
        (n for n in published if n.result == NominationResult.AWARDED),
        key=lambda n: (order.get(n.category, 0), n.code or 0),
    )
    return CampaignStage(
        campaign.id,
        campaign.name,
        key,
        StageKey.ANNOUNCED.label,
        step,
        None,
        f"{base}/results.md",
        tuple(views.nomination(n) for n in awarded),
        len({n.category for n in awarded}) > 1,
    )


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
        period = campaign_period(campaign.name)
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
