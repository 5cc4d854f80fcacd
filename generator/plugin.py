"""The `honours` MkDocs plugin: an event router over the core.

on_config resets per-build state, checks the options (with the same code as
`honours check`) and puts the package's theme right after the centre's
custom_dir; on_pre_build checks the fragments, then loads and checks
`content/` (so a bad record or template stops the build before the site folder
is touched); on_files takes the source data off the file list and adds the
generated pages and portraits (and drops source maps); on_nav and the page events
make every title plain, escaped text; on_page_content cleans every page's HTML (what gather
warned about) and frames each generated page with its fragment; on_post_page and
on_post_template put the Content-Security-Policy first in each page's head.

Under `mkdocs serve --dirty` the plugin keeps a session across rebuilds (site/incremental.py):
each generated page is a real file under the cache, rewritten only when the page would change,
so that MkDocs rebuilds only those pages; on_nav gives the pages it skips the titles and meta of
their last build (the navigation of the pages it rebuilds shows them) and keeps Material's search
index whole.
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
from urllib.parse import urljoin

import jinja2
from markupsafe import Markup
from mkdocs.config.base import BaseConfigOption, Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data as front_matter

from .build import ContentError, prepare
from .media.placeholders import FONT_PATH
from .media.portraits import Portrait, PortraitSettings
from .project.settings import PACKAGE_THEME, SettingsError, plugin_options, with_package_theme
from .project.settings import theme_file as find_theme_file
from .project.templates import (
    TemplateProblem,
    check_templates,
    describe,
    fragment_names,
    page_templates,
)
from .site import publish
from .site.csp import with_policy
from .site.files import is_source_file, site_nav
from .site.incremental import (
    PAGES_FOLDER,
    CompiledTemplates,
    PageFiles,
    share_compiled,
    site_digest,
    theme_templates,
)
from .site.pages import PageKind, PageSpec
from .site.render import FragmentRenderer
from .site.screens import ASSETS, asset_version, screen_version, write_version
from .sources.richtext import MarkdownOptions, clean, plain_text, text_markup

log = logging.getLogger("mkdocs.plugins.honours")


class Written(BaseConfigOption[object]):
    """An option as written in mkdocs.yml: `plugin_options` checks it, for the build and for
    `honours check` alike, and says what is wrong in Chinese."""


class HonoursConfig(Config):
    today = Written()
    cache_dir = Written()
    portrait_aspect = Written()


@dataclass
class Session:
    """What one `mkdocs serve --dirty` keeps from build to build: the page files, and for every
    page MkDocs built, what the navigation of other pages shows of it (its final title and meta),
    and the templates compiled so far."""

    key: tuple[str, str]  # mkdocs.yml and the site folder: another project is another session
    files: PageFiles
    shown: dict[str, tuple[Any, dict[str, Any]]] = field(default_factory=dict)
    compiled: dict[tuple[object, ...], CompiledTemplates] = field(default_factory=dict)


class HonoursPlugin(BasePlugin[HonoursConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.session: Session | None = None
        self.reset()

    def reset(self) -> None:
        self.specs: dict[str, PageSpec] = {}
        self.portraits: dict[str, Portrait] = {}
        self.renderer: FragmentRenderer | None = None
        self.screen_versions: dict[str, str] = {}  # screen page dest path -> hash of its HTML
        self.site_dir: Path | None = None
        self.staging: publish.Staging | None = None
        self.incremental: Session | None = None  # this build goes by the serve session
        self.search_prev: tuple[Any, Any] | None = None  # Material's index, while set aside
        self.built: list[File] = []  # pages written by this build, when incremental

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty
        self.session = None  # a new serve starts with an empty site folder

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.reset()
        written = {key: self.config[key] for key in ("today", "cache_dir", "portrait_aspect")}
        try:
            self.options = plugin_options(written, config.config_file_path)
        except SettingsError as exc:
            raise PluginError(str(exc)) from None
        config.theme.dirs = with_package_theme(config.theme.dirs, config.theme.custom_dir)
        self.renderer = FragmentRenderer(
            config.theme.dirs, self.options.cache_path(project_dir(config))
        )
        self.asset_version = asset_version(theme_file(config, asset) for asset in ASSETS)
        if self.command in ("build", "gh-deploy"):
            self.site_dir = Path(config.site_dir)
            project = Path(config.config_file_path or ".").parent
            try:
                self.staging = publish.prepare(
                    self.site_dir, self.options.cache_path(project), log.info
                )
            except publish.PublishError as exc:
                raise PluginError(str(exc)) from None
            config.site_dir = str(self.staging.folder)
        elif self.command == "serve" and self.dirty:
            self.incremental = self._session(config, self.options.cache_path(project_dir(config)))
            if self.incremental is not None:
                share_compiled(self.renderer.env, self.incremental.compiled)
        return config

    def _session(self, config: MkDocsConfig, cache: Path) -> Session | None:
        """The serve session this build belongs to (a new one for another project or site
        folder); None where the page files cannot be used (a cache inside docs_dir would be
        published and would set the watcher off)."""
        folder = (cache / PAGES_FOLDER).resolve()
        if folder.is_relative_to(Path(config.docs_dir).resolve()):
            return None
        key = (str(config.config_file_path), str(Path(config.site_dir).resolve()))
        if self.session is None or self.session.key != key:
            self.session = Session(key, PageFiles(folder))
        return self.session

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # The fragments frame pages as MkDocs reads them, before on_env: check them first.
        if self.renderer is not None:
            own = own_theme_dirs(config)
            fragments = fragment_names(own) + page_templates(config.theme.custom_dir)[1]
            _check_templates(self.renderer.env, fragments, own)
        project = Path(config.config_file_path or ".").parent
        try:
            prepared = prepare(
                Path(config.docs_dir),
                self.options.cache_path(project),
                PortraitSettings(aspect=self.options.portrait_aspect),
                theme_file(config, FONT_PATH),
                self.options.today,
                MarkdownOptions(tuple(config.markdown_extensions), config.mdx_configs or {}),
            )
        except ContentError as exc:
            raise PluginError(str(exc)) from None
        for warning in prepared.warnings:
            log.warning(warning.format())
        for note in prepared.notes:
            log.info(note)
        self.portraits = prepared.portraits
        self.specs = prepared.pages

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for file in list(files):
            source = bool(file.abs_src_path) and is_source_file(file.src_uri)
            if source or file.src_uri.endswith(".map"):  # Material ships source maps: not ours
                files.remove(file)
        generated: dict[str, File] = {}
        for spec in self.specs.values():
            existing = files.get_file_from_path(spec.src_uri)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            if self.incremental is not None:  # its file is written below, once the nav is known
                held = str(self.incremental.files.path(spec.src_uri))
                page = File.generated(config, spec.src_uri, abs_src_path=held, inclusion=inclusion)
            else:
                page = File.generated(
                    config, spec.src_uri, content=spec.markdown, inclusion=inclusion
                )
            files.append(page)
            generated[spec.src_uri] = page
            if self.staging is not None:  # a whole site has every generated page
                publish.expect(self.staging, [page.dest_uri])
        published = {uri: path for p in self.portraits.values() for uri, path in p.files.items()}
        for uri, path in published.items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        if config.nav is None:
            config.nav = site_nav(self.specs.values(), files.documentation_pages())
        if self.incremental is not None:
            self._sync_pages(self.incremental, files, generated, config)
        return files

    def _sync_pages(
        self, session: Session, files: Files, generated: dict[str, File], config: MkDocsConfig
    ) -> None:
        """Rewrite the files of the pages that changed (all of them when something every page
        shows changed, and then the editors' pages are rebuilt too); drop the pages that went."""
        if not session.files.started:  # a first build is whole, whatever the folder holds
            for file in files.documentation_pages(inclusion=_any):
                _mark_stale(file)
        site = site_digest(self._site_parts(files, config))
        synced = session.files.sync(
            self.specs, site, lambda src_uri: _mtime(generated[src_uri].abs_dest_path)
        )
        if synced.site_changed:
            for file in files.documentation_pages(inclusion=_any):
                if file.src_uri not in generated:
                    _mark_stale(file)
        for src_uri in synced.removed:  # a whole build would not have them
            gone = File.generated(config, src_uri, content="")
            Path(gone.abs_dest_path).unlink(missing_ok=True)
            session.shown.pop(src_uri, None)
        if session.shown:  # not the session's first build
            log.info(f"增量生成：{len(synced.written)} 个生成页面有变化，只重新生成有变化的页面")

    def _site_parts(self, files: Files, config: MkDocsConfig) -> Iterator[str | bytes]:
        """What every page shows besides its own content: the navigation (its entries, and the
        titles of the pages in it), the asset version, mkdocs.yml and our theme's templates."""
        yield config.site_url or ""
        yield self.asset_version
        if config.config_file_path:
            yield Path(config.config_file_path).read_bytes()
        yield from theme_templates(own_theme_dirs(config))
        yield json.dumps(config.nav, ensure_ascii=False, sort_keys=True, default=str)
        for src_uri in _nav_targets(config.nav):
            spec = self.specs.get(src_uri)
            file = files.get_file_from_path(src_uri)
            if spec is not None:
                yield f"{src_uri}\n{spec.title}"
            elif file is not None and file.is_documentation_page():
                yield f"{src_uri}\n{_title_source(file)}"

    @event_priority(-100)  # last: after other plugins have changed the nav
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Titles from the nav (campaign, board and section names) are plain text: Material
        prints them as they are."""
        _escape_nav_titles(nav.items)
        if self.incremental is not None and self.incremental.shown:
            self._skipped_pages(self.incremental, nav, files, config)
        return nav

    def _skipped_pages(
        self, session: Session, nav: Navigation, files: Files, config: MkDocsConfig
    ) -> None:
        """MkDocs does not read the pages it skips on a dirty build: give those in the nav the
        title and meta of their last build (a page not seen yet is rebuilt instead), and keep
        the search index of the pages that stay as they are."""
        for page in nav.pages:
            if page.file.is_modified():
                continue
            shown = session.shown.get(page.file.src_uri)
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

    @event_priority(-100)  # last: other plugins may add filters the templates use
    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """Our page templates and every other override in custom_dir must load: a syntax error
        or a missing include stops the build here, with file and line, before a page is written."""
        if self.incremental is not None:
            share_compiled(env, self.incremental.compiled)
        pages = page_templates(config.theme.custom_dir)[0]
        _check_templates(env, ["honours.html", "screen.html", *pages], own_theme_dirs(config))
        return env

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """A generated page's Markdown comes from its spec, never from its file in the cache."""
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and self.incremental is not None:
            page.file.content_string = spec.markdown
        return page

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            page.meta["template"] = spec.template
            page.meta["asset_version"] = self.asset_version
            page.meta["title"] = text_markup(spec.title)
            page.meta["description"] = text_markup(
                spec.description or config.site_description or spec.title
            )
            if spec.hide:
                page.meta["hide"] = list(spec.hide)
            if spec.search_exclude:
                page.meta["search"] = {"exclude": True}
            if spec.image:
                image = files.get_file_from_path(spec.image)
                page.meta["image"] = image.url if image else None
        return markdown

    @event_priority(-50)  # after other plugins have changed the body
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Every page: its HTML cleaned (gather has said what goes), its title, meta and table
        of contents made plain text. A generated page is then framed with its fragment."""
        html = clean(html)
        _plain_titles(page)
        spec = self.specs.get(page.file.src_uri)
        if spec is None or self.renderer is None:
            return html

        def url(src_uri: str) -> str:
            target = files.get_file_from_path(src_uri)
            if target is None:
                raise PluginError(f"内部错误：页面“{page.file.src_uri}”链接到不存在的“{src_uri}”")
            return get_relative_url(target.url, page.url)

        def absolute(src_uri: str) -> str:
            target = files.get_file_from_path(src_uri)
            assert target is not None and config.site_url
            return urljoin(config.site_url, target.url)

        address = urljoin(config.site_url, page.url) if config.site_url else None
        try:
            return self.renderer.render(
                spec, html, url, address, absolute if config.site_url else None
            )
        except jinja2.TemplateError as exc:
            raise PluginError(
                f"页面“{page.file.src_uri}”的模板出错，网站没有生成：\n"
                + describe(exc, f"fragments/{spec.kind}.html")
            ) from None

    @event_priority(-100)  # last: the title and meta as the navigation of other pages shows them
    def on_page_context(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        if self.incremental is not None:
            self.incremental.shown[page.file.src_uri] = (page.title, dict(page.meta))
            self.built.append(page.file)
        return context

    @event_priority(-100)  # last: the policy allows the inline scripts of the final page
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = with_policy(output, page.content)
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and spec.kind == PageKind.SCREEN:
            self.screen_versions[page.file.dest_path] = screen_version(output)
        return output

    @event_priority(-100)
    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """The theme's own pages (404.html) carry the policy too."""
        return with_policy(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.renderer is not None:  # the QR codes' cache; serve --dirty renders some pages
            self.renderer.finish(partial=self.incremental is not None)
        self.search_prev = None
        for dest_path, version in self.screen_versions.items():
            write_version(Path(config.site_dir) / dest_path, version)
        if self.staging is not None and self.site_dir is not None:
            staging, self.staging = self.staging, None
            try:
                publish.swap_in(staging)
            except publish.PublishError as exc:
                raise PluginError(str(exc)) from None
            config.site_dir = str(self.site_dir)
            log.info(f"网站已生成：{self.site_dir}")

    def on_build_error(self, *, error: Exception) -> None:
        self._discard_staging()
        if self.search_prev is not None:  # the next build merges with the last whole index
            search, previous = self.search_prev
            search.search_index_prev, self.search_prev = previous, None
        for file in self.built:  # not in that index: rebuilt next time
            _mark_stale(file)

    def on_shutdown(self) -> None:
        self._discard_staging()

    def _discard_staging(self) -> None:
        """A failed or interrupted build leaves the published site as it was."""
        if self.staging is not None:
            publish.discard(self.staging)
            self.staging = None


def _escape_nav_titles(items: list[Any]) -> None:
    for item in items:
        written = not isinstance(item, Page) or "title" in vars(item)  # pages: in the nav
        if written and item.title is not None:
            item.title = text_markup(item.title)
        if isinstance(item, Section):
            _escape_nav_titles(item.children)


def _plain_titles(page: Page) -> None:
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


def _any(inclusion: InclusionLevel) -> bool:
    return True


def _mtime(path: str) -> float | None:
    try:
        return os.path.getmtime(path)
    except OSError:
        return None


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


def project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or ".").parent


def own_theme_dirs(config: MkDocsConfig) -> list[str]:
    """The theme folders whose templates are ours to check: the centre's and the package's."""
    return [d for d in (config.theme.custom_dir, str(PACKAGE_THEME)) if d]


def _check_templates(env: jinja2.Environment, names: list[str], own: list[str]) -> None:
    try:
        check_templates(env, names, own)
    except TemplateProblem as exc:
        raise PluginError(f"主题模板有误，网站没有生成：\n{exc}") from None


def theme_file(config: MkDocsConfig, relative: str) -> Path | None:
    """A file of the theme, looked up like templates: custom_dir, then the package's theme."""
    return find_theme_file(config.theme.dirs, relative)
