"""Hallway screens (/screens/<id>/) in a real browser: Debian's Chromium, headless, driven by
Playwright for Python (Playwright's own browser download is never used).

The demo is built once (the `demo` fixture), copied so that tests may rewrite its files, and
served on 127.0.0.1; the same pages are also opened from file://. `make screenshots` runs the
layout test with HB_SCREENSHOTS=<folder> to keep a PNG of every slide for review. HB_CHROMIUM
names another Chromium binary (default /usr/bin/chromium, which `make test` installs).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .browser import chromium, serving, wait_until
from .conftest import SiteProject

SITE_URL = "https://rongyu.example.gov.cn/"  # the demo's site_url
BOARDS = {"pioneers": "landscape", "stars": "portrait"}  # the demo boards and their screens
SIZES = {"landscape": {"width": 1920, "height": 1080}, "portrait": {"width": 1080, "height": 1920}}
DAY = "now=10:00"  # inside opening hours, whatever the real time (the demo dims at night)

# One pass over the whole screen: what leaves the viewport, what is clipped, too small or overlaps.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const vw = innerWidth, vh = innerHeight, smallest = Math.min(vw, vh) * 0.025;
  const words = (text) => text.trim().split(/\\s+/);
  const label = (el) => [el.tagName.toLowerCase(), ...words(String(el.className.baseVal ?? el.className))]
    .join(".") + " «" + words(el.textContent).join(" ").slice(0, 30) + "»";
  const ownText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  const boxes = [];
  for (const el of document.querySelectorAll(".hb-screen, .hb-screen *")) {
    if (el.closest("[hidden]") || (el.closest("svg") && el.tagName !== "svg")) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const box = el.getBoundingClientRect();
    if (!box.width && !box.height) continue;
    if (box.left < -0.5 || box.top < -0.5 || box.right > vw + 0.5 || box.bottom > vh + 0.5) {
      problems.push(`${label(el)} leaves the viewport: ${JSON.stringify(box)}`);
    }
    if (el.tagName === "IMG" && !(el.complete && el.naturalWidth)) {
      problems.push(`${el.currentSrc || el.src} did not load`);
    }
    // Text that does not fit its box, or a box whose content does not fit it.
    if (style.display !== "inline" && el.tagName !== "svg" &&
        (el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight)) {
      problems.push(`${label(el)} overflows: content ${el.scrollWidth}×${el.scrollHeight}` +
        ` > box ${el.clientWidth}×${el.clientHeight}`);
    }
    if (!ownText(el)) {
      if (el.matches(".hb-slide__picture, svg")) boxes.push([el, box]);
      continue;
    }
    boxes.push([el, box]);
    if (parseFloat(style.fontSize) < smallest) {
      problems.push(`${label(el)} is too small to read from 3 m: ${style.fontSize}`);
    }
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, p] = boxes[i], [b, q] = boxes[j];
      if (a.contains(b) || b.contains(a)) continue;
      const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (w > 1 && h > 1) problems.push(`${label(a)} overlaps ${label(b)}`);
    }
  }
  return problems;
}"""

# Advance n times, letting the page render a frame after each slide.
ADVANCE = """async (n) => {
  for (let i = 0; i < n; i++) {
    hbScreen.next();
    await new Promise((done) => requestAnimationFrame(done));
  }
}"""

# Wait until the images of the slide on show are decoded (they load eagerly, all at start), and
# two frames more, so that a screenshot shows them.
IMAGES_READY = """async () => {
  await Promise.all([...document.querySelectorAll(".hb-slide:not([hidden]) img")]
    .map((img) => img.decode().catch(() => null)));
  for (let i = 0; i < 2; i++) await new Promise((done) => requestAnimationFrame(done));
}"""


@pytest.fixture(scope="module")
def site(demo: SiteProject, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built demo, which tests may change (version.json, variants of a page)."""
    copy = tmp_path_factory.mktemp("screens") / "site"
    shutil.copytree(demo.root / "site", copy)
    return copy


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The site on 127.0.0.1 and a free port, like an intranet server."""
    with serving(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh landscape tab; any uncaught script error fails the test."""
    context = browser.new_context(viewport=SIZES["landscape"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def open_screen(page: Any, base: str, board: str = "pioneers", query: str = "") -> None:
    page.goto(f"{base}screens/{board}/index.html?{DAY}&{query}")
    wait_until(page, "window.hbScreen && document.fonts.status === 'loaded'")


def current(page: Any) -> int:
    return int(page.evaluate("hbScreen.current()"))


def pause_button(page: Any) -> tuple[str | None, str]:
    button = page.locator(".hb-screen__pause")
    return button.get_attribute("aria-pressed"), button.inner_text().strip()


def write_atomically(path: Path, text: str) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def test_slides_advance_by_themselves_with_progress_and_clock(page: Any, server: str) -> None:
    open_screen(page, server, query="seconds=1")
    # Fonts may take longer than a slide: restart from the first one, checked in the same task.
    first_shown, visible = page.evaluate(
        """() => { hbScreen.go(0);
             return [!document.querySelector('.hb-slide').hidden,
                     document.querySelectorAll('.hb-slide:not([hidden])').length]; }"""
    )
    assert (first_shown, visible) == (True, 1)
    wait_until(page, "hbScreen.current() === 1", timeout=3000)
    wait_until(page, "hbScreen.current() === 2", timeout=3000)
    # The progress bar fills up while a slide is shown.
    wait_until(
        page,
        """() => new DOMMatrix(getComputedStyle(
             document.querySelector('.hb-screen__bar-fill')).transform).a > 0.2""",
        timeout=3000,
    )
    assert page.locator(".hb-screen__progress").is_visible()
    assert re.fullmatch(
        r"\d{4}年\d{1,2}月\d{1,2}日 星期[日一二三四五六]",
        page.locator(".hb-screen__date").inner_text(),
    )
    assert page.locator(".hb-screen__time").inner_text() == "10:00"
    shown, text, count = page.evaluate(
        """[hbScreen.current(), document.querySelector('.hb-screen__count').textContent,
            hbScreen.count]"""
    )
    assert text == f"{shown + 1} / {count}"


def test_pause_and_resume_by_key_click_and_touch(browser: Any, page: Any, server: str) -> None:
    open_screen(page, server, query="seconds=1")
    assert pause_button(page) == ("false", "暂停")
    # Space pauses: nothing moves, the remote's arrows still browse.
    page.keyboard.press("Space")
    assert pause_button(page) == ("true", "继续")
    shown = current(page)
    page.wait_for_timeout(1600)
    assert current(page) == shown
    page.keyboard.press("ArrowRight")
    assert current(page) == shown + 1
    page.keyboard.press("ArrowDown")
    assert current(page) == shown + 2
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    assert current(page) == shown
    assert page.evaluate("hbScreen.paused()")
    # Space again resumes.
    page.keyboard.press("Space")
    assert pause_button(page) == ("false", "暂停")
    wait_until(page, f"hbScreen.current() !== {shown}", timeout=3000)
    # 'k' and the remote's OK (Enter) toggle too.
    page.keyboard.press("k")
    assert pause_button(page)[0] == "true"
    page.keyboard.press("Enter")
    assert pause_button(page)[0] == "false"
    # A click on the button pauses and resumes.
    page.click(".hb-screen__pause")
    assert pause_button(page) == ("true", "继续")
    shown = current(page)
    page.wait_for_timeout(1600)
    assert current(page) == shown
    # Space on the focused button toggles once, not twice.
    page.keyboard.press("Space")
    assert pause_button(page) == ("false", "暂停")
    wait_until(page, f"hbScreen.current() !== {shown}", timeout=3000)
    # A tap on a touch screen.
    context = browser.new_context(viewport=SIZES["portrait"], has_touch=True)
    try:
        touch = context.new_page()
        open_screen(touch, server, "stars", "seconds=1")
        touch.locator(".hb-screen__pause").tap()
        assert pause_button(touch) == ("true", "继续")
        touch.locator(".hb-screen__pause").tap()
        assert pause_button(touch) == ("false", "暂停")
    finally:
        context.close()


@pytest.mark.parametrize("board", BOARDS)
def test_no_request_leaves_the_host(page: Any, server: str, board: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_screen(page, server, board, "seconds=600&poll=1")
    for index in range(page.evaluate("hbScreen.count")):
        page.evaluate("i => hbScreen.go(i)", index)
        page.evaluate(IMAGES_READY)
    page.wait_for_timeout(1200)  # a version poll or two
    outside = [url for url in requests if not url.startswith(server)]
    assert not outside
    paths = {urlsplit(url).path for url in requests}
    for expected in [
        "/assets/fonts/NotoSansSC-Bold.woff2",
        "/assets/stylesheets/screen.css",
        "/assets/javascripts/screen.js",
        f"/screens/{board}/version.json",
    ]:
        assert expected in paths, sorted(paths)
    assert any(path.startswith("/portraits/") for path in paths)


def decode_qr_png(png: bytes) -> str:
    import cv2
    import numpy

    image = cv2.imdecode(numpy.frombuffer(png, numpy.uint8), cv2.IMREAD_COLOR)
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
    return str(text)


@pytest.mark.parametrize("board", BOARDS)
def test_qr_codes_decode_to_the_profile_urls(
    page: Any, server: str, site: Path, board: str
) -> None:
    page.set_viewport_size(SIZES[BOARDS[board]])
    open_screen(page, server, board, "seconds=600")
    entries = page.evaluate(
        """() => [...document.querySelectorAll('.hb-slide')].flatMap((slide, index) =>
             slide.matches('.hb-slide--entry') ? [[index, slide.dataset.person,
               slide.querySelector('.hb-slide__name').textContent.trim()]] : [])"""
    )
    assert len(entries) >= 5
    if board == "stars":
        entries = entries[:6]  # the same people come back month after month
    for index, person, name in entries:
        page.evaluate("i => hbScreen.go(i)", index)
        code = page.locator(".hb-slide:not([hidden]) .hb-slide__qr svg")
        box = code.bounding_box()
        assert box is not None and box["width"] >= 200, box  # a phone reads it from a metre
        url = decode_qr_png(code.screenshot(animations="disabled"))
        # The profile: a nomination's page for results, the person's page otherwise.
        assert url == f"{SITE_URL}people/{person}/" or re.fullmatch(
            rf"{re.escape(SITE_URL)}campaigns/[a-z0-9-]+/{person}/", url
        ), (name, url)
        target = site / urlsplit(url).path.strip("/") / "index.html"
        assert target.is_file(), url
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", target.read_text(encoding="utf-8"), re.S)
        assert heading is not None and name in heading.group(1), (url, name)


def slide_problems(page: Any) -> list[str]:
    return list(page.evaluate(LAYOUT_PROBLEMS))


@pytest.mark.parametrize("orientation", SIZES)
@pytest.mark.parametrize("board", BOARDS)
def test_every_slide_fits_the_screen(
    browser: Any, server: str, tmp_path: Path, board: str, orientation: str
) -> None:
    """Screenshots of every slide at 1920×1080 or 1080×1920: nothing leaves the screen, no text
    is clipped, too small for three metres or on top of something else; names are big."""
    # `make screenshots` keeps PNGs for review; a test run keeps cheaper JPEGs in tmp_path.
    keep = os.environ.get("HB_SCREENSHOTS")
    out, kind = (Path(keep), "png") if keep else (tmp_path, "jpeg")
    out.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=SIZES[orientation])
    try:
        page = context.new_page()
        open_screen(page, server, board, f"seconds=600&orientation={orientation}")
        problems: list[str] = []
        for index in range(page.evaluate("hbScreen.count")):
            page.evaluate("i => hbScreen.go(i)", index)
            page.evaluate(IMAGES_READY)
            shot = out / f"{board}-{orientation}-{index + 1:02}.{kind}"
            page.screenshot(path=str(shot), type=kind, animations="disabled")
            problems += [f"slide {index + 1}: {p}" for p in slide_problems(page)]
            name = page.locator(".hb-slide:not([hidden]) .hb-slide__name")
            if name.count():
                size = float(name.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
                assert size >= 0.06 * 1080, (index, size)  # 6 % of the short side: 65 px
        # The worst case: a long name, unit and citation on one slide still fit, smaller.
        page.evaluate(
            """() => {
              const index = [...document.querySelectorAll('.hb-slide')]
                .findIndex((s) => s.querySelector('.hb-slide__citation'));
              const slide = document.querySelectorAll('.hb-slide')[index];
              slide.querySelector('.hb-slide__name').textContent = '不动产登记综合受理服务窗口';
              slide.querySelector('.hb-slide__unit').textContent =
                '示例市政务服务中心不动产登记大厅 · 不动产登记综合受理窗口负责人、第三党支部书记';
              slide.querySelector('.hb-slide__citation').textContent =
                '推出“非接触式”办税，七十二小时内办结复工复产企业申请三百余件，'.repeat(2);
              slide.removeAttribute('data-fit');
              hbScreen.go(index);
            }"""
        )
        shot = out / f"{board}-{orientation}-long.{kind}"
        page.screenshot(path=str(shot), type=kind, animations="disabled")
        problems += [f"long texts: {p}" for p in slide_problems(page)]
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_a_day_of_rotation_does_not_grow_memory(page: Any, server: str) -> None:
    open_screen(page, server, query="seconds=600")
    count = page.evaluate("hbScreen.count")
    slides = page.locator(".hb-slide").count()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")

    def measure() -> tuple[float, float, float]:
        cdp.send("HeapProfiler.collectGarbage")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        return metrics["JSHeapUsedSize"], metrics["Nodes"], metrics["JSEventListeners"]

    page.evaluate(ADVANCE, count)  # warm-up: one full rotation
    heap, nodes, listeners = measure()
    page.evaluate(ADVANCE, 500)
    heap_after, nodes_after, listeners_after = measure()
    assert heap_after <= heap * 1.10, (heap, heap_after)
    # DOM nodes live outside the JS heap: a page that made new slides would show here.
    assert nodes_after <= nodes, (nodes, nodes_after)
    assert listeners_after <= listeners, (listeners, listeners_after)
    assert page.locator(".hb-slide").count() == slides
    assert current(page) == (count + 500) % count


def test_a_new_build_is_picked_up_and_a_failed_poll_is_ignored(
    page: Any, server: str, site: Path
) -> None:
    version = site / "screens/pioneers/version.json"
    original = version.read_text(encoding="utf-8")
    loads: list[str] = []
    page.on("load", lambda _: loads.append(page.url))
    statuses: list[int] = []
    page.on(
        "response",
        lambda response: (
            statuses.append(response.status) if response.url.endswith("/version.json") else None
        ),
    )
    try:
        open_screen(page, server, query="seconds=1&poll=1")
        wait_until(page, "hbScreen.version() !== null", timeout=5000)
        assert page.evaluate("hbScreen.version()") == json.loads(original)["version"]
        page.wait_for_timeout(1600)  # the same version again: no reload
        assert len(loads) == 1 and len(statuses) >= 2
        with page.expect_event("load", timeout=5000):
            write_atomically(version, json.dumps({"version": "a-new-build"}))
        wait_until(page, "window.hbScreen && hbScreen.version() === 'a-new-build'")
        assert len(loads) == 2
        # A half-written file, then none at all: the screen keeps turning, nothing reloads.
        write_atomically(version, '{"vers')
        page.wait_for_timeout(1100)
        version.unlink()
        statuses.clear()
        shown = current(page)
        page.wait_for_timeout(1800)
        assert 404 in statuses
        assert len(loads) == 2
        assert current(page) != shown
    finally:
        write_atomically(version, original)


def test_opens_from_file_with_its_font_and_portraits(page: Any, site: Path) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    # An hour a slide: however long the font takes, the first slide is still the one shown.
    page.goto((site / "screens/pioneers/index.html").as_uri() + f"?{DAY}&seconds=3600")
    wait_until(page, "window.hbScreen && document.fonts.status === 'loaded'")
    assert current(page) == 0
    assert page.locator(".hb-slide").first.is_visible()
    faces = page.evaluate(
        """() => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'HB Sans')
             .map((f) => f.status)"""
    )
    assert faces == ["loaded"]
    assert page.evaluate("""document.fonts.check('48px "HB Sans"', '光荣榜')""")
    page.keyboard.press("ArrowRight")
    assert current(page) == 1
    index = page.evaluate(
        "[...document.querySelectorAll('.hb-slide')].findIndex(s => s.querySelector('img'))"
    )
    page.evaluate("i => hbScreen.go(i)", index)
    page.evaluate(IMAGES_READY)
    assert page.evaluate("document.querySelector('.hb-slide:not([hidden]) img').naturalWidth") > 0
    assert requests and all(url.startswith("file://") for url in requests), requests


def test_reduced_motion_turns_animation_off(browser: Any, server: str) -> None:
    context = browser.new_context(viewport=SIZES["landscape"], reduced_motion="reduce")
    try:
        page = context.new_page()
        open_screen(page, server, query="seconds=5")
        page.evaluate("hbScreen.next()")
        slide = page.locator(".hb-slide:not([hidden])")
        assert slide.evaluate("el => getComputedStyle(el).animationName") == "none"
        assert not page.locator(".hb-screen__bar-fill").is_visible()
        remaining = page.locator(".hb-screen__remaining")
        wait_until(
            page, "document.querySelector('.hb-screen__remaining').textContent.includes('秒后翻页')"
        )
        assert remaining.is_visible()
    finally:
        context.close()


def test_night_schedule_dims_or_shows_a_still_slide(page: Any, server: str, site: Path) -> None:
    # The demo's pioneers board rests from 20:00 to 07:30 (past midnight), dimmed.
    for clock, night in [("21:00", "dim"), ("06:59", "dim"), ("07:30", ""), ("19:59", "")]:
        page.goto(f"{server}screens/pioneers/index.html?now={clock}")
        assert page.evaluate("hbScreen.night()") == night, clock
        assert (page.locator(".hb-screen.is-night-dim").count() == 1) == (night == "dim")
    page_path = site / "screens/pioneers/index.html"
    still = page_path.read_text(encoding="utf-8").replace(
        'data-night-mode="dim"', 'data-night-mode="still"'
    )
    assert 'data-night-mode="still"' in still
    (page_path.parent / "still.html").write_text(still, encoding="utf-8")
    page.goto(f"{server}screens/pioneers/still.html?now=23:15&seconds=1")
    assert page.evaluate("hbScreen.night()") == "still"
    page.evaluate("hbScreen.next()")
    page.wait_for_timeout(1500)
    assert current(page) == 0
    assert page.locator(".hb-slide--title").is_visible()
