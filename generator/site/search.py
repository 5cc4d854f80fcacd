"""The site's search index: what of each page people can find, and by which names.

Material's search (Lunr with prefix matching of build-time jieba words, and a client that
splits a Chinese query greedily on the index's words and drops what is left) finds neither
“晓明” in 王晓明 nor “党员” in 优秀党员示范岗. The package therefore ships its own worker
(theme/assets/javascripts/search-worker.js, put in place of Material's by search.js) that finds
what is typed as a substring of a page's title, names and text, and this module writes the
index it reads, in Material's shape (`{"config", "docs"}`) so that Material's page script
loads and hands it over unchanged:

- one document a page (not one a heading), its text extracted from the page's HTML with a
  space between elements, so that a snippet reads as text and not as fields glued together;
- the names a page is found by (`PageSpec.search_keys`: a person's name, a unit's name), with
  the given name, the full pinyin and the initials of a Chinese name (王晓明: 晓明,
  wangxiaoming, wxm), which are matched but never shown;
- the page's rank (`RANKS`): among pages that match equally, campaigns come first;
- Chinese written as UTF-8, not as `\\uXXXX` escapes, and no markup: about a quarter of
  Material's index for the same pages.

Screens and pages with `search_exclude` are left out; the vote page leaves out its tables
(the voting codes).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from ..sources.names import SURNAME_READINGS, name_slug, surname
from ..sources.store import Store, digest
from .pages import PageKind, PageSpec

# The theme's scripts (theme/assets/): search.js runs in <head>, before Material's bundle.
SEARCH_SCRIPT = "assets/javascripts/search.js"
SEARCH_WORKER = "assets/javascripts/search-worker.js"
INDEX_PATH = "search/search_index.json"  # where Material's page script fetches it

# Among the pages that match a query equally (same names matched), higher ranks come first:
# a campaign's notice is what people look for; a person's or unit's own page before the
# pages that mention them.
RANKS: dict[PageKind, int] = {
    PageKind.CAMPAIGN: 2,
    PageKind.PERSON: 1,
    PageKind.UNIT: 1,
}
NEVER_INDEXED = frozenset({PageKind.SCREEN})  # full-screen hallway displays
NO_TABLES = frozenset({PageKind.VOTE})  # the candidates' voting codes are not text to find

# Elements whose text is never indexed: code, drawings, controls, the page's own title (the
# document's title), navigation (breadcrumbs) and asides (the how-to-vote box every profile
# repeats); also the package's own figures (QR codes and their captions) and Material's
# permalinks.
_SKIPPED = frozenset(
    {"script", "style", "svg", "template", "noscript", "button", "select", "h1", "iframe"}
    | {"nav", "aside"}
)
# Inline elements: no space is put around them (a link inside a sentence stays in it).
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "i", "kbd", "mark", "q", "s"}
    | {"small", "strong", "sub", "sup", "u", "var", "wbr", "ruby", "rt", "rp", "data"}
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Entry:
    """One page in the index: where it is, its title and text as plain text, the names it is
    found by (shown nowhere) and its rank."""

    location: str  # the page's URL relative to the site, as Material's page script expects
    title: str
    text: str
    keys: tuple[str, ...] = ()
    rank: int = 0

    def document(self) -> dict[str, object]:
        doc: dict[str, object] = {
            "location": self.location,
            "title": self.title,
            "text": self.text,
        }
        if self.keys:
            doc["keys"] = list(self.keys)
        if self.rank:
            doc["rank"] = self.rank
        return doc


def indexed(spec: PageSpec | None, excluded: bool) -> bool:
    """Whether a page goes into the index: not a screen, not excluded by its spec or (for the
    centre's own pages) by `search: exclude: true` in its front matter."""
    if spec is None:
        return not excluded
    return not (spec.search_exclude or spec.kind in NEVER_INDEXED)


def page_entry(location: str, title: str, html: str, spec: PageSpec | None) -> Entry:
    """The index entry of a page, from its body's HTML (the fragment with the page's body)."""
    kind = spec.kind if spec is not None else None
    text = page_text(html, tables=kind not in NO_TABLES)
    keys: list[str] = []
    for name in spec.search_keys if spec is not None else ():
        keys.extend(k for k in name_keys(name) if k not in keys)
    return Entry(location, title, text, tuple(keys), RANKS.get(kind, 0) if kind else 0)


SEARCH_FOLDER = "search"  # under the project's cache: each page's entry, kept between builds
ENTRIES_VERSION = "1"  # bump when page_entry makes other entries from the same page


class EntryCache:
    """Each page's entry as the last builds made it, keyed by everything it is made from (the
    page's URL, title, body HTML, kind and names): reading a page's text out of its HTML is
    most of what indexing costs, and a warm build's pages are mostly unchanged."""

    def __init__(self, folder: Path) -> None:
        self.store = Store(folder, ENTRIES_VERSION)

    def entry(self, location: str, title: str, html: str, spec: PageSpec | None) -> Entry:
        kind = str(spec.kind) if spec is not None else ""
        names = "\n".join(spec.search_keys) if spec is not None else ""
        key = digest(location, title, html, kind, names)
        kept = self.store.get(key)
        if isinstance(kept, list) and len(kept) == 3:
            text, keys, rank = kept
            return Entry(location, title, str(text), tuple(str(k) for k in keys), int(rank))
        made = page_entry(location, title, html, spec)
        self.store.put(key, [made.text, list(made.keys), made.rank])
        return made

    def save(self) -> None:
        self.store.save()


def index_json(entries: Iterable[Entry]) -> str:
    """The index file: Material's shape, compact, UTF-8 (not `\\uXXXX`)."""
    data = {
        "config": {"lang": ["zh"], "engine": "honours"},
        "docs": [entry.document() for entry in entries],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@cache
def name_keys(name: str) -> tuple[str, ...]:
    """What a name is found by: the name, for a Chinese personal name (two to four Han
    characters: not a window's or a branch's name) also its given name of two characters or
    more (王晓明 → 晓明; 韩雪's 雪 is found inside 韩雪 anyway), its full pinyin (wangxiaoming)
    and its initials (wxm). `wang xiaoming` is matched against the full pinyin with its
    spaces taken out, by the worker."""
    name = _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip()
    if not name:
        return ()
    keys = [name]
    if 2 <= len(name) <= 4 and all(_is_han(c) for c in name):
        family = surname(name)
        given = name[len(family) :]
        if len(given) >= 2:
            keys.append(given)
        full = name_slug(name).replace("-", "")
        if full and full != "person":
            keys.append(full)
        initials = _initials(family, given)
        if initials and initials != full:
            keys.append(initials)
    elif not any(_is_han(c) for c in name):
        lower = name.lower()
        if lower != name:
            keys.append(lower)
    return tuple(keys)


def _initials(family: str, given: str) -> str:
    from pypinyin import lazy_pinyin  # ~0.6 s to import: only a build that indexes pages

    reading = SURNAME_READINGS.get(family)
    syllables = [reading] if reading else lazy_pinyin(family)
    syllables += lazy_pinyin(given)
    return "".join(s[0] for s in syllables if s and s[0].isascii() and s[0].isalpha()).lower()


def _is_han(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK ")


def page_text(html: str, *, tables: bool = True) -> str:
    """A page's text as a reader would read it aloud: one space between blocks and fields,
    none inside a sentence, without code, drawings, permalinks, the page title (`h1`) and
    whatever is marked `data-search-exclude` (and tables, when `tables` is false)."""
    parser = _TextParser(tables)
    parser.feed(html)
    parser.close()
    return _SPACES.sub(" ", "".join(parser.parts)).strip()


class _TextParser(HTMLParser):
    def __init__(self, tables: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.tables = tables
        self.parts: list[str] = []
        self.stack: list[str] = []  # open elements
        self.skipping = 0  # depth in the stack at which the skipped element was opened

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag in ("br", "hr", "img") and not self.skipping:
                self.parts.append(" ")
            return
        self.stack.append(tag)
        if self.skipping:
            return
        names = dict(attrs)
        classes = (names.get("class") or "").split()
        if (
            tag in _SKIPPED
            or (tag == "table" and not self.tables)
            or "data-search-exclude" in names
            or "hidden" in names
            or "headerlink" in classes
            or (tag == "figure" and any(c.startswith("hb-") for c in classes))
        ):
            self.skipping = len(self.stack)
        elif tag not in _INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:  # close what the HTML left open inside it
            if self.skipping == len(self.stack):
                self.skipping = 0
            if self.stack.pop() == tag:
                break
        if not self.skipping and tag not in _INLINE:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)
