"""Portraits: resized, upright, metadata-free copies of the original photos.

Outputs are cached in `.cache/portraits/`, keyed by the source's content hash,
the crop parameters and the pipeline version; deleting the cache is safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .problems import Problems
from .records import Content, Person

PIPELINE_VERSION = "1"
WIDTH = 480
ASPECT = (3, 4)
FORMATS = ["JPEG", "PNG", "WEBP"]
MAX_PIXELS = 50_000_000
MAX_BYTES = 40 * 1024 * 1024
DEFAULT_FOCUS = (0.5, 0.35)


class PortraitError(Exception):
    pass


@dataclass(frozen=True)
class Portrait:
    person_id: str
    src_uri: str  # where it is published, e.g. portraits/wang-xiaoming-1a2b3c4d.jpg
    path: Path  # the cached file
    width: int
    height: int


def cache_key(data: bytes, focus: tuple[float, float] | None) -> str:
    params = f"{WIDTH}:{ASPECT}:{focus}:{PIPELINE_VERSION}".encode()
    return hashlib.sha256(data + b"\0" + params).hexdigest()[:20]


def make_portraits(content: Content, cache_dir: Path, problems: Problems) -> dict[str, Portrait]:
    """One portrait per person with a photo; a bad photo is a problem on that record only."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = cache_dir / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError):
        manifest = {}
    result = {}
    for person in content.people.values():
        if person.photo is None:
            continue
        try:
            result[person.id] = _portrait(person, cache_dir, manifest)
        except PortraitError as exc:
            problems.error(
                person.field_marks.get("photo", person.mark), f"照片“{person.photo.name}”{exc}"
            )
    _write_atomic(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    return result


def _portrait(person: Person, cache_dir: Path, manifest: dict[str, dict[str, int]]) -> Portrait:
    assert person.photo is not None
    size = person.photo.stat().st_size
    if size > MAX_BYTES:
        raise PortraitError(
            f"文件过大（{size // 1024 // 1024} MB），请压缩到 {MAX_BYTES // 1024 // 1024} MB 以内"
        )
    data = person.photo.read_bytes()
    key = cache_key(data, person.photo_focus)
    output = cache_dir / f"{key}.jpg"
    entry = manifest.get(key)
    if entry is None or not output.is_file():
        width, height = _render(person.photo, person.photo_focus, output)
        entry = {"width": width, "height": height}
        manifest[key] = entry
    return Portrait(
        person.id, f"portraits/{person.id}-{key[:8]}.jpg", output, entry["width"], entry["height"]
    )


def _render(source: Path, focus: tuple[float, float] | None, output: Path) -> tuple[int, int]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source, formats=FORMATS) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise PortraitError(f"像素过多（{image.width}×{image.height}），请缩小后再上传")
                image.draft("RGB", (WIDTH * 2, WIDTH * 2 * ASPECT[1] // ASPECT[0]))
                upright = ImageOps.exif_transpose(image)
                picture = _flatten(upright)
    except PortraitError:
        raise
    except UnidentifiedImageError:
        raise PortraitError("不是可识别的图片（支持 JPEG、PNG、WebP）") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PortraitError("像素过多，疑似异常文件，请换一张照片") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise PortraitError(f"已损坏或不完整，无法读取（{exc}）") from None
    cropped = _crop(picture, focus or DEFAULT_FOCUS)
    width = min(WIDTH, cropped.width)
    height = round(width * ASPECT[1] / ASPECT[0])
    resized = cropped.resize((width, height), Image.Resampling.LANCZOS)
    clean = Image.new("RGB", resized.size)  # a fresh image: no EXIF, GPS, comment or ICC copied
    clean.paste(resized)
    with tempfile.NamedTemporaryFile(dir=output.parent, suffix=".part", delete=False) as handle:
        clean.save(handle, "JPEG", quality=84, optimize=True, progressive=True)
    os.replace(handle.name, output)
    return width, height


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def _crop(image: Image.Image, focus: tuple[float, float]) -> Image.Image:
    """The largest 3:4 box around the focus point, kept inside the image."""
    width, height = image.size
    box_w = min(width, height * ASPECT[0] // ASPECT[1])
    box_h = box_w * ASPECT[1] // ASPECT[0]
    left = min(max(round(focus[0] * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focus[1] * height - box_h / 3), 0), height - box_h)
    return image.crop((left, top, left + box_w, top + box_h))


def _write_atomic(path: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as handle:
        handle.write(data)
    os.replace(handle.name, path)
