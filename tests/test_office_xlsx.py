"""The Excel sheets: the 推荐名单汇总表 and 名额分配表 written from the demo, opened again with
openpyxl and checked cell by cell, and 汇总表 as units return them read back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from generator.model.loader import LoadResult, load_content
from generator.model.records import UnitKind
from generator.office import values
from generator.office.cells import record_cells
from generator.office.layout import SERIAL, SUMMARY_FIELDS, Key
from generator.office.sheets import read_summary, write_quota, write_summary
from generator.sources.problems import Mark, Problems
from tests.conftest import REPO

CAMPAIGN = "2026-most-beautiful"
HEADING = "2026年最美服务窗口和最美服务明星推荐名单汇总表"
BORN = datetime(1988, 6, 1)  # 出生年月 as an Excel date
SERIAL_1990 = (date(1990, 3, 15) - values.EXCEL_EPOCH).days  # and as its serial number


@pytest.fixture(scope="module")
def demo() -> LoadResult:
    loaded = load_content(REPO / "content")
    assert loaded.content is not None and not loaded.problems.errors
    return loaded


@pytest.fixture(scope="module")
def demo_rows(demo: LoadResult) -> list[dict[Key, str]]:
    content = demo.content
    assert content is not None
    campaign = content.campaigns[CAMPAIGN]
    return [
        record_cells(
            content.people[n.nominee],
            n,
            campaign,
            content.units,
            demo.private.people.get(n.nominee, {}).get("phone"),
        )
        for n in content.nominations_of(CAMPAIGN)
    ]


def sheet_of(path: Path) -> Worksheet:
    sheet = load_workbook(path).worksheets[0]
    assert isinstance(sheet, Worksheet)
    return sheet


def test_summary_is_a_printable_table(tmp_path: Path, demo_rows: list[dict[Key, str]]) -> None:
    out = tmp_path / "汇总表.xlsx"
    write_summary(out, heading=HEADING, rows=demo_rows)
    assert [p.name for p in tmp_path.iterdir()] == ["汇总表.xlsx"]  # no temporary file left
    sheet = sheet_of(out)
    labels = [SERIAL, *(f.label for f in SUMMARY_FIELDS)]
    last = chr(ord("A") + len(labels) - 1)

    assert sheet.title == "汇总表"
    assert [str(r) for r in sheet.merged_cells.ranges] == [f"A1:{last}1"]
    assert sheet["A1"].value == HEADING
    assert sheet["A1"].font.b and sheet["A1"].font.sz > sheet["A3"].font.sz
    assert [c.value for c in sheet[2]] == labels
    assert all(c.font.b and c.border.bottom.style == "thin" for c in sheet[2])
    assert sheet.max_row == 2 + len(demo_rows)
    assert [sheet.cell(row=r, column=1).value for r in range(3, sheet.max_row + 1)] == list(
        range(1, len(demo_rows) + 1)
    )
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in (sheet.oddFooter.center.text or "")

    width = {
        label: sheet.column_dimensions[chr(ord("A") + i)].width for i, label in enumerate(labels)
    }
    assert width["性别"] < width["姓名（名称）"] < width["所获主要荣誉"]
    assert width["所获主要荣誉"] <= 36

    phone = labels.index("联系电话") + 1
    honours = labels.index("所获主要荣誉") + 1
    for row, expected in enumerate(demo_rows, start=3):
        cell = sheet.cell(row=row, column=phone)
        assert cell.data_type == "s" and cell.value == expected[Key.PHONE]
        assert cell.number_format == "@"
        assert sheet.cell(row=row, column=honours).alignment.wrap_text
    several = next(r for r, e in enumerate(demo_rows, start=3) if "\n" in e[Key.HONOURS])
    assert "\n" in sheet.cell(row=several, column=honours).value
    assert sheet.row_dimensions[several].height > sheet.row_dimensions[2].height


def test_summary_reads_back_as_written(tmp_path: Path, demo_rows: list[dict[Key, str]]) -> None:
    out = tmp_path / "汇总表.xlsx"
    write_summary(out, heading=HEADING, rows=demo_rows)
    problems = Problems()
    readings = read_summary(out, problems)

    assert problems.items == []
    assert len(readings) == len(demo_rows)
    for number, (reading, expected) in enumerate(zip(readings, demo_rows, strict=True), start=3):
        assert reading.kind is None and reading.source == out
        assert reading.row == f"第{number}行"
        assert {k: values.cell_text(v) for k, v in reading.cells.items()} == {
            f.key: expected[f.key] for f in SUMMARY_FIELDS
        }
        assert reading.places[Key.CATEGORY] == f"B{number}"
        assert reading.places[Key.PHONE] == f"M{number}"  # after 推荐单位


def test_formula_like_text_stays_text(tmp_path: Path, demo_rows: list[dict[Key, str]]) -> None:
    row = dict(demo_rows[0]) | {Key.TITLE: '=HYPERLINK("http://x")', Key.SUBTITLE: "a\x01b"}
    out = tmp_path / "汇总表.xlsx"
    write_summary(out, heading=HEADING, rows=[row])
    readings = read_summary(out, Problems())
    assert readings[0].cells[Key.TITLE] == '=HYPERLINK("http://x")'
    assert readings[0].cells[Key.SUBTITLE] == "ab"


def unit_edited(path: Path) -> None:
    """A 汇总表 as a unit returns it: its own title lines, columns reordered and relabelled, an
    extra column, a category merged down three rows, a unit merged down two, numbers and dates
    as Excel stores them, an empty row, a row without a name, a 合计 row and a signature."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Sheet1"
    sheet["A1"] = "附件2"
    sheet["A2"] = "推荐单位（盖章）：综合受理大厅"
    header = [
        "序 号",
        "姓  名",
        "出生\n年月",
        "评选类别",
        "单位",
        "联系电话",
        "备注（单位填写）",
        "主要荣誉",
    ]
    sheet.append(header)  # row 3
    sheet.append(
        [1, "张晓红", BORN, "最美服务明星", "综合受理大厅", 13912345678.0, "骨干", "1. 甲\n2. 乙"]
    )
    sheet.append([2, "李明", SERIAL_1990, None, None, "0000-1234567", None, None])
    sheet.append([3, "王芳", "1992.07", None, "企业服务大厅", 13800000000, None, None])
    sheet.append([None] * 8)  # row 7: empty
    sheet.append([4, None, None, None, None, None, None, None])  # a 序号 alone: empty too
    sheet.append([5, "赵强", "1985年3月", "最美服务窗口", "税务综合窗口", None, None, None])
    sheet.append([6, "  ", "1980年1月", None, "西湖镇便民服务中心", None, None, None])  # row 10
    sheet.append(["合计", None, None, None, None, None, None, None])
    sheet.append([7, "不该读到", None, "最美服务明星", None, None, None, None])
    sheet.append(["填表人：孙丽", None, None, None, None, None, None, None])
    sheet.merge_cells("D4:D6")
    sheet.merge_cells("E4:E5")
    book.save(path)


def test_unit_edited_sheet_reads_by_labels(tmp_path: Path) -> None:
    path = tmp_path / "汇总表.xlsx"
    unit_edited(path)
    problems = Problems()
    readings = read_summary(path, problems)

    assert [p.format(tmp_path) for p in problems.items] == [
        "汇总表.xlsx!B10: 错误：第10行有内容但没有填写姓名（名称）"
    ]
    assert problems.items[0].mark == Mark(path, where="B10")
    assert [r.cells[Key.NAME] for r in readings] == ["张晓红", "李明", "王芳", "赵强"]
    assert [r.row for r in readings] == ["第4行", "第5行", "第6行", "第9行"]
    assert [r.cells[Key.CATEGORY] for r in readings] == ["最美服务明星"] * 3 + ["最美服务窗口"]
    assert [r.cells[Key.UNIT] for r in readings] == [
        "综合受理大厅",
        "综合受理大厅",
        "企业服务大厅",
        "税务综合窗口",
    ]
    first, second, third, fourth = readings
    assert set(first.cells) == {
        Key.NAME,
        Key.BORN,
        Key.CATEGORY,
        Key.UNIT,
        Key.PHONE,
        Key.HONOURS,
    }
    assert first.places == {
        Key.NAME: "B4",
        Key.BORN: "C4",
        Key.CATEGORY: "D4",
        Key.UNIT: "E4",
        Key.PHONE: "F4",
        Key.HONOURS: "H4",
    }
    assert second.places[Key.CATEGORY] == "D5"  # the row's own cell, though the merge gives it
    # Raw values as stored; the importer's readers make them record values.
    assert first.cells[Key.BORN] == BORN
    assert first.cells[Key.PHONE] == 13912345678
    assert values.read_phone(first.cells[Key.PHONE]) == "13912345678"
    assert values.read_lines(first.cells[Key.HONOURS]) == ("甲", "乙")
    assert second.cells[Key.BORN] == SERIAL_1990
    assert values.read_year(second.cells[Key.BORN]) == 1990
    assert values.read_day(second.cells[Key.BORN]) == values.Day(date(1990, 3, 15))
    assert second.cells[Key.HONOURS] == ""
    assert values.read_day(third.cells[Key.BORN]) == values.Day(date(1992, 7, 1), "month")
    assert values.read_phone(third.cells[Key.PHONE]) == "13800000000"
    assert values.read_year(fourth.cells[Key.BORN]) == 1985
    assert fourth.cells[Key.PHONE] == ""


def test_header_is_found_on_a_later_sheet(tmp_path: Path) -> None:
    path = tmp_path / "汇总表.xlsx"
    book = Workbook()
    notes = book.active
    assert isinstance(notes, Worksheet)
    notes["A1"] = "填表说明：每个推荐对象一行"
    table = book.create_sheet("名单")
    table.append(["姓名", "类别", "工作单位"])
    table.append(["周建国", "最美服务明星", "综合受理大厅"])
    book.save(path)
    problems = Problems()
    readings = read_summary(path, problems)
    assert problems.items == []
    assert [(r.cells, r.places[Key.UNIT]) for r in readings] == [
        ({Key.NAME: "周建国", Key.CATEGORY: "最美服务明星", Key.UNIT: "综合受理大厅"}, "C2")
    ]


def test_sheet_without_header_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx"
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.append(["名字", "部门", "电话号"])  # only 名字 is a label we know
    sheet.append(["周建国", "综合受理大厅", "13800000000"])
    book.save(path)
    problems = Problems()
    assert read_summary(path, problems) == []
    assert [p.format(tmp_path) for p in problems.items] == [
        "名单.xlsx:1:1: 错误：找不到表头：第一张工作表的前20行中没有“姓名（名称）”“评选类别”等列名，"
        "请使用 honours forms 生成的汇总表填写"
    ]


def test_header_without_name_column_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx"
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.append(["评选类别", "工作单位", "联系电话"])
    sheet.append(["最美服务明星", "综合受理大厅", "13800000000"])
    book.save(path)
    problems = Problems()
    assert read_summary(path, problems) == []
    assert [p.format(tmp_path) for p in problems.items] == [
        "名单.xlsx!第1行: 错误：表头中没有“姓名（名称）”列，无法识别推荐对象"
    ]


def test_damaged_workbook_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "汇总表.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    problems = Problems()
    assert read_summary(path, problems) == []
    assert [p.format(tmp_path) for p in problems.items] == [
        "汇总表.xlsx:1:1: 错误：文件已损坏或不是 Excel 工作簿（.xlsx）"
    ]


def test_five_hundred_rows(tmp_path: Path, demo_rows: list[dict[Key, str]]) -> None:
    rows = [dict(demo_rows[i % len(demo_rows)]) | {Key.NAME: f"人员{i}"} for i in range(500)]
    out = tmp_path / "汇总表.xlsx"
    write_summary(out, heading=HEADING, rows=rows)
    readings = read_summary(out, Problems())
    assert [r.cells[Key.NAME] for r in readings] == [f"人员{i}" for i in range(500)]
    assert readings[-1].places[Key.NAME] == "C502"


def test_quota_sheet_follows_the_unit_quota(tmp_path: Path, demo: LoadResult) -> None:
    content = demo.content
    assert content is not None
    campaign = content.campaigns[CAMPAIGN]
    stars = campaign.category("stars")
    assert stars is not None and stars.unit_quota is not None
    out = tmp_path / "名额分配表.xlsx"
    write_quota(
        out,
        heading="2026年最美服务窗口和最美服务明星名额分配表",
        campaign=campaign,
        units=list(content.units.values()),
    )
    sheet = sheet_of(out)
    assert sheet.title == "名额分配表"
    assert sheet["A1"].value == "2026年最美服务窗口和最美服务明星名额分配表"
    assert "A1:E1" in [str(r) for r in sheet.merged_cells.ranges]
    assert [c.value for c in sheet[2]] == [
        "序号",
        "单位名称",
        "在岗人数",
        "最美服务明星名额",
        "合计",
    ]
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.orientation == "landscape"

    # The stars are counted per hall and per town centre (per: [hall, town_centre]): those
    # are the rows, windows and departments count in the hall above them.
    holders = [u for u in content.units.values() if u.kind in (UnitKind.HALL, UnitKind.TOWN_CENTRE)]
    rows = list(sheet.iter_rows(min_row=3, max_row=2 + len(holders), values_only=True))
    assert rows == [
        (n, u.name, u.staff, stars.unit_quota.allowed(u), stars.unit_quota.allowed(u))
        for n, u in enumerate(holders, start=1)
    ]
    assert {row[3] for row in rows} == {1, 2}  # the demo has units on both sides of 50
    # 不动产登记大厅 has 42 staff (1 place) and one extra place (extra: {realestate-hall: 1})
    assert ("不动产登记大厅", 42, 2) in [(row[1], row[2], row[3]) for row in rows]
    total_row = 3 + len(holders)
    total = sum(stars.unit_quota.allowed(u) for u in holders)
    assert [c.value for c in sheet[total_row]] == [None, "合计", None, total, total]
    assert sheet.cell(row=total_row, column=4).data_type == "n"  # a number, not a formula
    assert [sheet.cell(row=r, column=1).value for r in (total_row + 2, total_row + 3)] == [
        "最美服务窗口：表彰名额 3 名",
        "最美服务明星：表彰名额 5 名；各单位推荐名额按大厅、街镇便民服务中心（含所属单位）"
        "现有工作人员数：50人以下的推荐1名，50人及以上的推荐2名；不动产登记大厅增加1名",
    ]
    assert sheet.max_row == total_row + 3


def test_quota_sheet_without_unit_quota_lists_the_awards(tmp_path: Path, demo: LoadResult) -> None:
    content = demo.content
    assert content is not None
    out = tmp_path / "名额分配表.xlsx"
    write_quota(
        out,
        heading="星级服务窗口名额分配表",
        campaign=content.campaigns["2027-star-window"],
        units=list(content.units.values()),
    )
    sheet = sheet_of(out)
    assert [row for row in sheet.iter_rows(values_only=True) if any(row)] == [
        ("星级服务窗口名额分配表", None, None),
        ("星级服务窗口：表彰名额 5 名", None, None),
    ]
    assert sheet.page_setup.orientation == "landscape"


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)))
def test_every_written_date_reads_back(day: date) -> None:
    """However a unit writes a day (text in three styles, an Excel date, its serial as a number
    or as text), it reads as that day."""
    serial = (day - values.EXCEL_EPOCH).days
    written: list[values.Cell] = [
        f"{day.year}.{day.month:02}.{day.day:02}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}-{day.month}-{day.day}",
        values.shown_date(day),
        datetime(day.year, day.month, day.day),
        day,
        serial,
        float(serial),
    ]
    for value in written:
        assert values.read_day(value) == values.Day(day), value
    assert values.read_day(f"{day.year}年{day.month}月") == values.Day(day.replace(day=1), "month")


def test_serial_matches_excel(tmp_path: Path) -> None:
    """The serial the readers use is the one Excel stores: a date cell saved by openpyxl and read
    back with data_only gives the same day, and its raw number reads as that day too."""
    path = tmp_path / "d.xlsx"
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet["A1"] = date(2001, 7, 1)
    book.save(path)
    stored = sheet_of(path)["A1"].value
    assert isinstance(stored, datetime) and values.read_day(stored) == values.Day(date(2001, 7, 1))
    assert values.read_day(37073) == values.Day(date(2001, 7, 1))  # Excel: =DATE(2001,7,1) → 37073
    assert values.EXCEL_EPOCH + timedelta(days=37073) == date(2001, 7, 1)
