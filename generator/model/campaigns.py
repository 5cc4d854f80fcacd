"""Reading `campaigns/<id>/index.md` (a campaign) and its nominations."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

from ..sources.fields import ID_PATTERN, Fields, labels
from ..sources.messages import sentence, suggestion
from ..sources.problems import Mark, Problems
from ..sources.yamlfile import Mapping as YamlMapping
from ..sources.yamlfile import Scalar, Sequence, read_markdown
from .eligibility import read_roles
from .limits import NAME, TITLE
from .records import (
    POLITICAL_STATUSES,
    Campaign,
    Category,
    Channel,
    ChannelKind,
    Contact,
    Deeds,
    NominatedBy,
    Nomination,
    NominationResult,
    NominationStatus,
    Period,
    PeriodName,
    PublicityNotice,
    RecordKind,
    Requirements,
    ReviewStep,
    SeveralCodes,
    UnitKind,
    UnitQuota,
    Voting,
)
from .scoring import read_scoring

CAMPAIGN_KEYS = [
    "title",
    "short_title",
    "year",
    "issuer",
    "document_no",
    "published",
    "categories",
    "timeline",
    "voting",
    "veto",
    "contacts",
    "scoring",
    "show_review",
    "publicity",
]
CATEGORY_KEYS = [
    "id",
    "name",
    "kind",
    "quota",
    "unit_quota",
    "requires",
    "deeds",
    "title_required",
    "subtitle_required",
    "criteria",
    "summary",
    "grades",
    "rotating",
]
CONTACT_KEYS = ["name", "phone", "email", "hours", "address"]
NOMINATION_KEYS = [
    "nominee",
    "category",
    "nominated_by",
    "unit",
    "title",
    "subtitle",
    "code",
    "status",
    "result",
    "veto_reason",
    "summary",
    "submitted",
    "accepted_late",
    "review",
    "grade",
]
RESERVED_PAGES = {"index", "nominees", "vote", "publicity", "results"}


def read_contacts(fields: Fields, key: str) -> tuple[Contact, ...]:
    contacts = []
    for item in fields.mappings(key, CONTACT_KEYS):
        contact = read_contact(item)
        if contact:
            contacts.append(contact)
    return tuple(contacts)


def read_contact(item: Fields, name_required: bool = True) -> Contact | None:
    name = item.text("name", required=name_required, limit=NAME)
    phone, email = item.text("phone"), item.email("email")
    hours, address = item.text("hours"), item.text("address")
    if name is None and name_required:
        return None
    return Contact(name or "", phone, email, hours, address)


def read_campaign(path: Path, problems: Problems) -> Campaign | None:
    campaign_id = path.parent.name
    mark = Mark(path)
    if not ID_PATTERN.match(campaign_id):
        problems.error(
            mark, f"目录名“{campaign_id}”不能作活动编号：只能用小写字母、数字和连字符“-”"
        )
        return None
    source = read_markdown(path, problems)
    if source is None:
        return None
    if not source.has_front_matter:
        problems.error(
            mark, "缺少前置元数据：文件应以“---”开头，写明 title、year、categories、timeline 等字段"
        )
        return None
    fields = Fields(source.meta, problems, mark, CAMPAIGN_KEYS)
    title = fields.text("title", required=True, limit=TITLE)
    year = fields.year("year", required=True)
    issuer = fields.text("issuer", required=True)
    published = fields.date("published", required=True)
    categories = _categories(fields)
    timeline = _timeline(fields)
    voting = _voting(fields)
    veto = tuple(fields.text_list("veto", lines=True))
    contacts = read_contacts(fields, "contacts")
    if None in (title, year, issuer, published) or not categories or not timeline:
        return None
    assert title and year and issuer and published
    return Campaign(
        id=campaign_id,
        title=title,
        short_title=fields.text("short_title", limit=TITLE),
        year=year,
        issuer=issuer,
        document_no=fields.text("document_no"),
        published=published,
        categories=categories,
        timeline=timeline,
        voting=voting,
        veto=veto,
        contacts=contacts,
        body=source.body,
        mark=fields.mark,
        body_line=source.body_line,
        scoring=read_scoring(fields),
        show_review=fields.boolean("show_review"),
        publicity=_publicity(fields),
    )


def _publicity(fields: Fields) -> PublicityNotice:
    publicity = fields.mapping("publicity", ["closing"])
    if publicity is None:
        return PublicityNotice()
    return PublicityNotice(closing=publicity.text("closing", lines=True))


def _categories(fields: Fields) -> tuple[Category, ...]:
    result: list[Category] = []
    seen: set[str] = set()
    for item in fields.mappings("categories", CATEGORY_KEYS, required=True):
        category_id = item.identifier("id", required=True)
        name = item.text("name", required=True, limit=NAME)
        kind = item.enum("kind", RecordKind, required=True)
        if category_id in seen:
            item.error("id", f"重复：类别“{category_id}”已经定义过")
            continue
        if category_id is None or name is None or kind is None:
            continue
        seen.add(category_id)
        result.append(
            Category(
                id=category_id,
                name=name,
                kind=kind,
                mark=item.mark,
                quota=item.integer("quota", minimum=1),
                unit_quota=_unit_quota(item),
                requires=_requirements(item),
                deeds=_deeds(item),
                summary=_deeds(item, "summary"),
                grades=_grades(item),
                rotating=item.boolean("rotating"),
                title_required=item.boolean("title_required"),
                subtitle_required=item.boolean("subtitle_required"),
                criteria=tuple(item.text_list("criteria", lines=True)),
            )
        )
    return tuple(result)


def _unit_quota(item: Fields) -> UnitQuota | None:
    rule = item.mapping("unit_quota", ["by_staff", "table", "per", "extra"])
    if rule is None:
        return None
    if rule.has("by_staff") == rule.has("table"):
        item.error("unit_quota", "应写 by_staff（按人数）或 table（名额表）二者之一")
        return None
    marks: dict[tuple[str, str], Mark] = {}
    per = _per(rule)
    extra = _places(rule, "extra", marks, minimum=1)
    if rule.has("by_staff"):
        bands: list[tuple[int | None, int]] = []
        entries = rule.mappings("by_staff", ["below", "count"])
        for index, band in enumerate(entries):
            below = band.integer("below", minimum=1)
            count = band.integer("count", required=True)
            if count is None:
                continue
            if below is None and index != len(entries) - 1:
                band.problems.error(
                    band.mark, f"字段“{band.where}”缺少 below：只有最后一档可以不写"
                )
                continue
            if (
                bands
                and below is not None
                and bands[-1][0] is not None
                and below <= (bands[-1][0] or 0)
            ):
                band.error("below", "应比上一档大")
                continue
            bands.append((below, count))
        return UnitQuota(bands=tuple(bands), per=per, extra=extra, marks=marks, where=rule.where)
    table = _places(rule, "table", marks, minimum=0)
    default = dict(table).get("default")
    marks.pop(("table", "default"), None)
    return UnitQuota(
        table=tuple((unit_id, count) for unit_id, count in table if unit_id != "default"),
        default=default,
        per=per,
        extra=extra,
        marks=marks,
        where=rule.where,
    )


def _per(rule: Fields) -> tuple[UnitKind, ...]:
    """`per: hall` or `per: [hall, town_centre]`: the kinds of unit that hold the quota."""
    node = rule.raw("per")
    if not isinstance(node, Sequence):
        kind = rule.enum("per", UnitKind)
        return (kind,) if kind else ()
    options = labels(UnitKind)
    listed = "、".join(f"{k}（{v}）" for k, v in options.items())
    kinds: list[UnitKind] = []
    for entry in node.items:
        value = entry.value.strip() if isinstance(entry, Scalar) and entry.value else ""
        if value in options:
            kinds.append(UnitKind(value))
            continue
        rule.problems.error(
            entry.mark,
            sentence(
                f"字段“{rule.path('per')}”中的“{value}”无效"
                if value
                else f"字段“{rule.path('per')}”中有一项不是单位类型",
                suggestion(value, options) if value else None,
                f"可选：{listed}",
            ),
        )
    return tuple(dict.fromkeys(kinds))


def _places(
    rule: Fields, key: str, marks: dict[tuple[str, str], Mark], minimum: int
) -> tuple[tuple[str, int], ...]:
    """A mapping of unit id: whole number (`table`, `extra`), each id's place kept in `marks`
    (rules.py says which ids are not units: it has units.yml)."""
    node = rule.raw(key)
    entries = rule.mapping(key, list(node.items) if isinstance(node, YamlMapping) else [])
    if entries is None:
        return ()
    places = []
    for unit_id in entries.items:
        count = entries.integer(unit_id, required=True, minimum=minimum)
        if count is not None:
            places.append((unit_id, count))
            marks[(key, unit_id)] = entries.key_marks[unit_id]
    return tuple(places)


def _requirements(item: Fields) -> Requirements:
    requires = item.mapping(
        "requires", ["political_status", "party_years", "years_at_centre", "roles"]
    )
    if requires is None:
        return Requirements()
    statuses = requires.text_list("political_status")
    for status in statuses:
        if status not in POLITICAL_STATUSES:
            requires.error(
                "political_status", f"中的“{status}”无效，可选：{'、'.join(POLITICAL_STATUSES)}"
            )
    return Requirements(
        tuple(statuses),
        requires.integer("party_years"),
        requires.integer("years_at_centre", minimum=1),
        read_roles(requires),
    )


def _grades(item: Fields) -> tuple[str, ...]:
    grades = item.text_list("grades", limit=NAME)
    for grade in {g for g in grades if grades.count(g) > 1}:
        item.error("grades", f"中的“{grade}”重复")
    return tuple(dict.fromkeys(grades))


def _deeds(item: Fields, key: str = "deeds") -> Deeds:
    deeds = item.mapping(key, ["min", "max", "recommended"])
    if deeds is None:
        return Deeds()
    result = Deeds(deeds.integer("min"), deeds.integer("max"), deeds.integer("recommended"))
    if result.minimum and result.maximum and result.minimum > result.maximum:
        deeds.error("min", f"（{result.minimum}）不能大于 max（{result.maximum}）")
    return result


def _timeline(fields: Fields) -> tuple[Period, ...]:
    timeline = fields.mapping("timeline", list(PeriodName), required=True)
    if timeline is None:
        return ()
    periods: list[Period] = []
    for name in PeriodName:
        if not timeline.has(name):
            continue
        node = timeline.raw(name)
        own_label = None
        if isinstance(node, Scalar):
            start = timeline.moment(name, required=True)
            end = start
        else:
            span = timeline.mapping(name, ["start", "end", "label"])
            assert span is not None
            start = span.moment("start", required=True)
            end = span.moment("end", required=True)
            own_label = span.text("label", limit=NAME)
            if start and end and end < start:
                span.error("end", "早于 start")
                continue
        if start is None or end is None:
            continue
        has_time = (start.time(), end.time()) != (time(0), time(0))
        if end.time() == time(0):  # a whole day: until its end
            end = end + timedelta(days=1) - timedelta(seconds=1)
        if periods and start < periods[-1].start:
            timeline.error(name, f"开始时间早于“{periods[-1].label}”阶段，各阶段应按时间先后排列")
        periods.append(Period(name, start, end, has_time, own_label))
    if not periods and timeline.items == {} and not fields.problems.errors:
        timeline.problems.error(
            timeline.mark,
            f"字段“timeline”至少要写一个阶段（{'、'.join(PeriodName)}）",
        )
    return tuple(periods)


VOTING_KEYS = ["channels", "rules", "limits", "several_codes", "weights", "show_counts"]


def _voting(fields: Fields) -> Voting:
    voting = fields.mapping("voting", VOTING_KEYS)
    if voting is None:
        return Voting()
    channels = []
    for item in voting.mappings("channels", ["kind", "name", "url", "number", "format", "hours"]):
        kind = item.enum("kind", ChannelKind, required=True)
        name, url = item.text("name", limit=NAME), item.url("url")
        number, written, hours = item.text("number"), item.text("format"), item.text("hours")
        if kind:
            channels.append(Channel(kind, name, url, number, written, hours))
    limits = voting.mapping("limits", ["per_phone_per_day", "per_phone"])
    channel_kinds = [kind.value for kind in ChannelKind]
    weights = voting.mapping("weights", channel_kinds)
    weight_values = {k: weights.integer(k) for k in channel_kinds} if weights else {}
    return Voting(
        channels=tuple(channels),
        rules=tuple(voting.text_list("rules", lines=True)),
        per_phone_per_day=limits.integer("per_phone_per_day", minimum=1) if limits else None,
        per_phone=limits.integer("per_phone", minimum=1) if limits else None,
        several_codes=voting.enum("several_codes", SeveralCodes, default=SeveralCodes.REJECT).value,
        weights=tuple((k, _or_one(weight_values.get(k))) for k in channel_kinds),
        show_counts=voting.boolean("show_counts"),
    )


def _or_one(value: int | None) -> int:
    return 1 if value is None else value


def read_nomination(
    path: Path, campaign: Campaign, problems: Problems
) -> tuple[Nomination | None, str | None]:
    """A nomination and its private veto reason (kept apart)."""
    mark = Mark(path)
    file_id = path.stem
    if not ID_PATTERN.match(file_id):
        problems.error(mark, f"文件名“{path.name}”不能作编号：只能用小写字母、数字和连字符“-”")
        return None, None
    if file_id in RESERVED_PAGES:
        problems.error(
            mark, f"文件名“{path.name}”是保留名称（{'、'.join(sorted(RESERVED_PAGES))}），请改名"
        )
        return None, None
    source = read_markdown(path, problems)
    if source is None:
        return None, None
    if not source.has_front_matter:
        problems.error(mark, "缺少前置元数据：文件应以“---”开头，写明 category、title 等字段")
        return None, None
    fields = Fields(source.meta, problems, mark, NOMINATION_KEYS)
    nominee = fields.identifier("nominee") or file_id
    category = fields.identifier("category", required=len(campaign.categories) > 1)
    if category is None and len(campaign.categories) == 1 and not fields.has("category"):
        category = campaign.categories[0].id
    elif category is not None and campaign.category(category) is None:
        names = [c.id for c in campaign.categories]
        fields.error(
            "category",
            sentence(
                f"的值“{category}”不是本活动的类别",
                suggestion(category, names),
                f"本活动类别：{'、'.join(names)}",
            ),
        )
        category = None
    veto_reason = fields.text("veto_reason", lines=True)
    accepted_late = fields.text("accepted_late", lines=True)
    nomination = Nomination(
        campaign=campaign.id,
        file_id=file_id,
        nominee=nominee,
        category=category or "",
        nominated_by=fields.enum("nominated_by", NominatedBy, default=NominatedBy.ORGANISATION),
        unit=fields.identifier("unit"),
        title=fields.text("title", limit=TITLE),
        subtitle=fields.text("subtitle", limit=TITLE),
        code=fields.integer("code", minimum=1),
        status=fields.enum("status", NominationStatus, default=NominationStatus.NOMINATED),
        result=fields.enum("result", NominationResult),
        story=source.body,
        mark=fields.mark,
        body_line=source.body_line,
        field_marks={key: fields.mark_of(key) for key in fields.items},
        summary=fields.text("summary", lines=True),
        submitted=fields.date("submitted"),
        accepted_late=bool(accepted_late),
        review=_review(fields),
        grade=fields.text("grade", limit=NAME),
    )
    if category is None:
        return None, veto_reason
    return nomination, veto_reason


def _review(fields: Fields) -> tuple[ReviewStep, ...]:
    """`review:` steps in the order they were taken (支委会审核 → 机关党委考评 → 党委会议)."""
    steps: list[ReviewStep] = []
    for item in fields.mappings("review", ["by", "date", "opinion"]):
        by = item.text("by", required=True, limit=NAME)
        day = item.date("date", required=True)
        opinion = item.text("opinion", lines=True)
        if by is None or day is None:
            continue
        if steps and day < steps[-1].day:
            item.error(
                "date",
                f"早于上一步“{steps[-1].by}”（{steps[-1].day.isoformat()}），各步应按时间先后排列",
            )
        steps.append(ReviewStep(by, day, opinion, item.mark_of("date")))
    return tuple(steps)
