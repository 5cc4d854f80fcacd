"""The hostile corpus in a real browser: the cases of tests/hostile/ that build (scripts, on*
attributes, javascript: links, <base>, <meta refresh>, iframes, svg scripts and images from
elsewhere in bodies; markup in every title and name), built into sites as tests/test_hostile.py
groups them, served on 127.0.0.1 and every page opened in headless Chromium (Debian's, as
tests/test_screens.py drives it).

On every page: no dialog opens, no script error is thrown, no request goes to another host
(every request is routed: those elsewhere are recorded and refused), the page stays where it
was opened, and the only console errors are the 404s of the relative images the corpus
writes. The Content-Security-Policy is in force and observable: the page carries its meta,
nothing in the page violated it while loading, and an inline script injected afterwards does
not run, fires a `securitypolicyviolation` event and logs Chromium's report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser import chromium, serving
from .test_hostile import CASES, apply, build_groups, new_site

# The cases that build, bodies first: the first two sites hold every body case and every
# title case but two (person-name-quotes and person-name-jinja), which test_hostile.py checks.
ORDER = ("bodies", "titles", "urls", "encodings")
SITES = 2
# Relative images the corpus writes whose file does not exist: the browser asks for them (from
# the page's own folder) and logs the 404. Nothing else may log an error.
MISSING_IMAGES = {
    "campaigns/2026-model-post/wang-xiaoming/x.png",  # bodies/story
    "guide/x",  # titles/page-heading-as-title
    "hostile/admonition/x",
    "hostile/attrs/x.png",
    "hostile/img/x.png",
    "hostile/noscript/x",
}
NOT_FOUND = "Failed to load resource: the server responded with a status of 404 (File not found)"
# Chromium's report of the injected script, refused ("Executing inline script violates the
# following Content Security Policy directive 'script-src 'self' 'sha256-…''. Either …").
BLOCKED_INLINE = re.compile(
    r"^Executing inline script violates the following Content Security Policy directive "
    r"'script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')*'\. Either the 'unsafe-inline' keyword, "
    r"a hash \('sha256-[A-Za-z0-9+/]+=*'\), or a nonce \('nonce-\.\.\.'\) is required to "
    r"enable inline execution\. The action has been blocked\.$"
)
# Registered before any script of the page: every violation of the policy is kept.
WATCH = """
window.__hbViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__hbViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""
# An inline script the page did not have, added as a script would add one.
INJECT = """async () => {
  const before = window.__hbViolations.length;
  window.__hbRan = false;
  const script = document.createElement('script');
  script.textContent = 'window.__hbRan = true;';
  document.body.append(script);
  for (let i = 0; i < 50 && window.__hbViolations.length === before; i++) {
    await new Promise((done) => setTimeout(done, 10));
  }
  return {
    policy: document.querySelector('meta[http-equiv=Content-Security-Policy]') !== null,
    ran: window.__hbRan,
    violations: window.__hbViolations.slice(before),
  };
}"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The building cases of the groups above, built as test_hostile.py groups them."""
    cases = [c for c in CASES if c.group in ORDER and c.exit == 0 and not c.finding]
    cases.sort(key=lambda case: ORDER.index(case.group))
    root = tmp_path_factory.mktemp("hostile-browser")
    built = []
    for index, group in enumerate(build_groups(cases)[:SITES]):
        site = new_site(root / f"build-{index}")
        for case in group:
            apply(site, case.changes)
        result = site.mkdocs("build")
        assert result.returncode == 0, result.stderr[-3000:]
        built.append(site.root / "site")
    return built


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


class Watch:
    """What one tab did, event by event, with the page it was on."""

    def __init__(self, page: Any) -> None:
        self.server, self.opened = "", ""  # the site being opened, the page (site:path)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.console: list[tuple[str, str, str]] = []  # page, text, the resource's URL
        self.elsewhere: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.errors.append(f"{self.opened}: {error}"))
        page.on("console", self._console)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{self.opened}: {dialog.type} {dialog.message}")
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            url = str(message.location.get("url", ""))
            self.console.append((self.opened, message.text, url))

    def route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.server):
            route.continue_()
        else:
            self.elsewhere.append(f"{self.opened}: {url}")
            route.abort()


def test_hostile_pages_run_nothing_and_ask_nothing_of_other_hosts(
    browser: Any, sites: list[Path]
) -> None:
    context = browser.new_context(service_workers="block")
    tab = context.new_page()
    watch = Watch(tab)
    context.route("**/*", watch.route)
    context.add_init_script(WATCH)
    opened: list[str] = []
    moved, unprotected, ran, loading, injected = [], [], [], [], []
    try:
        for index, site in enumerate(sites):
            with serving(site) as server:
                watch.server = server
                for path in sorted(site.rglob("*.html")):
                    relative = path.relative_to(site).as_posix()
                    url, watch.opened = server + relative, f"{index}:{relative}"
                    opened.append(watch.opened)
                    tab.goto(url, wait_until="load")
                    result = tab.evaluate(INJECT)
                    if tab.evaluate("window.__hbViolations.length") > len(result["violations"]):
                        loading.append(watch.opened)
                    if tab.url != url:
                        moved.append(f"{watch.opened} -> {tab.url}")
                    if not result["policy"]:
                        unprotected.append(watch.opened)
                    if result["ran"]:
                        ran.append(watch.opened)
                    if result["violations"] != ["script-src-elem inline"]:
                        injected.append((watch.opened, result["violations"]))
                # Leave the site before its server stops: the last page's favicon may still
                # be on its way, and a server gone under it is not the page's fault.
                tab.goto("about:blank")
    finally:
        context.close()
    assert len(opened) > 60, opened
    assert watch.dialogs == []
    assert watch.errors == []
    assert watch.elsewhere == []
    assert moved == []
    assert unprotected == []
    assert ran == []  # the injected script was refused, and seen refused …
    assert injected == []
    assert loading == []  # … and nothing of the page itself was
    # On the console: each refusal, and each relative image the corpus writes that is missing.
    blocked = [page for page, text, _ in watch.console if BLOCKED_INLINE.match(text)]
    assert blocked == opened
    missing = {url.split("/", 3)[3] for _, text, url in watch.console if text == NOT_FOUND}
    assert missing == MISSING_IMAGES
    others = [e for e in watch.console if not BLOCKED_INLINE.match(e[1]) and e[1] != NOT_FOUND]
    assert others == []
