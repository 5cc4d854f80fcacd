"""What an import proposes: the files it would write, field by field, shown as a dry-run table
before anything is written (`honours import` writes only with --write)."""

from __future__ import annotations

import hashlib
import io
import math
import os
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Literal

from PIL import Image, ImageOps

from ..media.imaging import PhotoError, read_photo
from ..model.campaigns import RESERVED_PAGES
from ..model.records import (
    Campaign,
    Category,
    Content,
    Gender,
    NominatedBy,
    Nomination,
    NominationStatus,
    Person,
    PrivateStore,
    RecordKind,
    TeamMember,
)
from ..sources.problems import Mark, Problems, os_reason
from ..sources.textcount import count_characters
from .layout import Key, target
from .readings import Photo, Reading
from .recordwriter import (
    NOMINATION_ORDER,
    PERSON_ORDER,
    RecordEdit,
    Unwritable,
    Value,
    record_text,
    write_bytes,
)
from .values import Day

Status = Literal["new", "changed", "unchanged"]
Role = Literal["person", "nomination", "photo"]
_VERBS: dict[Status, str] = {"new": "新建", "changed": "修改", "unchanged": "不变"}
# Two pictures are the same photo when, as 16×16 RGB, they differ by less than this (root mean
# square, of 255): a form's copy of a demo photo differs by 3.4 at most, the most alike two
# different demo portraits by 12.5.
_SAME_PICTURE = 6.0
_THUMB = (16, 16)


@dataclass(frozen=True)
class FieldChange:
    label: str  # the field, in Chinese: 出生年份
    old: str  # as shown in the table; "" when the record had nothing
    new: str


@dataclass
class Change:
    """One file: a person's record, a nomination or a photo, and what changes in it."""

    path: Path  # relative to the content folder
    status: Status
    fields: list[FieldChange] = field(default_factory=list)
    what: str = ""  # who it is about, for the table: 王芳, 王芳的照片
    role: Role = "person"
    order: tuple[str, ...] = ()  # the record's key order, for new keys
    edit: RecordEdit | None = None  # a record's edit
    data: bytes | None = None  # what the file will hold: a photo's bytes, a record's text


@dataclass
class Plan:
    root: Path  # the content folder
    problems: Problems
    changes: list[Change] = field(default_factory=list)

    def table(self, dry_run: bool = True) -> str:
        """What the import changes, for the terminal: a line per file, a line per changed
        field; a dry run ends by saying how to write it."""
        lines = []
        for change in self.changes:
            about = f"（{change.what}）" if change.what else ""
            lines.append(f"{_VERBS[change.status]} {change.path.as_posix()}{about}")
            if change.status == "changed":
                for item in change.fields:
                    lines.append(
                        f"    {item.label}：{item.old or '（空）'} → {item.new or '（空）'}"
                    )
        records = [c for c in self.changes if c.role != "photo"]
        counts = {status: sum(c.status == status for c in records) for status in _VERBS}
        photos = [c for c in self.changes if c.role == "photo"]
        photo_clause = f"，照片 {len(photos)} 张" if photos else ""
        lines.append(
            f"共 {len(records)} 条记录：新建 {counts['new']}，修改 {counts['changed']}，"
            f"不变 {counts['unchanged']}{photo_clause}。"
            + ("未写入任何文件：确认无误后加 --write 再运行。" if dry_run else "")
        )
        return "\n".join(lines)

    def write(self) -> list[Path]:
        """Write the new and changed files, photos first (a record never names a photo that
        is not there yet), each atomically; the paths written, in that order."""
        assert not self.problems.errors, "an import with errors must not be written"
        written = []
        pending = [c for c in self.changes if c.status != "unchanged"]
        for change in sorted(pending, key=lambda c: c.role != "photo"):
            assert change.data is not None
            write_bytes(self.root / change.path, change.data)
            written.append(self.root / change.path)
        return written


def render(changes: list[Change], root: Path, problems: Problems) -> None:
    """Each record to write, as the bytes of its file, made before anything is written: a
    file the round trip cannot edit is an error now, not half-way through writing."""
    for change in changes:
        if change.status == "unchanged" or change.edit is None:
            continue
        path = root / change.path
        try:
            existing = path.read_text(encoding="utf-8") if path.exists() else None
            change.data = record_text(existing, change.edit, change.order).encode("utf-8")
        except OSError as error:
            problems.error(Mark(path), f"无法读取文件：{os_reason(error)}")
        except (UnicodeDecodeError, Unwritable):
            problems.error(
                Mark(path), "无法在保留原有注释的前提下修改此文件：请先按 honours check 的提示改正"
            )


# a cell's value, as values.py reads it (a 成员名单 as members, linked by the importer)
Read = str | int | Gender | Day | tuple[str, ...] | tuple[TeamMember, ...]
# Keys written under another name than their own, and the Person field that holds them
RECORD_KEYS = {Key.TEAM_MEMBERS: ("members", "team")}
LABELS: dict[str, str] = {
    "name": "姓名",
    "position": "职务",
    "gender": "性别",
    "born": "出生年份",
    "ethnicity": "民族",
    "political_status": "政治面貌",
    "joined_party": "入党时间",
    "joined_centre": "到中心工作时间",
    "roles": "工作类别",
    "leader": "窗口负责人",
    "leader_position": "负责人职务",
    "staff": "在岗人数",
    "secretary": "支部书记",
    "members": "党员人数",
    "team_members": "成员名单",
    "citation": "事迹简介",
    "honours": "所获主要荣誉",
    "phone": "联系电话",
    "photo": "照片",
    "photo_focus": "人脸位置",
    "category": "评选类别",
    "unit": "推荐单位",
    "title": "事迹标题",
    "subtitle": "副标题",
    "story": "主要事迹",
    "summary": "主要事迹",
}


@dataclass
class Draft:
    """What the readings of one import say of one person and of their nomination."""

    person_id: str
    person: Person | None  # the record it updates; None: a new person
    name: str
    unit: str  # the unit's id
    kind: RecordKind
    category: Category
    unit_mark: Mark  # the cell that names the unit (or the row, or the file)
    values: dict[Key, Read] = field(default_factory=dict)
    story: str | None = None  # Markdown
    summary: str | None = None  # plain lines: the form's 主要事迹 box, where one is asked
    photo: Photo | None = None
    nomination: Nomination | None = None  # the campaign's nomination it updates, if any
    nominator: str | None = None  # the 推荐单位 the readings name (a unit id), if any

    def merge(
        self,
        reading: Reading,
        category: Category,
        values: dict[Key, Read],
        story: str | None,
        summary: str | None = None,
    ) -> None:
        """A later reading of the same person: what it fills in wins, what it leaves empty
        does not (a sheet's row never takes away the story of a form)."""
        self.category = category
        self.values.update(values)
        if story and story.strip():
            self.story = story
        if summary and summary.strip():
            self.summary = summary.strip()
        if reading.photo is not None:
            self.photo = reading.photo
        self.unit_mark = reading.mark(Key.UNIT)

    @property
    def status(self) -> NominationStatus:
        return self.nomination.status if self.nomination else NominationStatus.NOMINATED

    @property
    def nominating_unit(self) -> str:
        """The nominating unit, as rules.py takes it: `model.quotas` finds the unit holding its
        quota from it (the unit itself, or with `per:` the hall or centre above it)."""
        return self.nominator or (self.nomination.unit if self.nomination else None) or self.unit

    @property
    def nomination_unit(self) -> str | None:
        """What the nomination's `unit:` should say: the 推荐单位 when it is not the
        nominee's own unit (and the record does not say so already), else nothing."""
        if self.nominator is None:
            return None
        recorded = (self.nomination.unit if self.nomination else None) or self.unit
        return self.nominator if self.nominator != recorded else None


def propose(
    drafts: Iterable[Draft],
    content: Content,
    private: PrivateStore,
    campaign: Campaign,
    problems: Problems,
) -> list[Change]:
    """Each person's record and photo (what all their drafts say, the later winning field by
    field) and each draft's nomination, compared with what is there."""
    drafts = list(drafts)
    planned: set[str] = set()  # the new nominations' file ids, as they are given out
    changes = []
    people: dict[str, Draft] = {}
    for draft in drafts:
        first = people.get(draft.person_id)
        people[draft.person_id] = (
            draft
            if first is None
            else replace(
                first, values={**first.values, **draft.values}, photo=draft.photo or first.photo
            )
        )
    for draft in drafts:
        person = people.pop(draft.person_id, None)
        if person is not None:  # once, at the person's first draft
            photo, photo_value = _photo(person, content.root)
            changes.append(_person(person, private, content.root, photo_value, photo is not None))
            if photo is not None:
                changes.append(photo)
        nomination = _nomination(draft, campaign, content, problems, planned)
        if nomination is not None:
            changes.append(nomination)
    return changes


def _person(
    draft: Draft, private: PrivateStore, root: Path, photo: str | None, photo_replaced: bool
) -> Change:
    person = draft.person
    edit = RecordEdit()
    if person is None:
        edit.values.update(kind=RecordKind(draft.kind).value, name=draft.name, unit=draft.unit)
    fields: list[FieldChange] = []
    secrets = private.people.get(draft.person_id, {})
    for key, new in draft.values.items():
        where, name = target(key), key.value  # plain text: ruamel writes no enum
        if where == "nomination":
            continue
        written, held = RECORD_KEYS.get(key, (name, name))
        old = secrets.get(name) if where == "private" else getattr(person, held, None)
        if _same(new, old):
            continue
        if where == "private":
            edit.private[name] = _shown(new)
        else:
            edit.values[written] = _value(new)
        fields.append(FieldChange(LABELS[name], _shown(old), _shown(new)))
    people = root / "people"
    if photo and (person is None or person.photo != (people / photo).resolve()):
        edit.values["photo"] = photo
        old_photo = _relative(person.photo, people) if person and person.photo else ""
        fields.append(FieldChange(LABELS["photo"], old_photo, photo))
    if person and person.photo_focus and (photo_replaced or "photo" in edit.values):
        edit = RecordEdit(edit.values, ("photo_focus",), edit.private)
        focus = ", ".join(f"{v:g}" for v in person.photo_focus)
        fields.append(FieldChange(LABELS["photo_focus"], focus, "（删除：按新照片重新确定）"))
    status: Status = "new" if person is None else "changed" if fields else "unchanged"
    path = Path("people") / f"{draft.person_id}.md"
    return Change(path, status, fields, draft.name, "person", PERSON_ORDER, edit)


def _photo(draft: Draft, root: Path) -> tuple[Change | None, str | None]:
    """The photo file to write (None if it is there already) and what the record's `photo:`
    should say. A different photo already at the path is never overwritten, unless it is
    the record's own photo (and then the table says so)."""
    photo = draft.photo
    if photo is None:
        return None, None
    digest = hashlib.sha256(photo.data).hexdigest()
    current = draft.person.photo if draft.person else None
    if current is not None and (_digest(current) == digest or same_picture(current, photo.data)):
        return None, None
    folder = root / "people" / "photos"
    number = 1
    while True:
        name = f"{draft.person_id}{'' if number == 1 else f'-{number}'}{photo.suffix}"
        path = folder / name
        if not path.exists() or (current is not None and path.resolve() == current):
            status: Status = "new" if not path.exists() else "changed"
            break
        if _digest(path) == digest:
            return None, f"photos/{name}"  # the same picture is there already
        number += 1
    fields = [FieldChange(LABELS["photo"], "原照片", "表中的照片")] if status == "changed" else []
    what = f"{draft.name}的照片"
    change = Change(Path("people/photos") / name, status, fields, what, "photo", data=photo.data)
    return change, f"photos/{name}"


def _nomination(
    draft: Draft, campaign: Campaign, content: Content, problems: Problems, planned: set[str]
) -> Change | None:
    folder = Path("campaigns") / campaign.id
    what = f"{draft.name}，{draft.category.name}"
    title, subtitle = draft.values.get(Key.TITLE), draft.values.get(Key.SUBTITLE)
    nomination = draft.nomination
    if nomination is None:
        file_id = _free_file(draft.person_id, folder, campaign, content, problems, planned)
        if file_id is None:
            return None
        planned.add(file_id)
        edit = RecordEdit(
            {
                "nominee": draft.person_id,
                "category": draft.category.id,
                "nominated_by": NominatedBy.ORGANISATION.value,
                **({"unit": draft.nomination_unit} if draft.nomination_unit else {}),
                **({"title": title} if isinstance(title, str) else {}),
                **({"subtitle": subtitle} if isinstance(subtitle, str) else {}),
                "status": NominationStatus.NOMINATED.value,
                **({"summary": draft.summary} if draft.summary else {}),
            },
            body=draft.story or "",
        )
        path = folder / f"{file_id}.md"
        return Change(path, "new", [], what, "nomination", NOMINATION_ORDER, edit)
    values: dict[str, Value] = {}
    fields: list[FieldChange] = []
    if nomination.category != draft.category.id:
        values["category"] = draft.category.id
        old = campaign.category(nomination.category)
        fields.append(FieldChange(LABELS["category"], old.name if old else "", draft.category.name))
    if draft.nomination_unit:
        values["unit"] = draft.nomination_unit
        old_unit = nomination.unit or draft.unit
        fields.append(
            FieldChange(
                LABELS["unit"],
                _unit_name(content, old_unit),
                _unit_name(content, draft.nomination_unit),
            )
        )
    for key, new in (("title", title), ("subtitle", subtitle)):
        old = getattr(nomination, key)
        if isinstance(new, str) and new != old:
            values[key] = new
            fields.append(FieldChange(LABELS[key], old or "", new))
    if draft.summary and draft.summary != (nomination.summary or "").strip():
        values["summary"] = draft.summary
        fields.append(_rewritten(LABELS["summary"], nomination.summary or "", draft.summary))
    body = None
    if draft.story and draft.story.strip() != nomination.story.strip():
        body = draft.story
        label = draft.category.story_label
        fields.append(_rewritten(label, nomination.story, body))
    edit = RecordEdit(values, body=body)
    path = folder / f"{nomination.file_id}.md"
    status: Status = "changed" if fields else "unchanged"
    return Change(path, status, fields, what, "nomination", NOMINATION_ORDER, edit)


def _rewritten(label: str, old: str, new: str) -> FieldChange:
    return FieldChange(
        label, f"{count_characters(old)} 字", f"{count_characters(new)} 字（已改写）"
    )


def _free_file(
    person_id: str,
    folder: Path,
    campaign: Campaign,
    content: Content,
    problems: Problems,
    planned: set[str],
) -> str | None:
    """The file name of a new nomination: the person's id, or id-2 … when another nominee's
    file has it, or this import's nomination of the same person in another category. A file
    there that could not be read is reported: it may be this one's."""
    loaded = {n.file_id for n in content.nominations_of(campaign.id)}
    file_id, number = person_id, 2
    while (
        file_id in RESERVED_PAGES
        or file_id in planned
        or (content.root / folder / f"{file_id}.md").exists()
    ):
        path = content.root / folder / f"{file_id}.md"
        if path.exists() and file_id not in loaded:
            problems.error(
                Mark(path), "推荐记录有错误，无法读取：请先按 honours check 的提示改正，再导入"
            )
            return None
        file_id, number = f"{person_id}-{number}", number + 1
    return file_id


def _same(new: Read, old: object) -> bool:
    if isinstance(new, Day):
        return new.matches(old if isinstance(old, date) else None)
    return new == old


def _value(read: Read) -> Value:
    """A value as the record writes it: 男, 2001-07-01, a list of honours, a team's members
    (each `person:` or `name:`, and `role:`)."""
    if isinstance(read, Gender):
        return read.value
    if isinstance(read, Day):
        return read.value
    if isinstance(read, tuple) and any(isinstance(item, TeamMember) for item in read):
        return tuple(_member(item) for item in read if isinstance(item, TeamMember))
    return (
        tuple(item for item in read if isinstance(item, str)) if isinstance(read, tuple) else read
    )


def _member(member: TeamMember) -> dict[str, str]:
    written = {"person": member.person} if member.person else {"name": member.name}
    return written | ({"role": member.role} if member.role else {})


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Gender):
        return value.value
    if isinstance(value, Day):
        return (
            value.value.isoformat()[:7] if value.precision == "month" else value.value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "；".join(_item_text(item) for item in value)
    return str(value)


def _item_text(item: object) -> str:
    """An item of a list as the table shows it; a member by name (or id) and role."""
    if isinstance(item, TeamMember):
        who = item.name or item.person or ""
        return f"{who}（{item.role}）" if item.role else who
    return str(item)


def _relative(path: Path, folder: Path) -> str:
    """A photo's path as the record writes it: relative to people/ (it may be elsewhere in
    content/, as ../photos/x.jpg)."""
    return Path(os.path.relpath(path, folder.resolve())).as_posix()


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def same_picture(recorded: Path, data: bytes) -> bool:
    """Whether a form's photo is the record's photo as our pre-filled form carries it: a
    smaller JPEG, upright and without metadata, never the same bytes. Bytes alone would have
    every import of returned forms replace each photo with its copy (and the copy's copy the
    next time round)."""
    try:
        mine = read_photo(recorded, longest=128)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as opened:
                opened.draft("RGB", (128, 128))  # a JPEG decoded at 1/8 size: fast
                theirs = ImageOps.exif_transpose(opened).convert("RGB")
    except (PhotoError, OSError, ValueError, Image.DecompressionBombError, Warning):
        return False
    if abs(mine.width / mine.height - theirs.width / theirs.height) > 0.02:
        return False
    a, b = (image.resize(_THUMB, Image.Resampling.BOX).tobytes() for image in (mine, theirs))
    squares = sum((x - y) ** 2 for x, y in zip(a, b, strict=True))
    return math.sqrt(squares / len(a)) < _SAME_PICTURE


def _unit_name(content: Content, unit_id: str) -> str:
    unit = content.units.get(unit_id)
    return unit.name if unit else unit_id
