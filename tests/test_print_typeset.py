"""Typst as `honours print` runs it: record text stays text, a centre's template wins, a broken
one is named in Chinese, the fonts are the package's and embedded, the same input gives the
same bytes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from generator.printing.fonts import covered, missing
from generator.printing.job import page_address
from generator.printing.typeset import (
    TypesetError,
    build_timestamp,
    template_folders,
    typeset,
)
from tests.pdfcheck import pdf_fonts, raw_text, reader, unembedded_fonts

DAY = date(2026, 11, 25)
HOSTILE = '王晓明 #set text(red) ] " \\ <script>alert(1)</script> $x^2$ @ref *粗*'
TEMPLATE = '#import "common.typ": *\n#show: official\n#notice-title(data.title)\n#data.name\n'


def centre(tmp_path: Path, name: str, text: str) -> list[Path]:
    folder = tmp_path / "theme" / "print"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.typ").write_text(text, encoding="utf-8")
    return template_folders([tmp_path / "theme"])


def test_record_text_is_printed_as_written_never_run(tmp_path: Path) -> None:
    folders = centre(tmp_path, "t", TEMPLATE)
    data = {"title": "关于拟表彰对象的公示", "name": HOSTILE}
    (pdf,) = typeset("t", data, folders=folders, timestamp=build_timestamp(DAY))
    printed = " ".join(raw_text(pdf).split())
    assert "关于拟表彰对象的公示" in printed
    assert " ".join(HOSTILE.split()) in printed


def test_the_fonts_are_the_packages_and_embedded(tmp_path: Path) -> None:
    folders = centre(tmp_path, "t", TEMPLATE)
    (pdf,) = typeset(
        "t", {"title": "标题", "name": "正文"}, folders=folders, timestamp=build_timestamp(DAY)
    )
    assert unembedded_fonts(pdf) == []
    fonts = pdf_fonts(pdf)
    assert all(str(font["/Subtype"]) == "/Type0" for font in fonts)  # composite (CID) fonts
    names = {str(font["/BaseFont"]).split("+", 1)[1] for font in fonts}
    assert names == {"NotoSansCJKsc-Bold-Identity-H", "NotoSerifCJKsc-Regular-Identity-H"}


def test_the_same_input_gives_the_same_bytes_and_source_date_epoch_is_the_date(
    tmp_path: Path,
) -> None:
    folders = centre(tmp_path, "t", TEMPLATE)
    data = {"title": "标题", "name": "正文"}
    first = typeset("t", data, folders=folders, timestamp=build_timestamp(DAY))
    assert typeset("t", data, folders=folders, timestamp=build_timestamp(DAY)) == first
    epoch = build_timestamp(DAY, {"SOURCE_DATE_EPOCH": "1764547200"})
    assert epoch == datetime(2025, 12, 1, tzinfo=UTC)
    (pdf,) = typeset("t", data, folders=folders, timestamp=epoch)
    assert reader(pdf).metadata.creation_date == epoch  # type: ignore[union-attr]
    png = typeset("t", data, folders=folders, timestamp=epoch, output="png", ppi=20)
    assert png == typeset("t", data, folders=folders, timestamp=epoch, output="png", ppi=20)


def test_a_centres_template_replaces_the_packages(tmp_path: Path) -> None:
    folders = centre(tmp_path, "common", '#let data = json("data.json").data\n')
    (tmp_path / "theme" / "print" / "t.typ").write_text(
        '#import "common.typ": *\n本中心专用：#data.name\n', encoding="utf-8"
    )
    (pdf,) = typeset("t", {"name": "王芳"}, folders=folders, timestamp=build_timestamp(DAY))
    assert "本中心专用：王芳" in raw_text(pdf)


def test_a_broken_or_missing_template_is_named_in_chinese(tmp_path: Path) -> None:
    folders = centre(tmp_path, "t", "#let x = (\n")
    with pytest.raises(TypesetError) as caught:
        typeset("t", {}, folders=folders, timestamp=build_timestamp(DAY))
    assert str(caught.value).startswith(
        f"排版模板 {tmp_path / 'theme' / 'print' / 't.typ'} 无法排版："
    )
    with pytest.raises(TypesetError, match=r"找不到排版模板 print/none\.typ"):
        typeset("none", {}, folders=folders, timestamp=build_timestamp(DAY))


def test_characters_the_fonts_lack_are_found() -> None:
    assert {"王", "晓", "〔", "★", "A"} <= covered()
    assert missing("王晓明") == ""
    assert missing("王𠀀𠀀明 堃") in ("𠀀", "𠀀堃")  # each once, in order


def test_page_addresses_are_the_published_ones() -> None:
    site = "https://rongyu.example.gov.cn/"
    assert page_address(site, "campaigns/x/publicity.md") == f"{site}campaigns/x/publicity/"
    assert page_address(site, "campaigns/x/index.md") == f"{site}campaigns/x/"
    assert page_address(site, "index.md") == site
    assert page_address("https://a.example/sub", "people/w.md") == "https://a.example/sub/people/w/"
