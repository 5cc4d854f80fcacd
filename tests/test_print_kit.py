"""`honours print` through the command: what each stage of a campaign prints, what it skips and
why, the errors in Chinese, and the same kit twice byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SiteProject, copy_demo, honours_in


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("kit"))
    return root


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_campaign_in_its_publicity_prints_its_kit_and_says_what_it_skipped(
    project: Path,
) -> None:
    result = honours_in(project, "print", "2026-most-beautiful")
    assert result.exit_code == 0, result.output
    out = project / "print" / "2026-most-beautiful"
    names = sorted(files_of(out))
    assert any(name.endswith("拟表彰对象公示.pdf") for name in names), names
    assert any(name.startswith("wechat-publicity/") for name in names), names
    assert "未生成投票海报：投票已结束，不再生成投票海报" in result.output
    assert f"共 {len(names)} 个文件，在 print/2026-most-beautiful。" in result.output

    again = honours_in(project, "print", "2026-most-beautiful", "--out", "again")
    assert again.exit_code == 0, again.output
    assert files_of(project / "again") == files_of(out)  # byte for byte


def test_asking_for_what_the_stage_does_not_allow_is_an_error(project: Path) -> None:
    result = honours_in(project, "print", "2026-most-beautiful", "--only", "posters")
    assert result.exit_code == 1
    assert "无法生成投票海报：投票已结束，不再生成投票海报" in result.output


def test_an_unknown_id_lists_the_campaigns_and_boards(project: Path) -> None:
    result = honours_in(project, "print", "2026-most-beautifu")
    assert result.exit_code == 1
    assert "没有编号为“2026-most-beautifu”的评选活动或看板。" in result.output
    assert "2026-most-beautiful" in result.output and "stars" in result.output


def test_a_board_prints_its_poster(project: Path) -> None:
    result = honours_in(project, "print", "stars")
    assert result.exit_code == 0, result.output
    assert any(name.endswith(".pdf") for name in files_of(project / "print" / "stars"))


def test_without_a_site_url_the_qr_codes_are_left_out_with_a_warning(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("site_url:", "# site_url:", 1), encoding="utf-8")
    try:
        result = honours_in(project, "print", "2026-most-beautiful", "--only", "publicity")
    finally:
        config.write_text(text, encoding="utf-8")
    assert result.exit_code == 0, result.output
    assert "警告：mkdocs.yml 没有 site_url，公示上不印二维码" in result.output


def test_the_site_publishes_no_print_template_or_font(demo: SiteProject) -> None:
    site = demo.root / "site"
    assert (site / "index.html").is_file()
    published = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert not [p for p in published if p.startswith("print/") or p.endswith((".typ", ".otf"))]
