"""The Content-Security-Policy every page carries, as a `<meta http-equiv>` first in its head.

Scripts run only from the site's own files and as the inline scripts the templates wrote: each
of those is allowed by its SHA-256, computed from the page with its body taken out, so nothing
a record wrote can be allowed. A meta policy cannot say `frame-ancestors`; docs/deploy.md lists
the headers a server should add.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from html.parser import HTMLParser

# Everything but scripts, as a fixed list. Inline styles stay allowed: the fragments colour
# portrait placeholders with style attributes and Markdown tables align columns with them.
FIXED_DIRECTIVES = (
    ("default-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),  # Material's icons are data: URLs in its stylesheet
    ("font-src", "'self'"),
    ("connect-src", "'self'"),  # the search index, the screens' version.json
    ("worker-src", "'self'"),  # Material's search worker
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'none'"),
)
# The types that make a <script> run (a missing or empty type is JavaScript too); any other
# type, such as Material's `application/json` configuration, is data.
SCRIPT_TYPES = frozenset(
    {
        "module",
        *(
            f"{kind}/{name}"
            for kind in ("application", "text")
            for name in (
                "javascript",
                "ecmascript",
                "x-javascript",
                "x-ecmascript",
                "jscript",
                "livescript",
                "javascript1.0",
                "javascript1.1",
                "javascript1.2",
                "javascript1.3",
                "javascript1.4",
                "javascript1.5",
            )
        ),
    }
)


def policy(script_hashes: Iterable[str]) -> str:
    """The policy, with `'sha256-…'` sources for the inline scripts allowed."""
    hashes = sorted(set(script_hashes))
    script = " ".join(["'self'", *(f"'{h}'" for h in hashes)])
    directives = [FIXED_DIRECTIVES[0], ("script-src", script), *FIXED_DIRECTIVES[1:]]
    return "; ".join(f"{name} {value}" for name, value in directives)


def script_hash(text: str) -> str:
    """`sha256-…` of a script's text as the browser sees it (line breaks made `\\n`)."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script of `html` that would run, in order, as HTMLParser finds
    them. Parsing a whole page with it took ~7 ms (a build's 12%) for the handful of scripts, so a
    page of the plain form our templates write is read by regular expressions instead (~10 times
    faster), and anything else (a comment with a `-`, a `<` in text, a `<script/>`, …) by
    HTMLParser."""
    scripts = _scanned_scripts(html)
    return _parsed_scripts(html) if scripts is None else scripts


def _parsed_scripts(html: str) -> list[str]:
    """The reference: HTMLParser over the whole page."""
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    return finder.scripts


def _scanned_scripts(html: str) -> list[str] | None:
    """The inline scripts that run, or None if `html` is not of the plain form `_PLAIN` accepts.

    On that form HTMLParser (3.11's, and the stricter one of later patch releases, which also
    reads `<title>`, `<textarea>`, `<iframe>`, … as raw text) meets the same tokens: every `<`
    starts a tag of simple syntax, a doctype, or a comment with neither `-`, `!`, `<` nor `>`
    inside; raw text holds no `<`, and script and style text no `</`, `<!`, `<script` or NUL; no
    `&#` that is not a character reference makes it stop (its `goahead` treats the rest of the
    page as text after a second one). Then every `<script` of the page is a script start tag."""
    if _BAD_CHARREF.search(html) is not None or _PLAIN.fullmatch(html) is None:
        return None
    scripts: list[str] = []
    for element in _SCRIPT.finditer(html):
        attributes, text = element.group(1, 2)
        if "&" in attributes:  # values are unescaped, differently in later releases
            return None
        values = {name.lower(): _unquoted(value) for name, value in _ATTRIBUTE.findall(attributes)}
        kind = (values.get("type") or "").strip().lower()
        if (not kind or kind in SCRIPT_TYPES) and "src" not in values:
            scripts.append(text)
    return scripts


def _unquoted(value: str) -> str:
    """An attribute's value as HTMLParser gives it: quotes taken off ("" when it has none, where
    HTMLParser gives None: both mean no type)."""
    return value[1:-1] if value[:1] in ("'", '"') else value


def with_policy(page: str, body: str | None = None) -> str:
    """The page with its policy inserted first in its head (after a `<meta charset>` that opens
    it, which must stay in the first 1024 bytes). `body` is the page's content, which the
    template printed once: its scripts, if it had any, are not allowed."""
    templated = page.replace(body, "", 1) if body else page
    content = policy(script_hash(script) for script in inline_scripts(templated))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{_attribute(content)}">'
    head = _HEAD.search(page)
    if head is None:
        return page
    position = head.end()
    charset = _CHARSET.match(page, position)
    if charset is not None:
        position = charset.end()
    return page[:position] + meta + page[position:]


# The plain form of a page (see `_scanned_scripts`), as possessive patterns, linear in the page.
# ASCII only, so that `(?i:script)` cannot match a `ſ` or a `K` that HTMLParser reads as text, and
# so that no Unicode space can end a name or a value for HTMLParser but not here; case-insensitive
# only where a name is spelled out (a pattern that ignores case everywhere runs ~15% slower).
_SPACE = r"[ \t\n\r\f]"
_NAME = r"[a-zA-Z][a-zA-Z0-9-]*+"
_ATTRIBUTE_NAME = r"[^\x00-\x20\x7f-\U0010ffff\"'/<=>`]++"
_VALUE = r"\"[^\"<]*+\"|'[^'<]*+'|[^\x00-\x20\x7f-\U0010ffff\"'<=>`]++"
_ATTRIBUTES = rf"(?:{_SPACE}++{_ATTRIBUTE_NAME}(?:{_SPACE}*+={_SPACE}*+(?:{_VALUE}))?)*+"
_RAW_TEXT = "title|textarea|xmp|iframe|noembed|noframes|noscript"  # raw text in later releases
_SPECIAL_NAMES = ("script", "style", "plaintext", *_RAW_TEXT.split("|"))
_SPECIAL = (  # their first letters first, which makes the page's scan ~20% faster
    f"(?=[{''.join(sorted({n[0] + n[0].upper() for n in _SPECIAL_NAMES}))}])"
    f"(?i:{'|'.join(_SPECIAL_NAMES)})(?![a-zA-Z0-9-])"
)
_SCRIPT_TEXT = r"(?:[^<\x00]++|<(?![/!]|(?i:script)))*+"
# One alternative a name, not a group and its backreference: a capturing group inside a `*+`
# makes 3.11's `re` raise SystemError on `<title></title><!doctype html>` (CPython gh-101955).
_RAW_ELEMENTS = "|".join(
    rf"(?i:{name}){_ATTRIBUTES}{_SPACE}*+>[^<]*+</(?i:{name})>" for name in _RAW_TEXT.split("|")
)
_PLAIN = re.compile(
    rf"""(?:
        [^<]++
      | <(?:
          /{_NAME}>
        | (?!{_SPECIAL}){_NAME}{_ATTRIBUTES}{_SPACE}*+/?>
        | (?i:script){_ATTRIBUTES}{_SPACE}*+>{_SCRIPT_TEXT}</(?i:script)>
        | (?i:style){_ATTRIBUTES}{_SPACE}*+>{_SCRIPT_TEXT}</(?i:style)>
        | {_RAW_ELEMENTS}
        | !--[^-!<>]++-->
        | !(?i:doctype){_SPACE}++(?i:html){_SPACE}*+>
      )
    )*+""",
    re.ASCII | re.VERBOSE,
)
_SCRIPT = re.compile(
    rf"<(?i:script)({_ATTRIBUTES}){_SPACE}*+>({_SCRIPT_TEXT})</(?i:script)>", re.ASCII
)
_ATTRIBUTE = re.compile(
    rf"{_SPACE}++({_ATTRIBUTE_NAME})(?:{_SPACE}*+={_SPACE}*+({_VALUE}))?", re.ASCII
)
# A `&#` that HTMLParser's `charref` does not match: its `goahead` stops there.
_BAD_CHARREF = re.compile(r"&#(?!(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F])")

_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_CHARSET = re.compile(r"\s*<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


class _ScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        values = dict(attrs)
        kind = (values.get("type") or "").strip().lower()
        runs = not kind or kind in SCRIPT_TYPES
        self._current = [] if runs and "src" not in values else None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None
