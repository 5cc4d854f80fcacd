"""The 公示 and the 表彰名单: A4 notices for the notice board, from the same views and page
contexts as the site's publicity and results pages.

What a record says is printed as the site shows it (the publish policy applied: only the facts
`PersonView.facts` holds), and every printed value is checked against the fonts, the warning
naming the record it came from. A campaign that has nothing to print yet is a `ValueError`
whose message says why, in Chinese (`honours print` shows it as the reason).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..model.records import Campaign, Nomination, PeriodName, RecordKind
from ..site.pages.common import Group
from ..site.pages.publicity import PublicityContext, publicity_page
from ..site.pages.publicitytable import (
    Column,
    DeedsSource,
    PublicityRow,
    PublicityTable,
    Stories,
    name_label,
    unit_and_position,
    unit_label,
)
from ..site.pages.publicitytable import excerpt as excerpt  # the 简要事迹's cut, as before
from ..site.pages.results import ResultsContext, results_page
from ..site.views import ContactView, NominationView, PersonView, Views
from ..sources.datetext import cn_date, moment_text
from ..sources.problems import Mark
from .job import PrintJob

PUBLICITY_TEMPLATE = "publicity"
RESULTS_TEMPLATE = "results"
QR_FILE = "qr.svg"
QR_CAPTION = "扫码查看网上公示"
NO_SITE_URL = "mkdocs.yml 没有 site_url，公示上不印二维码"


# -- what the templates receive ---------------------------------------------------------------
# The 公示's columns and its 简要事迹 are the page's (site/pages/publicitytable.py): one rule for
# both. `Column` (label, kind: index | name | fact | unit | deeds | votes | score) is the page's
# too: the template sizes columns by kind.
@dataclass(frozen=True)
class Table:
    heading: str  # 一、最美服务明星（5名）
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]  # one text per column


@dataclass(frozen=True)
class Line:
    label: str
    value: str


@dataclass(frozen=True)
class PublicityNotice:
    title: str
    issuer: str
    date: str
    opening: tuple[str, ...]  # the paragraphs before the tables
    tables: tuple[Table, ...]
    objection: str  # 公示期间，如有异议……
    channels: tuple[Line, ...]  # 监督电话, 电子邮箱, 来信地址, the campaign's contacts
    qr: str | None  # the QR code's file beside data.json; None without a site_url
    qr_caption: str


@dataclass(frozen=True)
class ResultsNotice:
    title: str
    issuer: str
    date: str
    opening: tuple[str, ...]
    tables: tuple[Table, ...]
    closing: str


# -- the two notices --------------------------------------------------------------------------
def publicity(job: PrintJob, campaign_id: str) -> list[Path]:
    """The 公示 of a campaign's proposed (or, once decided, awarded) nominees: one A4 PDF,
    `<活动简称>拟表彰对象公示.pdf`."""
    views = job.views
    campaign = _campaign(views, campaign_id)
    period = campaign.period(PeriodName.PUBLICITY)
    spec = next(publicity_page(views, campaign_id), None)
    if period is None or spec is None:
        raise ValueError("该活动没有公示期")
    context = spec.context
    assert isinstance(context, PublicityContext)
    if context.state == "before":
        raise ValueError("公示期尚未开始，还没有拟表彰对象")
    if not context.groups:
        raise ValueError("该活动还没有拟表彰对象")
    check = _Checker(job, campaign)
    check.campaign_texts()
    period_words = _period_words(period.start, period.end, period.has_time)
    tables = tuple(
        _publicity_table(number, table, check)
        for number, table in enumerate(context.tables, start=1)
    )
    opening = (
        f"{_reference(campaign)}，经{_steps(campaign, publicity=False)}，"
        f"拟确定{_summary(context.groups)}为拟表彰对象。为充分发扬民主、广泛接受监督，"
        f"现将拟表彰对象予以公示，公示期为{period_words}。",
    )
    who = (context.supervision.name if context.supervision else "") or campaign.issuer
    objection = (
        f"公示期间，如对拟表彰对象有异议，请以书面、电话或电子邮件等方式向{who}反映。"
        "反映问题应实事求是、客观公正，以单位名义反映的请加盖公章，以个人名义反映的请署"
        "真实姓名并提供联系方式，以便调查核实。"
    )
    channels = _channels(context.supervision, context.campaign.contacts, check)
    qr = job.qr(f"campaigns/{campaign_id}/publicity.md")
    if qr is None:
        job.problems.warning(campaign.mark, NO_SITE_URL)
    notice = PublicityNotice(
        title=f"关于{campaign.name}拟表彰对象的公示",
        issuer=campaign.issuer,
        date=cn_date(period.start.date()),
        opening=opening,
        tables=tables,
        objection=objection,
        channels=channels,
        qr=QR_FILE if qr else None,
        qr_caption=QR_CAPTION,
    )
    pictures: dict[str, bytes | Path] = {QR_FILE: qr.encode("utf-8")} if qr else {}
    return job.write(f"{campaign.name}拟表彰对象公示.pdf", PUBLICITY_TEMPLATE, notice, pictures)


def results(job: PrintJob, campaign_id: str) -> list[Path]:
    """The 表彰名单 of a campaign: those awarded, per category; one A4 PDF,
    `<活动简称>表彰名单.pdf`."""
    views = job.views
    campaign = _campaign(views, campaign_id)
    context = results_page(views, campaign_id).context
    assert isinstance(context, ResultsContext)
    groups = context.groups
    if not groups:
        raise ValueError("该活动还没有获表彰对象")
    check = _Checker(job, campaign)
    check.campaign_texts()
    tables = tuple(
        _results_table(number, name, group, check)
        for number, (name, group) in enumerate(groups, start=1)
    )
    commendation = campaign.period(PeriodName.COMMENDATION)
    day = cn_date(commendation.start.date()) if commendation else job.date_text
    nominees = [n for _, group in groups for n in group]
    people = all(n.person.kind == RecordKind.PERSON for n in nominees)
    collectives = not any(n.person.kind == RecordKind.PERSON for n in nominees)
    honoured = "同志" if people else "集体" if collectives else "集体和个人"
    opening = (
        f"{_reference(campaign)}，经{_steps(campaign, publicity=True)}，{campaign.issuer}决定，"
        f"授予{_titles(groups)}，予以表彰。",
    )
    closing = (
        f"希望受到表彰的{honoured}珍惜荣誉、再接再厉，充分发挥示范引领作用。"
        "各单位和广大干部职工要以先进典型为榜样，立足岗位、担当作为，"
        "不断提升政务服务水平，努力为群众和企业提供更加优质高效的服务。"
    )
    # 2026年“七一”评选表彰 → …评选表彰名单, not …表彰表彰名单
    title = f"{campaign.name}名单" if campaign.name.endswith("表彰") else f"{campaign.name}表彰名单"
    notice = ResultsNotice(
        title=title,
        issuer=campaign.issuer,
        date=day,
        opening=opening,
        tables=tables,
        closing=closing,
    )
    return job.write(f"{campaign.name}表彰名单.pdf", RESULTS_TEMPLATE, notice)


# -- pieces of the wording ----------------------------------------------------------------------
def _campaign(views: Views, campaign_id: str) -> Campaign:
    campaign = views.content.campaigns.get(campaign_id)
    if campaign is None:
        raise ValueError(f"没有编号为“{campaign_id}”的评选活动")
    return campaign


def _reference(campaign: Campaign) -> str:
    """根据《关于开展…的通知》（示政务发〔2026〕27号）."""
    number = f"（{campaign.document_no}）" if campaign.document_no else ""
    return f"根据《{campaign.title}》{number}"


def _steps(campaign: Campaign, publicity: bool) -> str:
    """各单位推荐、资格审核、群众投票和综合评议 (and 公示, for the results): the steps the
    campaign's timeline has."""
    steps = ["各单位推荐"]
    if campaign.period(PeriodName.REVIEW):
        steps.append("资格审核")
    if campaign.period(PeriodName.VOTING):
        steps.append("群众投票")
    steps.append("综合评议")
    if publicity and campaign.period(PeriodName.PUBLICITY):
        steps.append("社会公示")
    return "、".join(steps[:-1]) + "和" + steps[-1]


def _measure(group: Sequence[NominationView]) -> str:
    """5名 (people), 3个 (windows, branches)."""
    people = all(n.person.kind == RecordKind.PERSON for n in group)
    return f"{len(group)}{'名' if people else '个'}"


def _summary(groups: Iterable[Group]) -> str:
    """“最美服务窗口”3个、“最美服务明星”5名."""
    return "、".join(f"“{name}”{_measure(group)}" for name, group in groups)


def _titles(groups: Iterable[Group]) -> str:
    """3个窗口“最美服务窗口”称号、5名同志“最美服务明星”称号."""
    parts = []
    for name, group in groups:
        kinds = {n.person.kind for n in group}
        if kinds == {RecordKind.PERSON}:
            who = f"{len(group)}名同志"
        elif kinds == {RecordKind.WINDOW}:
            who = f"{len(group)}个窗口"
        elif kinds == {RecordKind.BRANCH}:
            who = f"{len(group)}个党组织"
        elif kinds == {RecordKind.TEAM}:
            who = f"{len(group)}个集体"
        else:
            who = f"{len(group)}个集体和个人"
        parts.append(f"{who}“{name}”称号")
    return "、".join(parts)


def _period_words(start: datetime, end: datetime, has_time: bool) -> str:
    """2026年11月20日至2026年11月27日 (with the hours when the period has them)."""
    first, last = moment_text(start, has_time), moment_text(end, has_time)
    return first if first == last else f"{first}至{last}"


def _channels(
    supervision: ContactView | None, contacts: Iterable[ContactView], check: _Checker
) -> tuple[Line, ...]:
    """Where objections go: the organisation's 监督 contact, then the campaign's contacts."""
    lines = []
    if supervision:
        for label, value in (
            ("监督电话", supervision.phone),
            ("电子邮箱", supervision.email),
            ("来信地址", supervision.address),
            ("受理时间", supervision.hours),
        ):
            if value:
                check.organisation(label, value)
                lines.append(Line(label, value))
    for contact in contacts:
        parts = [
            f"{label}{value}"
            for label, value in (
                ("电话 ", contact.phone),
                ("邮箱 ", contact.email),
                ("地址 ", contact.address),
                ("时间 ", contact.hours),
            )
            if value
        ]
        if parts:
            check.campaign("联系方式", contact.name)
            for part in parts:
                check.campaign("联系方式", part)
            lines.append(Line(contact.name or "联系人", "，".join(parts)))
    return tuple(lines)


# -- the tables ---------------------------------------------------------------------------------
def _publicity_table(number: int, table: PublicityTable, check: _Checker) -> Table:
    """The page's table (publicitytable.py: 序号, 姓名/名称, the facts the policy allows, 单位及
    职务, 简要事迹, 得票 and 综合得分 where published), under a numbered heading; every value
    through the fonts' check."""
    for row in table.rows:
        check.person(row.nomination.person)
        check.deeds(row)
    heading = f"{_chinese_number(number)}、{table.category}（{_measure(table.nominations)}）"
    check.campaign("评选类别", table.category)
    return Table(heading, table.columns, tuple(row.cells for row in table.rows))


def _results_table(
    number: int, name: str, group: Sequence[NominationView], check: _Checker
) -> Table:
    """序号, 姓名/名称, 单位及职务."""
    people = [n.person for n in group]
    units = [unit_and_position(p) for p in people]
    columns = [Column("序号", "index"), Column(name_label(people), "name")]
    if any(units):
        columns.append(Column(unit_label(people), "unit"))
    rows = []
    for index, person in enumerate(people):
        check.person(person, facts=False)
        row = [str(index + 1), person.name]
        if any(units):
            row.append(units[index])
        rows.append(tuple(row))
    heading = f"{_chinese_number(number)}、{name}（{_measure(group)}）"
    check.campaign("评选类别", name)
    return Table(heading, tuple(columns), tuple(rows))


def _chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (headings 一、二、…)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")
    return str(number)


# -- the fonts' check, naming each record ------------------------------------------------------
class _Checker:
    """Every printed value through `job.check_text`, with the mark of the record it came from."""

    def __init__(self, job: PrintJob, campaign: Campaign) -> None:
        self.job = job
        self.views = job.views
        self.campaign_record = campaign
        self.stories = Stories(self.views)

    def campaign_texts(self) -> None:
        c = self.campaign_record
        self.campaign("活动名称", c.name)
        self.campaign("活动标题", c.title)
        self.campaign("发文单位", c.issuer)
        self.campaign("文号", c.document_no)

    def campaign(self, what: str, text: str | None) -> None:
        self.job.check_text(self.campaign_record.mark, what, text)

    def organisation(self, what: str, text: str | None) -> None:
        self.job.check_text(Mark(self.views.content.root / "organisation.yml"), what, text)

    def person(self, person: PersonView, facts: bool = True) -> None:
        record = self.views.content.people.get(person.id)
        if record is None:
            return
        self.job.check_text(
            record.mark, "姓名" if person.kind == RecordKind.PERSON else "名称", person.name
        )
        self.job.check_text(
            record.field_marks.get("position", record.mark), "职务", person.position
        )
        if person.unit is not None:
            unit = self.views.content.units.get(person.unit.id)
            self.job.check_text(unit.mark if unit else record.mark, "单位名称", person.unit.name)
        if facts:
            for label, value in person.facts:
                self.job.check_text(record.mark, label, value)

    def deeds(self, row: PublicityRow) -> None:
        """The 简要事迹, checked at the field it came from: the summary, the title and the
        subtitle, or the story's first line."""
        nomination = row.nomination
        record = self.stories.record(nomination)
        mark = record.mark if record else self.campaign_record.mark
        source = row.deeds.source
        if source == DeedsSource.SUMMARY:
            self.job.check_text(_field(record, "summary", mark), "主要事迹", row.deeds.text)
        elif source == DeedsSource.TITLE:
            self.job.check_text(_field(record, "title", mark), "事迹标题", nomination.title)
            self.job.check_text(_field(record, "subtitle", mark), "事迹副标题", nomination.subtitle)
        elif record is not None:
            story = Mark(record.mark.path, record.body_line)
            self.job.check_text(story, "主要事迹", row.deeds.text)


def _field(record: Nomination | None, key: str, mark: Mark) -> Mark:
    return record.mark_of(key) if record else mark
