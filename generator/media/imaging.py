"""Opening photos safely and turning them into upright sRGB pixels.

An explicit format allowlist, a byte cap and a pixel cap (decompression bombs
are errors, not warnings), truncated files are errors, EXIF orientation,
CMYK and ICC profiles to sRGB, transparency flattened onto the page colour,
16-bit images rescaled, the first frame of animations.

Transparency is taken as a mask from the decoded image before any colour conversion
(an alpha band, a palette's transparent index or a colour key in a greyscale or RGB
PNG) and blended over the page colour at the end: converting first would turn the
transparent colour into an ordinary one, and it would show as specks or patches.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from ..sources.problems import os_reason

try:  # HEIC/HEIF from iPhones: optional, registered when pillow-heif is installed
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - depends on the environment
    HEIF = False

FORMATS = ["JPEG", "PNG", "WEBP", "GIF", *(["HEIF"] if HEIF else [])]
MAX_PIXELS = 60_000_000
MAX_BYTES = 40 * 1024 * 1024
BACKGROUND = (255, 255, 255)
_SRGB = ImageCms.createProfile("sRGB")


class PhotoError(Exception):
    """A photo that can't be used; the message is Chinese and names no file (the caller does).

    Pillow's own (English) messages never reach it: at most an exception's class name, as a
    short code in brackets, for whoever looks into a damaged file.
    """


@dataclass(frozen=True)
class Photo:
    """A decoded photo and the size of the original (upright): a JPEG may be decoded at 1/2,
    1/4 or 1/8 scale, and what the original could give (sharpness, the widest crop) is told
    by the original's pixels, not the decoded ones."""

    image: Image.Image
    original: tuple[int, int]

    @property
    def scale(self) -> float:
        """Decoded pixels per original pixel (1 when decoded in full)."""
        return self.image.width / self.original[0]


def read_photo(
    path: Path, longest: int | None = None, background: tuple[int, int, int] = BACKGROUND
) -> Image.Image:
    """The photo as an upright RGB image, decoded no larger than needed for `longest` pixels."""
    return open_photo(path, longest, background).image


def open_photo(
    path: Path, longest: int | None = None, background: tuple[int, int, int] = BACKGROUND
) -> Photo:
    """`read_photo`, with the original's upright size."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PhotoError(
                f"文件过大（{size / 1024 / 1024:.0f} MB），"
                f"请压缩到 {MAX_BYTES // 1024 // 1024} MB 以内"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise PhotoError(f"无法读取：{os_reason(exc)}") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                declared = image.size
                if declared[0] * declared[1] > MAX_PIXELS:
                    raise PhotoError(
                        f"图片过大：像素过多（{declared[0]}×{declared[1]}），"
                        "疑似异常文件，请缩小到 6000 万像素以内"
                    )
                if getattr(image, "is_animated", False):
                    image.seek(0)
                if longest and image.format == "JPEG":
                    # Decode at 1/2, 1/4 or 1/8 scale when the largest output allows it.
                    scale = longest / max(declared)
                    image.draft(
                        image.mode,
                        (max(1, int(declared[0] * scale)), max(1, int(declared[1] * scale))),
                    )
                image.load()
                if image.width > declared[0] or image.height > declared[1]:
                    raise PhotoError(damaged("尺寸与文件头不符"))
                decoded = image.size
                picture = _normalise(image, background)
                turned = picture.size != decoded  # EXIF orientation 5 to 8: a quarter turn
                original = (declared[1], declared[0]) if turned else declared
                return Photo(picture, original)
    except PhotoError:
        raise
    except UnidentifiedImageError:
        allowed = "、".join(
            "HEIC" if f == "HEIF" else ("WebP" if f == "WEBP" else f) for f in FORMATS
        )
        raise PhotoError(f"不是可识别的图片（支持 {allowed}）") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError):
        raise PhotoError("图片过大（像素过多），疑似异常文件，请换一张照片") from None
    except Exception as exc:  # Pillow's decoders raise many kinds, each in English
        raise PhotoError(damaged(type(exc).__name__)) from None


def damaged(code: str) -> str:
    """The message for a photo that can't be decoded, with a short code for who looks into it."""
    return f"已损坏或不完整，无法读取（{code}）：请重新导出或换一张照片"


def _normalise(image: Image.Image, background: tuple[int, int, int]) -> Image.Image:
    upright = ImageOps.exif_transpose(image, in_place=True) or image  # in place: no copy
    mask = _opacity(upright)
    profile = image.info.get("icc_profile")
    if upright.mode in ("I;16", "I;16B", "I;16L", "I"):
        upright = upright.point(lambda v: v / 256).convert("L")  # 16-bit to 8-bit, not clipped
    elif upright.mode == "F":
        upright = upright.convert("L")
    elif upright.mode in ("LA", "La"):
        upright = upright.convert("L")  # the colour alone: the mask holds the alpha
    elif upright.mode in ("RGBA", "RGBa", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    ):
        # Each pixel its own colour, the transparent ones included (the mask hides those);
        # through RGBA, which applies a palette's alpha table without Pillow's warning.
        upright = upright.convert("RGBA").convert("RGB")
    if profile and upright.mode in ("RGB", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            upright = ImageCms.profileToProfile(upright, source, _SRGB, outputMode="RGB") or upright
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: fall back to Pillow's plain conversion
    colour = upright if upright.mode == "RGB" else upright.convert("RGB")
    if mask is None:
        return colour
    # Blended by the mask (not pasted): a half-transparent edge is half page, half picture.
    return Image.composite(colour, Image.new("RGB", colour.size, background), mask)


def _opacity(image: Image.Image) -> Image.Image | None:
    """How opaque each pixel is (an "L" mask), or None when the whole image is.

    Read off the decoded pixels, before any conversion: an alpha band, a palette's
    transparent index (or its table of alpha values), or the colour key of a greyscale or
    RGB PNG. Fully opaque masks are dropped (most PNGs carry an alpha band they never use).
    """
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        mask = image.getchannel("A")
    elif "transparency" in image.info:
        try:
            mask = image.convert("RGBA").getchannel("A")  # by index or colour key, never by look
        except (ValueError, OSError):
            return None  # a transparency entry Pillow cannot apply: the picture as it is
    else:
        return None
    lowest, _ = mask.getextrema()
    return None if lowest == 255 else mask
