"""The search index, the MkDocs side: Material's search keeps its dialog and page script; the
index and the worker that reads it are ours (site/search.py says why).

Material's plugin is told to index no page (every page's meta says `search: exclude`), so that
it neither segments every page with jieba (seconds at 1,000 nominations, jieba's log on
stderr and its model cache in /tmp) nor keeps entries that are thrown away; ours takes each
page's body once it is framed (`on_page_content`: before Material strips `data-search-*`
attributes) and is written over Material's (empty) file in `on_post_build`. Under
`mkdocs serve --dirty` the entries of the pages MkDocs skips are kept from the last build.
"""

from __future__ import annotations

import hashlib
from html import unescape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ..project.settings import theme_file
from ..site.pages import PageSpec
from ..site.search import (
    INDEX_PATH,
    SEARCH_FOLDER,
    SEARCH_SCRIPT,
    SEARCH_WORKER,
    Entry,
    EntryCache,
    index_json,
    indexed,
    page_entry,
)
from ..sources.atomic import atomic_file


class SearchIndex:
    """The entries of one build (of a serve session, under --dirty) and the index file."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}  # page URL -> entry
        self.indexed: dict[str, bool] = {}  # page URL -> goes into the index (this build)
        self.kept: EntryCache | None = None

    def start(self, config: MkDocsConfig, *, incremental: bool, cache_dir: Path) -> None:
        """A new build: the script that loads the index when search is opened goes in every
        page's <head> (Material's `extra.polyfills`, before its bundle); a whole build starts
        with no entries, a dirty one keeps those of the pages it will skip."""
        if not incremental:
            self.entries = {}
        self.indexed = {}
        self.kept = EntryCache(cache_dir / SEARCH_FOLDER)
        version = _version(config)
        script = f"{SEARCH_SCRIPT}?v={version}" if version else SEARCH_SCRIPT
        polyfills = [
            p for p in (config.extra.get("polyfills") or []) if not str(p).startswith(SEARCH_SCRIPT)
        ]
        config.extra["polyfills"] = [*polyfills, script]

    def page_meta(self, page: Page, spec: PageSpec | None) -> None:
        """Decide whether the page is indexed (its front matter may say `search: exclude`),
        then tell Material's plugin to leave it alone."""
        own = page.meta.get("search")
        excluded = isinstance(own, dict) and bool(own.get("exclude"))
        self.indexed[page.url] = indexed(spec, excluded)
        page.meta["search"] = {"exclude": True}

    def page_built(self, page: Page, html: str, spec: PageSpec | None) -> None:
        """The page's body as it will be shown (`html`): its entry, or none."""
        if not self.indexed.get(page.url, False):
            self.entries.pop(page.url, None)
            return
        title = spec.title if spec is not None else unescape(str(page.title or ""))
        if self.kept is not None:
            self.entries[page.url] = self.kept.entry(page.url, title, html, spec)
        else:
            self.entries[page.url] = page_entry(page.url, title, html, spec)

    def write(self, site_dir: str, urls: set[str]) -> None:
        """Write the index of the pages the site has, in the order of their URLs, over the
        (empty) one Material wrote."""
        for gone in set(self.entries) - urls:
            del self.entries[gone]
        path = Path(site_dir) / INDEX_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(path) as out:
            out.write(index_json(self.entries[url] for url in sorted(self.entries)).encode())
        if self.kept is not None:
            self.kept.save()
        path.chmod(0o644)  # as MkDocs writes pages: the web server reads it as another user


def search_enabled(config: MkDocsConfig) -> bool:
    """Whether the site has Material's search (its dialog and page script), switched on."""
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "search":
            return bool(getattr(plugin.config, "enabled", True))
    return False


def _version(config: MkDocsConfig) -> str:
    """A hash of the two scripts, so that browsers fetch them again when they change."""
    digest = hashlib.sha256()
    for asset in (SEARCH_SCRIPT, SEARCH_WORKER):
        found = theme_file(config.theme.dirs, asset)
        if found is not None:
            digest.update(found.read_bytes())
    return digest.hexdigest()[:10]
