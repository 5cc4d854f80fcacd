"""Portraits for records without a photo: the surname in a circle.

Drawn with the CJK font that ships in the theme (no network, no system font
assumed), once per surname and colour scheme, cached like photos.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..model.records import Content
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


def all_portraits(
    content: Content, cache: PortraitCache, problems: Problems, font: Path | None
) -> dict[str, Portrait]:
    """Photos where there are photos, the surname in a circle for the rest; saves the manifest."""
    portraits = make_portraits(content, cache, problems)
    for person in content.people.values():
        if person.photo is None:
            portraits[person.id] = replace(
                make_placeholder(surname(person.name), font, cache), person_id=person.id
            )
    cache.save()
    return portraits


def make_placeholder(initial: str, font: Path | None, cache: PortraitCache) -> Portrait:
    settings = cache.settings
    widths = tuple(w for w in settings.widths if w <= 480) or (min(settings.widths),)
    key = hashlib.sha256(
        f"placeholder:{initial}:{font}:{widths}:{settings.aspect}:{PIPELINE_VERSION}".encode()
    ).hexdigest()[:20]
    entry = cache.hit(key)
    if entry is None:
        entry = _draw(initial, font, cache.folder, key, widths, settings)
        cache.outputs[key] = entry
    return cache.portrait("", key, entry, name="placeholder")


def _draw(
    initial: str,
    font_path: Path | None,
    folder: Path,
    key: str,
    widths: tuple[int, ...],
    settings: PortraitSettings,
) -> dict[str, object]:
    scale = 4  # drawn large, then reduced: smooth edges
    width = max(widths) * scale
    height = round(width * settings.aspect[1] / settings.aspect[0])
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    radius, cx, cy = width * 0.36, width / 2, height * 0.42
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=CIRCLE)
    font = _font(font_path, round(radius * (1.0 if len(initial) == 1 else 0.62)))
    if font is not None and _has_glyphs(font, initial):
        draw.text((cx, cy), initial, font=font, fill=INK, anchor="mm")
    else:  # a silhouette where the font lacks the character
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
    sizes = []
    for w in sorted(widths):
        h = round(w * settings.aspect[1] / settings.aspect[0])
        small = image.resize((w, h), Image.Resampling.LANCZOS)
        save_image(
            small, folder / f"{key}-{w}.jpg", "JPEG", quality=settings.jpeg_quality, optimize=True
        )
        save_image(small, folder / f"{key}-{w}.webp", "WEBP", quality=settings.webp_quality)
        sizes.append((w, h))
    return {
        "sizes": sizes,
        "colour": "#{:02x}{:02x}{:02x}".format(*BACKGROUND),
        "framing": "placeholder",
    }


def _font(path: Path | None, size: int) -> ImageFont.FreeTypeFont | None:
    if path is None or not path.is_file():
        return None
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return None


def _has_glyphs(font: ImageFont.FreeTypeFont, text: str) -> bool:
    """A character the font lacks renders as its .notdef box; compare with a surely missing one."""

    def pixels(char: str) -> bytes:
        canvas = Image.new("L", (round(font.size * 1.5), round(font.size * 1.5)))
        ImageDraw.Draw(canvas).text((0, 0), char, font=font, fill=255)
        return canvas.tobytes()

    missing = pixels("\U000f0000")
    return all(pixels(char) != missing for char in text)
