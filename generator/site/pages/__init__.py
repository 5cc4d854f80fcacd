"""The pages the site is made of: one module per page kind (or a close pair).

Each makes `PageSpec`s: a path, a title, the Markdown body MkDocs renders
(a notice, a story, an introduction), the page's settings and a typed
context of public views for the fragment that frames it. URLs are a public
interface: keep them stable.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..views import Views
from .boards import board_pages
from .campaign import campaign_page
from .campaigns import campaigns_index
from .commitments import commitment_walls
from .home import home_page
from .honours import honour_rolls
from .nominees import nominees_page
from .people import people_index, person_pages
from .profile import profile_pages
from .publicity import publicity_page
from .results import results_page
from .spec import PageContext, PageKind, PageSpec
from .units import unit_pages, units_index
from .vote import vote_page

__all__ = ["PageContext", "PageKind", "PageSpec", "all_pages"]


def all_pages(views: Views) -> Iterator[PageSpec]:
    yield home_page(views)
    yield campaigns_index(views)
    for campaign_id in views.visible_campaigns():
        yield campaign_page(views, campaign_id)
        yield nominees_page(views, campaign_id)
        yield from vote_page(views, campaign_id)
        yield from publicity_page(views, campaign_id)
        yield results_page(views, campaign_id)
        yield from profile_pages(views, campaign_id)
    yield from honour_rolls(views)
    yield from board_pages(views)
    yield people_index(views)
    yield from person_pages(views)
    yield units_index(views)
    yield from unit_pages(views)
    yield from commitment_walls(views)
