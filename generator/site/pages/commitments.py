"""/units/<id>/commitments/ (承诺墙): the public commitments (亮承诺) of a unit's own record and
its people, or of a party branch (its record and the people whose `branch:` it is), each with
its status (进行中、已兑现、未兑现), the posts (亮形象), the window and the latest 群众评议.

A wall exists only where at least one of those records has `commitments:`; the unit's page
links to it. Walls stay out of the navigation (like units and people): the unit pages link
them, and search finds them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model.records import CommitmentStatus
from ..views import PersonView, UnitView, Views, wall_uri
from .spec import PageContext, PageKind, PageSpec

# The statuses in the order the wall counts them.
STATUS_ORDER = (CommitmentStatus.KEPT, CommitmentStatus.ONGOING, CommitmentStatus.MISSED)


@dataclass(frozen=True)
class CommitmentsContext(PageContext):
    unit: UnitView
    people: list[PersonView]  # the records with commitments: the unit's or branch's own first
    counts: list[tuple[str, int]]  # (status, commitments in it), 已兑现 · 进行中 · 未兑现


def commitment_walls(views: Views) -> Iterator[PageSpec]:
    """One 承诺墙 per unit (or branch) that has commitments, in the order of units.yml."""
    walls = views.walls
    for unit_id, unit in views.content.units.items():
        records = walls.get(unit_id)
        if not records:
            continue
        view = views.unit(unit_id)
        assert view is not None, unit_id  # every unit of the content has its view
        people = [views.person(p.id) for p in records]
        statuses = [c.status for p in records for c in p.commitments]
        counts = [(str(s.value), n) for s in STATUS_ORDER if (n := statuses.count(s))]
        yield PageSpec(
            wall_uri(unit_id),
            PageKind.COMMITMENTS,
            f"{unit.name}承诺墙",
            CommitmentsContext(view, people, counts),
            description=f"{unit.name}党组织和党员的公开承诺及兑现情况",
            search_keys=(unit.name,),
        )
