"""Debian's Chromium, driven by Playwright, and a built site served on 127.0.0.1: what every
browser test shares (tests/test_screens.py, test_accessibility.py, test_public_face.py,
test_elder.py, test_search.py, test_hostile_browser.py)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = Path(os.environ.get("HB_CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking flags Chromium phones home, which a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class Server(http.server.ThreadingHTTPServer):
    """A listen backlog of 5 (the default) makes a loaded machine reset Chromium's connections."""

    request_queue_size = 128


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` on 127.0.0.1 and a free port, at the root (as the 404 page expects), like an
    intranet server; yields its URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """One headless Chromium (Debian's, which `make test` installs)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
            "(`make test` installs it: apt-get install chromium)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_until(page: Any, expression: str, timeout: float = 30000) -> None:
    """Poll `expression` from Python: Playwright's own wait_for_function evaluates a string in
    the page, which the pages' Content-Security-Policy rightly forbids."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            if page.evaluate(expression):
                return
        except PlaywrightError:  # the page is reloading: its old context is gone
            pass
        assert time.monotonic() < deadline, f"not true within {timeout:.0f} ms: {expression}"
        page.wait_for_timeout(25)
