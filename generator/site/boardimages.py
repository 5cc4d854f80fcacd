"""The pictures of boards' `image:` sections, made for the site as portraits are: opened safely
(media/imaging.py: format allowlist, size caps, orientation, colour), resized to a few widths,
never upscaled, any aspect kept, written from fresh pixels as JPEG and WebP so that no EXIF,
GPS, XMP, ICC or comment survives. The original file is never published. Kept between builds
in `.cache/images/` (a `PortraitCache`: keyed by the file's content and these settings)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PIL import Image

from ..boards.definitions import Board
from ..boards.sections import ImageSource
from ..media.imaging import PhotoError, open_photo
from ..media.portraits import (
    Framing,
    Portrait,
    PortraitCache,
    PortraitSettings,
    Rendition,
    save_image,
)
from ..sources.problems import Problems, os_reason

IMAGES_FOLDER = "images"  # under the project's cache_dir
PUBLISHED = "boards/images"  # where the site has them
# A 1920×1080 screen shows a picture at most the width of its stage: 1920 (a 4K TV scales it).
SETTINGS = PortraitSettings(widths=(640, 1280, 1920), aspect=(16, 9))
SHARP = 960  # narrower and lower than this, a picture shows blurred on a hallway screen


def board_images(
    boards: Mapping[str, Board], cache_dir: Path, problems: Problems
) -> dict[str, Portrait]:
    """Each picture the boards name, by `ImageSource.key`; a picture that cannot be used is an
    error at each place a board names it. `cache_dir` is the folder of these pictures
    (`.cache/images/`); it is made only when some board has a picture."""
    sources: dict[str, list[ImageSource]] = {}
    for board in boards.values():
        for section in board.sections:
            if section.image is not None:
                sources.setdefault(section.image.key, []).append(section.image)
    if not sources:
        return {}
    cache = PortraitCache(cache_dir, SETTINGS)
    made = {}
    for key, places in sources.items():
        first = places[0]
        try:
            found = cache.key(first.path, None)
            entry = cache.hit(found)
            if entry is None:
                entry = render_image(first.path, cache.folder, found)
                cache.outputs[found] = entry
        except OSError as exc:
            failed = f"无法读取：{os_reason(exc)}"
        except PhotoError as exc:
            failed = str(exc)
        else:
            made[key] = _published(cache, found, entry)
            width, height = entry["photo"]
            if width < SHARP and height < SHARP:
                for place in places:
                    problems.warning(
                        place.mark,
                        f"字段“{place.field}”的图片“{place.written}”仅 {width}×{height} 像素，"
                        f"在大厅屏幕上将被放大显示而模糊；宜不小于 1280×720 像素",
                    )
            continue
        for place in places:
            problems.error(place.mark, f"字段“{place.field}”的图片“{place.written}”{failed}")
    cache.save()
    return made


def render_image(source: Path, out_dir: Path, key: str) -> dict[str, Any]:
    """The picture at each width of SETTINGS it is wider than, and at its own width if that is
    less than the largest: `<key>-<width>.jpg` and `.webp` in `out_dir`; the entry the cache
    keeps (sizes, the colour shown while it loads, the original's size)."""
    largest = max(SETTINGS.widths)
    photo = open_photo(source, longest=largest * 2, background=SETTINGS.background)
    picture = photo.image
    widths = sorted(
        {w for w in SETTINGS.widths if w < picture.width} | {min(largest, picture.width)}
    )
    sizes = []
    current = picture
    for width in reversed(widths):  # largest first, each from the one before
        height = max(1, round(picture.height * width / picture.width))
        current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        current.info = {}  # resize() copies the source's info (EXIF, ICC, XMP, comment): none
        save_image(
            current,
            out_dir / f"{key}-{width}.jpg",
            "JPEG",
            quality=SETTINGS.jpeg_quality,
            optimize=True,
            progressive=True,
        )
        save_image(
            current,
            out_dir / f"{key}-{width}.webp",
            "WEBP",
            quality=SETTINGS.webp_quality,
            method=4,
        )
        sizes.append((width, height))
    red, green, blue = current.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # type: ignore[misc]
    return {
        "sizes": sorted(sizes),
        "colour": f"#{red:02x}{green:02x}{blue:02x}",
        "framing": Framing.NONE.value,
        "photo": list(photo.original),
    }


def _published(cache: PortraitCache, key: str, entry: dict[str, Any]) -> Portrait:
    """The picture as the site publishes it: `boards/images/<key>-<width>.jpg` (and .webp)."""
    renditions, files = [], {}
    for width, height in entry["sizes"]:
        stem = f"{PUBLISHED}/{key}-{width}"
        rendition = Rendition(width, height, f"{stem}.jpg", f"{stem}.webp")
        files[rendition.jpeg] = cache.folder / f"{key}-{width}.jpg"
        files[rendition.webp] = cache.folder / f"{key}-{width}.webp"
        renditions.append(rendition)
    return Portrait(key, tuple(renditions), entry["colour"], Framing.NONE, files)
