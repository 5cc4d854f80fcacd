"""The `honours` MkDocs plugin: an event router over the core.

on_config resets per-build state; on_pre_build loads and checks `content/`
(so a bad record stops the build before the site folder is touched);
on_files takes the source data off the file list and adds the generated
pages and portraits; on_page_* frame each generated page with its fragment.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .build import ContentError, prepare
from .media.placeholders import FONT_PATH
from .media.portraits import Portrait, PortraitSettings, parse_aspect
from .model.stages import TodayError, build_date
from .site import publish
from .site.files import is_source_file, site_nav
from .site.pages import PageSpec
from .site.render import FragmentRenderer
from .site.screens import ASSETS, asset_version, screen_version, write_version

log = logging.getLogger("mkdocs.plugins.honours")


class HonoursConfig(Config):
    today = c.Optional(c.Type((str, date)))
    cache_dir = c.Type(str, default=".cache")
    portrait_aspect = c.Type(str, default="3:4")


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
        self.staging: Path | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.reset()
        try:
            self.today = build_date(self.config.today)
        except TodayError as exc:
            raise PluginError(str(exc)) from None
        self.renderer = FragmentRenderer(config.theme.dirs)
        self.asset_version = asset_version(theme_file(config, asset) for asset in ASSETS)
        try:
            self.aspect = parse_aspect(self.config.portrait_aspect)
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        if self.command in ("build", "gh-deploy"):
            self.site_dir = Path(config.site_dir)
            self.staging = publish.prepare(self.site_dir)
            config.site_dir = str(self.staging)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        project = Path(config.config_file_path or ".").parent
        try:
            prepared = prepare(
                Path(config.docs_dir),
                project / self.config.cache_dir / "portraits",
                PortraitSettings(aspect=self.aspect),
                theme_file(config, FONT_PATH),
                self.today,
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
            if file.abs_src_path and is_source_file(file.src_uri):
                files.remove(file)
        for spec in self.specs.values():
            existing = files.get_file_from_path(spec.src_uri)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(
                File.generated(config, spec.src_uri, content=spec.markdown, inclusion=inclusion)
            )
        published = {uri: path for p in self.portraits.values() for uri, path in p.files.items()}
        for uri, path in published.items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        if config.nav is None:
            config.nav = site_nav(self.specs.values(), files.documentation_pages())
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            page.meta["template"] = "screen.html" if spec.kind == "screen" else "honours.html"
            page.meta["asset_version"] = self.asset_version
            page.meta["title"] = spec.title
            page.meta["description"] = spec.description or config.site_description or spec.title
            if spec.kind in ("profile", "person", "nominees", "unit", "people", "units"):
                page.meta["hide"] = ["toc"]
            if spec.image:
                image = files.get_file_from_path(spec.image)
                page.meta["image"] = image.url if image else None
        return markdown

    @event_priority(-50)  # after other plugins have changed the body
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
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
        return self.renderer.render(spec, html, url, address, absolute if config.site_url else None)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and spec.kind == "screen":
            self.screen_versions[page.file.dest_path] = screen_version(output)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        for dest_path, version in self.screen_versions.items():
            write_version(Path(config.site_dir) / dest_path, version)
        if self.staging is not None and self.site_dir is not None:
            publish.swap_in(self.staging, self.site_dir)
            config.site_dir = str(self.site_dir)
            self.staging = None
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


def theme_file(config: MkDocsConfig, relative: str) -> Path | None:
    """A file of the theme, looked up like templates: custom_dir first."""
    for folder in config.theme.dirs:
        candidate = Path(folder) / relative
        if candidate.is_file():
            return candidate
    return None
