"""Checks across records: references, campaign rules, quotas and codes.

A nomination's texts are checked in `storyrules.py`, its nominee's eligibility in
`eligibility.py`, its submission date and review steps in `submission.py`."""

from __future__ import annotations

from ..sources.messages import sentence, suggestion
from ..sources.problems import Mark, Problems
from .eligibility import check_eligibility
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
    RecordKind,
    UnitKind,
    UnitQuota,
)
from .storyrules import check_texts, check_third_person
from .submission import check_review, check_submission


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
        _check_members(content, person, problems)
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
    # What the nomination's own fields say: checked whoever the nominee is.
    check_submission(campaign, nomination, problems)
    check_review(campaign, nomination, problems)
    _check_grade(category, nomination, problems)
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
        check_texts(category, nomination, problems)
        if category.kind == RecordKind.PERSON:
            check_third_person(category, nomination, problems)
        check_eligibility(campaign, category, person, nomination, problems)


def _check_grade(category: Category, nomination: Nomination, problems: Problems) -> None:
    """A grade is one the category declares; a graded award or proposal names its grade."""
    grades = category.grades
    if nomination.grade is not None and not grades:
        problems.error(
            nomination.mark_of("grade"),
            f"类别“{category.name}”不分等次（没有 grades），不能写字段“grade”",
        )
    elif nomination.grade is not None and nomination.grade not in grades:
        problems.error(
            nomination.mark_of("grade"),
            sentence(
                f"字段“grade”的值“{nomination.grade}”不是类别“{category.name}”的等次",
                suggestion(nomination.grade, grades),
                "可选：" + "、".join(grades),
            ),
        )
    elif (
        grades
        and nomination.grade is None
        and nomination.result in (NominationResult.AWARDED, NominationResult.PROPOSED)
    ):
        result = NominationResult(nomination.result)
        problems.error(
            nomination.mark_of("result"),
            f"类别“{category.name}”按等次表彰（{'、'.join(grades)}），结果为 {result}（{result.label}）的推荐须写明等次：缺少字段“grade”",
        )


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


def _check_members(content: Content, person: Person, problems: Problems) -> None:
    """A team's members and a branch's committee name people/ records of persons."""
    linked = [("members", m.person, m.mark) for m in person.team if m.person] + [
        ("committee", m.person, m.mark) for m in person.committee
    ]
    for key, person_id, mark in linked:
        where = mark or person.field_marks.get(key, person.mark)
        other = content.people.get(person_id)
        if other is None and person_id not in content.unreadable:
            problems.error(
                where,
                sentence(
                    f"字段“{key}”中的“{person_id}”在 people/ 中不存在",
                    suggestion(person_id, content.people),
                    "没有人员记录的成员请写 name（姓名）" if key == "members" else None,
                ),
            )
        elif other is not None and other.kind != RecordKind.PERSON:
            problems.error(where, f"字段“{key}”中的“{person_id}”是{other.kind_label}，应为个人")
    _check_committee(content, person, problems)


def _check_committee(content: Content, branch: Person, problems: Problems) -> None:
    """A branch's committee: each person once, a member of this branch, and the 书记 the one
    `secretary:` names (where it names one)."""
    seen: set[str] = set()
    for member in branch.committee:
        where = member.mark or branch.field_marks.get("committee", branch.mark)
        other = content.people.get(member.person)
        if member.person in seen:
            problems.error(where, f"字段“committee”中的“{member.person}”写了两次")
            continue
        seen.add(member.person)
        if other is None or other.kind != RecordKind.PERSON:
            continue  # said above
        if other.branch != branch.unit:
            written = f"是“{other.branch}”" if other.branch else "没有写"
            problems.warning(
                where,
                f"字段“committee”中的“{other.name}”不是本支部党员：其记录中的 branch {written}，"
                f"而本支部是“{branch.unit}”",
            )
        if member.role == "书记" and branch.secretary and branch.secretary != other.name:
            problems.warning(
                where,
                f"支部书记与字段“secretary”不一致：committee 中的书记是“{other.name}”，"
                f"secretary 写的是“{branch.secretary}”",
            )
