"""/campaigns/<id>/publicity/: the 公示 of those proposed, for campaigns with a publicity period.

The table is the standard 公示's (`publicitytable.py`, which the printed notice uses too); the
落款 is the issuer and the period's first day; once the period has ended, a 公示期满 line heads
the page, in the campaign's words (`publicity: {closing: …}`) or the standard ones."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...sources.datetext import cn_date, period_text, window_state
from ..views import CampaignView, ContactView, Views
from .common import Group, by_category
from .publicitytable import PublicityTable, Stories, publicity_table
from .spec import PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class PublicityContext(PageContext):
    campaign: CampaignView
    period: str  # the publicity period, in words
    state: str  # before | open | closed
    tables: list[PublicityTable]  # proposed and awarded per category; none before the period
    supervision: ContactView | None  # the organisation's 监督 contact, with its tel: link
    closing: str | None  # the 公示期满 line, once the period has ended (text: escaped)
    signed: str | None  # the 落款's date (the period's first day, in words); None before it

    @property
    def groups(self) -> list[Group]:
        """The nominations of each table, per category (as other pages group them)."""
        return [(table.category, table.nominations) for table in self.tables]


def standard_closing(end: str) -> str:
    """The 公示期满 line a campaign that words none gets: 公示期已于2026年11月27日期满。"""
    return f"公示期已于{end}期满。"


def publicity_page(views: Views, campaign_id: str) -> Iterator[PageSpec]:
    campaign = views.content.campaigns[campaign_id]
    period = campaign.period("publicity")
    if period is None:
        return
    state = window_state(period, views.today)
    groups = (
        by_category(views, campaign_id, lambda n: n.result in ("proposed", "awarded"))
        if state != "before"
        else []
    )
    stories = Stories(views)
    tables = [publicity_table(name, group, stories.text) for name, group in groups]
    closing = None
    if state == "closed":
        closing = campaign.publicity.closing or standard_closing(cn_date(period.end.date()))
    context = PublicityContext(
        views.campaign(campaign),
        period_text(period),
        state,
        tables,
        views.supervision(),
        closing,
        cn_date(period.start.date()) if state != "before" else None,
    )
    yield PageSpec(
        f"campaigns/{campaign_id}/publicity.md",
        PageKind.PUBLICITY,
        f"{campaign.name} 公示",
        context,
        description=f"{campaign.name}拟表彰名单公示",
        qr=True,
    )
