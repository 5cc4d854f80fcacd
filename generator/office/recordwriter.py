"""Writing a record file (front matter and Markdown body) the way staff would edit it by hand.

An import changes a few fields of records that people wrote and commented. ruamel.yaml's
round trip keeps every comment, the key order and the quoting of what is not changed; only
the keys an import sets are touched, and the body is replaced only when a new one is given.
A front matter that nothing changes is kept byte for byte, whatever its layout.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ..model.campaigns import NOMINATION_KEYS
from ..sources.atomic import atomic_file

# The order of a person record's keys, as `honours new person` writes them (skeletons.PERSON),
# with the keys of the other kinds where people.py lists them. New keys go in this order.
PERSON_ORDER: tuple[str, ...] = (
    "kind",
    "name",
    "unit",
    "position",
    "gender",
    "born",
    "ethnicity",
    "political_status",
    "joined_party",
    "branch",
    "joined_centre",
    "roles",
    "leader",
    "leader_position",
    "staff",
    "secretary",
    "citation",
    "members",
    "photo",
    "photo_focus",
    "honours",
    "private",
)
NOMINATION_ORDER: tuple[str, ...] = tuple(NOMINATION_KEYS)
PRIVATE = "private"

Value = str | int | date | tuple[str, ...] | tuple[dict[str, str], ...]
_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$\n?", re.MULTILINE)


class Unwritable(ValueError):
    """A record whose front matter ruamel cannot read back (the loader's reader may accept
    what ruamel's round trip does not): editing it would lose what it says."""


@dataclass(frozen=True)
class RecordEdit:
    """What an import changes in one record: keys set or removed, private keys, the body."""

    values: dict[str, Value] = field(default_factory=dict)
    remove: tuple[str, ...] = ()
    private: dict[str, str] = field(default_factory=dict)
    body: str | None = None  # None keeps the body (a new file has none)

    @property
    def touches_front_matter(self) -> bool:
        return bool(self.values or self.remove or self.private)


def record_text(existing: str | None, edit: RecordEdit, order: Sequence[str]) -> str:
    """The file's text after `edit`: `existing` edited in place, or a new file when None."""
    front, body = _split(existing) if existing is not None else ("", "")
    if edit.body is not None:
        body = edit.body.strip() + "\n" if edit.body.strip() else ""
    if existing is not None and not edit.touches_front_matter:
        return f"---\n{front}---\n{body}"
    yaml = _yaml()
    try:
        meta = yaml.load(front) if front.strip() else None
    except YAMLError as error:
        raise Unwritable(str(error)) from None
    if not isinstance(meta, CommentedMap):
        meta = CommentedMap()
    for key in edit.remove:
        meta.pop(key, None)
    for key, value in edit.values.items():
        _put(meta, key, _node(value), order)
    if edit.private:
        private = meta.get(PRIVATE)
        if not isinstance(private, CommentedMap):
            private = CommentedMap()
            _put(meta, PRIVATE, private, order)
        for key, text in edit.private.items():
            private[key] = DoubleQuotedScalarString(text)
    stream = io.StringIO()
    yaml.dump(meta, stream)
    return f"---\n{stream.getvalue()}---\n{body}"


def write_record(path: Path, edit: RecordEdit, order: Sequence[str]) -> None:
    """Edit the record at `path` (or write it new), atomically."""
    existing = path.read_text(encoding="utf-8") if path.exists() else None
    write_bytes(path, record_text(existing, edit, order).encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """A whole file, atomically: a failed write leaves the old file as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path) as handle:
        handle.write(data)


def _split(text: str) -> tuple[str, str]:
    """Front matter (YAML text) and body of a record file; a file without front matter is all
    body. Line ends become \\n, as the loader reads them."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    opening = _FRONT.match(text)
    if not opening:
        return "", text.lstrip("\ufeff")
    rest = text[opening.end() :]
    closing = _CLOSE.search(rest)
    if not closing:
        return rest, ""
    return rest[: closing.start()], rest[closing.end() :].lstrip("\n")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # never fold a long title onto a second line
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)  # honours:\n  - …, as the records are written
    return yaml


def _node(value: Value) -> Any:
    """A value as ruamel should write it: lists in block style, nothing else special (ruamel
    quotes a string that would read as a number or a date, e.g. a phone number)."""
    if isinstance(value, tuple):
        items = CommentedSeq(_mapping(item) if isinstance(item, dict) else item for item in value)
        items.fa.set_block_style()
        return items
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)  # summary: |, a line per line
    return value


def _mapping(item: dict[str, str]) -> CommentedMap:
    """A list's item that is a mapping (a team's member), in block style."""
    mapping = CommentedMap(item)
    mapping.fa.set_block_style()
    return mapping


def _put(meta: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set `key`: in place when present, else after the last key that comes before it in
    `order` (so a new `born` lands among the person's fields, not after `private`)."""
    current = meta.get(key)
    if isinstance(current, CommentedSeq) and isinstance(value, CommentedSeq):
        _replace_items(current, list(value))  # each kept item keeps its comment
        return
    if key in meta:
        meta[key] = value
        return
    before = set(order[: order.index(key)]) if key in order else set(meta)
    keys = list(meta)
    position = 0
    for index, existing in enumerate(keys):
        if existing in before:
            position = index + 1
    meta.insert(position, key, value)


def _replace_items(items: CommentedSeq, values: list[Any]) -> None:
    """A list's items replaced in place: an item that stays where it was keeps its comment."""
    if not items:
        items.fa.set_block_style()  # honours: [] of a skeleton, now with items
    while len(items) > len(values):
        items.pop()
    for index, value in enumerate(values):
        if index == len(items):
            items.append(value)
        elif items[index] != value:
            items[index] = value
