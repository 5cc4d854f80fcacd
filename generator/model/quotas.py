"""Unit quotas (`unit_quota`): which unit holds the quota a nomination counts against, and
how many each holder has nominated.

One count for everyone who counts: the check of the records (`rules.py`), `honours import`
(the records kept and the readings proposed) and the campaign page's 名额 table. A
nomination's nominating unit is its `unit:` or its nominee's unit; the holder is that unit
itself, or with `per:` the nearest unit of one of those kinds at or above it (units.yml's
`parent` chain). Withdrawn nominations never count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..sources.messages import sentence, suggestion
from .records import Category, Nomination, NominationStatus, Person, Unit, UnitKind, UnitQuota

T = TypeVar("T")

# The units that nominate where the rule names no holder kind (a branch nominates only
# where a table names it): the rows of the 名额分配表 of a `by_staff` rule without `per`.
NOMINATING_KINDS = (UnitKind.HALL, UnitKind.DEPARTMENT, UnitKind.TOWN_CENTRE, UnitKind.WINDOW)


def holder_of(units: Mapping[str, Unit], unit_id: str, rule: UnitQuota) -> Unit | None:
    """The unit whose quota a nomination by `unit_id` counts against: the unit itself
    without `per`, else the nearest unit of a `per` kind at or above it; None when there is
    none (or `unit_id` is not a unit)."""
    unit = units.get(unit_id)
    if not rule.per:
        return unit
    seen: set[str] = set()
    while unit is not None and unit.id not in seen:
        if unit.kind in rule.per:
            return unit
        seen.add(unit.id)
        unit = units.get(unit.parent or "")
    return None


def quota_units(units: Mapping[str, Unit], rule: UnitQuota) -> list[Unit]:
    """The units a 名额分配表 lists for `rule`, in units.yml's order: with `per`, every unit
    of those kinds; with a table, the units it (or `extra`) names (the others get the
    default, said in words); by staff, every unit that nominates."""
    if rule.per:
        return [u for u in units.values() if u.kind in rule.per]
    if not rule.bands:
        named = {unit_id for unit_id, _ in (*rule.table, *rule.extra)}
        return [u for u in units.values() if u.id in named]
    return [u for u in units.values() if u.kind in NOMINATING_KINDS or dict(rule.extra).get(u.id)]


def kinds_text(rule: UnitQuota) -> str:
    """The holders' kinds as a message names them: “大厅”, or “大厅”或“街镇便民服务中心”."""
    return "或".join(f"“{UnitKind(kind).label}”" for kind in rule.per)


@dataclass(frozen=True)
class Held(Generic[T]):
    """One holder's count in one category: the unit, its places and what counts against it."""

    holder: Unit
    allowed: int  # the rule's places and the extra ones
    added: int  # of which extra (可根据实际情况酌情增加)
    members: tuple[T, ...]  # in the order given

    @property
    def over(self) -> bool:
        return len(self.members) > self.allowed


@dataclass(frozen=True)
class QuotaCount(Generic[T]):
    """What counts against each holder, and what has no holder."""

    held: dict[str, Held[T]]  # by holder id, in the order first met
    unheld: tuple[tuple[T, Unit], ...]  # (item, its nominating unit): no `per` unit above it

    def nominated(self, unit_id: str) -> int:
        found = self.held.get(unit_id)
        return len(found.members) if found else 0


def count_by_holder(
    rule: UnitQuota, units: Mapping[str, Unit], entries: Iterable[tuple[T, str]]
) -> QuotaCount[T]:
    """`entries` as (item, nominating unit id), counted per holder. An id that is not a unit
    is left out: its own problem is reported where it is written."""
    members: dict[str, list[T]] = {}
    unheld: list[tuple[T, Unit]] = []
    for item, unit_id in entries:
        unit = units.get(unit_id)
        if unit is None:
            continue
        holder = holder_of(units, unit_id, rule)
        if holder is None:
            unheld.append((item, unit))
        else:
            members.setdefault(holder.id, []).append(item)
    held = {
        holder_id: Held(
            units[holder_id],
            rule.allowed(units[holder_id]),
            rule.added(units[holder_id]),
            tuple(items),
        )
        for holder_id, items in members.items()
    }
    return QuotaCount(held, tuple(unheld))


def nominating_unit(nomination: Nomination, people: Mapping[str, Person]) -> str | None:
    """The unit that made the nomination: its `unit:`, or the nominee's unit."""
    person = people.get(nomination.nominee)
    return nomination.unit or (person.unit if person else None)


def count_nominations(
    category: Category,
    units: Mapping[str, Unit],
    people: Mapping[str, Person],
    nominations: Iterable[Nomination],
) -> QuotaCount[Nomination]:
    """The nominations of `category` among `nominations` (withdrawn ones left out) per
    holder of its `unit_quota`; a category without one has no holders."""
    if category.unit_quota is None:
        return QuotaCount({}, ())
    entries = []
    for nomination in nominations:
        if nomination.category != category.id or nomination.status == NominationStatus.WITHDRAWN:
            continue
        unit_id = nominating_unit(nomination, people)
        if unit_id is not None:
            entries.append((nomination, unit_id))
    return count_by_holder(category.unit_quota, units, entries)


# -- messages, the same wherever the count is made ------------------------------------------------


def holder_text(held: Held[T], rule: UnitQuota) -> str:
    """The holder as a message names it: “企业服务大厅”（64 人，含所属单位）."""
    scope = "，含所属单位" if rule.per else ""
    return f"“{held.holder.name}”（{held.holder.staff} 人{scope}）"


def allowed_text(held: Held[T]) -> str:
    """The places as a message says them: 2 名, or 3 名（含酌情增加 1 名）."""
    extra = f"（含酌情增加 {held.added} 名）" if held.added else ""
    return f"{held.allowed} 名{extra}"


def over_message(held: Held[T], rule: UnitQuota, category: Category, names: Iterable[str]) -> str:
    return (
        f"超出推荐名额：{holder_text(held, rule)}在类别“{category.name}”中可推荐 "
        f"{allowed_text(held)}，现推荐 {len(held.members)} 名（{'、'.join(names)}）"
    )


def unknown_unit_message(rule: UnitQuota, key: str, unit_id: str, units: Mapping[str, Unit]) -> str:
    """A unit id of `table` or `extra` that units.yml does not have."""
    return sentence(
        f"字段“{rule.where}.{key}”中的“{unit_id}”不是已登记的单位",
        suggestion(unit_id, units),
        "请先在 units.yml 中登记",
    )


def not_holder_message(rule: UnitQuota, key: str, unit: Unit) -> str:
    """A unit of `table` or `extra` that can't hold the quota: it is not of a `per` kind."""
    return (
        f"字段“{rule.where}.{key}”中的“{unit.id}”（{unit.name}）是{unit.kind_label}，"
        f"而本类别的名额按{kinds_text(rule)}核对（per），写在这里的名额不会用到"
    )


def unheld_message(name: str, unit: Unit, rule: UnitQuota, category: Category) -> str:
    return (
        f"“{name}”的推荐单位“{unit.name}”不属于任何{kinds_text(rule)}，"
        f"无法核对类别“{category.name}”的推荐名额"
    )
