"""The 事迹材料: a nomination's long story as its own Word document, beside the form.

Where a category has a `summary:` rule, the form's 主要事迹 box holds the short summary
(200—400字) and the story goes to units as a separate document, as the notices ask (并附一份
800字左右先进事迹材料；材料要有主标题也要有副标题). The document is the main title, the
subtitle (——副标题), three lines naming the category, the nominee and the unit, then the story
in paragraphs, its bold and italic kept. A returned one is read back by those lines, whatever
fonts or spacing a unit's WPS gave it.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from .docxform import Styles, save_document
from .layout import CATEGORY, UNIT, Key
from .readings import Reading
from .storytext import story_markdown, story_runs

STORY_DOCUMENT = "事迹材料"
NOMINEE_LABELS = ("推荐对象", "姓名", "窗口名称", "党支部名称", "名称")
TITLE_PLACEHOLDER = "（主标题）"
SUBTITLE_PLACEHOLDER = "——（副标题）"
_DASHES = re.compile(r"^[—–\-－─]+\s*")
_LABELLED = re.compile(r"^\s*([^：:]{1,8}?)\s*[：:]\s*(.*?)\s*$")
_BODY_FONT, _TITLE_FONT = "仿宋_GB2312", "方正小标宋简体"


def write_story_document(
    out: Path,
    *,
    category: str,
    name: str,
    unit: str,
    title: str | None,
    subtitle: str | None,
    story: str,
    rule: str = "",
) -> None:
    """The 事迹材料 of one nomination (or, with an empty `name`, a blank one to fill in),
    written atomically. `story` is Markdown; `rule` (（800字左右）) goes under the lines."""
    document = docx.Document()
    _fonts(document)
    _centred(document, title or TITLE_PLACEHOLDER, Pt(22), _TITLE_FONT)
    _centred(document, f"——{subtitle}" if subtitle else SUBTITLE_PLACEHOLDER, Pt(16), _BODY_FONT)
    for label, value in ((CATEGORY.label, category), ("推荐对象", name), (UNIT.label, unit)):
        document.add_paragraph(f"{label}：{value}")
    if rule:
        document.add_paragraph(f"{STORY_DOCUMENT}{rule}")
    for runs in story_runs(story):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
        for item in runs:
            run = paragraph.add_run(item.text)
            run.bold = item.bold or None
            run.italic = item.italic or None
    document.core_properties.title = title or STORY_DOCUMENT
    document.core_properties.subject = STORY_DOCUMENT
    save_document(document, out)


def read_story_document(path: Path) -> Reading | None:
    """What a returned 事迹材料 says (category, nominee, unit, titles, the story as Markdown);
    None when the file is not one (a form, or any other document): the caller reads it as a
    form, with that reader's messages."""
    try:
        document = docx.Document(str(path))
    except Exception:  # reported by the form's reader, which the caller tries next
        return None
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    labelled = [_labelled(p.text) for p in paragraphs]
    lines = [i for i, found in enumerate(labelled) if found is not None]
    if not any(found is not None and found[0] is Key.NAME for found in labelled):
        return None
    first, last = lines[0], lines[-1]
    reading = Reading(source=path, kind=None, story_document=True)
    for index in lines:
        found = labelled[index]
        assert found is not None
        key, value = found
        reading.cells[key] = value
        reading.places[key] = f"“{STORY_DOCUMENT}”中的“{paragraphs[index].text.strip()[:12]}”"
    heading = [p.text.strip() for p in paragraphs[:first]]
    title = heading[0] if heading else ""
    subtitle = _DASHES.sub("", heading[1]) if len(heading) > 1 else ""
    if title and title != TITLE_PLACEHOLDER:
        reading.cells[Key.TITLE] = title
    if subtitle and f"——{subtitle}" != SUBTITLE_PLACEHOLDER:
        reading.cells[Key.SUBTITLE] = subtitle
    styles = Styles(document)
    body = paragraphs[last + 1 :]
    if body and body[0].text.strip().startswith(STORY_DOCUMENT):  # the length rule's line
        body = body[1:]
    reading.story = story_markdown([styles.runs(p._p) for p in body])
    return reading


def _labelled(text: str) -> tuple[Key, str] | None:
    match = _LABELLED.match(text)
    if match is None:
        return None
    label = re.sub(r"\s+", "", match.group(1))
    if label in CATEGORY.labels:
        return Key.CATEGORY, match.group(2)
    if label in NOMINEE_LABELS:
        return Key.NAME, match.group(2)
    if label in UNIT.labels:
        return Key.UNIT, match.group(2)
    return None


def _fonts(document: Document) -> None:
    """Body text in 仿宋 三号, as official documents are set (Word substitutes a font the
    machine lacks)."""
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = _BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _BODY_FONT)


def _centred(document: Document, text: str, size: Pt, font: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = size
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
