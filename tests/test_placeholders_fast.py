"""Placeholder portraits (the surname in a circle), drawn cheaply and keyed by the font's content.

Real drawings with the shipped font, read back from the cache's files; one real `honours check`
and `mkdocs build` to show that both find the same entries.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from generator.media.placeholders import (
    BACKGROUND,
    CIRCLE,
    INK,
    all_portraits,
    font_digest,
    make_placeholder,
    placeholder_key,
)
from generator.media.portraits import Portrait, PortraitCache, PortraitSettings
from generator.model.records import Content, Organisation, Person, RecordKind
from generator.project.settings import PACKAGE_THEME
from generator.sources.problems import Mark, Problems

from .conftest import BIN, SiteProject, run

FONT = PACKAGE_THEME / "assets/fonts/NotoSansSC-Bold.woff2"
MISSING = "\U00020bb7"  # 𠮷: outside GB 2312, not in the shipped subset


def near(pixel: object, colour: tuple[int, int, int], tolerance: int = 24) -> bool:
    """An RGB pixel (as getpixel or getcolors gives it) within `tolerance` of `colour`."""
    assert isinstance(pixel, tuple) and len(pixel) == 3
    return all(abs(int(a) - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def rendition_images(portrait: Portrait) -> dict[tuple[int, str], Image.Image]:
    """Each file of the placeholder, decoded: (width, "jpeg" | "webp") → RGB image."""
    images = {}
    for rendition in portrait.renditions:
        for kind, name in (("jpeg", rendition.jpeg), ("webp", rendition.webp)):
            with Image.open(portrait.files[name]) as image:
                assert image.format == ("JPEG" if kind == "jpeg" else "WEBP")
                images[rendition.width, kind] = image.convert("RGB")
    return images


def ink_box(image: Image.Image) -> tuple[int, int, int, int]:
    """The box of the white (glyph or silhouette) pixels."""
    red, green, blue = image.split()
    lightest = ImageChops.darker(ImageChops.darker(red, green), blue)  # the background's is 231
    box = lightest.point(lambda v: 255 if v > 245 else 0).getbbox()
    assert box is not None, "no white pixel: the glyph is missing"
    return box


def test_placeholders_have_the_sizes_the_circle_and_the_glyph(tmp_path: Path) -> None:
    cache = PortraitCache(tmp_path, PortraitSettings())
    drawn: dict[str, dict[tuple[int, str], Image.Image]] = {}
    for initial in ("王", "李", "欧阳", "司马"):
        portrait = make_placeholder(initial, FONT, cache)
        assert portrait.framing == "placeholder"
        assert [(r.width, r.height) for r in portrait.renditions] == [(240, 320), (480, 640)]
        images = rendition_images(portrait)
        for (width, kind), image in images.items():
            height = width * 4 // 3
            assert image.size == (width, height)
            cx, cy, radius = width / 2, height * 0.42, width * 0.36
            assert near(image.getpixel((2, 2)), BACKGROUND)
            assert near(image.getpixel((2, height - 3)), BACKGROUND)
            # The circle's rim (inside, clear of the glyph) is red, and so is its top and bottom.
            for x, y in (
                (cx - radius * 0.9, cy),
                (cx, cy - radius * 0.93),
                (cx, cy + radius * 0.93),
            ):
                assert near(image.getpixel((round(x), round(y))), CIRCLE), (initial, width, x, y)
            colours = image.getcolors(maxcolors=width * height) or []
            red = sum(n for n, c in colours if near(c, CIRCLE, 40))
            white = sum(n for n, c in colours if near(c, INK, 20))
            assert red > 0.25 * width * height  # the circle: π·0.36² of the width squared
            assert white > 0.02 * width * height, (initial, width)  # the glyph
            if kind == "jpeg":
                continue  # JPEG rings around the glyph: measure its place on the lossless WebP
            # The glyph sits inside the circle, centred on it within a few pixels.
            left, top, right, bottom = ink_box(image)
            assert cx - radius < left and right < cx + radius
            assert cy - radius < top and bottom < cy + radius
            assert abs((left + right) / 2 - cx) < width * 0.03, (initial, width)
            assert abs((top + bottom) / 2 - cy) < width * 0.04, (initial, width)
        drawn[initial] = images
    # Each surname is its own drawing; the two-character ones are set smaller to fit.
    assert len({images[480, "webp"].tobytes() for images in drawn.values()}) == 4
    single = ink_box(drawn["王"][480, "webp"])
    double = ink_box(drawn["欧阳"][480, "webp"])
    assert double[3] - double[1] < single[3] - single[1]
    assert double[2] - double[0] <= 480 * 0.72


def test_a_character_missing_from_the_font_gives_the_silhouette(tmp_path: Path) -> None:
    cache = PortraitCache(tmp_path, PortraitSettings())
    rare = rendition_images(make_placeholder(MISSING, FONT, cache))
    compound = rendition_images(make_placeholder("欧" + MISSING, FONT, cache))
    fontless = rendition_images(make_placeholder("王", None, cache))
    wang = rendition_images(make_placeholder("王", FONT, cache))
    for size in ((240, "webp"), (480, "webp")):
        # One silhouette for every placeholder the font cannot draw (the WebP is lossless).
        assert rare[size].tobytes() == compound[size].tobytes() == fontless[size].tobytes()
        assert rare[size].tobytes() != wang[size].tobytes()
    image = rare[480, "webp"]
    cx, cy, radius = 240, 640 * 0.42, 480 * 0.36
    head_y = cy - radius * 0.62 + radius * 0.36  # the head's centre
    assert near(image.getpixel((cx, round(head_y))), INK)
    assert near(image.getpixel((cx, round(cy + radius * 0.5))), INK)  # the shoulders
    assert near(image.getpixel((round(cx + radius * 0.3), round(cy + radius * 0.05))), CIRCLE)
    assert near(image.getpixel((cx, round(cy - radius * 0.7))), CIRCLE)  # above the head
    assert near(image.getpixel((round(cx - radius * 0.8), round(cy))), CIRCLE)


def test_the_same_surname_is_drawn_once(tmp_path: Path) -> None:
    """Two people named 王 in one build share one drawing; the next build draws nothing."""
    people = [
        Person(
            id=pid, kind=RecordKind.PERSON, name=name, unit="u", mark=Mark(tmp_path / f"{pid}.md")
        )
        for pid, name in (("a", "王小明"), ("b", "王大力"), ("c", "欧阳娜娜"))
    ]
    organisation = Organisation("中心", None, None, None, (), None, frozenset())
    content = Content(Path("."), organisation, {}, {p.id: p for p in people}, {}, [])
    folder = tmp_path / "cache"
    portraits = all_portraits(content, PortraitCache(folder, PortraitSettings()), Problems(), FONT)
    assert {p.person_id for p in portraits.values()} == {"a", "b", "c"}
    assert portraits["a"].renditions == portraits["b"].renditions != portraits["c"].renditions
    files = sorted(folder.glob("*-*"))
    assert len(files) == 2 * 2 * 2  # two surnames, 240 and 480 wide, JPEG and WebP
    written = {f: (f.stat().st_ino, f.stat().st_mtime_ns) for f in files}
    again = all_portraits(content, PortraitCache(folder, PortraitSettings()), Problems(), FONT)
    assert again == portraits
    assert {f: (f.stat().st_ino, f.stat().st_mtime_ns) for f in folder.glob("*-*")} == written
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert sum(1 for e in manifest["outputs"].values() if e["framing"] == "placeholder") == 2


def test_the_key_is_the_fonts_content_not_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = PortraitSettings()
    copy = tmp_path / "theme/assets/fonts/NotoSansSC-Bold.woff2"
    copy.parent.mkdir(parents=True)
    shutil.copy(FONT, copy)
    monkeypatch.chdir(tmp_path)
    relative = Path("theme/assets/fonts/NotoSansSC-Bold.woff2")
    key = placeholder_key("王", FONT, settings)
    assert placeholder_key("王", copy, settings) == key
    assert placeholder_key("王", relative, settings) == key
    assert placeholder_key("李", FONT, settings) != key
    # Another font file, and the same path holding another font, give other keys.
    other = tmp_path / "other.woff2"
    other.write_bytes(FONT.read_bytes()[: FONT.stat().st_size // 2])
    assert placeholder_key("王", other, settings) != key
    copy.write_bytes(FONT.read_bytes() + b"\0")
    os.utime(copy, ns=(1, 1))  # a different size and time, as a replaced file has
    assert font_digest(copy) != font_digest(FONT)
    assert placeholder_key("王", copy, settings) != key
    # No font, or a folder where the font should be: the silhouette's key, the same for both.
    assert placeholder_key("王", None, settings) == placeholder_key("王", tmp_path, settings)
    assert placeholder_key("王", None, settings) != key


def test_a_broken_font_draws_the_silhouette(tmp_path: Path) -> None:
    broken = tmp_path / "broken.woff2"
    broken.write_bytes(FONT.read_bytes()[:4096])
    cache = PortraitCache(tmp_path / "cache", PortraitSettings())
    drawn = rendition_images(make_placeholder("王", broken, cache))
    fontless = rendition_images(make_placeholder("王", None, cache))
    assert drawn[480, "webp"].tobytes() == fontless[480, "webp"].tobytes()


def test_check_and_build_share_the_placeholders(project: SiteProject) -> None:
    """`honours check` and `mkdocs build`, both run from the folder above with a relative
    mkdocs.yml, find the centre's font at different paths (one absolute, one relative): the
    site has the placeholders the check drew, under the same keys."""
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("  name: material\n", "  name: material\n  custom_dir: theme\n"))
    font = project.root / "theme/assets/fonts/NotoSansSC-Bold.woff2"
    font.parent.mkdir(parents=True)
    shutil.copy(FONT, font)
    above, relative = project.root.parent, Path(project.root.name) / "mkdocs.yml"
    checked = run(BIN / "honours", "check", "-f", relative, cwd=above)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    manifest = json.loads((project.root / ".cache/portraits/manifest.json").read_text("utf-8"))
    drawn = {k[:8] for k, e in manifest["outputs"].items() if e["framing"] == "placeholder"}
    assert len(drawn) == 2  # 李华 and the window 税务综合窗口, the two without a photo
    built = run(BIN / "mkdocs", "build", "-q", "-f", relative, cwd=above)
    assert built.returncode == 0, built.stdout + built.stderr
    # The site names each placeholder by the first 8 characters of its key.
    published = {p.name.split("-")[1] for p in (project.root / "site/portraits").iterdir()}
    assert {k for k in published if k in drawn} == drawn
    assert len([p for p in (project.root / "site/portraits").glob("placeholder-*")]) == 2 * 2 * 2
    page = project.page("people/li-hua")
    image = page.select_one("picture.hb-placeholder img")
    assert image is not None and str(image["src"]).split("placeholder-")[1][:8] in drawn
