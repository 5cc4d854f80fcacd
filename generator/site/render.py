"""Rendering the fragment that frames each generated page (theme/fragments/<kind>.html)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields

import jinja2

from ..media.qrcodes import qr_svg
from .pages import PageSpec


class FragmentRenderer:
    def __init__(self, search_paths: Sequence[str]) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(list(search_paths)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals["qr_svg"] = qr_svg

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
        qr = qr_svg(address) if spec.qr and address else None
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
