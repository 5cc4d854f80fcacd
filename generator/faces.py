"""Finding faces, when OpenCV is installed (the optional `faces` extra).

OpenCV's Haar cascade ships inside `opencv-python-headless<5` and works
offline. Without it, `detector_name()` is "none" and no faces are found.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from PIL import Image

DETECT_WIDTH = 480  # faces are found on a small grey copy: fast, and enough for framing


@cache
def _cascade() -> Any:
    try:
        import cv2
    except ImportError:
        return None
    path = cv2.data.haarcascades + "haarcascade_frontalface_default.xml"  # type: ignore[attr-defined]
    cascade = cv2.CascadeClassifier(path)
    return None if cascade.empty() else cascade


def detector_name() -> str:
    return "haar" if _cascade() is not None else "none"


def find_faces(image: Image.Image) -> list[tuple[float, float, float, float]]:
    """Faces as (left, top, width, height) in fractions of the image, largest first."""
    cascade = _cascade()
    if cascade is None:
        return []
    import numpy

    scale = min(1.0, DETECT_WIDTH / image.width)
    small = image.convert("L").resize(
        (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    )
    pixels = numpy.asarray(small)
    minimum = max(20, round(min(small.size) / 12))
    found = cascade.detectMultiScale(
        pixels, scaleFactor=1.1, minNeighbors=6, minSize=(minimum, minimum)
    )
    faces = [
        (x / small.width, y / small.height, w / small.width, h / small.height)
        for x, y, w, h in found
    ]
    return sorted(faces, key=lambda f: f[2] * f[3], reverse=True)
