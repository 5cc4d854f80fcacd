"""Strict YAML with positions.

Every scalar stays text (conversion is the schema's job), every node keeps its
file, line and column. Anchors, aliases, tags (`!!python/…`, `!!str`), tabs and
duplicate keys are errors; anchors and aliases are refused from the event stream,
before anything is composed, so they are never expanded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .csvfile import bad_line
from .messages import sentence
from .problems import Mark, Problems, os_reason


@dataclass
class Scalar:
    value: str | None  # None for an empty value, `~` or `null`
    mark: Mark


@dataclass
class Sequence:
    items: list[Node]
    mark: Mark


@dataclass
class Mapping:
    items: dict[str, Node]
    mark: Mark
    key_marks: dict[str, Mark] = field(default_factory=dict)


Node = Scalar | Sequence | Mapping
MarkOf = Callable[[Any], Mark]

_NULLS = {"", "~", "null", "Null", "NULL"}
_STANDARD_TAGS = "tag:yaml.org,2002:"
_GBK_HINT = "看起来是 GBK/GB18030（常见于 Windows 记事本或 WPS 另存）："

# PyYAML's messages, as staff should read them.
_YAML_MESSAGES = [
    ("mapping values are not allowed here", "此处不能出现冒号；值中含有“: ”时请给整个值加引号"),
    ("could not find expected ':'", "缺少冒号“:”，或缩进不一致"),
    ("did not find expected key", "缩进不一致，或缺少“- ”、冒号"),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
    ("did not find expected '-' indicator", "列表缩进不一致"),
    ("found unexpected ':'", "出现了多余的冒号"),
    ("expected <block end>, but found", "缩进不一致"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("expected ',' or ']'", "方括号“[ ]”没有闭合"),
    ("expected ',' or '}'", "花括号“{ }”没有闭合"),
]


def _translate(problem: str | None) -> str:
    text = problem or ""
    for english, chinese in _YAML_MESSAGES:
        if english in text:
            return chinese
    return f"无法解析（{text}）"


def parse_yaml(text: str, path: Path, problems: Problems, line_offset: int = 0) -> Node | None:
    """Parse one YAML document; return None (with problems recorded) when it can't be read."""

    def mark(m: Any) -> Mark:
        if m is None:
            return Mark(path, line_offset + 1, 1)
        return Mark(path, m.line + 1 + line_offset, m.column + 1)

    tabs = False
    for number, line in enumerate(text.splitlines(), start=1):
        column = line.find("\t")
        if column >= 0:
            problems.error(
                Mark(path, number + line_offset, column + 1), "含有制表符（Tab），请改用空格缩进"
            )
            tabs = True
    if tabs:
        return None

    try:
        if not _plain_events(text, mark, problems):
            return None
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        message = _translate(exc.problem)
        # For something left open, where it was opened helps more than where parsing gave up.
        where = exc.context_mark if "没有闭合" in message and exc.context_mark else exc.problem_mark
        problems.error(mark(where or exc.context_mark), f"YAML 格式错误：{message}")
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. U+0007
        before = text[: exc.position]
        row = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        problems.error(
            Mark(path, row + line_offset, column),
            f"含有不可见的控制字符（U+{exc.character:04X}），请删去",
        )
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - every other error carries a mark
        problems.error(Mark(path, line_offset + 1, 1), f"YAML 格式错误：{exc}")
        return None
    if root is None:
        return None
    return _convert(root, mark, problems)


def _plain_events(text: str, mark: MarkOf, problems: Problems) -> bool:
    """True when the text has no anchors, aliases or tags; else report them, once per kind.

    Reads the event stream only (nothing is composed, so an alias is never expanded) and keeps
    no event, only the first place and a count: a "billion laughs" document costs its length
    in time and nothing in memory.
    """
    anchors = 0
    first_anchor: Any = None
    tags: dict[str, tuple[Any, int]] = {}  # as written -> (first place, count)
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            anchors += 1
            first_anchor = first_anchor or event.start_mark
        tag = getattr(event, "tag", None)  # None unless written: every value is plain text
        if tag is not None:
            written = _written(tag)
            place, count = tags.get(written, (event.start_mark, 0))
            tags[written] = (place, count + 1)
    if anchors:
        problems.error(
            mark(first_anchor),
            "不支持 YAML 锚点和引用（& 和 *），请把内容完整写出" + _elsewhere(anchors),
        )
    for tag, (place, count) in tags.items():
        problems.error(mark(place), f"不允许使用 YAML 标签“{tag}”" + _elsewhere(count))
    return not anchors and not tags


def _elsewhere(count: int) -> str:
    """“（本文件共 N 处，此为第一处）” for a problem that recurs in a file (reported once)."""
    return f"（本文件共 {count} 处，此为第一处）" if count > 1 else ""


def _written(tag: str) -> str:
    """A tag as staff wrote it: `tag:yaml.org,2002:python/object` → `!!python/object`."""
    if tag.startswith(_STANDARD_TAGS):
        return "!!" + tag[len(_STANDARD_TAGS) :]
    return tag if tag.startswith("!") else f"!<{tag}>"


def _convert(node: yaml.Node, mark: MarkOf, problems: Problems) -> Node:
    here = mark(node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        value = node.value
        if node.style is None and value in _NULLS:
            return Scalar(None, here)
        return Scalar(value, here)
    if isinstance(node, yaml.SequenceNode):
        return Sequence([_convert(item, mark, problems) for item in node.value], here)
    assert isinstance(node, yaml.MappingNode)
    result = Mapping({}, here)
    for key_node, value_node in node.value:
        key_mark = mark(key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.error(key_mark, "键必须是简单文字")
            continue
        key = key_node.value
        if key in result.items:
            first = result.key_marks[key]
            problems.error(key_mark, f"字段“{key}”重复（第 {first.line} 行已写过）")
            continue
        result.key_marks[key] = key_mark
        result.items[key] = _convert(value_node, mark, problems)
    return result


_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


@dataclass
class MarkdownSource:
    meta: Node | None
    body: str
    body_line: int  # the line the body starts on
    has_front_matter: bool


def read_markdown(path: Path, problems: Problems) -> MarkdownSource | None:
    """Split a Markdown file into its parsed front matter and body."""
    text = read_text(path, problems)
    if text is None:
        return None
    opening = _FRONT.match(text)
    if not opening:
        return MarkdownSource(None, text.lstrip("\ufeff"), 1, False)
    rest = text[opening.end() :]
    closing = _CLOSE.search(rest)
    if not closing:
        problems.error(Mark(path, 1, 1), "前置元数据没有结束：请在字段之后加一行“---”")
        return None
    yaml_text = rest[: closing.start()]
    body = rest[closing.end() :].lstrip("\r\n")
    body_line = 2 + yaml_text.count("\n") + 1
    errors = len(problems.errors)
    meta = parse_yaml(yaml_text, path, problems, line_offset=1)
    if (
        len(problems.errors) > errors
    ):  # unreadable front matter: nothing more to say about this file
        return None
    return MarkdownSource(meta, body, body_line, True)


def read_yaml_file(path: Path, problems: Problems) -> Node | None:
    text = read_text(path, problems)
    if text is None:
        return None
    return parse_yaml(text.lstrip("\ufeff"), path, problems)


def read_text(path: Path, problems: Problems) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.error(Mark(path), f"无法读取文件：{os_reason(exc)}")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = data[: exc.start].count(b"\n") + 1
        column = len(data[start : exc.start].decode("utf-8")) + 1
        gbk = not bad_line(data, "gb18030")
        problems.error(
            Mark(path, line, column),
            sentence("文件不是 UTF-8 编码", _GBK_HINT if gbk else None, "请另存为 UTF-8"),
        )
        return None
