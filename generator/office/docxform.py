"""Word forms out and back in: a nomination written into its kind's form, a returned form read.

Both directions find a cell by the label beside it, never by position (`layout.field_of`), so a
centre's restyled template and a form a unit edited in Word or WPS (other fonts, empty
paragraphs, runs split mid-word, labels padded as “姓  名：”, merged cells, the table nested
in another or split in two) still write and read. The table is walked as its grid: a merged
cell is one cell however many rows or columns it covers, and the value of a label is the next
cell to its right (or, for a label that fills its row, the cell below).

Writing is the hot path (`honours forms` writes every nomination's form): the template's
bytes are read once per file version, and each form is one parse, a few element edits, one
photo resize and one save, atomically.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt
from docx.text.font import Font
from lxml import etree
from PIL import Image, UnidentifiedImageError

from ..media.imaging import read_photo
from ..model.records import RecordKind
from ..sources.problems import Mark, Problems
from .layout import FormField, Key, field_of
from .readings import Photo, Reading
from .storytext import Run, story_markdown, story_runs

NOT_OUR_FORM = (
    "不是本系统的推荐表：找不到“姓名”“窗口名称”“党支部名称”或“集体名称”栏，"
    "请使用 honours forms 生成的表格填写"
)
UNREADABLE = (
    "无法读取：文件已损坏，或不是 Word 文档（.docx），请在 Word 或 WPS 中打开后另存为 .docx"
)
BAD_PHOTO = "照片无法识别：请在“照片”栏插入 JPG 或 PNG 格式的照片"
PHOTO_BOX = (Cm(3.5), Cm(4.5))  # the largest the photo is shown, width × height
PHOTO_PIXELS = (413, 531)  # the same box at 300 dpi
PHOTO_DECODE = 450  # the longest side a photo is decoded at, at least
_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "v": "urn:schemas-microsoft-com:vml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
_W = "{" + _NS["w"] + "}"
_R = "{" + _NS["r"] + "}"
_RULE = re.compile(r"[（(][^（()）]*[）)]$")  # a rule after a label: 主要事迹（不少于1000字）
_LONGEST_LABEL = 30  # a cell with more text than this is a value, not a label
_FALSE = ("0", "false", "off", "none")
# What is left out of a paragraph's text: deleted and moved-away text, text boxes (their
# text is not the cell's), and the fallback copy of what Word wrote twice for old readers.
_RUNS = etree.XPath(
    ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent"
    " or ancestor::mc:Fallback)]",
    namespaces=_NS,
)
# A paragraph mark's formatting that a run must not copy: revision marks, and bold and italic,
# which the story's runs set themselves.
_NOT_RUN_FORMATTING = frozenset(
    _W + tag for tag in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "b", "i")
)
_LABEL_TEXT = etree.XPath(
    "(./w:p | ./w:sdt/w:sdtContent/w:p)//w:t[not(ancestor::w:txbxContent)]/text()",
    namespaces=_NS,
)
_PICTURES = etree.XPath(".//a:blip/@r:embed | .//v:imagedata/@r:id", namespaces=_NS)


def default_template(kind: RecordKind) -> Path:
    """The form the package ships for a kind (`theme/office/<kind>.docx`)."""
    return Path(__file__).parent.parent / "theme" / "office" / f"{kind}.docx"


# --- writing ---------------------------------------------------------------------------


def write_form(
    out: Path,
    *,
    kind: RecordKind,
    heading: str,
    cells: dict[Key, str],
    photo: Path | None = None,
    template: Path | None = None,
    story_rule: str = "",
) -> None:
    """Fill the kind's form (or `template`) and write it to `out`, atomically.

    Each value in `cells` goes into the cell after its label, one paragraph a line; the story
    (Markdown) into the 主要事迹 cell, its bold and italic kept; `story_rule` under the
    主要事迹 label; `photo` resized into the 照片 cell. A label the template lacks is left
    out. A photo that can't be read raises `media.imaging.PhotoError` (its message Chinese).
    """
    document = docx.Document(io.BytesIO(_template_bytes(template or default_template(kind))))
    _set_heading(document, heading)
    places = _places(document.element.body, kind)
    for key, text in cells.items():
        place = places.get(key)
        if place is None or key is Key.PHOTO:
            continue
        if key is Key.STORY:
            if place.value is not None:
                _fill(place.value, story_runs(text))
        elif place.value is not None:
            lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
            _fill(place.value, [[Run(line)] for line in lines if line])
    story = places.get(Key.STORY)
    if story_rule and story is not None:
        _add_rule(story.label, story_rule)
    picture = places.get(Key.PHOTO)
    if photo is not None and picture is not None:
        _put_photo(document, picture.value if picture.value is not None else picture.label, photo)
    save_document(document, out)


_TEMPLATES: dict[Path, tuple[tuple[int, int], bytes]] = {}


def _template_bytes(path: Path) -> bytes:
    """The template's bytes, read again only when the file changed (its time or size)."""
    stat = path.stat()
    version = (stat.st_mtime_ns, stat.st_size)
    kept = _TEMPLATES.get(path)
    if kept is None or kept[0] != version:
        kept = (version, path.read_bytes())
        _TEMPLATES[path] = kept
    return kept[1]


def _set_heading(document: Document, heading: str) -> None:
    """The heading into the title paragraph: the one in the Title style, else the first
    paragraph with text before the table; the first run's formatting kept."""
    paragraphs = document.paragraphs
    title = next((p for p in paragraphs if p.style is not None and _is_title(p.style.name)), None)
    if title is None:
        before = []
        for child in document.element.body.iterchildren():
            if child.tag == _W + "tbl":
                break
            if child.tag == _W + "p":
                before.append(child)
        title = next((p for p in paragraphs if p._p in before and p.text.strip()), None)
    if title is None:
        first = document.element.body[0]
        paragraph = OxmlElement("w:p")
        first.addprevious(paragraph)
        title = next(p for p in document.paragraphs if p._p is paragraph)
    runs = title.runs
    if runs:
        runs[0].text = heading
        for run in runs[1:]:
            run._r.getparent().remove(run._r)
    else:
        title.add_run(heading)
    document.core_properties.title = heading


def _is_title(name: str | None) -> bool:
    return (name or "").strip().lower() in ("title", "标题")


def _fill(tc: etree._Element, paragraphs: list[list[Run]]) -> None:
    """Replace the cell's content by `paragraphs`, in the formatting of its first paragraph
    (its alignment and indent, and the font of its paragraph mark, which a centre sets in
    Word by formatting the empty cell)."""
    first = tc.find(_W + "p")
    paragraph_properties = first.find(_W + "pPr") if first is not None else None
    mark = paragraph_properties.find(_W + "rPr") if paragraph_properties is not None else None
    for child in list(tc):
        if child.tag != _W + "tcPr":
            tc.remove(child)
    for runs in paragraphs or [[]]:
        p = OxmlElement("w:p")
        if paragraph_properties is not None:
            p.append(deepcopy(paragraph_properties))
        for item in runs:
            p.append(_run(item, mark))
        tc.append(p)


def _run(item: Run, mark: etree._Element | None) -> etree._Element:
    r = OxmlElement("w:r")
    if mark is not None:
        properties = OxmlElement("w:rPr")
        for child in mark:
            if child.tag not in _NOT_RUN_FORMATTING:
                properties.append(deepcopy(child))
        if len(properties):
            r.append(properties)
    font = Font(r)
    if item.bold:
        font.bold = True
    if item.italic:
        font.italic = True
    r.text = item.text
    return r


def _add_rule(label: etree._Element, rule: str) -> None:
    """The story's length rule as a second line of its label, not bold, in 小五."""
    paragraphs = label.findall(_W + "p")
    last = paragraphs[-1] if paragraphs else None
    p = OxmlElement("w:p")
    if last is not None and last.find(_W + "pPr") is not None:
        p.append(deepcopy(last.find(_W + "pPr")))
    first_run = label.find(".//" + _W + "r")
    r = _run(Run(rule), first_run.find(_W + "rPr") if first_run is not None else None)
    font = Font(r)
    font.bold = False
    font.size = Pt(9)  # 小五
    p.append(r)
    label.append(p)


def _put_photo(document: Document, tc: etree._Element, path: Path) -> None:
    """The photo, upright, without metadata, as a JPEG no larger than the photo box at 300 dpi,
    shown as large as fits the box; it replaces what the cell says (the word 照片)."""
    # A JPEG decoded at 1/2, 1/4 or 1/8 scale, no smaller than the box's 300 dpi (the
    # longest side at least 450 pixels): resizing a whole phone photo would be most of the
    # time a form takes.
    image = read_photo(path, longest=PHOTO_DECODE)
    image.thumbnail(PHOTO_PIXELS, Image.Resampling.LANCZOS)
    data = io.BytesIO()
    image.save(data, "JPEG", quality=88)
    data.seek(0)
    scale = min(PHOTO_BOX[0] / image.width, PHOTO_BOX[1] / image.height)
    inline = document.part.new_pic_inline(data, int(image.width * scale), int(image.height * scale))
    _fill(tc, [])
    drawing = OxmlElement("w:drawing")
    drawing.append(inline)
    r = OxmlElement("w:r")
    r.append(drawing)
    tc.findall(_W + "p")[-1].append(r)


def save_document(document: Document, out: Path) -> None:
    """Written beside `out` and renamed over it: a reader never sees half a form."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".docx.tmp", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            document.save(stream)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- reading ---------------------------------------------------------------------------


def read_form(path: Path, problems: Problems) -> Reading | None:
    """What a returned form says, by label; None (with the error) for a form that isn't ours.

    `cells` holds each field the form has a label for (the story as Markdown, as `story`
    does; the photo is `photo`, not a cell), and `places` names each as “出生年月”栏.
    """
    try:
        document = docx.Document(str(path))
    except Exception:  # python-docx raises zip, XML and key errors alike, all in English
        problems.error(Mark(path), UNREADABLE)
        return None
    body = document.element.body
    kind = _kind_of(body)
    if kind is None:
        problems.error(Mark(path), NOT_OUR_FORM)
        return None
    reading = Reading(source=path, kind=kind)
    styles = Styles(document)
    places = _places(body, kind)
    for key, place in places.items():
        reading.places[key] = f"“{place.field.label}”栏"
        if key is Key.PHOTO:
            continue
        if key is Key.STORY:
            paragraphs = [styles.runs(p) for p in _paragraphs(place.value)]
            paragraphs = paragraphs if place.value is not None else []
            reading.story = story_markdown(paragraphs)
            reading.cells[key] = reading.story
            reading.box_text = _cell_text(place.value) if place.value is not None else ""
        else:
            reading.cells[key] = _cell_text(place.value) if place.value is not None else ""
    reading.photo = _read_photo(document, path, places.get(Key.PHOTO), problems)
    return reading


def _kind_of(body: etree._Element) -> RecordKind | None:
    """The form's kind, by the first name label it has: 姓名, 窗口名称 or 党支部名称."""
    for row in _rows(body):
        for tc in row:
            text = _label_text(tc)
            if text is None:
                continue
            for kind in RecordKind:
                found = _field(kind, text)
                if found is not None and found.key is Key.NAME:
                    return kind
    return None


def _cell_text(tc: etree._Element) -> str:
    """A value cell's text: a line per paragraph or line break, lines trimmed, empty ones
    (WPS's extra paragraphs) dropped."""
    lines: list[str] = []
    for p in _paragraphs(tc):
        text = "".join(_run_text(r) for r in _RUNS(p))
        lines.extend(line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _read_photo(
    document: Document, path: Path, place: _Place | None, problems: Problems
) -> Photo | None:
    """The first picture in the 照片 cell (or the cell after its label); failing that, the
    first in any table, then anywhere in the form: a unit may paste it elsewhere."""
    searched: list[etree._Element] = []
    if place is not None:
        searched += [place.label] + ([place.value] if place.value is not None else [])
    body = document.element.body
    searched += [*body.iter(_W + "tbl"), body]
    parts = document.part.related_parts
    for element in searched:
        for rid in _PICTURES(element):
            part = parts.get(str(rid))
            if part is None:
                continue
            photo = _photo(part.blob)
            if photo is None:
                problems.error(Mark(path, where="“照片”栏"), BAD_PHOTO)
            return photo
    return None


def _photo(data: bytes) -> Photo | None:
    """The picture's bytes as they are when JPEG or PNG; another format Pillow reads (BMP,
    GIF, TIFF, WebP) as PNG; None when it can't be read (a Windows metafile, a broken file)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format in ("JPEG", "MPO"):
                return Photo(data, ".jpg")
            if image.format == "PNG":
                return Photo(data, ".png")
            image.load()
            converted = io.BytesIO()
            keep = image.mode if image.mode in ("RGB", "RGBA", "L", "LA") else "RGBA"
            image.convert(keep).save(converted, "PNG")
            return Photo(converted.getvalue(), ".png")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        return None


# --- the table as a grid of labels -----------------------------------------------------


@dataclass(frozen=True)
class _Place:
    field: FormField
    label: etree._Element  # the label's w:tc
    value: etree._Element | None  # the value's w:tc (None: the label has no cell beside it)


def _places(body: etree._Element, kind: RecordKind) -> dict[Key, _Place]:
    """Each field's label cell and value cell, the first label of a field winning. A cell
    taken as a value is never a label: a value may read like one (a 职务 of 书记)."""
    places: dict[Key, _Place] = {}
    values: set[etree._Element] = set()
    rows = list(_rows(body))
    for index, row in enumerate(rows):
        for position, tc in enumerate(row):
            if tc in values:
                continue
            text = _label_text(tc)
            found = _field(kind, text) if text is not None else None
            if found is None or found.key in places:
                continue
            value = row[position + 1] if position + 1 < len(row) else None
            if found.key is Key.PHOTO and value is not None and _names_field(kind, value):
                value = None  # the picture goes in the 照片 cell itself
            if value is None and len(row) == 1 and found.key is not Key.PHOTO:
                below = rows[index + 1] if index + 1 < len(rows) else []
                value = below[0] if len(below) == 1 and below[0] is not tc else None
            places[found.key] = _Place(found, tc, value)
            if value is not None:
                values.add(value)
    return places


def _names_field(kind: RecordKind, tc: etree._Element) -> bool:
    text = _label_text(tc)
    return text is not None and _field(kind, text) is not None


@lru_cache(maxsize=4096)  # the same few labels, in every form
def _field(kind: RecordKind, text: str) -> FormField | None:
    """The field a label names, also with a rule after it (主要事迹（不少于1000字）)."""
    found = field_of(kind, text)
    while found is None and _RULE.search(text):
        text = _RULE.sub("", text).strip()
        found = field_of(kind, text)
    return found


def _label_text(tc: etree._Element) -> str | None:
    """A cell's text as a label, or None when the cell is too long to be one."""
    text = "".join(_LABEL_TEXT(tc)).strip()
    if not text or len(text) > _LONGEST_LABEL:
        return None
    return text


def _rows(body: etree._Element) -> Iterator[list[etree._Element]]:
    """Every row of every table (nested ones too, each after the row holding it), as the
    distinct cells it shows from left to right: a cell merged across columns once, a cell
    continuing a vertical merge as the cell it continues."""
    for table in body.iter(_W + "tbl"):
        above: dict[int, etree._Element] = {}
        for tr in _children(table, "tr"):
            column = _int(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
            here: dict[int, etree._Element] = {}
            row: list[etree._Element] = []
            for tc in _children(tr, "tc"):
                properties = tc.find(_W + "tcPr")
                span = max(1, _int(_find(properties, "gridSpan"), 1))
                root = tc
                merge = _find(properties, "vMerge")
                if merge is not None and merge.get(_W + "val", "continue") == "continue":
                    root = above.get(column, tc)
                horizontal = _find(properties, "hMerge")
                if (
                    horizontal is not None
                    and horizontal.get(_W + "val", "continue") == "continue"
                    and row
                ):
                    root = row[-1]
                for offset in range(span):
                    here[column + offset] = root
                column += span
                if not row or row[-1] is not root:
                    row.append(root)
            above = here
            yield row


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Direct rows or cells, also those Word wraps in content controls or custom XML."""
    for child in parent:
        if child.tag == _W + tag:
            yield child
        elif child.tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if content is not None:
                yield from _children(content, tag)


def _paragraphs(tc: etree._Element) -> Iterator[etree._Element]:
    """The cell's own paragraphs (not those of a table inside it)."""
    return _children(tc, "p")


def _find(properties: etree._Element | None, tag: str) -> etree._Element | None:
    return properties.find(_W + tag) if properties is not None else None


def _int(element: etree._Element | None, default: int) -> int:
    value = element.get(_W + "val") if element is not None else None
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _run_text(r: etree._Element) -> str:
    out = []
    for child in r:
        tag = child.tag
        if tag == _W + "t":
            out.append(child.text or "")
        elif tag == _W + "tab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
    return "".join(out)


class Styles:
    """Bold and italic as a run shows them: its own formatting, else its character style's,
    else its paragraph style's (a unit may mark a subheading with a style, not with B)."""

    def __init__(self, document: Document) -> None:
        self._styles: dict[str, etree._Element] = {}
        self._cache: dict[tuple[str, str], bool | None] = {}
        for style in document.styles.element.iter(_W + "style"):
            style_id = style.get(_W + "styleId")
            if style_id:
                self._styles[style_id] = style

    def runs(self, p: etree._Element) -> list[Run]:
        paragraph_style = _style_id(p.find(_W + "pPr"), "pStyle")
        out = []
        for r in _RUNS(p):
            text = _run_text(r)
            if not text:
                continue
            properties = r.find(_W + "rPr")
            character_style = _style_id(properties, "rStyle")
            flags = []
            for flag in ("b", "i"):
                value = _flag(_find(properties, flag))
                for style in (character_style, paragraph_style):
                    if value is None and style:
                        value = self._flag(style, flag)
                flags.append(bool(value))
            out.append(Run(text, flags[0], flags[1]))
        return out

    def _flag(self, style_id: str, flag: str, depth: int = 0) -> bool | None:
        key = (style_id, flag)
        if key not in self._cache:
            style = self._styles.get(style_id)
            value = None
            if style is not None:
                value = _flag(_find(style.find(_W + "rPr"), flag))
                parent = _style_id(style, "basedOn")
                if value is None and parent and depth < 10:
                    value = self._flag(parent, flag, depth + 1)
            self._cache[key] = value
        return self._cache[key]


def _style_id(properties: etree._Element | None, tag: str) -> str:
    element = _find(properties, tag)
    return (element.get(_W + "val") or "") if element is not None else ""


def _flag(element: etree._Element | None) -> bool | None:
    if element is None:
        return None
    return element.get(_W + "val", "true").lower() not in _FALSE
