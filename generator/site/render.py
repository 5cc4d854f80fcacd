"""Rendering the fragment that frames each generated page (theme/fragments/<kind>.html)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from pathlib import Path

import jinja2

from ..media.qrcodes import QrCodes
from .pages import PageSpec


class FragmentRenderer:
    """One build's fragments. With a `cache_dir` (the project's `.cache/`), QR codes are kept
    between builds in its `qrcodes/` folder; `finish` writes them at the end of the build."""

    def __init__(self, search_paths: Sequence[str], cache_dir: Path | None = None) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(list(search_paths)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.qr_codes = QrCodes(cache_dir)
        self.env.globals["qr_svg"] = self.qr_codes.svg  # the templates' own codes, cached too

    def render(
        self,
        spec: PageSpec,
        body_html: str,
        url: Callable[[str], str],
        address: str | None = None,
        absolute: Callable[[str], str] | None = None,
    ) -> str:
        """`url` makes a site path relative to the page; `address` is the page's absolute URL and
        `absolute` makes any site path absolute, where `site_url` is known."""
        template = self.env.get_template(f"fragments/{spec.kind}.html")
        qr = self.qr_codes.svg(address) if spec.qr and address else None
        # Field by field, not dataclasses.asdict: the views inside stay views.
        context = {f.name: getattr(spec.context, f.name) for f in fields(spec.context)}
        return template.render(
            context,
            body=body_html,
            url=url,
            page_title=spec.title,
            qr=qr,
            address=address,
            absolute=absolute,
        )

    def prefetch(self, addresses: list[str]) -> None:
        """The addresses of the pages that will show their own QR code: on a cold build, they
        are made in a second process while pages render (see QrCodes.prefetch)."""
        self.qr_codes.prefetch(addresses)

    def close(self) -> None:
        """A failed or interrupted build: stop the second process, if any."""
        self.qr_codes.close()

    def finish(self, partial: bool = False) -> None:
        """At the end of a build: save the QR cache (what this build made, less what recent
        builds did not use). `partial`: this build rendered only the pages that changed
        (`mkdocs serve --dirty`), so the codes of the others are kept. A build that fails before
        this loses only its new codes."""
        self.qr_codes.save(keep_unused=partial)
