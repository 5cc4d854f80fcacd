"""QR codes of page addresses, as inline SVG (segno: pure Python, no network).

Making a code costs ~3.5 ms even with a fixed mask, and most pages show one or more, so the SVG
text is kept between builds in `.cache/qrcodes/` (a `Store`): keyed by the address, the title and
every parameter below, so a changed address simply asks for a new entry and the old one is
pruned once unused.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import segno

from ..sources.store import Store, digest

# Bump when the making of a code changes in a way the parameters below do not show.
PIPELINE_VERSION = "1"
CACHE_NAME = "qrcodes"  # the folder under the project's cache_dir
DEFAULT_TITLE = "扫码在手机上查看"

ERROR = "m"
# Every mask gives a valid code; choosing among the 8 by the standard's penalty score (what
# segno does without one) took two thirds of a code's time (10-12 ms a code, 3.5-4.7 ms with
# a fixed mask, in a 300-person build). Mask 2 (every third column) is the one that score picks
# most often for our addresses (250 of 780 site and vote URLs, versions 3-5), and costs the
# least penalty when it is not the best (mean 58 points over the best mask, against 95-189 for
# the others), so fixed codes stay as easy to scan as chosen ones.
MASK = 2
SVG = {
    "scale": 4,
    "border": 2,
    "dark": "#000",
    "light": "#fff",
    "svgclass": "hb-qr__code",
    "omitsize": True,  # a viewBox and no fixed size, so that CSS sizes it
}
PARAMETERS = json.dumps({"error": ERROR, "mask": MASK, "svg": SVG}, sort_keys=True)

# What segno writes with SVG above, and nothing else: a cached value goes into pages unescaped,
# so one that is not plainly a code (a hand-edited cache, another segno) is made again.
_SHAPE = re.compile(
    rf'<svg viewBox="0 0 \d+ \d+" class="{SVG["svgclass"]}"><title>[^<>]*</title>'
    rf'<g transform="scale\({SVG["scale"]}\)"><path fill="{SVG["light"]}" d="M0 0h\d+v\d+h-\d+z"/>'
    rf'<path class="qrline" stroke="{SVG["dark"]}" d="[Mmhv0-9. -]*"/></g></svg>'
)


def qr_svg(url: str, title: str = DEFAULT_TITLE) -> str:
    """An SVG with a viewBox and no fixed size (omitsize), so that CSS sizes it."""
    code = segno.make(url, error=ERROR, micro=False, mask=MASK)
    return str(code.svg_inline(title=title, **SVG))


class QrCodes:
    """The codes of one build: each made once, and kept between builds when given a cache
    folder (None: made every time, nothing written). `save` at the end of the build."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.store = (
            Store(cache_dir / CACHE_NAME, PIPELINE_VERSION) if cache_dir is not None else None
        )

    def svg(self, url: str, title: str = DEFAULT_TITLE) -> str:
        if self.store is None:
            return qr_svg(url, title)
        key = digest(url, title, PARAMETERS, segno.__version__)
        cached = self.store.get(key)
        if isinstance(cached, str) and _SHAPE.fullmatch(cached):
            return cached
        made = qr_svg(url, title)
        self.store.put(key, made)
        return made

    def save(self, keep_unused: bool = False) -> None:
        """Write the cache, pruning what recent builds did not ask for; a no-op without one.
        `keep_unused`: this build asked for only some codes (it rendered only some pages), so the
        others count as used and none is pruned."""
        if self.store is None:
            return
        if keep_unused:
            for key in list(self.store.entries):
                self.store.get(key)  # marks it used by this run
        self.store.save()
