"""The pictures of boards' `image:` sections, made for the site as portraits are: opened safely
(media/imaging.py: format allowlist, size caps, orientation, colour), resized to a few widths,
never upscaled, any aspect kept, written from fresh pixels as JPEG and WebP so that no EXIF,
GPS, XMP, ICC or comment survives. The original file is never published. Kept between builds
in `.cache/images/` (a `PortraitCache`: keyed by the file's content and these settings)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..boards.definitions import Board
from ..boards.sections import ImageSource
from ..media.imaging import PhotoError, open_photo
from ..media.portraits import Framing, Portrait, PortraitCache, PortraitSettings, render_whole
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
            made[key] = cache.portrait(found, found, entry, stem=f"{PUBLISHED}/{found}")
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
    started = time.perf_counter()
    largest = max(SETTINGS.widths)
    photo = open_photo(source, longest=largest * 2, background=SETTINGS.background)
    return render_whole(photo.image, photo.original, out_dir, key, SETTINGS, Framing.NONE, started)
