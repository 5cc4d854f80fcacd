"""The `honours` MkDocs plugin: an event router over the core.

on_config resets per-build state, checks the options (with the same code as
`honours check`) and puts the package's theme right after the centre's
custom_dir; on_pre_build checks the fragments, then loads and checks
`content/` (so a bad record or template stops the build before the site folder
is touched); on_files takes the source data off the file list and adds the
generated pages, the portraits and the campaigns' 附件 (and drops source maps and the form
templates); on_nav and the page events make every title plain, escaped text;
on_page_content cleans every page's HTML (what gather warned about) and frames each
generated page with its fragment; on_post_page and on_post_template put the
Content-Security-Policy first in each page's head.

Under `mkdocs serve --dirty` the plugin keeps a session across rebuilds (`dirty.py`), so that
MkDocs builds again only the pages that changed. `titles.py` makes titles plain text.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
from mkdocs.config.base import BaseConfigOption, Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..build import ContentError, prepare
from ..media.placeholders import FONT_PATH
from ..media.portraits import Portrait, PortraitSettings
from ..office import TEMPLATE_FOLDER
from ..printing.typeset import TEMPLATE_FOLDER as PRINT_FOLDER
from ..project.settings import PACKAGE_THEME, SettingsError, plugin_options, with_package_theme
from ..project.settings import theme_file as find_theme_file
from ..project.templates import (
    TemplateProblem,
    check_templates,
    describe,
    fragment_names,
    page_templates,
)
from ..site import publish
from ..site.csp import with_policy
from ..site.files import is_source_file, site_nav
from ..site.incremental import keep_compiled, share_compiled
from ..site.pages import PageKind, PageSpec
from ..site.render import FragmentRenderer, MissingPage
from ..site.screens import ASSETS, asset_version, screen_version, write_version
from ..sources.richtext import MarkdownOptions, clean, text_markup
from .dirty import Session, site_parts
from .keys import ORGANISATION_KEY, PUBLIC_STYLESHEETS
from .search import SearchIndex, search_enabled
from .titles import escape_nav_titles, plain_titles

log = logging.getLogger("mkdocs.plugins.honours")


class Written(BaseConfigOption[object]):
    """An option as written in mkdocs.yml: `plugin_options` checks it, for the build and for
    `honours check` alike, and says what is wrong in Chinese."""


class HonoursConfig(Config):
    today = Written()
    cache_dir = Written()
    portrait_aspect = Written()


class HonoursPlugin(BasePlugin[HonoursConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.session: Session | None = None
        self.search = SearchIndex()  # lives across the builds of `serve --dirty`
        self.reset()

    def reset(self) -> None:
        self.specs: dict[str, PageSpec] = {}
        self.portraits: dict[str, Portrait] = {}
        self.attachments: dict[str, Path] = {}  # src_uri -> the made file (a campaign's 附件)
        self.renderer: FragmentRenderer | None = None
        self.screen_versions: dict[str, str] = {}  # screen page dest path -> hash of its HTML
        self.site_dir: Path | None = None
        self.staging: publish.Staging | None = None
        self.incremental: Session | None = None  # this build goes by the serve session
        self.page_urls: set[str] = set()  # every page's URL as Page.url has it, for the index

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
        # The package's stylesheets on every page (the centre's own pages and 404 too), before
        # the centre's own extra_css so that those can override them.
        config.extra_css[:0] = [s for s in PUBLIC_STYLESHEETS if s not in config.extra_css]
        self.cache_dir = self.options.cache_path(project_dir(config))
        self.renderer = FragmentRenderer(config.theme.dirs, self.cache_dir, config.site_url or "")
        self.asset_version = asset_version(theme_file(config, asset) for asset in ASSETS)
        if self.command in ("build", "gh-deploy"):
            self.site_dir = Path(config.site_dir)
            try:
                self.staging = publish.prepare(self.site_dir, self.cache_dir, log.info)
            except publish.PublishError as exc:
                raise PluginError(str(exc)) from None
            config.site_dir = str(self.staging.folder)
        elif self.command == "serve" and self.dirty:
            self.incremental = self.session = Session.for_build(
                self.session, config, self.cache_dir
            )
            if self.incremental is not None:
                share_compiled(self.renderer.env, self.incremental.compiled)
        keep_compiled(self.renderer.env, self.cache_dir)
        if search_enabled(config):
            self.search.start(
                config, incremental=self.incremental is not None, cache_dir=self.cache_dir
            )
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # The fragments frame pages as MkDocs reads them, before on_env: check them first.
        if self.renderer is not None:
            own = own_theme_dirs(config)
            fragments = fragment_names(own) + page_templates(config.theme.custom_dir)[1]
            _check_templates(self.renderer.env, fragments, own)
        try:
            prepared = prepare(
                Path(config.docs_dir),
                self.cache_dir,
                PortraitSettings(aspect=self.options.portrait_aspect),
                theme_file(config, FONT_PATH),
                self.options.today,
                MarkdownOptions(tuple(config.markdown_extensions), config.mdx_configs or {}),
                lambda relative: theme_file(config, relative),  # a centre's own form templates
            )
        except ContentError as exc:
            raise PluginError(str(exc)) from None
        for warning in prepared.warnings:
            log.warning(warning.format())
        for note in prepared.notes:
            log.info(note)
        self.portraits = prepared.portraits
        self.attachments = {
            uri: path for files in prepared.attachments.values() for uri, path in files
        }
        self.specs = prepared.pages
        # Every page's header and footer (Material's own pages too) show the centre: its public
        # record, as `config.extra.honours_organisation` (MkDocs' templates do not autoescape:
        # the partials escape each value).
        config.extra[ORGANISATION_KEY] = prepared.views.content.organisation

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        docs_dir = Path(config.docs_dir).resolve()
        for file in list(files):
            source = bool(file.abs_src_path) and is_source_file(file.src_uri)
            # Material ships source maps: not ours; the form templates are the 附件's sources
            if source or file.src_uri.endswith(".map") or _form_template(file, docs_dir):
                files.remove(file)
        generated: dict[str, File] = {}
        for spec in self.specs.values():
            existing = files.get_file_from_path(spec.src_uri)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            if self.incremental is not None:  # its file is written below, once the nav is known
                page = self.incremental.source(spec, config, inclusion)
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
        attached = []
        for uri, path in self.attachments.items():  # ours win over a file of the same name
            existing = files.get_file_from_path(uri)
            if existing is not None:
                files.remove(existing)
            attached.append(File.generated(config, uri, abs_src_path=str(path)))
            files.append(attached[-1])
        if self.staging is not None:
            publish.expect(self.staging, [f.dest_uri for f in attached])
        if self.incremental is not None:
            self.incremental.fixed_files(attached)
        if self.renderer is not None and config.site_url and self.staging is not None:
            self.renderer.prefetch(  # a whole build (not serve): the page codes, in a 2nd process
                [
                    urljoin(config.site_url, generated[s.src_uri].url)
                    for s in self.specs.values()
                    if s.qr
                ]
            )
        self.page_urls = {
            "" if f.url in (".", "./") else f.url for f in files.documentation_pages()
        }
        if config.nav is None:
            config.nav = site_nav(self.specs.values(), files.documentation_pages())
        if self.incremental is not None:
            parts = site_parts(
                self.specs, files, config, self.asset_version, own_theme_dirs(config)
            )
            self.incremental.sync(self.specs, files, generated, config, parts)
        return files

    @event_priority(-100)  # last: after other plugins have changed the nav
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Titles from the nav (campaign, board and section names) are plain text: Material
        prints them as they are."""
        escape_nav_titles(nav.items)
        if self.incremental is not None:
            self.incremental.skipped_pages(nav, files, config)
        return nav

    @event_priority(-100)  # last: other plugins may add filters the templates use
    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """Our page templates and every other override in custom_dir must load: a syntax error
        or a missing include stops the build here, with file and line, before a page is written."""
        if self.incremental is not None:
            share_compiled(env, self.incremental.compiled)
        keep_compiled(env, self.cache_dir)
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
            if spec.image:
                image = files.get_file_from_path(spec.image)
                page.meta["image"] = image.url if image else None
        self.search.page_meta(page, spec)  # ours decides what is indexed, Material's nothing
        return markdown

    @event_priority(-50)  # after other plugins have changed the body
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Every page: its HTML cleaned (gather has said what goes), its title, meta and table
        of contents made plain text. A generated page is then framed with its fragment."""
        html = clean(html)
        plain_titles(page)
        spec = self.specs.get(page.file.src_uri)
        if spec is None or self.renderer is None:
            self.search.page_built(page, html, None)
            return html

        def target(src_uri: str) -> str | None:
            found = files.get_file_from_path(src_uri)
            return None if found is None else found.url

        try:
            framed = self.renderer.render(spec, html, page.url, target, get_relative_url)
        except MissingPage as exc:
            raise PluginError(
                f"内部错误：页面“{page.file.src_uri}”链接到不存在的“{exc.args[0]}”"
            ) from None
        except jinja2.TemplateError as exc:
            raise PluginError(
                f"页面“{page.file.src_uri}”的模板出错，网站没有生成：\n"
                + describe(exc, f"fragments/{spec.kind}.html")
            ) from None
        self.search.page_built(page, framed, spec)
        return framed

    @event_priority(-100)  # last: the title and meta as the navigation of other pages shows them
    def on_page_context(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        if self.incremental is not None:
            self.incremental.built_page(page)
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

    @event_priority(-100)  # last: Material's search and other plugins write into the staging folder
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if search_enabled(config):  # over the empty index Material's plugin wrote
            self.search.write(config.site_dir, self.page_urls)
        if self.renderer is not None:  # the QR codes' cache; serve --dirty renders some pages
            self.renderer.finish(partial=self.incremental is not None)
        if self.incremental is not None:
            self.incremental.finished()
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
        if self.renderer is not None:
            self.renderer.close()
        if self.incremental is not None:
            self.incremental.failed()

    def on_shutdown(self) -> None:
        self._discard_staging()
        if self.renderer is not None:
            self.renderer.close()

    def _discard_staging(self) -> None:
        """A failed or interrupted build leaves the published site as it was."""
        if self.staging is not None:
            publish.discard(self.staging)
            self.staging = None


def project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or ".").parent


def own_theme_dirs(config: MkDocsConfig) -> list[str]:
    """The theme folders whose templates are ours to check: the centre's and the package's."""
    return [d for d in (config.theme.custom_dir, str(PACKAGE_THEME)) if d]


def _form_template(file: File, docs_dir: Path) -> bool:
    """A form template (theme/office/*.docx) or a print template or font (theme/print/),
    which MkDocs would publish as theme files: the 附件 are made from the first, `honours
    print` uses the others; the site publishes none of them."""
    folders = (f"{TEMPLATE_FOLDER}/", f"{PRINT_FOLDER}/")
    if not file.src_uri.startswith(folders) or not file.abs_src_path:
        return False
    return not Path(file.abs_src_path).resolve().is_relative_to(docs_dir)


def _check_templates(env: jinja2.Environment, names: list[str], own: list[str]) -> None:
    try:
        check_templates(env, names, own)
    except TemplateProblem as exc:
        raise PluginError(f"主题模板有误，网站没有生成：\n{exc}") from None


def theme_file(config: MkDocsConfig, relative: str) -> Path | None:
    """A file of the theme, looked up like templates: custom_dir, then the package's theme."""
    return find_theme_file(config.theme.dirs, relative)
