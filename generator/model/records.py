"""The content model: public records only.

Private data (`private:` blocks, veto reasons) is kept apart in `PrivateStore`,
which nothing that renders pages is ever given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..sources.fields import LabelledEnum, labels
from ..sources.problems import Mark
from .scoring import Scoring


class UnitKind(LabelledEnum):
    HALL = "hall", "大厅"
    DEPARTMENT = "department", "部门"
    TOWN_CENTRE = "town_centre", "街镇便民服务中心"
    BRANCH = "branch", "党支部"
    WINDOW = "window", "窗口"


class RecordKind(LabelledEnum):
    """What a record in people/ (and what a category) is about."""

    PERSON = "person", "个人"
    WINDOW = "window", "窗口"
    BRANCH = "branch", "党支部"
    TEAM = "team", "集体"  # a team (抗疫先锋队) with its members


class Gender(LabelledEnum):
    MALE = "男"
    FEMALE = "女"


class NominatedBy(LabelledEnum):
    ORGANISATION = "organisation", "组织推荐"
    SELF = "self", "个人自荐"
    ELECTION = "election", "民主选举"


class NominationStatus(LabelledEnum):
    NOMINATED = "nominated", "已推荐"
    CANDIDATE = "candidate", "候选"
    VETOED = "vetoed", "一票否决"
    WITHDRAWN = "withdrawn", "已撤回"


class NominationResult(LabelledEnum):
    PROPOSED = "proposed", "拟表彰"
    AWARDED = "awarded", "获表彰"
    NOT_AWARDED = "not_awarded", "未获表彰"


class Role(LabelledEnum):
    """What a person does at the centre that a category may require (从事党务工作 …)."""

    PARTY_WORK = "party_work", "从事党务工作"
    RESIDENT_WINDOW = "resident_window", "常驻窗口工作"


class CommitmentStatus(LabelledEnum):
    """Where a public commitment (亮承诺) stands; written in Chinese in the records."""

    ONGOING = "进行中"
    KEPT = "已兑现"
    MISSED = "未兑现"


class PostKind(LabelledEnum):
    """A standing post a party member holds (亮形象), written in Chinese in the records."""

    MODEL = "党员示范岗"
    PIONEER = "党员先锋岗"
    AREA = "党员责任区"


@dataclass(frozen=True)
class Commitment:
    """A public commitment (亮承诺): what was promised, for when, and whether it was kept."""

    text: str
    period: str | None = None  # 2026年, 2026年下半年 …
    status: CommitmentStatus = CommitmentStatus.ONGOING
    note: str | None = None  # what was delivered, or why not
    day: date | None = None  # when the status was last stated (`date:`)


@dataclass(frozen=True)
class Post:
    """A standing post: 党员示范岗 at 3号窗口, 党员责任区 一楼大厅东区 …"""

    kind: PostKind
    where: str | None = None


# The roles that make a team member its 负责人 (on its page and its form).
LEADER_ROLES = frozenset({"队长", "负责人", "组长", "领队", "带头人"})


@dataclass(frozen=True)
class TeamMember:
    """A member of a team: a person of people/ (`person`) or a plain name (someone outside
    the centre), with an optional role in the team (队长)."""

    name: str  # the person's name, as the record gives it, or as written
    person: str | None = None  # the people/ id, when the member has a record
    role: str | None = None
    mark: Mark | None = field(default=None, compare=False, repr=False)  # for messages


@dataclass(frozen=True)
class CommitteeMember:
    """A member of a party branch's committee (支部委员会), linked to their record."""

    person: str  # people/ id
    role: str  # 书记, 副书记, 组织委员 …
    mark: Mark | None = field(default=None, compare=False, repr=False)  # for messages


class PeriodName(LabelledEnum):
    """The periods of a campaign's timeline, in the order they run."""

    NOMINATION = "nomination", "推荐报送"
    REVIEW = "review", "审查把关"
    VOTING = "voting", "网络投票"
    PUBLICITY = "publicity", "公示"
    COMMENDATION = "commendation", "表彰"


class ChannelKind(LabelledEnum):
    ONLINE = "online", "网络投票"
    SMS = "sms", "短信投票"
    HOTLINE = "hotline", "热线投票"


class SeveralCodes(LabelledEnum):
    """What a vote message naming several codes counts for."""

    REJECT = "reject", "整条无效"
    FIRST = "first", "只计第一个编号"


POLITICAL_STATUSES = {
    s: s for s in ["中共党员", "中共预备党员", "共青团员", "民主党派", "无党派人士", "群众"]
}
PUBLISHABLE_PERSON_FIELDS = {
    "gender": "性别",
    "born": "出生年份",
    "ethnicity": "民族",
    "political_status": "政治面貌",
    "joined_party": "入党时间",
}
CHANNEL_KINDS = labels(ChannelKind)  # value → label, plain strings (voting/ writes them to YAML)


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str | None = None
    email: str | None = None
    hours: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Organisation:
    """The centre's public record: its name and contacts, and what every page's footer shows.

    The footer fields are those a public website in China shows, each as issued: 主办单位
    (`host`, when it is not the centre itself), ICP 备案号 (`icp_filing`, linked to the MIIT
    filing system), 公安机关备案号 (`police_filing`, linked to `police_filing_url`: the page
    given in organisation.yml, or the national system's page of its number) and 网站标识码
    (`site_code`, 政府网站).
    """

    name: str
    short_name: str | None
    address: str | None
    website: str | None
    contacts: tuple[Contact, ...]
    supervision: Contact | None
    person_fields: frozenset[str]
    host: str | None = None
    icp_filing: str | None = None
    police_filing: str | None = None
    police_filing_url: str | None = None
    site_code: str | None = None

    @property
    def host_name(self) -> str:
        """The 主办单位 the footer names: `host`, or the centre itself."""
        return self.host or self.name


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: UnitKind
    floor: str | None
    staff: int
    parent: str | None
    mark: Mark

    @property
    def kind_label(self) -> str:
        return UnitKind(self.kind).label


@dataclass(frozen=True)
class Person:
    """A person, a window or a party branch (`kind`)."""

    id: str
    kind: RecordKind
    name: str
    unit: str
    mark: Mark
    position: str | None = None
    gender: Gender | None = None
    born: int | None = None
    ethnicity: str | None = None
    political_status: str | None = None
    joined_party: date | None = None
    branch: str | None = None  # the party branch (a unit of kind branch) a member belongs to
    joined_centre: date | None = None  # 到中心工作时间: 工作满一年 counts from it
    roles: tuple[Role, ...] = ()  # 从事党务工作, 常驻窗口工作 …
    # `roles:` values that are none of Role: an error at the record already, so a category's
    # required role is not said missing a second time
    unknown_roles: tuple[str, ...] = field(default=(), compare=False, repr=False)
    commitments: tuple[Commitment, ...] = ()  # 亮承诺 (a person, a window, a branch)
    posts: tuple[Post, ...] = ()  # 亮形象: 党员示范岗, 党员先锋岗, 党员责任区 (a person)
    window_no: str | None = None  # 窗口号 a person serves at (3号窗口), for the 党员公示栏
    team: tuple[TeamMember, ...] = ()  # a team's members, in the order written
    citation: str | None = None  # a team's one-line citation (抗疫先锋队 …)
    committee: tuple[CommitteeMember, ...] = ()  # a branch's 书记 and 委员
    photo: Path | None = None
    photo_focus: tuple[float, float] | tuple[float, float, float] | None = None
    honours: tuple[str, ...] = ()
    intro: str = ""
    leader: str | None = None
    leader_position: str | None = None
    staff: int | None = None
    secretary: str | None = None
    members: int | None = None
    field_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)
    body_line: int = 1  # the line of the file the introduction starts on

    @property
    def kind_label(self) -> str:
        return RecordKind(self.kind).label


@dataclass(frozen=True)
class UnitQuota:
    """How many nominations a unit may make: staff bands or an explicit table, and extra
    places for named units (可根据实际情况酌情增加).

    `per` names the kinds of unit that hold the quota: a nomination counts against the nearest
    unit of one of them at or above its nominating unit (a hall and its windows), and the bands
    read that unit's staff. Without `per`, the nominating unit holds its own quota.
    """

    bands: tuple[tuple[int | None, int], ...] = ()  # (below, count); None = everyone else
    table: tuple[tuple[str, int], ...] = ()
    default: int | None = None
    per: tuple[UnitKind, ...] = ()
    extra: tuple[tuple[str, int], ...] = ()  # (unit id, places beyond the rule)
    # Where each unit id of `table` and `extra` is written, by (key, unit id), for messages;
    # `where` is the field's path (categories[2].unit_quota).
    marks: dict[tuple[str, str], Mark] = field(default_factory=dict, compare=False, repr=False)
    where: str = field(default="unit_quota", compare=False, repr=False)

    def base(self, unit: Unit) -> int:
        """The places the rule gives the unit, without its extra places."""
        if self.bands:
            for below, count in self.bands:
                if below is None or unit.staff < below:
                    return count
            return 0
        return dict(self.table).get(unit.id, self.default or 0)

    def added(self, unit: Unit) -> int:
        """The unit's extra places."""
        return dict(self.extra).get(unit.id, 0)

    def allowed(self, unit: Unit) -> int:
        return self.base(unit) + self.added(unit)

    @property
    def per_label(self) -> str:
        """The holders' kinds in words: 大厅, or 大厅、街镇便民服务中心; "" without `per`."""
        return "、".join(UnitKind(kind).label for kind in self.per)

    def describe(self, units: Mapping[str, Unit] | None = None) -> str:
        """The rule in words, as a notice states it; `units` gives the names of the units
        with extra places (their ids otherwise)."""
        holders = f"{self.per_label}（含所属单位）" if self.per else "单位"
        if self.bands:
            parts = []
            lower = 0
            for below, count in self.bands:
                if below is None:
                    parts.append(f"{lower}人及以上的推荐{count}名" if lower else f"推荐{count}名")
                else:
                    parts.append(
                        f"{below}人以下的推荐{count}名"
                        if not lower
                        else f"{lower}—{below - 1}人的推荐{count}名"
                    )
                    lower = below
            text = f"按{holders}现有工作人员数：" + "，".join(parts)
        elif not self.table:
            text = f"各{holders}推荐{self.default or 0}名"
        else:
            text = "按名额分配表" if not self.per else f"按名额分配表，以{holders}计"
            if self.default:
                text += (
                    f"，未列出的{'单位' if not self.per else self.per_label}推荐{self.default}名"
                )
        if self.extra:
            known = units or {}
            text += "；" + "，".join(
                f"{known[i].name if i in known else i}增加{count}名" for i, count in self.extra
            )
        return text


@dataclass(frozen=True)
class Requirements:
    political_status: tuple[str, ...] = ()
    party_years: int | None = None
    years_at_centre: int | None = None  # 在中心工作满 N 年 (from the person's joined_centre)
    roles: tuple[Role, ...] = ()  # every one of them required


@dataclass(frozen=True)
class Deeds:
    minimum: int | None = None
    maximum: int | None = None
    recommended: int | None = None


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    kind: RecordKind
    mark: Mark
    quota: int | None = None
    unit_quota: UnitQuota | None = None
    requires: Requirements = Requirements()
    deeds: Deeds = Deeds()
    title_required: bool = False
    subtitle_required: bool = False
    criteria: tuple[str, ...] = ()
    summary: Deeds = Deeds()  # the length rule of the form's 主要事迹 (a nomination's summary)
    grades: tuple[str, ...] = ()  # 五星、四星、三星: an award's grades, highest first
    rotating: bool = False  # a 流动奖牌 that passes from holder to holder, campaign to campaign

    @property
    def kind_label(self) -> str:
        return RecordKind(self.kind).label

    @property
    def asks_summary(self) -> bool:
        """Whether the form's 主要事迹 box asks for a summary (`summary:`), the story then being
        the 事迹材料."""
        return self.summary != Deeds()

    @property
    def story_label(self) -> str:
        """What the story is called: 事迹材料 beside a summary, else 主要事迹."""
        return "事迹材料" if self.asks_summary else "主要事迹"

    def grade_rank(self, grade: str | None) -> int:
        """Where a grade stands, 0 for the highest; after every grade for none or an unknown."""
        return self.grades.index(grade) if grade in self.grades else len(self.grades)


@dataclass(frozen=True)
class ReviewStep:
    """One step of a nomination's review (支委会审核 → 机关党委考评 → 党委会议)."""

    by: str
    day: date  # `date:` in the record
    opinion: str | None = None
    mark: Mark | None = field(default=None, compare=False, repr=False)  # its `date:`


@dataclass(frozen=True)
class PublicityNotice:
    """How the campaign words its 公示 page: the line shown once the period has ended."""

    closing: str | None = None  # e.g. 公示期满，无异议。 (a standard line when not given)


@dataclass(frozen=True)
class Period:
    name: PeriodName
    start: datetime
    end: datetime
    has_time: bool = False
    own_label: str | None = None  # the campaign's word for the step (群众评议 for a vote)

    @property
    def label(self) -> str:
        return self.own_label or PeriodName(self.name).label


@dataclass(frozen=True)
class Channel:
    kind: ChannelKind
    name: str | None = None
    url: str | None = None
    number: str | None = None
    format: str | None = None
    hours: str | None = None


@dataclass(frozen=True)
class Voting:
    channels: tuple[Channel, ...] = ()
    rules: tuple[str, ...] = ()  # as published, in words
    per_phone_per_day: int | None = (
        None  # valid votes per phone per day (Beijing time), SMS and hotline together
    )
    per_phone: int | None = None  # valid votes per phone in the whole campaign
    # A `SeveralCodes` value, a message naming several codes: reject | first. Kept a plain
    # string, as are the channels of `weights`: voting/ writes them with yaml.safe_dump,
    # which cannot represent an enum member.
    several_codes: str = SeveralCodes.REJECT.value
    weights: tuple[tuple[str, int], ...] = (("online", 1), ("sms", 1), ("hotline", 1))
    show_counts: bool = False  # publish the vote counts

    def weight(self, channel: str) -> int:
        return dict(self.weights).get(channel, 1)


@dataclass(frozen=True)
class Campaign:
    id: str
    title: str
    short_title: str | None
    year: int
    issuer: str
    document_no: str | None
    published: date
    categories: tuple[Category, ...]
    timeline: tuple[Period, ...]
    voting: Voting
    veto: tuple[str, ...]
    contacts: tuple[Contact, ...]
    body: str
    mark: Mark
    body_line: int = 1  # the line of the file the notice starts on, for messages about it
    scoring: Scoring | None = None  # votes combined with committee scores
    show_review: bool = False  # publish each nomination's review steps on its profile
    publicity: PublicityNotice = PublicityNotice()

    @property
    def name(self) -> str:
        return self.short_title or self.title

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def period(self, name: str) -> Period | None:
        return next((p for p in self.timeline if p.name == name), None)

    @property
    def deadline(self) -> date | None:
        """The nomination deadline, at which eligibility is measured."""
        period = self.period(PeriodName.NOMINATION)
        return period.end.date() if period else None


@dataclass(frozen=True)
class Nomination:
    campaign: str
    file_id: str
    nominee: str
    category: str
    nominated_by: NominatedBy
    unit: str | None
    title: str | None
    subtitle: str | None
    code: int | None
    status: NominationStatus
    result: NominationResult | None
    story: str
    mark: Mark
    field_marks: dict[str, Mark] = field(default_factory=dict, compare=False, repr=False)
    body_line: int = 1  # the line of the file the story starts on
    summary: str | None = None  # the form's 主要事迹 (the story is the 事迹材料)
    submitted: date | None = None  # when the form reached the organisers
    accepted_late: bool = False  # a late form accepted (its reason is not kept: internal)
    review: tuple[ReviewStep, ...] = ()
    grade: str | None = None  # one of the category's grades

    @property
    def published(self) -> bool:
        return self.status not in (NominationStatus.VETOED, NominationStatus.WITHDRAWN)

    def mark_of(self, key: str) -> Mark:
        return self.field_marks.get(key, self.mark)


@dataclass
class PrivateStore:
    """What must never be published: kept for internal exports only."""

    people: dict[str, dict[str, str]] = field(default_factory=dict)
    veto_reasons: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass
class Content:
    root: Path
    organisation: Organisation
    units: dict[str, Unit]
    people: dict[str, Person]
    campaigns: dict[str, Campaign]
    nominations: list[Nomination]
    intro: str = ""
    # people files that exist but could not be read (their problems are reported already)
    unreadable: set[str] = field(default_factory=set)
    # units.yml is missing or could not be read (reported already): unit ids are not checked
    units_unreadable: bool = False
    intro_line: int = 1  # the line of index.md the introduction starts on

    def nominations_of(self, campaign_id: str) -> list[Nomination]:
        return [n for n in self.nominations if n.campaign == campaign_id]
