"""长者模式 (large type and high contrast) and print, in a real browser: Debian's Chromium,
headless, driven by Playwright (as tests/test_screens.py), on the demo built once and served on
127.0.0.1.

长者模式: the header's toggle (aria-pressed, ≥ 44×44 px), remembered on the device and applied
by the head's inline script before the first paint (even when elder.js never loads); in it,
body text ≥ 20 px, no text under 16 px, no light-grey text, tap targets ≥ 44 px and no
horizontal scroll at 360 px on every page kind. The reader's own `prefers-contrast: more` and
`forced-colors: active` are honoured. Print: no header, navigation, search or toggle; the
page's QR code and the 监督 contacts shown; the footer's links left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser import chromium, serving, wait_until
from .conftest import SiteProject

PHONE = {"width": 360, "height": 740}
PAGES = {  # page kind: its URL in the demo
    "home": "",
    "campaigns": "campaigns/",
    "campaign": "campaigns/2026-model-post/",
    "nominees": "campaigns/2026-model-post/nominees/",
    "profile": "campaigns/2026-most-beautiful/wu-haibo/",
    "vote": "campaigns/2026-model-post/vote/",
    "publicity": "campaigns/2025-model-post/publicity/",
    "results": "campaigns/2025-model-post/results/",
    "honours": "honours/",
    "honours year": "honours/2025/",
    "person": "people/wang-xiaoming/",
    "units": "units/",
    "unit": "units/branch-1/",
    "commitments": "units/branch-1/commitments/",
    "board": "boards/pioneers/",
    "party board": "boards/floor-1/",
    "own page": "about/",
}
PUBLICITY = PAGES["publicity"]

# Every visible element with text of its own: its font size, its colour composed over the
# nearest background, that background, and whether it sits in the (red) header.
TEXTS = """() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const [r, g, b, a = 1] = parse(getComputedStyle(e).backgroundColor);
      if (a > 0.5) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const found = [];
  for (const el of document.querySelectorAll("body *")) {
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // visually hidden (screen readers only)
    const style = getComputedStyle(el);
    const back = background(el);
    const [r, g, b, a = 1] = parse(style.color);
    const alpha = a * parseFloat(style.opacity);
    const colour = [r, g, b].map((v, i) => v * alpha + back[i] * (1 - alpha));
    found.push({
      text: el.textContent.trim().slice(0, 30), tag: el.tagName, cls: String(el.className),
      size: parseFloat(style.fontSize), colour, back,
      header: !!el.closest(".md-header, .md-footer, .md-search"),
    });
  }
  return found;
}"""
# The tap targets that are not words inside running text, with their sizes.
TARGETS = """() => [...document.querySelectorAll(
    ".hb-elder-toggle, .md-header__button, .md-nav--primary .md-nav__link, .hb-footer a")]
  .filter((el) => el.checkVisibility() && getComputedStyle(el).display !== "none")
  .map((el) => { const b = el.getBoundingClientRect();
    return {text: el.textContent.trim().slice(0, 20), cls: String(el.className),
            width: b.width, height: b.height}; })"""


def luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(scope="module")
def server(demo: SiteProject) -> Iterator[str]:
    with serving(demo.root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A phone-sized tab of its own (its own localStorage); any script error fails the test."""
    context = browser.new_context(viewport=PHONE)
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    yield context
    context.close()
    assert not errors, errors


def toggle_state(page: Any) -> tuple[str | None, bool, float]:
    """aria-pressed of the toggle, whether <html> is in the mode, the body text's size."""
    return (
        page.get_attribute(".hb-elder-toggle", "aria-pressed"),
        page.evaluate("document.documentElement.classList.contains('hb-elder')"),
        page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset p'))"
            ".fontSize)"
        ),
    )


def test_toggle_switches_and_is_remembered_on_the_device(context: Any, server: str) -> None:
    page = context.new_page()
    page.goto(server)
    wait_until(page, "document.readyState === 'complete'")
    toggle = page.locator("header .hb-elder-toggle")
    assert toggle.inner_text().strip() == "长者模式"
    box = toggle.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    pressed, on, size = toggle_state(page)
    assert (pressed, on) == ("false", False) and size < 20

    toggle.click()
    pressed, on, size = toggle_state(page)
    assert (pressed, on) == ("true", True) and size >= 20, size
    page.reload()
    wait_until(page, "document.readyState === 'complete'")
    pressed, on, size = toggle_state(page)
    assert (pressed, on) == ("true", True) and size >= 20, size
    page.goto(server + PUBLICITY)  # another page of the site: still on
    assert toggle_state(page)[:2] == ("true", True)

    page.locator("header .hb-elder-toggle").click()
    assert toggle_state(page)[:2] == ("false", False)
    page.reload()
    pressed, on, size = toggle_state(page)
    assert (pressed, on) == ("false", False) and size < 20


def test_the_mode_is_set_before_first_paint_without_the_script_file(
    context: Any, server: str
) -> None:
    """The head's inline script sets the mode: the page is large from the start, even when
    elder.js does not load (then the toggle only shows the state)."""
    page = context.new_page()
    page.goto(server)
    page.evaluate("localStorage.setItem('hb.elder', '1')")
    page.route("**/elder.js", lambda route: route.abort())
    page.goto(server + "about/", wait_until="domcontentloaded")
    assert page.evaluate("document.documentElement.classList.contains('hb-elder')")
    assert toggle_state(page)[2] >= 20


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_every_page_kind_fits_a_360_px_phone(context: Any, server: str, elder: bool) -> None:
    page = context.new_page()
    page.goto(server)
    if elder:
        page.evaluate("localStorage.setItem('hb.elder', '1')")
    problems = []
    with_text: set[str] = set()
    for kind, url in PAGES.items():
        page.goto(server + url)
        wait_until(page, "document.readyState === 'complete'")
        assert page.evaluate("document.documentElement.classList.contains('hb-elder')") == elder
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{kind}: scrolls sideways ({width} px)")
        if not elder:
            continue
        for text in page.evaluate(TEXTS):
            where = f"{kind}: {text['tag']}.{text['cls']} «{text['text']}»"
            if text["size"] < 16:
                problems.append(f"{where} is {text['size']} px")
            grey = max(text["colour"]) - min(text["colour"]) < 12
            light_back = min(text["back"]) > 200
            if grey and light_back and not text["header"]:
                ratio = contrast(text["colour"], text["back"])
                if ratio < 7:
                    problems.append(f"{where} is light grey ({ratio:.1f}:1)")
        body = page.evaluate(  # running text: paragraphs of a body, not labels or crumbs
            "[...document.querySelectorAll('.md-content .md-typeset p:not([class])')]"
            ".filter((p) => p.checkVisibility() && p.textContent.trim().length > 20)"
            ".map((p) => parseFloat(getComputedStyle(p).fontSize))"
        )
        if body:
            with_text.add(kind)
        problems.extend(f"{kind}: body text {size} px" for size in body if size < 20)
        for target in page.evaluate(TARGETS):
            if target["height"] < 44 or target["width"] < 44:
                problems.append(f"{kind}: tap target {target} under 44 px")
    assert not problems, "\n".join(problems)
    if elder:  # the body-text check saw the pages that are mostly running text
        assert {"home", "campaign", "profile", "own page"} <= with_text, with_text


def test_prefers_contrast_more_and_forced_colors(browser: Any, server: str) -> None:
    more = browser.new_context(viewport=PHONE, contrast="more")
    page = more.new_page()
    for kind in ("home", "publicity", "profile", "own page"):
        page.goto(server + PAGES[kind])
        body = page.evaluate(
            "[...document.querySelectorAll('.md-content .md-typeset p:not([class])')]"
            ".map((p) => getComputedStyle(p).color)"
        )
        assert all(c in ("rgb(0, 0, 0)", "rgb(26, 26, 26)") for c in body), (kind, body)
        assert body or kind == "publicity", kind
        for text in page.evaluate(TEXTS):  # no light grey, without the 长者模式 button
            grey = max(text["colour"]) - min(text["colour"]) < 12
            if grey and min(text["back"]) > 200 and not text["header"]:
                ratio = contrast(text["colour"], text["back"])
                assert ratio >= 7, f"{kind}: {text['cls']} «{text['text']}» {ratio:.1f}:1"
    more.close()

    forced = browser.new_context(viewport=PHONE, forced_colors="active")
    page = forced.new_page()
    page.goto(server)
    page.locator(".hb-elder-toggle").click()
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.hb-elder-toggle'));"
        " return [s.borderTopStyle, s.borderTopWidth, s.backgroundColor, s.color]; })()"
    )
    border_style, border_width, background, text = style
    assert border_style == "solid" and float(border_width.rstrip("px")) >= 2
    assert background != text  # pressed: Highlight behind HighlightText, told apart
    footer_border = page.evaluate(
        "getComputedStyle(document.querySelector('.hb-footer')).borderTopStyle"
    )
    assert footer_border == "solid"
    forced.close()


def visible(page: Any, selector: str) -> list[bool]:
    return page.evaluate(
        "(s) => [...document.querySelectorAll(s)].map((el) => el.checkVisibility()"
        " && el.getBoundingClientRect().height > 0)",
        selector,
    )


def test_print_shows_the_page_its_qr_code_and_the_supervision_contacts(
    browser: Any, server: str
) -> None:
    context = browser.new_context(viewport={"width": 794, "height": 1123})
    page = context.new_page()
    page.goto(server)
    page.evaluate("localStorage.setItem('hb.elder', '1')")  # print ignores the screen's mode
    for kind in ("publicity", "results", "campaign", "profile"):
        page.goto(server + PAGES[kind])
        page.emulate_media(media="print")
        for chrome in (".md-header", ".md-sidebar", ".md-search", ".hb-elder-toggle", ".md-top"):
            assert not any(visible(page, chrome)), f"{kind}: {chrome} is printed"
        assert visible(page, ".hb-footer__supervision") == [True], kind
        assert not any(visible(page, ".hb-footer__filings, .hb-footer__about")), kind
        assert not any(visible(page, ".hb-footer__contacts")), kind
        size = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset')).fontSize)"
        )
        assert 12 <= size <= 15, f"{kind}: printed text {size} px"
        # The page's QR code, where the page has one, is printed, 2–3 cm wide.
        codes = page.evaluate(
            "[...document.querySelectorAll('.hb-qr svg')].map((s) => s.checkVisibility()"
            " ? s.getBoundingClientRect().width : 0)"
        )
        if kind in ("campaign", "profile"):
            assert codes, f"{kind} has no QR code"
        assert all(75 <= width <= 115 for width in codes), f"{kind}: QR code widths {codes}"
        page.emulate_media(media="screen")
    context.close()


@pytest.mark.parametrize("kind", ["profile", "publicity", "results"])
def test_printed_on_a4_in_one_sheet(browser: Any, server: str, tmp_path: Path, kind: str) -> None:
    """The demo's longest profile, its 公示 and results each print on one A4 sheet."""
    page = browser.new_page()
    page.goto(server + PAGES[kind])
    pdf = tmp_path / f"{kind}.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    page.close()
    data = pdf.read_bytes()
    sheets = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
    assert sheets == 1, f"{kind} prints on {sheets} sheets"
