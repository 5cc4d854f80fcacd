"""What no published page may contain, whatever its records say.

Helpers for tests that build sites from hostile content (tests/test_sanitise.py,
tests/test_csp.py, and any larger corpus): parse every page of a built site, assert that
nothing in it can run or redirect, and that its Content-Security-Policy allows exactly the
inline scripts the templates wrote.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Collection, Iterator
from pathlib import Path

from bs4 import BeautifulSoup, Tag

# Attributes whose value is a URL a browser may load or follow.
URL_ATTRIBUTES = (
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "xlink:href",
    "longdesc",
)
# Schemes that run code or show a page of the writer's making.
HOSTILE_SCHEMES = ("javascript:", "vbscript:", "data:text", "data:application", "data:image/svg")
# Elements that load another document, change where links go, or run plugins.
FORBIDDEN_ELEMENTS = ("base", "iframe", "frame", "frameset", "object", "embed", "applet")
# The script types that run (no type is JavaScript too).
DATA_SCRIPT_TYPES = ("application/json", "application/ld+json")
POLICY_DIRECTIVES = {
    "default-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'none'",
}


def html_pages(site: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    """Every HTML file of a built site, parsed, with its path inside the site."""
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), parse(path.read_text(encoding="utf-8"))


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def _squeezed(value: str) -> str:
    """A URL as a browser reads its scheme (the WHATWG URL parser): control characters and
    spaces at either end stripped, tabs and line breaks anywhere removed; lower case."""
    return re.sub(r"[\t\n\r]", "", value.strip(_C0_AND_SPACE)).lower()


def executable_scripts(soup: BeautifulSoup) -> list[Tag]:
    """The <script> elements that run: no type, or a JavaScript one; not data blocks."""
    found = []
    for script in soup.find_all("script"):
        kind = str(script.get("type") or "").strip().lower()
        if kind in DATA_SCRIPT_TYPES or (kind and "javascript" not in kind and kind != "module"):
            continue
        found.append(script)
    return found


def inline_scripts(soup: BeautifulSoup) -> list[str]:
    return [s.string or "" for s in executable_scripts(soup) if not s.get("src")]


def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def template_scripts(site: Path) -> set[str]:
    """The inline scripts every page of a (clean) site has: the templates' own code."""
    return {text for _, soup in html_pages(site) for text in inline_scripts(soup)}


def problems_of(soup: BeautifulSoup, own_scripts: Collection[str] | None = None) -> list[str]:
    """What makes a page unsafe, in words; empty when it is safe. `own_scripts`: the inline
    scripts the templates write (see `template_scripts`); None skips that comparison."""
    found = []
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{element.name}> has the event attribute {name}")
            if name.lower() in URL_ATTRIBUTES:
                values = value if isinstance(value, list) else [value]
                for url in values:
                    if _squeezed(str(url)).startswith(HOSTILE_SCHEMES):
                        found.append(f"<{element.name} {name}> goes to {url!r}")
    for name in FORBIDDEN_ELEMENTS:
        found.extend(f"a <{name}> element" for _ in soup.find_all(name))
    for meta in soup.find_all("meta"):
        if str(meta.get("http-equiv") or "").lower() in ("refresh", "set-cookie"):
            found.append(f"<meta http-equiv={meta.get('http-equiv')}>")
    for script in executable_scripts(soup):
        source = script.get("src")
        if source is not None:
            if re.match(r"^([a-z][a-z0-9+.-]*:|//|/\\)", _squeezed(str(source))):
                found.append(f"a script from elsewhere: {source}")
        elif own_scripts is not None and (script.string or "") not in own_scripts:
            found.append(f"an inline script the templates did not write: {script.string!r:.200}")
    return found


def assert_safe_html(soup: BeautifulSoup, own_scripts: Collection[str] | None = None) -> None:
    """No element with an on* attribute, no javascript:/vbscript:/data:text… URL, no base, iframe,
    object or embed, no meta refresh, no script but the site's own."""
    problems = problems_of(soup, own_scripts)
    assert problems == [], "\n".join(problems)


def assert_safe_site(site: Path, own_scripts: Collection[str] | None = None) -> int:
    """Every page of a built site is safe; returns how many pages were read."""
    unsafe = {}
    count = 0
    for where, soup in html_pages(site):
        count += 1
        problems = problems_of(soup, own_scripts)
        if problems:
            unsafe[where] = problems
    assert unsafe == {}
    return count


# -- the Content-Security-Policy ----------------------------------------------------------------
def policy_meta(soup: BeautifulSoup) -> Tag | None:
    for meta in soup.find_all("meta"):
        if str(meta.get("http-equiv") or "").lower() == "content-security-policy":
            return meta
    return None


def policy_directives(soup: BeautifulSoup) -> dict[str, str]:
    meta = policy_meta(soup)
    assert meta is not None, "no Content-Security-Policy meta"
    directives = {}
    for part in str(meta["content"]).split(";"):
        name, _, value = part.strip().partition(" ")
        assert name not in directives, f"{name} twice"
        directives[name] = value.strip()
    return directives


def assert_policy(soup: BeautifulSoup) -> None:
    """The policy is the first element of the head (after a leading <meta charset>), before any
    script, style or link; it allows scripts from the site and exactly the page's inline scripts
    (by hash), and nothing else."""
    head = soup.head
    assert head is not None
    children = [child for child in head.children if isinstance(child, Tag)]
    if children and children[0].name == "meta" and children[0].get("charset"):
        children = children[1:]
    assert children and children[0] is policy_meta(soup), "the policy is not first in <head>"
    directives = policy_directives(soup)
    script = directives.pop("script-src").split()
    assert directives == POLICY_DIRECTIVES
    assert script[0] == "'self'"
    hashes = [source.strip("'") for source in script[1:]]
    assert len(hashes) == len(set(hashes))
    assert set(hashes) == {script_hash(text) for text in inline_scripts(soup)}


# The Markdown extensions staff use (what admonitions, attr_list and md_in_html can smuggle in).
EXTENSIONS = """\
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - footnotes
  - abbr
  - def_list
  - pymdownx.details
  - toc:
      permalink: true
"""
