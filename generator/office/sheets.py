"""The campaign's Excel sheets: the 推荐名单汇总表 and the 名额分配表 written as a 领导小组 prints
them, and a 汇总表 a unit filled in read back.

The written sheets are print-ready (A4 landscape, one page wide, the header row on every page,
page numbers in the footer) and keep every value a unit might retype as text, so Excel never
turns a phone number into 1.39E+10. A returned sheet is read by its header labels, never by
position: units reorder columns, add their own, merge a category down several rows and type
numbers and dates however Excel stores them; each row keeps its cells as stored, with their
references, so the importer's messages name the cell (`汇总表.xlsx!C7`).
"""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..model.quotas import quota_units
from ..model.records import Campaign, Category, Unit
from ..sources.atomic import atomic_file
from ..sources.problems import Mark, Problems, os_reason
from .layout import SERIAL, SUMMARY_FIELDS, FormField, Key, normalise_label, summary_field
from .readings import Reading
from .values import Cell, cell_text

SUMMARY_SHEET = "汇总表"
QUOTA_SHEET = "名额分配表"
TOTAL = "合计"
HEADER_SEARCH_ROWS = 20  # a unit may put a title, a document number and a date above the header
HEADER_MATCHES = 3  # labels a row needs to be the header (one could be a title's word)
# A row starting with one of these ends the table: the totals and the signature lines below it.
END_WORDS = ("合计", "总计", "填表人", "填报人", "制表人", "审核人", "备注", "说明", "注:", "注：")
SKIP_WORDS = ("小计",)  # a subtotal inside the table: not a nomination, the table goes on
NAME_LABEL = next(item.label for item in SUMMARY_FIELDS if item.key is Key.NAME)  # 姓名（名称）

_FONT = "宋体"
_TITLE_FONT = Font(name="黑体", size=16, bold=True)
_HEADER_FONT = Font(name=_FONT, size=11, bold=True)
_BODY_FONT = Font(name=_FONT, size=11)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_TEXT = "@"  # Excel's number format "text": what a unit types there stays as typed
_TITLE_ROW = 1
_HEADER_ROW = 2
_LINE_POINTS = 14.4  # the height of one line of 11-point 宋体
_MIN_WIDTH = 6
_MAX_WIDTH = 36


# ---------------------------------------------------------------- writing


def write_summary(out: Path, *, heading: str, rows: list[dict[Key, str]]) -> None:
    """The 推荐名单汇总表: one row per nomination, each field's text as `cells.record_cells`
    gives it, under the heading the notice's 附件 carries."""
    labels = [SERIAL, *(item.label for item in SUMMARY_FIELDS)]
    body = [[row.get(item.key, "") for item in SUMMARY_FIELDS] for row in rows]
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = SUMMARY_SHEET
    _title(sheet, heading, len(labels))
    _header(sheet, labels)
    widths = _widths(labels, [[str(len(rows)), *values] for values in body])
    for number, values in enumerate(body, start=1):
        row = _HEADER_ROW + number
        serial = sheet.cell(row=row, column=1, value=number)  # a number: 序号 is not retyped
        serial.font, serial.border, serial.alignment = _BODY_FONT, _BORDER, _CENTRE
        for column, value in enumerate(values, start=2):
            cell = sheet.cell(row=row, column=column)
            _put_text(cell, value)
            cell.font = _BODY_FONT
            cell.border = _BORDER
            cell.number_format = _TEXT
            cell.alignment = _CENTRE if column == 2 else _LEFT
        sheet.row_dimensions[row].height = _height(["", *values], widths)
    _columns(sheet, widths)
    _print_setup(sheet)
    _save(book, out)


def write_quota(out: Path, *, heading: str, campaign: Campaign, units: list[Unit]) -> None:
    """The 名额分配表: how many nominations each unit may make in each category with a
    per-unit quota, the totals, and each category's 表彰名额 and rule in words below. A
    campaign without per-unit quotas gets the words alone.

    The rows are the units that hold a quota (`model.quotas.quota_units`: with `per`, the units
    of those kinds, each counting its own units; with a table, the units it names), in
    `units`' order; a unit's places include its `extra` ones. A unit that holds no quota in a
    category (not of its `per` kinds) has an empty cell there.

    Totals are numbers, not formulas: openpyxl cannot compute a formula's value, and a sheet
    opened without recalculation (a viewer, a preview, a printout from WPS) would show none.
    The staff column has no total: units nest (a window's staff are its hall's too).
    """
    categories = [c for c in campaign.categories if c.unit_quota is not None]
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = QUOTA_SHEET
    if categories:
        labels = [SERIAL, "单位名称", "在岗人数", *(f"{c.name}名额" for c in categories), TOTAL]
        body = _quota_rows(categories, units)
        widths = _widths(labels, [[str(v) for v in values] for values in body])
        _title(sheet, heading, len(labels))
        _header(sheet, labels)
        for row, values in enumerate(body, start=_HEADER_ROW + 1):
            total = values[1] == TOTAL
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=column)
                if isinstance(value, str):
                    _put_text(cell, value)
                else:
                    cell.value = value
                cell.font = _HEADER_FONT if total else _BODY_FONT
                cell.border = _BORDER
                cell.alignment = _LEFT if column == 2 and not total else _CENTRE
        next_row = _HEADER_ROW + len(body) + 2  # one empty row before the rules
    else:
        widths = [_MAX_WIDTH] * 3
        _title(sheet, heading, len(widths))
        next_row = _TITLE_ROW + 2
    _print_setup(sheet, header=bool(categories))
    for row, line in enumerate(_quota_lines(campaign.categories, units), start=next_row):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))
        cell = sheet.cell(row=row, column=1)
        _put_text(cell, line)
        cell.font = _BODY_FONT
        cell.alignment = _LEFT
        sheet.row_dimensions[row].height = _height([line], [sum(widths)])
    _columns(sheet, widths)
    _save(book, out)


def _quota_rows(categories: Sequence[Category], units: Sequence[Unit]) -> list[list[str | int]]:
    """序号, 单位名称, 在岗人数, each category's count, the unit's total; then the 合计 row."""
    by_id = {unit.id: unit for unit in units}
    listed: set[str] = set()
    for category in categories:
        assert category.unit_quota is not None
        listed.update(unit.id for unit in quota_units(by_id, category.unit_quota))
    rows: list[list[str | int]] = []
    totals = [0] * (len(categories) + 1)  # each category, all
    for number, unit in enumerate((u for u in units if u.id in listed), start=1):
        cells: list[str | int] = []
        for category in categories:
            rule = category.unit_quota
            assert rule is not None
            cells.append(rule.allowed(unit) if not rule.per or unit.kind in rule.per else "")
        counts = [count if isinstance(count, int) else 0 for count in cells]
        values = [*counts, sum(counts)]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        rows.append([number, unit.name, unit.staff, *cells, sum(counts)])
    rows.append(["", TOTAL, "", *totals])
    return rows


def _quota_lines(categories: Iterable[Category], units: Sequence[Unit]) -> list[str]:
    """One sentence per category: its 表彰名额 and how units' nominations are counted."""
    by_id = {unit.id: unit for unit in units}
    lines = []
    for category in categories:
        parts = []
        if category.quota is not None:
            parts.append(f"表彰名额 {category.quota} 名")
        if category.unit_quota is not None:
            parts.append(f"各单位推荐名额{category.unit_quota.describe(by_id)}")
        if parts:
            lines.append(f"{category.name}：" + "；".join(parts))
    return lines


def _title(sheet: Worksheet, heading: str, span: int) -> None:
    sheet.merge_cells(start_row=_TITLE_ROW, start_column=1, end_row=_TITLE_ROW, end_column=span)
    cell = sheet.cell(row=_TITLE_ROW, column=1)
    _put_text(cell, heading)
    cell.font = _TITLE_FONT
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[_TITLE_ROW].height = 36


def _header(sheet: Worksheet, labels: Sequence[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=_HEADER_ROW, column=column)
        _put_text(cell, label)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = _CENTRE
    sheet.row_dimensions[_HEADER_ROW].height = 30


def _print_setup(sheet: Worksheet, header: bool = True) -> None:
    """A4 landscape, one page wide, the header row on every page, 第 n 页 共 m 页 below."""
    if header:
        sheet.freeze_panes = sheet.cell(row=_HEADER_ROW + 1, column=1).coordinate
        sheet.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.oddFooter.center.font = _FONT


def _put_text(cell: XlCell, text: str) -> None:
    """Text as text: never a formula (a title starting with “=”), no characters XML forbids."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"


def _display_width(text: str) -> int:
    """How wide a line prints, in Excel's character units: a CJK character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _widths(labels: Sequence[str], body: Sequence[Sequence[str]]) -> list[float]:
    widths = [float(_display_width(label) + 2) for label in labels]
    for values in body:
        for index, value in enumerate(values):
            longest = max((_display_width(line) for line in value.split("\n")), default=0)
            widths[index] = max(widths[index], float(longest + 2))
    return [min(max(width, _MIN_WIDTH), _MAX_WIDTH) for width in widths]


def _height(values: Sequence[str], widths: Sequence[float]) -> float:
    """A row's height in points, so that wrapped and multi-line text prints whole (Excel does
    not size a row to its text when a file is opened)."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        usable = max(width - 1, 1)
        count = sum(max(1, -(-_display_width(line) // int(usable))) for line in value.split("\n"))
        lines = max(lines, count)
    return round(lines * _LINE_POINTS + 6, 1)


def _columns(sheet: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _save(book: Workbook, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(out) as handle:
        book.save(handle)


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Header:
    row: int
    columns: dict[int, FormField]  # column number (1-based) → the field it holds


def read_summary(path: Path, problems: Problems) -> list[Reading]:
    """Every nomination of a returned 汇总表, its cells as stored; problems go to `problems`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it drops
            book = load_workbook(path, read_only=False, data_only=True)
    except OSError as error:
        problems.error(Mark(path), f"无法读取汇总表：{os_reason(error)}")
        return []
    except Exception:  # a damaged workbook: zip, XML or openpyxl's own errors
        problems.error(Mark(path), "文件已损坏或不是 Excel 工作簿（.xlsx）")
        return []
    try:
        for sheet in book.worksheets:
            header = _find_header(sheet)
            if header is not None:
                return _rows(path, sheet, header, problems)
    finally:
        book.close()
    problems.error(
        Mark(path),
        f"找不到表头：第一张工作表的前{HEADER_SEARCH_ROWS}行中没有“{NAME_LABEL}”“评选类别”等列名，"
        "请使用 honours forms 生成的汇总表填写",
    )
    return []


def _find_header(sheet: Worksheet) -> _Header | None:
    last = min(sheet.max_row, HEADER_SEARCH_ROWS)
    for number, values in enumerate(
        sheet.iter_rows(min_row=1, max_row=last, values_only=True), start=1
    ):
        columns: dict[int, FormField] = {}
        for column, value in enumerate(values, start=1):
            if not isinstance(value, str) or not normalise_label(value):
                continue
            found = summary_field(value)
            if found is not None and found.key not in {f.key for f in columns.values()}:
                columns[column] = found
        if len(columns) >= HEADER_MATCHES:
            return _Header(number, columns)
    return None


def _rows(path: Path, sheet: Worksheet, header: _Header, problems: Problems) -> list[Reading]:
    name_column = next((c for c, f in header.columns.items() if f.key is Key.NAME), None)
    if name_column is None:
        problems.error(
            Mark(path, where=f"第{header.row}行"),
            f"表头中没有“{NAME_LABEL}”列，无法识别推荐对象",
        )
        return []
    first, last = header.row + 1, sheet.max_row
    width = max(sheet.max_column, max(header.columns))
    merged = _merged_values(sheet, first, last, set(header.columns))
    letters = {column: get_column_letter(column) for column in header.columns}
    readings = []
    rows = sheet.iter_rows(min_row=first, max_row=last, max_col=width, values_only=True)
    for number, values in enumerate(rows, start=first):
        lead = next((text for v in values if (text := cell_text(_cell(v)))), "")
        if _starts(lead, END_WORDS):
            break
        if _starts(lead, SKIP_WORDS):
            continue
        own = {c: _cell(values[c - 1]) for c in header.columns}
        if not any(cell_text(value) for value in own.values()):
            continue  # an empty row, or one filled only by a merge or a 序号
        cells = {c: merged.get((number, c), value) for c, value in own.items()}
        if not cell_text(cells[name_column]):
            problems.error(
                Mark(path, where=f"{letters[name_column]}{number}"),
                f"第{number}行有内容但没有填写{NAME_LABEL}",
            )
            continue
        readings.append(
            Reading(
                source=path,
                kind=None,
                cells={header.columns[c].key: "" if v is None else v for c, v in cells.items()},
                places={header.columns[c].key: f"{letters[c]}{number}" for c in cells},
                row=f"第{number}行",
            )
        )
    return readings


def _merged_values(
    sheet: Worksheet, first: int, last: int, columns: set[int]
) -> dict[tuple[int, int], Cell]:
    """What each cell covered by a merge shows: the value of the merge's top-left cell. Only
    the table's rows and the header's columns, however large a merge a sheet declares."""
    found: dict[tuple[int, int], Cell] = {}
    for merge in sheet.merged_cells.ranges:
        if merge.max_row < first or merge.min_row > last:
            continue
        value = _cell(sheet.cell(row=merge.min_row, column=merge.min_col).value)
        for column in columns:
            if merge.min_col <= column <= merge.max_col:
                for row in range(max(merge.min_row, first), min(merge.max_row, last) + 1):
                    found[(row, column)] = value
    return found


def _cell(value: object) -> Cell:
    """A stored value as `values` reads it: text, a number, a date; anything else as text."""
    if value is None or isinstance(value, str | int | float | datetime | date):
        return value
    return str(value)


def _starts(text: str, words: Sequence[str]) -> bool:
    compact = "".join(text.split())
    return any(compact.startswith(word) for word in words)
