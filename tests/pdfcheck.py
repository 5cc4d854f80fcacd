"""Reading what `honours print` wrote back, for the tests of generator/printing: the text of a
PDF, its fonts, its pages as poppler draws them, how much ink a page carries, the QR codes on
it; and what the tests check it against: the demo's private values, and the demo's views over
other records or on another day.

Every reader takes a PDF as a file or as the bytes Typst returned."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from generator.model.records import Content
from generator.site.views import Views
from tests.conftest import REPO

Pdf = Path | bytes  # a PDF file, or a PDF in memory

PDFTOPPM = "/usr/bin/pdftoppm"  # poppler, as a reader's PDF viewer draws the page
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")  # Type 1, TrueType, CFF/OpenType
WHITE = 200  # the luminance (0-255) from which a pixel counts as white paper


def reader(pdf: Pdf) -> PdfReader:
    """A pypdf reader of the file or the bytes."""
    return PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)


def _name(pdf: Pdf) -> str:
    return pdf.name if isinstance(pdf, Path) else f"a PDF of {len(pdf)} bytes"


# -- text -----------------------------------------------------------------------------------------
def squash(text: str) -> str:
    """Text without white space: pypdf breaks lines and spaces runs where the PDF does."""
    return re.sub(r"\s+", "", text)


def raw_page_texts(pdf: Pdf) -> list[str]:
    """Each page's text as pypdf extracts it, white space and all."""
    return [page.extract_text() or "" for page in reader(pdf).pages]


def page_texts(pdf: Pdf) -> list[str]:
    """Each page's text, squashed."""
    return [squash(text) for text in raw_page_texts(pdf)]


def pdf_text(pdf: Pdf) -> str:
    """The whole text, squashed: what to look for words and figures in."""
    return "".join(page_texts(pdf))


def raw_text(pdf: Pdf) -> str:
    """The whole text as pypdf extracts it, a line break between pages."""
    return "\n".join(raw_page_texts(pdf))


def page_count(pdf: Pdf) -> int:
    return len(reader(pdf).pages)


# -- fonts ----------------------------------------------------------------------------------------
def _values(resources: DictionaryObject, kind: str) -> Iterator[DictionaryObject]:
    """The objects of one kind of a resources dictionary (/Font, /XObject, /Pattern)."""
    entries = resources.get(kind)
    entries = entries.get_object() if entries is not None else None
    if isinstance(entries, DictionaryObject):
        for entry in entries.values():
            entry = entry.get_object()
            if isinstance(entry, DictionaryObject):  # streams (forms, patterns) are dictionaries
                yield entry


def _first_visit(item: DictionaryObject, seen: set[tuple[int, int]]) -> bool:
    """Whether an object is met for the first time; a direct object (which cannot hold itself)
    is always new."""
    reference = getattr(item, "indirect_reference", None)
    if reference is None:
        return True
    key = (reference.idnum, reference.generation)
    if key in seen:
        return False
    seen.add(key)
    return True


def fonts_of(resources: Any, seen: set[tuple[int, int]] | None = None) -> list[DictionaryObject]:
    """Every font some resources use, each once: their own, and those of the resources within
    them (forms, tiling patterns, the glyph procedures of Type 3 fonts), however deep."""
    seen = set() if seen is None else seen
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject) or not _first_visit(resources, seen):
        return []
    found: list[DictionaryObject] = []
    for font in _values(resources, "/Font"):
        if _first_visit(font, seen):
            found.append(font)
            if font.get("/Subtype") == "/Type3":
                found += fonts_of(font.get("/Resources"), seen)
    for xobject in _values(resources, "/XObject"):
        if xobject.get("/Subtype") == "/Form" and _first_visit(xobject, seen):
            found += fonts_of(xobject.get("/Resources"), seen)
    for pattern in _values(resources, "/Pattern"):
        if _first_visit(pattern, seen):
            found += fonts_of(pattern.get("/Resources"), seen)
    return found


def pdf_fonts(pdf: Pdf) -> list[DictionaryObject]:
    """Every font of every page of a PDF, each once."""
    seen: set[tuple[int, int]] = set()
    return [font for page in reader(pdf).pages for font in fonts_of(page.get("/Resources"), seen)]


def unembedded_fonts(pdf: Pdf) -> list[str]:
    """The fonts of a PDF without their font file (FontFile, FontFile2 or FontFile3): of a
    composite (Type 0) font, each of its descendants. A PDF without fonts fails: a check of
    nothing would pass."""
    fonts = pdf_fonts(pdf)
    assert fonts, f"{_name(pdf)} has no fonts"
    missing = []
    for font in fonts:
        descendants = font.get("/DescendantFonts")
        described = (
            [d.get_object() for d in descendants.get_object()]
            if descendants is not None
            else [font]
        )
        for item in described:
            descriptor = item.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in FONT_FILES):
                missing.append(str(item.get("/BaseFont")))
    return missing


# -- pages as drawn -------------------------------------------------------------------------------
def render(
    pdf: Path, folder: Path, dpi: int = 50, first: int | None = None, last: int | None = None
) -> list[Image.Image]:
    """Pages `first` to `last` (counted from 1; every page by default) as poppler draws them, in
    RGB. Each call draws into a folder of its own within `folder`, so that no page of another
    PDF or of an earlier call is read back."""
    folder.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix="pages-", dir=folder))
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    done = subprocess.run(
        [PDFTOPPM, "-r", str(dpi), *pages, "-png", str(pdf), str(out / "page")],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, f"pdftoppm {pdf.name}: {done.stderr.decode(errors='replace')}"
    images = []
    for png in sorted(out.glob("page-*.png")):  # numbered with leading zeros: in page order
        with Image.open(png) as image:
            images.append(image.convert("RGB"))
    assert images, f"pdftoppm drew no page of {pdf.name}"
    return images


def ink(image: Image.Image) -> float:
    """The share of pixels that are not white (luminance below WHITE): 0 on blank paper, 1 where
    the page is covered. Each test says how much ink its page must carry."""
    histogram = image.convert("L").histogram()
    return sum(histogram[:WHITE]) / (image.width * image.height)


def qr_codes(image: Image.Image) -> list[str]:
    """The text of every code zxing-cpp reads on an image."""
    return [code.text for code in zxingcpp.read_barcodes(image.convert("RGB"))]


# -- what the tests check against -----------------------------------------------------------------
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)


def _leaves(value: Any) -> Iterator[str]:
    """Every value within a YAML value, as text."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item)
    elif value is not None and str(value).strip():
        yield str(value)


def private_values(content: Path = REPO / "content") -> list[str]:
    """Every value of every people/*.md `private:` block (phones, id numbers, notes), read from
    the files themselves, not through the loader under test."""
    values: list[str] = []
    for path in sorted((content / "people").glob("*.md")):
        front = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        assert front is not None, f"{path} has no front matter"
        values.extend(_leaves((yaml.safe_load(front.group(1)) or {}).get("private")))
    assert values, f"no private values in {content / 'people'}"
    return values


def views_of(
    views: Views, content: Content | None = None, today: date | str | None = None
) -> Views:
    """The demo's views over other records (`content`) or on another day (`today`, a date or
    its ISO text); its portraits, tallies, star months, boards and attachments as they are."""
    if isinstance(today, str):
        today = date.fromisoformat(today)
    return Views(
        views.content if content is None else content,
        views.portraits,
        views.today if today is None else today,
        views.tallies,
        views.months,
        views.boards,
        views.attachments,
        views.scores,
    )
