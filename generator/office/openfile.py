"""Whether a file can be read as the Word form or Excel sheet it should be, decided before any
library opens it, so that a bad file gets one plain Chinese sentence instead of a traceback.

What units really send back: a legacy .doc/.xls saved from an old template (or by WPS as .wps
and .et), a file with an open password, a download cut short, a form sent where the sheet was
expected, or a file renamed to look right. An Office file is a zip (OOXML) or, for the legacy
formats and for any OOXML file with a password, an OLE2 compound file: the password-protected
kind holds a stream named "EncryptedPackage", found here by reading the OLE2 directory's
entries from the bytes (no decryption library at runtime).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Literal

from ..sources.problems import os_reason

Kind = Literal["docx", "xlsx"]

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
SUFFIXES: dict[str, Kind] = {".docx": "docx", ".xlsx": "xlsx"}
LEGACY_SUFFIXES: dict[str, Kind] = {".doc": "docx", ".wps": "docx", ".xls": "xlsx", ".et": "xlsx"}
MAIN_PARTS: dict[Kind, str] = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
WHAT: dict[Kind, str] = {"docx": "Word 文档（.docx）", "xlsx": "Excel 工作簿（.xlsx）"}
WANTED: dict[Kind, str] = {"docx": "Word 推荐表（.docx）", "xlsx": "Excel 汇总表（.xlsx）"}
LEGACY: dict[Kind, str] = {
    "docx": "这是旧版 Word 文档（.doc），请在 Word 或 WPS 中“另存为” .docx 后再导入",
    "xlsx": "这是旧版 Excel 工作簿（.xls），请另存为 .xlsx 后再导入",
}
ENCRYPTED = "文件设有打开密码，请取消密码后再导入"
UNKNOWN = "只能导入 .docx 推荐表和 .xlsx 汇总表"

# OLE2 directory entries (128 bytes each, sector-aligned) whose names tell the format.
_ENTRY = 128
_ENCRYPTED_STREAM = "EncryptedPackage"
_LEGACY_STREAMS: dict[str, Kind] = {"WordDocument": "docx", "Workbook": "xlsx", "Book": "xlsx"}


def kind_of(path: Path) -> Kind | None:
    """Which importer a file goes to, by its suffix (.DOCX as .docx); None for any other."""
    return SUFFIXES.get(path.suffix.lower())


def office_problem(path: Path, expected: Kind) -> str | None:
    """Why `path` cannot be read as `expected`, in Chinese; None when it can."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES and suffix not in LEGACY_SUFFIXES:
        return UNKNOWN
    try:
        with path.open("rb") as handle:
            data = handle.read()
    except OSError as error:
        return os_reason(error)
    if data.startswith(OLE2_MAGIC):
        streams = _ole_streams(data)
        if _ENCRYPTED_STREAM in streams:
            return ENCRYPTED
        legacy = next((k for name, k in _LEGACY_STREAMS.items() if name in streams), None)
        return LEGACY[legacy or LEGACY_SUFFIXES.get(suffix) or expected]
    if suffix in LEGACY_SUFFIXES:
        return LEGACY[LEGACY_SUFFIXES[suffix]]
    return _zip_problem(path, data, expected)


def _zip_problem(path: Path, data: bytes, expected: Kind) -> str | None:
    """An OOXML package: a zip whose main part is there and reads whole (its checksum holds)."""
    damaged = f"文件已损坏或不是 {WHAT[expected]}"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            found = next((k for k, part in MAIN_PARTS.items() if part in names), None)
            if found is None:
                return damaged
            if found != expected:
                return f"这是 {WHAT[found]}，此处需要 {WANTED[expected]}"
            with package.open(MAIN_PARTS[found]) as part:
                while part.read(1 << 20):
                    pass  # a bad checksum or a cut-off stream raises here
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError):
        # cut short, a bad checksum, a bad compressed stream, an encrypted or unknown method
        return damaged
    return None


def _ole_streams(data: bytes) -> set[str]:
    """The names in an OLE2 file's directory entries.

    Entries are 128 bytes, and sectors start at multiples of 512, so every entry starts at a
    multiple of 128 from the file's start; an entry's name is UTF-16LE in its first 64 bytes
    with its length in bytes (terminator included) at offset 64. Scanning for the names we
    look for at such offsets, with a matching length, finds the entries without following the
    allocation table (robust to a file cut short) and never a name inside a stream's text.
    """
    found = set()
    for name in (_ENCRYPTED_STREAM, *_LEGACY_STREAMS):
        encoded = (name + "\0").encode("utf-16-le")
        start = data.find(encoded, 512)
        while start != -1:
            if start % _ENTRY == 0 and len(data) >= start + 66:
                (length,) = struct.unpack_from("<H", data, start + 64)
                if length == len(encoded):
                    found.add(name)
                    break
            start = data.find(encoded, start + 1)
    return found
