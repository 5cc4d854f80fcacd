"""The campaign page's 附件: each category's blank form (DOCX) and the 名额分配表 (XLSX), published
under the campaign's URL and linked with their format and size; a centre's own form template is
used, a broken one stops the build with a Chinese message naming it."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urljoin

import docx
import openpyxl
from bs4 import BeautifulSoup, Tag
from mkdocs.structure.files import File

from generator.model.loader import load_content
from generator.model.records import RecordKind
from generator.office.docxform import default_template
from generator.office.layout import FORM_NAMES, QUOTA_TITLE
from generator.plugin.dirty import Session
from generator.site.incremental import PageFiles
from generator.site.views import attachment_views, size_text
from tests.conftest import MKDOCS_YML, SiteProject

DEMO_TODAY = date(2026, 11, 25)  # mkdocs.yml's `today`
LINK = re.compile(r"(附件(\d+)：(.+))（(DOCX|XLSX)，(\d+) KB）")


def attachment_links(page: BeautifulSoup) -> list[Tag]:
    section = page.select_one("section.hb-attachments")
    assert section is not None, "no 附件 section"
    heading = section.select_one("h2")
    assert heading is not None and heading.get_text() == "附件"
    assert section["aria-labelledby"] == heading["id"]
    items = section.select("ol.hb-attachment-list > li")
    return [item.select_one("a[download]") for item in items]  # type: ignore[misc]


def expected_titles(campaign_id: str, root: Path) -> list[tuple[str, str]]:
    """(title, format) of each 附件, in the notice's order: the categories' forms, the quota."""
    content = load_content(root).content
    assert content is not None
    campaign = content.campaigns[campaign_id]
    forms = [
        (f"{campaign.year}年{c.name}{FORM_NAMES[RecordKind(c.kind)]}", "DOCX")
        for c in campaign.categories
    ]
    stories = [  # a blank 事迹材料 where the form's box asks for a summary
        (f"{campaign.year}年{c.name}事迹材料", "DOCX")
        for c in campaign.categories
        if c.summary.minimum
    ]
    return [*forms, *stories, (f"{campaign.name}{QUOTA_TITLE}", "XLSX")]


def site_file(site: Path, page_url: str, href: str) -> Path:
    """The built file a relative link of the page at `page_url` points to."""
    target = unquote(urljoin(f"https://example.org/{page_url}", href))
    return site / target.removeprefix("https://example.org/")


def text_of(path: Path) -> str:
    """Every paragraph and table cell of a Word document, one a line."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def test_every_demo_campaign_links_its_forms_and_quota_sheet(demo: SiteProject) -> None:
    content = load_content(demo.content).content
    assert content is not None
    visible = [c for c in content.campaigns.values() if c.published <= DEMO_TODAY]
    assert len(visible) == 8
    site = demo.root / "site"
    for campaign in visible:
        url = f"campaigns/{campaign.id}/"
        links = attachment_links(demo.page(url))
        expected = expected_titles(campaign.id, demo.content)
        assert len(links) == len(expected)
        for number, (link, (title, kind)) in enumerate(zip(links, expected, strict=True), 1):
            shown = LINK.fullmatch(link.get_text())
            assert shown is not None, link.get_text()
            assert shown.group(1, 2, 3, 4) == (f"附件{number}：{title}", str(number), title, kind)
            assert link["download"] == f"附件{number}：{title}.{kind.lower()}"
            path = site_file(site, url, str(link["href"]))
            assert path.parent == site / "campaigns" / campaign.id / "forms"
            assert abs(path.stat().st_size / 1024 - int(shown.group(5))) <= 0.5
            if title.endswith("事迹材料"):
                assert "推荐对象：" in text_of(path)
            elif kind == "DOCX":
                assert title in text_of(path)
            else:
                sheet = openpyxl.load_workbook(path).active
                assert sheet is not None
                assert sheet["A1"].value == title


def test_published_forms_and_sheets_hold_nothing_private(demo: SiteProject) -> None:
    loaded = load_content(demo.content)
    secrets = {
        value
        for fields in loaded.private.people.values()
        for key, value in fields.items()
        if key in ("phone", "id_number")
    }
    assert len(secrets) > 40
    published = [p for p in (demo.root / "site").rglob("*") if p.suffix in (".docx", ".xlsx")]
    # 14 categories' forms, 4 blank 事迹材料 (the 七一 campaign's categories ask for a summary)
    # and 8 quota sheets
    assert len(published) == 26
    for path in published:
        with zipfile.ZipFile(path) as package:
            xml = "".join(
                package.read(name).decode("utf-8")
                for name in package.namelist()
                if name.endswith((".xml", ".rels"))
            )
        assert [s for s in secrets if s in xml] == [], path


def test_a_centre_template_is_used_and_a_broken_one_stops_the_build(
    project: SiteProject,
) -> None:
    (project.root / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("  font: false\n", "  font: false\n  custom_dir: theme\n"),
        encoding="utf-8",
    )
    template = project.root / "theme" / "office" / "person.docx"
    template.parent.mkdir(parents=True)
    template.write_text("这不是 Word 文档", encoding="utf-8")
    result = project.mkdocs("build")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert (
        "theme/office/person.docx:1:1: 错误：表格模板无法使用：文件已损坏或不是 Word 文档（.docx）。"
        "附件“2026年优秀党员示范岗推荐表”没有生成；请修正此文件，或删除它以使用默认模板"
    ) in output
    assert not (project.root / "site").exists()
    assert not any(p.name.startswith(".site") for p in project.root.iterdir())

    own = docx.Document(str(default_template(RecordKind.PERSON)))
    own.add_paragraph("本中心专用")
    own.save(str(template))
    site = project.build()
    url = "campaigns/2026-model-post/"
    links = attachment_links(project.page(url))
    assert links[0].get_text().startswith("附件1：2026年优秀党员示范岗推荐表（")
    person_form, window_form, quota = (site_file(site, url, str(a["href"])) for a in links)
    assert "本中心专用" in text_of(person_form)
    assert "2026年优秀党员示范岗推荐表" in text_of(person_form)
    assert "本中心专用" not in text_of(window_form)
    assert quota.name == "quota.xlsx"
    assert not (site / "office").exists()  # the template itself is not published


def test_size_text_as_a_notice_gives_it() -> None:
    assert [size_text(n) for n in (860, 18 * 1024 + 100, 1023 * 1024, 1024 * 1023 + 900)] == [
        "860 B",
        "18 KB",
        "1023 KB",
        "1.0 MB",
    ]
    assert size_text(int(1.24 * 1024 * 1024)) == "1.2 MB"


def test_attachments_are_numbered_in_order_under_the_campaign() -> None:
    views = attachment_views(
        "2026-x",
        [("2026年最美服务明星推荐表", "stars.docx", 18 * 1024), ("名额分配表", "quota.xlsx", 9000)],
    )
    assert [(v.url, v.download, v.label, v.format, v.size) for v in views] == [
        (
            "campaigns/2026-x/forms/stars.docx",
            "附件1：2026年最美服务明星推荐表.docx",
            "附件1：2026年最美服务明星推荐表",
            "DOCX",
            "18 KB",
        ),
        (
            "campaigns/2026-x/forms/quota.xlsx",
            "附件2：名额分配表.xlsx",
            "附件2：名额分配表",
            "XLSX",
            "9 KB",
        ),
    ]


def test_serve_dirty_copies_a_changed_attachment_again_and_drops_a_gone_one(
    tmp_path: Path,
) -> None:
    """A cache entry made earlier is older than the copy MkDocs made of another: the copy is
    made stale when it differs; a file no longer published leaves the site."""
    cache, site = tmp_path / "cache", tmp_path / "site"
    session = Session(("mkdocs.yml", str(site)), PageFiles(tmp_path / "pages"))

    def published(name: str, data: bytes) -> File:
        (cache / name).parent.mkdir(parents=True, exist_ok=True)
        (cache / name).write_bytes(data)
        os.utime(cache / name, (1000, 1000))  # made long before the copy
        file = File(f"campaigns/x/forms/{name}", None, str(site), True)
        file.abs_src_path = str(cache / name)  # as the plugin publishes a file of the cache
        Path(file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cache / name, file.abs_dest_path)
        return file

    same, changed = published("a.docx", b"same"), published("b.docx", b"old")
    session.fixed_files([same, changed])
    assert not same.is_modified() and not changed.is_modified()
    (cache / "b.docx").write_bytes(b"new")  # an earlier entry, the units edited back
    os.utime(cache / "b.docx", (1000, 1000))
    session.fixed_files([same, changed])
    assert not same.is_modified()
    assert changed.is_modified()
    session.fixed_files([changed])
    assert not Path(same.abs_dest_path).exists()
    assert Path(changed.abs_dest_path).exists()
