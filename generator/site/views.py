"""Public views: the only shapes of data that templates ever receive.

Each view copies the fields that may be published and nothing else, so a
private field cannot reach a template by accident.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from urllib.parse import quote

from ..boards.definitions import Board
from ..boards.evaluations import Rate
from ..boards.identity import rank, wall_records
from ..boards.ratings import Month
from ..media.portraits import Portrait
from ..model.quotas import count_nominations, quota_units
from ..model.records import (
    LEADER_ROLES,
    PUBLISHABLE_PERSON_FIELDS,
    Campaign,
    Category,
    Channel,
    ChannelKind,
    CommitmentStatus,
    Contact,
    Content,
    Deeds,
    NominatedBy,
    Nomination,
    NominationResult,
    NominationStatus,
    PeriodName,
    Person,
    PostKind,
    RecordKind,
    Role,
    Unit,
)
from ..model.stages import Stage, StageKey, stage_of
from ..sources.datetext import cn_date, moment_text
from ..voting.tally import TallyResult

_PHONE_DROPPED = re.compile(r"[\s()（）]+")
_PHONE_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|x)\s*", re.IGNORECASE)
_PHONE_URI = re.compile(r"\+?[0-9][0-9\-,]*")
# The SMS format as staff write it: “投+编号” or an example, 如“投7”. What comes before the
# code is the message's prefix; the tally reads the digits of a message, whatever surrounds them.
_SMS_TEMPLATE = re.compile(r"[“\"]([^”\"+0-9]*)\+?\s*编号[^”\"]*[”\"]")
_SMS_EXAMPLE = re.compile(r"如[“\"]([^”\"0-9]*)[0-9]+[^”\"]*[”\"]")


def tel_uri(number: str | None) -> str | None:
    """The `tel:` link of a phone number as staff write it (0000-12345678, (0571) 8888 8888,
    12345 转 8); None when it is not a number, so the page shows it as plain text. Hyphens stay
    (RFC 3966 visual separators); an extension becomes a pause (“,”), which phones dial."""
    if not number:
        return None
    text = _PHONE_EXTENSION.sub(",", _PHONE_DROPPED.sub("", number.strip()))
    return f"tel:{text}" if _PHONE_URI.fullmatch(text) else None


def sms_prefix(written: str | None) -> str:
    """What a vote message says before the code, read from the channel's `format`: “投+编号”
    and 如“投7” both give 投; no format (or one we cannot read) gives "", the code alone."""
    if not written:
        return ""
    found = _SMS_TEMPLATE.search(written) or _SMS_EXAMPLE.search(written)
    return found.group(1).strip() if found else ""


# The folder under a campaign's URL that holds its 附件 (the blank forms, the 名额分配表).
ATTACHMENTS_URI = "forms"


def wall_uri(unit_id: str) -> str:
    """The src_uri of a unit's 承诺墙 (its URL: units/<id>/commitments/): the wall's page, and
    every link to it, ask this one function."""
    return f"units/{unit_id}/commitments.md"


def attachment_uri(campaign_id: str, file_name: str) -> str:
    """Where a campaign's attachment is published, as a src_uri: the build puts the file there
    and the campaign page links it, so both ask this one function."""
    return f"campaigns/{campaign_id}/{ATTACHMENTS_URI}/{file_name}"


def size_text(size: int) -> str:
    """A file's size as a notice gives it beside a download: 860 B, 18 KB, 1.2 MB (KB whole,
    MB to one decimal: enough to tell a phone user what a tap costs)."""
    if size < 1024:
        return f"{size} B"
    kilobytes = round(size / 1024)
    if kilobytes < 1024:
        return f"{kilobytes} KB"
    return f"{size / 1024 / 1024:.1f} MB"


@dataclass(frozen=True)
class AttachmentView:
    """One 附件 of a campaign's notice: a blank form or the 名额分配表, offered for download."""

    title: str  # 2026年最美服务明星推荐表
    url: str  # its src_uri: campaigns/<id>/forms/stars.docx
    download: str  # the name the browser saves it as: 附件1：2026年最美服务明星推荐表.docx
    format: str  # DOCX | XLSX
    size: str  # 18 KB

    @property
    def label(self) -> str:
        """附件1：2026年最美服务明星推荐表 (the download name without its extension)."""
        return self.download.rsplit(".", 1)[0]


def attachment_views(
    campaign_id: str, attachments: Sequence[tuple[str, str, int]]
) -> tuple[AttachmentView, ...]:
    """The views of a campaign's attachments, (title, file name, bytes) each, numbered 附件1,
    附件2 … in the order given, as a notice numbers them."""
    views = []
    for number, (title, file_name, size) in enumerate(attachments, start=1):
        extension = file_name.rsplit(".", 1)[-1] if "." in file_name else ""
        download = f"附件{number}：{title}" + (f".{extension}" if extension else "")
        views.append(
            AttachmentView(
                title=title,
                url=attachment_uri(campaign_id, file_name),
                download=download,
                format=extension.upper(),
                size=size_text(size),
            )
        )
    return tuple(views)


@dataclass(frozen=True)
class ContactView:
    name: str
    phone: str | None
    tel: str | None  # the phone's tel: link, None when the phone is not a dialable number
    email: str | None
    hours: str | None
    address: str | None


def contact_view(contact: Contact) -> ContactView:
    return ContactView(
        contact.name,
        contact.phone,
        tel_uri(contact.phone),
        contact.email,
        contact.hours,
        contact.address,
    )


@dataclass(frozen=True)
class ChannelView:
    """A voting channel as the vote page and the profiles show it: with the links a phone
    follows (tel: for the hotline, sms: pre-filled with the message for a code)."""

    kind: ChannelKind
    label: str  # 网络投票 | 短信投票 | 热线投票
    name: str | None
    url: str | None
    number: str | None
    format: str | None
    hours: str | None
    tel: str | None  # the number's tel: link (hotline)
    prefix: str  # what an SMS vote says before the code (投 in 投7), "" for the code alone

    def message(self, code: int) -> str:
        """The SMS that votes for `code`, e.g. 投7."""
        return f"{self.prefix}{code}"

    def sms(self, code: int) -> str | None:
        """The sms: link that opens the phone's messages with the vote for `code` typed in.
        `?&body=` is read by both Android and iOS (iOS ignores a plain `?body=` in old
        versions); the number keeps only its digits and +."""
        if self.kind != ChannelKind.SMS or not self.number:
            return None
        number = "".join(c for c in self.number if c.isdigit() or c == "+")
        if not number:
            return None
        return f"sms:{number}?&body={quote(self.message(code), safe='')}"


def channel_view(channel: Channel) -> ChannelView:
    kind = ChannelKind(channel.kind)
    return ChannelView(
        kind=kind,
        label=kind.label,
        name=channel.name,
        url=channel.url,
        number=channel.number,
        format=channel.format,
        hours=channel.hours,
        tel=tel_uri(channel.number) if kind == ChannelKind.HOTLINE else None,
        prefix=sms_prefix(channel.format) if kind == ChannelKind.SMS else "",
    )


@dataclass(frozen=True)
class UnitView:
    id: str
    name: str
    kind: str
    floor: str | None
    src_uri: str


@dataclass(frozen=True)
class CommitmentView:
    text: str
    period: str | None
    status: str  # 进行中 | 已兑现 | 未兑现
    note: str | None
    date: str | None  # in words


@dataclass(frozen=True)
class PostView:
    kind: str  # 党员示范岗 | 党员先锋岗 | 党员责任区
    where: str | None


@dataclass(frozen=True)
class MemberView:
    """A team member or a branch committee member: a name, its role and, where the member has
    a record, the record's page."""

    name: str
    role: str | None
    src_uri: str | None  # the person's page, when the member has a record
    unit: str | None = None  # the name of its unit, when the member has a record


@dataclass(frozen=True)
class PersonView:
    id: str
    name: str
    kind: RecordKind
    kind_label: str
    unit: UnitView | None
    position: str | None
    facts: tuple[tuple[str, str], ...]
    honours: tuple[str, ...]
    portrait: Portrait | None  # None only where no portrait was made (a photo that failed)
    src_uri: str
    commitments: tuple[CommitmentView, ...] = ()  # 亮承诺
    posts: tuple[PostView, ...] = ()  # 亮形象
    window_no: str | None = None  # 3号窗口
    members: tuple[MemberView, ...] = ()  # a team's members, a branch's committee
    citation: str | None = None  # a team's citation
    rates: tuple[Rate, ...] = ()  # 群众评议, oldest period first

    @property
    def rate(self) -> Rate | None:
        """The latest period's 群众评议, as boards and screens show it."""
        return self.rates[-1] if self.rates else None

    @property
    def commitment(self) -> CommitmentView | None:
        """The commitment a 党员公示栏 shows: the first still 进行中, else the latest one."""
        ongoing = (c for c in self.commitments if c.status == CommitmentStatus.ONGOING)
        return next(ongoing, self.commitments[-1] if self.commitments else None)


@dataclass(frozen=True)
class NominationView:
    campaign_id: str
    campaign_name: str
    campaign_year: int
    category: str
    person: PersonView
    code: int | None
    title: str | None
    subtitle: str | None
    nominated_by: str  # the label, e.g. 组织推荐
    status: NominationStatus
    result: NominationResult | None
    result_label: str | None
    src_uri: str
    votes: int | None = None  # the weighted total, where the campaign publishes counts
    summary: str | None = None  # the form's 主要事迹, plain text (简要事迹 on the 公示)
    grade: str | None = None  # the award's grade (五星 …), where the category has grades
    grade_rank: int = 0  # 0 for the category's highest grade; for ordering
    review: tuple[ReviewStepView, ...] = ()  # only where the campaign publishes its review
    score: float | None = None  # the combined score, where the campaign shows it on the 公示


@dataclass(frozen=True)
class ReviewStepView:
    by: str
    date: str  # in words, 2026年5月28日
    opinion: str | None


@dataclass(frozen=True)
class CategoryView:
    id: str
    name: str
    kind_label: str
    quota: int | None
    unit_quota: str | None
    requires: tuple[str, ...]
    deeds: str | None
    criteria: tuple[str, ...]
    summary: str | None = None  # the form's 主要事迹 length rule, in words
    grades: tuple[str, ...] = ()  # highest first
    rotating: bool = False  # a 流动奖牌


@dataclass(frozen=True)
class QuotaRowView:
    """One unit of a category's 名额分配表."""

    unit: str  # its name
    staff: int  # 在岗人数 (a hall's counts its windows')
    allowed: int  # 名额, with the extra places
    added: int  # of which extra (可根据实际情况酌情增加)
    nominated: int | None  # 已推荐 so far, during the nomination period only


@dataclass(frozen=True)
class QuotaView:
    """A category's 名额分配表, as the campaign page's 名额 section shows it."""

    category: str  # the category's name
    rule: str  # the rule in words
    rows: tuple[QuotaRowView, ...]  # none for a table of `default` alone: the rule says it
    counting: bool  # the 已推荐 column is shown (the nomination period)


@dataclass(frozen=True)
class PeriodView:
    label: str
    start: str
    end: str | None
    state: str  # done | current | next


@dataclass(frozen=True)
class CampaignView:
    id: str
    name: str
    title: str
    year: int
    issuer: str
    document_no: str | None
    published: str
    stage: Stage
    timeline: tuple[PeriodView, ...]
    categories: tuple[CategoryView, ...]
    veto: tuple[str, ...]
    contacts: tuple[ContactView, ...]
    channels: tuple[tuple[str, str], ...]  # (label, the channel in words), for the notice
    voting: tuple[ChannelView, ...]  # the same channels with their links
    vote_url: str | None  # the online vote platform's address, when the campaign has one
    rules: tuple[str, ...]
    src_uri: str
    nominees_uri: str
    vote_uri: str | None  # the voting notice, when the campaign has a vote
    publicity_uri: str | None  # the 公示, when the campaign has a publicity period
    results_uri: str
    live: tuple[str, str]  # (label, src_uri): the page that matters at this stage
    commendation: str | None
    attachments: tuple[AttachmentView, ...] = ()  # the notice's 附件, numbered in order
    quotas: tuple[QuotaView, ...] = ()  # each category with a unit quota: its 名额分配表


def visible_on(content: Content, today: date) -> dict[str, Campaign]:
    """The campaigns whose notice has been published by `today`: the site shows only these."""
    return {cid: c for cid, c in content.campaigns.items() if c.published <= today}


class Views:
    """Builds views once per build; the plugin and tests share it."""

    def __init__(
        self,
        content: Content,
        portraits: dict[str, Portrait],
        today: date,
        tallies: dict[str, TallyResult] | None = None,
        months: Mapping[str, Month] | None = None,
        boards: Mapping[str, Board] | None = None,
        attachments: Mapping[str, Sequence[tuple[str, str, int]]] | None = None,
        scores: Mapping[tuple[str, str], float] | None = None,
        evaluations: Mapping[str, tuple[Rate, ...]] | None = None,
    ) -> None:
        self.content = content
        self.portraits = portraits
        self.today = today
        self.tallies = tallies or {}
        self.months = months or {}  # star ratings by month
        self.boards = boards or {}
        # campaign id -> its 附件 as (title, file name, bytes): plain data, made by the build
        self.attachments = attachments or {}
        # (campaign id, nomination file id) -> combined score, for campaigns with `scoring:`
        self.scores = scores or {}
        self.evaluations = evaluations or {}  # 群众评议 rates by record id
        self.policy = content.organisation.person_fields
        self._visible = visible_on(content, today)
        self._people = {pid: self._person(p) for pid, p in content.people.items()}
        self._units = {uid: self._unit(u) for uid, u in content.units.items()}

    @cached_property
    def walls(self) -> dict[str, list[Person]]:
        """Unit id -> the records on its 承诺墙 (boards/identity.wall_records), once a build."""
        return wall_records(self.content)

    # -- the organisation ----------------------------------------------------------------
    def contacts(self) -> tuple[ContactView, ...]:
        """The organisation's contacts, with their tel: links."""
        return tuple(contact_view(c) for c in self.content.organisation.contacts)

    def supervision(self) -> ContactView | None:
        """The organisation's 监督 contact (phone, email, address), if it publishes one."""
        found = self.content.organisation.supervision
        return contact_view(found) if found else None

    # -- units and people ---------------------------------------------------------
    def unit(self, unit_id: str) -> UnitView | None:
        return self._units.get(unit_id)

    def _unit(self, unit: Unit) -> UnitView:
        return UnitView(unit.id, unit.name, unit.kind_label, unit.floor, f"units/{unit.id}.md")

    def person(self, person_id: str) -> PersonView:
        return self._people[person_id]

    def _person(self, person: Person) -> PersonView:
        facts: list[tuple[str, str]] = []
        if person.kind == RecordKind.PERSON:
            for key, label in PUBLISHABLE_PERSON_FIELDS.items():
                value = getattr(person, key)
                if key in self.policy and value is not None:
                    facts.append((label, cn_date(value) if isinstance(value, date) else str(value)))
        elif person.kind == RecordKind.WINDOW:
            if person.leader:
                facts.append(
                    ("窗口负责人", f"{person.leader} {person.leader_position or ''}".strip())
                )
            if person.staff is not None:
                facts.append(("工作人员", f"{person.staff}人"))
        elif person.kind == RecordKind.TEAM:
            people = self.content.people
            leaders = [
                people[m.person].name if m.person in people else m.name
                for m in person.team
                if m.role in LEADER_ROLES
            ]
            if leaders:
                facts.append(("负责人", "、".join(leaders)))
            facts.append(("成员人数", f"{len(person.team)}人"))
        else:
            if person.secretary:
                facts.append(("支部书记", person.secretary))
            if person.members is not None:
                facts.append(("党员人数", f"{person.members}人"))
        unit = self.content.units.get(person.unit)
        return PersonView(
            id=person.id,
            name=person.name,
            kind=person.kind,
            kind_label=person.kind_label,
            unit=self._unit(unit) if unit else None,
            position=person.position,
            facts=tuple(facts),
            honours=person.honours,
            portrait=self.portraits.get(person.id),
            src_uri=f"people/{person.id}.md",
            commitments=tuple(
                CommitmentView(
                    c.text,
                    c.period,
                    CommitmentStatus(c.status).value,
                    c.note,
                    cn_date(c.day) if c.day else None,
                )
                for c in person.commitments
            ),
            posts=tuple(PostView(PostKind(p.kind).value, p.where) for p in person.posts),
            window_no=person.window_no,
            members=self._members(person),
            citation=person.citation,
            rates=self.evaluations.get(person.id, ()),
        )

    def _members(self, person: Person) -> tuple[MemberView, ...]:
        """A team's members or a branch's committee (书记 first), each linked to its record
        (and that record's unit) if it has one."""
        if person.kind == RecordKind.TEAM:
            return tuple(self._member(m.person, m.name, m.role) for m in person.team)
        return tuple(
            self._member(m.person, m.person, m.role)
            for m in sorted(person.committee, key=lambda m: rank(m.role))
            if m.person in self.content.people
        )

    def _member(self, person_id: str | None, name: str, role: str | None) -> MemberView:
        record = self.content.people.get(person_id or "")
        if record is None:
            return MemberView(name, role, None)
        unit = self.content.units.get(record.unit)
        return MemberView(record.name, role, f"people/{record.id}.md", unit.name if unit else None)

    # -- campaigns ---------------------------------------------------------------------
    def nomination(self, nomination: Nomination) -> NominationView:
        campaign = self.content.campaigns[nomination.campaign]
        category = campaign.category(nomination.category)
        assert category is not None
        return NominationView(
            campaign_id=campaign.id,
            campaign_name=campaign.name,
            campaign_year=campaign.year,
            category=category.name,
            person=self.person(nomination.nominee),
            code=nomination.code,
            title=nomination.title,
            subtitle=nomination.subtitle,
            nominated_by=NominatedBy(nomination.nominated_by).label,
            status=nomination.status,
            result=nomination.result,
            result_label=NominationResult(nomination.result).label if nomination.result else None,
            src_uri=f"campaigns/{campaign.id}/{nomination.file_id}.md",
            votes=self.votes(campaign, nomination),
            summary=nomination.summary,
            grade=nomination.grade if nomination.grade in category.grades else None,
            grade_rank=category.grade_rank(nomination.grade),
            review=(
                tuple(
                    ReviewStepView(step.by, cn_date(step.day), step.opinion)
                    for step in nomination.review
                )
                if campaign.show_review
                else ()
            ),
            score=(
                self.scores.get((campaign.id, nomination.file_id))
                if campaign.scoring and campaign.scoring.public
                else None
            ),
        )

    def votes(self, campaign: Campaign, nomination: Nomination) -> int | None:
        """Counts are published only when the campaign says so and voting has closed."""
        tally = self.tallies.get(campaign.id)
        period = campaign.period(PeriodName.VOTING)
        if not campaign.voting.show_counts or tally is None or nomination.code is None:
            return None
        if period is None or period.end.date() >= self.today:
            return None
        return tally.total(nomination.code) if nomination.code in tally.counts else None

    def published_nominations(self, campaign_id: str | None = None) -> list[Nomination]:
        visible = self._visible
        return [
            n
            for n in self.content.nominations
            if n.published
            and n.nominee in self.content.people
            and n.campaign in visible
            and (campaign_id is None or n.campaign == campaign_id)
        ]

    def visible_campaigns(self) -> dict[str, Campaign]:
        """Campaigns whose notice has been published by the build date."""
        return dict(self._visible)

    def campaign(self, campaign: Campaign) -> CampaignView:
        stage = stage_of(campaign, self.today)
        timeline = []
        for period in campaign.timeline:
            if period.name == stage.current_period:
                state = "current"
            elif period.end.date() < self.today:
                state = "done"
            else:
                state = "next"
            start = moment_text(period.start, period.has_time)
            end = moment_text(period.end, period.has_time)
            timeline.append(PeriodView(period.label, start, None if end == start else end, state))
        channels = []
        for channel in campaign.voting.channels:
            parts = [
                p
                for p in (channel.name, channel.url, channel.number, channel.format, channel.hours)
                if p
            ]
            channels.append((ChannelKind(channel.kind).label, "，".join(parts)))
        base = f"campaigns/{campaign.id}"
        vote_uri = f"{base}/vote.md" if campaign.period(PeriodName.VOTING) else None
        publicity_uri = f"{base}/publicity.md" if campaign.period(PeriodName.PUBLICITY) else None
        results_uri = f"{base}/results.md"
        commendation = campaign.period(PeriodName.COMMENDATION)
        voting = campaign.period(PeriodName.VOTING)
        live = {
            StageKey.VOTING: (f"{(voting.own_label if voting else None) or '投票'}入口", vote_uri),
            StageKey.PUBLICITY: ("公示名单", publicity_uri),
            StageKey.ANNOUNCED: ("评选结果", results_uri),
        }.get(stage.key) or ("推荐对象", f"{base}/nominees.md")
        assert live[1] is not None
        return CampaignView(
            id=campaign.id,
            name=campaign.name,
            title=campaign.title,
            year=campaign.year,
            issuer=campaign.issuer,
            document_no=campaign.document_no,
            published=cn_date(campaign.published),
            stage=stage,
            timeline=tuple(timeline),
            categories=tuple(self._category(c) for c in campaign.categories),
            veto=campaign.veto,
            contacts=tuple(contact_view(c) for c in campaign.contacts),
            channels=tuple(channels),
            voting=tuple(channel_view(c) for c in campaign.voting.channels),
            vote_url=next(
                (c.url for c in campaign.voting.channels if c.kind == ChannelKind.ONLINE and c.url),
                None,
            ),
            rules=campaign.voting.rules,
            src_uri=f"campaigns/{campaign.id}/index.md",
            nominees_uri=f"campaigns/{campaign.id}/nominees.md",
            vote_uri=vote_uri,
            publicity_uri=publicity_uri,
            results_uri=results_uri,
            live=(live[0], live[1]),
            commendation=cn_date(commendation.start.date()) if commendation else None,
            attachments=attachment_views(campaign.id, self.attachments.get(campaign.id, ())),
            quotas=self.quotas(campaign, counting=stage.key == StageKey.NOMINATING),
        )

    def quotas(self, campaign: Campaign, counting: bool) -> tuple[QuotaView, ...]:
        """The 名额分配表 of each category with a unit quota: the units holding one (as the
        XLSX lists them), their staff and places and, while `counting`, how many published
        nominations count against each so far (vetoed and withdrawn ones are never shown, so
        they are not counted here either)."""
        units = self.content.units
        published = self.published_nominations(campaign.id) if counting else []
        found = []
        for category in campaign.categories:
            rule = category.unit_quota
            if rule is None:
                continue
            count = count_nominations(category, units, self.content.people, published)
            rows = tuple(
                QuotaRowView(
                    unit.name,
                    unit.staff,
                    rule.allowed(unit),
                    rule.added(unit),
                    count.nominated(unit.id) if counting else None,
                )
                for unit in quota_units(units, rule)
            )
            found.append(QuotaView(category.name, rule.describe(units), rows, counting))
        return tuple(found)

    def _category(self, category: Category) -> CategoryView:
        requires = []
        if category.requires.political_status:
            requires.append("政治面貌：" + "、".join(category.requires.political_status))
        if category.requires.party_years:
            requires.append(f"党龄满{category.requires.party_years}年（以推荐截止日计）")
        if category.requires.years_at_centre:
            requires.append(f"在中心工作满{category.requires.years_at_centre}年（以推荐截止日计）")
        requires.extend(Role(role).label for role in category.requires.roles)
        story = category.story_label
        return CategoryView(
            id=category.id,
            name=category.name,
            kind_label=category.kind_label,
            quota=category.quota,
            unit_quota=(
                category.unit_quota.describe(self.content.units) if category.unit_quota else None
            ),
            requires=tuple(requires),
            deeds=length_text(story, category.deeds),
            criteria=category.criteria,
            summary=length_text("主要事迹", category.summary),
            grades=category.grades,
            rotating=category.rotating,
        )


def length_text(what: str, deeds: Deeds) -> str | None:
    """A length rule in words: 主要事迹200—400字, 事迹材料不少于800字."""
    if deeds.minimum and deeds.maximum:
        return f"{what}{deeds.minimum}—{deeds.maximum}字"
    if deeds.minimum:
        return f"{what}不少于{deeds.minimum}字"
    if deeds.maximum:
        return f"{what}不超过{deeds.maximum}字"
    return None
