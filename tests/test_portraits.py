"""The portrait pipeline on real images made here: every shape photos arrive in."""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageDraw

from generator.build import load
from generator.media.faces import find_faces
from generator.media.imaging import PhotoError, read_photo
from generator.media.placeholders import _font, _has_glyphs, make_placeholder
from generator.media.portraits import (
    PortraitCache,
    PortraitSettings,
    crop_box,
    make_portraits,
    render,
)
from generator.model.records import Content, Organisation, Person
from generator.project.settings import PACKAGE_THEME
from generator.sources.problems import Mark, Problems

from .conftest import BIN, SiteProject, jpeg, jpeg_markers, webp_chunks
from .test_validation import messages

DATA = Path(__file__).parent / "data"
FONT = PACKAGE_THEME / "assets/fonts/NotoSansSC-Bold.woff2"
# How each EXIF orientation stores an upright picture (the inverse of what a viewer applies).
STORED = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def marked(size: tuple[int, int] = (300, 400)) -> Image.Image:
    """Upright test card: red in the top-left corner, blue in the bottom-right."""
    image = Image.new("RGB", size, (128, 128, 128))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0] // 3, size[1] // 4), fill=(220, 20, 20))
    draw.rectangle((size[0] * 2 // 3, size[1] * 3 // 4, size[0], size[1]), fill=(20, 20, 220))
    return image


def write(path: Path, image: Image.Image, fmt: str = "JPEG", **options: object) -> Path:
    image.save(path, fmt, **options)
    return path


def close(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(tmp_path: Path, orientation: int) -> None:
    upright = marked()
    stored = upright.transpose(STORED[orientation]) if STORED[orientation] is not None else upright
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = write(tmp_path / "p.jpg", stored, exif=exif.tobytes(), quality=95)
    picture = read_photo(path)
    assert picture.size == upright.size
    assert close(picture.getpixel((5, 5)), (220, 20, 20))
    assert close(picture.getpixel((picture.width - 5, picture.height - 5)), (20, 20, 220))


def test_cmyk_becomes_rgb(tmp_path: Path) -> None:
    path = write(tmp_path / "cmyk.jpg", marked().convert("CMYK"), quality=95)
    with Image.open(path) as source:
        assert source.mode == "CMYK"
    picture = read_photo(path)
    assert picture.mode == "RGB" and close(picture.getpixel((5, 5)), (220, 20, 20))


def test_icc_tagged_photo_is_converted_to_srgb(tmp_path: Path) -> None:
    profile = (DATA / "compatibleWithAdobeRGB1998.icc").read_bytes()
    red = Image.new("RGB", (60, 80), (200, 50, 50))
    path = write(tmp_path / "adobe.jpg", red, icc_profile=profile, quality=95)
    pixel = read_photo(path).getpixel((30, 40))
    # The same numbers mean a more saturated red in Adobe RGB: in sRGB they become about (232, 46, 46).
    assert pixel[0] > 222, pixel
    assert close(pixel, (232, 46, 46), tolerance=8)


def test_sixteen_bit_is_rescaled_not_clipped(tmp_path: Path) -> None:
    ramp = Image.new("I;16", (256, 10))
    ramp.putdata([x * 256 for x in range(256)] * 10)
    path = write(tmp_path / "deep.png", ramp, "PNG")
    picture = read_photo(path)
    assert picture.getpixel((0, 5))[0] < 5
    assert 120 < picture.getpixel((128, 5))[0] < 136  # clipping would make it 255
    assert picture.getpixel((255, 5))[0] > 250


def test_palette_transparency_is_flattened_onto_the_page(tmp_path: Path) -> None:
    image = Image.new("P", (40, 40), 0)
    image.putpalette([0, 0, 0, 200, 0, 0] + [0] * 762)
    ImageDraw.Draw(image).rectangle((20, 0, 40, 40), fill=1)
    path = write(tmp_path / "logo.png", image, "PNG", transparency=0)
    picture = read_photo(path)
    assert picture.getpixel((5, 5)) == (255, 255, 255)
    assert close(picture.getpixel((30, 5)), (200, 0, 0))


def test_first_frame_of_an_animation(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (40, 40), colour) for colour in ((220, 20, 20), (20, 20, 220))]
    path = tmp_path / "moving.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert close(read_photo(path).getpixel((20, 20)), (220, 20, 20))


def test_heic(tmp_path: Path) -> None:
    path = write(tmp_path / "iphone.heic", marked(), "HEIF")
    assert close(read_photo(path).getpixel((5, 5)), (220, 20, 20), tolerance=50)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("page.jpg", b"<!DOCTYPE html><html><body>not a photo</body></html>", "不是可识别的图片"),
        ("scan.jpg", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "不是可识别的图片"),
        ("empty.jpg", b"", "不是可识别的图片"),
    ],
)
def test_files_that_are_not_photos_are_refused(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(PhotoError, match=message):
        read_photo(tmp_path / name)


def test_truncated_jpeg_is_an_error(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    marked((600, 800)).save(buffer, "JPEG", quality=95)
    (tmp_path / "cut.jpg").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(PhotoError, match="已损坏或不完整"):
        read_photo(tmp_path / "cut.jpg")


def test_decompression_bomb_is_an_error(tmp_path: Path) -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(
        ">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0
    )  # 60000×60000 RGB, claims 10 GB of pixels
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + chunk(b"IEND", b"")
    )
    (tmp_path / "bomb.png").write_bytes(png)
    with pytest.raises(PhotoError, match="像素过多"):
        read_photo(tmp_path / "bomb.png")


def test_outputs_carry_no_metadata(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (39.0, 54.0, 27.0), "E", (116.0, 23.0, 50.0)
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = write(
        tmp_path / "phone.jpg",
        marked((900, 1200)),
        exif=exif.tobytes(),
        comment=b"tel 13912345678",
        icc_profile=profile,
    )
    assert {0xE1, 0xE2, 0xFE} <= set(
        jpeg_markers(source.read_bytes())
    )  # EXIF, ICC and a comment going in
    result = render(source, (0.5, 0.3), tmp_path, "k", PortraitSettings())
    assert [w for w, _ in result["sizes"]] == [240, 480, 900]  # never upscaled past the crop
    for output in tmp_path.glob("k-*"):
        data = output.read_bytes()
        assert b"SecretCam" not in data and b"13912345678" not in data
        if output.suffix == ".jpg":
            assert not {0xE1, 0xE2, 0xED, 0xFE} & set(jpeg_markers(data))
        else:
            assert not {b"EXIF", b"XMP ", b"ICCP"} & set(webp_chunks(data))


def test_small_photos_are_not_upscaled(tmp_path: Path) -> None:
    source = write(tmp_path / "small.jpg", marked((150, 200)))
    result = render(source, None, tmp_path, "s", PortraitSettings())
    assert result["sizes"] == [(150, 200)]


def test_real_face_lands_in_the_upper_half_of_the_crop(tmp_path: Path) -> None:
    # The astronaut portrait, placed off-centre in a wide scene: the crop must find her.
    scene = Image.new("RGB", (3600, 2700), (90, 110, 130))
    with Image.open(DATA / "astronaut.jpg") as face:
        scene.paste(face.convert("RGB").resize((2400, 2400)), (1150, 300))
    source = write(tmp_path / "scene.jpg", scene, quality=92)
    result = render(source, None, tmp_path, "f", PortraitSettings())
    assert result["framing"] == "face"
    with Image.open(tmp_path / "f-480.jpg") as portrait:
        faces = find_faces(portrait.convert("RGB"))
    assert faces, "the face is in the portrait"
    left, top, width, height = faces[0]
    centre_x, centre_y = left + width / 2, top + height / 2
    assert 0.25 < centre_x < 0.75 and centre_y < 0.5
    assert width > 0.2  # head and shoulders, not a tiny face in a big crop


def test_focus_wins_over_faces_and_sits_in_the_upper_third() -> None:
    box, framing = crop_box((3000, 2000), (3, 4), focus=(0.8, 0.5), faces=[(0.1, 0.1, 0.1, 0.1)])
    assert framing == "focus"
    assert box == (1500, 0, 3000, 2000)  # as far right as the picture allows
    box, _ = crop_box((3000, 6000), (3, 4), focus=(0.5, 0.5))
    assert box == (0, 1667, 3000, 5667)  # the focus (y = 3000) a third of the way down


def test_no_face_crops_upper_centre() -> None:
    box, framing = crop_box((4000, 3000), (3, 4))
    assert framing == "none"
    assert box == (875, 0, 3125, 3000)


def person(
    path: Path, person_id: str = "p", focus: tuple[float, float] | None = (0.5, 0.3)
) -> Person:
    return Person(
        id=person_id,
        kind="person",
        name="测试",
        unit="u",
        mark=Mark(path),
        photo=path,
        photo_focus=focus,
    )


def content_of(*people: Person) -> Content:
    organisation = Organisation("中心", None, None, None, (), None, frozenset())
    return Content(Path("."), organisation, {}, {p.id: p for p in people}, {}, [])


def test_cache_hits_on_the_second_run_and_can_be_deleted(tmp_path: Path) -> None:
    photos = [write(tmp_path / f"{n}.jpg", marked((600 + n, 800))) for n in range(4)]
    content = content_of(*(person(path, f"p{n}") for n, path in enumerate(photos)))
    cache_dir = tmp_path / "cache"
    cache = PortraitCache(cache_dir, PortraitSettings())
    first = make_portraits(content, cache, Problems(), workers=2)
    cache.save()
    outputs = {p: p.stat().st_mtime_ns for p in cache_dir.glob("*-*")}
    assert len(outputs) == 4 * 3 * 2  # four photos, 240/480/600 wide, JPEG and WebP
    cache = PortraitCache(cache_dir, PortraitSettings())
    assert all(
        cache.hit(cache.key(p.photo, p.photo_focus)) for p in content.people.values() if p.photo
    )
    second = make_portraits(content, cache, Problems(), workers=2)
    assert second == first
    assert {
        p: p.stat().st_mtime_ns for p in cache_dir.glob("*-*")
    } == outputs  # nothing written again
    for path in cache_dir.iterdir():
        path.unlink()
    third = make_portraits(
        content, PortraitCache(cache_dir, PortraitSettings()), Problems(), workers=2
    )
    assert third == first  # names carry the content hash: the same after a cold rebuild


def test_changed_photo_or_focus_gets_new_outputs(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jpg", marked((600, 800)))
    cache = PortraitCache(tmp_path / "cache", PortraitSettings())
    before = cache.key(path, (0.5, 0.3))
    assert cache.key(path, (0.5, 0.4)) != before
    write(path, marked((600, 801)))
    assert PortraitCache(tmp_path / "cache", PortraitSettings()).key(path, (0.5, 0.3)) != before


def test_bad_photo_fails_only_its_record_and_leaves_no_partial_file(tmp_path: Path) -> None:
    good = write(tmp_path / "good.jpg", marked((600, 800)))
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(good.read_bytes()[:3000])
    problems = Problems()
    cache_dir = tmp_path / "cache"
    portraits = make_portraits(
        content_of(person(good, "good"), person(bad, "bad")),
        PortraitCache(cache_dir, PortraitSettings()),
        problems,
        workers=1,
    )
    assert set(portraits) == {"good"}
    assert [p.message for p in problems.errors] == [next(p.message for p in problems.errors)]
    assert problems.errors[0].message.startswith("照片“bad.jpg”已损坏或不完整")
    assert not list(cache_dir.glob("*.part")) and not list(cache_dir.glob(".*"))


def test_placeholder_uses_the_shipped_font(tmp_path: Path) -> None:
    font = _font(FONT, 100)
    assert font is not None
    assert _has_glyphs(font, "王") and _has_glyphs(font, "欧阳")
    assert not _has_glyphs(font, "\U00020bb7")  # 𠮷: outside GB 2312, drawn as a silhouette instead
    cache = PortraitCache(tmp_path, PortraitSettings())
    wang = make_placeholder("王", FONT, cache)
    rare = make_placeholder("\U00020bb7", FONT, cache)
    assert wang.framing == "placeholder" and wang.largest.width == 480
    assert wang.files[wang.largest.jpeg].read_bytes() != rare.files[rare.largest.jpeg].read_bytes()


# -- photo paths: inside content/, regular files, never opened otherwise ------------------------
RECORD = "people/wang-xiaoming.md"
PHOTO = "photo: photos/wang.jpg"
AT = "content/people/wang-xiaoming.md:10:8: 错误：字段“photo”"
OUTSIDE = "在 content/ 文件夹之外：照片须放在 content/ 之内（如 people/photos/）"
LINKED_OUT = "是链接到 content/ 之外的符号链接：请把照片本身放进 content/ 文件夹"


def outside(project: SiteProject) -> Path:
    """A real photo next to content/, that no record may use."""
    path = project.root / "outside.jpg"
    path.write_bytes(jpeg())
    return path


def test_absolute_photo_path_is_an_error(project: SiteProject) -> None:
    path = str(outside(project))
    project.edit(RECORD, PHOTO, f"photo: {path}")
    quoted = path if len(path) <= 60 else path[:59] + "…"  # a long value is shortened
    assert messages(project) == [
        f"{AT}应为相对于本文件的路径（如 photos/wang.jpg），而不是绝对路径“{quoted}”"
    ]


def test_windows_drive_path_is_an_error(project: SiteProject) -> None:
    project.edit(RECORD, PHOTO, "photo: C:/Users/wang/wang.jpg")
    assert messages(project) == [
        f"{AT}应为相对于本文件的路径（如 photos/wang.jpg），而不是绝对路径“C:/Users/wang/wang.jpg”"
    ]


def test_photo_path_leading_out_of_content_is_an_error(project: SiteProject) -> None:
    outside(project)
    project.edit(RECORD, PHOTO, "photo: photos/../../../outside.jpg")
    assert messages(project) == [f"{AT}指向的“photos/../../../outside.jpg”{OUTSIDE}"]


def test_symlink_to_a_photo_outside_content_is_an_error(project: SiteProject) -> None:
    link = project.content / "people/photos/wang.jpg"
    link.unlink()
    link.symlink_to(outside(project))
    assert messages(project) == [f"{AT}指向的“photos/wang.jpg”{LINKED_OUT}"]


def test_photo_through_a_symlinked_folder_outside_content_is_an_error(
    project: SiteProject,
) -> None:
    away = project.root / "away"
    away.mkdir()
    (away / "wang.jpg").write_bytes(jpeg())
    (project.content / "people/photos/away").symlink_to(away)
    project.edit(RECORD, PHOTO, "photo: photos/away/wang.jpg")
    assert messages(project) == [f"{AT}指向的“photos/away/wang.jpg”{LINKED_OUT}"]


def test_symlink_inside_content_is_followed(project: SiteProject) -> None:
    photos = project.content / "people/photos"
    (photos / "link.jpg").symlink_to(photos / "wang.jpg")
    project.edit(RECORD, PHOTO, "photo: photos/link.jpg")
    result = load(project.content)[0]
    assert result.problems.items == []
    assert result.content is not None
    assert result.content.people["wang-xiaoming"].photo == (photos / "wang.jpg").resolve()


def check_without_hanging(project: SiteProject) -> subprocess.CompletedProcess[str]:
    """`honours check`, which makes the portraits: it would hang on opening a FIFO to read."""
    return subprocess.run(
        [str(BIN / "honours"), "check"],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def test_file_outside_content_is_never_opened(project: SiteProject) -> None:
    """The target outside is a FIFO: opening it to read would block the check for ever."""
    fifo = project.root / "outside.jpg"
    os.mkfifo(fifo)
    link = project.content / "people/photos/wang.jpg"
    link.unlink()
    link.symlink_to(fifo)
    result = check_without_hanging(project)
    assert result.returncode == 1
    assert f"{AT}指向的“photos/wang.jpg”{LINKED_OUT}" in result.stdout.splitlines()
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: path.mkdir(), "指向的“photos/wang.jpg”是文件夹，不是照片"),
        (os.mkfifo, "指向的“photos/wang.jpg”不是普通文件（可能是管道或设备），不能作为照片"),
    ],
    ids=["folder", "fifo"],
)
def test_photo_that_is_no_regular_file_is_never_opened(
    project: SiteProject, make: object, message: str
) -> None:
    path = project.content / "people/photos/wang.jpg"
    path.unlink()
    make(path)  # type: ignore[operator]
    result = check_without_hanging(project)
    assert result.returncode == 1
    assert f"{AT}{message}" in result.stdout.splitlines()


# -- Pillow's English stays out of the messages -----------------------------------------------
def encoded(fmt: str) -> bytes:
    buffer = io.BytesIO()
    marked((200, 300)).save(buffer, fmt)
    return buffer.getvalue()


DAMAGED = {
    "png-cut": encoded("PNG")[:60],
    "png-bad-data": encoded("PNG")[:33]
    + struct.pack(">I", 20)
    + b"IDAT"
    + b"x" * 20
    + struct.pack(">I", zlib.crc32(b"IDAT" + b"x" * 20))
    + encoded("PNG")[-12:],
    "jpeg-cut": encoded("JPEG")[:300],
    "webp-cut": encoded("WEBP")[:40],
    "gif-cut": encoded("GIF")[:20],
}


@pytest.mark.parametrize("data", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_photo_message_is_chinese(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "photo").write_bytes(data)
    with pytest.raises(PhotoError) as caught:
        read_photo(tmp_path / "photo")
    message = str(caught.value)
    assert message.startswith(("已损坏或不完整", "不是可识别的图片")), message
    # Format names aside, Latin letters only as a short code in brackets: （OSError）
    plain = re.sub(r"（支持 [^）]*）|（[A-Za-z]+）", "", message)
    assert not re.search(r"[A-Za-z]", plain), message


def test_unreadable_photo_says_why_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match=r"^无法读取：这是一个文件夹，不是文件$"):
        read_photo(tmp_path)
