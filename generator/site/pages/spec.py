"""What a generated page is: its kind, address, Markdown body, fragment context and settings."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PageKind(StrEnum):
    """The fragment that frames the page: theme/fragments/<kind>.html."""

    HOME = "home"
    CAMPAIGNS = "campaigns"
    CAMPAIGN = "campaign"
    NOMINEES = "nominees"
    PROFILE = "profile"
    VOTE = "vote"
    PUBLICITY = "publicity"
    RESULTS = "results"
    HONOURS = "honours"
    HONOURS_YEAR = "honours_year"
    PEOPLE = "people"
    PERSON = "person"
    UNITS = "units"
    UNIT = "unit"
    COMMITMENTS = "commitments"  # a unit's or branch's 承诺墙
    BOARDS = "boards"
    BOARD = "board"
    SCREEN = "screen"


@dataclass(frozen=True)
class PageContext:
    """The public views a fragment is given: each field is a template variable of that name."""


HIDE_TOC = ("toc",)


@dataclass(frozen=True)
class PageSpec:
    src_uri: str
    kind: PageKind
    title: str
    context: PageContext
    markdown: str = ""  # rendered by MkDocs and given to the fragment as `body`
    in_nav: bool = False
    description: str = ""
    image: str | None = None  # src_uri of a portrait, for link previews
    qr: bool = False  # show a QR code of the page's address
    template: str = "honours.html"  # the page template, in theme/
    hide: tuple[str, ...] = ()  # Material's front-matter `hide`, e.g. HIDE_TOC
    search_exclude: bool = False  # leave the page out of the search index
    # The names the page is found by in search (a person's, a unit's): matched as they are and,
    # for a Chinese name, by its given name, pinyin and initials; shown nowhere (site/search.py).
    search_keys: tuple[str, ...] = ()
