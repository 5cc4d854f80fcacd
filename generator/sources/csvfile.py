"""CSV files as Excel and the export platforms write them: bytes to text, delimiter, headers,
and one reader of rows (`CsvRows`).

Shared by the vote files (`votefiles.py`), the monthly ratings (`ratings.py`), the review
scores (`reviews.py`) and the 评议 counts (`evaluations.py`); each keeps its own messages for
what it finds in the cells. `read_sheet` is the whole file, or why it cannot be read.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path

from .problems import os_reason

WORKBOOK = "是 Excel 工作簿，不是 CSV：请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”"
BAD_QUOTE = 'CSV 格式有误：引号后面应紧跟逗号（内容里的引号要写成两个 ""）'
UNCLOSED = "CSV 格式有误：引号没有闭合（从这里起直到文件末尾都在引号里）"
NOT_DECODED = "有无法识别的文字：文件既不是 UTF-8，也不是 GBK/GB18030 文本"
BINARY = "不是文本文件（含有二进制内容），请另存为 CSV"

_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (a zip), .xls (OLE)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SPACE = re.compile(r"\s+")


def is_workbook(data: bytes) -> bool:
    """An Excel workbook (.xlsx or .xls) saved where a CSV file should be."""
    return data.startswith(_WORKBOOK_MAGIC)


def read_sheet(path: Path) -> tuple[str | None, tuple[int, int, str] | None]:
    """A CSV file's text as Excel writes it: (text, None), or (None, (line, column, why not))
    for a file that can't be read, a workbook, text in no known encoding, or binary content."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, (1, 1, f"无法读取文件：{os_reason(exc)}")
    if is_workbook(data):
        return None, (1, 1, WORKBOOK)
    text, bad = decode_text(data)
    if text is None:
        return None, (bad, 1, NOT_DECODED)
    if "\x00" in text:
        return None, (1, 1, BINARY)
    return text, None


def encoding_of(data: bytes) -> tuple[str | None, int]:
    """How to read CSV text as Excel writes it: (codec, 0), or (None, the first line that
    can't be read, counting from 1).

    UTF-8 with BOM (`utf-8-sig`); UTF-16 with BOM (`utf-16`, checked only when decoded);
    else UTF-8, else GB18030 (which reads GBK); else the line where the one that got
    further failed.
    """
    if data.startswith(codecs.BOM_UTF8):
        bad = bad_line(data, "utf-8")
        return (None, bad) if bad else ("utf-8-sig", 0)
    if data.startswith(_UTF16_BOMS):
        return "utf-16", 0
    utf8 = bad_line(data, "utf-8")
    if not utf8:
        return "utf-8", 0
    gb = bad_line(data, "gb18030")
    return (None, max(utf8, gb)) if gb else ("gb18030", 0)


def decode_text(data: bytes) -> tuple[str | None, int]:
    """Text as Excel writes it: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.

    Returns (text, 0), or (None, the first line that can't be read, counting from 1).
    """
    encoding, bad = encoding_of(data)
    if encoding is None:
        return None, bad
    try:
        return data.decode(encoding), 0
    except UnicodeDecodeError:  # UTF-16, the one `encoding_of` leaves unchecked
        return None, 1


def bad_line(data: bytes, encoding: str) -> int:
    """The first line that does not decode (counting from 1), or 0 when the whole text does."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        return data[: error.start].count(b"\n") + 1
    return 0


def delimiter_of(first_line: str) -> str:
    """Tab for a tab-separated file (Excel “Unicode 文本”), else comma."""
    return "\t" if "\t" in first_line and "," not in first_line else ","


def header_name(cell: str) -> str:
    """A header cell as compared with the accepted names: NFKC, no spaces, lower case."""
    text = unicodedata.normalize("NFKC", cell.replace("\ufeff", ""))
    return _SPACE.sub("", text).lower()


# -- rows ----------------------------------------------------------------------------------------

Problem = tuple[int, int, str]  # (line, column, message), counting from 1
_LINE_BREAK = re.compile(r"\r\n?|\n")  # the breaks csv.reader and newline="" files split on


class CsvRows:
    """The rows of CSV text, read by the C `csv.reader(strict=True)` (the excel dialect).

    Iterating gives each row as a list of cells (a blank line is `[]`); meanwhile `start`
    and `end` are the lines (from 1) the row last given starts and ends on. Malformed CSV
    ends the rows and sets `problem` to (line, column, message), never raising.
    `position(start, index)` tells where a cell begins; it scans the row's raw text only
    when asked, so reading costs no more than the C reader.

    `lines` are the physical lines csv.reader reads (a file opened with `newline=""`, or
    `CsvRows.of_text`); `text` is the same text whole, or a function that gives it, called
    only when a position is wanted. The delimiter, unless given, is taken from the first
    line that is not blank (`delimiter_of`).
    """

    def __init__(
        self,
        lines: Iterable[str],
        text: str | Callable[[], str],
        delimiter: str | None = None,
    ) -> None:
        source = iter(lines)
        if delimiter is None:
            head: list[str] = []
            for line in source:
                head.append(line)
                if line.strip():
                    break
            delimiter = delimiter_of(head[-1] if head else "")
            source = itertools.chain(head, source)
        self.delimiter = delimiter
        self.start = 0
        self.end = 0
        self.problem: Problem | None = None
        self._text = text
        self._starts: list[int] = []  # offset of each line's first character, once wanted
        self._rows = self._read(source)

    @classmethod
    def of_text(cls, text: str, delimiter: str | None = None) -> CsvRows:
        return cls(io.StringIO(text, newline=""), text, delimiter)

    def __iter__(self) -> Iterator[list[str]]:
        return self._rows

    def _read(self, lines: Iterator[str]) -> Iterator[list[str]]:
        reader = csv.reader(lines, delimiter=self.delimiter, strict=True)
        end = 0
        try:
            for row in reader:
                self.start = end + 1
                self.end = end = reader.line_num
                yield row
        except csv.Error as error:
            self.start = end + 1
            self.end = max(reader.line_num, self.start)
            self.problem = self._locate(str(error))

    def position(self, start: int, index: int) -> tuple[int, int]:
        """(line, column) where cell `index` of the row starting on line `start` begins;
        the row's start when it has no such cell."""
        spans, _ = self._scan(start)
        offset = spans[index][0] if index < len(spans) else self._line_starts()[start - 1]
        return self._place(offset)

    # -- positions, computed when a message needs one ----------------------------------------
    def _whole(self) -> str:
        if not isinstance(self._text, str):
            self._text = self._text()
        return self._text

    def _line_starts(self) -> list[int]:
        if not self._starts:
            self._starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self._whole()))]
        return self._starts

    def _place(self, offset: int) -> tuple[int, int]:
        starts = self._line_starts()
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def _scan(self, start: int) -> tuple[list[tuple[int, int]], tuple[int, str] | None]:
        """The spans of the cells of the row starting on line `start` as the C reader reads
        them, and its first problem (offset, message), if any."""
        text, starts, delimiter = self._whole(), self._line_starts(), self.delimiter
        pos, size = starts[min(start, len(starts)) - 1], len(text)
        cell = _cell_pattern(delimiter)
        spans: list[tuple[int, int]] = []
        while True:
            match = cell.match(text, pos)  # always matches: a cell may be empty
            end = match.end() if match else pos
            spans.append((pos, end))
            if end < size and text[end] == delimiter:
                pos = end + 1
            elif end == size or text[end] in "\r\n":
                return spans, None
            elif end == pos:  # an opening quote with no closing one
                return spans, (pos, UNCLOSED)
            else:  # a closing quote followed by something else
                return spans, (end, BAD_QUOTE)

    def _locate(self, detail: str) -> Problem:
        """The csv.Error of the row starting on `self.start` as one message at its place."""
        spans, found = self._scan(self.start)
        limit = csv.field_size_limit()
        if "field larger than field limit" in detail:
            for begin, end in spans:
                if end - begin > limit and (found is None or begin < found[0]):
                    message = f"CSV 格式有误：从这里起的一格超过 {limit} 个字符，多半是引号没有配对"
                    return (*self._place(begin), message)
        if found is None:
            return self.start, 1, f"CSV 格式有误（{detail}）"
        line, column = self._place(found[0])
        opened = self._place(spans[-1][0])[0]
        if opened < line:  # a stray quote lines above may be what went wrong
            return line, column, f"{found[1]}；这一格的引号从第 {opened} 行开始"
        return line, column, found[1]


@cache
def _cell_pattern(delimiter: str) -> re.Pattern[str]:
    """One cell as csv.reader reads it: quoted (`""` inside), or up to the delimiter or line
    end (a quote inside is kept as it is), or empty."""
    d = re.escape(delimiter)
    return re.compile(rf'"(?:[^"]++|"")*+"|[^"{d}\r\n][^{d}\r\n]*+|')
