"""Whatever of a page Material prints as it is becomes plain, escaped text: the titles of the
nav, the page's title, its meta and its table of contents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from ..sources.richtext import plain_text, text_markup


def escape_nav_titles(items: list[Any]) -> None:
    for item in items:
        written = not isinstance(item, Page) or "title" in vars(item)  # pages: in the nav
        if written and item.title is not None:
            item.title = text_markup(item.title)
        if isinstance(item, Section):
            escape_nav_titles(item.children)


def plain_titles(page: Page) -> None:
    """Whatever of the page Material prints as it is becomes escaped text: the title (from the
    nav, the front matter, the first heading or the file name), every value of the meta (title,
    description, author…) and the table of contents. The title is also put in the meta, so that
    Material never falls back to `page.title | striptags`, which unescapes."""
    if "title" in vars(page) or page.meta.get("title") is not None:
        title = _markup(page.title)  # written as text, in the nav or the front matter
    elif page._title_from_render:
        title = text_markup(plain_text(page._title_from_render))  # HTML of the first heading
    else:
        title = _markup(page.title)
    page.title = title
    page.meta = _escape_values(page.meta)
    if not page.meta.get("title"):
        page.meta["title"] = title
    _plain_toc(page.toc)


def _plain_toc(items: Iterable[AnchorLink]) -> None:
    for item in items:
        if not isinstance(item.title, Markup):
            item.title = text_markup(plain_text(item.title))  # the heading's HTML
        _plain_toc(item.children)


def _escape_values(value: Any) -> Any:
    if isinstance(value, str):
        return text_markup(value)
    if isinstance(value, list):
        return [_escape_values(v) for v in value]
    if isinstance(value, dict):
        return {k: _escape_values(v) for k, v in value.items()}
    return value


def _markup(text: object) -> Markup | None:
    """Text as escaped HTML (what is escaped already stays as it is); None stays None."""
    return None if text is None else text_markup(text)
