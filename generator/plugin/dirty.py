"""`mkdocs serve --dirty`: after a save, only the pages that changed are built again.

A `Session` lives as long as one `mkdocs serve` (the plugin's instance is kept across its
rebuilds). Each generated page is a real file under the cache (site/incremental.py), rewritten
only when the page would change, so that MkDocs' dirty build skips the others; the pages it
skips keep, in the navigation of those it builds, the titles and meta of their last build;
Material's search index keeps the entries of the skipped pages and takes the new ones of the
built pages; a failed build puts everything back for the next.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data as front_matter

from ..site.incremental import (
    PAGES_FOLDER,
    CompiledTemplates,
    Digests,
    PageFiles,
    site_digest,
    theme_templates,
)
from ..site.pages import PageSpec
from .keys import ORGANISATION_KEY

log = logging.getLogger("mkdocs.plugins.honours")


class _NavigationKept(logging.Filter):
    """MkDocs warns, in English, on every dirty build that the navigation may be wrong; with a
    session it is not (and a warning would stop `--strict`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


_NAVIGATION_KEPT = _NavigationKept()


@dataclass
class Session:
    """What one `mkdocs serve --dirty` keeps from build to build: the page files, and for every
    page MkDocs built, what the navigation of other pages shows of it (its final title and meta),
    and the templates compiled so far."""

    key: tuple[str, str]  # mkdocs.yml and the site folder: another project is another session
    files: PageFiles
    shown: dict[str, tuple[Any, dict[str, Any]]] = field(default_factory=dict)
    compiled: dict[tuple[object, ...], CompiledTemplates] = field(default_factory=dict)
    built: list[File] = field(default_factory=list)  # pages written by the current build
    search_prev: tuple[Any, Any] | None = None  # Material's index, while set aside
    fixed: set[str] = field(default_factory=set)  # copies of the last build's `fixed_files`

    @classmethod
    def for_build(cls, last: Session | None, config: MkDocsConfig, cache: Path) -> Session | None:
        """The serve session this build belongs to (a new one for another project or site
        folder); None where the page files cannot be used (a cache inside docs_dir would be
        published and would set the watcher off)."""
        folder = (cache / PAGES_FOLDER).resolve()
        if folder.is_relative_to(Path(config.docs_dir).resolve()):
            return None
        key = (str(config.config_file_path), str(Path(config.site_dir).resolve()))
        session = last if last is not None and last.key == key else cls(key, PageFiles(folder))
        session.built, session.search_prev = [], None
        logging.getLogger("mkdocs.commands.build").addFilter(_NAVIGATION_KEPT)  # once: by identity
        return session

    def source(self, spec: PageSpec, config: MkDocsConfig, inclusion: InclusionLevel) -> File:
        """The generated page as a real file (written by `sync`, once the nav is known)."""
        held = str(self.files.path(spec.src_uri))
        return File.generated(config, spec.src_uri, abs_src_path=held, inclusion=inclusion)

    def sync(
        self,
        specs: dict[str, PageSpec],
        files: Files,
        generated: dict[str, File],
        config: MkDocsConfig,
        site_wide: Iterable[str | bytes],
    ) -> None:
        """Rewrite the files of the pages that changed (all of them when something every page
        shows changed, and then the editors' pages are rebuilt too); drop the pages that went.
        `site_wide`: what every page shows that is not in its spec (see `site_parts`)."""
        if not self.files.started:  # a first build is whole, whatever the folder holds
            for file in files.documentation_pages(inclusion=_any):
                _mark_stale(file)
        synced = self.files.sync(
            specs,
            site_digest(site_wide),
            lambda src_uri: _mtime(generated[src_uri].abs_dest_path),
        )
        if synced.site_changed:
            for file in files.documentation_pages(inclusion=_any):
                if file.src_uri not in generated:
                    _mark_stale(file)
        for src_uri in synced.removed:  # a whole build would not have them
            gone = File.generated(config, src_uri, content="")
            Path(gone.abs_dest_path).unlink(missing_ok=True)
            self.shown.pop(src_uri, None)
        if self.shown:  # not the session's first build
            log.info(f"增量生成：{len(synced.written)} 个生成页面有变化，只重新生成有变化的页面")

    def fixed_files(self, published: Iterable[File]) -> None:
        """Files published at a fixed address whose content can change (a campaign's 附件, made
        in the cache): MkDocs copies a file on a dirty build only when its source is newer than
        the copy, and a cache entry made earlier (an edit undone) is older. A copy that differs
        is made stale, so it is copied again; a file gone since the last build is removed, as a
        whole build would not have it."""
        now = set()
        for file in published:
            copy = file.abs_dest_path
            now.add(copy)
            source = file.abs_src_path
            if source and os.path.isfile(copy) and not _same_bytes(source, copy):
                _mark_stale(file)
        for gone in self.fixed - now:
            Path(gone).unlink(missing_ok=True)
        self.fixed = now

    def skipped_pages(self, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
        """MkDocs does not read the pages it skips on a dirty build: give those in the nav the
        title and meta of their last build (a page not seen yet is rebuilt instead), and keep
        the search index of the pages that stay as they are."""
        if not self.shown:
            return  # the session's first build: every page is built
        for page in nav.pages:
            if page.file.is_modified():
                continue
            shown = self.shown.get(page.file.src_uri)
            if shown is None:
                _mark_stale(page.file)
            else:
                page.title, page.meta = shown[0], dict(shown[1])
        search = _search_plugin(config)
        if search is not None:
            # Material merges its last index with the new entries as if one page was rebuilt:
            # with several, it keeps stale entries or drops live ones. Start the new index from
            # the entries of the pages that are skipped, and let it not merge.
            previous = search.search_index_prev
            kept = {
                "" if f.url in (".", "./") else f.url  # as Page.url, which the index has
                for f in files.documentation_pages(inclusion=_any)
                if not f.is_modified()
            }
            search.search_index.entries = [
                entry
                for entry in previous.entries
                if str(entry.get("location", "")).split("#", 1)[0] in kept
            ]
            search.search_index_prev = None
            self.search_prev = (search, previous)  # put back if the build fails

    def built_page(self, page: Page) -> None:
        """A page this build wrote, with the title and meta other pages' navigation shows."""
        self.shown[page.file.src_uri] = (page.title, dict(page.meta))
        self.built.append(page.file)

    def finished(self) -> None:
        self.search_prev = None

    def failed(self) -> None:
        """The next build merges with the last whole index and builds this build's pages again."""
        if self.search_prev is not None:
            search, previous = self.search_prev
            search.search_index_prev, self.search_prev = previous, None
        for file in self.built:
            _mark_stale(file)


def site_parts(
    specs: dict[str, PageSpec],
    files: Files,
    config: MkDocsConfig,
    asset_version: str,
    theme_dirs: list[str],
) -> Iterator[str | bytes]:
    """What every page shows besides its own content: the navigation (its entries, and the
    titles of the pages in it), the asset version, mkdocs.yml and our theme's templates."""
    yield config.site_url or ""
    yield asset_version
    if config.config_file_path:
        yield Path(config.config_file_path).read_bytes()
    yield from theme_templates(theme_dirs)
    # The organisation every header and footer shows (the rest of `extra` is in mkdocs.yml).
    organisation = Digests().of(config.extra.get(ORGANISATION_KEY))
    yield organisation if organisation is not None else os.urandom(16)  # None: as if changed
    yield json.dumps(config.nav, ensure_ascii=False, sort_keys=True, default=str)
    for src_uri in _nav_targets(config.nav):
        spec = specs.get(src_uri)
        file = files.get_file_from_path(src_uri)
        if spec is not None:
            yield f"{src_uri}\n{spec.title}"
        elif file is not None and file.is_documentation_page():
            yield f"{src_uri}\n{_title_source(file)}"


def _any(inclusion: InclusionLevel) -> bool:
    return True


def _mtime(path: str) -> float | None:
    try:
        return os.path.getmtime(path)
    except OSError:
        return None


def _same_bytes(one: str, other: str) -> bool:
    """Whether two (small) files hold the same bytes; False if either cannot be read. Not
    filecmp: it remembers an answer by size and time, and a cache entry made again can have
    both of the last."""
    try:
        if os.path.getsize(one) != os.path.getsize(other):
            return False
        return Path(one).read_bytes() == Path(other).read_bytes()
    except OSError:
        return False


def _mark_stale(file: File) -> None:
    """Make the page's last HTML older than its source, so that a dirty build rebuilds it."""
    with contextlib.suppress(OSError):  # no HTML yet: it is built anyway
        os.utime(file.abs_dest_path, (0, 0))


def _nav_targets(nav: Any) -> Iterator[str]:
    """The paths and addresses the nav points at, in order."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_targets(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_targets(item)


def _title_source(file: File) -> str:
    """What an editor's page shows in the navigation comes from: its front matter and its
    first-level headings (its text can change without the navigation changing)."""
    try:
        markdown, meta = front_matter(file.content_string)
    except (OSError, ValueError):
        return ""
    lines = markdown.splitlines()
    heads = [
        line
        for number, line in enumerate(lines)
        if line.lstrip().startswith("# ")
        or "<h1" in line.lower()
        or (number + 1 < len(lines) and set(lines[number + 1].strip()) == {"="})
    ]
    return json.dumps([meta, heads], ensure_ascii=False, sort_keys=True, default=str)


def _search_plugin(config: MkDocsConfig) -> Any | None:
    """Material's search plugin, when it is on and has an index of the last build to merge."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        previous = getattr(plugin, "search_index_prev", None)
        if isinstance(getattr(index, "entries", None), list) and isinstance(
            getattr(previous, "entries", None), list
        ):
            return plugin
    return None
