"""Checks across records: references, campaign rules, quotas and codes."""

from __future__ import annotations

from datetime import date

from ..sources.messages import sentence, suggestion
from ..sources.problems import Mark, Problems
from ..sources.textcount import count_characters
from .quotas import (
    count_nominations,
    not_holder_message,
    over_message,
    unheld_message,
    unknown_unit_message,
)
from .records import (
    Campaign,
    Category,
    Content,
    Nomination,
    NominationResult,
    NominationStatus,
    Person,
    UnitKind,
    UnitQuota,
)


def check_content(content: Content, problems: Problems) -> None:
    """Check references and campaign rules."""
    for person in content.people.values():
        if content.units_unreadable:
            continue  # units.yml's own problem is reported; every unit would be unknown
        if person.unit not in content.units:
            problems.error(
                person.field_marks.get("unit", person.mark),
                sentence(
                    f"字段“unit”的值“{person.unit}”不是已登记的单位",
                    suggestion(person.unit, content.units),
                    "请先在 units.yml 中登记",
                ),
            )
        if person.branch and content.units.get(person.branch, None) is None:
            problems.error(
                person.field_marks.get("branch", person.mark),
                sentence(
                    f"字段“branch”的值“{person.branch}”不是已登记的党支部",
                    suggestion(person.branch, content.units),
                ),
            )
        elif person.branch and content.units[person.branch].kind != UnitKind.BRANCH:
            problems.error(
                person.field_marks.get("branch", person.mark),
                f"字段“branch”应为党支部，而“{person.branch}”是{content.units[person.branch].kind_label}",
            )
    for campaign in content.campaigns.values():
        nominations = content.nominations_of(campaign.id)
        for nomination in nominations:
            _check_nomination(content, campaign, nomination, problems)
        _check_duplicates(nominations, problems)
        _check_quotas(content, campaign, nominations, problems)


def _check_nomination(
    content: Content, campaign: Campaign, nomination: Nomination, problems: Problems
) -> None:
    category = campaign.category(nomination.category)
    assert category is not None
    person = content.people.get(nomination.nominee)
    if person is None and nomination.nominee in content.unreadable:
        return  # its own file's problems are reported already
    if person is None:
        where = "字段“nominee”" if "nominee" in nomination.field_marks else "文件名"
        problems.error(
            nomination.mark_of("nominee"),
            sentence(
                f"{where}所指的“{nomination.nominee}”在 people/ 中不存在",
                suggestion(nomination.nominee, content.people),
                "请先建立人员记录",
            ),
        )
        return
    if person.kind != category.kind:
        problems.error(
            nomination.mark_of("category"),
            f"类别“{category.name}”只接受{category.kind_label}，而“{person.name}”是{person.kind_label}",
        )
        return
    if nomination.unit and nomination.unit not in content.units and not content.units_unreadable:
        problems.error(
            nomination.mark_of("unit"),
            sentence(
                f"字段“unit”的值“{nomination.unit}”不是已登记的单位",
                suggestion(nomination.unit, content.units),
            ),
        )
    if nomination.result == NominationResult.AWARDED and not nomination.published:
        problems.error(
            nomination.mark_of("result"),
            f"状态为“{nomination.status}”的推荐不能是 awarded（获表彰）",
        )
    if nomination.published:
        _check_story(category, nomination, problems)
        _check_eligibility(campaign, category, person, nomination, problems)


def _check_story(category: Category, nomination: Nomination, problems: Problems) -> None:
    for key, required, label in (
        ("title", category.title_required, "主标题"),
        ("subtitle", category.subtitle_required, "副标题"),
    ):
        if required and not getattr(nomination, key):
            problems.error(
                nomination.mark_of(key), f"类别“{category.name}”要求填写{label}：缺少字段“{key}”"
            )
    length = count_characters(nomination.story)
    deeds = category.deeds
    where = nomination.mark.shifted(0)
    if deeds.minimum and length < deeds.minimum:
        problems.error(
            where, f"主要事迹只有 {length} 字，类别“{category.name}”要求至少 {deeds.minimum} 字"
        )
    elif deeds.maximum and length > deeds.maximum:
        problems.error(
            where, f"主要事迹有 {length} 字，类别“{category.name}”要求不超过 {deeds.maximum} 字"
        )
    elif deeds.recommended and length < deeds.recommended:
        problems.warning(
            where, f"主要事迹只有 {length} 字，类别“{category.name}”建议 {deeds.recommended} 字左右"
        )


def _check_eligibility(
    campaign: Campaign,
    category: Category,
    person: Person,
    nomination: Nomination,
    problems: Problems,
) -> None:
    requires = category.requires
    where = (
        nomination.mark_of("nominee") if "nominee" in nomination.field_marks else nomination.mark
    )
    # A value written but invalid is reported at the field: not again here, as missing.
    # (field_marks has the fields written with a value; an empty `joined_party:` is missing.)
    written = person.field_marks
    if (
        requires.political_status
        and person.political_status not in requires.political_status
        and (person.political_status is not None or "political_status" not in written)
    ):
        status = person.political_status or "未填写"
        problems.error(
            where,
            f"“{person.name}”的政治面貌为“{status}”，不符合类别“{category.name}”的条件（{'、'.join(requires.political_status)}）",
        )
    if requires.party_years:
        deadline = campaign.deadline or campaign.published
        if person.joined_party is None and "joined_party" in written:
            pass
        elif person.joined_party is None:
            problems.error(
                where,
                f"类别“{category.name}”要求党龄满 {requires.party_years} 年，但“{person.name}”的记录缺少 joined_party（入党时间）",
            )
        elif _years_between(person.joined_party, deadline) < requires.party_years:
            problems.error(
                where,
                f"“{person.name}”于 {person.joined_party.isoformat()} 入党，到推荐截止日 {deadline.isoformat()} 党龄不满 {requires.party_years} 年，不符合类别“{category.name}”的条件",
            )


def _years_between(start: date, end: date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def _check_duplicates(nominations: list[Nomination], problems: Problems) -> None:
    seen: dict[tuple[str, str], Nomination] = {}
    for nomination in nominations:
        key = (nomination.nominee, nomination.category)
        if key in seen:
            first = seen[key].mark.path.name
            problems.error(
                nomination.mark_of("nominee"),
                f"“{nomination.nominee}”在同一类别中已由 {first} 推荐过",
            )
        else:
            seen[key] = nomination


def _check_quotas(
    content: Content, campaign: Campaign, nominations: list[Nomination], problems: Problems
) -> None:
    for category in campaign.categories:
        members = [
            n
            for n in nominations
            if n.category == category.id and n.status != NominationStatus.WITHDRAWN
        ]
        awarded = [n for n in members if n.result == NominationResult.AWARDED]
        if category.quota is not None and len(awarded) > category.quota:
            for extra in awarded[category.quota :]:
                problems.error(
                    extra.mark_of("result"),
                    f"类别“{category.name}”表彰名额为 {category.quota} 个，获表彰的已有 {len(awarded)} 个",
                )
        if category.unit_quota is None:
            continue
        if content.units_unreadable:
            continue  # units.yml's own problem is reported; every unit would be unknown
        _check_quota_units(content, category.unit_quota, problems)
        count = count_nominations(category, content.units, content.people, members)
        rule = category.unit_quota
        for nomination, unit in count.unheld:
            person = content.people.get(nomination.nominee)
            problems.error(
                _unit_mark(nomination),
                unheld_message(person.name if person else nomination.nominee, unit, rule, category),
            )
        for held in count.held.values():
            names = [n.file_id for n in held.members]
            for extra in held.members[held.allowed :]:
                problems.error(_unit_mark(extra), over_message(held, rule, category, names))


def _unit_mark(nomination: Nomination) -> Mark:
    """Where a message about a nomination's unit goes: its `unit:`, or the record."""
    return nomination.mark_of("unit") if nomination.unit else nomination.mark


def _check_quota_units(content: Content, rule: UnitQuota, problems: Problems) -> None:
    """Every unit id of `table` and `extra` is a unit, and one that can hold the quota."""
    for (key, unit_id), mark in rule.marks.items():
        unit = content.units.get(unit_id)
        if unit is None:
            problems.error(mark, unknown_unit_message(rule, key, unit_id, content.units))
        elif rule.per and unit.kind not in rule.per:
            problems.error(mark, not_holder_message(rule, key, unit))
