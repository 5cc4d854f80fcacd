"""Two texts in the office round trip: where a category asks for a summary (the form's 主要事迹
box, 200—400字), the form carries the summary and the story goes out as its own 事迹材料
document; both come back through `honours import` into the fields they came from."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.model.loader import load_content
from generator.model.records import Content
from tests.conftest import SiteProject, honours_in

SUMMARY = "该同志扎根窗口一线，\n热情服务群众，办件零差错。"
STORY = "**扎根一线**\n\n他在窗口工作十年，" + "热情服务群众，" * 30


def _content(root: Path) -> Content:
    result = load_content(root)
    assert [p.format(root) for p in result.problems.errors] == []
    assert result.content is not None
    return result.content


@pytest.fixture
def asked(project: SiteProject) -> SiteProject:
    """The base project, its person category asking for a 主要事迹 of 10—200 characters on the
    form and a story of at least 100 as 事迹材料."""
    project.edit(
        "campaigns/2026-model-post/index.md",
        "    deeds: {min: 100, max: 800, recommended: 150}",
        "    deeds: {min: 100, max: 800}\n    summary: {min: 10, max: 200}",
    )
    project.write(
        "campaigns/2026-model-post/wang-xiaoming.md",
        f"""---
category: model-post
title: 把群众的事当成自己的事
subtitle: 记综合受理岗王晓明
code: 7
status: candidate
summary: |
  {SUMMARY.splitlines()[0]}
  {SUMMARY.splitlines()[1]}
---
{STORY}
""",
    )
    return project


def _exported(project: SiteProject) -> Path:
    result = honours_in(project.root, "forms", "2026-model-post")
    assert result.exit_code == 0, result.output
    return project.root / "forms" / "2026-model-post"


def _box(path: Path) -> tuple[str, str]:
    """The form's 主要事迹 label (with its rule) and the box's text."""
    document = Document(str(path))
    for table in document.tables:
        for row in table.rows:
            cells = row.cells
            for left, right in itertools.pairwise(cells):
                if left.text.startswith("主要事迹"):
                    return left.text, right.text
    raise AssertionError("no 主要事迹 box")


def test_the_form_carries_the_summary_and_the_story_its_own_document(
    asked: SiteProject,
) -> None:
    out = _exported(asked)
    label, box = _box(out / "推荐表" / "优秀党员示范岗-王晓明-wang-xiaoming.docx")
    assert label == "主要事迹\n（10—200字）"
    assert box == SUMMARY
    story = Document(str(out / "事迹材料" / "优秀党员示范岗-王晓明-wang-xiaoming.docx"))
    texts = [p.text for p in story.paragraphs if p.text.strip()]
    assert texts[:6] == [
        "把群众的事当成自己的事",
        "——记综合受理岗王晓明",
        "评选类别：优秀党员示范岗",
        "推荐对象：王晓明",
        "工作单位：办事大厅",
        "事迹材料（100—800字）",
    ]
    assert texts[6] == "扎根一线"
    assert story.paragraphs[[p.text for p in story.paragraphs].index("扎根一线")].runs[0].bold
    assert texts[7].startswith("他在窗口工作十年，")
    blank = out / "空白表" / "2026年优秀党员示范岗事迹材料.docx"
    assert [p.text for p in Document(str(blank)).paragraphs if p.text.strip()][:4] == [
        "（主标题）",
        "——（副标题）",
        "评选类别：优秀党员示范岗",
        "推荐对象：",
    ]
    # The window category asks for no summary: its form's box holds the story, as before.
    label, box = _box(out / "推荐表" / "最美服务窗口-税务综合窗口-tax-window.docx")
    assert label == "主要事迹"
    assert box.startswith("他扎根窗口一线")
    assert not (out / "事迹材料" / "最美服务窗口-税务综合窗口-tax-window.docx").exists()


def _wps(path: Path, out: Path) -> None:
    """Another font on every run and an empty paragraph after each, as WPS saves it."""
    document = Document(str(path))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for paragraph in paragraphs:
        for run in paragraph.runs:
            run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "楷体")
    document.add_paragraph("")
    document.save(str(out))


def test_both_documents_come_back_into_their_fields(asked: SiteProject, tmp_path: Path) -> None:
    out = _exported(asked)
    original = _content(asked.content).nominations_of("2026-model-post")
    target = tmp_path / "empty"
    shutil.copytree(asked.content, target)
    (target / "campaigns" / "2026-model-post" / "wang-xiaoming.md").unlink()
    returned = []
    for folder in ("推荐表", "事迹材料"):
        source = out / folder / "优秀党员示范岗-王晓明-wang-xiaoming.docx"
        returned.append(tmp_path / f"{folder}.docx")
        _wps(source, returned[-1])
    args = ["import", "--content", str(target), "2026-model-post", *map(str, returned)]
    result = honours_in(asked.root, *args, "--write")
    assert result.exit_code == 0, result.output
    again = {n.file_id: n for n in _content(target).nominations_of("2026-model-post")}
    before = next(n for n in original if n.file_id == "wang-xiaoming")
    after = again["wang-xiaoming"]
    assert (after.summary, after.story, after.title, after.subtitle) == (
        before.summary,
        before.story,
        before.title,
        before.subtitle,
    )
    text = (target / "campaigns" / "2026-model-post" / "wang-xiaoming.md").read_text("utf-8")
    assert "summary: |-\n  该同志扎根窗口一线，\n  热情服务群众，办件零差错。\n" in text
    again_result = honours_in(asked.root, *args, "--write")
    assert "新建 0，修改 0" in again_result.output, again_result.output


def test_a_new_summary_is_a_change_named_in_the_table(asked: SiteProject, tmp_path: Path) -> None:
    out = _exported(asked)
    form = out / "推荐表" / "优秀党员示范岗-王晓明-wang-xiaoming.docx"
    document = Document(str(form))
    for table in document.tables:
        for row in table.rows:
            cells = row.cells
            for left, right in itertools.pairwise(cells):
                if left.text.startswith("主要事迹"):
                    right.paragraphs[0].text = "改写后的主要事迹，共二十个字左右的内容。"
                    for extra in right.paragraphs[1:]:
                        extra._p.getparent().remove(extra._p)
    edited = tmp_path / "改过的推荐表.docx"
    document.save(str(edited))
    result = honours_in(asked.root, "import", "2026-model-post", str(edited))
    assert result.exit_code == 0, result.output
    assert "主要事迹" in result.output and "（已改写）" in result.output
    assert "事迹材料" not in result.output  # the story is not on the form: left as it is
    story = asked.content / "campaigns" / "2026-model-post" / "wang-xiaoming.md"
    assert "summary: |" in story.read_text("utf-8")  # a dry run writes nothing


def test_a_units_own_story_document_is_read_by_its_lines(
    asked: SiteProject, tmp_path: Path
) -> None:
    """A 事迹材料 a unit typed itself: other labels (姓名, 单位), no rule line, a plain dash."""
    document = Document()
    document.add_paragraph("窗口里的暖心人")
    document.add_paragraph("—记王晓明同志")
    document.add_paragraph("姓  名：王晓明")
    document.add_paragraph("单位：办事大厅")
    document.add_paragraph("　　他在窗口工作十年，" + "耐心细致，" * 30)
    path = tmp_path / "王晓明事迹.docx"
    document.save(str(path))
    result = honours_in(asked.root, "import", "2026-model-post", str(path), "--write")
    assert result.exit_code == 0, result.output
    nomination = next(
        n
        for n in _content(asked.content).nominations_of("2026-model-post")
        if n.file_id == "wang-xiaoming"
    )
    assert nomination.title == "窗口里的暖心人"
    assert nomination.subtitle == "记王晓明同志"
    assert nomination.story.startswith("他在窗口工作十年，耐心细致，")
    assert nomination.summary == SUMMARY  # kept: the document has no 主要事迹
