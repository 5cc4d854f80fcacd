"""Everything a build needs before MkDocs writes a page, in one call.

Load and check the records, make the portraits, read the tallies; on any
error, stop with every message at once (nothing has been written yet). Then
record newly assigned voting codes and describe every generated page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .boards.definitions import Board, load_boards
from .boards.ratings import Month, load_ratings
from .media.placeholders import all_portraits
from .media.portraits import Portrait, PortraitCache, PortraitSettings
from .model.loader import LoadResult, load_content
from .site.pages import PageSpec, all_pages
from .site.views import Views
from .sources.problems import Problem
from .voting.codes import CodeLock, number_campaigns, write_lock
from .voting.results import campaign_results
from .voting.tally import TallyResult


class ContentError(Exception):
    """The content has errors; the message lists all of them, in Chinese."""


@dataclass
class Prepared:
    views: Views
    pages: dict[str, PageSpec]
    portraits: dict[str, Portrait]
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Gathered:
    """Records and everything derived from them, with every problem found on the way."""

    result: LoadResult
    locks: dict[str, CodeLock] = field(default_factory=dict)  # campaign id -> its codes.yml
    portraits: dict[str, Portrait] = field(default_factory=dict)
    tallies: dict[str, TallyResult] = field(default_factory=dict)
    months: dict[str, Month] = field(default_factory=dict)
    boards: dict[str, Board] = field(default_factory=dict)


def load(docs_dir: Path) -> tuple[LoadResult, dict[str, CodeLock]]:
    """The records, checked, with their voting codes (and each voting campaign's codes.yml)."""
    result = load_content(docs_dir)
    locks = number_campaigns(result.content, result.problems) if result.content else {}
    return result, locks


def gather(docs_dir: Path, cache: PortraitCache, font: Path | None) -> Gathered:
    """What `honours check` and the build both do: records, portraits, tallies, ratings, boards."""
    gathered = Gathered(*load(docs_dir))
    content, problems = gathered.result.content, gathered.result.problems
    if content is not None and not problems.errors:
        gathered.portraits = all_portraits(content, cache, problems, font)
        gathered.tallies = campaign_results(content, problems)
        gathered.months = load_ratings(content, problems)
        gathered.boards = load_boards(content, set(gathered.months), problems)
    return gathered


def prepare(
    docs_dir: Path, cache_dir: Path, settings: PortraitSettings, font: Path | None, today: date
) -> Prepared:
    gathered = gather(docs_dir, PortraitCache(cache_dir, settings), font)
    content, problems = gathered.result.content, gathered.result.problems
    if content is None or problems.errors:
        raise ContentError("内容检查未通过，网站没有生成：\n" + problems.report())
    views = Views(
        content, gathered.portraits, today, gathered.tallies, gathered.months, gathered.boards
    )
    notes = []
    for campaign_id in views.visible_campaigns():
        lock = gathered.locks.get(campaign_id)
        if lock is None:
            continue
        added = len(lock.added)
        if write_lock(lock):
            notes.append(
                f"已为 {added} 个推荐对象分配投票编号，记录在 {lock.path}（请随内容一起提交）"
            )
    pages = {spec.src_uri: spec for spec in all_pages(views)}
    return Prepared(views, pages, gathered.portraits, problems.warnings, notes)
