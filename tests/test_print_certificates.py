"""荣誉证书 as printed: a page per awardee with the name, the honour, the issuer, the date and the
证书编号 read back from the PDF, fonts embedded, a red-and-gold page that is not blank; the
text-only version for pre-printed paper with white corners; the same bytes twice; the time of
200 certificates (measured, printed, not asserted)."""

from __future__ import annotations

import time
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from generator.model.records import NominationResult
from generator.printing.certificates import (
    NONE_AWARDED,
    SHEET_TEMPLATE,
    TEMPLATE,
    Certificate,
    CertificateSet,
    certificate_number,
    certificate_set,
    certificates,
)
from generator.site.pages.common import by_category
from generator.site.views import Views
from tests.conftest import print_job
from tests.pdfcheck import ink, page_texts, render, unembedded_fonts

CAMPAIGN = "2026-party-honours"  # awarded at the demo's build date
COMMENDATION = "2026年6月30日"  # its timeline's commendation
NOT_YET = "2026-model-post"  # its results are not in: nobody awarded


# -- the page as printed ----------------------------------------------------------------------
def corners(image: Image.Image, share: float = 0.08) -> list[Image.Image]:
    """The four corner squares of a page, `share` of its width each side."""
    side = int(image.width * share)
    w, h = image.size
    return [
        image.crop(box)
        for box in (
            (0, 0, side, side),
            (w - side, 0, w, side),
            (0, h - side, side, h),
            (w - side, h - side, w, h),
        )
    ]


def all_white(image: Image.Image) -> bool:
    return image.convert("L").getextrema()[0] >= 250


# -- the demo's certificates ------------------------------------------------------------------
Expected = tuple[str, str, str]  # (name, category, 证书编号) of each page, in order


@pytest.fixture(scope="module")
def expected(print_views: Views) -> list[Expected]:
    """Independently of the module: the results page's awardees, numbered year-category-sequence."""
    campaign = print_views.content.campaigns[CAMPAIGN]
    index = {c.name: i for i, c in enumerate(campaign.categories, start=1)}
    pages = []
    groups = by_category(print_views, CAMPAIGN, lambda n: n.result == NominationResult.AWARDED)
    for category, awardees in groups:
        for sequence, nomination in enumerate(awardees, start=1):
            number = f"{campaign.year}-{index[category]:02d}-{sequence:03d}"
            pages.append((nomination.person.name, category, number))
    return pages


@pytest.fixture(scope="module")
def printed(print_views: Views, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("certificates")
    job = print_job(print_views, out)
    [plain] = certificates(job, CAMPAIGN)
    [sheet] = certificates(job, CAMPAIGN, sheet=True)
    assert job.problems.items == []  # every demo name is in the fonts
    return {"plain": plain, "sheet": sheet}


def test_the_demo_has_awardees_of_several_kinds(expected: list[Expected]) -> None:
    assert len(expected) >= 5
    assert len({category for _, category, _ in expected}) >= 2


@pytest.mark.parametrize("version", ["plain", "sheet"])
def test_a_page_per_awardee_with_name_honour_issuer_date_and_number(
    printed: dict[str, Path], expected: list[Expected], print_views: Views, version: str
) -> None:
    path = printed[version]
    issuer = print_views.content.campaigns[CAMPAIGN].issuer
    texts = page_texts(path)
    assert len(texts) == len(expected)
    for text, (name, category, number) in zip(texts, expected, strict=True):
        assert name in text
        assert f"被评为“{category}”。特发此证，以资鼓励。" in text
        assert "在2026年度工作中表现突出" in text
        assert issuer in text
        assert COMMENDATION in text
        assert f"证书编号：{number}" in text
        others = [n for n, _, num in expected if num != number and n not in name]
        assert not any(f"{other}同志" in text for other in others)  # one holder a page
    if version == "plain":
        assert all("荣誉证书" in text for text in texts)
    else:
        assert not any("荣誉证书" in text for text in texts)  # the paper has the title


def test_a_person_is_addressed_as_comrade_a_branch_by_its_name(
    printed: dict[str, Path], print_views: Views
) -> None:
    texts = page_texts(printed["plain"])
    branch = print_views.person("branch-1").name
    person = print_views.person("bateer").name
    assert any(text.startswith(f"荣誉证书{branch}：") for text in texts)
    assert any(f"{person}同志：" in text for text in texts)
    assert not any(f"{branch}同志" in text for text in texts)


def test_the_file_is_named_after_the_campaign(printed: dict[str, Path], print_views: Views) -> None:
    name = print_views.content.campaigns[CAMPAIGN].name
    assert printed["plain"].name == f"{name}荣誉证书.pdf"
    assert printed["sheet"].name == f"{name}荣誉证书（套打）.pdf"
    reader = pypdf.PdfReader(printed["plain"])
    assert reader.metadata is not None and reader.metadata.title == f"{name}荣誉证书"
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    assert abs(float(reader.pages[0].mediabox.width) - 841.89) < 1  # A4
    assert abs(float(reader.pages[0].mediabox.height) - 595.28) < 1


@pytest.mark.parametrize("version", ["plain", "sheet"])
def test_every_font_is_embedded(printed: dict[str, Path], version: str) -> None:
    assert unembedded_fonts(printed[version]) == []


def test_the_certificate_has_its_red_and_gold_border(
    printed: dict[str, Path], tmp_path: Path
) -> None:
    [page] = render(printed["plain"], tmp_path, dpi=40, last=1)
    assert 0.05 < ink(page) < 0.5, ink(page)  # the border and the text: about 14 % at 40 dpi
    for corner in corners(page):
        assert not all_white(corner)
    red = page.getpixel((int(page.width * 0.04), page.height // 2))  # 12 mm in: the red band
    assert isinstance(red, tuple) and red[0] > 150 and red[1] < 80 and red[2] < 80


def test_the_sheet_prints_the_text_alone(printed: dict[str, Path], tmp_path: Path) -> None:
    pages = render(printed["sheet"], tmp_path, dpi=40, last=2)
    for page in pages:
        assert 0.008 < ink(page) < 0.1, ink(page)  # the text alone: about 2 % at 40 dpi
        assert all(all_white(corner) for corner in corners(page))
        margin = page.crop((0, 0, page.width, int(page.height * 0.1)))  # no border, no title
        assert all_white(margin)


def test_the_same_records_give_the_same_bytes(
    printed: dict[str, Path], print_views: Views, tmp_path: Path
) -> None:
    job = print_job(print_views, tmp_path)
    [plain] = certificates(job, CAMPAIGN)
    [sheet] = certificates(job, CAMPAIGN, sheet=True)
    assert plain.read_bytes() == printed["plain"].read_bytes()
    assert sheet.read_bytes() == printed["sheet"].read_bytes()


def test_every_printed_name_is_checked_against_the_fonts(
    print_views: Views, expected: list[Expected], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = print_job(print_views, tmp_path)
    checked: list[str | None] = []
    monkeypatch.setattr(job, "check_text", lambda mark, what, text: checked.append(text))
    certificate_set(job, CAMPAIGN)
    for name, category, _ in expected:
        assert name in checked and category in checked
    assert print_views.content.campaigns[CAMPAIGN].issuer in checked


def test_a_name_outside_the_fonts_is_a_warning_naming_the_record(
    print_views: Views, tmp_path: Path
) -> None:
    job = print_job(print_views, tmp_path)
    mark = print_views.content.people["bateer"].mark
    job.check_text(mark, "姓名", "巴特尔𠀋")  # what certificate_set does with each name
    [problem] = job.problems.warnings
    assert "𠀋" in problem.message and problem.mark == mark


def test_a_campaign_with_nobody_awarded_has_no_certificates(
    print_views: Views, tmp_path: Path
) -> None:
    job = print_job(print_views, tmp_path)
    with pytest.raises(ValueError, match=NONE_AWARDED):
        certificates(job, NOT_YET)
    with pytest.raises(ValueError, match="没有编号为“no-such”的评选活动"):
        certificates(job, "no-such")
    assert not list(tmp_path.iterdir())


def test_numbers_are_year_category_and_place() -> None:
    assert certificate_number(2026, 2, 3) == "2026-02-003"
    assert certificate_number(2027, 11, 120) == "2027-11-120"


def test_two_hundred_certificates(print_views: Views, tmp_path: Path) -> None:
    """Both templates with 200 awardees: every page typeset; the time is printed (the issue's
    budget is 10 s), not asserted."""
    job = print_job(print_views, tmp_path)
    names = [p.name for p in print_views.content.people.values() if p.kind == "person"]
    many = CertificateSet(
        title="二百张荣誉证书",
        campaign="测试",
        issuer="示例市政务服务中心",
        date="2026年12月5日",
        certificates=tuple(
            Certificate(
                name=names[i % len(names)],
                kind="person",
                address="同志：",
                salutation=f"{names[i % len(names)]}同志：",
                body="在2026年度工作中表现突出，被评为“最美服务明星”。特发此证，以资鼓励。",
                category="最美服务明星",
                year=2026,
                number=certificate_number(2026, 1 + i // 100, 1 + i % 100),
                number_text=f"证书编号：{certificate_number(2026, 1 + i // 100, 1 + i % 100)}",
            )
            for i in range(200)
        ),
    )
    for template in (TEMPLATE, SHEET_TEMPLATE):
        start = time.perf_counter()
        [path] = job.write(f"{template}.pdf", template, many)
        seconds = time.perf_counter() - start
        print(f"\n200 张荣誉证书（{template}.typ）：{seconds:.2f} 秒，{path.stat().st_size} 字节")
        assert len(pypdf.PdfReader(path).pages) == 200
