"""The blank 推荐表 / 申报表 of each kind, as the package ships it in `theme/office/`.

A form is what units know from paper: an A4 page, a centred title, one bordered table of
label cells each followed by its value cell, the photo box at the top right, the story in a
tall cell, and the opinion boxes at the foot, each with its seal and date. The shipped files
are made by `python -m generator.office.formtemplate`; a centre restyles a copy in Word and
puts it in its own theme. Nothing reads these files by position: `docxform` finds every
cell by its label, so a centre may move, widen, or re-font any of them.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ..model.records import RecordKind
from .layout import DATE_LINE, FIELDS, FORM_NAMES, OPINIONS, SEAL, FormField, Key

TITLE_STYLE = "Title"  # the heading's paragraph style: `docxform` finds the title by it
KEPT_STYLES = frozenset({"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"})
KEPT_STYLES |= {TITLE_STYLE}
BODY_FONT = "宋体"
TITLE_FONT = "黑体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = 24  # half-points: 12 pt, 小四
TITLE_SIZE = 36  # 18 pt, 小二
MARGIN = Cm(2.5)
# Label, value, label, value, photo: 16 cm, the width between A4's margins.
COLUMNS = (Cm(3.0), Cm(3.2), Cm(2.6), Cm(3.2), Cm(4.0))
ROW = Cm(1.0)
TALL = {Key.HONOURS: Cm(2.4), Key.TEAM_MEMBERS: Cm(2.4), Key.STORY: Cm(11.0)}
OPINION_ROW = Cm(3.6)
# Fields whose values are long: a row of their own, the value across the table.
WIDE = frozenset(
    {
        Key.CATEGORY,
        Key.NOMINATOR,
        Key.UNIT,
        Key.HONOURS,
        Key.TITLE,
        Key.SUBTITLE,
        Key.STORY,
        Key.TEAM_MEMBERS,
        Key.CITATION,
    }
)


def build_template(kind: RecordKind) -> Document:
    """The blank form of `kind`: title "推荐表" (the writer puts the real heading there)."""
    document = docx.Document()
    _lean(document)
    _page(document)
    _styles(document)
    properties = document.core_properties
    properties.author = properties.last_modified_by = properties.comments = ""
    properties.title = FORM_NAMES[kind]
    properties.revision = 1
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    _settings(document)

    title = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    title.style = document.styles[TITLE_STYLE]
    title.add_run(FORM_NAMES[kind])

    fields = FIELDS[kind]
    photo_at = next(i for i, f in enumerate(fields) if f.key is Key.PHOTO)
    top = _pairs(kind, fields[:photo_at])
    bottom = fields[photo_at + 1 :]
    table = document.add_table(rows=len(top) + len(bottom) + len(OPINIONS), cols=len(COLUMNS))
    _table_frame(table)

    for index, pair in enumerate(top):
        cells = table.rows[index].cells
        _label(cells[0], pair[0].label)
        if len(pair) == 2:
            _label(cells[2], pair[1].label)
            _value(cells[1], centred=True)
            _value(cells[3], centred=True)
        else:
            _value(cells[1].merge(cells[3]), centred=pair[0].key not in WIDE)
    photo = table.cell(0, 4).merge(table.cell(len(top) - 1, 4))
    _label(photo, fields[photo_at].label)

    for index, item in enumerate(bottom, start=len(top)):
        row = table.rows[index]
        cells = row.cells
        _label(cells[0], item.label)
        value = cells[1].merge(cells[4])
        _value(value, centred=False, story=item.key is Key.STORY)
        if item.key in TALL:
            row.height = TALL[item.key]
        if item.key is Key.STORY:
            value.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    for index, opinion in enumerate(OPINIONS, start=len(top) + len(bottom)):
        row = table.rows[index]
        cells = row.cells
        _label(cells[0], opinion)
        _opinion(cells[1].merge(cells[4]))
        row.height = OPINION_ROW
    return document


def _pairs(kind: RecordKind, fields: tuple[FormField, ...]) -> list[tuple[FormField, ...]]:
    """The rows beside the photo: two short fields a row, a long one (or a lone short one)
    across the row. A person's name is short; a window's, a branch's or a team's is long."""
    rows: list[tuple[FormField, ...]] = []
    waiting: FormField | None = None
    for item in fields:
        wide = item.key in WIDE or (item.key is Key.NAME and kind is not RecordKind.PERSON)
        if wide:
            if waiting:
                rows.append((waiting,))
                waiting = None
            rows.append((item,))
        elif waiting:
            rows.append((waiting, item))
            waiting = None
        else:
            waiting = item
    if waiting:
        rows.append((waiting,))
    return rows


def _lean(document: Document) -> None:
    """Only what the form uses: python-docx's default package carries 800 KB of style
    definitions (every built-in style, twice), a numbering part, custom XML and a thumbnail
    of another document. Parsing and writing those would be most of the time every form
    takes; Word and WPS add back whatever a unit's editing needs."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in ("stylesWithEffects", "customXml", "numbering"):
            document.part.rels.pop(rid)
    styles = document.styles.element
    for style in list(styles.iter(qn("w:style"))):
        if style.get(qn("w:styleId")) not in KEPT_STYLES:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    title = document.styles[TITLE_STYLE].element
    link = title.find(qn("w:link"))
    if link is not None:
        title.remove(link)


def _settings(document: Document) -> None:
    """Chinese as the theme's East Asian language, tab stops of two characters, and no
    preview picture saved into every form."""
    settings = document.settings.element
    language = settings.find(qn("w:themeFontLang"))
    if language is not None:
        language.set(qn("w:eastAsia"), "zh-CN")
    tab = settings.find(qn("w:defaultTabStop"))
    if tab is not None:
        tab.set(qn("w:val"), "420")
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:
        settings.remove(preview)


def _page(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = MARGIN
    section.left_margin = section.right_margin = MARGIN


def _styles(document: Document) -> None:
    """Every text in 宋体 小四 with Chinese as its language, no space after paragraphs; the
    title in 黑体 小二, centred, without the default template's blue rule."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(run_defaults):
        run_defaults.remove(child)
    run_defaults.append(_fonts(BODY_FONT))
    for tag in ("w:sz", "w:szCs"):
        run_defaults.append(_valued(tag, str(BODY_SIZE)))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    run_defaults.append(lang)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    style = document.styles[TITLE_STYLE]
    paragraph = style.element.find(qn("w:pPr"))
    for child in list(paragraph):
        paragraph.remove(child)
    formats = style.paragraph_format
    formats.alignment = WD_ALIGN_PARAGRAPH.CENTER
    formats.space_before = Pt(0)
    formats.space_after = Pt(18)
    run = style.element.find(qn("w:rPr"))
    for child in list(run):
        run.remove(child)
    run.append(_fonts(TITLE_FONT))
    run.append(_valued("w:b", None))
    for tag in ("w:sz", "w:szCs"):
        run.append(_valued(tag, str(TITLE_SIZE)))


def _table_frame(table: Table) -> None:
    """Table Grid, and the borders and widths written out: WPS ignores a style's borders
    when it lacks the style, and a fixed layout keeps Word from resizing the columns."""
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    properties = table._tbl.tblPr
    width = properties.find(qn("w:tblW"))
    width.set(qn("w:w"), str(sum(c.twips for c in COLUMNS)))
    width.set(qn("w:type"), "dxa")
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        outer = side in ("top", "left", "bottom", "right")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), "8" if outer else "4")
        border.set(qn("w:space"), "0")
        border.set(qn("w:color"), "000000")
        borders.append(border)
    # In the schema's order: tblBorders before shd, tblLayout, tblCellMar and tblLook.
    later = [properties.find(qn(f"w:{tag}")) for tag in ("shd", "tblLayout", "tblCellMar")]
    later.append(properties.find(qn("w:tblLook")))
    anchor = next((element for element in later if element is not None), None)
    if anchor is None:
        properties.append(borders)
    else:
        anchor.addprevious(borders)
    for column, width_value in zip(table.columns, COLUMNS, strict=True):
        column.width = width_value
    for row in table.rows:
        row.height = ROW
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell, width_value in zip(row.cells, COLUMNS, strict=True):
            cell.width = width_value


def _label(cell: _Cell, text: str) -> None:
    """A label: bold 宋体, centred both ways."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = _only_paragraph(cell)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run._r.get_or_add_rPr().insert(0, _fonts(BODY_FONT))


def _value(cell: _Cell, *, centred: bool, story: bool = False) -> None:
    """An empty value cell, its paragraph mark in 宋体 so that what a unit types is too; the
    story's paragraph indented by two characters, as Chinese prose is."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = _only_paragraph(cell)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
    if story:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Pt(BODY_SIZE)  # two characters
        indent = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
        indent.set(qn("w:firstLineChars"), "200")
    _mark_font(paragraph)


def _opinion(cell: _Cell) -> None:
    """An opinion box: room to write, then （盖章） and the date line at the right foot."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    first = _only_paragraph(cell)
    _mark_font(first)
    for text, indent in ((SEAL, Cm(1.5)), (DATE_LINE, Cm(0.8))):
        paragraph = cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = indent
        paragraph.paragraph_format.space_after = Pt(6)
        run = paragraph.add_run(text)
        run._r.get_or_add_rPr().insert(0, _fonts(BODY_FONT))


def _only_paragraph(cell: _Cell) -> Paragraph:
    """The cell's first paragraph, the others (left by merging) removed."""
    paragraphs = cell.paragraphs
    for extra in paragraphs[1:]:
        cell._tc.remove(extra._p)
    first: Paragraph = paragraphs[0]
    return first


def _mark_font(paragraph: Paragraph) -> None:
    properties = OxmlElement("w:rPr")
    properties.append(_fonts(BODY_FONT))
    paragraph._p.get_or_add_pPr().append(properties)


def _fonts(east_asia: str) -> BaseOxmlElement:
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), LATIN_FONT)
    return fonts


def _valued(tag: str, value: str | None) -> BaseOxmlElement:
    element = OxmlElement(tag)
    if value is not None:
        element.set(qn("w:val"), value)
    return element


def main(argv: list[str] | None = None) -> None:
    """Write the shipped templates next to the theme (run after changing the layout).

    `python -m generator.office.formtemplate` writes the templates that are missing;
    name kinds (`… team window`) to write those again, or `--all` for every kind. A template
    is rewritten only when asked: each build gives a file new bytes (its creation time)."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(__file__).resolve().parent.parent / "theme" / "office"
    folder.mkdir(parents=True, exist_ok=True)
    known = {kind.value: kind for kind in RecordKind}
    unknown = [a for a in args if a != "--all" and a not in known]
    if unknown:
        raise SystemExit(f"未知的类型：{'、'.join(unknown)}；可选：{'、'.join(known)}、--all")
    for kind in RecordKind:
        path = folder / f"{kind.value}.docx"
        wanted = "--all" in args or kind.value in args or (not args and not path.exists())
        if wanted:
            build_template(kind).save(str(path))
            sys.stdout.write(f"{path}\n")


if __name__ == "__main__":
    main()
