"""Synthetic, clearly fictional photos for the demo content and benchmarks.

Nothing here depicts a real person: every picture is drawn from simple
shapes (a background gradient, shoulders, an oval face, hair) with a seeded
random generator, so the same seed always gives the same picture.

The photos behave like phone photos where it matters to the site:

* they are large (3024×4032 by default);
* with ``orientation`` 6 or 8 the pixels are stored rotated and the EXIF
  Orientation tag (0x0112) says how to turn them upright again;
* they carry camera-like EXIF (Make, Model, DateTime) and, on request, GPS
  information, so that metadata stripping can be shown and tested.

Run ``python bench/synthetic.py`` to regenerate ``content/people/photos/``:
one photo for every record in ``content/people/`` that has a ``photo:`` key.
"""

from __future__ import annotations

import io
import random
import sys
import zlib
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter

# --------------------------------------------------------------------------
# palette

SKIN = [
    (244, 210, 186),
    (236, 196, 168),
    (228, 184, 154),
    (216, 168, 134),
    (203, 153, 118),
]
HAIR = [(22, 19, 19), (30, 25, 23), (42, 32, 27), (58, 42, 33)]
GREY_HAIR = [(118, 116, 114), (146, 143, 140), (96, 94, 92)]
SUITS = [(28, 40, 68), (36, 38, 44), (48, 56, 78), (70, 74, 82), (22, 52, 90)]
SHIRTS = [(246, 247, 250), (226, 236, 248), (250, 248, 240)]
TIES = [(150, 28, 38), (30, 60, 120), (90, 30, 60), (40, 40, 40)]
VESTS = [(196, 36, 42), (20, 110, 170)]  # volunteer / service vests
BACKGROUNDS = [
    ((214, 228, 244), (150, 178, 214)),  # light blue, ID-photo style
    ((236, 238, 240), (176, 182, 190)),  # grey studio
    ((226, 238, 232), (160, 190, 176)),  # soft green
    ((244, 236, 224), (200, 182, 160)),  # warm beige
    ((220, 232, 250), (92, 132, 196)),  # deep blue
]
WALLS = [((238, 236, 230), (206, 200, 190)), ((230, 236, 242), (188, 200, 214))]
DESK = [(188, 150, 112), (150, 160, 172), (222, 222, 218)]

# --------------------------------------------------------------------------
# drawing


def _shade(colour: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, round(c * factor))) for c in colour)  # type: ignore[return-value]


def _gradient(
    size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> Image.Image:
    """A smooth vertical gradient from ``top`` to ``bottom``."""
    mask = Image.linear_gradient("L").resize(size, Image.Resampling.BICUBIC)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _look(
    rng: random.Random, *, long_hair: bool | None, grey: bool, badge: bool | None
) -> dict[str, Any]:
    """Choose the colours and details of one figure."""
    if long_hair is None:
        long_hair = rng.random() < 0.5
    style = "short"
    if long_hair:
        style = rng.choice(["long", "long", "bun"])
    outfit = rng.choices(["suit", "shirt", "vest"], weights=[6, 3, 1])[0]
    return {
        "skin": rng.choice(SKIN),
        "hair": rng.choice(GREY_HAIR if grey else HAIR),
        "style": style,
        "part": rng.choice([-1, 1]),
        "outfit": outfit,
        "suit": rng.choice(VESTS if outfit == "vest" else SUITS),
        "shirt": rng.choice(SHIRTS),
        "tie": rng.choice(TIES)
        if (outfit == "suit" and not long_hair and rng.random() < 0.6)
        else None,
        "glasses": rng.random() < 0.25,
        "badge": (rng.random() < 0.5) if badge is None else badge,
        "smile": rng.uniform(0.6, 1.0),
    }


def _figure(d: ImageDraw.ImageDraw, cx: float, cy: float, fh: float, look: dict[str, Any]) -> None:
    """Draw one head-and-shoulders figure; (cx, cy) is the face centre, fh the face height."""
    fw = fh * 0.78
    skin = look["skin"]
    skin_dark = _shade(skin, 0.86)
    hair = look["hair"]
    suit = look["suit"]
    shirt = look["shirt"]

    # hair that falls behind the shoulders
    if look["style"] == "long":
        d.rounded_rectangle(
            (cx - fw * 0.64, cy - fh * 0.45, cx + fw * 0.64, cy + fh * 1.0),
            radius=fw * 0.42,
            fill=hair,
        )

    # shoulders and body
    d.ellipse((cx - fh * 1.28, cy + fh * 0.74, cx + fh * 1.28, cy + fh * 3.3), fill=suit)
    y0 = cy + fh * 0.70
    d.polygon([(cx - fw * 0.40, y0), (cx + fw * 0.40, y0), (cx, cy + fh * 1.48)], fill=shirt)
    if look["outfit"] == "suit":  # lapels
        lapel = _shade(suit, 0.78)
        d.polygon(
            [(cx - fw * 0.40, y0), (cx, cy + fh * 1.48), (cx - fw * 0.52, cy + fh * 1.05)],
            fill=lapel,
        )
        d.polygon(
            [(cx + fw * 0.40, y0), (cx, cy + fh * 1.48), (cx + fw * 0.52, cy + fh * 1.05)],
            fill=lapel,
        )
        d.polygon([(cx - fw * 0.30, y0), (cx + fw * 0.30, y0), (cx, cy + fh * 1.40)], fill=shirt)

    # neck
    d.rounded_rectangle(
        (cx - fw * 0.22, cy + fh * 0.18, cx + fw * 0.22, cy + fh * 0.84),
        radius=fw * 0.18,
        fill=skin_dark,
    )
    if look["tie"] is not None:
        tie = look["tie"]
        d.polygon(
            [
                (cx - fw * 0.07, y0 + fh * 0.10),
                (cx + fw * 0.07, y0 + fh * 0.10),
                (cx + fw * 0.10, cy + fh * 1.30),
                (cx, cy + fh * 1.44),
                (cx - fw * 0.10, cy + fh * 1.30),
            ],
            fill=tie,
        )
        d.polygon(
            [
                (cx - fw * 0.09, y0 + fh * 0.02),
                (cx + fw * 0.09, y0 + fh * 0.02),
                (cx + fw * 0.06, y0 + fh * 0.13),
                (cx - fw * 0.06, y0 + fh * 0.13),
            ],
            fill=_shade(tie, 0.85),
        )
    else:
        d.polygon(
            [
                (cx - fw * 0.22, y0 - fh * 0.02),
                (cx + fw * 0.22, y0 - fh * 0.02),
                (cx, cy + fh * 1.02),
            ],
            fill=skin_dark,
        )
    # collar
    collar = _shade(shirt, 0.93)
    d.polygon(
        [
            (cx - fw * 0.24, cy + fh * 0.66),
            (cx - fw * 0.02, cy + fh * 0.92),
            (cx - fw * 0.36, cy + fh * 0.88),
        ],
        fill=collar,
    )
    d.polygon(
        [
            (cx + fw * 0.24, cy + fh * 0.66),
            (cx + fw * 0.02, cy + fh * 0.92),
            (cx + fw * 0.36, cy + fh * 0.88),
        ],
        fill=collar,
    )
    if look["badge"]:  # a small red badge on the left chest
        bx, by = cx + fh * 0.62, cy + fh * 1.30
        d.ellipse(
            (bx - fh * 0.040, by - fh * 0.040, bx + fh * 0.040, by + fh * 0.040), fill=(200, 24, 32)
        )
        d.ellipse(
            (bx - fh * 0.018, by - fh * 0.018, bx + fh * 0.018, by + fh * 0.018),
            fill=(246, 200, 60),
        )

    # back of the hair, ears, face
    d.ellipse((cx - fw * 0.57, cy - fh * 0.62, cx + fw * 0.57, cy + fh * 0.18), fill=hair)
    if look["style"] == "bun":
        d.ellipse((cx - fw * 0.22, cy - fh * 0.86, cx + fw * 0.22, cy - fh * 0.44), fill=hair)
    for side in (-1, 1):
        ex = cx + side * fw * 0.49
        d.ellipse((ex - fw * 0.08, cy - fh * 0.12, ex + fw * 0.08, cy + fh * 0.10), fill=skin_dark)
    d.ellipse((cx - fw / 2, cy - fh / 2, cx + fw / 2, cy + fh / 2), fill=skin)

    # fringe
    part = look["part"]
    d.chord((cx - fw * 0.55, cy - fh * 0.60, cx + fw * 0.55, cy - fh * 0.02), 180, 360, fill=hair)
    d.ellipse(
        (
            cx + part * fw * 0.05 - fw * 0.36,
            cy - fh * 0.50,
            cx + part * fw * 0.05 + fw * 0.36 + part * fw * 0.12,
            cy - fh * 0.18,
        ),
        fill=hair,
    )
    if look["style"] in ("long", "bun"):
        for side in (-1, 1):
            x1 = cx + side * fw * 0.50
            d.ellipse(
                (
                    min(x1, x1 - side * fw * 0.16) - fw * 0.05,
                    cy - fh * 0.42,
                    max(x1, x1 - side * fw * 0.16) + fw * 0.05,
                    cy + fh * 0.30,
                ),
                fill=hair,
            )

    # eyes and brows, in the upper part of the face
    ye = cy - fh * 0.06
    for side in (-1, 1):
        ex = cx + side * fw * 0.20
        d.ellipse(
            (ex - fw * 0.085, ye - fh * 0.032, ex + fw * 0.085, ye + fh * 0.032),
            fill=(250, 250, 248),
        )
        d.ellipse(
            (ex - fh * 0.028, ye - fh * 0.028, ex + fh * 0.028, ye + fh * 0.028), fill=(52, 36, 28)
        )
        d.ellipse(
            (ex - fh * 0.012, ye - fh * 0.012, ex + fh * 0.012, ye + fh * 0.012), fill=(12, 10, 10)
        )
        d.line(
            [(ex - side * fw * 0.11, ye - fh * 0.080), (ex + side * fw * 0.10, ye - fh * 0.094)],
            fill=_shade(hair, 1.1),
            width=max(1, round(fh * 0.020)),
        )
        if look["glasses"]:
            d.rounded_rectangle(
                (ex - fw * 0.13, ye - fh * 0.06, ex + fw * 0.13, ye + fh * 0.06),
                radius=fh * 0.03,
                outline=(60, 60, 66),
                width=max(1, round(fh * 0.010)),
            )
    if look["glasses"]:
        d.line(
            [(cx - fw * 0.07, ye - fh * 0.01), (cx + fw * 0.07, ye - fh * 0.01)],
            fill=(60, 60, 66),
            width=max(1, round(fh * 0.010)),
        )

    # nose and mouth
    d.line(
        [
            (cx, ye + fh * 0.04),
            (cx - fw * 0.035, cy + fh * 0.13),
            (cx + fw * 0.03, cy + fh * 0.145),
        ],
        fill=_shade(skin, 0.75),
        width=max(1, round(fh * 0.011)),
    )
    s = look["smile"]
    d.arc(
        (cx - fw * 0.15, cy + fh * (0.26 - 0.10 * s), cx + fw * 0.15, cy + fh * 0.29),
        20,
        160,
        fill=(172, 78, 78),
        width=max(1, round(fh * 0.018)),
    )


def _finish(img: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Soften the edges and scale the drawing up to the final size."""
    img = img.filter(ImageFilter.GaussianBlur(max(0.5, img.width / 1260)))
    return img.resize(size, Image.Resampling.BICUBIC)


def upright_portrait(
    seed: int,
    size: tuple[int, int] = (3024, 4032),
    *,
    long_hair: bool | None = None,
    grey: bool = False,
    badge: bool | None = None,
) -> tuple[Image.Image, tuple[float, float]]:
    """The upright portrait and the face centre as fractions of width and height."""
    rng = random.Random(seed)
    w, h = size
    dw, dh = max(1, w // 2), max(1, h // 2)  # draw at half size, then scale up smoothly
    top, bottom = rng.choice(BACKGROUNDS)
    img = _gradient((dw, dh), top, bottom)
    d = ImageDraw.Draw(img)
    fh = 0.29 * min(dh, dw / 0.75)
    cx = dw * (0.5 + rng.uniform(-0.03, 0.03))
    cy = dh * (0.31 + rng.uniform(-0.012, 0.012))
    _figure(d, cx, cy, fh, _look(rng, long_hair=long_hair, grey=grey, badge=badge))
    return _finish(img, size), (round(cx / dw, 2), round(cy / dh, 2))


def upright_group(
    seed: int,
    size: tuple[int, int] = (4032, 3024),
    *,
    count: int = 4,
    banner: tuple[int, int, int] = (190, 30, 40),
) -> Image.Image:
    """A window or branch team: several figures behind a counter under a banner."""
    rng = random.Random(seed)
    w, h = size
    dw, dh = max(1, w // 2), max(1, h // 2)
    top, bottom = rng.choice(WALLS)
    img = _gradient((dw, dh), top, bottom)
    d = ImageDraw.Draw(img)
    d.rectangle((0, dh * 0.06, dw, dh * 0.20), fill=banner)
    d.rectangle((0, dh * 0.185, dw, dh * 0.20), fill=(238, 196, 70))
    fh = dh * min(0.24, 0.95 / count)
    for i in range(count):
        cx = dw * (i + 0.5) / count + rng.uniform(-0.02, 0.02) * dw
        cy = dh * (0.46 + rng.uniform(-0.02, 0.02))
        _figure(d, cx, cy, fh, _look(rng, long_hair=None, grey=rng.random() < 0.15, badge=None))
    desk = rng.choice(DESK)
    d.rectangle((0, dh * 0.74, dw, dh), fill=desk)
    d.rectangle((0, dh * 0.74, dw, dh * 0.77), fill=_shade(desk, 1.12))
    return _finish(img, size)


# --------------------------------------------------------------------------
# JPEG with EXIF

# EXIF Orientation: the stored pixels are the upright picture turned so that
# a viewer applying the tag turns them back (6: rotate 90° clockwise to view,
# 8: rotate 90° counter-clockwise to view).
_STORE = {
    1: None,
    3: Image.Transpose.ROTATE_180,
    6: Image.Transpose.ROTATE_90,
    8: Image.Transpose.ROTATE_270,
}


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    deg = int(value)
    minutes = int((value - deg) * 60)
    seconds = round(((value - deg) * 60 - minutes) * 60, 2)
    return (float(deg), float(minutes), seconds)


def encode(
    img: Image.Image,
    *,
    orientation: int = 1,
    seed: int = 0,
    gps: tuple[float, float] | None = None,
    quality: int = 85,
) -> bytes:
    """Encode an upright picture as a phone-like JPEG."""
    if orientation not in _STORE:
        raise ValueError(f"unsupported orientation {orientation}")
    rng = random.Random(seed ^ 0x5EED)
    transpose = _STORE[orientation]
    stored = img if transpose is None else img.transpose(transpose)
    taken = (
        f"2026:{rng.randint(1, 10):02d}:{rng.randint(1, 28):02d} "
        f"{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    )
    exif = Image.Exif()
    exif[0x010F] = "Shili"  # Make (fictional)
    exif[0x0110] = rng.choice(["Shili S20", "Shili S20 Pro", "Shili Note 9"])  # Model
    exif[0x0112] = orientation  # Orientation
    exif[0x0131] = "ShiliCamera 4.2"  # Software
    exif[0x0132] = taken  # DateTime
    sub = exif.get_ifd(0x8769)  # Exif sub-IFD
    sub[0x9003] = taken  # DateTimeOriginal
    sub[0x9004] = taken  # DateTimeDigitized
    if gps is not None:
        lat, lon = gps
        g = exif.get_ifd(0x8825)
        g[0x0000] = b"\x02\x02\x00\x00"  # GPSVersionID
        g[0x0001] = "N" if lat >= 0 else "S"
        g[0x0002] = _dms(lat)
        g[0x0003] = "E" if lon >= 0 else "W"
        g[0x0004] = _dms(lon)
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=quality, optimize=True, exif=exif.tobytes())
    return out.getvalue()


def portrait(
    seed: int,
    size: tuple[int, int] = (3024, 4032),
    orientation: int = 1,
    *,
    long_hair: bool | None = None,
    grey: bool = False,
    badge: bool | None = None,
    gps: tuple[float, float] | None = None,
    quality: int = 85,
) -> bytes:
    """A synthetic head-and-shoulders portrait as JPEG bytes.

    ``size`` is the upright size a viewer sees. With ``orientation`` 6 or 8
    the stored pixels are rotated (so the file is ``size`` turned on its side)
    and the EXIF Orientation tag tells a viewer how to show it upright.
    """
    img, _focus = upright_portrait(seed, size, long_hair=long_hair, grey=grey, badge=badge)
    return encode(img, orientation=orientation, seed=seed, gps=gps, quality=quality)


def group(
    seed: int,
    size: tuple[int, int] = (4032, 3024),
    orientation: int = 1,
    *,
    count: int = 4,
    banner: tuple[int, int, int] = (190, 30, 40),
    gps: tuple[float, float] | None = None,
    quality: int = 85,
) -> bytes:
    """A synthetic team photo (for windows and party branches) as JPEG bytes."""
    img = upright_group(seed, size, count=count, banner=banner)
    return encode(img, orientation=orientation, seed=seed, gps=gps, quality=quality)


def seed_for(name: str) -> int:
    """A stable seed for a record id (``hash()`` is salted per process)."""
    return zlib.crc32(name.encode("utf-8"))


# --------------------------------------------------------------------------
# the demo photos

FULL = (3024, 4032)  # a phone's main camera, portrait
HALF = (1512, 2016)
FULL_LANDSCAPE = (4032, 3024)
HALF_LANDSCAPE = (2016, 1512)

# photos stored rotated, with the EXIF Orientation tag set
ORIENTATION = {
    "wang-xiaoming": 6,
    "li-jiaqi": 6,
    "sun-lihua": 6,
    "xu-huimin": 6,
    "fu-chunyan": 6,
    "huang-yating": 8,
    "tian-ye": 8,
    "realestate-window": 8,
}
# full phone resolution; the rest are half size to keep the repository small
FULL_SIZE = {"wang-xiaoming", "chen-jing", "sun-lihua", "ma-xiaoyan", "tax-window", "branch-1"}
# photos that still carry a (fictional) GPS position, to show metadata stripping
GPS = {
    "chen-jing": (30.2741, 120.1551),
    "tax-window": (30.2689, 120.1612),
}


def _front_matter(path: Path) -> dict[str, Any]:
    import yaml  # only needed to read the demo records

    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    end = text.index("\n---", 4)
    return yaml.safe_load(text[4:end]) or {}


def demo_photo(person_id: str, record: dict[str, Any]) -> tuple[bytes, tuple[float, float] | None]:
    """The demo photo for one record and, for portraits, the face centre."""
    seed = seed_for(person_id)
    orientation = ORIENTATION.get(person_id, 1)
    gps = GPS.get(person_id)
    kind = record.get("kind", "person")
    full = person_id in FULL_SIZE
    if kind == "person":
        size = FULL if full else HALF
        born = int(record.get("born") or 1990)
        img, focus = upright_portrait(
            seed,
            size,
            long_hair=(record.get("gender") == "女") and (seed % 5 != 0),
            grey=born < 1971,
            badge=record.get("political_status") in ("中共党员", "中共预备党员"),
        )
    else:
        size = FULL_LANDSCAPE if full else HALF_LANDSCAPE
        if kind == "branch":
            img = upright_group(seed, size, count=5, banner=(196, 28, 36))
        else:
            img = upright_group(
                seed,
                size,
                count=max(3, min(5, int(record.get("staff") or 4))),
                banner=(28, 92, 168),
            )
        focus = None
    return encode(img, orientation=orientation, seed=seed, gps=gps), focus


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "content"
    people = root / "people"
    written = 0
    for path in sorted(people.glob("*.md")):
        record = _front_matter(path)
        photo = record.get("photo")
        if not photo:
            continue
        target = (path.parent / photo).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        data, focus = demo_photo(path.stem, record)
        target.write_bytes(data)
        written += 1
        extra = f" focus={list(focus)}" if focus else ""
        print(f"{target.relative_to(root.parent)}  {len(data) // 1024} KiB{extra}")
    print(f"{written} photos written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
