"""CSV files as Excel and the export platforms write them: bytes to text, delimiter, headers.

Shared by the vote files (`votefiles.py`) and the monthly ratings (`ratings.py`); each
keeps its own messages for what it finds.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

WORKBOOK = "是 Excel 工作簿，不是 CSV：请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”"
BAD_QUOTE = 'CSV 格式有误：引号后面应紧跟逗号（内容里的引号要写成两个 ""）'

_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (a zip), .xls (OLE)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SPACE = re.compile(r"\s+")


def is_workbook(data: bytes) -> bool:
    """An Excel workbook (.xlsx or .xls) saved where a CSV file should be."""
    return data.startswith(_WORKBOOK_MAGIC)


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
