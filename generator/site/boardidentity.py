"""亮身份 and 亮承诺 on boards and screens, on the build date: a 党员公示栏's members (each with
photo, post, window, commitment and 满意率, all on its PersonView), a branch's sign (its
committee with their photos) and a 承诺墙's records. Read in boards/identity.py."""

from __future__ import annotations

from dataclasses import dataclass

from ..boards.identity import Scope, party_members, rank
from .views import PersonView, Views, wall_uri


@dataclass(frozen=True)
class SignMember:
    person: PersonView
    role: str  # 书记, 组织委员 …


@dataclass(frozen=True)
class BranchSign:
    """A floor branch's sign (党支部公示牌): the branch, where it is, its committee."""

    branch: PersonView  # the branch's record: its name, its photo, its facts (党员人数)
    floor: str | None  # 一楼 … in words: the floor of the branch's unit (1楼)
    committee: tuple[SignMember, ...]  # 书记 first, then 副书记 and the 委员
    wall: str | None  # src_uri of the branch's 承诺墙, when it has one


def members(views: Views, scope: Scope) -> tuple[PersonView, ...]:
    """The party members a `members:` section shows (boards/identity.party_members)."""
    return tuple(views.person(p.id) for p in party_members(views.content, scope))


def branch_sign(views: Views, record_id: str) -> BranchSign:
    record = views.content.people[record_id]
    unit = views.content.units.get(record.unit)
    people = views.content.people
    ranked = sorted(
        (m for m in record.committee if m.person in people),
        key=lambda m: rank(m.role),
    )
    return BranchSign(
        views.person(record_id),
        f"{unit.floor}楼" if unit is not None and unit.floor else None,
        tuple(SignMember(views.person(m.person), m.role) for m in ranked),
        wall_uri(record.unit) if record.unit in views.walls else None,
    )


def wall_people(views: Views, unit_id: str) -> tuple[PersonView, ...]:
    """The records on the 承诺墙 of `unit_id`, as the wall orders them."""
    return tuple(views.person(p.id) for p in views.walls.get(unit_id, []))
