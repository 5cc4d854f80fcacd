"""Typed reading of YAML nodes: every value converted by its field's type, every
problem named by file, line, column and field, in Chinese."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from pathlib import Path
from typing import Self, TypeVar, overload
from urllib.parse import urlsplit

from .messages import sentence, suggestion
from .problems import Mark, Problems
from .yamlfile import Mapping, Node, Scalar, Sequence, read_yaml_file

BEIJING = timezone(timedelta(hours=8))
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ID_LIMIT = 100  # characters of an id: a folder name of the site has at most 255 bytes
_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$"
)
_INT = re.compile(r"^[+-]?\d+$")
_TRUE = {"true", "True", "TRUE", "是"}
_FALSE = {"false", "False", "FALSE", "否"}
_KIND_NAMES = {Mapping: "键值对", Sequence: "列表", Scalar: "单个值"}
# Invisible characters that change how text shows: bidirectional overrides and isolates.
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SCHEMES = ("http://", "https://")
# A host name: labels of letters (any script), digits, "-" and "_", joined by dots.
_HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.?$")
_IPV6 = re.compile(r"^[0-9a-f:.]+$")
# An e-mail address as people write one: a dot-atom before "@", a domain with a dot after.
_EMAIL = re.compile(
    r"^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)+$"
)
_EMAIL_LENGTH = 254  # RFC 5321: no longer address can be delivered
_SHOWN = 60  # characters of a rejected value quoted in a message
_DIGITS = 15  # digits of a whole number: every count and code fits, and a JavaScript number too


def hidden_character(text: str, lines: bool = False) -> str | None:
    """The first control character of `text` (newlines too unless `lines`), or None.

    Control characters (U+0000–U+001F, U+007F–U+009F), line and paragraph separators and
    bidirectional overrides: none of them belongs in text shown on a page.
    """
    for char in text:
        if char == "\n" and lines:
            continue
        if unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI:
            return char
    return None


def shown(value: str) -> str:
    """A value as quoted in a message: at most `_SHOWN` characters."""
    return value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…"


class LabelledEnum(StrEnum):
    """A closed set of values written in records, each with the Chinese label readers see.

    Members are written `KEY = "value", "标签"` (the label defaults to the value); a member
    equals, formats and prints as its value, so records and templates read as plain text.
    """

    _label: str

    def __new__(cls, value: str, label: str | None = None) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = value if label is None else label
        return member

    @property
    def label(self) -> str:
        return self._label


E = TypeVar("E", bound=StrEnum)


def labels(kind: type[StrEnum]) -> dict[str, str]:
    """Value → label of every member, in order (the label is the value where there is none)."""
    return {
        member.value: member.label if isinstance(member, LabelledEnum) else member.value
        for member in kind
    }


def parse_moment(text: str) -> datetime | None:
    """Strict ISO 8601 date or date-time; naive times are Beijing time."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    if zone == "Z":
        tz = UTC
    elif zone:
        sign = 1 if zone[0] == "+" else -1
        tz = timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
    else:
        tz = BEIJING
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None


def url_problem(value: str) -> str | None:
    """Why `value` is not an absolute http(s) address with a host (the end of a message), or None."""
    if any(char.isspace() or unicodedata.category(char)[0] in "CZ" for char in value):
        return "的网址含有空格或不可见的字符，请删去"  # spaces, controls, zero-width marks
    if not value.lower().startswith(_SCHEMES):
        return f"应为以 http:// 或 https:// 开头的网址，而不是“{shown(value)}”"
    authority = re.split(r"[/?#]", value.split("//", 1)[1], maxsplit=1)[0]
    if "@" in authority:
        return "的网址不能含有用户名或密码（“@”及其之前的部分），请删去"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is no port
    except ValueError:  # a bad port, brackets that are no IPv6 address, a host NFKC changes
        return f"的网址格式有误（域名或端口无效）：“{shown(value)}”"
    host = parts.hostname or ""
    if not (_HOST.match(host) or ("[" in parts.netloc and _IPV6.match(host))):
        return f"的网址缺少有效的域名（如 https://zwfw.example.gov.cn），而不是“{shown(value)}”"
    return None


def is_email(value: str) -> bool:
    """A well-formed e-mail address: `local@domain.tld`, no spaces, quotes or brackets."""
    return len(value) <= _EMAIL_LENGTH and _EMAIL.match(value) is not None


class Fields:
    """One mapping of a record, read field by field.

    `where` is the field path shown in messages (e.g. `categories[1].deeds`).
    Unknown keys are reported at construction.
    """

    def __init__(
        self,
        node: Node | None,
        problems: Problems,
        mark: Mark,
        allowed: Iterable[str],
        where: str = "",
    ) -> None:
        self.problems = problems
        self.where = where
        self.mark = mark
        self.items: dict[str, Node] = {}
        self.key_marks: dict[str, Mark] = {}
        # Not a mapping (reported here): its fields are not said to be missing as well.
        self.broken = False
        allowed = list(allowed)
        if node is None:
            return
        if not isinstance(node, Mapping):
            self.problems.error(
                node.mark, f"{self._label()}应为键值对（字段: 值），而不是{_KIND_NAMES[type(node)]}"
            )
            self.broken = True
            return
        self.mark = node.mark
        for key, value in node.items.items():
            if key not in allowed:
                self.problems.error(
                    node.key_marks[key],
                    sentence(f"未知字段“{self.path(key)}”", suggestion(key, allowed)),
                )
                continue
            self.items[key] = value
            self.key_marks[key] = node.key_marks[key]

    @classmethod
    def of_file(cls, path: Path, problems: Problems, allowed: Iterable[str]) -> Fields | None:
        """A YAML file's top mapping; None when the file can't be read at all (not UTF-8, broken
        YAML…): its problem is reported, and then no "missing field" is said of it."""
        errors = len(problems.errors)
        node = read_yaml_file(path, problems)
        if node is None and len(problems.errors) > errors:
            return None
        return cls(node, problems, Mark(path), allowed)

    # -- helpers ---------------------------------------------------------------
    def _label(self) -> str:
        return f"字段“{self.where}”" if self.where else "内容"

    def path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def has(self, key: str) -> bool:
        return key in self.items

    def filled(self, key: str) -> bool:
        """The key is written with a value (`political_status:` alone is written but empty)."""
        node = self.items.get(key)
        return node is not None and not (isinstance(node, Scalar) and node.value is None)

    def mark_of(self, key: str) -> Mark:
        node = self.items.get(key)
        return node.mark if node is not None else self.key_marks.get(key, self.mark)

    def error(self, key: str, message: str) -> None:
        self.problems.error(self.mark_of(key), f"字段“{self.path(key)}”{message}")

    def warning(self, key: str, message: str) -> None:
        self.problems.warning(self.mark_of(key), f"字段“{self.path(key)}”{message}")

    def _scalar(self, key: str, required: bool) -> str | None:
        node = self.items.get(key)
        if node is None or (isinstance(node, Scalar) and node.value is None):
            if required and not self.broken:
                if key in self.items:
                    self.error(key, "不能为空")
                else:
                    self.problems.error(self.mark, f"缺少必填字段“{self.path(key)}”")
            return None
        if not isinstance(node, Scalar):
            self.error(key, f"应为单个值，而不是{_KIND_NAMES[type(node)]}")
            return None
        assert node.value is not None
        return node.value

    # -- field types -------------------------------------------------------------
    def text(
        self, key: str, required: bool = False, *, limit: int | None = None, lines: bool = False
    ) -> str | None:
        """Text, one line unless `lines`, never with control characters, at most `limit` long.

        Text that breaks these rules is reported and still returned: the record stays whole,
        so nothing else is reported because of it (and any error stops the build).
        """
        return self._text(key, required, limit, lines)[0]

    def _text(
        self, key: str, required: bool, limit: int | None = None, lines: bool = False
    ) -> tuple[str | None, bool]:
        """The text (None when absent or empty) and whether it broke no rule."""
        value = self._scalar(key, required)
        if value is None:
            return None, True
        value = value.strip()
        if not value and required:
            self.error(key, "不能为空")
            return None, False
        message = self._text_problem(value, limit, lines)
        if message:
            self.error(key, message)
        return value or None, message is None

    @staticmethod
    def _text_problem(value: str, limit: int | None, lines: bool) -> str | None:
        """Why `value` can't be this field's text, as the end of a message, or None."""
        char = hidden_character(value, lines)
        if char in ("\n", "\r", "\u2028", "\u2029") and not lines:
            return "应为一行文字，不能换行"
        if char is not None:
            return f"含有不可见的控制字符（U+{ord(char):04X}），请删去"
        if limit is not None and len(value) > limit:
            return f"过长：最多 {limit} 个字，现有 {len(value)} 个字"
        return None

    def url(self, key: str, required: bool = False) -> str | None:
        """An absolute http(s) address with a host: nothing else becomes a link."""
        value, clean = self._text(key, required)
        if value is None or not clean:
            return None
        message = url_problem(value)
        if message:
            self.error(key, message)
            return None
        return value

    def email(self, key: str, required: bool = False) -> str | None:
        """An e-mail address (`name@example.gov.cn`)."""
        value, clean = self._text(key, required)
        if value is None or not clean:
            return None
        if not is_email(value):
            self.error(key, f"应为电子邮箱地址（如 office@example.gov.cn），而不是“{shown(value)}”")
            return None
        return value

    def identifier(self, key: str, required: bool = False) -> str | None:
        """An id: it names a file or a folder of the site (`units/<id>/`), so it is short."""
        value = self.text(key, required)
        if value is not None and not ID_PATTERN.match(value):
            self.error(key, f"的值“{shown(value)}”不是有效的编号：只能用小写字母、数字和连字符“-”")
            return None
        if value is not None and len(value) > ID_LIMIT:
            self.error(key, f"过长：编号最多 {ID_LIMIT} 个字符，现有 {len(value)} 个")
            return None
        return value

    def integer(
        self, key: str, required: bool = False, minimum: int | None = 0, maximum: int | None = None
    ) -> int | None:
        value = self._scalar(key, required)
        if value is None:
            return None
        if not _INT.match(value.strip()):
            self.error(key, f"应为整数，而不是“{shown(value)}”")
            return None
        digits = len(value.strip().lstrip("+-").lstrip("0"))
        if digits > _DIGITS:
            self.error(key, f"的数值过大（{digits} 位数），最多 {_DIGITS} 位")
            return None
        number = int(value)
        if minimum is not None and number < minimum:
            limit = "不能为负数" if minimum == 0 else f"不能小于 {minimum}"
            self.error(key, f"{limit}（现为 {number}）")
            return None
        if maximum is not None and number > maximum:
            self.error(key, f"不能大于 {maximum}（现为 {number}）")
            return None
        return number

    def fraction(self, key: str) -> float | None:
        return None if key not in self.items else self._fraction(self.items[key], key)

    def _fraction(self, node: Node, key: str) -> float | None:
        if not isinstance(node, Scalar) or node.value is None:
            self.error(key, "应为 0 到 1 之间的小数")
            return None
        try:
            number = float(node.value)
        except ValueError:
            number = -1.0
        if not 0.0 <= number <= 1.0:
            self.problems.error(
                node.mark, f"字段“{self.path(key)}”应为 0 到 1 之间的小数，而不是“{node.value}”"
            )
            return None
        return number

    def point(self, key: str) -> tuple[float, float] | tuple[float, float, float] | None:
        """A point on a photo, [x, y] as fractions of its width and height, or [x, y, w] with
        the width of the face there as a fraction of the photo's width (the crop then zooms to
        head and shoulders around it, where face detection finds nothing)."""
        node = self.items.get(key)
        if node is None:
            return None
        if not isinstance(node, Sequence) or len(node.items) not in (2, 3):
            self.error(
                key,
                "应写作 [x, y]，两个 0 到 1 之间的小数（相对于照片宽、高）；"
                "也可写作 [x, y, 脸宽]，脸宽为人脸宽度占照片宽度的比例",
            )
            return None
        numbers = [self._fraction(item, key) for item in node.items]
        if len(numbers) == 3 and numbers[2] == 0.0:
            self.problems.error(
                node.items[2].mark, f"字段“{self.path(key)}”的脸宽应大于 0，而不是“0”"
            )
            return None
        if any(number is None for number in numbers):
            return None
        x, y, *w = (n for n in numbers if n is not None)
        return (x, y, w[0]) if w else (x, y)

    def year(self, key: str, required: bool = False) -> int | None:
        value = self._scalar(key, required)
        if value is None:
            return None
        if not re.fullmatch(r"\d{4}", value.strip()) or not 1900 <= int(value) <= 2100:
            self.error(key, f"应为四位年份（如 1988），而不是“{shown(value)}”")
            return None
        return int(value)

    def moment(self, key: str, required: bool = False) -> datetime | None:
        value = self._scalar(key, required)
        if value is None:
            return None
        moment = parse_moment(value)
        if moment is None:
            self.error(
                key,
                f"的日期“{value}”无效：应写作 YYYY-MM-DD（如 2024-06-25），可加时间 2024-06-25T09:00+08:00",
            )
        return moment

    def date(self, key: str, required: bool = False) -> date | None:
        moment = self.moment(key, required)
        return moment.date() if moment else None

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self._scalar(key, False)
        if value is None:
            return default
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        self.error(key, f"应为 true 或 false，而不是“{value}”")
        return default

    def choice(
        self, key: str, options: dict[str, str], required: bool = False, default: str | None = None
    ) -> str | None:
        value = self.text(key, required)
        if value is None:
            return default
        if value not in options:
            listed = "、".join(f"{k}（{v}）" if k != v else k for k, v in options.items())
            self.error(
                key, sentence(f"的值“{value}”无效", suggestion(value, options), f"可选：{listed}")
            )
            return default
        return value

    @overload
    def enum(self, key: str, kind: type[E], required: bool = ..., *, default: E) -> E: ...
    @overload
    def enum(
        self, key: str, kind: type[E], required: bool = ..., *, default: None = ...
    ) -> E | None: ...
    def enum(
        self, key: str, kind: type[E], required: bool = False, *, default: E | None = None
    ) -> E | None:
        """A member of `kind`; the options listed in messages are its values and labels."""
        value = self.choice(key, labels(kind), required)
        return default if value is None else kind(value)

    def text_list(self, key: str, *, limit: int | None = None, lines: bool = False) -> list[str]:
        """Items of text, each as `text` reads one."""
        node = self.items.get(key)
        if node is None or (isinstance(node, Scalar) and node.value is None):
            return []
        if not isinstance(node, Sequence):
            self.error(key, "应为列表（每项一行，以“- ”开头）")
            return []
        values = []
        for index, item in enumerate(node.items):
            where = f"字段“{self.path(key)}[{index + 1}]”"
            if not isinstance(item, Scalar) or item.value is None or not item.value.strip():
                self.problems.error(item.mark, f"{where}应为非空文字")
                continue
            value = item.value.strip()
            message = self._text_problem(value, limit, lines)
            if message:
                self.problems.error(item.mark, f"{where}{message}")
            values.append(value)
        return values

    def mapping(self, key: str, allowed: Iterable[str], required: bool = False) -> Fields | None:
        node = self.items.get(key)
        if node is None or (isinstance(node, Scalar) and node.value is None):
            if required and not self.broken:
                self.problems.error(self.mark, f"缺少必填字段“{self.path(key)}”")
            return None
        return Fields(node, self.problems, node.mark, allowed, self.path(key))

    def raw(self, key: str) -> Node | None:
        return self.items.get(key)

    def mappings(self, key: str, allowed: Iterable[str], required: bool = False) -> list[Fields]:
        node = self.items.get(key)
        if node is None or (isinstance(node, Scalar) and node.value is None):
            if required and not self.broken:
                self.problems.error(self.mark, f"缺少必填字段“{self.path(key)}”")
            return []
        if not isinstance(node, Sequence):
            self.error(key, "应为列表（每项以“- ”开头）")
            return []
        allowed = list(allowed)
        return [
            Fields(item, self.problems, item.mark, allowed, f"{self.path(key)}[{index + 1}]")
            for index, item in enumerate(node.items)
        ]
