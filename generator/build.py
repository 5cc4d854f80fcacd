"""Everything a build needs before MkDocs writes a page, in one call.

Load and check the records, make the portraits, read the tallies; on any
error, stop with every message at once (nothing has been written yet). Then
record newly assigned voting codes and describe every generated page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .boards import Board, load_boards
from .codes import write_lock
from .loader import load_content
from .pages import PageSpec, all_pages
from .placeholders import all_portraits
from .portraits import Portrait, PortraitCache, PortraitSettings
from .problems import Problem
from .ratings import Month, load_ratings
from .tally import TallyResult
from .views import Views
from .votes import campaign_results


class ContentError(Exception):
    """The content has errors; the message lists all of them, in Chinese."""


@dataclass
class Prepared:
    views: Views
    pages: dict[str, PageSpec]
    portraits: dict[str, Portrait]
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def prepare(
    docs_dir: Path, cache_dir: Path, settings: PortraitSettings, font: Path | None, today: date
) -> Prepared:
    result = load_content(docs_dir)
    problems = result.problems
    content = result.content
    portraits: dict[str, Portrait] = {}
    tallies: dict[str, TallyResult] = {}
    months: dict[str, Month] = {}
    boards: dict[str, Board] = {}
    if content is not None and not problems.errors:
        portraits = all_portraits(content, PortraitCache(cache_dir, settings), problems, font)
        tallies = campaign_results(content, problems)
        months = load_ratings(content, problems)
        boards = load_boards(content, set(months), problems)
    if content is None or problems.errors:
        raise ContentError("内容检查未通过，网站没有生成：\n" + problems.report())
    views = Views(content, portraits, today, tallies, months, boards)
    notes = []
    for campaign_id in views.visible_campaigns():
        lock = content.code_locks[campaign_id]
        added = len(lock.added)
        if write_lock(lock):
            notes.append(
                f"已为 {added} 个推荐对象分配投票编号，记录在 {lock.path}（请随内容一起提交）"
            )
    pages = {spec.src_uri: spec for spec in all_pages(views)}
    return Prepared(views, pages, portraits, problems.warnings, notes)
