"""/units/ (every unit, by kind) and /units/<id>/ (its people, sub-units, honours and, where it
has one, a link to its 承诺墙)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..views import NominationView, PersonView, UnitView, Views, wall_uri
from .common import group_by, nominations_by_person
from .spec import HIDE_TOC, PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class UnitsContext(PageContext):
    groups: list[tuple[str, list[UnitView]]]  # (kind label, its units by floor and name)
    walls: dict[str, str]  # unit id -> its 承诺墙, for the units that have one


@dataclass(frozen=True)
class UnitContext(PageContext):
    unit: UnitView
    staff: int
    parent: UnitView | None
    children: list[UnitView]
    people: list[PersonView]  # by name
    honours: list[NominationView]  # its people's, awarded
    commitments_uri: str | None  # its 承诺墙 (units/<id>/commitments/), when it has one


def units_index(views: Views) -> PageSpec:
    units = sorted(views.content.units.values(), key=lambda u: (u.floor or "", u.name))
    groups = group_by(units, lambda u: u.kind_label)
    return PageSpec(
        "units/index.md",
        PageKind.UNITS,
        "单位名录",
        UnitsContext(
            [(label, [_unit(views, u.id) for u in group]) for label, group in groups],
            {unit_id: wall_uri(unit_id) for unit_id in views.walls},
        ),
        hide=HIDE_TOC,
    )


def unit_pages(views: Views) -> Iterator[PageSpec]:
    nominations = nominations_by_person(views)
    walls = views.walls
    members: dict[str, list[PersonView]] = defaultdict(list)
    for person_id, person in views.content.people.items():
        members[person.unit].append(views.person(person_id))
    children: dict[str, list[UnitView]] = defaultdict(list)
    for unit in views.content.units.values():
        if unit.parent:
            children[unit.parent].append(_unit(views, unit.id))
    for unit_id, unit in views.content.units.items():
        people = sorted(members.get(unit_id, []), key=lambda p: p.name)
        honours = [n for p in people for n in nominations.get(p.id, []) if n.result == "awarded"]
        context = UnitContext(
            unit=_unit(views, unit_id),
            staff=unit.staff,
            parent=views.unit(unit.parent) if unit.parent else None,
            children=children.get(unit_id, []),
            people=people,
            honours=honours,
            commitments_uri=wall_uri(unit_id) if unit_id in walls else None,
        )
        yield PageSpec(
            f"units/{unit_id}.md",
            PageKind.UNIT,
            unit.name,
            context,
            description=f"{unit.name}（{unit.kind_label}）",
            hide=HIDE_TOC,
            search_keys=(unit.name,),
        )


def _unit(views: Views, unit_id: str) -> UnitView:
    view = views.unit(unit_id)
    assert view is not None, unit_id  # every unit of the content has its view
    return view
