"""Reading `people/<id>.md`: persons, windows and party branches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..sources.fields import ID_PATTERN, Fields, labels
from ..sources.paths import picture_file
from ..sources.problems import Mark, Problems
from ..sources.yamlfile import Mapping, Node, Scalar, Sequence, read_markdown
from .eligibility import read_roles
from .limits import CITATION, NAME, POSITION, TITLE
from .records import (
    POLITICAL_STATUSES,
    Commitment,
    CommitmentStatus,
    CommitteeMember,
    Gender,
    Person,
    Post,
    PostKind,
    RecordKind,
    TeamMember,
)

COMMON = ["kind", "name", "unit", "photo", "photo_focus", "honours", "private", "commitments"]
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
        "posts",
        "window_no",
    ],
    RecordKind.WINDOW: [*COMMON, "leader", "leader_position", "staff"],
    RecordKind.BRANCH: [*COMMON, "secretary", "members", "committee"],
    RecordKind.TEAM: [*COMMON, "members", "citation"],
}
PHOTO_WORDING = ("照片", "photos/wang.jpg", "people/photos/")  # for picture_file's messages
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
        unknown_roles: list[str] = []
        values = {
            "position": fields.text("position", limit=POSITION),
            "gender": fields.enum("gender", Gender),
            "born": fields.year("born"),
            "ethnicity": fields.text("ethnicity"),
            "political_status": fields.choice("political_status", POLITICAL_STATUSES),
            "joined_party": fields.date("joined_party"),
            "branch": fields.identifier("branch"),
            "joined_centre": fields.date("joined_centre"),
            "roles": read_roles(fields, unknown_roles),
            "unknown_roles": tuple(unknown_roles),  # read_roles (just above) fills it
            "posts": _posts(fields),
            "window_no": fields.text("window_no", limit=NAME),
        }
    elif kind == RecordKind.WINDOW:
        values = {
            "leader": fields.text("leader", limit=NAME),
            "leader_position": fields.text("leader_position", limit=POSITION),
            "staff": fields.integer("staff"),
        }
    elif kind == RecordKind.TEAM:
        values = {"team": _team(fields), "citation": fields.text("citation", limit=CITATION)}
    else:
        values = {
            "secretary": fields.text("secretary", limit=NAME),
            "members": fields.integer("members"),
            "committee": _committee(fields),
        }
    values["commitments"] = _commitments(fields)
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
    """The photo, only when it is a regular file inside `root` (the resolved `content/`)."""
    return picture_file(fields, "photo", fields.text("photo"), record.parent, root, PHOTO_WORDING)


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


def _commitments(fields: Fields) -> tuple[Commitment, ...]:
    """`commitments:` (亮承诺): each `text` with its `period`, `status` (进行中、已兑现、未兑现),
    `note` (what was delivered) and the `date` the status was stated."""
    found = []
    for item in fields.mappings("commitments", ["text", "period", "status", "note", "date"]):
        text = item.text("text", required=True, limit=CITATION, lines=True)
        if text is None:
            continue
        found.append(
            Commitment(
                text,
                item.text("period", limit=NAME),
                item.enum("status", CommitmentStatus, default=CommitmentStatus.ONGOING),
                item.text("note", limit=CITATION, lines=True),
                item.date("date"),
            )
        )
    return tuple(found)


def _posts(fields: Fields) -> tuple[Post, ...]:
    """`posts:` (亮形象): each `kind` (党员示范岗、党员先锋岗、党员责任区) and `where`."""
    found = []
    for item in fields.mappings("posts", ["kind", "where"]):
        kind = item.enum("kind", PostKind, required=True)
        if kind is not None:
            found.append(Post(kind, item.text("where", limit=NAME)))
    return tuple(found)


def _team(fields: Fields) -> tuple[TeamMember, ...]:
    """A team's `members:`: `person` (a people/ id) or `name` (someone without a record),
    and an optional `role` (队长)."""
    found = []
    items = fields.mappings("members", ["person", "name", "role"], required=True)
    for item in items:
        written = item.filled("person") or item.filled("name")
        person = item.identifier("person")
        name = item.text("name", limit=NAME)
        if person is None and name is None:
            if not written:  # an id or a name written wrong is reported already
                item.problems.error(
                    item.mark, f"字段“{item.where}”应写 person（人员编号）或 name（姓名）"
                )
            continue
        mark = item.mark_of("person") if person else item.mark
        found.append(TeamMember(name or "", person, item.text("role", limit=NAME), mark))
    if isinstance(fields.raw("members"), Sequence) and not items:  # members: []
        fields.error("members", "至少要写一名成员（每名成员一项，写 person 或 name）")
    return tuple(found)


def _committee(fields: Fields) -> tuple[CommitteeMember, ...]:
    """A branch's `committee:`: each `person` (a people/ id) and `role` (书记、委员 …)."""
    found = []
    for item in fields.mappings("committee", ["person", "role"]):
        person = item.identifier("person", required=True)
        role = item.text("role", required=True, limit=NAME)
        if person is not None and role is not None:
            found.append(CommitteeMember(person, role, item.mark_of("person")))
    return tuple(found)
