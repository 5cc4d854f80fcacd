"""Portraits for records without a photo: the surname in a circle (集体 for a team).

Drawn with the CJK font that ships in the theme (no network, no system font
assumed), once per surname and colour scheme, cached like photos.

Cheap by design (issue 10: a thousand people without photos may add two seconds to a cold
build): the circle, or the silhouette, is the same for every surname and is drawn once per
size; the surname is drawn at the size it is shown, anti-aliased by FreeType, with a font
loaded once per size; the WebP is lossless, smaller and faster to encode than lossy for
flat colours. The cache key names the font by its content, so `honours check` and the build
share entries whatever path each found the font at, and a replaced font redraws them.
"""

from __future__ import annotations

import hashlib
import io
import stat
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..model.records import Content, RecordKind
from ..sources.names import surname
from ..sources.problems import Problems
from .portraits import (
    PIPELINE_VERSION,
    Portrait,
    PortraitCache,
    PortraitSettings,
    make_portraits,
    save_image,
)

FONT_PATH = "assets/fonts/NotoSansSC-Bold.woff2"
BACKGROUND = (251, 233, 231)
CIRCLE = (183, 28, 28)
INK = (255, 255, 255)
DRAWING = "2"  # in the key: a change to how placeholders are drawn redraws them, not photos
SUPERSAMPLE = 4  # the circle and the silhouette are drawn this much larger: smooth edges
NO_FONT = "none"  # the key's font when there is none to read: the silhouette for everyone
TEAM_MARK = "集体"  # what a team's placeholder reads: a team has no surname


def all_portraits(
    content: Content, cache: PortraitCache, problems: Problems, font: Path | None
) -> dict[str, Portrait]:
    """Photos where there are photos, the surname in a circle for the rest; saves the manifest."""
    portraits = make_portraits(content, cache, problems)
    by_surname: dict[str, Portrait] = {}  # a hundred surnames for a thousand people: look up once
    for person in content.people.values():
        if person.photo is None:
            initial = TEAM_MARK if person.kind == RecordKind.TEAM else surname(person.name)
            if initial not in by_surname:
                by_surname[initial] = make_placeholder(initial, font, cache)
            portraits[person.id] = replace(by_surname[initial], person_id=person.id)
    cache.save()
    return portraits


def make_placeholder(initial: str, font: Path | None, cache: PortraitCache) -> Portrait:
    settings = cache.settings
    widths = placeholder_widths(settings)
    key = placeholder_key(initial, font, settings)
    entry = cache.hit(key)
    if entry is None:
        entry = _draw(initial, font, cache.folder, key, widths, settings)
        cache.outputs[key] = entry
    return cache.portrait("", key, entry, name="placeholder")


def placeholder_widths(settings: PortraitSettings) -> tuple[int, ...]:
    """A placeholder is small on every page: the widths up to 480, or the smallest there is."""
    return tuple(w for w in settings.widths if w <= 480) or (min(settings.widths),)


def placeholder_key(initial: str, font: Path | None, settings: PortraitSettings) -> str:
    """The cache key: the surname, the font's content (not its path), the sizes, the drawing."""
    widths = placeholder_widths(settings)
    return hashlib.sha256(
        f"placeholder:{DRAWING}:{initial}:{font_digest(font)}:{widths}:{settings.aspect}:"
        f"{PIPELINE_VERSION}".encode()
    ).hexdigest()[:20]


def font_digest(path: Path | None) -> str:
    """The font file's SHA-256, computed once per size and modification time of the file.

    The same font found at two paths has one digest (`mkdocs build -f site/mkdocs.yml` finds
    `site/theme/…`, `honours check` the absolute path; a centre's copy of the shipped font is
    the shipped font); a font replaced at the same path has another."""
    font = _font_file(path)
    return NO_FONT if font is None else font[1]


def _font_file(path: Path | None) -> tuple[bytes, str] | None:
    """The font's bytes and their digest; None when there is no regular file to read."""
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return _read(str(path), info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=4)
def _read(path: str, size: int, mtime_ns: int) -> tuple[bytes, str] | None:
    """Read and hashed once while the file's size and time stay (`mkdocs serve` builds often)."""
    try:
        content = Path(path).read_bytes()
    except OSError:
        return None
    return content, hashlib.sha256(content).hexdigest()


def _draw(
    initial: str,
    font_path: Path | None,
    folder: Path,
    key: str,
    widths: tuple[int, ...],
    settings: PortraitSettings,
) -> dict[str, object]:
    sizes = []
    for width in sorted(widths):
        height = round(width * settings.aspect[1] / settings.aspect[0])
        image = picture(initial, font_path, width, height)
        save_image(
            image,
            folder / f"{key}-{width}.jpg",
            "JPEG",
            quality=settings.jpeg_quality,
            optimize=True,
        )
        # Lossless (quality is then the effort): flat colours and soft edges take ~2–3 KB,
        # exact, in less time than the fastest lossy setting and a third of the default's.
        save_image(
            image, folder / f"{key}-{width}.webp", "WEBP", lossless=True, quality=0, method=1
        )
        sizes.append((width, height))
    return {
        "sizes": sizes,
        "colour": "#{:02x}{:02x}{:02x}".format(*BACKGROUND),
        "framing": "placeholder",
    }


def picture(initial: str, font_path: Path | None, width: int, height: int) -> Image.Image:
    """The placeholder at one size: the surname, white on the red circle; a silhouette on the
    circle when there is no font or it lacks a character of the surname."""
    radius, cx, cy = width * 0.36, width / 2, height * 0.42
    font = _font(font_path, round(radius * (1.0 if len(initial) == 1 else 0.62)))
    if font is None or not _has_glyphs(font, initial):
        return _backdrop(width, height, silhouette=True).copy()
    image = _backdrop(width, height, silhouette=False).copy()
    ImageDraw.Draw(image).text((cx, cy), initial, font=font, fill=INK, anchor="mm")
    return image


@lru_cache(maxsize=16)
def _backdrop(width: int, height: int, silhouette: bool) -> Image.Image:
    """The circle (with the silhouette in it, if asked) at one size, drawn large and reduced.

    The same for every surname: drawn once per size. Callers copy it before drawing on it."""
    large_w, large_h = width * SUPERSAMPLE, height * SUPERSAMPLE
    image = Image.new("RGB", (large_w, large_h), BACKGROUND)
    draw = ImageDraw.Draw(image)
    radius, cx, cy = large_w * 0.36, large_w / 2, large_h * 0.42
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=CIRCLE)
    if silhouette:
        head = radius * 0.36
        draw.ellipse(
            (cx - head, cy - radius * 0.62, cx + head, cy - radius * 0.62 + 2 * head), fill=INK
        )
        draw.chord(
            (cx - radius * 0.62, cy + radius * 0.12, cx + radius * 0.62, cy + radius * 1.3),
            180,
            360,
            fill=INK,
        )
    return image.reduce(SUPERSAMPLE)  # a box filter over each 4×4 block: the edge's coverage


def _font(path: Path | None, size: int) -> ImageFont.FreeTypeFont | None:
    """The font at `size`, or None when there is none or it does not load (the silhouette)."""
    font = _font_file(path)
    return None if font is None else _load_font(font[0], size)


@lru_cache(maxsize=8)
def _load_font(content: bytes, size: int) -> ImageFont.FreeTypeFont | None:
    """Loaded once per size: a WOFF2 is decompressed at each load (~30–70 ms for this one).

    From memory, so no file stays open (a centre may replace its font while `mkdocs serve`
    runs). Keyed by the bytes: hashed once, as bytes hash themselves once."""
    try:
        return ImageFont.truetype(io.BytesIO(content), size)
    except OSError:
        return None


def _has_glyphs(font: ImageFont.FreeTypeFont, text: str) -> bool:
    """A character the font lacks renders as its .notdef; compare with a surely missing one."""
    missing = _missing(font)
    return all(_glyph(font, char) != missing for char in text)


@lru_cache(maxsize=8)
def _missing(font: ImageFont.FreeTypeFont) -> tuple[tuple[int, int, int, int], bytes]:
    """What the font draws for a character it lacks (the private use plane has none): once."""
    return _glyph(font, "\U000f0000")


def _glyph(font: ImageFont.FreeTypeFont, char: str) -> tuple[tuple[int, int, int, int], bytes]:
    """The character as the font draws it: its box and its pixels, on a canvas just that size."""
    left, top, right, bottom = (round(v) for v in font.getbbox(char))
    canvas = Image.new("L", (max(right - left, 1), max(bottom - top, 1)))
    ImageDraw.Draw(canvas).text((-left, -top), char, font=font, fill=255)
    return (left, top, right, bottom), canvas.tobytes()
