"""`honours import`: what returned forms and sheet rows say, turned into proposed people and
nomination records.

Each `Reading` is read cell by cell (every unreadable cell is an error naming it, none stops
the others), matched to a category of the campaign, a unit of units.yml and a person of
people/ (by name and unit), and merged with the other readings of the same person: the later
reading wins field by field, and an empty cell never wins. `proposals.py` turns what they say
into the files to write, field by field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from ..model.loader import load_content
from ..model.quotas import count_by_holder, unheld_message
from ..model.records import (
    Campaign,
    Category,
    Content,
    NominationStatus,
    Person,
    RecordKind,
    TeamMember,
)
from ..sources.messages import sentence, suggestion
from ..sources.names import name_slug
from ..sources.problems import Mark, Problems
from .layout import FIELDS, FORM_NAMES, SUMMARY_FIELDS, FormField, Key
from .proposals import Change, Draft, FieldChange, Plan, Read, propose, render
from .readings import Reading
from .values import (
    Cell,
    Unreadable,
    cell_text,
    read_count,
    read_day,
    read_gender,
    read_lines,
    read_members,
    read_phone,
    read_political_status,
    read_roles,
    read_text,
    read_year,
)

__all__ = ["Change", "FieldChange", "Plan", "plan_import"]  # what `honours import` uses

READERS: dict[Key, Callable[[Cell], Read]] = {
    Key.NAME: read_text,
    Key.GENDER: read_gender,
    Key.BORN: read_year,
    Key.ETHNICITY: read_text,
    Key.POLITICAL_STATUS: read_political_status,
    Key.JOINED_PARTY: read_day,
    Key.JOINED_CENTRE: read_day,
    Key.ROLES: read_roles,
    Key.POSITION: read_text,
    Key.LEADER: read_text,
    Key.LEADER_POSITION: read_text,
    Key.STAFF: read_count,
    Key.SECRETARY: read_text,
    Key.MEMBERS: read_count,
    Key.TEAM_MEMBERS: read_members,
    Key.CITATION: read_text,
    Key.PHONE: read_phone,
    Key.HONOURS: read_lines,
    Key.TITLE: read_text,
    Key.SUBTITLE: read_text,
}
_HAN_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
NOTHING = frozenset({"无", "暂无", "/", "／", "—", "-", "——"})  # what an empty honours cell says


def plan_import(root: Path, campaign_id: str, readings: list[Reading], problems: Problems) -> Plan:
    """The files that importing `readings` into campaign `campaign_id` would write; every
    problem goes to `problems` (nothing may be written while it has errors)."""
    plan = Plan(root, problems)
    loaded = load_content(root)
    if loaded.content is None:
        problems.extend(loaded.problems.errors)
        return plan
    campaign = loaded.content.campaigns.get(campaign_id)
    if campaign is None:
        _no_campaign(root, campaign_id, loaded.content, problems)
        return plan
    importer = _Importer(loaded.content, campaign, problems)
    for reading in readings:
        importer.read(reading)
    importer.settle()
    importer.check_quotas()
    drafts = importer.drafts.values()
    plan.changes = propose(drafts, loaded.content, loaded.private, campaign, problems)
    render(plan.changes, root, problems)
    return plan


def _no_campaign(root: Path, campaign_id: str, content: Content, problems: Problems) -> None:
    index = root / "campaigns" / campaign_id / "index.md"
    if index.exists():
        message = f"活动“{campaign_id}”的通知有错误，无法读取：请先按 honours check 的提示改正"
    else:
        message = sentence(
            f"活动“{campaign_id}”不存在：找不到 campaigns/{campaign_id}/index.md",
            suggestion(campaign_id, content.campaigns),
        )
    problems.error(Mark(index), message)


class _Importer:
    """The readings of one import, merged by person as they are read."""

    def __init__(self, content: Content, campaign: Campaign, problems: Problems) -> None:
        self.content = content
        self.campaign = campaign
        self.problems = problems
        # by person id and category (a window may be nominated in two categories of a
        # campaign), in the order first read
        self.drafts: dict[tuple[str, str], Draft] = {}
        self.new_ids: dict[tuple[str, str], str] = {}  # (name, unit) → the id proposed
        folder = content.root / "people"
        self.taken = {p.stem for p in folder.glob("*")} if folder.is_dir() else set()

    def read(self, reading: Reading) -> None:
        category = self._category(reading)
        kind = category.kind if category else (reading.kind or RecordKind.PERSON)
        known, unit_id = self._unit(reading)
        known_nominator, nominator = self._unit(reading, Key.NOMINATOR)
        values = self._values(reading, kind)
        members = values.get(Key.TEAM_MEMBERS)
        if isinstance(members, tuple):
            values[Key.TEAM_MEMBERS] = self._linked(members)
        name = values.pop(Key.NAME, None)
        if not isinstance(name, str):
            self._error(reading, Key.NAME, "未填写")
            return
        name = _HAN_GAP.sub("", name)  # 王　芳: Word's padding of a two-character name
        found = self._person(reading, name, unit_id, kind) if known else None
        if category is None or found is None or not known_nominator:
            return
        person_id, person = found
        story = reading.story
        if story is None and Key.STORY in reading.cells:
            story = cell_text(reading.cells[Key.STORY])
        summary = None
        if category.asks_summary and not reading.story_document:
            # the form's 主要事迹 box holds the summary; the story comes in its 事迹材料
            summary, story = reading.box_text, None
        draft = self.drafts.get((person_id, category.id))
        if draft is None:
            unit = unit_id or (person.unit if person else "")
            draft = Draft(person_id, person, name, unit, kind, category, reading.mark(Key.UNIT))
            self.drafts[person_id, category.id] = draft
        draft.merge(reading, category, values, story, summary)
        if nominator is not None:
            draft.nominator = nominator
            draft.unit_mark = reading.mark(Key.NOMINATOR)

    def settle(self) -> None:
        """Each person's nomination in the campaign, once every reading is in: the one in
        the category the readings give, or the person's own file, or their only one."""
        nominations = self.content.nominations_of(self.campaign.id)
        drafted = Counter(person_id for person_id, _ in self.drafts)
        for draft in self.drafts.values():
            mine = [n for n in nominations if n.nominee == draft.person_id]
            same = [n for n in mine if n.category == draft.category.id]
            own = [n for n in mine if n.file_id == draft.person_id]
            if drafted[draft.person_id] > 1:  # several categories: each its own nomination
                own = mine = []
            found = same or own or (mine if len(mine) == 1 else [])
            draft.nomination = found[0] if found else None

    def check_quotas(self) -> None:
        """Nominations per quota holder and category, those kept and those proposed, against
        the category's `unit_quota` (its `quota` is how many are awarded, not a limit here),
        counted as `honours check` counts them (`model.quotas`). The error is given at the
        unit cell of each new nomination of a holder over its quota, or of a unit that has no
        holder."""
        updated = {d.nomination.file_id for d in self.drafts.values() if d.nomination}
        for category in self.campaign.categories:
            rule = category.unit_quota
            if rule is None:
                continue
            # (name, the draft when it is new in the category), and its nominating unit
            entries: list[tuple[tuple[str, Draft | None], str]] = []
            for nomination in self.content.nominations_of(self.campaign.id):
                kept = nomination.category == category.id and nomination.file_id not in updated
                person = self.content.people.get(nomination.nominee)
                if kept and nomination.status != NominationStatus.WITHDRAWN and person:
                    entries.append(((person.name, None), nomination.unit or person.unit))
            for draft in self.drafts.values():
                if draft.category == category and draft.status != NominationStatus.WITHDRAWN:
                    new = draft.nomination is None or draft.nomination.category != category.id
                    entries.append(((draft.name, draft if new else None), draft.nominating_unit))
            count = count_by_holder(rule, self.content.units, entries)
            for (name, new_draft), unit in count.unheld:
                if new_draft is not None:
                    self.problems.error(
                        new_draft.unit_mark, unheld_message(name, unit, rule, category)
                    )
            for held in count.held.values():
                drafts = [d for _, d in held.members if d is not None]
                if not drafts or not held.over:
                    continue
                total = len(held.members)
                scope = "（含所属单位）" if rule.per else ""
                added = f"，含酌情增加{held.added}名" if held.added else ""
                message = (
                    f"“{held.holder.name}”{scope}推荐“{category.name}”{total}名，"
                    f"超出名额{total - held.allowed}名（可推荐{held.allowed}名{added}）："
                    f"{'、'.join(name for name, _ in held.members)}"
                )
                for proposed in drafts:
                    self.problems.error(proposed.unit_mark, message)

    def _category(self, reading: Reading) -> Category | None:
        categories = self.campaign.categories
        text = read_text(reading.cells.get(Key.CATEGORY))
        if text:
            wanted = "".join(text.split())
            category = next(
                (c for c in categories if wanted in ("".join(c.name.split()), c.id)), None
            )
            if category is None:
                listed = [c.name for c in categories]
                self._error(
                    reading,
                    Key.CATEGORY,
                    sentence(
                        f"“{text}”不是本活动的类别",
                        suggestion(text, listed),
                        f"本活动类别：{'、'.join(listed)}",
                    ),
                )
                return None
        else:
            # a 事迹材料 without the line belongs to the one category asking for one
            fitting = [
                c
                for c in categories
                if reading.kind in (None, c.kind) and (c.asks_summary or not reading.story_document)
            ]
            if len(fitting) != 1:
                names = "、".join(c.name for c in fitting or categories)
                self._error(reading, Key.CATEGORY, f"未填写，请写明本活动的类别之一（{names}）")
                return None
            category = fitting[0]
        if reading.kind is not None and reading.kind != category.kind:
            form = f"{RecordKind(reading.kind).label}{FORM_NAMES[reading.kind]}"
            self._error(
                reading,
                Key.CATEGORY,
                f"类别“{category.name}”只接受{category.kind_label}，而本表是{form}",
            )
            return None
        return category

    def _unit(self, reading: Reading, key: Key = Key.UNIT) -> tuple[bool, str | None]:
        """Whether the unit (or the 推荐单位) is known, and its id (None when the cell is
        empty or missing); an unknown unit is reported."""
        text = read_text(reading.cells.get(key))
        if not text:
            return True, None
        wanted = "".join(text.split())
        for unit in self.content.units.values():
            if wanted in ("".join(unit.name.split()), unit.id):
                return True, unit.id
        names = [unit.name for unit in self.content.units.values()]
        self.problems.error(
            reading.mark(key),
            sentence(f"单位“{text}”不在 units.yml 中", suggestion(text, names)),
        )
        return False, None

    def _values(self, reading: Reading, kind: RecordKind) -> dict[Key, Read]:
        """Every filled cell of the kind's fields, read; an unreadable one is reported."""
        wanted = {item.key for item in FIELDS[kind]}
        values: dict[Key, Read] = {}
        for key, cell in reading.cells.items():
            reader = READERS.get(key)
            text = cell_text(cell)
            if reader is None or key not in wanted or not text:
                continue
            if key == Key.HONOURS and text in NOTHING:
                continue
            try:
                value = reader(cell)
            except Unreadable as reason:
                self._error(reading, key, str(reason))
                continue
            if isinstance(value, tuple) and all(isinstance(item, str) for item in value):
                # one line each, no tab (YAML refuses tabs)
                value = tuple(" ".join(str(item).split()) for item in value)
            values[key] = value
        return values

    def _person(
        self, reading: Reading, name: str, unit_id: str | None, kind: RecordKind
    ) -> tuple[str, Person | None] | None:
        """The person the reading is about: (id, record), or (a new id, None), or None when
        it cannot be told (reported)."""
        wanted = "".join(name.split())
        same = [
            p
            for p in self.content.people.values()
            if "".join(p.name.split()) == wanted and p.kind == kind
        ]
        group = [p for p in same if p.unit == unit_id] if unit_id else same
        if len(group) == 1:
            return group[0].id, group[0]
        if len(group) > 1:
            group.sort(
                key=lambda p: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p.id)]
            )
            listed = "、".join(f"{p.id}（{self._unit_name(p.unit)}）" for p in group)
            what = "姓名" if kind == RecordKind.PERSON else "名称"
            self.problems.error(
                reading.mark(Key.NAME),
                f"{what}“{name}”对应多条记录：{listed}，请在表中写明单位或先合并记录",
            )
            return None
        if not unit_id:
            self._error(reading, Key.UNIT, f"未填写，新建“{name}”的记录须写明单位")
            return None
        if same:
            listed = "、".join(f"{p.id}（{self._unit_name(p.unit)}）" for p in same)
            self.problems.warning(
                reading.mark(Key.UNIT),
                f"“{name}”在其他单位已有记录：{listed}；将在“{self._unit_name(unit_id)}”新建记录。"
                "如是同一人调动单位，请先修改原记录的 unit",
            )
        return self._new_id(name, unit_id), None

    def _linked(self, members: tuple[object, ...]) -> tuple[TeamMember, ...]:
        """A 成员名单's names linked to their records: a name exactly one person of people/
        has becomes that record's id (`person:`), any other stays a name (`name:`)."""
        linked = []
        for member in members:
            if not isinstance(member, TeamMember):
                continue
            wanted = "".join(member.name.split())
            same = [
                p.id
                for p in self.content.people.values()
                if p.kind == RecordKind.PERSON and "".join(p.name.split()) == wanted
            ]
            if len(same) == 1:
                linked.append(TeamMember("", same[0], member.role))
            else:
                linked.append(member)
        return tuple(linked)

    def _new_id(self, name: str, unit_id: str) -> str:
        """An id from the name (wang-fang, wang-fang-2 …), the same for every reading of the
        same new person, never one a file in people/ or another new person has."""
        key = ("".join(name.split()), unit_id)
        if key not in self.new_ids:
            base = name_slug(name)
            candidate, number = base, 2
            while candidate in self.taken:
                candidate, number = f"{base}-{number}", number + 1
            self.taken.add(candidate)
            self.new_ids[key] = candidate
        return self.new_ids[key]

    def _unit_name(self, unit_id: str) -> str:
        unit = self.content.units.get(unit_id)
        return unit.name if unit else unit_id

    def _error(self, reading: Reading, key: Key, reason: str) -> None:
        self.problems.error(reading.mark(key), f"“{label(reading, key)}”：{reason}")


def label(reading: Reading, key: Key) -> str:
    """The label of the cell that holds `key` in the reading's form or sheet."""
    fields: tuple[FormField, ...] = FIELDS[reading.kind] if reading.kind else SUMMARY_FIELDS
    for item in (*fields, *FIELDS[RecordKind.PERSON]):
        if item.key == key:
            return item.label
    return str(key)
