"""Finding faces, when OpenCV is installed (the optional `faces` extra).

OpenCV's Haar cascades ship inside `opencv-python-headless<5` and work offline.
Without them, `detector_name()` is "none" and no faces are found.

Two looks. The first is quick, on a small grey copy, and finds the faces of
head-and-shoulders and half-body shots. When it finds none (or none where the
record's `photo_focus` points), a second look at a higher resolution finds faces
down to a 20th of the shorter side (on a copy about twice as large as the first's): a person standing in a phone photo of a
whole room. Small windows are where a single cascade sees faces in buttons, eyes
and wallpaper, so each find of the second look must be confirmed by a second,
differently trained cascade at the same place and size.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from typing import Any

from PIL import Image

Face = tuple[float, float, float, float]  # left, top, width, height: fractions of the image

DETECT_WIDTH = 480  # the first look: a small grey copy, fast, and enough for framing
MIN_FACE = (
    1 / 7
)  # of the shorter side: head-and-shoulders and half-body shots; smaller finds are mostly eyes and buttons
DEEP_MIN_FACE = 1 / 20  # of the shorter side: smaller faces could not fill a portrait anyway
DEEP_FACE_PIXELS = 30  # the second look's copy is as large as makes its smallest face this wide
DEEP_DEPTH = 0.75  # the second look searches the upper three quarters: a face lower is no portrait
NEAR = 0.5  # a face is where a point is when the point is within half its size of the face


@cache
def _cascades() -> tuple[Any, Any] | None:
    """The main cascade and the one that confirms the second look's finds."""
    try:
        import cv2
    except ImportError:
        return None
    cv2.setNumThreads(1)  # the portrait pool already uses every core
    folder = cv2.data.haarcascades  # type: ignore[attr-defined]
    main = cv2.CascadeClassifier(folder + "haarcascade_frontalface_default.xml")
    second = cv2.CascadeClassifier(folder + "haarcascade_frontalface_alt2.xml")
    return None if main.empty() or second.empty() else (main, second)


@cache
def detector_name() -> str:
    """Part of the portrait cache key; answered without importing OpenCV (that takes 0.1 s)."""
    return "haar-2" if importlib.util.find_spec("cv2") is not None else "none"


def find_faces(image: Image.Image, near: tuple[float, float] | None = None) -> list[Face]:
    """Faces as (left, top, width, height) in fractions of the image, largest first.

    With `near` (a point in fractions of the image, a record's `photo_focus`), only the
    faces at that point, and the second look searches only around it.
    """
    cascades = _cascades()
    if cascades is None:
        return []
    grey = image.convert("L")
    faces = [f for f in _first_look(cascades[0], grey) if near is None or at(f, near)]
    if not faces:
        faces = [f for f in _second_look(cascades, grey, near) if near is None or at(f, near)]
    return sorted(faces, key=lambda f: f[2] * f[3], reverse=True)


def at(face: Face, point: tuple[float, float]) -> bool:
    """Whether `point` falls on the face (or within half its size of it)."""
    left, top, width, height = face
    return left - width * NEAR <= point[0] <= left + width * (
        1 + NEAR
    ) and top - height * NEAR <= point[1] <= top + height * (1 + NEAR)


def _first_look(cascade: Any, grey: Image.Image) -> list[Face]:
    import numpy

    factor = max(1, grey.width // DETECT_WIDTH)
    small = grey.reduce(factor) if factor > 1 else grey  # integer box reduction: fast and enough
    minimum = max(24, round(min(small.size) * MIN_FACE))
    found = cascade.detectMultiScale(
        numpy.asarray(small), scaleFactor=1.15, minNeighbors=6, minSize=(minimum, minimum)
    )
    return [
        (
            float(x / small.width),
            float(y / small.height),
            float(w / small.width),
            float(h / small.height),
        )
        for x, y, w, h in found
    ]


def _second_look(
    cascades: tuple[Any, Any], grey: Image.Image, near: tuple[float, float] | None
) -> list[Face]:
    """Small faces, down to DEEP_MIN_FACE: in the whole image, or around `near`."""
    import numpy

    main, second = cascades
    scale = min(1.0, DEEP_FACE_PIXELS / (min(grey.size) * DEEP_MIN_FACE))
    large = grey
    if scale < 1:
        size = (round(grey.width * scale), round(grey.height * scale))
        large = grey.resize(size, Image.Resampling.BOX)
    minimum = max(24, round(min(large.size) * DEEP_MIN_FACE))
    # Around a focus point: a square of half the shorter side, enough for a face of a
    # quarter of it and its margin, and a quarter of the work of the whole image.
    if near is None:
        left, top, right, bottom = 0, 0, large.width, round(large.height * DEEP_DEPTH)
    else:
        half = min(large.size) // 4 + minimum
        x, y = round(near[0] * large.width), round(near[1] * large.height)
        left, top = max(0, x - half), max(0, y - half)
        right, bottom = min(large.width, x + half), min(large.height, y + half)
    if right - left < minimum or bottom - top < minimum:
        return []
    pixels = numpy.asarray(large)
    window = numpy.ascontiguousarray(pixels[top:bottom, left:right])
    found = main.detectMultiScale(
        window, scaleFactor=1.15, minNeighbors=5, minSize=(minimum, minimum)
    )
    faces = []
    for x, y, w, h in found:
        box = (int(x) + left, int(y) + top, int(w), int(h))
        if _confirmed(second, pixels, box):
            faces.append(
                (
                    box[0] / large.width,
                    box[1] / large.height,
                    box[2] / large.width,
                    box[3] / large.height,
                )
            )
    return faces


def _confirmed(cascade: Any, pixels: Any, box: tuple[int, int, int, int]) -> bool:
    """Whether the second cascade also sees a face of about this size at this place."""
    x, y, w, h = box
    left, top = max(0, x - w // 2), max(0, y - h // 2)
    import numpy

    around = numpy.ascontiguousarray(pixels[top : y + h + h // 2, left : x + w + w // 2])
    found = cascade.detectMultiScale(
        around,
        scaleFactor=1.05,
        minNeighbors=2,
        minSize=(round(w * 0.7), round(h * 0.7)),
        maxSize=(round(w * 1.5), round(h * 1.5)),
    )
    return any(
        _overlap((int(fx) + left, int(fy) + top, int(fw), int(fh)), box) >= 0.4
        for fx, fy, fw, fh in found
    )


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """Intersection over union of two boxes (x, y, width, height)."""
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    shared = width * height
    return shared / (a[2] * a[3] + b[2] * b[3] - shared)
