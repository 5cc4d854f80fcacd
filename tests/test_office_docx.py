"""Word forms out and back in: the blank and pre-filled forms written with python-docx, opened
again with python-docx to check their table, and read back by label, also after the edits a
unit makes in WPS or Word (other fonts, empty paragraphs, split runs, padded labels, merged
cells, the table nested or split), and with the exact messages for files that are not ours."""

from __future__ import annotations

import io
import re
import zipfile
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from generator.model.loader import load_content
from generator.model.records import Nomination, Person, RecordKind
from generator.office.cells import record_cells
from generator.office.docxform import default_template, read_form, write_form
from generator.office.formtemplate import build_template
from generator.office.layout import DATE_LINE, FIELDS, OPINIONS, SEAL, Key, normalise_label
from generator.office.readings import Reading
from generator.office.storytext import Run, story_markdown, story_runs
from generator.sources.problems import Problems
from tests.conftest import REPO

CONTENT = REPO / "content"
BLANK = {Key.CATEGORY: "最美服务明星"}
RULE = "（不少于1000字）"
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


# --- the story between Markdown and runs -----------------------------------------------


def demo_stories() -> dict[str, str]:
    stories = {}
    for path in sorted(CONTENT.glob("campaigns/*/*.md")):
        if path.name != "index.md":
            text = path.read_text(encoding="utf-8")
            stories[f"{path.parent.name}/{path.name}"] = FRONT_MATTER.sub("", text, count=1)
    return stories


def test_every_demo_story_survives_the_round_trip() -> None:
    stories = demo_stories()
    assert len(stories) >= 40
    bold_paragraphs = 0
    for name, body in stories.items():
        paragraphs = story_runs(body)
        assert story_markdown(paragraphs) == body.strip(), name
        bold_paragraphs += sum(1 for p in paragraphs if p == [Run(p[0].text, bold=True)])
    assert bold_paragraphs > 10  # the subheadings are whole bold paragraphs


def test_story_runs_reads_emphasis_and_headings() -> None:
    assert story_runs("**小标题**\n\n普通*强调*文字**加粗**。\n\n## 二级标题") == [
        [Run("小标题", bold=True)],
        [Run("普通"), Run("强调", italic=True), Run("文字"), Run("加粗", bold=True), Run("。")],
        [Run("二级标题", bold=True)],
    ]
    assert story_runs("a***b***c") == [[Run("a"), Run("b", True, True), Run("c")]]
    assert story_runs("每天工作8*2小时，**未闭合") == [[Run("每天工作8*2小时，**未闭合")]]
    assert story_runs("  \n\n") == []


def test_story_markdown_merges_runs_and_escapes_only_what_would_be_markup() -> None:
    paragraphs = [
        [Run("　　首行"), Run("缩进"), Run(" ", bold=True), Run("文字")],
        [],
        [Run("一", bold=True), Run("二", bold=True), Run("三", bold=True, italic=True)],
        [Run("5*8小时")],
        [Run("*星号*")],
        [Run("# 不是标题")],
        [Run("加粗 ", bold=True), Run("其后")],
    ]
    assert story_markdown(paragraphs) == (
        "首行缩进 文字\n\n**一二*三***\n\n5*8小时\n\n\\*星号\\*\n\n\\# 不是标题\n\n**加粗** 其后"
    )


TEXT = st.text(alphabet="示例文字窗口ab1 ，。“”#\\_", min_size=1, max_size=8)
RUNS = st.lists(st.builds(Run, TEXT, st.booleans(), st.booleans()), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(RUNS, min_size=1, max_size=4))
def test_story_round_trip_property(paragraphs: list[list[Run]]) -> None:
    markdown = story_markdown(paragraphs)
    back = story_runs(markdown)
    assert story_markdown(back) == markdown
    # Every visible character keeps its formatting; whitespace may move out of a span.
    assert styled(back) == [styled([p])[0] for p in paragraphs if styled([p])[0]]


def styled(paragraphs: list[list[Run]]) -> list[list[tuple[str, bool, bool]]]:
    return [
        [(c, r.bold, r.italic) for r in runs for c in r.text if not c.isspace()]
        for runs in paragraphs
    ]


# --- forms written and read -------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    kind: RecordKind
    person: Person
    nomination: Nomination
    heading: str
    cells: dict[Key, str]


@pytest.fixture(scope="module")
def demo() -> list[Case]:
    loaded = load_content(CONTENT)
    content = loaded.content
    assert content is not None
    cases = []
    for nomination in content.nominations:
        person = content.people[nomination.nominee]
        campaign = content.campaigns[nomination.campaign]
        category = campaign.category(nomination.category)
        assert category is not None
        phone = loaded.private.people.get(person.id, {}).get("phone")
        cells = record_cells(person, nomination, campaign, content.units, phone)
        heading = f"{campaign.year}年{category.name}推荐表"
        cases.append(Case(person.kind, person, nomination, heading, cells))
    assert {case.kind for case in cases} == set(RecordKind)
    return cases


def first_of(demo: list[Case], kind: RecordKind) -> Case:
    return next(case for case in demo if case.kind is kind and case.person.photo)


def written(case: Case, out: Path) -> Path:
    write_form(
        out,
        kind=case.kind,
        heading=case.heading,
        cells=case.cells,
        photo=case.person.photo,
        story_rule=RULE,
    )
    return out


def expected(case: Case) -> dict[Key, str]:
    """What a form of the case's kind carries: every field but the photo, as written."""
    keys = [f.key for f in FIELDS[case.kind] if f.key is not Key.PHOTO]
    return {key: case.cells[key].strip() for key in keys}


def read(path: Path) -> Reading:
    problems = Problems()
    reading = read_form(path, problems)
    assert problems.items == []
    assert reading is not None
    return reading


def cell_texts(document: docx.document.Document) -> list[str]:
    return [
        normalise_label(cell.text)
        for table in document.tables
        for row in table.rows
        for cell in row.cells
    ]


@pytest.mark.parametrize("kind", list(RecordKind))
def test_blank_form_is_an_a4_table_of_labels_with_opinion_boxes(
    kind: RecordKind, tmp_path: Path
) -> None:
    out = tmp_path / f"{kind}.docx"
    write_form(out, kind=kind, heading="2026年最美服务明星推荐表", cells=BLANK)
    document = docx.Document(str(out))

    section = document.sections[0]
    sizes = (section.page_width, section.page_height, section.left_margin, section.top_margin)
    assert [round(size / Cm(1), 2) for size in sizes] == [21, 29.7, 2.5, 2.5]
    title = document.paragraphs[0]
    assert title.text == "2026年最美服务明星推荐表"
    assert title.style is not None and title.style.name == "Title"
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER

    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.style is not None and table.style.name == "Table Grid"
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert [b.get(qn("w:val")) for b in borders] == ["single"] * 6
    texts = cell_texts(document)
    for item in FIELDS[kind]:
        assert item.label in texts, item.label
    assert "最美服务明星" in texts

    # Every label bold, in 宋体 for Chinese; each opinion box ends with the seal and date.
    label_cells = [
        cell
        for row in table.rows
        for cell in row.cells
        if normalise_label(cell.text) in {f.label for f in FIELDS[kind]} | set(OPINIONS)
    ]
    for cell in label_cells:
        for run in cell.paragraphs[0].runs:
            assert run.bold
            assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    for opinion in OPINIONS:
        row = next(r for r in table.rows if normalise_label(r.cells[0].text) == opinion)
        box = row.cells[1].paragraphs
        assert [p.text for p in box[-2:]] == [SEAL, DATE_LINE]
        assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in box[-2:])
        assert row.cells[-1]._tc is row.cells[1]._tc  # the box spans the row
    # The photo box spans several rows at the right.
    photo_rows = [r for r in table.rows if normalise_label(r.cells[-1].text) == "照片"]
    assert len(photo_rows) >= 4

    reading = read(out)
    assert reading.kind is kind
    assert reading.cells == {
        k: ("最美服务明星" if k is Key.CATEGORY else "") for k in expected_keys(kind)
    }
    assert reading.story == ""
    assert reading.photo is None
    assert reading.places == {f.key: f"“{f.label}”栏" for f in FIELDS[kind]}


def expected_keys(kind: RecordKind) -> list[Key]:
    return [f.key for f in FIELDS[kind] if f.key is not Key.PHOTO]


@pytest.mark.parametrize("kind", list(RecordKind))
def test_shipped_templates_are_the_built_ones(kind: RecordKind) -> None:
    shipped = docx.Document(str(default_template(kind)))
    assert cell_texts(shipped) == cell_texts(build_template(kind))
    assert shipped.paragraphs[0].style is not None
    assert shipped.paragraphs[0].style.name == "Title"


def test_every_demo_nomination_reads_back_as_written(demo: list[Case], tmp_path: Path) -> None:
    for index, case in enumerate(demo):
        reading = read(written(case, tmp_path / f"{index}.docx"))
        assert reading.kind is case.kind
        assert reading.cells == expected(case), case.nomination.file_id
        if case.nomination.summary is not None:  # the box holds the summary; the story apart
            assert reading.box_text == case.nomination.summary.strip()
        else:
            assert reading.story == case.nomination.story.strip()
        assert reading.places[Key.STORY] == "“主要事迹”栏"
        assert reading.photo is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{i}.docx" for i in range(len(demo))
    )  # no temporary file left behind


@pytest.mark.parametrize("kind", list(RecordKind))
def test_prefilled_form_has_the_values_the_photo_and_the_rule(
    demo: list[Case], kind: RecordKind, tmp_path: Path
) -> None:
    case = first_of(demo, kind)
    out = written(case, tmp_path / "form.docx")
    document = docx.Document(str(out))
    table = document.tables[0]
    assert document.paragraphs[0].text == case.heading
    texts = [cell.text for row in table.rows for cell in row.cells]
    assert case.cells[Key.NAME] in texts
    assert f"主要事迹\n{RULE}" in texts
    # The honours one a line, as separate paragraphs.
    honours = next(r.cells[1] for r in table.rows if r.cells[0].text == "所获主要荣誉")
    lines = case.cells[Key.HONOURS].split("\n")
    assert [p.text for p in honours.paragraphs] == lines
    # The story's subheadings bold.
    story = next(r.cells[1] for r in table.rows if r.cells[0].text.startswith("主要事迹"))
    bold = [p.text for p in story.paragraphs if p.runs and all(r.bold for r in p.runs)]
    assert bold == [p[0].text for p in story_runs(case.cells[Key.STORY]) if p[0].bold]
    # The photo in the photo box (top right), small, upright, without EXIF.
    photo_cell = table.rows[0].cells[-1]
    blips = photo_cell._tc.findall(".//" + qn("a:blip"))
    assert len(blips) == 1
    extent = photo_cell._tc.find(".//" + qn("wp:extent"))
    assert int(extent.get("cx")) <= Cm(3.5) + 1 and int(extent.get("cy")) <= Cm(4.5) + 1
    part = document.part.related_parts[blips[0].get(qn("r:embed"))]
    with Image.open(io.BytesIO(part.blob)) as image:
        assert image.format == "JPEG"
        assert image.width <= 413 and image.height <= 531
        assert not image.getexif()
        original = Image.open(case.person.photo)
        assert (image.width > image.height) == (original.width > original.height)

    reading = read(out)
    assert reading.photo is not None and reading.photo.suffix == ".jpg"
    assert reading.photo.data == part.blob
    with Image.open(io.BytesIO(reading.photo.data)) as image:
        image.load()


# --- as units return them ---------------------------------------------------------------


def wps_edits(path: Path) -> None:
    """What WPS and hand editing do to a form: 仿宋 everywhere, empty paragraphs around each
    cell's text, runs split mid-word, "姓  名：" padded, 出生年月 typed in two runs, two empty
    cells merged."""
    document = docx.Document(str(path))
    body = document.element.body
    for r in body.iter(qn("w:r")):
        fonts = r.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), "仿宋")
    table = document.tables[0]
    # Merge the empty values of 民族 and 入党时间 (one above the other).
    ethnicity = cell_after(table, "民族")
    joined = cell_after(table, "入党时间")
    assert ethnicity.text == joined.text == ""
    ethnicity.merge(joined)
    for tc in list(body.iter(qn("w:tc"))):
        paragraphs = tc.findall(qn("w:p"))
        if paragraphs:
            paragraphs[0].addprevious(OxmlElement("w:p"))
            paragraphs[-1].addnext(OxmlElement("w:p"))
    for p in body.iter(qn("w:p")):
        for r in list(p.findall(qn("w:r"))):
            t = r.find(qn("w:t"))
            if t is not None and t.text and len(t.text) > 3:
                second = deepcopy(r)
                second.find(qn("w:t")).text = t.text[2:]
                t.text = t.text[:2]
                r.addnext(second)
    for row in table.rows:
        for cell in row.cells:
            if cell.text.strip() == "姓名":
                cell.paragraphs[-2].runs[0].text = "姓  名："
    document.save(str(path))


def cell_texts_raw(document: docx.document.Document) -> list[str]:
    return [c.text.strip() for t in document.tables for r in t.rows for c in r.cells]


def cell_after(table: docx.table.Table, label: str) -> docx.table._Cell:
    for row in table.rows:
        cells = row.cells
        for index, cell in enumerate(cells):
            if normalise_label(cell.text) == label:
                return cells[index + 1]
    raise AssertionError(label)


def test_a_form_edited_in_wps_reads_the_same(demo: list[Case], tmp_path: Path) -> None:
    case = first_of(demo, RecordKind.PERSON)
    cells = {**case.cells, Key.ETHNICITY: "", Key.JOINED_PARTY: ""}
    case = Case(case.kind, case.person, case.nomination, case.heading, cells)
    out = written(case, tmp_path / "form.docx")
    wps_edits(out)
    document = docx.Document(str(out))
    assert "姓  名：" in cell_texts_raw(document)
    assert "出生年月" in cell_texts_raw(document)
    assert len(document.element.body.findall(".//" + qn("w:vMerge"))) >= 2

    reading = read(out)
    assert reading.cells == expected(case)
    assert reading.story == case.nomination.story.strip()
    assert reading.places[Key.NAME] == "“姓名”栏"
    assert reading.photo is not None


def test_a_form_split_in_two_tables_or_nested_in_one_reads_the_same(
    demo: list[Case], tmp_path: Path
) -> None:
    case = first_of(demo, RecordKind.WINDOW)
    split = written(case, tmp_path / "split.docx")
    document = docx.Document(str(split))
    table = document.tables[0]._tbl
    second = deepcopy(table)
    rows, second_rows = table.findall(qn("w:tr")), second.findall(qn("w:tr"))
    for tr in rows[7:]:
        table.remove(tr)
    for tr in second_rows[:7]:
        second.remove(tr)
    gap = OxmlElement("w:p")
    table.addnext(gap)
    gap.addnext(second)
    document.save(str(split))
    assert len(docx.Document(str(split)).tables) == 2
    assert read(split).cells == expected(case)

    nested = written(case, tmp_path / "nested.docx")
    document = docx.Document(str(nested))
    inner = document.tables[0]._tbl
    outer = document.add_table(rows=1, cols=1)
    inner.addprevious(outer._tbl)
    cell = outer._tbl.find(".//" + qn("w:tc"))
    cell.insert(1, inner)
    document.save(str(nested))
    assert len(docx.Document(str(nested)).tables) == 1
    reading = read(nested)
    assert reading.cells == expected(case)
    assert reading.story == case.nomination.story.strip()
    assert reading.photo is not None


def test_a_centre_template_restyled_and_reordered_still_fills_and_reads(
    demo: list[Case], tmp_path: Path
) -> None:
    """A centre moves rows, renames a label to an alias, and loses the Title style."""
    template = tmp_path / "centre.docx"
    document = build_template(RecordKind.BRANCH)
    table = document.tables[0]._tbl
    rows = table.findall(qn("w:tr"))
    honours = next(tr for tr in rows if "所获主要荣誉" in "".join(tr.itertext()))
    subtitle = next(tr for tr in rows if "副标题" in "".join(tr.itertext()))
    subtitle.addnext(honours)  # 所获主要荣誉 now after 副标题
    for t in honours.iter(qn("w:t")):
        if t.text == "所获主要荣誉":
            t.text = "获奖情况"
    document.paragraphs[0].style = document.styles["Normal"]
    document.save(str(template))

    case = first_of(demo, RecordKind.BRANCH)
    out = tmp_path / "form.docx"
    write_form(out, kind=case.kind, heading=case.heading, cells=case.cells, template=template)
    written_document = docx.Document(str(out))
    assert written_document.paragraphs[0].text == case.heading
    reading = read(out)
    assert reading.cells == expected(case)
    assert reading.places[Key.HONOURS] == "“所获主要荣誉”栏"
    assert reading.photo is None


def test_a_photo_pasted_elsewhere_or_as_png_is_found(tmp_path: Path) -> None:
    out = tmp_path / "form.docx"
    write_form(out, kind=RecordKind.PERSON, heading="推荐表", cells=BLANK)
    document = docx.Document(str(out))
    png = io.BytesIO()
    Image.new("RGB", (30, 40), (200, 10, 10)).save(png, "PNG")
    png.seek(0)
    story = cell_after(document.tables[0], "主要事迹")
    story.paragraphs[0].add_run().add_picture(png, width=Cm(1))
    document.save(str(out))
    reading = read(out)
    assert reading.photo is not None and reading.photo.suffix == ".png"
    assert reading.photo.data == png.getvalue()
    assert reading.story == ""


def test_a_picture_that_is_no_image_is_named(demo: list[Case], tmp_path: Path) -> None:
    out = written(first_of(demo, RecordKind.PERSON), tmp_path / "form.docx")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("word/media/"):
                data = b"not a picture"
            target.writestr(item, data)
    problems = Problems()
    reading = read_form(broken, problems)
    assert reading is not None and reading.photo is None
    assert [p.format(tmp_path) for p in problems.items] == [
        "broken.docx!“照片”栏: 错误：照片无法识别：请在“照片”栏插入 JPG 或 PNG 格式的照片"
    ]


def test_someone_elses_layout_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "申报材料.docx"
    document = docx.Document()
    document.add_paragraph("项目申报书")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(
        table._cells, ["项目名称", "智慧大厅", "申报金额", "30万元"], strict=True
    ):
        cell.text = text
    document.save(str(other))
    no_table = tmp_path / "通知.docx"
    document = docx.Document()
    document.add_paragraph("关于开展评选活动的通知")
    document.save(str(no_table))

    problems = Problems()
    assert read_form(other, problems) is None
    assert read_form(no_table, problems) is None
    message = (
        "不是本系统的推荐表：找不到“姓名”“窗口名称”“党支部名称”或“集体名称”栏，"
        "请使用 honours forms 生成的表格填写"
    )
    assert [p.format(tmp_path) for p in problems.items] == [
        f"申报材料.docx:1:1: 错误：{message}",
        f"通知.docx:1:1: 错误：{message}",
    ]


def test_a_file_that_is_not_a_word_document_is_an_error(tmp_path: Path) -> None:
    fake = tmp_path / "推荐表.docx"
    fake.write_text("这不是 Word 文档", encoding="utf-8")
    problems = Problems()
    assert read_form(fake, problems) is None
    assert [p.format(tmp_path) for p in problems.items] == [
        "推荐表.docx:1:1: 错误：无法读取：文件已损坏，或不是 Word 文档（.docx），"
        "请在 Word 或 WPS 中打开后另存为 .docx"
    ]


def test_writing_again_replaces_the_form(demo: list[Case], tmp_path: Path) -> None:
    case = first_of(demo, RecordKind.PERSON)
    out = tmp_path / "forms" / "form.docx"
    write_form(out, kind=case.kind, heading="旧标题", cells=BLANK)
    write_form(out, kind=case.kind, heading=case.heading, cells=case.cells)
    assert docx.Document(str(out)).paragraphs[0].text == case.heading
    assert [p.name for p in out.parent.iterdir()] == ["form.docx"]
    assert read(out).cells == expected(case)
