"""The one CSV reader (`CsvRows`): rows, the lines they start and end on, cell positions, and
malformed CSV as one message at its place — checked against Python's own csv module."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from generator.sources.csvfile import BAD_QUOTE, UNCLOSED, CsvRows

BREAKS = ("\n", "\r\n", "\r")
CELL_ALPHABET = st.sampled_from(list('ab 7,"\r\n\t王晓明，“”'))
cells = st.text(CELL_ALPHABET, max_size=8)
tables = st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=6)
RAW_ALPHABET = st.sampled_from(list('a 王,"\r\n\t'))


def encoded(row: list[str]) -> list[str]:
    """Each cell of a row as csv.writer writes it (quoted when it must be)."""
    if row == [""]:
        return ['""']  # the writer's way to tell one empty cell from a blank line
    out = []
    for cell in row:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow([cell, "x"])
        out.append(buffer.getvalue().removesuffix(",x\r\n"))
    return out


def place(text: str, offset: int) -> tuple[int, int]:
    """(line, column) of an offset, lines split as csv.reader splits them."""
    before = text[:offset]
    breaks = list(re.finditer(r"\r\n?|\n", before))
    return len(breaks) + 1, offset - (breaks[-1].end() if breaks else 0) + 1


def offset_of(text: str, line: int, column: int) -> int:
    starts = [0, *(m.end() for m in re.finditer(r"\r\n?|\n", text))]
    return starts[line - 1] + column - 1


def first_cell(text: str, delimiter: str) -> str:
    """The first cell csv.reader reads from a text (a blank line or no text: one empty cell)."""
    rows = python_rows(text, delimiter)[0]
    return rows[0][0] if rows and rows[0] else ""


def python_rows(text: str, delimiter: str = ",") -> tuple[list[list[str]], bool]:
    """What csv.reader(strict=True) gives: its rows, and whether it stopped on an error."""
    rows: list[list[str]] = []
    try:
        rows.extend(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return rows, True
    return rows, False


# -- examples ------------------------------------------------------------------------------------


def test_rows_lines_and_cell_positions() -> None:
    rows = CsvRows.of_text('a,"b,\nc",d\r\n王,x')
    found = [
        (rows.start, rows.end, [(c, *rows.position(rows.start, i)) for i, c in enumerate(row)])
        for row in rows
    ]
    assert found == [
        (1, 2, [("a", 1, 1), ("b,\nc", 1, 3), ("d", 2, 4)]),
        (3, 3, [("王", 3, 1), ("x", 3, 3)]),
    ]
    assert rows.problem is None
    assert rows.position(3, 5) == (3, 1)  # a cell the row does not have: the row's start


def test_unclosed_quote_is_reported_where_it_opens() -> None:
    rows = CsvRows.of_text('名,备注\n"王\n晓明",好\nwang,"获得表扬\n下一行\n')
    assert list(rows) == [["名", "备注"], ["王\n晓明", "好"]]
    assert rows.problem == (4, 6, UNCLOSED)
    assert (rows.start, rows.end) == (4, 5)


def test_quote_followed_by_something_else() -> None:
    rows = CsvRows.of_text('a,b\n"x"y,c\n')
    assert list(rows) == [["a", "b"]]
    assert rows.problem == (2, 4, BAD_QUOTE)
    rows = CsvRows.of_text('a,b\n"x\ny"z,c\n')  # the quote may be a stray one above
    assert list(rows) == [["a", "b"]]
    assert rows.problem == (3, 3, f"{BAD_QUOTE}；这一格的引号从第 2 行开始")


def test_a_stray_quote_in_a_long_file_is_found_past_the_field_limit() -> None:
    limit = csv.field_size_limit()
    rest = "2026-11-21 09:16:00,13800138001,投7号\n" * (limit // 30)
    rows = CsvRows.of_text('时间,号码,内容\n2026-11-21 09:15:00,13800138000,"投7号\n' + rest)
    assert list(rows) == [["时间", "号码", "内容"]]
    assert rows.problem == (2, 33, UNCLOSED)
    closed = CsvRows.of_text('时间,号码,内容\n1,2,"' + rest + '"\n3,4,5\n')
    assert list(closed) == [["时间", "号码", "内容"]]
    assert closed.problem == (
        2,
        5,
        f"CSV 格式有误：从这里起的一格超过 {limit} 个字符，多半是引号没有配对",
    )


def test_delimiter_is_taken_from_the_first_line_that_is_not_blank() -> None:
    rows = CsvRows.of_text("\r\n  \r\n人员编号\t党建得分\r\nwang-xiaoming\t90,5\r\n")
    assert rows.delimiter == "\t"
    assert [(rows.start, row) for row in rows] == [
        (1, []),
        (2, ["  "]),
        (3, ["人员编号", "党建得分"]),
        (4, ["wang-xiaoming", "90,5"]),
    ]
    assert rows.position(4, 1) == (4, 15)


def test_a_streamed_file_reads_its_text_only_for_a_position(tmp_path: Path) -> None:
    path = tmp_path / "votes.csv"
    path.write_bytes('时间,号码\r\n1,2\r\n3,"4\r\n'.encode("gb18030"))
    loads: list[int] = []

    def text() -> str:
        loads.append(1)
        return path.read_bytes().decode("gb18030")

    with path.open(encoding="gb18030", newline="") as handle:
        rows = CsvRows(handle, text)
        good = iter(rows)
        assert [next(good), next(good)] == [["时间", "号码"], ["1", "2"]]
        assert loads == []  # good rows never need the text
        assert list(rows) == []
    assert rows.problem == (3, 3, UNCLOSED)
    assert loads == [1]


# -- properties ----------------------------------------------------------------------------------


@given(tables, st.lists(st.sampled_from(BREAKS), min_size=6, max_size=6), st.booleans())
def test_what_csv_writer_writes_reads_back(
    table: list[list[str]], breaks: list[str], final_break: bool
) -> None:
    """Cells, start and end lines and every cell's position survive a round trip."""
    text, expected = "", []
    for index, row in enumerate(table):
        parts = encoded(row)
        offsets, at = [], len(text)
        for part in parts:
            offsets.append(at)
            at += len(part) + 1
        text += ",".join(parts)
        expected.append((place(text, offsets[0])[0], place(text, len(text))[0], offsets))
        if index < len(table) - 1 or final_break:
            text += breaks[index]
    rows = CsvRows.of_text(text, ",")
    found = [(rows.start, rows.end, row) for row in rows]
    assert rows.problem is None
    assert [row for _, _, row in found] == table
    assert [(start, end) for start, end, _ in found] == [(s, e) for s, e, _ in expected]
    for (start, _, row), (_, _, offsets) in zip(found, expected, strict=True):
        assert [rows.position(start, i) for i in range(len(row))] == [
            place(text, offset) for offset in offsets
        ]


@given(st.text(RAW_ALPHABET, max_size=40), st.sampled_from([",", "\t"]))
def test_any_text_gives_the_rows_of_csv_reader_or_one_message(text: str, delimiter: str) -> None:
    """Malformed input is a message at a quote, never an exception; good rows are csv's rows."""
    rows = CsvRows.of_text(text, delimiter)
    found = [(rows.start, row) for row in rows]
    expected, failed = python_rows(text, delimiter)
    assert [row for _, row in found] == expected
    assert (rows.problem is not None) == failed
    for start, row in found:  # every cell's position is where csv.reader reads that cell
        for index, cell in enumerate(row):
            offset = offset_of(text, *rows.position(start, index))
            assert first_cell(text[offset:], delimiter) == cell
    if rows.problem is not None:
        line, column, message = rows.problem
        offset = offset_of(text, line, column)
        assert 0 <= offset < len(text)
        if message == UNCLOSED:
            assert text[offset] == '"'
            assert python_rows(text[offset:], delimiter) == ([], True)
        else:
            assert message.startswith(BAD_QUOTE)
            assert text[offset - 1] == '"'
            assert text[offset] not in (delimiter, "\r", "\n")
