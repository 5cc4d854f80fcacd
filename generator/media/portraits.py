"""Portraits: face-centred, upright, metadata-free renditions of the original photos.

Each photo becomes several widths (never upscaled) in WebP and JPEG, written
from fresh pixels so no EXIF, GPS, XMP, ICC or comment survives. Outputs are
cached in `.cache/portraits/` under a key made of the source's content hash,
the crop parameters and the pipeline version, with a manifest; unchanged
photos are not decoded again, and deleting the cache is always safe.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from PIL import Image

from ..model.records import Content, Person, RecordKind
from ..sources.atomic import atomic_file
from ..sources.problems import Problems, os_reason
from ..sources.store import KEEP_RUNS
from .faces import Face, at, detector_name, find_faces
from .imaging import PhotoError, open_photo, read_photo

PIPELINE_VERSION = "5"  # 5: head-and-shoulders zoom, second look for faces, transparency masks


class Framing(StrEnum):
    """How a portrait was cropped (recorded in the cache's manifest as the value)."""

    FOCUS = "focus"  # around the record's photo_focus
    FACE = "face"  # head and shoulders around the faces found
    NONE = "none"  # no face found: upper centre
    WHOLE = "whole"  # a team's photo (集体照): the whole picture, at its own aspect
    PLACEHOLDER = "placeholder"  # no photo: a drawn placeholder


@dataclass(frozen=True)
class PortraitSettings:
    widths: tuple[int, ...] = (240, 480, 960)
    aspect: tuple[int, int] = (3, 4)
    background: tuple[int, int, int] = (255, 255, 255)
    jpeg_quality: int = 82
    webp_quality: int = 80

    @property
    def sharp(self) -> int:
        """The narrowest a portrait should be: the middle width, the one browsers without
        srcset get and about what the profile page shows on a phone. A small face is never
        cropped narrower than this, and a photo narrower than this is reported."""
        return sorted(self.widths)[len(self.widths) // 2]

    @property
    def params(self) -> str:
        return f"{self.widths}:{self.aspect}:{self.background}:{self.jpeg_quality}:{self.webp_quality}:{detector_name()}:{PIPELINE_VERSION}"


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    jpeg: str  # src_uri in the site
    webp: str


@dataclass(frozen=True)
class Portrait:
    person_id: str
    renditions: tuple[Rendition, ...]  # ascending width
    colour: str  # dominant colour, shown while the image loads
    framing: Framing
    files: dict[str, Path] = field(default_factory=dict, compare=False, repr=False)

    @property
    def largest(self) -> Rendition:
        return self.renditions[-1]

    @property
    def default(self) -> Rendition:
        """The JPEG for browsers without srcset: the middle width."""
        return self.renditions[len(self.renditions) // 2]


def parse_aspect(text: str) -> tuple[int, int]:
    """`3:4` → (3, 4)."""
    parts = str(text).split(":")
    if len(parts) != 2 or not all(p.strip().isdigit() and int(p) > 0 for p in parts):
        raise ValueError(f"portrait_aspect 的值“{text}”无效：应写作 宽:高，如 3:4")
    return int(parts[0]), int(parts[1])


# -- the crop ---------------------------------------------------------------------------------
FACE_SHARE = 1 / 3  # of the crop's width, when a small face is framed head and shoulders
# A record's photo_focus: (x, y), fractions of the photo's width and height, or (x, y, w) with
# the face's width as a fraction of the photo's width (what the record may one day carry).
Focus = tuple[float, float] | tuple[float, float, float]


def crop_box(
    size: tuple[int, int],
    aspect: tuple[int, int],
    focus: Focus | None = None,
    faces: Iterable[Face] = (),
    least: float = 0,
) -> tuple[tuple[int, int, int, int], Framing]:
    """The crop: `focus` wins; else head-and-shoulders around the faces; else upper centre.

    The point of interest sits in the upper third of the crop. The crop is the largest
    box of the aspect the picture holds, unless a face is small in it: then it tightens to
    head and shoulders, the face FACE_SHARE of its width (a group: every face, with a face's
    width to spare each side), but never narrower than `least` pixels, so that a tiny face
    is not blown up into a blur. A focus point zooms by the face it falls on (one of
    `faces`, or the width a three-number focus gives); a focus on no face only moves the crop.
    """
    width, height = size
    full_w = min(width, height * aspect[0] / aspect[1])
    faces = list(faces)
    wanted = full_w
    if focus is not None:
        cx, cy, framing = focus[0] * width, focus[1] * height, Framing.FOCUS
        if len(focus) == 3:
            wanted = focus[2] * width / FACE_SHARE
        else:
            under = [f for f in faces if at(f, (focus[0], focus[1]))]
            if under:  # the face under the point, the nearest if faces touch
                face = min(under, key=lambda f: abs(f[0] + f[2] / 2 - focus[0]))
                wanted = _span([face], size, aspect)
    elif faces:
        largest = faces[0][2] * faces[0][3]
        group = [f for f in faces if f[2] * f[3] >= largest * 0.35]  # the people, not a stray match
        left = min(f[0] for f in group) * width
        right = max(f[0] + f[2] for f in group) * width
        top = min(f[1] for f in group) * height
        bottom = max(f[1] + f[3] for f in group) * height
        wanted = _span(group, size, aspect)
        cx, cy, framing = (left + right) / 2, (top + bottom) / 2, Framing.FACE
    else:
        cx, cy, framing = width / 2, height * 0.38, Framing.NONE
    box_w = min(full_w, max(wanted, least))
    box_h = box_w * aspect[1] / aspect[0]
    left = min(max(cx - box_w / 2, 0), width - box_w)
    top = min(max(cy - box_h / 3, 0), height - box_h)
    return (round(left), round(top), round(left + box_w), round(top + box_h)), framing


def _span(group: list[Face], size: tuple[int, int], aspect: tuple[int, int]) -> float:
    """The width (pixels) of a head-and-shoulders crop of these faces.

    One face is FACE_SHARE of the width; a row of faces gets a face's width each side;
    faces one above another get room for the shoulders of the lowest (three face heights
    below the top one's top, the crop's height being four times a face's).
    """
    width, height = size
    face_w = max(f[2] for f in group) * width
    face_h = max(f[3] for f in group) * height
    left = min(f[0] for f in group) * width
    right = max(f[0] + f[2] for f in group) * width
    top = min(f[1] for f in group) * height
    bottom = max(f[1] + f[3] for f in group) * height
    tall = bottom - top + 3 * face_h
    return max(face_w / FACE_SHARE, right - left + 2 * face_w, tall * aspect[0] / aspect[1])


# -- one photo (runs in a worker process) ---------------------------------------------------
def render(
    source: Path,
    focus: Focus | None,
    out_dir: Path,
    key: str,
    settings: PortraitSettings,
    whole: bool = False,
) -> dict[str, Any]:
    """The renditions of one photo into `out_dir`; `whole`: a team's photo, not cropped at all
    (a group of people in a landscape picture has no face to centre on)."""
    started = time.perf_counter()
    largest = max(settings.widths)
    tall = round(largest * settings.aspect[1] / settings.aspect[0])
    photo = open_photo(source, longest=tall, background=settings.background)
    picture = photo.image
    original = photo.original
    if whole:
        return render_whole(picture, original, out_dir, key, settings, Framing.WHOLE, started)
    if focus is not None and len(focus) == 3:
        faces = []  # the record says how large the face is
    else:
        faces = find_faces(picture, near=None if focus is None else (focus[0], focus[1]))
    # Never narrower than `sharp` pixels of the original: a tighter crop of a small face
    # would be a blur on the profile page.
    least = settings.sharp * photo.scale
    box, framing = crop_box(picture.size, settings.aspect, focus, faces, least)
    if box[2] - box[0] < largest:
        # A small face in a big scene, decoded at reduced scale: decode again, as large as it needs.
        fraction = (box[2] - box[0]) / picture.width
        decoded = picture.size
        del picture, photo
        picture = read_photo(
            source, longest=_needed(decoded, fraction, largest), background=settings.background
        )
        factor = picture.width / decoded[0]
        box = (
            round(box[0] * factor),
            round(box[1] * factor),
            round(box[2] * factor),
            round(box[3] * factor),
        )
    cropped = picture.crop(box)
    del picture
    # Never upscaled: the largest rendition is the crop itself when it is narrower than asked.
    widths = sorted(
        {w for w in settings.widths if w < cropped.width} | {min(largest, cropped.width)}
    )
    sizes = []
    current = cropped
    for width in reversed(
        widths
    ):  # largest first, each from the one before: cheaper than from the crop
        height = round(width * settings.aspect[1] / settings.aspect[0])
        current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        current.info = {}  # resize() copies the source's info (EXIF, ICC, XMP, comment): drop all of it
        _save_both(current, out_dir, key, width, settings)
        sizes.append((width, height))
    red, green, blue = current.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # type: ignore[misc]
    return {
        "sizes": sorted(sizes),
        "colour": f"#{red:02x}{green:02x}{blue:02x}",
        "framing": framing.value,
        "photo": list(original),
        "seconds": round(time.perf_counter() - started, 4),
    }


def render_whole(
    picture: Image.Image,
    original: tuple[int, int],
    out_dir: Path,
    key: str,
    settings: PortraitSettings,
    framing: Framing,
    started: float,
) -> dict[str, Any]:
    """A picture at the widths of `settings` (never upscaled), keeping its own aspect: a
    team's photo (集体照), a board's image; the entry the cache keeps."""
    largest = max(settings.widths)
    widths = sorted(
        {w for w in settings.widths if w < picture.width} | {min(largest, picture.width)}
    )
    sizes = []
    current = picture
    for width in reversed(widths):
        height = max(1, round(width * picture.height / picture.width))
        current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        current.info = {}  # no EXIF, ICC, XMP or comment survives
        _save_both(current, out_dir, key, width, settings)
        sizes.append((width, height))
    red, green, blue = current.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # type: ignore[misc]
    return {
        "sizes": sorted(sizes),
        "colour": f"#{red:02x}{green:02x}{blue:02x}",
        "framing": framing.value,
        "photo": list(original),
        "seconds": round(time.perf_counter() - started, 4),
    }


def _save_both(
    image: Image.Image, out_dir: Path, key: str, width: int, settings: PortraitSettings
) -> None:
    save_image(
        image,
        out_dir / f"{key}-{width}.jpg",
        "JPEG",
        quality=settings.jpeg_quality,
        optimize=True,
        progressive=True,
    )
    save_image(
        image, out_dir / f"{key}-{width}.webp", "WEBP", quality=settings.webp_quality, method=4
    )


def _needed(size: tuple[int, int], fraction: float, width: int) -> int:
    """The longest side to decode so that a crop `fraction` of the width is `width` pixels."""
    return round(max(size) * width / (fraction * size[0]))


def save_image(image: Image.Image, path: Path, fmt: str, **options: Any) -> None:
    with atomic_file(path) as handle:
        image.save(handle, fmt, **options)


def _render_job(
    job: tuple[str, str, Focus | None, str, str, PortraitSettings, bool],
) -> tuple[str, dict[str, Any] | str]:
    person_id, source, focus, out_dir, key, settings, whole = job
    try:
        return person_id, render(Path(source), focus, Path(out_dir), key, settings, whole)
    except PhotoError as exc:
        return person_id, str(exc)


# -- the cache ---------------------------------------------------------------------------------
# An output file: the key (20 hex digits), the width, the format.
_OUTPUT_FILE = re.compile(r"[0-9a-f]{20}-[0-9]+\.(?:jpg|webp)")
# A file no entry of the manifest names is deleted once it is this old (seconds): younger, it
# may be the work of a build running beside this one, which has not saved its manifest yet.
ORPHAN_AGE = 3600


class PortraitCache:
    """`.cache/portraits/`: outputs named by key, a manifest of what each key produced.

    The manifest also counts the runs that saved it and, for each output key and each source
    photo, the last run that used it: at `save`, an output that none of the last `KEEP_RUNS`
    runs used is deleted with its files, and so is the record of a photo no run reads any
    more."""

    def __init__(self, folder: Path, settings: PortraitSettings) -> None:
        self.folder = folder
        self.settings = settings
        folder.mkdir(parents=True, exist_ok=True)
        try:
            manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
            if manifest.get("version") != PIPELINE_VERSION:
                raise ValueError
            outputs, sources = manifest["outputs"], manifest["sources"]
            if not isinstance(outputs, dict) or not isinstance(sources, dict):
                raise ValueError
        except (OSError, ValueError, AttributeError, KeyError):
            outputs, sources, manifest = {}, {}, {}
        # Entries of another shape (a damaged manifest) are left out: made again if needed.
        self.outputs: dict[str, dict[str, Any]] = {
            k: v
            for k, v in outputs.items()
            if isinstance(v, dict) and isinstance(v.get("sizes"), list)
        }
        self.sources: dict[str, dict[str, Any]] = {
            k: v
            for k, v in sources.items()
            if isinstance(v, dict) and {"size", "mtime_ns", "sha256"} <= v.keys()
        }
        runs = manifest.get("runs")
        self.run = runs + 1 if isinstance(runs, int) and runs >= 0 else 1
        used = manifest.get("used")
        used = used if isinstance(used, dict) else {}
        # An output the manifest has no run for (one written before runs were counted) counts
        # as used by this run: it gets KEEP_RUNS runs like any other.
        self.used: dict[str, int] = {
            k: min(used[k], self.run) if isinstance(used.get(k), int) else self.run
            for k in self.outputs
        }

    def key(self, source: Path, focus: Focus | None, whole: bool = False) -> str:
        """The output's key: the photo's content, the focus, the settings and, for a team's
        photo kept whole, that it is."""
        stat = source.stat()
        known = self.sources.get(str(source))
        if known and known["size"] == stat.st_size and known["mtime_ns"] == stat.st_mtime_ns:
            digest = known["sha256"]
        else:
            digest = hashlib.sha256(source.read_bytes()).hexdigest()
            self.sources[str(source)] = {
                "size": stat.st_size,
                "mtime_ns": stat.st_mtime_ns,
                "sha256": digest,
            }
        self.sources[str(source)]["run"] = self.run
        shape = ":whole" if whole else ""
        return hashlib.sha256(
            f"{digest}:{focus}:{self.settings.params}{shape}".encode()
        ).hexdigest()[:20]

    def hit(self, key: str) -> dict[str, Any] | None:
        entry = self.outputs.get(key)
        if entry is None:
            return None
        for width, _ in entry["sizes"]:
            if (
                not (self.folder / f"{key}-{width}.jpg").is_file()
                or not (self.folder / f"{key}-{width}.webp").is_file()
            ):
                return None
        self.used[key] = self.run
        return entry

    def save(self) -> None:
        """Prune (see the class), then write the manifest. An output added to `outputs` in
        this run counts as used by it."""
        for key in self.outputs:
            self.used.setdefault(key, self.run)
        oldest = self.run - KEEP_RUNS  # used in this run or before: unused by the last KEEP_RUNS
        dropped = {k for k in self.outputs if self.used[k] <= oldest}
        for key in dropped:
            del self.outputs[key]
            del self.used[key]
        self.sources = {
            path: entry
            for path, entry in self.sources.items()
            if isinstance(entry.get("run"), int) and entry["run"] > oldest
        }
        self._delete_orphans(dropped)
        manifest = {
            "version": PIPELINE_VERSION,
            "runs": self.run,
            "outputs": self.outputs,
            "sources": self.sources,
            "used": self.used,
        }
        with atomic_file(self.folder / "manifest.json") as handle:
            handle.write(json.dumps(manifest, ensure_ascii=False, indent=1).encode())

    def _delete_orphans(self, dropped: set[str]) -> None:
        """Delete the output files no entry names: those of the `dropped` entries, and those of
        an older pipeline version or of a run that stopped before saving (once ORPHAN_AGE
        old)."""
        named = {
            f"{key}-{width}.{suffix}"
            for key, entry in self.outputs.items()
            for width, _ in entry.get("sizes", ())
            for suffix in ("jpg", "webp")
        }
        now = time.time()
        try:
            listing = list(os.scandir(self.folder))
        except OSError:
            return
        for item in listing:
            if item.name in named or not _OUTPUT_FILE.fullmatch(item.name):
                continue
            try:
                if item.name[:20] in dropped or now - item.stat().st_mtime > ORPHAN_AGE:
                    os.unlink(item.path)
            except OSError:
                continue  # gone already, or not ours to delete: the next save tries again

    def portrait(
        self,
        person_id: str,
        key: str,
        entry: dict[str, Any],
        name: str | None = None,
        stem: str | None = None,
    ) -> Portrait:
        """The output `key` as the site publishes it: `<stem>-<width>.jpg` (and .webp), the
        stem by default `portraits/<name or id>-<key's start>`."""
        self.used[key] = self.run
        stem = stem or f"portraits/{name or person_id}-{key[:8]}"
        renditions, files = [], {}
        for width, height in entry["sizes"]:
            rendition = Rendition(width, height, f"{stem}-{width}.jpg", f"{stem}-{width}.webp")
            files[rendition.jpeg] = self.folder / f"{key}-{width}.jpg"
            files[rendition.webp] = self.folder / f"{key}-{width}.webp"
            renditions.append(rendition)
        return Portrait(
            person_id, tuple(renditions), entry["colour"], Framing(entry["framing"]), files
        )


# -- all photos of a build ------------------------------------------------------------------
def make_portraits(
    content: Content, cache: PortraitCache, problems: Problems, workers: int | None = None
) -> dict[str, Portrait]:
    """A portrait per record with a photo; a bad photo is a problem of that record only.

    The caller saves the cache's manifest when the build has used it.
    """
    settings = cache.settings
    people = [p for p in content.people.values() if p.photo is not None]
    keys: dict[str, str] = {}
    failed: dict[str, str] = {}
    for person in people:
        assert person.photo is not None
        try:
            keys[person.id] = cache.key(person.photo, person.photo_focus, whole_photo(person))
        except OSError as exc:  # gone or unreadable since the records were read
            failed[person.id] = f"无法读取：{os_reason(exc)}"
    jobs = [
        (
            p.id,
            str(p.photo),
            p.photo_focus,
            str(cache.folder),
            keys[p.id],
            settings,
            whole_photo(p),
        )
        for p in people
        if p.id in keys and cache.hit(keys[p.id]) is None
    ]
    for person_id, outcome in _run(jobs, workers):
        if isinstance(outcome, str):
            failed[person_id] = outcome
        else:
            cache.outputs[keys[person_id]] = outcome
    result = {}
    for person in people:
        assert person.photo is not None
        mark = person.field_marks.get("photo", person.mark)
        if person.id in failed:
            problems.error(mark, f"照片“{person.photo.name}”{failed[person.id]}")
            continue
        entry = cache.outputs[keys[person.id]]
        portrait = cache.portrait(person.id, keys[person.id], entry)
        if portrait.framing == Framing.NONE and detector_name() != "none":
            problems.warning(
                mark,
                f"照片“{person.photo.name}”中未检测到人脸，已按上部居中裁剪；如需调整，请填写 photo_focus: [x, y]",
            )
        small = too_small(entry.get("photo"), settings, whole_photo(person))
        if small:
            problems.warning(mark, f"照片“{person.photo.name}”{small}")
        result[person.id] = portrait
    return result


def whole_photo(person: Person) -> bool:
    """A team's photo (集体照) is shown whole, at its own aspect: never cut to a face."""
    return person.kind == RecordKind.TEAM


def too_small(photo: object, settings: PortraitSettings, whole: bool = False) -> str | None:
    """What to tell staff about a photo too small for a sharp portrait, or None.

    The widest crop the photo holds (all of it, at the portrait's aspect) is what decides:
    narrower than `settings.sharp`, the page's stylesheet stretches it to the portrait's
    width and it shows blurred. (Not narrower than the largest width: a 600×800 photo or a
    two-inch ID photo, 413×579, is sharp enough on most phones, and --strict builds would stop
    on every one of them.) A team's photo (`whole`) is not cropped: its own width decides.
    """
    if not (isinstance(photo, list) and len(photo) == 2 and all(isinstance(n, int) for n in photo)):
        return None
    width, height = photo
    across, down = settings.aspect
    widest = width if whole else min(width, height * across // down)
    if widest >= settings.sharp:
        return None
    # The crop is named when it loses much of the width (a landscape photo), not a few pixels.
    cropped = f"按 {across}:{down} 裁剪后宽仅 {widest} 像素，" if widest < width * 0.9 else ""
    largest = max(settings.widths)
    wanted = f"{largest} 像素宽" if whole else f"{largest}×{largest * down // across} 像素"
    what = "集体照" if whole else "肖像"
    return (
        f"仅 {width}×{height} 像素，{cropped}不足{what}所需的 {settings.sharp} 像素宽，"
        f"网页上将被放大显示而模糊；请提供更清晰的原图（宜不小于 {wanted}）"
    )


def _run(jobs: list[Any], workers: int | None) -> Iterable[tuple[str, dict[str, Any] | str]]:
    progress = Progress(len(jobs)) if len(jobs) > 5 else None
    if len(jobs) <= 2 or workers == 1:
        results: Iterable[tuple[str, dict[str, Any] | str]] = map(_render_job, jobs)
    else:
        # spawn, not fork: a forked copy of a process with threads (mkdocs serve's server, a
        # test runner's workers) can inherit a lock held by another thread and never start.
        pool = ProcessPoolExecutor(
            max_workers=min(workers or os.cpu_count() or 1, len(jobs)),
            mp_context=multiprocessing.get_context("spawn"),
        )
        results = _pooled(pool, jobs)
    for done, item in enumerate(results, start=1):
        if progress:
            progress.update(done)
        yield item
    if progress:
        progress.close()


def _pooled(
    pool: ProcessPoolExecutor, jobs: list[Any]
) -> Iterable[tuple[str, dict[str, Any] | str]]:
    with pool:
        yield from pool.map(_render_job, jobs, chunksize=1)


class Progress:
    """A progress bar on the terminal; a line at start and end elsewhere."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.tty = sys.stderr.isatty()
        print(f"正在处理 {total} 张照片……", file=sys.stderr, flush=True)

    def update(self, done: int) -> None:
        if self.tty:
            filled = round(30 * done / self.total)
            print(
                f"\r[{'#' * filled}{'-' * (30 - filled)}] {done}/{self.total}",
                end="",
                file=sys.stderr,
                flush=True,
            )

    def close(self) -> None:
        print(
            ("\n" if self.tty else "") + f"照片处理完成：{self.total} 张。",
            file=sys.stderr,
            flush=True,
        )
