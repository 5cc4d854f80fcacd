"""Strict YAML with positions.

Every scalar stays text (conversion is the schema's job), every node keeps its
file, line and column. Anchors, aliases, tags (`!!python/…`, `!!str`), tabs and
duplicate keys are errors; anchors and aliases are refused from the event stream,
before anything is composed, so they are never expanded.

Two readers give the same answer. libyaml's C parser (when PyYAML has it) reads a well-formed
record in one pass of its event stream, about 20 times faster; whenever it meets anything to
refuse, anything it reads differently from PyYAML, or anything it is unsure of, the text is read
again by PyYAML's pure-Python parser, which alone writes the messages. tests/test_yaml_fast.py
holds the two to the same nodes, marks and problems.
"""

from __future__ import annotations

import codecs
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml: the slow path only
    CParser = None  # type: ignore[assignment, misc]

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
    ("but found another document", "一个文件只能有一份内容：这里多了一行“---”"),
    (
        "expected alphabetic or numeric character",
        "“&”“*”是 YAML 的锚点和引用符号；值以“&”或“*”开头时请给整个值加引号",
    ),
    ("that cannot start any token", "值不能以“@”“`”“%”开头，请给整个值加引号"),
    (
        "found unknown escape character",
        "双引号中的反斜杠“\\”后面的字符无效；要写反斜杠请改用单引号，或在双引号中写两个“\\\\”",
    ),
    (
        "expected escape sequence of",
        "双引号中“\\x”“\\u”后面应为十六进制数字；要写反斜杠请改用单引号",
    ),
    ("expected chomping or indentation indicators", "“|”或“>”后面只能写“+”“-”或一位数字"),
    ("found undefined tag handle", "值不能以“!”开头，请给整个值加引号"),
    ("expected the node content", "此处缺少值：括号或引号没有闭合"),
    ("found unexpected document separator", "引号没有闭合"),
    ("found incompatible YAML document", "只支持 YAML 1 版本（%YAML 1.1 或 1.2）"),
    ("mapping keys are not allowed here", "此处不能出现“? ”"),
    ("sequence entries are not allowed here", "此处不能出现列表项“- ”：缩进不一致"),
    ("expected a comment or a line break", "此处多了文字：引号或“|”“>”之后不能再写内容"),
    ("invalid indentation or unclosed", "缩进不一致，或括号没有闭合"),
]
_YAML_BREAKS = re.compile("[\x85\u2028\u2029]")  # besides LF and CR
# Deeper than any record needs (they nest a few levels): refused before composing, which
# recurses once per level.
MAX_DEPTH = 50


def _translate(problem: str | None) -> str:
    text = problem or ""
    for english, chinese in _YAML_MESSAGES:
        if english in text:
            return chinese
    return "无法解析，请检查引号、括号和缩进"  # PyYAML's English stays out of messages


def parse_yaml(text: str, path: Path, problems: Problems, line_offset: int = 0) -> Node | None:
    """Parse one YAML document; return None (with problems recorded) when it can't be read."""
    if not _plain_characters(text, path, problems, line_offset):
        return None
    if CParser is not None and _libyaml_reads_alike(text):
        try:
            return _parse_fast(text, path, line_offset)
        except (_Unsure, yaml.YAMLError, UnicodeEncodeError):  # lone surrogates can't be UTF-8
            pass  # read again below: PyYAML's parser gives the message and its place
    return _parse_slow(text, path, problems, line_offset)


def _plain_characters(text: str, path: Path, problems: Problems, line_offset: int) -> bool:
    """False (with problems recorded) when a line holds a tab or a line break only YAML sees."""
    if "\t" not in text and not _YAML_BREAKS.search(text):
        return True  # the common case: one scan of the text, not one per line
    unreadable = False
    for number, line in enumerate(text.split("\n"), start=1):  # lines as editors count them
        column = line.find("\t")
        if column >= 0:
            indenting = not line[:column].strip(" -")  # before it only spaces (and list dashes)
            problems.error(
                Mark(path, number + line_offset, column + 1),
                "含有制表符（Tab），请改用空格" + ("缩进" if indenting else ""),
            )
            unreadable = True
        # Line breaks to YAML, invisible in an editor: every position after one would be off.
        found = _YAML_BREAKS.search(line)
        if found:
            problems.error(
                Mark(path, number + line_offset, found.start() + 1),
                f"含有不可见的控制字符（U+{ord(found.group()):04X}），请删去",
            )
            unreadable = True
    return not unreadable


def _parse_slow(text: str, path: Path, problems: Problems, line_offset: int = 0) -> Node | None:
    """PyYAML's pure-Python parser, twice: the events checked, then the nodes composed.

    The reference reader: every message and its place comes from here. parse_yaml calls it
    only after the characters are checked (_plain_characters).
    """

    def mark(m: Any) -> Mark:
        if m is None:
            return Mark(path, line_offset + 1, 1)
        return Mark(path, m.line + 1 + line_offset, m.column + 1)

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
    except ValueError:  # `"\U00110000"`: PyYAML's chr() fails, without a mark
        problems.error(_escape_mark(text, path, line_offset), f"YAML 格式错误：{_BEYOND_UNICODE}")
        return None
    if root is None:
        return None
    return _convert(root, mark, problems)


_BEYOND_UNICODE = (
    "双引号中“\\U”后面的编码超出了 Unicode 的范围（最大为 0010FFFF）；要写反斜杠请改用单引号"
)
_LONG_ESCAPE = re.compile(r"\\U([0-9A-Fa-f]{8})")


def _escape_mark(text: str, path: Path, line_offset: int) -> Mark:
    """Where the first `\\U` escape beyond U+10FFFF is written."""
    for found in _LONG_ESCAPE.finditer(text):
        if int(found.group(1), 16) > 0x10FFFF:
            before = text[: found.start()]
            column = found.start() - (before.rfind("\n") + 1) + 1
            return Mark(path, before.count("\n") + 1 + line_offset, column)
    return Mark(path, line_offset + 1, 1)


class _Unsure(Exception):
    """The fast reader leaves this text to PyYAML's parser (something to refuse, or to check)."""


# Where libyaml and PyYAML read the same text differently, found by comparing the two
# (tests/test_yaml_fast.py): libyaml skips a byte order mark at the start of any line, takes
# `?` inside `[ ]`/`{ }` as part of a word, accepts a comment straight after `|` or `>` and
# reads directives (`%YAML 1.1#`) its own way. CR never reaches the parser from a file
# (read_text turns it into LF). Texts with any of these are rare: PyYAML reads them alone.
_PYYAML_ONLY = re.compile(r"[\ufeff\r]|[|>][-+0-9]*#|^%", re.MULTILINE)


def _libyaml_reads_alike(text: str) -> bool:
    """False for a text where libyaml and PyYAML may disagree: it goes to PyYAML alone."""
    if "?" in text and ("[" in text or "{" in text):
        return False
    return not _PYYAML_ONLY.search(text)


def _parse_fast(text: str, path: Path, line_offset: int) -> Node | None:
    """One pass over libyaml's event stream, straight into nodes; raises _Unsure (or a
    YAMLError) for anything parse_yaml would report, so that the slow path reports it.

    Refused here rather than checked: anchors, aliases, tags, nesting deeper than MAX_DEPTH
    (an explicit stack, so depth costs no recursion), keys that are not text, duplicate keys,
    more than one document, and an empty value whose place libyaml gives differently from PyYAML
    (at the root, inside `[ ]`/`{ }`, or at the very end of a text without a final line break,
    where libyaml moves the end of the stream to a line of its own).
    """
    assert CParser is not None
    events = CParser(text)
    get = events.get_event
    get()  # the stream's start
    if type(get()) is StreamEndEvent:  # blank or only comments (else: the document's start)
        return None
    first_line = line_offset + 1  # libyaml's lines and columns count from 0
    lines = -1  # line breaks in the text, counted when first needed
    open_nodes: list[Sequence | Mapping] = []
    flows: list[bool] = []  # per open node: written inside `[ ]` or `{ }`
    keys: list[str | None] = []  # per open mapping: the key whose value comes next
    root: Node
    while True:
        event: Any = get()  # the types are checked by `kind is`, once per event
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _Unsure
            start = event.start_mark
            here = Mark(path, start.line + first_line, start.column + 1)
            value = event.value
            plain = not event.style
            if not open_nodes:  # the document is one value
                if plain and not value:
                    raise _Unsure
                root = Scalar(None if plain and value in _NULLS else value, here)
                break
            if plain and not value:  # an empty key or value: see the docstring
                if lines < 0:
                    lines = text.count("\n")
                if flows[-1] or start.line > lines:
                    raise _Unsure
            parent = open_nodes[-1]
            if isinstance(parent, Mapping) and keys[-1] is None:
                if value in parent.key_marks:
                    raise _Unsure
                parent.key_marks[value] = here
                keys[-1] = value
                continue
            node: Node = Scalar(None if plain and value in _NULLS else value, here)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                raise _Unsure
            if len(open_nodes) >= MAX_DEPTH:
                raise _Unsure
            start = event.start_mark
            here = Mark(path, start.line + first_line, start.column + 1)
            node = Mapping({}, here) if kind is MappingStartEvent else Sequence([], here)
            if open_nodes:
                parent = open_nodes[-1]
                if isinstance(parent, Mapping):
                    key = keys[-1]
                    if key is None:  # a list or a mapping as a key
                        raise _Unsure
                    parent.items[key] = node
                    keys[-1] = None
                else:
                    parent.items.append(node)
            open_nodes.append(node)
            flows.append(bool(event.flow_style))
            keys.append(None)
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            root = open_nodes.pop()
            flows.pop()
            keys.pop()
            if not open_nodes:
                break
            continue
        else:  # an alias, or anything else unforeseen
            raise _Unsure
        if isinstance(parent, Mapping):
            key = keys[-1]
            assert key is not None
            parent.items[key] = node
            keys[-1] = None
        else:
            parent.items.append(node)
    if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
        raise _Unsure  # a second document: PyYAML's message says where
    return root


def _plain_events(text: str, mark: MarkOf, problems: Problems) -> bool:
    """True when the text has no anchors, aliases or tags; else report them, once per kind.

    Reads the event stream only (nothing is composed, so an alias is never expanded) and keeps
    no event, only the first place and a count: a "billion laughs" document costs its length
    in time and nothing in memory.
    """
    anchors = 0
    first_anchor: Any = None
    tags: dict[str, tuple[Any, int]] = {}  # as written -> (first place, count)
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                problems.error(
                    mark(event.start_mark),
                    f"嵌套超过 {MAX_DEPTH} 层：请检查括号“[ ]”“{{ }}”是否多写了，缩进是否正确",
                )
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
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
            problems.error(key_mark, "键必须是简单文字；值以“{”或“[”开头时请给整个值加引号")
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
    return None if text is None else split_markdown(text, path, problems)


def split_markdown(text: str, path: Path, problems: Problems) -> MarkdownSource | None:
    """`read_markdown` of a file's text already read (`path` names it in messages)."""
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
    if len(problems.errors) > errors:  # unreadable front matter: nothing more to say of the file
        return None
    return MarkdownSource(meta, body, body_line, True)


def read_yaml_file(path: Path, problems: Problems) -> Node | None:
    text = read_text(path, problems)
    if text is None:
        return None
    return parse_yaml(text.lstrip("\ufeff"), path, problems)


def read_text(path: Path, problems: Problems) -> str | None:
    try:
        mode = path.stat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # a folder: read_bytes says so
            problems.error(Mark(path), "无法读取文件：这不是普通文件（可能是管道或设备）")
            return None  # reading a pipe would wait for a writer, for ever
        data = path.read_bytes()
    except OSError as exc:
        problems.error(Mark(path), f"无法读取文件：{os_reason(exc)}")
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16(data):
        problems.error(Mark(path), _UTF16)
        return None
    try:
        text = data.decode("utf-8")
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
    return text.replace("\r\n", "\n").replace("\r", "\n")  # CRLF (Windows), CR (old Macs)


_UTF16 = "文件是 UTF-16 编码（记事本另存时选了“Unicode”），请另存为 UTF-8"


def _utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: its first two characters are ASCII (a record begins
    with `---` or a key), so every other byte is zero."""
    head = data[:4]
    return len(head) == 4 and (
        (head[1] == head[3] == 0 and 0 not in (head[0], head[2]))
        or (head[0] == head[2] == 0 and 0 not in (head[1], head[3]))
    )
