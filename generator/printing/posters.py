"""Voting posters (投票海报): one PNG per candidate for WeChat groups and moments, and one A3
PDF of every candidate for the hall, while a campaign's vote is open or about to open.

What a poster prints comes from the public views, as the vote page shows it: the candidates
are the campaign's published candidates with a voting code, grouped by category and ordered
by code; the ways to vote are the campaign's channels (`ChannelView`: the SMS message for a
code, the hotline and its hours); the QR code leads to the online vote platform when the
campaign has one, else to the site's vote page. The portraits are the portrait pipeline's
JPEGs as they are.

The phone posters are typeset a few at a time, one page each in one Typst run (rendered to
PNG at 72 ppi on a 1080pt × 1920pt page: 1080 × 1920 pixels), so that the fonts are loaded
once a batch rather than once a poster.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..media.qrcodes import qr_svg
from ..model.records import Campaign, ChannelKind, Nomination, PeriodName
from ..site.views import ChannelView, NominationView
from ..sources.datetext import period_text, window_state
from .job import PrintJob, unit_shown
from .typeset import TypesetError, typeset

POSTER_TEMPLATE = "poster"  # print/poster.typ: the phone posters, one page per candidate
SHEET_TEMPLATE = "poster-sheet"  # print/poster-sheet.typ: the A3 hall poster
POSTER_SIZE = (1080, 1920)  # pixels: the page is 1080pt × 1920pt, rendered at 72 ppi
POSTER_PPI = 72
PORTRAIT_PIXELS = 480  # the widest a phone poster shows a portrait (print/poster.typ)
# Posters typeset per Typst run. A run loads the fonts once, but holds its pages' pictures and
# pixels until it ends: 100 posters took 12.5 s and 160 MB one by one, 9.9 s and 270 MB five
# at a time, 9.1 s and 370 MB ten at a time (the issue allows 20 s and 400 MB).
BATCH = 5
# The A3 hall poster's grid, in mm, as print/poster-sheet.typ lays it out: the page less its
# margins, header and how-to-vote box; a card is its portrait (3:4) and SHEET_CARD_TEXT more
# (code, name, unit, gutter); each category adds a heading.
SHEET_COLUMNS = (4, 5, 6, 7, 8)
SHEET_GRID_WIDTH = 265
SHEET_GRID_HEIGHT = 262
SHEET_GUTTER = 4
SHEET_CARD_TEXT = 40
SHEET_HEADING = 16
QR_FILE = "qr.svg"
QR_CAPTION = "扫码投票"

CLOSED = "投票已结束，不再生成投票海报"
NO_VOTE = "该活动没有投票"
NO_CANDIDATES = "该活动还没有带投票编号的候选对象，暂不生成投票海报"
_UNSAFE = set('/\\:*?"<>|')  # characters a file name may not hold on Windows or POSIX


@dataclass(frozen=True)
class PosterCandidate:
    """One candidate as the posters print them."""

    code: int
    name: str
    unit: str | None  # the unit's name
    position: str | None
    category: str
    portrait: str | None  # the JPEG's file name beside data.json, None without a portrait
    message: str | None  # the SMS that votes for this code (投7), None without an SMS channel


@dataclass(frozen=True)
class PosterData:
    """What print/poster.typ and print/poster-sheet.typ receive as `data`."""

    title: str  # the document's title
    campaign: str  # the campaign's name: 2026年度优秀党员示范岗
    issuer: str
    state: str  # before | open
    period: str  # 2026年11月20日 09:00 至 2026年11月30日 18:00（北京时间）
    sms_number: str | None  # 10690000
    sms_rule: str | None  # 短信编辑“投+编号”发送至 10690000
    sms_example: str | None  # 如“投7”
    hotline: str | None  # 0000-12345680
    hotline_hours: str | None
    online: str | None  # the online platform's name (or 网络投票)
    rules: tuple[str, ...]
    qr: str | None  # QR_FILE, None when no address is known
    qr_caption: str
    groups: tuple[tuple[str, tuple[PosterCandidate, ...]], ...]  # (category, its candidates)
    candidates: tuple[PosterCandidate, ...]  # every candidate, by category then code
    columns: int  # of the hall poster's grid
    by_category: bool  # the campaign has candidates in several categories: posters name theirs


def voting_posters(job: PrintJob, campaign_id: str) -> list[Path]:
    """The voting posters of a campaign whose vote is open or yet to open: a PNG per candidate
    (投票海报-07-高远.png) and the A3 hall poster (<campaign>投票海报.pdf). ValueError, in
    Chinese, when the campaign has no vote, its vote has closed or it has no candidates yet."""
    views = job.views
    campaign = views.content.campaigns.get(campaign_id)
    if campaign is None:
        raise ValueError(f"找不到活动“{campaign_id}”")
    if campaign_id not in views.visible_campaigns():
        raise ValueError(f"活动“{campaign.name}”的通知尚未发布，暂不生成投票海报")
    period = campaign.period(PeriodName.VOTING)
    if period is None or not campaign.voting.channels:
        raise ValueError(NO_VOTE)
    if window_state(period, views.today) == "closed":
        raise ValueError(CLOSED)
    data, pictures = poster_data(job, campaign)
    if not data.candidates:
        raise ValueError(NO_CANDIDATES)
    return phone_posters(job, data, pictures) + hall_poster(job, data, pictures)


def poster_data(job: PrintJob, campaign: Campaign) -> tuple[PosterData, dict[str, bytes | Path]]:
    """The posters' data and pictures (portraits and the QR code, by file name) of a campaign
    with a vote; every text printed is checked against the fonts."""
    views = job.views
    period = campaign.period(PeriodName.VOTING)
    if period is None:
        raise ValueError(NO_VOTE)
    view = views.campaign(campaign)
    pictures: dict[str, bytes | Path] = {}
    job.check_text(campaign.mark, "活动名称", view.name)
    job.check_text(campaign.mark, "发布单位", view.issuer)

    sms = _channel(view.voting, ChannelKind.SMS)
    hotline = _channel(view.voting, ChannelKind.HOTLINE)
    online = _channel(view.voting, ChannelKind.ONLINE)
    for channel in (sms, hotline, online):
        if channel is not None:
            for what, text in (("投票渠道", channel.name), ("投票时间", channel.hours)):
                job.check_text(campaign.mark, what, text)
            job.check_text(campaign.mark, "投票号码", channel.number)
    for rule in view.rules:
        job.check_text(campaign.mark, "投票规则", rule)

    qr = _vote_qr(job, campaign, view.vote_url, view.vote_uri)
    if qr is not None:
        pictures[QR_FILE] = qr.encode("utf-8")

    chosen = _candidates(job, campaign)
    groups = []
    for category in campaign.categories:
        members = sorted(
            (n for n in chosen if n.category == category.id),
            key=lambda n: n.code or 0,
        )
        if not members:
            continue
        job.check_text(category.mark, "评选类别", category.name)
        groups.append(
            (
                category.name,
                tuple(_candidate(job, views.nomination(n), sms, pictures) for n in members),
            )
        )
    candidates = tuple(c for _, members in groups for c in members)
    sms_number = sms.number if sms and sms.number else None
    data = PosterData(
        title=f"{view.name}投票海报",
        campaign=view.name,
        issuer=view.issuer,
        state=window_state(period, views.today),
        period=period_text(period),
        sms_number=sms_number,
        sms_rule=_sms_rule(sms) if sms and sms_number else None,
        sms_example=(
            f"如“{sms.message(candidates[0].code)}”" if sms and sms_number and candidates else None
        ),
        hotline=hotline.number if hotline else None,
        hotline_hours=hotline.hours if hotline else None,
        online=(online.name or online.label) if online else None,
        rules=view.rules,
        qr=QR_FILE if qr is not None else None,
        qr_caption=QR_CAPTION,
        groups=tuple(groups),
        candidates=candidates,
        columns=sheet_columns([len(members) for _, members in groups]),
        by_category=len(groups) > 1,
    )
    return data, pictures


def sheet_columns(groups: list[int]) -> int:
    """The columns of the hall poster's grid: the fewest (the largest portraits) with which
    every category's cards fit on one A3 page, and at most SHEET_COLUMNS[-1] (more candidates
    run on to a second page). `groups`: the number of candidates of each category."""
    for columns in SHEET_COLUMNS:
        card = (SHEET_GRID_WIDTH - (columns - 1) * SHEET_GUTTER) / columns * 4 / 3
        rows = sum(-(-count // columns) for count in groups)
        height = rows * (card + SHEET_CARD_TEXT) + len(groups) * SHEET_HEADING
        if height <= SHEET_GRID_HEIGHT:
            return columns
    return SHEET_COLUMNS[-1]


def phone_posters(job: PrintJob, data: PosterData, pictures: dict[str, bytes | Path]) -> list[Path]:
    """One 1080×1920 PNG per candidate, typeset BATCH at a time: 投票海报-07-高远.png."""
    job.out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    candidates = data.candidates
    for start in range(0, len(candidates), BATCH):
        batch = candidates[start : start + BATCH]
        wanted = {QR_FILE} | {c.portrait for c in batch if c.portrait}
        pages = typeset(
            POSTER_TEMPLATE,
            replace(data, candidates=batch),
            folders=job.folders,
            timestamp=job.timestamp,
            pictures={k: v for k, v in pictures.items() if k in wanted},
            output="png",
            ppi=POSTER_PPI,
        )
        if len(pages) != len(batch):
            raise TypesetError(
                f"投票海报模板 print/{POSTER_TEMPLATE}.typ 应为每名候选对象排一页，实际排出{len(pages)}页（应为{len(batch)}页）"
            )
        for candidate, page in zip(batch, pages, strict=True):
            path = job.out / file_name(f"投票海报-{candidate.code:02d}-{candidate.name}.png")
            path.write_bytes(page)
            written.append(path)
    job.written.extend(written)
    return written


def hall_poster(job: PrintJob, data: PosterData, pictures: dict[str, bytes | Path]) -> list[Path]:
    """The A3 poster of every candidate for the hall: <campaign>投票海报.pdf."""
    wanted = {QR_FILE} | {c.portrait for c in data.candidates if c.portrait}
    return job.write(
        file_name(f"{data.title}.pdf"),
        SHEET_TEMPLATE,
        data,
        {k: v for k, v in pictures.items() if k in wanted},
        "pdf",
    )


def file_name(text: str) -> str:
    """`text` as a file name: characters no file system takes become “_”."""
    return "".join("_" if c in _UNSAFE or ord(c) < 32 else c for c in text).strip() or "_"


def _candidates(job: PrintJob, campaign: Campaign) -> list[Nomination]:
    """The campaign's candidates as the vote page lists them, those with a voting code."""
    return [
        n
        for n in job.views.published_nominations(campaign.id)
        if n.status == "candidate" and n.code is not None
    ]


def _candidate(
    job: PrintJob,
    view: NominationView,
    sms: ChannelView | None,
    pictures: dict[str, bytes | Path],
) -> PosterCandidate:
    assert view.code is not None
    person = view.person
    record = job.views.content.people[person.id]
    job.check_text(record.field_marks.get("name", record.mark), "姓名", person.name)
    job.check_text(record.field_marks.get("position", record.mark), "职务", person.position)
    if person.unit is not None:
        unit = job.views.content.units.get(person.unit.id)
        job.check_text(unit.mark if unit else record.mark, "单位名称", person.unit.name)

    portrait = None
    found = portrait_jpeg(job, person.id)
    if found is not None:
        portrait = f"portrait-{view.code}.jpg"
        pictures[portrait] = found
    return PosterCandidate(
        code=view.code,
        name=person.name,
        unit=unit_shown(person),
        position=person.position,
        category=view.category,
        portrait=portrait,
        message=sms.message(view.code) if sms and sms.number else None,
    )


def portrait_jpeg(job: PrintJob, person_id: str) -> Path | None:
    """The portrait JPEG the posters print, as the portrait pipeline made it: the narrowest
    at least PORTRAIT_PIXELS wide (480 by default), else the largest. A phone poster shows the
    portrait 480 pixels wide at most, the hall poster about 5 cm wide (some 240 dpi from 480):
    the 960 one would look no better and costs half as much time again and three times the
    memory (100 posters: 14 s and 650 MB, against 9 s and 200 MB)."""
    portrait = job.portraits.get(person_id)
    if portrait is None:
        return None
    wide = [r for r in portrait.renditions if r.width >= PORTRAIT_PIXELS]
    chosen = min(wide, key=lambda r: r.width) if wide else portrait.largest
    return portrait.files.get(chosen.jpeg) or job.portrait_file(person_id)


def _sms_rule(sms: ChannelView) -> str:
    """How to vote by SMS, for every code: 短信编辑“投+编号”发送至 10690000."""
    what = f"{sms.prefix}+编号" if sms.prefix else "编号"
    return f"短信编辑“{what}”发送至 {sms.number}"


def _channel(channels: tuple[ChannelView, ...], kind: ChannelKind) -> ChannelView | None:
    return next((c for c in channels if c.kind == kind), None)


def _vote_qr(
    job: PrintJob, campaign: Campaign, vote_url: str | None, vote_uri: str | None
) -> str | None:
    """The QR code of the online vote: the platform's address, else the site's vote page;
    None (with a warning) when neither is known."""
    if vote_url:
        return qr_svg(vote_url, QR_CAPTION)
    found = job.qr(vote_uri) if vote_uri else None
    if found is None:
        job.problems.warning(
            campaign.mark,
            "活动没有网络投票地址，也未设置网站地址（site_url），投票海报不印投票二维码",
        )
    return found
