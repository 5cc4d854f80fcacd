"""The libyaml reader against PyYAML's: same nodes, same marks, same problems, for any text.

parse_yaml reads a text with libyaml when it can (one pass, in C) and leaves everything it
refuses or is unsure of to PyYAML's pure-Python parser (_parse_slow), which alone writes the
messages. These tests hold the two to one answer, for generated texts, valid and broken, and
for the cases where the two parsers are known to read YAML differently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.sources import yamlfile
from generator.sources.problems import Mark, Problems
from generator.sources.yamlfile import (
    MAX_DEPTH,
    Mapping,
    Node,
    Scalar,
    Sequence,
    _libyaml_reads_alike,
    _parse_fast,
    _parse_slow,
    _plain_characters,
    _Unsure,
    parse_yaml,
)

PATH = Path("content/people/x.md")
Tree = object  # nested tuples: ("S", value, line, column) and so on

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")


def tree(node: Node | None) -> Tree:
    """A node as plain tuples: values, node marks and key marks, in order."""
    if node is None:
        return None
    place = (node.mark.path, node.mark.line, node.mark.column)
    if isinstance(node, Scalar):
        return ("S", node.value, place)
    if isinstance(node, Sequence):
        return ("L", place, [tree(item) for item in node.items])
    assert isinstance(node, Mapping)
    assert list(node.key_marks) == list(node.items)
    return (
        "M",
        place,
        [(key, node.key_marks[key], tree(value)) for key, value in node.items.items()],
    )


def read(text: str, line_offset: int = 0) -> tuple[Tree, list[str]]:
    """What parse_yaml answers (the fast path when it can)."""
    problems = Problems()
    node = parse_yaml(text, PATH, problems, line_offset)
    return tree(node), [problem.format() for problem in problems.items]


def read_slowly(text: str, line_offset: int = 0) -> tuple[Tree, list[str]]:
    """What PyYAML's pure-Python parser alone answers (parse_yaml before libyaml)."""
    problems = Problems()
    node = None
    if _plain_characters(text, PATH, problems, line_offset):
        node = _parse_slow(text, PATH, problems, line_offset)
    return tree(node), [problem.format() for problem in problems.items]


def fast(text: str, line_offset: int = 0) -> Tree:
    """The fast path alone; raises _Unsure (or libyaml's error) where it leaves the text."""
    return tree(_parse_fast(text, PATH, line_offset))


def takes_fast_path(text: str) -> bool:
    if not _libyaml_reads_alike(text) or not _plain_characters(text, PATH, Problems(), 0):
        return False
    try:
        _parse_fast(text, PATH, 0)
    except Exception:
        return False
    return True


def assert_same(text: str, line_offset: int = 0) -> tuple[Tree, list[str]]:
    answer = read_slowly(text, line_offset)
    assert read(text, line_offset) == answer
    if takes_fast_path(text):  # what libyaml reads alone is a record PyYAML reads cleanly
        assert answer[1] == []
        assert fast(text, line_offset) == answer[0]
    return answer


# -- generated texts ---------------------------------------------------------------------------

PIECES = [
    "a", "b", "name", "名字", "张三", "值", "😀", "~", "null", "0", "1988",
    ":", ": ", " ", "  ", "\n", "\n  ", "\n    ", "\n- ", "- ", "-",
    "[", "]", "{", "}", ",", ", ", "'", '"', "\\", "\\/", "\\u00e9", "\\x4",
    "#", " #", "&", "&a ", "*", "*a", "!", "!!str ", "!x ", "?", "? ",
    "|", ">", "|-", ">+", "|2", "---", "\n---\n", "...", "\n...\n",
    "%YAML 1.1\n", "%TAG ! !x\n", "''", '""', "@", "`", "%", "：", "“", "\u3000", "\xa0",
    "\ufeff", "\r", "\t", "\x07", "\x85",
]  # fmt: skip
yamlish = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@given(yamlish, st.integers(0, 3))
@settings(max_examples=500, deadline=None)
def test_any_text_reads_the_same(text: str, line_offset: int) -> None:
    assert_same(text, line_offset)


WORDS = [
    "a", "name", "名字", "张三", "办事大厅", "😀", "~", "null", "Null", "", "1988", "x y",
    "a #b", "a#b", "-", "…", "：", "“值”", "\u3000", "http://x.cn/a?b=1", "&a", "*a", "!x", "@",
]  # fmt: skip
KEYS = ["name", "unit", "名字", "a", "b", "~", "''", "k"]


@st.composite
def scalars(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(WORDS))
    style = draw(st.sampled_from(["plain", "plain", "single", "double", "literal", "folded"]))
    if style == "single":
        return "'" + word.replace("'", "''") + "'"
    if style == "double":
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style in ("literal", "folded"):
        header = ("|" if style == "literal" else ">") + draw(st.sampled_from(["", "-", "+", "2"]))
        return f"{header}\n    {word}\n    {word}\n"
    return word


values = st.recursive(
    scalars(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=8,
)


def flow(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    assert isinstance(value, str)
    return value.replace("\n", " ") if value[:1] in "|>" else value


def block(draw: Callable[[st.SearchStrategy[Any]], Any], value: object, indent: int) -> str:
    pad = " " * indent
    if isinstance(value, dict) and value:
        text = ""
        for key, item in value.items():
            if draw(st.booleans()) and isinstance(item, dict | list) and item:
                step = draw(st.sampled_from([0, 2, 4] if isinstance(item, list) else [1, 2, 4]))
                text += f"{pad}{key}:\n" + block(draw, item, indent + step)
            else:
                tail = draw(st.sampled_from(["", "", " # 注释", " "]))
                text += f"{pad}{key}: {_inline(item)}{tail}\n"
        return text
    if isinstance(value, list) and value:
        text = ""
        for item in value:
            if isinstance(item, dict) and item and draw(st.booleans()):
                text += pad + "- " + block(draw, item, indent + 2)[indent + 2 :]
            else:
                text += f"{pad}- {_inline(item)}\n"
        return text
    return f"{pad}{flow(value)}\n"


def _inline(value: object) -> str:
    """A value after `key: ` or `- `: a block scalar keeps its lines, the rest goes in flow."""
    if isinstance(value, str) and value[:1] in "|>":
        return value
    return flow(value)


EDITS = ["", " ", "\n", ":", "- ", "[", "]", "{", "}", "#", "'", '"', "&", "*", "!", "?", "|"]


@st.composite
def records(draw: st.DrawFn) -> str:
    """Records as staff write them (block mappings, lists, flow, quotes, block scalars,
    comments, `---`, a missing last line break), then a few characters inserted or deleted."""
    value = draw(st.dictionaries(st.sampled_from(KEYS), values, min_size=1, max_size=5))
    text = block(draw, value, 0)
    if draw(st.booleans()):
        text = text.rstrip("\n") + draw(st.sampled_from(["", " ", "  # 完"]))
    text = draw(st.sampled_from(["", "", "---\n", "%YAML 1.1\n---\n"])) + text
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + draw(st.sampled_from(EDITS)) + text[at:]
    return text


@given(records(), st.integers(0, 3))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_records_read_the_same(text: str, line_offset: int) -> None:
    assert_same(text, line_offset)


# An empty plain value inside `[ ]` or `{ }` (before a `,`, `]` or `}`): the fast reader hands
# these to PyYAML on purpose, since libyaml gives them another position (see `_parse_fast`).
_EMPTY_IN_FLOW = re.compile(r"(?:[\[{,]|: )[ ]*[,\]}]")


@given(st.dictionaries(st.sampled_from(KEYS), values, min_size=1, max_size=5), st.data())
@settings(max_examples=150, deadline=None)
def test_well_formed_records_take_the_fast_path(
    value: dict[str, object], data: st.DataObject
) -> None:
    text = block(data.draw, value, 0)
    if "?" in text and ("[" in text or "{" in text):  # left to PyYAML on purpose
        return
    if _EMPTY_IN_FLOW.search(text):  # `{name: }`: libyaml places it otherwise, left to PyYAML
        return
    answer = assert_same(text)
    if any(word in text for word in ("&a", "*a", "!x", "@")) or answer[1]:
        return  # refused, or a duplicate key: reported by the slow path
    assert takes_fast_path(text), text


# -- records as the bench centre writes them -----------------------------------------------------

PERSON = """\
kind: person
name: 罗蕾阳
unit: window-65
position: 业务骨干
gender: 女
born: 1981
ethnicity: 壮族
political_status: 群众
honours:
  - 2019 年度服务标兵
  - "2021 年 “青年文明号”"
photo:
private:
  phone: "1900004812"
  note: ~
"""


def test_a_record_takes_the_fast_path_with_every_mark() -> None:
    assert takes_fast_path(PERSON)
    node, problems = assert_same(PERSON, line_offset=1)
    assert problems == []
    assert isinstance(node, tuple) and node[0] == "M"
    entries = {key: (mark.line, mark.column, value) for key, mark, value in node[2]}
    assert entries["name"] == (3, 1, ("S", "罗蕾阳", (PATH, 3, 7)))  # one line of `---` above
    assert entries["born"][2] == ("S", "1981", (PATH, 7, 7))  # text: conversion is the schema's
    assert entries["photo"][2] == ("S", None, (PATH, 13, 7))  # empty: None, placed after the colon
    private = entries["private"][2]
    assert private[2][0] == (
        "phone",
        Mark(PATH, 15, 3),
        ("S", "1900004812", (PATH, 15, 10)),
    )
    assert private[2][1][2] == ("S", None, (PATH, 16, 9))  # `~` is None


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("", None),
        ("''", ""),
        ('""', ""),
        ("'~'", "~"),
        ('"null"', "null"),
        ("|\n  ~\n", "~\n"),
        ("nul", "nul"),
    ],
)
def test_null_only_when_plain(written: str, value: str | None) -> None:
    text = f"a: {written}\nb: x\n"
    assert takes_fast_path(text)
    node, _ = assert_same(text)
    assert isinstance(node, tuple)
    assert node[2][0][2][1] == value


def test_columns_count_characters() -> None:
    text = "名字: 张三\n😀: [一, 二]\n说明: >\n  长文字\n"
    assert takes_fast_path(text)
    node, _ = assert_same(text)
    assert node == (
        "M",
        (PATH, 1, 1),
        [
            ("名字", Mark(PATH, 1, 1), ("S", "张三", (PATH, 1, 5))),
            (
                "😀",
                Mark(PATH, 2, 1),
                ("L", (PATH, 2, 4), [("S", "一", (PATH, 2, 5)), ("S", "二", (PATH, 2, 8))]),
            ),
            ("说明", Mark(PATH, 3, 1), ("S", "长文字\n", (PATH, 3, 5))),
        ],
    )


# -- what the two parsers read differently: left to PyYAML -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffa: b\n",  # libyaml skips a byte order mark at the start of any line
        "a: b\n\ufeffc: d\n",
        "a: x\ufeffy\n",
        "[a?b]\n",  # libyaml reads `?` inside brackets as part of a word
        "{a?b: c}\n",
        "a: |#x\n  b\n",  # libyaml takes `#` straight after `|` for a comment
        "a: >-#x\n  b\n",
        "a: b\r\nc: d\r\n",  # read_text turns CR into LF; parse_yaml alone may get it
        "%YAML 1.1#\n---\na: b\n",  # a directive: PyYAML refuses the `#`, libyaml does not
        "%YAML 1.1\n---\na: b\n",
    ],
)
def test_texts_libyaml_reads_differently_go_to_pyyaml(text: str) -> None:
    assert not _libyaml_reads_alike(text)
    assert_same(text)


@pytest.mark.parametrize(
    "text",
    [
        "---",  # an empty document: libyaml puts its value on the next line
        "---\n",
        "a:",  # an empty value at the end without a line break: libyaml says the next line
        "a:  # 注释",
        "? a",
        "a: b\nc:",
        "- a\n-",
        "{a: }\n",  # an empty value in braces: libyaml says where the brace closes
        "[a: ]\n",
        "[a, ]\n",
    ],
)
def test_empty_values_read_the_same(text: str) -> None:
    assert_same(text)


@pytest.mark.parametrize(
    "text",
    [
        "a:\n",  # empty values that libyaml places as PyYAML does
        "a:\nb: c\n",
        "- \n- a\n",
        "a:\n  -\n  - b\n",
    ],
)
def test_empty_values_in_the_middle_take_the_fast_path(text: str) -> None:
    assert takes_fast_path(text)
    assert_same(text)


# -- refused: the fast path leaves it, the slow path says why ---------------------------------


def only(text: str) -> str:
    node, problems = assert_same(text)
    assert node is None or problems
    assert len(problems) == 1, problems
    with pytest.raises(_Unsure):  # refused by the fast path, not by libyaml failing
        _parse_fast(text, PATH, 0)
    return problems[0]


def test_duplicate_key() -> None:
    assert only("a: 1\nb: 2\na: 3\n") == f"{PATH}:3:1: 错误：字段“a”重复（第 1 行已写过）"


def test_key_that_is_not_text() -> None:
    assert (
        only("[a]: 1\n")
        == f"{PATH}:1:1: 错误：键必须是简单文字；值以“{{”或“[”开头时请给整个值加引号"
    )
    assert only("? {a: b}\n: c\n").startswith(f"{PATH}:1:3: 错误：键必须是简单文字")


def test_anchor_alias_and_tag() -> None:
    assert only("a: &x 1\nb: *x\n") == (
        f"{PATH}:1:4: 错误：不支持 YAML 锚点和引用（& 和 *），请把内容完整写出（本文件共 2 处，此为第一处）"
    )
    assert (
        only("a: !!python/object x\n") == f"{PATH}:1:4: 错误：不允许使用 YAML 标签“!!python/object”"
    )
    assert only("a: !!str 1\n") == f"{PATH}:1:4: 错误：不允许使用 YAML 标签“!!str”"


def test_alias_bomb_is_refused_unexpanded() -> None:
    lines = ['a: &a ["x", "x"]'] + [
        f"{b}: &{b} [*{a}, *{a}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    message = only("\n".join(lines) + "\n")
    assert "不支持 YAML 锚点和引用" in message


def test_second_document() -> None:
    assert only("a: 1\n---\nb: 2\n") == (
        f"{PATH}:2:1: 错误：YAML 格式错误：一个文件只能有一份内容：这里多了一行“---”"
    )


# -- nesting -----------------------------------------------------------------------------------

DEPTH_MESSAGE = f"嵌套超过 {MAX_DEPTH} 层：请检查括号“[ ]”“{{ }}”是否多写了，缩进是否正确"


@pytest.mark.parametrize("closed", [False, True])
def test_a_hundred_thousand_brackets(closed: bool) -> None:
    text = "[" * 100_000 + ("]" * 100_000 if closed else "")
    with pytest.raises((_Unsure, yaml.YAMLError)):  # libyaml itself stops at 1,000 levels
        _parse_fast(text, PATH, 0)  # an explicit stack: no recursion in C or Python
    assert read(text) == (None, [f"{PATH}:1:{MAX_DEPTH + 1}: 错误：{DEPTH_MESSAGE}"])


def test_deep_block_nesting() -> None:
    text = (
        "".join(" " * level + f"k{level}:\n" for level in range(MAX_DEPTH + 5)) + " " * 60 + "x\n"
    )
    assert only(text) == f"{PATH}:{MAX_DEPTH + 1}:{MAX_DEPTH + 1}: 错误：{DEPTH_MESSAGE}"


def test_nesting_up_to_the_limit_is_read() -> None:
    text = "[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH + "\n"
    assert takes_fast_path(text)
    node, problems = assert_same(text)
    assert problems == []
    for _ in range(MAX_DEPTH):
        assert isinstance(node, tuple) and node[0] == "L"
        node = node[2][0]
    assert node == ("S", "x", (PATH, 1, MAX_DEPTH + 1))


# -- empty texts, directives, characters, length ----------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# 只有注释\n", "  \n# a\n"])
def test_empty_texts(text: str) -> None:
    assert takes_fast_path(text)
    assert assert_same(text) == (None, [])


@pytest.mark.parametrize(
    "text",
    [
        "%YAML 1.1\n---\na: b\n",
        "%YAML 1.2\n---\na: b\n",
        "%YAML 1.3\n---\na: b\n",  # PyYAML reads it, libyaml refuses: the slow path answers
        "%YAML 2.0\n---\na: b\n",
        "%YAML 1.1\n%YAML 1.1\n---\na: b\n",
        "%TAG ! tag:x,2000:\n---\na: b\n",
        "%FOO bar\n---\na: b\n",
        "a: b\n...\n",
        "a: b\n...\n---\nc: d\n",
    ],
)
def test_directives_and_markers(text: str) -> None:
    assert_same(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b\x07\n", "1:5: 错误：含有不可见的控制字符（U+0007），请删去"),
        ("a: b\nc: \x00\n", "2:4: 错误：含有不可见的控制字符（U+0000），请删去"),
        ("a: \ud800\n", "1:4: 错误：含有不可见的控制字符（U+D800），请删去"),  # not UTF-8 at all
        ("a: b\u2028c\n", "1:5: 错误：含有不可见的控制字符（U+2028），请删去"),
        ("a: b\x85\n", "1:5: 错误：含有不可见的控制字符（U+0085），请删去"),
        ("a:\n\tb: c\n", "2:1: 错误：含有制表符（Tab），请改用空格缩进"),
        ("a: '\tb'\n", "1:5: 错误：含有制表符（Tab），请改用空格"),
    ],
)
def test_characters_yaml_refuses(text: str, expected: str) -> None:
    assert read(text) == (None, [f"{PATH}:{expected}"])
    assert read(text) == read_slowly(text)


def test_escapes_libyaml_refuses_but_pyyaml_reads() -> None:
    text = 'a: "\\ud800"\n'  # a lone surrogate by escape: PyYAML keeps it, libyaml stops
    with pytest.raises(Exception):  # noqa: B017 - libyaml's own error, whichever it is
        _parse_fast(text, PATH, 0)
    assert assert_same(text) == (
        ("M", (PATH, 1, 1), [("a", Mark(PATH, 1, 1), ("S", "\ud800", (PATH, 1, 4)))]),
        [],
    )


def test_long_texts() -> None:
    many = "".join(f"k{number}: 值{number}\n" for number in range(2000))
    assert takes_fast_path(many)
    node, problems = assert_same(many)
    assert problems == [] and isinstance(node, tuple) and len(node[2]) == 2000
    long_value = "a: " + "长" * 100_000 + "\n"
    assert takes_fast_path(long_value)
    assert_same(long_value)
    for length in (1024, 1025):  # a key longer than 1,024 characters is not a key to YAML
        assert_same("名" * length + ": v\n")


def test_without_libyaml_the_answers_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [PERSON, "a: [b, c]\n", "a: 1\na: 2\n", "a: &x 1\n", "[" * 60, ""]
    with_libyaml = [read(text) for text in texts]
    monkeypatch.setattr(yamlfile, "CParser", None)
    assert [read(text) for text in texts] == with_libyaml


def test_an_escape_beyond_unicode_is_a_message_not_a_crash(tmp_path: Path) -> None:
    """PyYAML raises ValueError (from chr) on `\\U00110000`: staff get the place and a hint."""
    problems = Problems()
    text = 'name: 张三\nmotto: "为民\\U00110000服务"\n'
    assert parse_yaml(text, tmp_path / "a.md", problems, line_offset=1) is None
    assert [p.format(tmp_path) for p in problems.items] == [
        "a.md:3:11: 错误：YAML 格式错误：双引号中“\\U”后面的编码超出了 Unicode 的范围"
        "（最大为 0010FFFF）；要写反斜杠请改用单引号"
    ]
