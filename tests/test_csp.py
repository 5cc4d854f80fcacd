"""Every page carries a Content-Security-Policy, first in its head, that allows the site's own
scripts and exactly the inline scripts its templates wrote; no source map is published."""

from __future__ import annotations

import base64
import hashlib

from generator.site.csp import inline_scripts, policy, script_hash, with_policy

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
