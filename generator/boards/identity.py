"""The board sections of 亮身份 and 亮承诺: `members:` (a 党员公示栏: the party members of a
unit, a floor or a branch, with photo, post, window and commitment), `branch_sign:` (a floor
branch's sign: its 书记 and 委员 with their photos) and `commitments:` (a unit's or a branch's
承诺墙). Read and checked here against the records; shown by site/boardidentity.py.

A party member, for a board, is a person whose `branch:` names a party branch: the record says
so itself, and nothing private (政治面貌 may be unpublished) is needed to find them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..model.records import Content, Person, PostKind, RecordKind, UnitKind
from ..sources.fields import Fields
from ..sources.messages import sentence, suggestion

ScopeKey = Literal["unit", "floor", "branch"]
SCOPE_KEYS: tuple[ScopeKey, ...] = ("unit", "floor", "branch")
# Committee roles in the order a sign and a 党员公示栏 show them.
ROLE_ORDER = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员")
_POST_ORDER = {kind: number for number, kind in enumerate(PostKind)}
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Scope:
    """Whose party members a `members:` section shows: a unit's (and its windows'), a floor's
    (the units on it) or a branch's (the people whose `branch:` it is)."""

    key: ScopeKey
    value: str


def branch_ids(content: Content) -> list[str]:
    return [u.id for u in content.units.values() if u.kind == UnitKind.BRANCH]


def read_members(item: Fields, content: Content) -> Scope | None:
    """`members: {unit: hall-1f}`, `{floor: "1"}` or `{branch: branch-1}`: exactly one."""
    source = item.mapping("members", SCOPE_KEYS)
    if source is None:
        item.error("members", "不能为空：应写 unit、floor 或 branch 之一，如 members: {floor: 1}")
        return None
    if source.broken:  # not a mapping: said already
        return None
    given = [key for key in SCOPE_KEYS if source.has(key)]
    if len(given) != 1:
        item.error("members", "应写 unit（单位）、floor（楼层）或 branch（党支部）三者之一")
        return None
    key = given[0]
    value = source.text(key, required=True) if key == "floor" else source.identifier(key, True)
    if value is None:
        return None
    if key == "unit" and value not in content.units:
        source.error(
            "unit", sentence(f"的值“{value}”不是已登记的单位", suggestion(value, content.units))
        )
        return None
    if key == "floor" and value not in {u.floor for u in content.units.values()}:
        floors = sorted({u.floor for u in content.units.values() if u.floor})
        source.error(
            "floor", f"的值“{value}”不是任何单位所在的楼层；已有：{'、'.join(floors) or '（无）'}"
        )
        return None
    if key == "branch" and value not in branch_ids(content):
        source.error(
            "branch",
            sentence(f"的值“{value}”不是已登记的党支部", suggestion(value, branch_ids(content))),
        )
        return None
    scope = Scope(key, value)
    if not party_members(content, scope):
        source.warning(
            key,
            f"的值“{value}”下没有党员：党员公示栏只列出人员记录中写有 branch:（所在党支部）的个人",
        )
    return scope


def _within(content: Content, unit_id: str, top: str) -> bool:
    """`unit_id` is `top` or one of the units under it (a hall's windows)."""
    seen: set[str] = set()
    while unit_id and unit_id not in seen:
        if unit_id == top:
            return True
        seen.add(unit_id)
        unit = content.units.get(unit_id)
        unit_id = (unit.parent if unit else None) or ""
    return False


def party_members(content: Content, scope: Scope) -> list[Person]:
    """The party members in `scope`, as a 党员公示栏 orders them: a branch committee's members
    first (书记, 副书记, the 委员), then those holding a post (示范岗, 先锋岗, 责任区), then by
    window number, then by name."""
    branches = set(branch_ids(content))
    found = []
    for person in content.people.values():
        if person.kind != RecordKind.PERSON or person.branch not in branches:
            continue
        unit = content.units.get(person.unit)
        if (
            (scope.key == "branch" and person.branch == scope.value)
            or (scope.key == "unit" and _within(content, person.unit, scope.value))
            or (scope.key == "floor" and unit is not None and unit.floor == scope.value)
        ):
            found.append(person)
    seats = {
        member.person: rank(member.role)
        for record in content.people.values()
        for member in record.committee
    }

    def order(person: Person) -> tuple[int, int, int, str, str]:
        post = min((_POST_ORDER[PostKind(p.kind)] for p in person.posts), default=len(_POST_ORDER))
        number = _NUMBER.search(person.window_no or "")
        seat = seats.get(person.id, len(ROLE_ORDER) + 1)
        return seat, post, int(number.group()) if number else 10**6, person.name, person.id

    return sorted(found, key=order)


def rank(role: str) -> int:
    """Where a committee role stands: 书记 first, then 副书记 and the 委员 (ROLE_ORDER), then
    any other role."""
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def wall_records(content: Content) -> dict[str, list[Person]]:
    """Unit id -> the records on its 承诺墙, for the units that have one: the records whose
    `unit:` it is and, for a party branch, the people whose `branch:` it is; only those with
    commitments, the unit's (or branch's) own records first, then people by name."""
    walls: dict[str, list[Person]] = {}
    for person in content.people.values():
        if not person.commitments:
            continue
        units = [person.unit]
        branch = content.units.get(person.branch or "")
        if branch is not None and branch.kind == UnitKind.BRANCH and branch.id != person.unit:
            units.append(branch.id)
        for unit_id in units:
            if unit_id in content.units:
                walls.setdefault(unit_id, []).append(person)
    return {
        unit_id: sorted(records, key=lambda p: (p.kind == RecordKind.PERSON, p.name, p.id))
        for unit_id, records in walls.items()
    }


def branch_record(content: Content, written: str) -> Person | None:
    """The branch record `written` names: a people/ record of kind branch, by its id or by the
    id of its unit (a branch's record and its unit usually share the id)."""
    record = content.people.get(written)
    if record is not None and record.kind == RecordKind.BRANCH:
        return record
    return next(
        (p for p in content.people.values() if p.kind == RecordKind.BRANCH and p.unit == written),
        None,
    )


def read_branch_sign(item: Fields, content: Content) -> str | None:
    """`branch_sign: branch-1`: the branch record whose committee (书记、委员) the sign shows."""
    written = item.identifier("branch_sign", required=True)
    if written is None:
        return None
    record = branch_record(content, written)
    if record is None:
        branches = [p.id for p in content.people.values() if p.kind == RecordKind.BRANCH]
        item.error(
            "branch_sign",
            sentence(
                f"的值“{written}”不是党支部的记录（people/ 中 kind: branch 的文件）",
                suggestion(written, branches),
            ),
        )
        return None
    if not record.committee:
        item.error(
            "branch_sign",
            f"所指的“{record.name}”没有写 committee（支部委员会）："
            f"请在 people/{record.id}.md 中写明书记和委员，如 committee: [{{person: chen-jing, role: 书记}}]",
        )
        return None
    return record.id


def read_commitments(item: Fields, content: Content) -> str | None:
    """`commitments: branch-1`: the unit (or branch) whose 承诺墙 the section shows."""
    unit_id = item.identifier("commitments", required=True)
    if unit_id is None:
        return None
    if unit_id not in content.units:
        item.error(
            "commitments",
            sentence(f"的值“{unit_id}”不是已登记的单位", suggestion(unit_id, content.units)),
        )
        return None
    if not wall_records(content).get(unit_id):
        item.warning(
            "commitments",
            f"：“{content.units[unit_id].name}”及其人员都没有写 commitments（公开承诺），该栏目为空",
        )
    return unit_id
