"""Rendering the fragment that frames each generated page (theme/fragments/<kind>.html)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from pathlib import Path
from urllib.parse import urljoin

import jinja2

from ..media.qrcodes import QrCodes
from .fragmentcache import FRAGMENTS_FOLDER, KeptFragments
from .incremental import Digests, theme_templates
from .pages import PageSpec


class MissingPage(Exception):
    """A fragment links to a page the site does not have (the src_uri is the argument)."""


class FragmentRenderer:
    """One build's fragments. With a `cache_dir` (the project's `.cache/`), QR codes and the
    fragments' HTML are kept between builds (`qrcodes/`, `fragments/`); `finish` writes them at
    the end of the build. `site_url`: mkdocs.yml's, "" when it has none."""

    def __init__(
        self, search_paths: Sequence[str], cache_dir: Path | None = None, site_url: str = ""
    ) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(list(search_paths)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.qr_codes = QrCodes(cache_dir)
        self.env.globals["qr_svg"] = self.qr_codes.svg  # the templates' own codes, cached too
        self.site_url = site_url
        self.kept = (
            KeptFragments(cache_dir / FRAGMENTS_FOLDER, theme_templates(search_paths), site_url)
            if cache_dir is not None
            else None
        )
        self._digests = Digests()

    def render(
        self,
        spec: PageSpec,
        body_html: str,
        page_url: str,
        target: Callable[[str], str | None],
        relative: Callable[[str, str], str],
    ) -> str:
        """The page's HTML: its fragment around `body_html`. `target(src_uri)` is the site URL
        of a page (None: no such page), `relative(url, page_url)` makes it relative to the page.
        Raises MissingPage for a link to a page that is not there."""
        address = urljoin(self.site_url, page_url) if self.site_url else None
        key = None
        own = self._digests.of(spec) if self.kept is not None else None
        if self.kept is not None and own is not None:
            key = self.kept.key(own, page_url, body_html)
            kept = self.kept.get(key)
            if kept is not None and all(target(src) == at for src, at in kept.links):
                for text, title in kept.codes:  # they stay cached while the page is kept
                    self.qr_codes.keep(text, title)
                return kept.html
        links: dict[str, str] = {}
        codes: list[tuple[str, str]] = []
        self.qr_codes.asked = codes

        def site_path(src_uri: str) -> str:
            found = target(src_uri)
            if found is None:
                raise MissingPage(src_uri)
            links[src_uri] = found
            return found

        def url(src_uri: str) -> str:
            return relative(site_path(src_uri), page_url)

        def absolute(src_uri: str) -> str:
            return urljoin(self.site_url, site_path(src_uri))

        template = self.env.get_template(f"fragments/{spec.kind}.html")
        qr = self.qr_codes.svg(address) if spec.qr and address else None
        # Field by field, not dataclasses.asdict: the views inside stay views.
        context = {f.name: getattr(spec.context, f.name) for f in fields(spec.context)}
        try:
            html = template.render(
                context,
                body=body_html,
                url=url,
                page_title=spec.title,
                qr=qr,
                address=address,
                absolute=absolute if self.site_url else None,
            )
        finally:
            self.qr_codes.asked = None
        if self.kept is not None and key is not None:
            self.kept.put(key, html, tuple(links.items()), tuple(dict.fromkeys(codes)))
        return html

    def prefetch(self, addresses: list[str]) -> None:
        """The addresses of the pages that will show their own QR code: on a cold build, they
        are made in a second process while pages render (see QrCodes.prefetch)."""
        self.qr_codes.prefetch(addresses)

    def close(self) -> None:
        """A failed or interrupted build: stop the second process, if any."""
        self.qr_codes.close()
        if self.kept is not None:
            self.kept.close()

    def finish(self, partial: bool = False) -> None:
        """At the end of a build: save the QR codes and the fragments (what this build made,
        less what recent builds did not use). `partial`: this build rendered only the pages that
        changed (`mkdocs serve --dirty`), so those of the others are kept. A build that fails
        before this loses only some of its new codes and fragments."""
        self.qr_codes.save(keep_unused=partial)
        if self.kept is not None:
            self.kept.save(partial)
