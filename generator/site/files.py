"""What of `content/` may be published, and the site navigation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .pages import PageKind, PageSpec

RECORD_FOLDERS = (
    "people/",
    "campaigns/",
    "units/",
    "ratings/",
    "boards/",
    "honours/",
    "screens/",
    "evaluations/",
)
DATA_SUFFIXES = (".yml", ".yaml", ".csv", ".tsv", ".json", ".xls", ".xlsx", ".txt")


def is_source_file(src_uri: str) -> bool:
    """Source data never published: records, data files and anything outside assets/ but pages.

    Record folders are regenerated from the records; photos are published only
    as processed portraits.
    """
    lower = src_uri.lower()
    if lower.endswith(DATA_SUFFIXES) or lower.startswith(RECORD_FOLDERS) or lower == "index.md":
        return True
    return not (lower.endswith(".md") or lower.startswith("assets/"))


def site_nav(specs: Iterable[PageSpec], pages: Iterable[Any]) -> list[Any]:
    """Home, campaigns and the editors' own pages; never profiles, people or units."""
    specs = list(specs)
    generated = {spec.src_uri for spec in specs}
    campaigns = [{spec.title: spec.src_uri} for spec in specs if spec.kind == PageKind.CAMPAIGN]
    nav: list[Any] = [{"首页": "index.md"}, {"评选活动": ["campaigns/index.md", *campaigns]}]
    nav.extend(
        {spec.title: spec.src_uri}
        for spec in specs
        if spec.kind in (PageKind.HONOURS, PageKind.BOARDS)
    )
    nav.extend(sorted(f.src_uri for f in pages if f.src_uri not in generated))
    return nav
