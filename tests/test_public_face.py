"""The public pages on a phone first (issue 11): tel: and sms: links, the 去投票 button, the
first portrait loaded at once, `sizes` that match the layout, tables that stay tables and carry
their labels, headings in order, valid markup where the validator found ours wrong; then the
demo in Chromium at 360, 390 and 412 px: no sideways scroll, two cards per row, no table cell
narrower than two characters, no text under 14 px, QR codes folded away on phones.

The demo's build date (mkdocs.yml `today`) puts 2026-model-post in its vote, 2026-most-beautiful
in its 公示 and 2025-model-post after both.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote

import pytest
from bs4 import Tag

from generator.site.views import sms_prefix, tel_uri

from .browser import chromium, serving
from .conftest import SiteProject

VOTING = "campaigns/2026-model-post"
PUBLICITY = "campaigns/2026-most-beautiful"
CLOSED = "campaigns/2025-model-post"
CARD_SIZES = "(max-width: 600px) calc(50vw - 26px), 240px"
# One page of each kind.
PAGES = {
    "home": "",
    "campaigns": "campaigns/",
    "campaign": f"{VOTING}/",
    "nominees": f"{VOTING}/nominees/",
    "profile": f"{VOTING}/wang-xiaoming/",
    "vote": f"{VOTING}/vote/",
    "publicity": f"{PUBLICITY}/publicity/",
    "results": f"{CLOSED}/results/",
    "honours": "honours/",
    "honours year": "honours/2025/",
    "person": "people/wang-xiaoming/",
    "unit": "units/business-window/",
    "board": "boards/pioneers/",
}


def content(demo: SiteProject, url: str) -> Tag:
    found = demo.page(url).select_one(".md-content")
    assert found is not None, url
    return found


def descriptions(term: Tag) -> list[Tag]:
    """The dd elements of one dt (up to the next dt)."""
    found = []
    for sibling in term.find_next_siblings():
        if sibling.name == "dt":
            break
        found.append(sibling)
    return found


def code_of(row: Tag) -> int:
    cell = row.select_one("td[data-label='编号']")
    assert cell is not None
    return int(cell.get_text(strip=True))


# -- the small functions behind the links ---------------------------------------------------------
def test_sms_prefix_reads_the_format_staff_write() -> None:
    assert sms_prefix("编辑“投+编号”发送，如“投7”") == "投"
    assert sms_prefix("编辑“最美+编号”发送") == "最美"
    assert sms_prefix("发送编号，如“TP 12”") == "TP"
    assert sms_prefix("直接发送编号") == ""  # the tally reads the digits alone
    assert sms_prefix(None) == ""


def test_tel_uri_keeps_what_a_phone_dials() -> None:
    assert tel_uri("0000-12345678") == "tel:0000-12345678"
    assert tel_uri("(0571) 8888 8888") == "tel:057188888888"
    assert tel_uri("12345 转 8") == "tel:12345,8"
    assert tel_uri("+86 10 1234 5678") == "tel:+861012345678"
    assert tel_uri("工作日拨打办公室") is None
    assert tel_uri(None) is None


# -- links a phone follows ------------------------------------------------------------------------
def test_vote_page_while_open_has_the_button_the_sms_links_and_the_hotline(
    demo: SiteProject,
) -> None:
    page = content(demo, f"{VOTING}/vote")
    button = page.select_one("a.hb-vote-button")
    assert button is not None and button.get_text(strip=True) == "去投票"
    assert button["href"] == "https://vote.zwfw.example.gov.cn/2026-model-post"
    rows = page.select("table.hb-candidates tbody tr")
    assert len(rows) >= 10
    for row in rows:
        code = code_of(row)
        link = row.select_one("a.hb-sms")
        assert link is not None, row
        assert link["href"] == f"sms:10690000?&body={quote(f'投{code}')}"
        assert unquote(str(link["href"]).split("body=")[1]) == f"投{code}"
        assert f"“投{code}”" in str(link["aria-label"])
    hotline = page.select_one(".hb-channel--hotline a[href^='tel:']")
    assert hotline is not None
    assert (hotline["href"], hotline.get_text()) == ("tel:0000-12345680", "0000-12345680")


def test_vote_page_after_the_vote_has_no_button_and_no_sms_links(demo: SiteProject) -> None:
    page = content(demo, f"{CLOSED}/vote")
    assert "投票已结束" in page.get_text()
    assert page.select("a.hb-vote-button, a.hb-sms, a[href^='sms:']") == []
    assert [code_of(row) for row in page.select("table.hb-candidates tbody tr")]


def test_profile_while_voting_has_the_button_and_an_sms_for_its_own_code(
    demo: SiteProject,
) -> None:
    page = content(demo, f"{VOTING}/wang-xiaoming")
    box = page.select_one(".hb-how-to-vote")
    assert box is not None
    code = int(box.select_one("strong.hb-number").get_text())  # type: ignore[union-attr]
    button = box.select_one("a.hb-vote-button")
    assert button is not None and button.get_text(strip=True) == "去投票"
    sms = box.select_one("a[href^='sms:']")
    assert sms is not None and sms["href"] == f"sms:10690000?&body={quote(f'投{code}')}"
    assert box.select_one("a[href='tel:0000-12345680']") is not None
    assert content(demo, f"{CLOSED}/liu-yang").select_one(".hb-how-to-vote") is None


def test_supervision_and_contact_phones_are_tel_links(demo: SiteProject) -> None:
    publicity = content(demo, f"{PUBLICITY}/publicity")
    call = publicity.select_one("a.hb-call-button")
    assert call is not None and call["href"] == "tel:0000-12345679"
    objection = publicity.select_one(".hb-objection")
    assert objection is not None
    assert objection.select_one("a[href='tel:0000-12345679']") is not None
    assert objection.select_one("a[href='tel:0000-12345681']") is not None  # a campaign contact
    for url in ("", f"{VOTING}"):
        contacts = content(demo, url).select_one(".hb-contacts")
        assert contacts is not None, url
        assert contacts.select_one("a[href='tel:0000-12345679']") is not None, url


# -- portraits ------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["nominees", "profile", "results", "person", "board", "home"])
def test_the_first_portrait_loads_at_once_and_the_others_wait(demo: SiteProject, kind: str) -> None:
    images = content(demo, PAGES[kind]).select("picture.hb-portrait img")
    assert images, kind
    first, *others = images
    assert (first["loading"], first["fetchpriority"]) == ("eager", "high"), kind
    assert all(img["loading"] == "lazy" and not img.has_attr("fetchpriority") for img in others)
    for img in images:  # the <source> and the <img> agree
        source = img.find_previous_sibling("source")
        assert source is not None and source["sizes"] == img["sizes"]


def test_sizes_follow_the_layout(demo: SiteProject) -> None:
    card = content(demo, f"{VOTING}/nominees").select_one(".hb-cards img")
    assert card is not None and card["sizes"] == CARD_SIZES
    large = content(demo, f"{VOTING}/wang-xiaoming").select_one(".hb-portrait--large img")
    assert large is not None and large["sizes"] == "(max-width: 480px) 160px, 320px"
    compact = content(demo, "people").select_one(".hb-cards--compact img")
    assert compact is not None and compact["sizes"] == "(max-width: 600px) calc(50vw - 26px), 180px"
    assert "45vw" not in str(demo.page(f"{VOTING}/nominees"))


# -- tables, headings, validity -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "table"),
    [
        (f"{PUBLICITY}/publicity", "table.hb-publicity-list"),
        (f"{VOTING}/vote", "table.hb-candidates"),
        ("people/wang-xiaoming", "table.hb-record-list"),
    ],
)
def test_tables_stay_tables_and_every_cell_carries_its_label(
    demo: SiteProject, url: str, table: str
) -> None:
    tables = content(demo, url).select(table)
    assert tables, url
    for found in tables:
        headers = [th.get_text(strip=True) for th in found.select("thead th[scope='col']")]
        rows = found.select("tbody tr")
        assert headers and rows
        for row in rows:
            cells = row.find_all("td", recursive=False)
            assert [td.get("data-label") for td in cells] == headers, row


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_headings_never_skip_a_level(demo: SiteProject, kind: str) -> None:
    headings = content(demo, PAGES[kind]).select("h1, h2, h3, h4, h5, h6")
    levels = [int(h.name[1]) for h in headings]
    assert levels and levels[0] == 1 and levels.count(1) == 1, (kind, levels)
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, (kind, levels)


def test_no_list_of_terms_names_a_term_twice(demo: SiteProject) -> None:
    for url in [VOTING, f"{PUBLICITY}", f"{PUBLICITY}/publicity", "", "people/wang-xiaoming"]:
        for dl in content(demo, url).select("dl"):
            terms = [dt.get_text(strip=True) for dt in dl.find_all("dt", recursive=False)]
            assert len(terms) == len(set(terms)), (url, terms)
    # A category with several conditions: one 推荐条件, a dd for each.
    conditions = [
        dt
        for dt in content(demo, "campaigns/2026-party-honours").select(".hb-category dl dt")
        if dt.get_text() == "推荐条件"
    ]
    assert conditions
    assert any(len(descriptions(dt)) >= 2 for dt in conditions)


def test_screens_have_no_time_element_without_a_date(demo: SiteProject) -> None:
    page = demo.page("screens/pioneers")
    for time in page.select("time"):
        assert time.has_attr("datetime") or not time.find(True), time
    clock = page.select_one(".hb-screen__clock")
    assert clock is not None and clock.select_one(".hb-screen__time") is not None


def test_the_stylesheet_lets_the_phone_size_text_and_sets_nothing_under_14px(
    demo: SiteProject,
) -> None:
    css = (demo.root / "site/assets/stylesheets/honours.css").read_text(encoding="utf-8")
    assert "text-size-adjust: none" not in css and "text-size-adjust: 100%" in css
    for small in (".6rem", ".64rem", ".65rem", "12px", "13px", ".8em;"):
        assert f"font-size: {small}" not in css, small
    # The design is set in the stylesheet, whatever mkdocs.yml's palette says.
    assert "--md-primary-fg-color: var(--hb-red)" in css


# -- in Chromium ----------------------------------------------------------------------------------
LAYOUT = """() => {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw) {
    problems.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
  }
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  let grids = 0;
  for (const grid of document.querySelectorAll(".md-content ul.hb-cards")) {
    const cards = [...grid.children].filter(visible);
    if (cards.length < 2) continue;
    grids++;
    const [a, b] = cards.map((c) => c.getBoundingClientRect());
    if (Math.abs(a.top - b.top) > 1) problems.push(`one card per row: ${grid.className}`);
  }
  let cells = 0;
  for (const cell of document.querySelectorAll(".md-content table td, .md-content table th")) {
    if (!visible(cell) || !cell.textContent.trim()) continue;
    cells++;
    const size = parseFloat(getComputedStyle(cell).fontSize);
    const width = cell.getBoundingClientRect().width;
    if (width < 2 * size) problems.push(`cell narrower than two characters: «${cell.textContent.trim()}» ${width}px`);
  }
  const walker = document.createTreeWalker(document.querySelector(".md-content"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !visible(el) || el.closest(".hb-visually-hidden, .headerlink")) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 14) problems.push(`text under 14px: «${walker.currentNode.textContent.trim().slice(0, 20)}» ${size}px`);
  }
  const qr = [...document.querySelectorAll(".md-content .hb-qr")].filter(visible).length;
  return {problems, grids, cells, qr};
}"""


@pytest.fixture(scope="module")
def server(demo: SiteProject) -> Iterator[str]:
    with serving(demo.root / "site") as url:
        yield url


def test_phones_see_two_cards_per_row_whole_cells_and_no_sideways_scroll(server: str) -> None:
    """Every page kind at 360, 390 and 412 px, then the QR codes at 1280 px: one browser."""
    problems: list[str] = []
    seen: dict[str, dict[str, Any]] = {}
    with chromium() as browser:
        for width in (360, 390, 412, 1280):
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            for kind, url in PAGES.items():
                page.goto(server + url, wait_until="load")
                found = page.evaluate(LAYOUT)
                seen[f"{kind}@{width}"] = found
                problems += [f"{kind} at {width}px: {p}" for p in found["problems"]]
            context.close()
    assert problems == []
    # The checks looked at something: card grids, table cells; QR codes only on wide screens.
    for width in (360, 390, 412):
        assert seen[f"nominees@{width}"]["grids"] >= 1 and seen[f"home@{width}"]["grids"] >= 1
        assert seen[f"publicity@{width}"]["cells"] >= 10 and seen[f"vote@{width}"]["cells"] >= 10
        assert seen[f"profile@{width}"]["qr"] == seen[f"vote@{width}"]["qr"] == 0
    assert seen["profile@1280"]["qr"] == 1 and seen["vote@1280"]["qr"] >= 2
    assert seen["publicity@1280"]["cells"] >= 10
