"""Portraits that look like portraits: head and shoulders when the face is small, a second
look for small faces, a warning for photos too small to be sharp, and transparency flattened
without a trace of the transparent colour."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy
import pytest
from PIL import Image, ImageDraw, ImageFilter

from generator.media import faces
from generator.media.faces import find_faces
from generator.media.imaging import read_photo
from generator.media.portraits import PortraitSettings, crop_box, render

from .conftest import SiteProject, jpeg

DATA = Path(__file__).parent / "data"
# Where the astronaut's face is in tests/data/astronaut.jpg, as the detector finds it.
FACE_X, FACE_Y, FACE_W = 0.34, 0.123, 0.2  # left, top, width (fractions of her picture)
WALL = (150, 160, 150)


def phone_photo(path: Path, side: int, at: tuple[int, int]) -> tuple[float, float, float]:
    """A 3024×4032 phone photo: a plain wall, the astronaut's picture `side` pixels square
    pasted at `at`. Returns where her face centre is and its width, as fractions."""
    scene = Image.new("RGB", (3024, 4032), WALL)
    with Image.open(DATA / "astronaut.jpg") as her:
        scene.paste(her.convert("RGB").resize((side, side), Image.Resampling.LANCZOS), at)
    scene.save(path, "JPEG", quality=92)
    centre_x = (at[0] + (FACE_X + FACE_W / 2) * side) / 3024
    centre_y = (at[1] + (FACE_Y + FACE_W / 2) * side) / 4032
    return centre_x, centre_y, FACE_W * side / 3024


def face_in(path: Path) -> tuple[float, float, float]:
    """The face found in a rendition: its centre and its share of the width."""
    with Image.open(path) as rendition:
        found = find_faces(rendition.convert("RGB"))
    assert found, f"no face in {path.name}"
    left, top, width, height = found[0]
    return left + width / 2, top + height / 2, width


# -- head and shoulders -------------------------------------------------------------------------
def test_small_face_off_centre_is_framed_head_and_shoulders(tmp_path: Path) -> None:
    source = tmp_path / "phone.jpg"
    x, _, share = phone_photo(source, 1260, (1700, 600))
    assert share < 1 / 11 and x > 0.7  # a small face, well off to the right
    # The first, quick look gives up on a face this small: only the second finds it.
    picture = read_photo(source, longest=1280)
    cascades = faces._cascades()
    assert cascades is not None
    assert faces._first_look(cascades[0], picture.convert("L")) == []
    found = find_faces(picture)
    assert len(found) == 1 and abs(found[0][0] + found[0][2] / 2 - x) < 0.02

    result = render(source, None, tmp_path, "p", PortraitSettings())
    assert result["framing"] == "face"
    assert result["photo"] == [3024, 4032]
    width, height = result["sizes"][-1]
    # A third of the crop is the face: about three face widths of the original, not 3024.
    assert 0.8 * 3 * share * 3024 < width < 1.25 * 3 * share * 3024
    assert (width, height) == (width, round(width * 4 / 3))
    centre_x, centre_y, face_share = face_in(tmp_path / f"p-{width}.jpg")
    assert 0.4 < centre_x < 0.6  # centred, not in a corner
    assert 0.2 < centre_y < 0.45  # in the upper part, room for the shoulders below
    assert 0.27 < face_share < 0.4  # about a third of the width


def test_focus_on_a_small_face_zooms_to_it(tmp_path: Path) -> None:
    source = tmp_path / "phone.jpg"
    x, y, share = phone_photo(source, 1260, (1700, 600))
    result = render(source, (x, y), tmp_path, "f", PortraitSettings())
    assert result["framing"] == "focus"
    width = result["sizes"][-1][0]
    assert width < 3 * share * 3024 * 1.25
    centre_x, centre_y, face_share = face_in(tmp_path / f"f-{width}.jpg")
    assert abs(centre_x - 0.5) < 0.06 and abs(centre_y - 1 / 3) < 0.08  # the focus: upper third
    assert 0.27 < face_share < 0.4


def test_focus_on_no_face_only_moves_the_crop(tmp_path: Path) -> None:
    source = tmp_path / "phone.jpg"
    phone_photo(source, 1260, (1700, 600))
    result = render(source, (0.2, 0.8), tmp_path, "w", PortraitSettings())
    assert result["framing"] == "focus"
    assert result["sizes"][-1] == (960, 1280)  # the whole 3024-wide frame, scaled down


def test_tiny_face_is_not_blown_up_past_the_sharp_width(tmp_path: Path) -> None:
    # A face 1/16 of the width of a 1512×2016 photo: three face widths would be 288 pixels.
    scene = Image.new("RGB", (1512, 2016), WALL)
    with Image.open(DATA / "astronaut.jpg") as her:
        scene.paste(her.convert("RGB").resize((480, 480), Image.Resampling.LANCZOS), (900, 300))
    scene.save(tmp_path / "far.jpg", "JPEG", quality=92)
    result = render(tmp_path / "far.jpg", None, tmp_path, "t", PortraitSettings())
    assert result["framing"] == "face"
    assert result["sizes"][-1] == (480, 640)  # PortraitSettings().sharp, not 288
    centre_x, _, face_share = face_in(tmp_path / "t-480.jpg")
    assert 0.4 < centre_x < 0.6 and face_share < 0.3


def test_crop_geometry() -> None:
    face = (0.7, 0.2, 0.06, 0.045)  # 180×180 pixels in a 3000×4000 photo
    # Head and shoulders: three face widths, the face centre (2190, 890) a third of the way down.
    assert crop_box((3000, 4000), (3, 4), faces=[face]) == ((1920, 650, 2460, 1370), "face")
    # Never narrower than `least`, still around the face.
    assert crop_box((3000, 4000), (3, 4), faces=[face], least=960) == (
        (1710, 463, 2670, 1743),
        "face",
    )
    # A face already a third of the frame or more: the whole frame, as before.
    assert crop_box((3000, 4000), (3, 4), faces=[(0.3, 0.2, 0.4, 0.3)])[0] == (0, 0, 3000, 4000)
    # Two people side by side: both, with a face's width to spare each side.
    pair = [(0.3, 0.2, 0.06, 0.045), (0.5, 0.2, 0.06, 0.045)]
    assert crop_box((3000, 4000), (3, 4), faces=pair)[0] == (720, 383, 1860, 1903)
    # A focus on a face zooms by that face, centred on the focus.
    assert crop_box((3000, 4000), (3, 4), focus=(0.72, 0.22), faces=[face]) == (
        (1890, 640, 2430, 1360),
        "focus",
    )
    # A focus on no face only moves the crop.
    assert crop_box((4000, 3000), (3, 4), focus=(0.2, 0.8), faces=[face]) == (
        (0, 0, 2250, 3000),
        "focus",
    )
    # A focus with the face's width (x, y, w): that width is a third of the crop.
    assert crop_box((3000, 4000), (3, 4), focus=(0.5, 0.3, 0.1)) == (
        (1050, 800, 1950, 2000),
        "focus",
    )


@pytest.mark.parametrize(("seed", "blur"), [(1, 1.5), (3, 2.0)])
def test_the_second_look_does_not_zoom_into_noise(tmp_path: Path, seed: int, blur: float) -> None:
    """Textures where the main cascade alone, at the second look's small sizes, sees a face:
    the second cascade does not confirm it, so no face is found and nothing zooms."""
    noise = numpy.random.default_rng(seed).integers(0, 255, (800, 600), dtype=numpy.uint8)
    image = Image.fromarray(noise).filter(ImageFilter.GaussianBlur(blur))
    cascades = faces._cascades()
    assert cascades is not None
    main = cascades[0]
    assert faces._second_look((main, main), image, None), "the trap: one cascade sees a face"
    assert find_faces(image.convert("RGB")) == []
    image.convert("RGB").save(tmp_path / "noise.jpg", "JPEG", quality=95)
    result = render(tmp_path / "noise.jpg", None, tmp_path, "n", PortraitSettings())
    assert result["framing"] == "none" and result["sizes"][-1] == (600, 800)


# -- photos too small to be sharp --------------------------------------------------------------
WARNED_AT = "content/people/wang-xiaoming.md:10:8: 警告：照片“wang.jpg”"


def photo_warnings(project: SiteProject) -> list[str]:
    result = project.honours("check")
    assert result.returncode == 0, result.stdout + result.stderr  # a warning stops nothing
    return [line for line in result.stdout.splitlines() if line.startswith(WARNED_AT)]


def test_photo_too_small_for_a_sharp_portrait_is_reported_with_its_record(
    project: SiteProject,
) -> None:
    project.write("people/photos/wang.jpg", jpeg(size=(40, 53)))
    assert photo_warnings(project) == [
        f"{WARNED_AT}仅 40×53 像素，不足肖像所需的 480 像素宽，网页上将被放大显示而模糊；"
        "请提供更清晰的原图（宜不小于 960×1280 像素）"
    ]


def test_landscape_photo_is_judged_by_its_crop(project: SiteProject) -> None:
    project.write("people/photos/wang.jpg", jpeg(size=(800, 450)))
    assert photo_warnings(project) == [
        f"{WARNED_AT}仅 800×450 像素，按 3:4 裁剪后宽仅 337 像素，不足肖像所需的 480 像素宽，"
        "网页上将被放大显示而模糊；请提供更清晰的原图（宜不小于 960×1280 像素）"
    ]


def test_photo_large_enough_is_not_reported(project: SiteProject) -> None:
    project.write("people/photos/wang.jpg", jpeg(size=(480, 640)))
    assert photo_warnings(project) == []


# -- transparency ------------------------------------------------------------------------------
MAGENTA = (255, 0, 255)


def figure(mode_image: Image.Image, ink: int | tuple[int, ...]) -> Image.Image:
    """A dark figure on the transparent colour, the figure dotted with transparent pixels
    every 5 pixels (what a dithered GIF or a cut-out logo has)."""
    draw = ImageDraw.Draw(mode_image)
    draw.ellipse((60, 60, 240, 340), fill=ink)
    return mode_image


def specks(image: Image.Image) -> int:
    """Pixels anywhere near the transparent colour."""
    pixels = numpy.asarray(image.convert("RGB")).astype(int)
    return int(((pixels[..., 0] > 150) & (pixels[..., 1] < 110) & (pixels[..., 2] > 150)).sum())


def dotted(image: Image.Image, key: int | tuple[int, ...]) -> Image.Image:
    for x in range(70, 230, 5):
        for y in range(70, 330, 5):
            if image.getpixel((x, y)) != key:
                image.putpixel((x, y), key)
    return image


def palette_photo() -> Image.Image:
    image = Image.new("P", (300, 400), 0)
    image.putpalette([*MAGENTA, 20, 40, 90] + [0] * (256 * 3 - 6))
    return dotted(figure(image, 1), 0)


Case = tuple[Callable[[], Image.Image], str, dict[str, object]]
CASES: dict[str, Case] = {
    "png-palette": (palette_photo, "PNG", {"transparency": 0}),
    "gif-palette": (palette_photo, "GIF", {"transparency": 0}),
    "png-palette-alpha-table": (palette_photo, "PNG", {"transparency": b"\x00\xff"}),
    "png-rgb-colour-key": (
        lambda: dotted(figure(Image.new("RGB", (300, 400), MAGENTA), (20, 40, 90)), MAGENTA),
        "PNG",
        {"transparency": MAGENTA},
    ),
    "png-grey-colour-key": (
        lambda: dotted(figure(Image.new("L", (300, 400), 128), 40), 128),
        "PNG",
        {"transparency": 128},
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_transparent_colour_leaves_no_specks(tmp_path: Path, case: Case) -> None:
    make, fmt, options = case
    source = tmp_path / f"cut.{fmt.lower()}"
    make().save(source, fmt, **options)
    settings = PortraitSettings(background=(255, 255, 255))
    picture = read_photo(source, background=settings.background)
    assert picture.getpixel((5, 5)) == (255, 255, 255)  # the page colour, not the key colour
    assert picture.getpixel((150, 200)) == (255, 255, 255)  # a transparent dot inside the figure
    assert picture.getpixel((152, 202)) != (255, 255, 255)  # the figure itself
    assert specks(picture) == 0
    assert (numpy.asarray(picture) == 128).all(axis=2).sum() == 0  # nor the grey key colour
    result = render(source, (0.5, 0.3), tmp_path, "c", settings)
    for width, _ in result["sizes"]:
        for suffix in ("jpg", "webp"):
            with Image.open(tmp_path / f"c-{width}.{suffix}") as rendition:
                assert specks(rendition) == 0, f"{width}.{suffix}"
                corner = rendition.convert("RGB").getpixel((2, 2))
                assert all(v >= 250 for v in corner), corner  # type: ignore[union-attr]


def test_half_transparent_edges_are_blended_over_the_page(tmp_path: Path) -> None:
    image = Image.new("RGBA", (40, 40), (*MAGENTA, 0))
    image.paste((200, 0, 0, 128), (20, 0, 40, 40))
    image.save(tmp_path / "edge.png")
    picture = read_photo(tmp_path / "edge.png", background=(240, 230, 200))
    assert picture.getpixel((5, 5)) == (240, 230, 200)
    # 128/255 of red over 127/255 of the page colour.
    assert picture.getpixel((30, 5)) == (220, 115, 100)


def test_sixteen_bit_grey_with_a_colour_key(tmp_path: Path) -> None:
    deep = Image.new("I;16", (40, 40), 0)
    ImageDraw.Draw(deep).rectangle((20, 0, 40, 40), fill=30000)
    deep.save(tmp_path / "deep.png", transparency=0)
    picture = read_photo(tmp_path / "deep.png")
    assert picture.getpixel((5, 5)) == (255, 255, 255)
    assert abs(picture.getpixel((30, 5))[0] - 117) <= 1  # type: ignore[index]


# -- photo_focus with the face's width -----------------------------------------------------------
FOCUS_AT = "content/people/wang-xiaoming.md"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("[0.5, 0.3, 0]", ":11:25: 错误：字段“photo_focus”的脸宽应大于 0，而不是“0”"),
        (
            "[0.5, 0.3, 0.1, 0.2]",
            ":11:14: 错误：字段“photo_focus”应写作 [x, y]，两个 0 到 1 之间的小数（相对于照片宽、高）；"
            "也可写作 [x, y, 脸宽]，脸宽为人脸宽度占照片宽度的比例",
        ),
        ("[0.5, 0.3, 1.5]", ":11:25: 错误：字段“photo_focus”应为 0 到 1 之间的小数，而不是“1.5”"),
    ],
)
def test_a_focus_with_a_bad_face_width_is_reported(
    project: SiteProject, written: str, message: str
) -> None:
    project.edit("people/wang-xiaoming.md", "photo_focus: [0.5, 0.3]", f"photo_focus: {written}")
    result = project.honours("check")
    assert result.returncode == 1
    assert FOCUS_AT + message in result.stdout + result.stderr


def test_a_focus_with_the_face_width_zooms_where_no_face_is_found(project: SiteProject) -> None:
    """A record can say how wide the face is: the portrait is then head and shoulders around
    the point even when detection finds no face (a wall of background before)."""
    project.write("people/photos/wang.jpg", jpeg(size=(3000, 4000)))
    project.edit(
        "people/wang-xiaoming.md", "photo_focus: [0.5, 0.3]", "photo_focus: [0.5, 0.3, 0.1]"
    )
    site = project.build()
    # The crop is 900×1200 around (1500, 1200): its largest rendition is 900 wide (the whole
    # 3000-wide frame would give 960), and it starts below the photo's dark top fifth.
    (largest,) = (site / "portraits").glob("wang-xiaoming-*-900.jpg")
    with Image.open(largest) as zoomed:
        assert zoomed.size == (900, 1200)
        assert zoomed.convert("L").getpixel((450, 20)) > 100
