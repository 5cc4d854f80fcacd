"""Every page carries a Content-Security-Policy, first in its head, that allows the site's own
scripts and exactly the inline scripts its templates wrote; no source map is published."""

from __future__ import annotations

import base64
import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.csp import (
    _parsed_scripts,
    _scanned_scripts,
    inline_scripts,
    policy,
    script_hash,
    with_policy,
)

from .conftest import SiteProject
from .safety import assert_policy, assert_safe_html, html_pages, parse, policy_directives

PAGE = """\
<!doctype html>
<html>
<head>
  <meta charset="utf-8">
  <title>页</title>
  <script>var a = 1;</script>
  <script id="__config" type="application/json">{"base": "."}</script>
  <script src="assets/app.js"></script>
</head>
<body>
  <article>BODY</article>
  <script type="module">import "./m.js";</script>
  <script type="text/template"><b>data</b></script>
</body>
</html>
"""


def sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_the_policy_allows_the_inline_scripts_that_run_and_nothing_else() -> None:
    assert inline_scripts(PAGE) == ["var a = 1;", 'import "./m.js";']
    assert policy([sha256("x"), sha256("x")]) == (
        f"default-src 'self'; script-src 'self' '{sha256('x')}'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'none'"
    )
    assert script_hash("a\r\nb\rc") == sha256("a\nb\nc")  # as the browser reads the page


def test_the_policy_goes_first_in_the_head_after_the_charset() -> None:
    page = with_policy(PAGE.replace("BODY", "<p>正文</p>"), "<p>正文</p>")
    soup = parse(page)
    assert_policy(soup)
    head = page.index("<head>")
    assert page[head:].startswith(
        '<head>\n  <meta charset="utf-8"><meta http-equiv="Content-Security-Policy"'
    )
    assert with_policy("<p>no head</p>") == "<p>no head</p>"
    bare = with_policy("<html><head><title>t</title></head></html>")
    assert bare.startswith('<html><head><meta http-equiv="Content-Security-Policy"')


def test_scripts_in_the_body_are_never_allowed() -> None:
    body = "<p>正文</p><script>alert(1)</script>"
    page = with_policy(PAGE.replace("BODY", body), body)
    allowed = policy_directives(parse(page))["script-src"]
    assert sha256("alert(1)") not in allowed
    assert sha256("var a = 1;") in allowed


def test_every_page_of_the_demo_carries_the_policy(demo: SiteProject) -> None:
    """Material's pages, the 404 page, our generated pages and the hallway screens."""
    site = demo.root / "site"
    pages = dict(html_pages(site))
    assert "404.html" in pages and "screens/stars/index.html" in pages
    for soup in pages.values():
        assert_policy(soup)
        assert_safe_html(soup)
    home = pages["index.html"]
    assert len(policy_directives(home)["script-src"].split()) == 3  # 'self' and two inline
    screen = pages["screens/stars/index.html"]
    assert policy_directives(screen)["script-src"] == "'self'"  # screen.js is a file


def test_the_policy_holds_for_a_site_built_from_scratch(project: SiteProject) -> None:
    site = project.build("--strict")
    for _, soup in html_pages(site):
        assert_policy(soup)


def test_no_source_map_is_published(demo: SiteProject) -> None:
    """Material's scripts still end with a sourceMappingURL comment: a browser fetches the map
    only for its developer tools (checked by hand in Chromium), so the comment costs nothing."""
    assert list((demo.root / "site").rglob("*.map")) == []


# The fast scan of inline scripts (regular expressions) against the reference (HTMLParser over the
# whole page): the same scripts wherever the fast scan answers, and it answers on our pages.


def cased(word: str) -> st.SearchStrategy[str]:
    """`word` with any of its letters in upper case."""
    masks = st.integers(0, 2 ** len(word) - 1)
    return masks.map(lambda m: "".join(c.upper() if m >> i & 1 else c for i, c in enumerate(word)))


def joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map("".join)


def pieces(*texts: str, size: int = 4) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(texts), max_size=size).map("".join)


TYPES = (
    "",
    "module",
    "MODULE",
    " text/javascript ",
    "text/JavaScript",
    "application/ecmascript",
    "text/javascript1.5",
    "javascript",
    "application/json",
    "text/template",
    "text&#47;javascript",
    "application/json&amp;",
)
SPACES = (" ", "  ", "\t", "\n", "\r\n", "\f", "\v", "\xa0", "\u3000", "/", " / ")
VALUES = ('"a>b"', "'x\"y>'", "v", '""', "''", "a/", '"<script>x</script>"', "&amp;", "x&#62;")
SCRIPT_TEXTS = (
    "var a = 1;",
    "a<b",
    "e<<5",
    "x=>y",
    "</div>",
    "<!--",
    "-->",
    "<script>",
    "</script >",
    "</ script>",
    "</scriptx>",
    "'",
    '"',
    "&#;",
    "\n",
    "\r",
    "\x00",
    "ſ",
)
TEXTS = (
    "正文",
    " ",
    "\n",
    "a < b",
    "a & b",
    "&amp;",
    "&#39;",
    "&#",
    "&#x;",
    "&#12a",
    ";",
    ">",
    "'",
)
RAW_TEXT = (
    "title",
    "textarea",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
)


@st.composite
def script_start(draw: st.DrawFn, plain: bool = False) -> str:
    """A `<script>` start tag, with or without type and src, quoted any way, in any case."""
    attributes = []
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(("type", "src", "id", "data-x", "async", "nomodule")))
        if name == "type":
            kind = draw(st.sampled_from([t for t in TYPES if not (plain and "&" in t)]))
            quotes = ['"', "'"] if " " in kind or not kind else ['"', "'", ""]
            quote = draw(st.sampled_from(quotes))
            value = f"={quote}{kind}{quote}"
        else:
            choices = [v for v in VALUES if not (plain and ("&" in v or "<" in v))] + [""]
            value = draw(st.sampled_from(choices))
            value = f"={value}" if value else ""
        space = draw(st.sampled_from((" ", "\n", "\t") if plain else SPACES))
        attributes.append(space + draw(cased(name)) + value)
    close = draw(st.sampled_from((">", " >", "\n>") if plain else (">", " >", "/>", " />", "\v>")))
    return "<" + draw(cased("script")) + "".join(attributes) + close


def script_element(plain: bool = False) -> st.SearchStrategy[str]:
    if plain:
        texts = [t for t in SCRIPT_TEXTS if not t.startswith(("</", "<!", "<s", "&#", "\x00"))]
        ends: st.SearchStrategy[str] = cased("</script>")
    else:
        texts = list(SCRIPT_TEXTS)
        ends = st.one_of(
            cased("</script>"), st.sampled_from(("</script >", "</ script>", "</script x>", ""))
        )
    return joined(script_start(plain), pieces(*texts), ends)


def raw_text(plain: bool = False) -> st.SearchStrategy[str]:
    """An element HTMLParser reads as raw text (script, style) or as text that a later release
    reads as raw text (title, textarea, …), maybe with a `<script>` inside."""
    names = [n for n in RAW_TEXT if n != "plaintext"] if plain else list(RAW_TEXT)
    inner = ("x", "正文", "&amp;") if plain else ("x", "<script>a</script>", "<b>", "</x>", "--")

    def element(name: str) -> st.SearchStrategy[str]:
        start = joined(st.just("<"), cased(name), st.sampled_from((">", ' id="a>b">')))
        return joined(start, pieces(*inner), st.just("</"), cased(name), st.just(">"))

    return st.sampled_from(names).flatmap(element)


PLAIN_MARKUP = (
    "<!doctype html>",
    "<!DOCTYPE html>",
    "<p>",
    "</p>",
    '<div class="a>b" title=\'"q"\'>',
    "<br/>",
    "<img src=a.png alt=x>",
    '<a href="?x=1&amp;y=2">',
    "<svg><path d=m0/></svg>",
    "<scripts>",
    "</script>",
    "<!-- 注释 -->",
)
OTHER_MARKUP = (
    "<!-- <script>a</script> -->",
    "<!--><script>b</script>",
    "<!-- x --!><script>c</script>-->",
    "<![CDATA[<script>d</script>]]>",
    "<?php echo 1; ?>",
    "<!x><script>e</script>",
    "</ div>",
    "</>",
    "<a b='c'd>",
    "<p =x>",
    "<ſcript>f</script>",
    "<div title=<script>g</script>>",
    "<",
    "&#x",
)


def page(plain: bool = False) -> st.SearchStrategy[str]:
    texts = [t for t in TEXTS if not (plain and (t.startswith("&#") or "<" in t))]
    markup = PLAIN_MARKUP if plain else PLAIN_MARKUP + OTHER_MARKUP
    part = st.one_of(
        st.sampled_from(texts), st.sampled_from(markup), script_element(plain), raw_text(plain)
    )
    return st.lists(part, max_size=12).map("".join)


@settings(max_examples=200, deadline=None)
@given(page())
def test_the_fast_scan_finds_what_htmlparser_finds_or_steps_aside(html: str) -> None:
    """Comments, CDATA, `<script/>`, `</script >`, raw text with a `<script>` in it, Unicode
    spaces, a `&#` that stops HTMLParser: whatever the page, the fast scan gives HTMLParser's
    scripts or hands the page to it."""
    scanned = _scanned_scripts(html)
    assert scanned is None or scanned == _parsed_scripts(html)
    assert inline_scripts(html) == _parsed_scripts(html)


@settings(max_examples=200, deadline=None)
@given(page(plain=True))
def test_the_fast_scan_reads_pages_of_the_plain_form(html: str) -> None:
    """Scripts with and without type or src, types in any case and quoted any way, attributes
    with `>` in them, `<` in scripts, simple comments, title and textarea: read without
    HTMLParser, with its result."""
    assert _scanned_scripts(html) == _parsed_scripts(html)


def test_the_fast_scan_agrees_on_odd_scripts() -> None:
    cases = {
        '<SCRIPT TYPE=MODULE data-x="a>b">go()</SCRIPT>': ["go()"],
        "<script type='application/json'>{}</script><script type=' '>x</script>": ["x"],
        '<script type="module" type="text/template">no</script>': [],  # the last one counts
        "<script src=a.js></script><script\tsrc>no</script>": [],
        "<script>a<b</script><script>c</script>": ["a<b", "c"],
    }
    for html, scripts in cases.items():
        assert _scanned_scripts(html) == _parsed_scripts(html) == scripts, html
    for html in (
        "<script/>x</script>",  # HTMLParser: an empty script, then text
        "<!-- <script>a</script> -->",
        "<script>a</script ><script>b</script>",
        "<title><script>a</script></title>",  # raw text in later releases of HTMLParser
        "&#;x&#;<script>a</script>",  # HTMLParser stops at the second bad `&#`
        "<script type='text&#47;javascript'>a</script>",
    ):
        assert _scanned_scripts(html) is None, html
        assert inline_scripts(html) == _parsed_scripts(html), html


def test_the_fast_scan_reads_every_page_of_the_demo(demo: SiteProject) -> None:
    """Material's pages, ours and the screens are of the plain form: none falls back on
    HTMLParser (which would be right but ten times slower), and the scripts are the same."""
    site = demo.root / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert _scanned_scripts(html) == _parsed_scripts(html), path.relative_to(site)
