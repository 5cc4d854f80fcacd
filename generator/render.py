"""Rendering the fragment that frames each generated page (theme/fragments/)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import jinja2

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

    def render(self, spec: PageSpec, body_html: str, url: Callable[[str], str]) -> str:
        template = self.env.get_template(f"fragments/{spec.kind}.html")
        return template.render(spec.context, body=body_html, url=url, page_title=spec.title)
