"""Every page kind of the demo checked the way a reader meets it: axe-core in Chromium on a phone
(390×844, WeChat's user agent) and on a desktop (1280×800), in the normal mode and in 长者模式, and
the Nu HTML Checker on the built files.

axe-core comes bundled in the PyPI package axe-playwright-python; the Nu checker is the npm
package vnu-jar, which `make test` installs into node_modules/ (`npm ci --ignore-scripts`: its
postinstall would download a Java, the machine's own is used) and runs with the machine's Java.
Chromium is Debian's, launched as tests/test_screens.py does. The demo is built once (the
`demo` fixture) and served on 127.0.0.1; one browser serves the whole module.

`make screenshots` sets HB_SCREENSHOTS=<folder>: a PNG of each page kind at 390 and 1280 px
wide is then written to <folder>/pages/<kind>-<width>.png. Without it that test does not exist
(it only writes pictures for review, so it is not collected rather than skipped).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import material
import pytest

from generator.site.pages.spec import PageKind

from .browser import chromium, serving
from .conftest import REPO, SiteProject

# One page of each kind, as the demo builds it (its `today` is 2026-11-25). The richest page of
# a kind is chosen: voting is open in 2026-model-post; 2026-party-honours has four 公示 tables.
PAGES: dict[PageKind, str] = {
    PageKind.HOME: "",
    PageKind.CAMPAIGNS: "campaigns/",
    PageKind.CAMPAIGN: "campaigns/2026-model-post/",
    PageKind.NOMINEES: "campaigns/2026-model-post/nominees/",
    PageKind.PROFILE: "campaigns/2026-model-post/wang-xiaoming/",
    PageKind.VOTE: "campaigns/2026-model-post/vote/",
    PageKind.PUBLICITY: "campaigns/2026-party-honours/publicity/",
    PageKind.RESULTS: "campaigns/2026-party-honours/results/",
    PageKind.HONOURS: "honours/",
    PageKind.HONOURS_YEAR: "honours/2025/",
    PageKind.PEOPLE: "people/",
    PageKind.PERSON: "people/wang-xiaoming/",
    PageKind.UNITS: "units/",
    PageKind.UNIT: "units/hall-1f/",
    PageKind.COMMITMENTS: "units/branch-1/commitments/",
    PageKind.BOARDS: "boards/",
    PageKind.BOARD: "boards/floor-1/",  # cards, a branch's sign, members and a 承诺墙
    PageKind.SCREEN: "screens/pioneers/",
}
# Pages the validator reads besides those: another board and screen, and a branch's page (its
# 支部委员会).
VALIDATED = [*PAGES.values(), "boards/pioneers/", "screens/floor-1/", "people/branch-1/"]
# The hallway screens are TV pages with their own tests (tests/test_screens.py); the validator
# still reads them.
BROWSER_PAGES = [kind for kind in PAGES if kind is not PageKind.SCREEN]
# axe runs on the thirteen kinds issue 11 names, four times each (two viewports, two modes); the
# indexes of people, units and boards are the same cards as home and honours under another
# heading, and leaving them to the validator and the screenshots keeps the module near 2 minutes.
AXE_PAGES = [
    kind for kind in BROWSER_PAGES if kind not in (PageKind.PEOPLE, PageKind.UNITS, PageKind.BOARDS)
]

# An Android phone in WeChat's built-in browser (XWEB is Chromium): how most readers arrive.
WECHAT = (
    "Mozilla/5.0 (Linux; Android 13; V2148A Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 "
    "MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 "
    "Weixin NetType/WIFI Language/zh_CN ABI/arm64"
)


@dataclass(frozen=True)
class Viewport:
    """A screen the site is read on."""

    name: str
    width: int
    height: int
    phone: bool

    def context_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "viewport": {"width": self.width, "height": self.height},
            "locale": "zh-CN",
            "timezone_id": "Asia/Shanghai",
        }
        if self.phone:
            options.update(user_agent=WECHAT, is_mobile=True, has_touch=True)
        return options


VIEWPORTS = {
    "390": Viewport("390×844 微信", 390, 844, phone=True),
    "1280": Viewport("1280×800", 1280, 800, phone=False),
}
MODES = {"normal": "普通模式", "elder": "长者模式"}
# What a reader must not meet; moderate and minor findings are left to review.
BLOCKING = ("critical", "serious")
# The toggle another part of issue 11 adds to the header: a button whose text says 长者模式.
ELDER_TOGGLE = "button, [role=button], [role=switch]"


@dataclass
class Tab:
    """One browser tab per viewport and mode, kept for the module. In 长者模式 the header's
    toggle is pressed once on the home page; every page after that must still be in the mode,
    which is how the test sees that the choice is remembered on the device."""

    page: Any
    mode: str
    elder_classes: frozenset[str] = frozenset()
    broken: str | None = None
    errors: list[str] = field(default_factory=list)

    def open(self, url: str) -> None:
        self.errors.clear()
        self.page.goto(url)
        if self.elder_classes:
            missing = self.elder_classes - html_classes(self.page)
            assert not missing, (
                f"长者模式 is not remembered: {url} opened without the class(es) "
                f"{sorted(missing)} that the toggle put on <html>"
            )


def html_classes(page: Any) -> frozenset[str]:
    return frozenset(page.evaluate("[...document.documentElement.classList]"))


def turn_on_elder_mode(tab: Tab, home: str, viewport: Viewport) -> None:
    """Press the header's 长者模式 toggle; record what it changed on <html>, or why it could
    not be pressed (every 长者模式 test then fails with that message)."""
    from playwright.sync_api import Error as PlaywrightError

    page = tab.page
    page.goto(home)
    toggles = page.locator(ELDER_TOGGLE).filter(has_text="长者模式")
    if not toggles.count():
        tab.broken = (
            "the 长者模式 toggle is missing: no button in the page whose text contains 长者模式 "
            "(issue 11: a header toggle, remembered in localStorage, that sets a class on <html>)"
        )
        return
    before = html_classes(page)
    try:
        toggles.first.click(timeout=3000)
    except PlaywrightError as error:
        tab.broken = (
            f"the 长者模式 toggle cannot be pressed at {viewport.name}: "
            f"{str(error).splitlines()[0]}"
        )
        return
    added = html_classes(page) - before
    if not added:
        tab.broken = "pressing 长者模式 put no class on <html>"
        return
    tab.elder_classes = added


class Tabs:
    """The module's tabs, made when first asked for, in one browser."""

    def __init__(self, browser: Any, server: str) -> None:
        self.browser = browser
        self.server = server
        self.tabs: dict[tuple[str, str], Tab] = {}

    def get(self, viewport: str, mode: str) -> Tab:
        key = (viewport, mode)
        if key not in self.tabs:
            context = self.browser.new_context(**VIEWPORTS[viewport].context_options())
            tab = Tab(context.new_page(), mode)
            tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
            if mode == "elder":
                turn_on_elder_mode(tab, self.server, VIEWPORTS[viewport])
            self.tabs[key] = tab
        tab = self.tabs[key]
        if tab.broken:
            pytest.fail(f"{VIEWPORTS[viewport].name}, {MODES[mode]}: {tab.broken}", pytrace=False)
        return tab

    def close(self) -> None:
        for tab in self.tabs.values():
            tab.page.context.close()


@pytest.fixture(scope="module")
def site(demo: SiteProject) -> Path:
    built = demo.root / "site"
    missing = [path for path in PAGES.values() if not (built / path / "index.html").is_file()]
    assert not missing, f"the demo no longer builds these pages; choose others in PAGES: {missing}"
    return built


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serving(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def tabs(browser: Any, server: str) -> Iterator[Tabs]:
    opened = Tabs(browser, server)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def test_every_page_kind_is_checked() -> None:
    """A new page kind must be given a page here, or it goes unchecked."""
    assert set(PAGES) == set(PageKind)


def describe(violation: dict[str, Any], shown: int = 4) -> str:
    """A rule's id, impact and element count, then the first elements: selector and what axe
    measured there (a contrast ratio and its colours, a missing name …)."""
    nodes = violation["nodes"]
    lines = [
        f"  {violation['id']} ({violation['impact']}, {len(nodes)} element(s)): {violation['help']}"
    ]
    for node in nodes[:shown]:
        checks = [c["message"] for part in ("any", "all", "none") for c in node.get(part, [])]
        finding = f": {checks[0]}" if checks else ""
        lines.append(f"      {' '.join(map(str, node['target']))}{finding}")
    if len(nodes) > shown:
        lines.append(f"      … and {len(nodes) - shown} more")
    return "\n".join(lines)


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("kind", AXE_PAGES, ids=str)
def test_axe_finds_no_serious_violation(
    tabs: Tabs, axe: Any, server: str, kind: PageKind, viewport: str, mode: str
) -> None:
    tab = tabs.get(viewport, mode)
    tab.open(server + PAGES[kind])
    violations = axe.run(tab.page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    problems = [describe(v) for v in blocking] + [f"  script error: {e}" for e in tab.errors]
    if problems:
        pytest.fail(
            f"{kind} (/{PAGES[kind]}), {VIEWPORTS[viewport].name}, {MODES[mode]}: "
            f"{len(blocking)} critical/serious axe rule(s)\n" + "\n".join(problems),
            pytrace=False,
        )


# --- The Nu HTML Checker ---------------------------------------------------------------------

VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


@dataclass(frozen=True)
class MaterialError:
    """A validator error in markup that Material's own template writes, kept with the reason.
    It is matched by the message and by the page's line holding exactly Material's markup, which
    must be in Material's template and in none of ours."""

    message: str  # how the validator's message starts
    markup: str  # the element, exactly as Material writes it
    template: str  # the Material template that writes it
    reason: str


AUTOCOMPLETE = "Attribute “autocomplete” is only allowed when the input type is"
WHY_AUTOCOMPLETE = (
    "Material's hidden checkbox that opens the {} with CSS alone; autocomplete=off stops "
    "Firefox from restoring its checked state after a reload or Back (the {} would reopen by "
    "itself). Validators reject the attribute on checkboxes; browsers ignore it harmlessly. "
    "Fixing it means overriding Material's whole base.html."
)
MATERIAL_ERRORS = (
    MaterialError(
        AUTOCOMPLETE,
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'
        ' autocomplete="off">',
        "base.html",
        WHY_AUTOCOMPLETE.format("navigation drawer", "drawer"),
    ),
    MaterialError(
        AUTOCOMPLETE,
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"'
        ' autocomplete="off">',
        "base.html",
        WHY_AUTOCOMPLETE.format("search dialog", "dialog"),
    ),
)


def test_allowed_validator_errors_are_in_materials_markup_only() -> None:
    ours = [
        path
        for folder in (REPO / "generator/theme", REPO / "theme")
        for path in folder.rglob("*.html")
    ]
    for allowed in MATERIAL_ERRORS:
        assert allowed.markup in (MATERIAL_TEMPLATES / allowed.template).read_text("utf-8")
        for path in ours:
            assert allowed.markup not in path.read_text("utf-8"), (path, allowed.markup)


@pytest.fixture(scope="module")
def validator_messages(site: Path) -> list[dict[str, Any]]:
    """The Nu checker's errors on one page of each kind, in one run."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: `make test` installs default-jre-headless", pytrace=False)
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: `make test` installs it (npm ci)", pytrace=False)
    files = [str(site / path / "index.html") for path in VALIDATED]
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        messages: list[dict[str, Any]] = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu checker did not answer in JSON:\n{result.stdout}\n{result.stderr}")
    return messages


def file_of(message: dict[str, Any]) -> str:
    """The checked file's path (the checker names it by a file: URL)."""
    url = urlsplit(str(message.get("url", "")))
    return unquote(url.path) if url.scheme == "file" else ""


def materials(message: dict[str, Any], lines: dict[str, list[str]]) -> MaterialError | None:
    path = file_of(message)
    if message.get("type") != "error" or not path:
        return None
    if path not in lines:
        lines[path] = Path(path).read_text(encoding="utf-8").splitlines()
    number = int(message.get("lastLine", 0))
    line = lines[path][number - 1].strip() if 0 < number <= len(lines[path]) else ""
    for allowed in MATERIAL_ERRORS:
        if message.get("message", "").startswith(allowed.message) and line == allowed.markup:
            return allowed
    return None


def test_nu_validator_finds_no_error_in_our_markup(
    site: Path, validator_messages: list[dict[str, Any]]
) -> None:
    lines: dict[str, list[str]] = {}
    used: set[MaterialError] = set()
    ours: list[str] = []
    for message in validator_messages:
        allowed = materials(message, lines)
        if allowed is not None:
            used.add(allowed)
            continue
        path = file_of(message)
        where = Path(path).relative_to(site).as_posix() if path else message.get("url", "?")
        extract = " ".join(str(message.get("extract", "")).split())
        ours.append(
            f"  {where}:{message.get('lastLine', '?')}: {message.get('message')}\n      …{extract}…"
        )
    if ours:
        pytest.fail(
            f"the Nu checker: {len(ours)} error(s) in our markup\n" + "\n".join(ours),
            pytrace=False,
        )
    unused = [allowed.markup for allowed in MATERIAL_ERRORS if allowed not in used]
    assert not unused, f"Material no longer writes these: remove them from MATERIAL_ERRORS {unused}"


# --- Screenshots for review (`make screenshots`) ---------------------------------------------

SCREENSHOTS = os.environ.get("HB_SCREENSHOTS")

# Lazy images below the fold would be blank in a full-page picture: load them all first.
ALL_IMAGES = """async () => {
  for (const img of document.images) img.loading = "eager";
  await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
  await document.fonts.ready;
  for (let i = 0; i < 2; i++) await new Promise((done) => requestAnimationFrame(done));
}"""


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", header[16:24])
    return width, height


if SCREENSHOTS:

    @pytest.mark.parametrize("viewport", list(VIEWPORTS))
    @pytest.mark.parametrize("kind", BROWSER_PAGES, ids=str)
    def test_page_screenshot(tabs: Tabs, server: str, kind: PageKind, viewport: str) -> None:
        """A full-page PNG of the page kind, screenshots/pages/<kind>-<width>.png."""
        out = Path(str(SCREENSHOTS)) / "pages"
        out.mkdir(parents=True, exist_ok=True)
        tab = tabs.get(viewport, "normal")
        tab.open(server + PAGES[kind])
        tab.page.evaluate(ALL_IMAGES)
        shot = out / f"{kind}-{viewport}.png"
        tab.page.screenshot(path=str(shot), full_page=True, animations="disabled")
        width, height = png_size(shot)
        assert (width, height >= VIEWPORTS[viewport].height) == (VIEWPORTS[viewport].width, True)
