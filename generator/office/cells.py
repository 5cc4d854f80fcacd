"""A nomination's fields as a form or a sheet shows them: the text of each cell."""

from __future__ import annotations

from ..model.records import Campaign, Category, Nomination, Person, Role, Unit
from .layout import Key
from .storytext import Run, story_markdown
from .values import shown_date, shown_lines, shown_year


def record_cells(
    person: Person,
    nomination: Nomination | None,
    campaign: Campaign,
    units: dict[str, Unit],
    phone: str | None,
) -> dict[Key, str]:
    """Every field's text; a field the record leaves empty is "" (the story is Markdown)."""
    category = campaign.category(nomination.category) if nomination else None
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
        Key.PHONE: phone,
        Key.HONOURS: shown_lines(person.honours),
        Key.TITLE: nomination.title if nomination else "",
        Key.SUBTITLE: nomination.subtitle if nomination else "",
        Key.PHOTO: "",
        Key.STORY: box_text(category, nomination) if nomination and category else "",
    }
    return {key: "" if value is None else str(value) for key, value in values.items()}


def has_summary(category: Category) -> bool:
    """Whether the category asks for a summary in the form's 主要事迹 box (and the story as a
    separate 事迹材料)."""
    return any((category.summary.minimum, category.summary.maximum, category.summary.recommended))


def box_text(category: Category, nomination: Nomination) -> str:
    """What the form's 主要事迹 box holds, as Markdown: the summary where the category asks
    for one (its lines as paragraphs, escaped where Markdown would read them), else the story."""
    if not has_summary(category):
        return nomination.story
    lines = (nomination.summary or "").splitlines()
    return story_markdown([[Run(line)] for line in lines if line.strip()])


def _unit_name(units: dict[str, Unit], unit_id: str) -> str:
    unit = units.get(unit_id)
    return unit.name if unit else unit_id
