"""Who a category accepts (`requires`): political status, party years, years at the centre
and roles, each measured at the nomination deadline; and the `roles:` list as a person and a
category write it (read_roles)."""

from __future__ import annotations

from datetime import date

from ..sources.fields import Fields, labels
from ..sources.messages import sentence, suggestion
from ..sources.problems import Problems
from .records import Campaign, Category, Nomination, Person, RecordKind, Role


def check_eligibility(
    campaign: Campaign,
    category: Category,
    person: Person,
    nomination: Nomination,
    problems: Problems,
) -> None:
    """Every requirement of the category the nominee does not meet, at the nominee's field of
    the nomination (or its first line)."""
    requires = category.requires
    where = (
        nomination.mark_of("nominee") if "nominee" in nomination.field_marks else nomination.mark
    )
    # A value written but invalid is reported at the field: not again here, as missing.
    # (field_marks has the fields written with a value; an empty `joined_party:` is missing.)
    written = person.field_marks
    deadline = campaign.deadline or campaign.published
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
        if person.joined_party is None and "joined_party" in written:
            pass
        elif person.joined_party is None:
            problems.error(
                where,
                f"类别“{category.name}”要求党龄满 {requires.party_years} 年，但“{person.name}”的记录缺少 joined_party（入党时间）",
            )
        elif years_between(person.joined_party, deadline) < requires.party_years:
            problems.error(
                where,
                f"“{person.name}”于 {person.joined_party.isoformat()} 入党，到推荐截止日 {deadline.isoformat()} 党龄不满 {requires.party_years} 年，不符合类别“{category.name}”的条件",
            )
    if person.kind != RecordKind.PERSON:
        return  # years at the centre and roles are a person's facts
    if requires.years_at_centre:
        years = requires.years_at_centre
        if person.joined_centre is None and "joined_centre" in written:
            pass
        elif person.joined_centre is None:
            problems.error(
                where,
                f"类别“{category.name}”要求在中心工作满 {years} 年，但“{person.name}”的记录缺少 joined_centre（到中心工作时间）",
            )
        elif years_between(person.joined_centre, deadline) < years:
            problems.error(
                where,
                f"“{person.name}”于 {person.joined_centre.isoformat()} 到中心工作，到推荐截止日 {deadline.isoformat()} 在中心工作不满 {years} 年，不符合类别“{category.name}”的条件",
            )
    for role in requires.roles:
        if role not in person.roles and not person.unknown_roles:  # a mistyped role: said once
            label = Role(role).label
            problems.error(
                where,
                f"类别“{category.name}”只接受{label}的人员，“{person.name}”的记录中 roles 未包含 {role}（{label}）",
            )


def years_between(start: date, end: date) -> int:
    """Whole years from `start` to `end` (a year is full on its anniversary)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def read_roles(fields: Fields, unknown: list[str] | None = None) -> tuple[Role, ...]:
    """`roles: [party_work, resident_window]`: each one of `Role`, as a person's or a
    category's requirement; a value that is none is an error here, and added to `unknown`."""
    options = labels(Role)
    roles: list[Role] = []
    for value in fields.text_list("roles"):
        if value in options:
            roles.append(Role(value))
            continue
        if unknown is not None:
            unknown.append(value)
        fields.error(
            "roles",
            sentence(
                f"中的“{value}”无效",
                suggestion(value, options),
                "可选：" + "、".join(f"{k}（{v}）" for k, v in options.items()),
            ),
        )
    return tuple(dict.fromkeys(roles))
