"""The office round trip through the `honours` command: every form of the demo out, filled in
as a unit would (in the style WPS writes), back into empty people and nomination folders,
equal to the originals field by field; bad files refused, all at once, nothing written."""

from __future__ import annotations

import dataclasses
import itertools
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from generator.model.loader import load_content
from generator.model.records import Content, Person
from tests.conftest import copy_demo, honours_in

# What a form does not carry: the photo's focus and file name (the form's photo is a new
# picture), the introduction (people/<id>.md's body), the party branch of a member, and what
# the centre records on the site itself (亮承诺, 亮形象 posts and window numbers).
NOT_ON_FORMS = {
    "photo",
    "photo_focus",
    "mark",
    "field_marks",
    "body_line",
    "intro",
    "branch",
    "commitments",
    "posts",
    "window_no",
    "committee",  # a branch's 支部委员会: the record's, not the 推荐表's
}
# The summary travels in the form's 主要事迹 box and the story in its 事迹材料, where the
# category asks for a summary; else the story is in the box.
NOMINATION_FIELDS = ("category", "title", "subtitle", "story", "summary")
RETURNED = ("推荐表", "事迹材料")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[Path]]]:
    """The demo project and the forms `honours forms` wrote for each of its campaigns."""
    root = copy_demo(tmp_path_factory.mktemp("office"))
    written: dict[str, list[Path]] = {}
    for campaign in sorted(p.name for p in (root / "content" / "campaigns").iterdir()):
        result = honours_in(root, "forms", campaign)
        assert result.exit_code == 0, result.output
        assert "推荐表含联系电话等内部信息，请勿发布到网站。" in result.output
        written[campaign] = sorted((root / "forms" / campaign).rglob("*.*"))
    return root, written


def wps_edit(path: Path, out: Path) -> None:
    """What a unit's WPS does to a form: another East Asian font on every run, empty
    paragraphs in the cells, the labels padded with spaces."""
    document = Document(str(path))
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
                        fonts.set(qn("w:eastAsia"), "仿宋_GB2312")
                        if run.text == "姓名":
                            run.text = "姓  名："
                cell.add_paragraph("")
    for paragraph in document.paragraphs:  # a 事迹材料's lines
        for run in paragraph.runs:
            run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    document.save(str(out))


def empty_copy(root: Path, name: str) -> Path:
    """The demo's content with no people, no photos and no nominations (the campaigns' notices,
    units and organisation kept)."""
    copy = root / name
    shutil.copytree(root / "content", copy, ignore=shutil.ignore_patterns("boards", "ratings"))
    for path in (copy / "people").glob("*.md"):
        path.unlink()
    shutil.rmtree(copy / "people" / "photos")
    for path in (copy / "campaigns").glob("*/*.md"):
        if path.name != "index.md":
            path.unlink()
    for votes in (copy / "campaigns").glob("*/votes"):
        shutil.rmtree(votes)
    return copy


def person_fields(person: Person) -> dict[str, object]:
    """The fields a form carries; a team member's place in its file (`mark`) is not one."""
    fields = dataclasses.asdict(person)
    for member in fields["team"]:
        member.pop("mark")
    return {k: v for k, v in fields.items() if k not in NOT_ON_FORMS}


def loaded(root: Path) -> Content:
    result = load_content(root)
    assert result.content is not None
    assert [p.format(root) for p in result.problems.errors] == []
    return result.content


def test_forms_out_are_what_the_campaign_needs(
    exported: tuple[Path, dict[str, list[Path]]],
) -> None:
    root, written = exported
    content = loaded(root / "content")
    for campaign_id, files in written.items():
        campaign = content.campaigns[campaign_id]
        names = {p.relative_to(root / "forms" / campaign_id).as_posix() for p in files}
        for category in campaign.categories:
            kind = {"person": "推荐表", "window": "申报表", "branch": "推荐表", "team": "申报表"}[
                category.kind
            ]
            assert f"空白表/{campaign.year}年{category.name}{kind}.docx" in names
        filled = [n for n in names if n.startswith("推荐表/")]
        nominations = content.nominations_of(campaign_id)
        assert len(filled) == sum(n.status != "withdrawn" for n in nominations)
        summary = root / "forms" / campaign_id / f"{campaign.name}推荐名单汇总表.xlsx"
        sheet = load_workbook(summary).active
        assert sheet is not None
        assert sheet.max_row == 2 + len(filled)  # the title, the header and a row each
        assert (root / "forms" / campaign_id / f"{campaign.name}名额分配表.xlsx").is_file()


def test_filled_forms_come_back_as_the_records(
    exported: tuple[Path, dict[str, list[Path]]],
) -> None:
    root, written = exported
    original = loaded(root / "content")
    target = empty_copy(root, "empty")
    returned = root / "returned"
    returned.mkdir()
    for campaign_id, files in written.items():
        forms = [p for p in files if p.parent.name in RETURNED]
        edited = []
        for path in forms:
            edited.append(returned / f"{campaign_id}-{path.parent.name}-{path.name}")
            wps_edit(path, edited[-1])
        summary = next(p for p in files if p.name.endswith("汇总表.xlsx"))
        args = ["import", "--content", str(target), campaign_id, *map(str, edited), str(summary)]
        dry = honours_in(root, *args)
        assert dry.exit_code == 0, dry.output
        assert "未写入任何文件" in dry.output
        wrote = honours_in(root, *args, "--write")
        assert wrote.exit_code == 0, wrote.output
        assert "未写入任何文件" not in wrote.output
        ending = "个文件。" if forms else "记录已是最新，没有写入任何文件。"
        assert wrote.output.rstrip().endswith(ending)

    again = loaded(target)
    nominated = [n for n in original.nominations if n.status != "withdrawn"]
    assert sorted(p.name for p in again.people.values()) == sorted(
        p.name for p in original.people.values() if any(n.nominee == p.id for n in nominated)
    )
    by_name = {p.name: p for p in again.people.values()}
    for person in original.people.values():
        if person.name in by_name:
            assert person_fields(by_name[person.name]) | {"id": person.id} == person_fields(
                person
            ), person.id
            assert (by_name[person.name].photo is None) == (person.photo is None), person.id
    names = {p.id: p.name for p in again.people.values()}
    for nomination in nominated:
        name = original.people[nomination.nominee].name
        found = [
            n
            for n in again.nominations
            if n.campaign == nomination.campaign
            and names[n.nominee] == name
            and n.category == nomination.category  # a window may be in two categories
        ]
        assert len(found) == 1, nomination.file_id
        for field in NOMINATION_FIELDS:
            assert getattr(found[0], field) == getattr(nomination, field), (nomination, field)
        assert (found[0].unit or by_name[name].unit) == (
            nomination.unit or original.people[nomination.nominee].unit
        )

    # The same files again: nothing changes.
    before = {p: p.stat().st_mtime_ns for p in target.rglob("*") if p.is_file()}
    for campaign_id in written:
        edited = sorted(returned.glob(f"{campaign_id}-*.docx"))
        if not edited:
            continue
        result = honours_in(
            root, "import", "--content", str(target), campaign_id, *map(str, edited), "--write"
        )
        assert result.exit_code == 0, result.output
        assert "新建 0，修改 0" in result.output
        assert result.output.endswith("记录已是最新，没有写入任何文件。\n")
    assert {p: p.stat().st_mtime_ns for p in target.rglob("*") if p.is_file()} == before


def test_bad_files_are_all_named_and_nothing_is_written(
    exported: tuple[Path, dict[str, list[Path]]], tmp_path: Path
) -> None:
    root, written = exported
    target = empty_copy(root, "bad")
    legacy = tmp_path / "推荐表.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    damaged = tmp_path / "汇总表.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really")
    good = next(p for p in written["2026-most-beautiful"] if p.parent.name == "推荐表")
    sheet_path = next(p for p in written["2026-most-beautiful"] if p.name.endswith("汇总表.xlsx"))
    book = load_workbook(sheet_path)
    sheet = book.active
    assert sheet is not None
    header = [cell.value for cell in sheet[2]]
    unit_column = header.index("工作单位") + 1
    sheet.cell(row=3, column=unit_column, value="不存在的单位")
    broken_sheet = tmp_path / "改过的汇总表.xlsx"
    book.save(broken_sheet)
    letter = sheet.cell(row=3, column=unit_column).column_letter

    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    result = honours_in(
        root,
        "import",
        "--content",
        str(target),
        "2026-most-beautiful",
        str(legacy),
        str(damaged),
        str(good),
        str(broken_sheet),
        "--write",
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(
        line.endswith(
            "推荐表.doc!: 错误：这是旧版 Word 文档（.doc），请在 Word 或 WPS 中“另存为” .docx 后再导入"
        )
        or "推荐表.doc:1:1: 错误：这是旧版 Word 文档（.doc）" in line
        for line in lines
    ), result.output
    assert any(
        "汇总表.xlsx" in line and "文件已损坏或不是 Excel 工作簿（.xlsx）" in line for line in lines
    )
    assert any(
        f"改过的汇总表.xlsx!{letter}3: 错误：" in line and "不存在的单位" in line for line in lines
    ), result.output
    assert "有错误，没有写入任何文件。" in result.output
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == before


def test_what_the_records_would_get_wrong_is_an_error_before_writing(
    exported: tuple[Path, dict[str, list[Path]]], tmp_path: Path
) -> None:
    root, written = exported
    form = next(p for p in written["2026-most-beautiful"] if p.parent.name == "推荐表")
    document = Document(str(form))
    replaced = False
    for table in document.tables:  # the 主要事迹 cell: the one that holds the story's paragraphs
        for row in table.rows:
            for label, value in itertools.pairwise(row.cells):
                if label.text.startswith("主要事迹") and value._tc is not label._tc:
                    replaced = True
                    for paragraph in value.paragraphs[1:]:
                        paragraph._element.getparent().remove(paragraph._element)
                    value.paragraphs[0].text = "只有一句话。"
    assert replaced
    short = tmp_path / "事迹太短.docx"
    document.save(str(short))
    before = {p: p.stat().st_mtime_ns for p in (root / "content").rglob("*") if p.is_file()}
    result = honours_in(root, "import", "2026-most-beautiful", str(short), "--write")
    assert result.exit_code == 1, result.output
    assert "导入后此记录将有错误：" in result.output
    assert "content/campaigns/2026-most-beautiful/" in result.output
    assert "有错误，没有写入任何文件。" in result.output
    assert {p: p.stat().st_mtime_ns for p in (root / "content").rglob("*") if p.is_file()} == before
    assert not list(root.glob(".honours-import-*"))
