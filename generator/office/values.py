"""Values as a form's cell shows them, and back: what units type in Word, WPS and Excel.

`shown_*` give the text written into a cell; `read_*` take what a cell holds (text, or the
number or date Excel stored) and return the record's value, or raise `Unreadable` with the
reason in Chinese. Readers accept what people really type: 1988.06, 1988年6月, 1988-6, an
Excel date or its serial number; 党员 for 中共党员; 8人 for 8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..model.records import POLITICAL_STATUSES, Gender, Role, TeamMember
from ..sources.fields import shown

Cell = str | int | float | datetime | date | None
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug included)
_SEPARATORS = r"[.\-/年月日．。、\s]+"
# Digits typed with a Chinese input method (１９８８) read as the digits they are.
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DIGITS = re.compile(r"[0-9]+")  # ASCII digits: int() refuses ² and other Unicode digits
_HONOUR_NUMBER = re.compile(r"^\s*(?:[(（]?\d+[)）.、．]|[①-⑳]|[-*•·])\s*")
_POLITICAL_ALIASES = {
    "党员": "中共党员",
    "共产党员": "中共党员",
    "中国共产党党员": "中共党员",
    "预备党员": "中共预备党员",
    "团员": "共青团员",
    "共青团": "共青团员",
    "无党派": "无党派人士",
}


class Unreadable(ValueError):
    """A cell whose value cannot be read; the message says why, in Chinese."""


@dataclass(frozen=True)
class Day:
    """A date as a form gives it: month precision when the day is left out (1988.06)."""

    value: date
    precision: str = "day"  # "day" or "month"

    def matches(self, recorded: date | None) -> bool:
        """Whether a record's date says the same: the same day, or any day of the month."""
        if recorded is None:
            return False
        if self.precision == "month":
            return (recorded.year, recorded.month) == (self.value.year, self.value.month)
        return recorded == self.value


def cell_text(value: Cell) -> str:
    """A cell as text: whole numbers without `.0`, dates as 2001年7月1日, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return shown_date(value)
    text = str(value).replace("\r\n", "\n").replace("\u3000", " ")
    return text.translate(_FULL_WIDTH_DIGITS).strip()


def shown_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def shown_year(year: int) -> str:
    return f"{year}年"


def shown_lines(items: tuple[str, ...] | list[str]) -> str:
    return "\n".join(items)


def read_day(value: Cell) -> Day:
    """2001年7月1日, 2001.07.01, 2001-7-1, 2001/07/01, 20010701, an Excel date or serial; a
    month alone (2001.07, 2001年7月) reads as the month."""
    if isinstance(value, datetime):
        return Day(value.date())
    if isinstance(value, date):
        return Day(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Day(_serial(value))
    text = cell_text(value)
    compact = re.fullmatch(r"([0-9]{4})([0-9]{2})([0-9]{2})?", text)
    parts = list(compact.groups()) if compact else re.split(_SEPARATORS, text.strip(".-/年月日 "))
    parts = [p for p in parts if p]
    if _DIGITS.fullmatch(text) and not compact and 20000 < int(text) < 80000:
        return Day(_serial(int(text)))
    if len(parts) in (2, 3) and all(_DIGITS.fullmatch(p) for p in parts) and len(parts[0]) == 4:
        year, month = int(parts[0]), int(parts[1])
        day = int(parts[2]) if len(parts) == 3 else 1
        try:
            found = date(year, month, day)
        except ValueError:
            raise Unreadable(f"“{shown(text)}”不是有效日期") from None
        if not 1900 <= year <= 2100:
            raise Unreadable(f"“{shown(text)}”的年份不在 1900—2100 年之间")
        return Day(found, "day" if len(parts) == 3 else "month")
    raise Unreadable(f"读不出日期“{shown(text)}”：请写成 2001年7月1日 或 2001.07.01")


def read_year(value: Cell) -> int:
    """1988, 1988年, 1988.06, 1988年6月, a full date, an Excel date or serial: the year."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return int(value)
    text = cell_text(value)
    if re.fullmatch(r"[0-9]{4}\s*年?", text):
        year = int(text[:4])
        if 1900 <= year <= 2100:
            return year
        raise Unreadable(f"“{shown(text)}”的年份不在 1900—2100 年之间")
    try:
        return read_day(value).value.year
    except Unreadable:
        raise Unreadable(f"读不出出生年月“{shown(text)}”：请写成 1988年6月 或 1988.06") from None


def read_count(value: Cell) -> int:
    """8, 8人, 8 名: a whole number."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    text = cell_text(value)
    found = re.fullmatch(r"([0-9]{1,9})\s*[人名个]?", text)
    if not found:
        raise Unreadable(f"应为人数（如 8），而不是“{shown(text)}”")
    return int(found.group(1))


def read_gender(value: Cell) -> Gender:
    text = cell_text(value)
    for gender in Gender:
        if text in (gender.value, f"{gender.value}性"):
            return gender
    raise Unreadable(f"性别应为“男”或“女”，而不是“{shown(text)}”")


def read_political_status(value: Cell) -> str:
    text = "".join(cell_text(value).split())
    found = POLITICAL_STATUSES.get(text) or _POLITICAL_ALIASES.get(text)
    if found:
        return found
    allowed = "、".join(POLITICAL_STATUSES)
    raise Unreadable(f"政治面貌“{shown(text)}”不在可选范围内（{allowed}）")


def read_roles(value: Cell) -> tuple[str, ...]:
    """What a person's work is, one a line (or separated by 、；), by label (从事党务工作) or by
    the record's word (party_work); “无” for none."""
    roles: list[str] = []
    for item in re.split(r"[\n；;、，,]+", cell_text(value)):
        text = "".join(item.split())
        if not text or text in ("无", "/", "—"):
            continue
        found = next(
            (r for r in Role if text in (r.value, r.label, r.label.removeprefix("从事"))), None
        )
        if found is None:
            allowed = "、".join(role.label for role in Role)
            raise Unreadable(f"工作类别“{shown(text)}”不在可选范围内（{allowed}）")
        roles.append(found.value)
    return tuple(dict.fromkeys(roles))


def read_phone(value: Cell) -> str:
    """A phone number as text: Excel's 13912345678.0 as 13912345678, spaces and dashes kept."""
    text = cell_text(value)
    if not re.fullmatch(r"[0-9+\-（）() ]{3,30}", text):
        raise Unreadable(f"“{shown(text)}”不像电话号码")
    return text


def read_lines(value: Cell) -> tuple[str, ...]:
    """One item a line (or separated by ；), numbering such as 1. （2） ③ dropped."""
    text = cell_text(value)
    items = []
    for line in re.split(r"[\n；;]+", text):
        item = _HONOUR_NUMBER.sub("", line).strip().rstrip("。；;，,")
        if item:
            items.append(item)
    return tuple(items)


_MEMBER = re.compile(r"^(.+?)[（(]([^（()）]*)[）)]$")
_HAN_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def read_members(value: Cell) -> tuple[TeamMember, ...]:
    """A team's 成员名单: names separated by 、，；or lines, each with its role in brackets
    when it has one (王晓明（队长）、孙丽华、赵卫东（志愿者）), as names (the importer links a
    name to its people/ record)."""
    members = []
    for item in re.split(r"[\n、，,；;]+", cell_text(value)):
        text = _HAN_GAP.sub("", " ".join(item.split()))
        if not text or text in ("无", "/", "—"):
            continue
        found = _MEMBER.match(text)
        name, role = (found.group(1).strip(), found.group(2).strip()) if found else (text, "")
        if not name:
            raise Unreadable(f"“{shown(text)}”缺少姓名")
        members.append(TeamMember(name, None, role or None))
    return tuple(members)


def read_text(value: Cell) -> str:
    """One line of text: inner runs of spaces (Word's padding) kept as one."""
    return " ".join(cell_text(value).split())


def _serial(number: float) -> date:
    if not 1 <= number < 2958466:
        raise Unreadable(f"“{cell_text(number)}”不是有效的 Excel 日期")
    return EXCEL_EPOCH + timedelta(days=int(number))
