"""QR codes of page addresses, as inline SVG (segno: pure Python, no network).

Making a code costs ~3.5 ms even with a fixed mask, and most pages show one or more, so the SVG
text is kept between builds in `.cache/qrcodes/` (a `Store`): keyed by the address, the title and
every parameter below, so a changed address simply asks for a new entry and the old one is
pruned once unused.
"""

from __future__ import annotations

import json
import multiprocessing
import re
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
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
# A cold build makes its page codes in a second process while MkDocs renders pages in the first
# (a machine has two cores at least): worth it from this many missing codes on (starting the
# process costs ~0.2 s), in batches of this many.
PREFETCH_FROM = 100
BATCH = 50

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
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[str, tuple[Future[list[str]], int]] = {}  # key -> (batch, place)
        self.asked: list[tuple[str, str]] | None = None  # a list: notes each (url, title) asked

    def prefetch(self, urls: Iterable[str], title: str = DEFAULT_TITLE) -> None:
        """Start making, in another process, the codes of `urls` the cache lacks; `svg` then
        takes each from there (waiting for it if need be). Only when there are many: a warm
        build, or a few new pages, make their codes as they go."""
        if self.store is None or self._pool is not None:
            return
        missing = list(dict.fromkeys(u for u in urls if self._cached(_key(u, title)) is None))
        if len(missing) < PREFETCH_FROM:
            return
        try:  # spawn, not fork: the worker needs only this module and segno, and no thread
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
            for start in range(0, len(missing), BATCH):
                batch = missing[start : start + BATCH]
                future = self._pool.submit(make_many, batch, title)
                for place, url in enumerate(batch):
                    self._pending[_key(url, title)] = (future, place)
        except (OSError, RuntimeError):  # no second process here: make them as they go
            self.close()

    def svg(self, url: str, title: str = DEFAULT_TITLE) -> str:
        if self.asked is not None:
            self.asked.append((url, title))
        if self.store is None:
            return qr_svg(url, title)
        key = _key(url, title)
        cached = self._cached(key)
        if cached is not None:
            return cached
        made = self._from_pool(key) or qr_svg(url, title)
        self.store.put(key, made)
        return made

    def keep(self, url: str, title: str = DEFAULT_TITLE) -> None:
        """A page shows this code but was not rendered again (its HTML was kept): the code
        counts as used, so it is not pruned while the page shows it."""
        if self.store is not None:
            self.store.get(_key(url, title))

    def _from_pool(self, key: str) -> str | None:
        """The code made in the second process, or None (not asked there, or the process
        failed: then it is made here, as without one)."""
        pending = self._pending.pop(key, None)
        if pending is None:
            return None
        try:
            return pending[0].result()[pending[1]]
        except Exception:  # a broken pool, a killed worker: nothing is lost but time
            return None

    def _cached(self, key: str) -> str | None:
        assert self.store is not None
        cached = self.store.get(key)
        return cached if isinstance(cached, str) and _SHAPE.fullmatch(cached) else None

    def close(self) -> None:
        """Stop the second process, if any (what it has not made is not waited for)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool, self._pending = None, {}

    def save(self, keep_unused: bool = False) -> None:
        """Write the cache, pruning what recent builds did not ask for; a no-op without one.
        `keep_unused`: this build asked for only some codes (it rendered only some pages), so the
        others count as used and none is pruned."""
        self.close()
        if self.store is None:
            return
        if keep_unused:
            for key in list(self.store.entries):
                self.store.get(key)  # marks it used by this run
        self.store.save()


def make_many(urls: list[str], title: str) -> list[str]:
    """The codes of `urls`, in order (what the second process runs)."""
    return [qr_svg(url, title) for url in urls]


def _key(url: str, title: str) -> str:
    return digest(url, title, PARAMETERS, segno.__version__)
