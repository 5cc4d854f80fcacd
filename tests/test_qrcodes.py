"""QR codes: every code the site carries decodes (with zxing-cpp, a decoder independent of the
segno that made it) to its address, with the fixed mask; the codes are kept in .cache/qrcodes/
between builds, made again when the cache is unreadable, and pruned once unused."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import zxingcpp
from bs4 import BeautifulSoup, Tag
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

import generator
from generator.media import qrcodes
from generator.media.qrcodes import CACHE_NAME, DEFAULT_TITLE, MASK, QrCodes, qr_svg
from generator.site.fragmentcache import FRAGMENTS_FOLDER
from generator.site.render import FragmentRenderer
from generator.sources.store import ENTRIES, KEEP_RUNS, MANIFEST

from .conftest import SiteProject

DEMO_URL = "https://rongyu.example.gov.cn/"  # the demo's site_url
CAMPAIGN = "campaigns/2026-model-post"
VOTE_URL = "https://vote.example.org/2026"  # the small project's online channel


# -- reading a code back ---------------------------------------------------------------------------
MOVE = re.compile(r"([Mmh])(-?\d+(?:\.\d+)?)(?: (-?\d+(?:\.\d+)?))?")


def raster(svg: str, pixels: int = 4) -> Image.Image:
    """Draw the SVG as a browser would: the light square of the viewBox, then each horizontal
    stroke (1 unit wide, centred on its y) of the dark path. Anything but what segno writes fails
    here rather than being skipped."""
    view = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    scale = re.search(r'<g transform="scale\((\d+)\)">', svg)
    light = re.search(r'<path fill="#fff" d="M0 0h(\d+)v(\d+)h-(\d+)z"/>', svg)
    dark = re.search(r'<path class="qrline" stroke="#000" d="([^"]*)"/>', svg)
    assert view and scale and light and dark, svg[:300]
    size = int(light.group(1))
    assert light.group(2) == light.group(3) == str(size)
    assert int(view.group(1)) == int(view.group(2)) == size * int(scale.group(1))
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    path = dark.group(1)
    moves = list(MOVE.finditer(path))
    assert "".join(m.group(0) for m in moves) == path, path  # nothing else in the path
    for move in moves:
        command, first, second = move.group(1), float(move.group(2)), move.group(3)
        if command == "h":
            assert second is None and first > 0
            row = y - 0.5
            assert row == int(row) and 0 <= row < size, move
            assert x == int(x) and 0 <= x <= size - first, move
            draw.rectangle((int(x), int(row), int(x + first) - 1, int(row)), fill=0)
            x += first
        else:
            assert second is not None
            dx, dy = first, float(second)
            x, y = (dx, dy) if command == "M" else (x + dx, y + dy)
    return image.resize((size * pixels, size * pixels), Image.Resampling.NEAREST)


def decode(svg: str) -> tuple[str, int]:
    """The one QR code in the SVG: its text and its data mask."""
    found = zxingcpp.read_barcodes(raster(svg), formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, svg[:300]
    assert found[0].extra["ECLevel"] in ("M", "Q", "H")  # segno raises it where it fits
    return found[0].text, int(found[0].extra["DataMask"])


# -- the demo site ---------------------------------------------------------------------------------
SVG = re.compile(r"<svg [^>]*hb-qr__code.*?</svg>", re.S)  # as written, not as bs4 writes it again


def expected_address(svg: Tag, raw: str, page: BeautifulSoup, address: str, site: Path) -> str:
    """What a code must say: the vote platform next to it, the person's page on a screen slide
    (that page's heading has the slide's name), the page's own address otherwise."""
    channel = svg.find_parent("li", class_="hb-channel")
    if channel is not None:
        link = channel.select_one("a[href]")
        assert link is not None
        return str(link["href"])
    slide = svg.find_parent("section", class_="hb-slide")
    if slide is not None and {"hb-slide--vote", "hb-slide--candidate"} & set(slide["class"]):
        # a campaign in voting on a screen: its online platform, as its vote page lists it
        text, _ = decode(raw)
        vote_pages = site.glob("campaigns/*/vote/index.html")
        platforms = {
            str(link["href"])
            for vote in vote_pages
            for link in BeautifulSoup(vote.read_text("utf-8"), "html.parser").select(
                "li.hb-channel--online a[href]"
            )
        }
        assert text in platforms or text.startswith(DEMO_URL + "campaigns/"), text
        return text
    if slide is not None:
        name = slide.select_one(".hb-slide__name")
        assert name is not None
        text, _ = decode(raw)
        assert text.startswith(DEMO_URL), text
        address = urlsplit(text)
        target = site / address.path.strip("/") / "index.html"
        assert target.is_file(), text
        shown = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
        if "hb-slide--commitment" in slide["class"]:
            # a record's commitments: the 承诺墙, at that record's entry (its heading)
            heading = shown.find(id=address.fragment)
        else:
            assert not address.fragment, text
            heading = shown.select_one("h1")
        assert heading is not None and name.get_text().strip() in heading.get_text(), text
        return text
    canonical = page.select_one('link[rel="canonical"]')
    assert canonical is not None and canonical["href"] == address
    return address


def test_every_qr_code_of_the_demo_decodes_to_its_address(demo: SiteProject) -> None:
    site = demo.root / "site"
    kinds = {"page": 0, "channel": 0, "slide": 0}
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if "hb-qr__code" not in html:
            continue
        page = BeautifulSoup(html, "html.parser")
        relative = path.parent.relative_to(site).as_posix()
        address = DEMO_URL + ("" if relative == "." else relative + "/")
        tags, raws = page.select("svg.hb-qr__code"), SVG.findall(html)
        assert len(tags) == len(raws), path
        for svg, raw in zip(tags, raws, strict=True):
            expected = expected_address(svg, raw, page, address, site)
            assert decode(raw) == (expected, MASK), (path, expected)
            # The page carries exactly what qr_svg makes (the screens add crisp edges).
            title = svg.select_one("title")
            assert title is not None
            made = qr_svg(expected, title.get_text())
            if svg.find_parent("section", class_="hb-slide") is not None:
                made = made.replace("<svg ", '<svg shape-rendering="crispEdges" ', 1)
            assert raw == made, (path, expected)
            kind = (
                "channel"
                if svg.find_parent("li", class_="hb-channel")
                else "slide"
                if svg.find_parent("section", class_="hb-slide")
                else "page"
            )
            kinds[kind] += 1
    assert kinds["page"] >= 40 and kinds["channel"] >= 1 and kinds["slide"] >= 20, kinds
    # Built once with a cache: every code is in it, each used by this (first) run.
    store = demo.root / ".cache" / CACHE_NAME
    entries = json.loads((store / ENTRIES).read_text(encoding="utf-8"))
    manifest = json.loads((store / MANIFEST).read_text(encoding="utf-8"))
    assert 0 < len(entries) <= sum(kinds.values())
    assert set(manifest["used"]) == set(entries)


@settings(max_examples=40, deadline=None)
@given(
    url=st.text(
        st.sampled_from(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#@!$&'()*+,;=%"
        ),
        min_size=1,
        max_size=150,
    ).map(lambda path: "https://" + path),
    title=st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),
)
def test_any_code_decodes_and_is_read_back_from_the_cache_as_made(url: str, title: str) -> None:
    made = qr_svg(url, title)
    assert decode(made) == (url, MASK)
    with tempfile.TemporaryDirectory() as folder:
        first = QrCodes(Path(folder))
        assert first.svg(url, title) == made
        first.save()
        entries = Path(folder) / CACHE_NAME / ENTRIES
        written = entries.stat()
        second = QrCodes(Path(folder))
        assert second.svg(url, title) == made
        second.save()  # nothing new: entries.json is not written again
        again = entries.stat()
        assert (again.st_ino, again.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)


# -- the cache across builds -----------------------------------------------------------------------
def codes(site: Path) -> dict[str, list[str]]:
    """Each page's QR SVGs, by path."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        svgs = SVG.findall(path.read_text(encoding="utf-8"))
        if svgs:
            found[path.relative_to(site).as_posix()] = svgs
    return found


def stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_ino, status.st_mtime_ns


def read(path: Path) -> dict[str, object]:
    value = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(value, dict)
    return value


def test_a_second_build_reuses_the_codes_and_a_changed_address_adds_one(
    project: SiteProject,
) -> None:
    store = project.root / ".cache" / CACHE_NAME
    site = project.build()
    first = codes(site)
    entries = read(store / ENTRIES)
    assert sum(map(len, first.values())) >= 3 and len(entries) >= 3
    assert read(store / MANIFEST)["runs"] == 1
    before = stamp(store / ENTRIES)

    site = project.build()
    assert codes(site) == first
    assert stamp(store / ENTRIES) == before  # every code came from the cache
    manifest = read(store / MANIFEST)
    assert manifest["runs"] == 2 and manifest["used"] == dict.fromkeys(entries, 2)

    project.edit(f"{CAMPAIGN}/index.md", VOTE_URL, VOTE_URL + "-renamed")
    site = project.build()
    vote = codes(site)[f"{CAMPAIGN}/vote/index.html"][0]
    assert decode(vote) == (VOTE_URL + "-renamed", MASK)
    now = read(store / ENTRIES)
    added = set(now) - set(entries)
    assert len(added) == 1 and set(entries) <= set(now)  # the old one stays until pruned
    used = read(store / MANIFEST)["used"]
    assert isinstance(used, dict)
    stale = [key for key, run in used.items() if run != 3]
    assert len(stale) == 1 and used[stale[0]] == 2 and stale[0] in entries  # the old address


SCRIPT = '<svg class="hb-qr__code"><script>alert(1)</script></svg>'


def test_an_unreadable_cache_is_ignored_and_the_codes_made_again(project: SiteProject) -> None:
    store = project.root / ".cache" / CACHE_NAME
    site = project.build()
    first = codes(site)
    entries = read(store / ENTRIES)
    # Cut short, then valid JSON whose values are not codes: a page must never carry those.
    for damage in ["{not json", json.dumps(dict.fromkeys(entries, SCRIPT))]:
        (store / ENTRIES).write_text(damage, encoding="utf-8")
        # Without the kept fragments, so that every page asks the QR cache for its codes.
        shutil.rmtree(project.root / ".cache" / FRAGMENTS_FOLDER)
        site = project.build()
        assert codes(site) == first, damage
        assert read(store / ENTRIES) == entries, damage  # written again, whole
        for path in site.rglob("*.html"):
            assert "alert(1)" not in path.read_text(encoding="utf-8"), damage


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        (ENTRIES, ""),
        (ENTRIES, "[]"),
        (ENTRIES, '{"0": 1}'),
        (MANIFEST, "{"),
        (MANIFEST, '{"version": "0", "runs": 1, "used": {}}'),  # another pipeline's codes
    ],
)
def test_any_damage_to_the_cache_files_means_the_codes_are_made_again(
    tmp_path: Path, name: str, damage: str
) -> None:
    urls = [f"https://example.org/{n}/" for n in range(3)]
    first = QrCodes(tmp_path)
    made = [first.svg(url) for url in urls]
    first.save()
    entries = read(tmp_path / CACHE_NAME / ENTRIES)
    (tmp_path / CACHE_NAME / name).write_text(damage, encoding="utf-8")
    again = QrCodes(tmp_path)
    assert [again.svg(url) for url in urls] == made
    again.save()
    # Written again (a stray entry stays until pruned: it has no run of its own to keep it).
    assert read(tmp_path / CACHE_NAME / ENTRIES).items() >= entries.items()


def test_codes_unused_for_keep_runs_builds_are_pruned(tmp_path: Path) -> None:
    theme = [str(Path(generator.__file__).parent / "theme")]
    kept, dropped = "https://example.org/kept/", "https://example.org/dropped/"
    entries = tmp_path / CACHE_NAME / ENTRIES

    def run(*urls: str, partial: bool = False) -> set[str]:
        """One build whose pages show these codes (asked for as the templates do)."""
        renderer = FragmentRenderer(theme, tmp_path)
        page = renderer.env.from_string("{% for u in urls %}{{ qr_svg(u)|safe }}\n{% endfor %}")
        svgs = set(page.render(urls=urls).splitlines())
        renderer.finish(partial=partial)
        return svgs

    made = run(kept, dropped)
    assert len(made) == 2 and len(read(entries)) == 2
    for _ in range(KEEP_RUNS - 1):  # dropped is unused, but recently enough
        assert run(kept) < made
        assert len(read(entries)) == 2
    run(kept)  # the KEEP_RUNS-th build in a row without it
    assert len(read(entries)) == 1
    assert run(kept, dropped) == made  # made again when asked for, the same
    # Builds that render only the changed pages (serve --dirty) prune nothing.
    for _ in range(KEEP_RUNS + 1):
        run(kept, partial=True)
    assert len(read(entries)) == 2


def test_without_a_cache_folder_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theme = [str(Path(generator.__file__).parent / "theme")]
    monkeypatch.chdir(tmp_path)
    renderer = FragmentRenderer(theme)
    assert renderer.qr_codes.svg(VOTE_URL, DEFAULT_TITLE) == qr_svg(VOTE_URL)
    renderer.finish()
    assert list(tmp_path.iterdir()) == []


def test_a_cold_build_makes_the_codes_in_a_second_process_with_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many missing codes are made by a second process while pages render; each is the code
    `qr_svg` makes, and a code not asked of it is made as it goes."""
    monkeypatch.setattr(qrcodes, "PREFETCH_FROM", 10)
    urls = [f"https://rongyu.example.gov.cn/people/p{n}/" for n in range(30)]
    codes = QrCodes(tmp_path)
    codes.prefetch(urls[:20])
    assert codes._pool is not None and len(codes._pending) == 20
    assert [codes.svg(url) for url in reversed(urls)] == [qr_svg(url) for url in reversed(urls)]
    codes.save()
    assert codes._pool is None
    assert len(json.loads((tmp_path / CACHE_NAME / ENTRIES).read_text("utf-8"))) == 30


def test_few_missing_codes_start_no_second_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qrcodes, "PREFETCH_FROM", 10)
    codes = QrCodes(tmp_path)
    codes.prefetch([f"https://example.org/{n}/" for n in range(9)])
    assert codes._pool is None and not codes._pending


def test_a_second_process_that_dies_costs_time_not_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qrcodes, "PREFETCH_FROM", 10)
    urls = [f"https://example.org/{n}/" for n in range(20)]
    codes = QrCodes(tmp_path)
    codes.prefetch(urls)
    assert codes._pool is not None and codes._pool._processes
    for process in list(codes._pool._processes.values()):  # the worker, killed as it starts
        process.kill()
        process.join()
    assert [codes.svg(url) for url in urls] == [qr_svg(url) for url in urls]
    codes.save()
