"""A nomination's fields as a form or a sheet shows them: the text of each cell."""

from __future__ import annotations

from collections.abc import Mapping

from ..model.records import (
    LEADER_ROLES,
    Campaign,
    Category,
    Nomination,
    Person,
    RecordKind,
    Role,
    Unit,
)
from .layout import Key
from .storytext import Run, story_markdown
from .values import shown_date, shown_lines, shown_year


def record_cells(
    person: Person,
    nomination: Nomination | None,
    campaign: Campaign,
    units: dict[str, Unit],
    phone: str | None,
    people: Mapping[str, Person] | None = None,
) -> dict[Key, str]:
    """Every field's text; a field the record leaves empty is "" (the story is Markdown).
    `people` gives a team's members with a record their names (else their ids are shown)."""
    category = campaign.category(nomination.category) if nomination else None
    team = team_cells(person, people or {})
    values: dict[Key, str | int | None] = {
        Key.CATEGORY: category.name if category else "",
        Key.NOMINATOR: _unit_name(units, nomination.unit or person.unit) if nomination else "",
        Key.NAME: person.name,
        Key.GENDER: person.gender.value if person.gender else "",
        Key.BORN: shown_year(person.born) if person.born else "",
        Key.ETHNICITY: person.ethnicity,
        Key.POLITICAL_STATUS: person.political_status,
        Key.JOINED_PARTY: shown_date(person.joined_party) if person.joined_party else "",
        Key.JOINED_CENTRE: shown_date(person.joined_centre) if person.joined_centre else "",
        Key.ROLES: shown_lines([Role(role).label for role in person.roles]),
        Key.UNIT: _unit_name(units, person.unit),
        Key.POSITION: person.position,
        Key.LEADER: person.leader,
        Key.LEADER_POSITION: person.leader_position,
        Key.STAFF: person.staff,
        Key.SECRETARY: person.secretary,
        Key.MEMBERS: person.members,
        **team,
        Key.CITATION: person.citation,
        Key.PHONE: phone,
        Key.HONOURS: shown_lines(person.honours),
        Key.TITLE: nomination.title if nomination else "",
        Key.SUBTITLE: nomination.subtitle if nomination else "",
        Key.PHOTO: "",
        Key.STORY: box_text(category, nomination) if nomination and category else "",
    }
    return {key: "" if value is None else str(value) for key, value in values.items()}


def team_cells(person: Person, people: Mapping[str, Person]) -> dict[Key, str]:
    """A team's 负责人, 成员人数 and 成员名单 (王晓明（队长）、孙丽华、赵卫东（志愿者）):
    a member with a record by the record's name; empty for any other kind."""
    if person.kind != RecordKind.TEAM:
        return {Key.TEAM_LEADER: "", Key.TEAM_SIZE: "", Key.TEAM_MEMBERS: ""}
    named = []
    for member in person.team:
        record = people.get(member.person) if member.person else None
        name = record.name if record else member.name or member.person or ""
        named.append((name, member.role))
    leaders = [name for name, role in named if role in LEADER_ROLES]
    listed = [f"{name}（{role}）" if role else name for name, role in named]
    return {
        Key.TEAM_LEADER: "、".join(leaders),
        Key.TEAM_SIZE: str(len(named)) if named else "",
        Key.TEAM_MEMBERS: "、".join(listed),
    }


def box_text(category: Category, nomination: Nomination) -> str:
    """What the form's 主要事迹 box holds, as Markdown: the summary where the category asks
    for one (its lines as paragraphs, escaped where Markdown would read them), else the story."""
    if not category.asks_summary:
        return nomination.story
    lines = (nomination.summary or "").splitlines()
    return story_markdown([[Run(line)] for line in lines if line.strip()])


def _unit_name(units: dict[str, Unit], unit_id: str) -> str:
    unit = units.get(unit_id)
    return unit.name if unit else unit_id
