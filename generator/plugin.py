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
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
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


class HonoursPlugin(BasePlugin[HonoursConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.reset()

    def reset(self) -> None:
        self.specs: dict[str, PageSpec] = {}
        self.portraits: dict[str, Portrait] = {}
        self.renderer: FragmentRenderer | None = None
        self.screen_versions: dict[str, str] = {}  # screen page dest path -> hash of its HTML
        self.site_dir: Path | None = None
        self.staging: publish.Staging | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.reset()
        written = {key: self.config[key] for key in ("today", "cache_dir", "portrait_aspect")}
        try:
            self.options = plugin_options(written, config.config_file_path)
        except SettingsError as exc:
            raise PluginError(str(exc)) from None
        config.theme.dirs = with_package_theme(config.theme.dirs, config.theme.custom_dir)
        self.renderer = FragmentRenderer(config.theme.dirs)
        self.asset_version = asset_version(theme_file(config, asset) for asset in ASSETS)
        if self.command in ("build", "gh-deploy"):
            self.site_dir = Path(config.site_dir)
            project = Path(config.config_file_path or ".").parent
            try:
                self.staging = publish.prepare(
                    self.site_dir, project / self.options.cache_dir, log.info
                )
            except publish.PublishError as exc:
                raise PluginError(str(exc)) from None
            config.site_dir = str(self.staging.folder)
        return config

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
                self.options.portraits_dir(project),
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
        for spec in self.specs.values():
            existing = files.get_file_from_path(spec.src_uri)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            page = File.generated(config, spec.src_uri, content=spec.markdown, inclusion=inclusion)
            files.append(page)
            if self.staging is not None:  # a whole site has every generated page
                publish.expect(self.staging, [page.dest_uri])
        published = {uri: path for p in self.portraits.values() for uri, path in p.files.items()}
        for uri, path in published.items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        if config.nav is None:
            config.nav = site_nav(self.specs.values(), files.documentation_pages())
        return files

    @event_priority(-100)  # last: after other plugins have changed the nav
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Titles from the nav (campaign, board and section names) are plain text: Material
        prints them as they are."""
        _escape_nav_titles(nav.items)
        return nav

    @event_priority(-100)  # last: other plugins may add filters the templates use
    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """Our page templates and every other override in custom_dir must load: a syntax error
        or a missing include stops the build here, with file and line, before a page is written."""
        pages = page_templates(config.theme.custom_dir)[0]
        _check_templates(env, ["honours.html", "screen.html", *pages], own_theme_dirs(config))
        return env

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
