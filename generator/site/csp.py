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
    """The text of every inline script of `html` that would run, in order."""
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    return finder.scripts


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
