"""Bad office files get one clear Chinese sentence before any library reads them: legacy
formats, passwords, damaged or mislabelled files, unknown suffixes, unreadable paths."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import msoffcrypto
import pytest
from docx import Document
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook

from generator.office.openfile import Kind, kind_of, office_problem

LEGACY_WORD = "这是旧版 Word 文档（.doc），请在 Word 或 WPS 中“另存为” .docx 后再导入"
LEGACY_EXCEL = "这是旧版 Excel 工作簿（.xls），请另存为 .xlsx 后再导入"
ENCRYPTED = "文件设有打开密码，请取消密码后再导入"
DAMAGED_WORD = "文件已损坏或不是 Word 文档（.docx）"
DAMAGED_EXCEL = "文件已损坏或不是 Excel 工作簿（.xlsx）"
UNKNOWN = "只能导入 .docx 推荐表和 .xlsx 汇总表"


def ole2(*streams: str) -> bytes:
    """A compound file's header and one directory sector naming `streams`: what a legacy .doc
    or .xls holds at the places the check reads (the root entry first, as in every file)."""
    header = bytes.fromhex("D0CF11E0A1B11AE1").ljust(512, b"\0")
    entries = b""
    for name in ("Root Entry", *streams):
        encoded = (name + "\0").encode("utf-16-le")
        entry = encoded.ljust(64, b"\0") + struct.pack("<H", len(encoded))
        entries += entry.ljust(128, b"\0")
    return header + entries.ljust(512, b"\0")


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("最美服务明星推荐表")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active["A1"] = "姓名（名称）"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def encrypted(plain: bytes) -> bytes:
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt("1234", out)
    return out.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_good_files_pass(tmp_path: Path) -> None:
    assert office_problem(write(tmp_path / "推荐表.docx", docx_bytes()), "docx") is None
    assert office_problem(write(tmp_path / "汇总表.xlsx", xlsx_bytes()), "xlsx") is None
    assert office_problem(write(tmp_path / "推荐表.DOCX", docx_bytes()), "docx") is None


@pytest.mark.parametrize(
    ("name", "streams", "expected", "message"),
    [
        ("推荐表.doc", ("WordDocument",), "docx", LEGACY_WORD),
        ("推荐表.doc", (), "docx", LEGACY_WORD),  # no stream we know: the suffix says
        ("推荐表.wps", (), "docx", LEGACY_WORD),
        ("汇总表.xls", ("Workbook",), "xlsx", LEGACY_EXCEL),
        ("汇总表.xls", ("Book",), "xlsx", LEGACY_EXCEL),  # Excel 5/95
        ("汇总表.et", (), "xlsx", LEGACY_EXCEL),
        ("推荐表.docx", ("WordDocument",), "docx", LEGACY_WORD),  # renamed, not converted
        ("汇总表.xlsx", ("Workbook",), "xlsx", LEGACY_EXCEL),
        ("汇总表.xlsx", (), "xlsx", LEGACY_EXCEL),
        ("推荐表.docx", ("Workbook",), "docx", LEGACY_EXCEL),  # what it is, not its name
    ],
)
def test_legacy_formats(
    tmp_path: Path, name: str, streams: tuple[str, ...], expected: Kind, message: str
) -> None:
    path = write(tmp_path / name, ole2(*streams))
    assert office_problem(path, expected) == message


def test_legacy_suffix_whatever_the_content(tmp_path: Path) -> None:
    assert office_problem(write(tmp_path / "推荐表.doc", docx_bytes()), "docx") == LEGACY_WORD
    assert office_problem(write(tmp_path / "汇总表.XLS", b"<html></html>"), "xlsx") == LEGACY_EXCEL


def test_stream_name_inside_text_is_not_an_entry(tmp_path: Path) -> None:
    """A legacy document whose text mentions EncryptedPackage (unaligned, no entry length) is
    still a legacy document, not a password-protected one."""
    data = ole2("WordDocument") + b"x" + "EncryptedPackage\0".encode("utf-16-le") * 8
    assert office_problem(write(tmp_path / "推荐表.doc", data), "docx") == LEGACY_WORD


@pytest.mark.parametrize(
    ("name", "plain", "expected"),
    [
        ("推荐表.docx", docx_bytes, "docx"),
        ("汇总表.xlsx", xlsx_bytes, "xlsx"),
        ("推荐表.doc", docx_bytes, "docx"),  # the password, not the suffix, is what to fix
    ],
)
def test_password_protected(
    tmp_path: Path, name: str, plain: Callable[[], bytes], expected: Kind
) -> None:
    data = encrypted(plain())
    path = write(tmp_path / name, data)
    assert msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted()  # it really is protected
    assert office_problem(path, expected) == ENCRYPTED


def test_synthetic_encrypted_package(tmp_path: Path) -> None:
    data = ole2("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage")
    assert office_problem(write(tmp_path / "汇总表.xlsx", data), "xlsx") == ENCRYPTED


def test_truncated_docx(tmp_path: Path) -> None:
    data = docx_bytes()
    path = write(tmp_path / "推荐表.docx", data[: len(data) // 2])
    assert office_problem(path, "docx") == DAMAGED_WORD


def test_damaged_main_part(tmp_path: Path) -> None:
    """The zip's directory is whole but word/document.xml is not what its checksum says."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document>正文内容</w:document>")
    data = buffer.getvalue().replace("正文内容".encode(), "损坏内容".encode(), 1)
    assert office_problem(write(tmp_path / "推荐表.docx", data), "docx") == DAMAGED_WORD


def test_text_renamed_xlsx(tmp_path: Path) -> None:
    path = write(tmp_path / "汇总表.xlsx", "姓名,单位\n张三,大厅\n".encode())
    assert office_problem(path, "xlsx") == DAMAGED_EXCEL
    assert office_problem(write(tmp_path / "空.xlsx", b""), "xlsx") == DAMAGED_EXCEL


def test_zip_without_the_main_part(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("photo.jpg", b"\xff\xd8")
    assert (
        office_problem(write(tmp_path / "推荐表.docx", buffer.getvalue()), "docx") == DAMAGED_WORD
    )


def test_form_given_as_summary_and_back(tmp_path: Path) -> None:
    form = write(tmp_path / "推荐表.docx", docx_bytes())
    assert office_problem(form, "xlsx") == "这是 Word 文档（.docx），此处需要 Excel 汇总表（.xlsx）"
    sheet = write(tmp_path / "汇总表.xlsx", xlsx_bytes())
    assert (
        office_problem(sheet, "docx") == "这是 Excel 工作簿（.xlsx），此处需要 Word 推荐表（.docx）"
    )


@pytest.mark.parametrize(
    "name", ["事迹.pdf", "推荐表.odt", "照片.jpg", "推荐表", "汇总表.xlsx.txt"]
)
def test_unknown_suffix(tmp_path: Path, name: str) -> None:
    assert office_problem(write(tmp_path / name, docx_bytes()), "docx") == UNKNOWN


def test_unreadable_paths(tmp_path: Path) -> None:
    assert office_problem(tmp_path / "不存在.docx", "docx") == "文件不存在"
    (tmp_path / "文件夹.xlsx").mkdir()
    assert office_problem(tmp_path / "文件夹.xlsx", "xlsx") == "这是一个文件夹，不是文件"


def test_kind_of() -> None:
    assert kind_of(Path("a/推荐表.docx")) == "docx"
    assert kind_of(Path("汇总表.XLSX")) == "xlsx"
    assert kind_of(Path("推荐表.doc")) is None
    assert kind_of(Path("汇总表.xls")) is None
    assert kind_of(Path("说明.txt")) is None
    assert kind_of(Path("docx")) is None
