"""Reading `people/<id>.md`: persons, windows and party branches."""

from __future__ import annotations

import os
import stat
from pathlib import Path, PureWindowsPath
from typing import Any

from ..sources.fields import ID_PATTERN, Fields, hidden_character, labels, shown
from ..sources.problems import Mark, Problems
from ..sources.yamlfile import Mapping, Node, Scalar, Sequence, read_markdown
from .campaigns import read_roles
from .limits import NAME, POSITION, TITLE
from .records import POLITICAL_STATUSES, Gender, Person, RecordKind

COMMON = ["kind", "name", "unit", "photo", "photo_focus", "honours", "private"]
BY_KIND: dict[str, list[str]] = {  # by the kind as written
    RecordKind.PERSON: [
        *COMMON,
        "position",
        "gender",
        "born",
        "ethnicity",
        "political_status",
        "joined_party",
        "branch",
        "joined_centre",
        "roles",
    ],
    RecordKind.WINDOW: [*COMMON, "leader", "leader_position", "staff"],
    RecordKind.BRANCH: [*COMMON, "secretary", "members"],
}
ALL_KEYS = sorted({key for keys in BY_KIND.values() for key in keys})


def read_person(path: Path, problems: Problems, root: Path) -> tuple[Person | None, dict[str, str]]:
    """One record and its private block (kept apart from the record); `root` is `content/`."""
    source = read_markdown(path, problems)
    record_id = path.stem
    mark = Mark(path)
    if source is None:
        return None, {}
    if not source.has_front_matter:
        problems.error(mark, "缺少前置元数据：文件应以“---”开头，写明 name、unit 等字段")
        return None, {}
    if not ID_PATTERN.match(record_id):
        problems.error(mark, f"文件名“{path.name}”不能作编号：只能用小写字母、数字和连字符“-”")
        return None, {}
    kind_node = source.meta.items.get("kind") if isinstance(source.meta, Mapping) else None
    written = kind_node.value if isinstance(kind_node, Scalar) and kind_node.value else "person"
    allowed = BY_KIND.get(written, ALL_KEYS)
    fields = Fields(source.meta, problems, mark, ALL_KEYS)
    for key in list(fields.items):
        if key not in allowed:
            fields.error(key, f"不适用于{labels(RecordKind).get(written, written)}记录")
    kind = fields.enum("kind", RecordKind, default=RecordKind.PERSON)
    name = fields.text("name", required=True, limit=NAME)
    unit = fields.identifier("unit", required=True)
    photo = _photo(fields, path, root)
    values: dict[str, Any] = {}
    if kind == RecordKind.PERSON:
        values = {
            "position": fields.text("position", limit=POSITION),
            "gender": fields.enum("gender", Gender),
            "born": fields.year("born"),
            "ethnicity": fields.text("ethnicity"),
            "political_status": fields.choice("political_status", POLITICAL_STATUSES),
            "joined_party": fields.date("joined_party"),
            "branch": fields.identifier("branch"),
            "joined_centre": fields.date("joined_centre"),
            "roles": read_roles(fields),
        }
    elif kind == RecordKind.WINDOW:
        values = {
            "leader": fields.text("leader", limit=NAME),
            "leader_position": fields.text("leader_position", limit=POSITION),
            "staff": fields.integer("staff"),
        }
    else:
        values = {
            "secretary": fields.text("secretary", limit=NAME),
            "members": fields.integer("members"),
        }
    private = _private(fields.raw("private"), problems)
    if name is None or unit is None:
        return None, private
    person = Person(
        id=record_id,
        kind=kind,
        name=name,
        unit=unit,
        mark=fields.mark,
        photo=photo,
        photo_focus=fields.point("photo_focus"),
        honours=tuple(fields.text_list("honours", limit=TITLE)),
        intro=source.body.strip(),
        body_line=source.body_line,
        field_marks={key: fields.mark_of(key) for key in fields.items if fields.filled(key)},
        **values,
    )
    return person, private


def _photo(fields: Fields, record: Path, root: Path) -> Path | None:
    """The photo, only when it is a regular file inside `root` (the resolved `content/`).

    Symlinks are resolved first; a path that leads outside `root`, however it gets there, is
    an error and the file is not looked at beyond resolving its path: never stat'ed, never
    opened. Inside, only a regular file will do (not a folder, a FIFO or a device).
    """
    written = fields.text("photo")
    if not written or hidden_character(written):  # a control character is reported already
        return None
    if Path(written).is_absolute() or PureWindowsPath(written).drive:
        fields.error(
            "photo",
            f"应为相对于本文件的路径（如 photos/wang.jpg），而不是绝对路径“{shown(written)}”",
        )
        return None
    joined = record.parent / written
    try:
        photo = joined.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        fields.error("photo", f"指向的“{shown(written)}”无法解析：符号链接形成了循环")
        return None
    if not photo.is_relative_to(root):
        if Path(os.path.normpath(joined)).is_relative_to(root):
            fields.error(
                "photo",
                f"指向的“{shown(written)}”是链接到 {root.name}/ 之外的符号链接："
                f"请把照片本身放进 {root.name}/ 文件夹",
            )
        else:
            fields.error(
                "photo",
                f"指向的“{shown(written)}”在 {root.name}/ 文件夹之外："
                f"照片须放在 {root.name}/ 之内（如 people/photos/）",
            )
        return None
    try:
        mode = photo.stat().st_mode
    except OSError:
        fields.error("photo", f"指向的照片“{shown(written)}”不存在")
        return None
    if stat.S_ISDIR(mode):
        fields.error("photo", f"指向的“{shown(written)}”是文件夹，不是照片")
        return None
    if not stat.S_ISREG(mode):
        fields.error(
            "photo", f"指向的“{shown(written)}”不是普通文件（可能是管道或设备），不能作为照片"
        )
        return None
    return photo


def _private(node: Node | None, problems: Problems) -> dict[str, str]:
    """The private block: any keys, kept as text, never published."""
    if node is None or (isinstance(node, Scalar) and node.value is None):
        return {}
    if not isinstance(node, Mapping):
        problems.error(node.mark, '字段“private”应为键值对（如 phone: "13800000000"）')
        return {}
    result = {}
    for key, value in node.items.items():
        if isinstance(value, Scalar):
            result[key] = value.value or ""
        elif isinstance(value, Sequence):
            result[key] = "、".join(v.value or "" for v in value.items if isinstance(v, Scalar))
    return result
