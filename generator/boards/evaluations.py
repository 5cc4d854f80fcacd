"""群众评议: satisfaction counts per person or window (the centre's 评价器 or a survey export),
read from `content/evaluations/<period>.csv`, as rates with the period they cover.

One file per period, its name the period: `2026-10.csv` (2026年10月), `2026-q3.csv`
(2026年第三季度), `2026-h2.csv` (2026年下半年), `2026.csv` (2026年). One row per record:
the record by its people/ id (`对象` or `编号`) or by its name (`姓名` or `名称`), and three
whole numbers ≥ 0: 满意, 基本满意, 不满意. The files are read with the shared CSV reader
(`sources/csvfile.py`: UTF-8 with or without BOM, GBK, tab-separated text) and every problem is
reported at its file, line and column. The CSV files are never published: only the rates are,
on the 承诺墙 and the records' pages (满意率 = (满意 + 基本满意) ÷ all answers).

This module does not depend on MkDocs.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..model.records import Content, Person
from ..sources.csvfile import CsvRows, header_name, read_sheet
from ..sources.messages import sentence, suggestion
from ..sources.numbers import whole_number
from ..sources.paths import LINKED_OUT, inside
from ..sources.problems import Mark, Problems

EVALUATIONS_DIR = "evaluations"

# Column headers (compared after NFKC, without spaces, lower case); the first is the label.
COLUMNS: dict[str, tuple[str, ...]] = {
    "record": ("对象", "编号", "对象编号", "人员编号", "id"),
    "name": ("姓名", "名称", "窗口名称", "name"),
    "satisfied": ("满意", "满意人次", "satisfied"),
    "basic": ("基本满意", "基本满意人次", "basic"),
    "unsatisfied": ("不满意", "不满意人次", "unsatisfied"),
    "total": ("合计", "评价人次", "total"),  # optional, checked against the sum
    "row": ("序号", "no"),  # optional, ignored
    "note": ("备注", "note"),  # optional, never published
}
COUNTS = ("satisfied", "basic", "unsatisfied")
PERIOD_FORMS = "2026-10.csv（月）、2026-q3.csv（季度）、2026-h2.csv（半年）或 2026.csv（年）"

_PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{2})|q([1-4])|h([12])))?$")
_QUARTERS = "一二三四"
_UNITS = ("人次", "次", "人")  # what a count may end with, as survey exports write it


@dataclass(frozen=True)
class Rate:
    """One period's 评议 of one record: the counts and the satisfaction rate."""

    period: str  # as the file names it: 2026-10, 2026-q3, 2026 …
    label: str  # in words: 2026年10月, 2026年第三季度, 2026年
    satisfied: int  # 满意
    basic: int  # 基本满意
    unsatisfied: int  # 不满意

    @property
    def total(self) -> int:
        return self.satisfied + self.basic + self.unsatisfied

    @property
    def rate(self) -> float:
        """满意率: (满意 + 基本满意) ÷ all, 0 when nobody answered."""
        return (self.satisfied + self.basic) / self.total if self.total else 0.0

    @property
    def percent(self) -> str:
        """The rate as shown: one decimal, rounded half up (98.6%); never 100.0% while anyone
        answered 不满意 (99.9% at most)."""
        if not self.total:
            return "0.0%"
        pleased = self.satisfied + self.basic
        tenths = (2000 * pleased + self.total) // (2 * self.total)
        if tenths == 1000 and self.unsatisfied:
            tenths = 999
        return f"{tenths // 10}.{tenths % 10}%"

    @property
    def summary(self) -> str:
        """满意率 98.6%（2026年10月，共 1,234 人次评价）"""
        return f"满意率 {self.percent}（{self.label}，共 {self.total:,} 人次评价）"


def period_of(stem: str) -> tuple[str, str, date, date] | None:
    """A file name (without .csv) as a period: (its key, its words, first day, last day);
    None when it is not one of the forms (2026-10, 2026-q3, 2026-h2, 2026)."""
    match = _PERIOD.match(unicodedata.normalize("NFKC", stem).strip().lower())
    if match is None:
        return None
    year = int(match.group(1))
    if not 1900 <= year <= 2100:
        return None
    month, quarter, half = match.group(2), match.group(3), match.group(4)
    if month is not None:
        number = int(month)
        if not 1 <= number <= 12:
            return None
        return f"{year}-{month}", f"{year}年{number}月", *_months(year, number, number)
    if quarter is not None:
        number = int(quarter)
        label = f"{year}年第{_QUARTERS[number - 1]}季度"
        return f"{year}-q{number}", label, *_months(year, 3 * number - 2, 3 * number)
    if half is not None:
        number = int(half)
        label = f"{year}年{'上' if number == 1 else '下'}半年"
        return f"{year}-h{number}", label, *_months(year, 6 * number - 5, 6 * number)
    return str(year), f"{year}年", date(year, 1, 1), date(year, 12, 31)


def period_label(stem: str) -> str | None:
    """`2026-10` → 2026年10月, `2026-q3` → 2026年第三季度, `2026-h2` → 2026年下半年,
    `2026` → 2026年; None for any other name."""
    found = period_of(stem)
    return found[1] if found else None


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    end = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    return date(year, first, 1), date.fromordinal(end.toordinal() - 1)


def load_evaluations(content: Content, problems: Problems) -> dict[str, tuple[Rate, ...]]:
    """Every record's rates, oldest period first, by record id: periods in the order they end
    (of two ending on the same day, the longer first: 2026年 before 2026年12月). {} without an
    `evaluations/` folder."""
    folder = content.root / EVALUATIONS_DIR
    if not folder.is_dir():
        return {}
    files: dict[str, tuple[Path, str, tuple[date, date]]] = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        name = path.name
        if name.startswith("."):
            continue
        if not inside(content.root, path):
            problems.error(Mark(path), LINKED_OUT)
            continue
        if path.is_dir():
            problems.warning(Mark(path), "evaluations/ 中的子文件夹不会被读取，已忽略")
            continue
        if path.suffix.lower() != ".csv":
            workbook = name.lower().endswith((".xlsx", ".xls", ".et", ".numbers"))
            hint = "评议数据请另存为“CSV UTF-8（逗号分隔）”，" if workbook else ""
            problems.warning(
                Mark(path), f"不是群众评议文件，已忽略：{hint}文件名应为 {PERIOD_FORMS}"
            )
            continue
        period = period_of(path.stem)
        if period is None:
            problems.error(Mark(path), f"文件名“{name}”不是有效的评议期间：应写作 {PERIOD_FORMS}")
            continue
        key, label, first, last = period
        if key in files:
            other = files[key][0].name
            problems.error(Mark(path), f"与“{other}”是同一评议期间（{label}），请合并为一个文件")
            continue
        files[key] = (path, label, (first, last))
    by_name: dict[str, list[Person]] = {}  # what a 姓名 cell may name
    for person in content.people.values():
        by_name.setdefault(_normal(person.name), []).append(person)
    found: dict[str, list[tuple[tuple[date, date], Rate]]] = {}
    for key, (path, label, span) in files.items():
        sheet = _Sheet(path, key, label, content, by_name, problems)
        for record_id, rate in sheet.read().items():
            found.setdefault(record_id, []).append((span, rate))
    return {
        record_id: tuple(rate for _, rate in sorted(rates, key=lambda r: (r[0][1], r[0][0])))
        for record_id, rates in sorted(found.items())
    }


# -- one file ------------------------------------------------------------------------------------


class _Sheet:
    """One period's file: its rows, each problem reported at its line and column."""

    def __init__(
        self,
        path: Path,
        period: str,
        label: str,
        content: Content,
        by_name: dict[str, list[Person]],
        problems: Problems,
    ) -> None:
        self.path, self.period, self.label = path, period, label
        self.content, self.by_name, self.problems = content, by_name, problems
        self.rows = CsvRows.of_text("")
        self.seen: dict[str, int] = {}  # record id -> the line of its first row
        self.errors = 0  # errors this file has had so far

    def error(self, at: tuple[int, int], message: str) -> None:
        self.problems.error(Mark(self.path, *at), message)
        self.errors += 1

    def read(self) -> dict[str, Rate]:
        text = self._text()
        if text is None:
            return {}
        self.rows = CsvRows.of_text(text)
        found: dict[str, Rate] = {}
        header = next((row for row in self.rows if any(c.strip() for c in row)), None)
        columns = self._columns(header) if header is not None else None
        if columns is not None and header is not None:
            for row in self.rows:
                if any(cell.strip() for cell in row):
                    rated = self._row(row, columns, len(header))
                    if rated is not None:
                        found[rated[0]] = rated[1]
        if self.rows.problem is not None:
            line, column, message = self.rows.problem
            self.error((line, column), message)
        return found

    def _text(self) -> str | None:
        text, unreadable = read_sheet(self.path)
        if unreadable is not None:
            line, column, message = unreadable
            self.error((line, column), message)
        return text

    def _columns(self, header: list[str]) -> dict[str, int] | None:
        start = self.rows.start
        known = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
        columns: dict[str, int] = {}
        errors = self.errors
        for index, cell in enumerate(header):
            name = header_name(cell)
            if not name:
                continue
            key = known.get(name)
            at = self.rows.position(start, index)
            if key is None:
                listed = "、".join(aliases[0] for aliases in COLUMNS.values())
                self.error(
                    at,
                    sentence(
                        f"未知的列“{cell.strip()}”",
                        suggestion(name, list(known)),
                        f"可用的列：{listed}",
                    ),
                )
            elif key in columns:
                first = COLUMNS[key][0]
                self.error(at, f"“{first}”列重复：第 {columns[key] + 1} 列已是“{first}”")
            else:
                columns[key] = index
        if "record" not in columns and "name" not in columns:
            listed = "、".join(COLUMNS["record"] + COLUMNS["name"])
            self.error((start, 1), f"缺少“对象”或“姓名”列（表头可写：{listed}）")
        for key in COUNTS:
            if key not in columns:
                listed = "、".join(COLUMNS[key])
                self.error((start, 1), f"缺少“{COLUMNS[key][0]}”列（表头可写：{listed}）")
        return None if self.errors > errors else columns

    def _row(self, row: list[str], columns: dict[str, int], width: int) -> tuple[str, Rate] | None:
        start = self.rows.start
        used = set(columns.values())
        for index, extra in enumerate(row):
            if index not in used and extra.strip():
                hint = (
                    "这一列没有表头：请补上表头，或删去这一列的内容"
                    if index < width
                    else f"表头只有 {width} 列：内容里的逗号要用英文双引号括起来"
                )
                self.error(
                    self.rows.position(start, index),
                    f"第 {index + 1} 列有内容“{extra.strip()}”，但{hint}",
                )
                return None

        def cell(key: str) -> tuple[str, tuple[int, int]]:
            index = columns.get(key)
            if index is None or index >= len(row):
                return "", (start, 1) if index is None else self.rows.position(start, index)
            return row[index].strip(), self.rows.position(start, index)

        errors = self.errors
        record, at = self._record(cell("record"), cell("name"), start)
        if record is not None and record.id in self.seen:
            self.error(
                at,
                f"“{record.name}”（{record.id}）重复：第 {self.seen[record.id]} 行已有其评议数据，"
                "同一期间每个对象只写一行",
            )
            record = None
        elif record is not None:
            self.seen[record.id] = start
        counts = [self._count(key, *cell(key)) for key in COUNTS]
        satisfied, basic, unsatisfied = counts
        if record is None or satisfied is None or basic is None or unsatisfied is None:
            return None
        written, total_at = cell("total")
        total = satisfied + basic + unsatisfied
        if written and _number(written) != total:
            self.error(
                total_at,
                f"合计“{written}”与计算结果不符：满意 + 基本满意 + 不满意 = {total}",
            )
        if self.errors > errors:
            return None
        if total == 0:
            self.problems.warning(
                Mark(self.path, *at),
                f"“{record.name}”的评价人次为 0，{self.label}的满意率不显示",
            )
            return None
        return record.id, Rate(self.period, self.label, satisfied, basic, unsatisfied)

    def _record(
        self, code: tuple[str, tuple[int, int]], name: tuple[str, tuple[int, int]], start: int
    ) -> tuple[Person | None, tuple[int, int]]:
        """The record a row evaluates: by its id (checked against a name beside it), else by
        its name; None (reported) unless exactly one is found."""
        (written, at), (named, name_at) = code, name
        people = self.content.people
        if not written and not named:
            self.error((start, 1), "缺少评议对象：请写“对象”（人员编号）或“姓名”")
            return None, at
        if written:
            record = people.get(written)
            if record is None:
                if written not in self.content.unreadable:  # else reported with its own file
                    self.error(
                        at,
                        sentence(
                            f"对象“{written}”在 people/ 中不存在", suggestion(written, people)
                        ),
                    )
                return None, at
            if named and _normal(named) != _normal(record.name):
                self.error(
                    name_at,
                    f"姓名“{named}”与记录 people/{record.id}.md 中的“{record.name}”不一致："
                    "请核对对象编号",
                )
                return None, at
            return record, at
        found = self.by_name.get(_normal(named), [])
        if len(found) == 1:
            return found[0], name_at
        if found:
            same = "、".join(
                f"{p.id}（{_where(self.content, p)}）" for p in sorted(found, key=lambda p: p.id)
            )
            self.error(name_at, f"“{named}”对应多条记录：{same}，请加上“对象”列写明人员编号")
            return None, name_at
        close = difflib.get_close_matches(_normal(named), list(self.by_name), n=3, cutoff=0.5)
        candidates = "、".join(f"{p.name}（{p.id}）" for key in close for p in self.by_name[key])
        self.error(
            name_at,
            sentence(
                f"“{named}”在 people/ 中没有对应的记录",
                f"相近的有：{candidates}" if candidates else None,
                "请核对姓名，或用“对象”列写明人员编号",
            ),
        )
        return None, name_at

    def _count(self, key: str, text: str, at: tuple[int, int]) -> int | None:
        label = COLUMNS[key][0]
        if not text:
            self.error(at, f"缺少“{label}”人次（没有请写 0）")
            return None
        number = _number(text)
        if number is None:
            self.error(at, f"“{label}”应为不小于 0 的整数（现为“{text}”）")
            return None
        return number


def _number(text: str) -> int | None:
    """A count as exports write it: `1234`, `1,234`, `１２３`, `12人次`; None otherwise."""
    return whole_number(text, _UNITS)


def _normal(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip()


def _where(content: Content, person: Person) -> str:
    unit = content.units.get(person.unit)
    return f"{person.kind_label}，{unit.name}" if unit else person.kind_label
