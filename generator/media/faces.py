"""Finding faces, when OpenCV is installed (the optional `faces` extra).

OpenCV's Haar cascade ships inside `opencv-python-headless<5` and works
offline. Without it, `detector_name()` is "none" and no faces are found.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from typing import Any

from PIL import Image

DETECT_WIDTH = 480  # faces are found on a small grey copy: fast, and enough for framing
MIN_FACE = (
    1 / 7
)  # of the shorter side: head-and-shoulders and half-body shots; smaller finds are mostly eyes and buttons


@cache
def _cascade() -> Any:
    try:
        import cv2
    except ImportError:
        return None
    cv2.setNumThreads(1)  # the portrait pool already uses every core
    path = cv2.data.haarcascades + "haarcascade_frontalface_default.xml"  # type: ignore[attr-defined]
    cascade = cv2.CascadeClassifier(path)
    return None if cascade.empty() else cascade


@cache
def detector_name() -> str:
    """Part of the portrait cache key; answered without importing OpenCV (that takes 0.1 s)."""
    return "haar-1" if importlib.util.find_spec("cv2") is not None else "none"


def find_faces(image: Image.Image) -> list[tuple[float, float, float, float]]:
    """Faces as (left, top, width, height) in fractions of the image, largest first."""
    cascade = _cascade()
    if cascade is None:
        return []
    import numpy

    grey = image.convert("L")
    factor = max(1, grey.width // DETECT_WIDTH)
    small = grey.reduce(factor) if factor > 1 else grey  # integer box reduction: fast and enough
    minimum = max(24, round(min(small.size) * MIN_FACE))
    found = cascade.detectMultiScale(
        numpy.asarray(small), scaleFactor=1.15, minNeighbors=6, minSize=(minimum, minimum)
    )
    faces = [
        (x / small.width, y / small.height, w / small.width, h / small.height)
        for x, y, w, h in found
    ]
    return sorted(faces, key=lambda f: f[2] * f[3], reverse=True)
