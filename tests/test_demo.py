"""The repository's demo site: every page kind, and nothing private."""

from __future__ import annotations

import re
from pathlib import Path

from generator.build import load

from .conftest import REPO, SiteProject, jpeg_markers

PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")


def site_text(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="ignore")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".xml", ".js", ".css", ".svg", ".txt")
    }


def test_demo_checks_clean() -> None:
    result = load(REPO / "content")[0]
    assert result.problems.errors == []


def test_demo_has_every_page_kind(demo: SiteProject) -> None:
    site = demo.root / "site"
    result = load(demo.content)[0]
    content = result.content
    assert content is not None
    assert (site / "index.html").is_file()
    assert (site / "campaigns/index.html").is_file()
    assert (site / "people/index.html").is_file() and (site / "units/index.html").is_file()
    stages = set()
    for campaign_id in content.campaigns:
        page = demo.page(f"campaigns/{campaign_id}")
        stages.add(page.select_one(".hb-stage").get_text())
        assert (site / f"campaigns/{campaign_id}/nominees/index.html").is_file()
    assert len(stages) >= 3, stages
    for person_id in content.people:
        assert (site / f"people/{person_id}/index.html").is_file()
    for unit_id in content.units:
        assert (site / f"units/{unit_id}/index.html").is_file()


def test_a_profile_for_each_published_nomination_and_none_other(demo: SiteProject) -> None:
    site = demo.root / "site"
    content = load(demo.content)[0].content
    assert content is not None
    kinds = {content.people[n.nominee].kind for n in content.nominations}
    assert kinds == {"person", "window", "branch", "team"}
    assert len(content.nominations) >= 40
    hidden = [n for n in content.nominations if not n.published]
    assert hidden, "the demo shows that vetoed and withdrawn nominations stay off the site"
    for nomination in content.nominations:
        profile = site / "campaigns" / nomination.campaign / nomination.file_id / "index.html"
        assert profile.is_file() == nomination.published, profile


def test_demo_publishes_no_private_value(demo: SiteProject) -> None:
    site = demo.root / "site"
    result = load(demo.content)[0]
    secrets = {
        v for values in result.private.people.values() for v in values.values() if len(v) >= 4
    }
    secrets |= {v for v in result.private.veto_reasons.values()}
    assert secrets, "the demo has private values to protect"
    texts = site_text(site)
    for name, text in texts.items():
        for secret in secrets:
            assert secret not in text, (name, secret)
        assert not PHONE.search(text), (name, PHONE.search(text))
        assert not ID_NUMBER.search(text), (name, ID_NUMBER.search(text))


def test_demo_publishes_no_source_file_or_original_photo(demo: SiteProject) -> None:
    site = demo.root / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix in (".yml", ".yaml", ".csv", ".md")]
    originals = {
        p.read_bytes()
        for p in (demo.content / "people").rglob("*")
        if p.suffix.lower() in (".jpg", ".jpeg", ".png")
    }
    assert originals
    assert not [p for p in files if p.suffix == ".jpg" and p.read_bytes() in originals]
    for portrait in (site / "portraits").glob("*.jpg"):
        data = portrait.read_bytes()
        assert not {0xE1, 0xE2, 0xED, 0xFE} & set(jpeg_markers(data)), (
            portrait
        )  # EXIF/XMP, ICC, IPTC, comment


def test_demo_nav_stays_small(demo: SiteProject) -> None:
    page = demo.page("")
    links = page.select("nav.md-nav--primary a.md-nav__link[href]")
    assert 2 <= len(links) <= 20
    assert not [a for a in links if "/people/" in a["href"] or "nominees" in a["href"]]


def test_demo_publicity_counts_agree_with_the_tally(demo: SiteProject) -> None:
    from generator.sources.problems import Problems
    from generator.voting.tally import read_results

    campaign = "campaigns/2026-most-beautiful"
    result = read_results(demo.content / campaign / "votes/results.yml", Problems())
    assert result is not None
    codes = {c.nominee: c.code for c in result.candidates}
    page = demo.page(f"{campaign}/publicity")
    shown = {
        row.select_one("a")["href"].strip("/").split("/")[-1]: int(
            row.select_one("td.hb-number").get_text()
        )
        for row in page.select("table tbody tr")
    }
    assert len(shown) == 8
    assert shown == {nominee: result.total(codes[nominee]) for nominee in shown}
