"""Search that finds what people type (issue 11): the index the build writes (site/search.py)
and, in Chromium on the built demo, what the search box lists for Chinese, a name, its pinyin
and its initials, typed as an input method types (an `input` event, no key), and that the
index is fetched only when search is opened. One browser for the module."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from generator.site.search import name_keys, page_text

from .browser import chromium, serving
from .conftest import REPO, SiteProject

PHONE = {"width": 390, "height": 844}
WECHAT = (
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.47"
)
PERSON = "people/wang-xiaoming/"  # 王晓明's own page, the demo's content/people/wang-xiaoming.md
QUERY = "[data-md-component=search-query]"


def notice(markdown: Path) -> str:
    """A campaign's notice: its Markdown body, after the front matter."""
    return markdown.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def campaigns_whose_notice_says(word: str) -> set[str]:
    return {
        f"campaigns/{path.parent.name}/"
        for path in (REPO / "content" / "campaigns").glob("*/index.md")
        if word in notice(path)
    }


@pytest.fixture(scope="module")
def index(demo: SiteProject) -> dict[str, Any]:
    raw = (demo.root / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "\\u" not in raw, "Chinese must be written as UTF-8, not as \\u escapes"
    data: dict[str, Any] = json.loads(raw)
    return data


def docs_by_location(index: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {doc["location"]: doc for doc in index["docs"]}


# -- the index file ---------------------------------------------------------------------------


def test_one_plain_text_document_a_page_and_no_screens(
    index: dict[str, Any], demo: SiteProject
) -> None:
    docs = index["docs"]
    locations = [doc["location"] for doc in docs]
    assert len(locations) == len(set(locations)), "one document a page, not one a heading"
    assert not [loc for loc in locations if "#" in loc]
    assert not [loc for loc in locations if loc.startswith("screens/")]
    assert (demo.root / "site" / "screens" / "pioneers" / "index.html").is_file()
    for doc in docs:
        assert set(doc) <= {"location", "title", "text", "keys", "rank"}, doc["location"]
        assert "<" not in doc["text"] and "\u200b" not in doc["text"], doc["location"]
        assert "  " not in doc["text"], doc["location"]
    pages = {
        p.parent.relative_to(demo.root / "site").as_posix() + "/"
        for p in (demo.root / "site").glob("campaigns/*/index.html")
    }
    assert pages <= set(locations)  # every campaign's notice is found


def test_names_pinyin_and_initials_are_keys_not_text(index: dict[str, Any]) -> None:
    docs = docs_by_location(index)
    person = docs[PERSON]
    assert person["keys"] == ["王晓明", "晓明", "wangxiaoming", "wxm"]
    assert person["title"] == "王晓明"
    assert person["rank"] == 1
    nominations = [d for d in index["docs"] if d["location"].endswith("/wang-xiaoming/")]
    assert len(nominations) == 3  # his page and his two nominations
    for doc in nominations:
        assert "wxm" in doc["keys"]
        assert "wangxiaoming" not in doc["text"] and "wxm" not in doc["text"]
    for campaign in campaigns_whose_notice_says("党员"):
        assert docs[campaign]["rank"] == 2


def test_snippet_text_reads_as_text(index: dict[str, Any]) -> None:
    docs = docs_by_location(index)
    text = docs[PERSON]["text"]
    assert " 税务综合窗口 " in text  # a field of its own, not glued to its label or the next
    assert "税务综合窗口税务" not in text
    profile = docs["campaigns/2026-model-post/wang-xiaoming/"]["text"]
    assert "扫码" not in profile  # the QR code's caption is not text to find
    assert "为王晓明投票" not in profile  # the how-to-vote box every profile repeats


def test_each_story_is_indexed_once(index: dict[str, Any]) -> None:
    story = notice(REPO / "content" / "campaigns" / "2026-model-post" / "wang-xiaoming.md")
    sentence = story.strip().splitlines()[0][:30]
    holders = [d["location"] for d in index["docs"] if sentence in d["text"]]
    assert holders == ["campaigns/2026-model-post/wang-xiaoming/"]


def test_vote_codes_are_not_indexed(index: dict[str, Any]) -> None:
    vote = docs_by_location(index)["campaigns/2026-model-post/vote/"]
    assert "投票" in vote["text"]  # the page is found, its instructions are text
    assert "王晓明" not in vote["text"]  # its table of candidates and codes is not


def test_name_keys() -> None:
    assert name_keys("王晓明") == ("王晓明", "晓明", "wangxiaoming", "wxm")
    assert name_keys("欧阳娜娜") == ("欧阳娜娜", "娜娜", "ouyangnana", "oynn")
    assert name_keys("单田芳") == ("单田芳", "田芳", "shantianfang", "stf")
    assert name_keys("韩雪") == ("韩雪", "hanxue", "hx")  # 雪 is found inside 韩雪
    assert name_keys("税务综合窗口") == ("税务综合窗口",)  # a window, not a person
    assert name_keys("Anna Li") == ("Anna Li", "anna li")


def test_page_text() -> None:
    html = (
        '<h1 id="t">标题<a class="headerlink" href="#t">¶</a></h1>'
        '<div class="card"><span>王晓明</span><span>税务综合窗口</span></div>'
        '<p>他是<a href="x">共产党员</a>，<strong>十四年</strong>如一日。</p>'
        '<script>var x = "脚本"</script><div data-search-exclude>不要</div>'
        '<figure class="hb-qr"><svg></svg><figcaption>扫码</figcaption></figure>'
        "<table><tr><td>1</td><td>候选人</td></tr></table>"
    )
    assert page_text(html) == "王晓明 税务综合窗口 他是共产党员，十四年如一日。 1 候选人"
    assert page_text(html, tables=False) == "王晓明 税务综合窗口 他是共产党员，十四年如一日。"


def test_front_matter_can_keep_a_page_of_the_centre_out(project: SiteProject) -> None:
    project.write("about.md", "---\nsearch:\n  exclude: true\n---\n# 内部说明\n\n不公开检索。\n")
    project.write("guide.md", "# 办事指南\n\n请携带身份证件。\n")
    site = project.build()
    docs = docs_by_location(json.loads((site / "search/search_index.json").read_text("utf-8")))
    assert "about/" not in docs
    assert docs["guide/"]["title"] == "办事指南"
    assert docs["guide/"]["text"] == "请携带身份证件。"


# -- in the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(demo: SiteProject) -> Iterator[str]:
    with serving(demo.root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def phone(server: str) -> Iterator[tuple[Any, list[str], list[str]]]:
    """One Chromium, one phone tab: the page, the URLs it requested, its script errors."""
    with chromium() as browser:
        context = browser.new_context(viewport=PHONE, user_agent=WECHAT, is_mobile=True)
        page = context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server + "campaigns/2026-model-post/wang-xiaoming/")
        page.wait_for_load_state("networkidle")
        yield page, requests, errors


def results(page: Any, server: str, query: str) -> list[str]:
    """Type `query` as an input method commits it (an `input` event, no key event), and read
    the result list once it has settled: the pages' addresses, relative to the site."""
    page.fill(QUERY, "")
    page.focus(QUERY)
    page.keyboard.insert_text(query)
    script = (
        "() => [...document.querySelectorAll('.md-search-result__item > a')]"
        ".map(a => a.getAttribute('href'))"
    )
    deadline, last, steady = time.monotonic() + 20, None, 0
    while time.monotonic() < deadline:
        hrefs = page.evaluate(script)
        marked = page.evaluate("() => document.querySelectorAll('.md-search-result mark').length")
        steady = steady + 1 if hrefs and hrefs == last and marked else 0
        if steady >= 3:
            return [href.removeprefix(server) for href in hrefs]
        last = hrefs
        page.wait_for_timeout(100)
    pytest.fail(f"no results for {query!r}: {last}")


def test_first_visit_is_light_and_does_not_fetch_the_index(
    phone: tuple[Any, list[str], list[str]], demo: SiteProject
) -> None:
    _, requests, errors = phone
    assert not [url for url in requests if "search_index" in url]
    assert any("bundle" in url for url in requests)  # Material's script did start
    site = demo.root / "site"
    weight = 0
    for url in requests:
        path = site / unquote(urlsplit(url).path).lstrip("/")
        path = path / "index.html" if path.is_dir() else path
        weight += len(gzip.compress(path.read_bytes()))
    assert weight <= 250_000, f"{weight} bytes compressed on a first visit"
    assert not errors


def test_typing_finds_campaigns_names_pinyin_and_initials(
    phone: tuple[Any, list[str], list[str]], server: str
) -> None:
    page, requests, errors = phone
    page.click("label[for=__search]")
    party = campaigns_whose_notice_says("党员")
    assert len(party) >= 2
    found = results(page, server, "党员")
    assert [url for url in requests if url.endswith("search/search_index.json")]
    assert set(found[: len(party)]) == party, found[:8]
    assert len(found) > len(party)  # other pages say 党员 too, after the campaigns
    for query in ("晓明", "wxm", "wangxiaoming", "wang xiaoming", "王晓明"):
        found = results(page, server, query)
        assert found[0] == PERSON, (query, found[:5])
        assert set(found[1:3]) == {
            "campaigns/2025-model-post/wang-xiaoming/",
            "campaigns/2026-model-post/wang-xiaoming/",
        }, (query, found[:5])
    assert results(page, server, "优秀党员王晓明")[0] == PERSON  # words typed without spaces
    for query in ("党员", "先锋榜", "荣誉榜", "王晓明"):
        assert not [url for url in results(page, server, query) if "screens/" in url], query
    snippet = page.inner_html(".md-search-result__item article")
    assert "<mark>王晓明</mark>" in snippet
    assert not errors


def test_what_the_worker_shows_is_escaped(
    phone: tuple[Any, list[str], list[str]], server: str
) -> None:
    """Titles and text are plain text in the index: the worker escapes them and adds only
    <mark> and <p>."""
    page, _, errors = phone
    item = page.evaluate(
        """(url) => new Promise((done) => {
          const worker = new Worker(url)
          worker.onmessage = (ev) => {
            if (ev.data.type === 1) worker.postMessage({type: 2, data: "王晓明"})
            if (ev.data.type === 3) { done(ev.data.data.items[0][0]); worker.terminate() }
          }
          worker.postMessage({type: 0, data: {config: {}, docs: [{location: "x/",
            title: "<img src=x onerror=alert(1)>王晓明",
            text: "<script>alert(2)</script> 王晓明 & 同事", keys: ["王晓明"]}]}})
        })""",
        server + "assets/javascripts/search-worker.js",
    )
    assert item["location"] == "x/"
    assert item["title"] == "&lt;img src=x onerror=alert(1)&gt;<mark>王晓明</mark>"
    assert (
        item["text"]
        == "<p>&lt;script&gt;alert(2)&lt;/script&gt; <mark>王晓明</mark> &amp; 同事</p>"
    )
    assert not errors
