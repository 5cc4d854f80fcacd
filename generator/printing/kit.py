"""`honours print <campaign|board>`: every output that fits where the campaign stands, or the
one asked for.

Without `--only`, an output the campaign's stage does not allow (a 公示 before its period, a
voting poster after the vote) is skipped with the reason; with `--only`, that reason is the
error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from .job import PrintJob


class Kind(StrEnum):
    PUBLICITY = "publicity"  # 公示 (A4 PDF)
    RESULTS = "results"  # 表彰名单 (A4 PDF)
    CERTIFICATES = "certificates"  # 荣誉证书 (a page each)
    POSTERS = "posters"  # voting posters (PNG per candidate, A3 PDF for the hall)
    WECHAT = "wechat"  # 公众号 article and SMS text
    BOARD = "board"  # 星级党员 board poster (A3 PDF per month)


LABELS = {
    Kind.PUBLICITY: "公示",
    Kind.RESULTS: "表彰名单",
    Kind.CERTIFICATES: "荣誉证书",
    Kind.POSTERS: "投票海报",
    Kind.WECHAT: "微信公众号文章和短信",
    Kind.BOARD: "星级党员海报",
}
CAMPAIGN_KINDS = (Kind.PUBLICITY, Kind.RESULTS, Kind.CERTIFICATES, Kind.POSTERS, Kind.WECHAT)


class KitError(Exception):
    """Nothing can be printed for what was asked; the message is Chinese."""


@dataclass
class Printed:
    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # 未生成公示：公示期尚未开始 …


def print_kit(job: PrintJob, target: str, only: Kind | None = None, sheet: bool = False) -> Printed:
    """The outputs of a campaign or a board into `job.out`."""
    views = job.views
    if target in views.content.campaigns:
        kinds = [only] if only else list(CAMPAIGN_KINDS)
        if Kind.BOARD in kinds:
            raise KitError(f"“{target}”是评选活动，星级党员海报请用看板编号生成")
        makers = _campaign_makers(job, target, sheet)
    elif target in views.boards:
        if only not in (None, Kind.BOARD):
            raise KitError(f"“{target}”是看板，只能生成星级党员海报（--only board）")
        kinds = [Kind.BOARD]
        makers = {Kind.BOARD: lambda: _board(job, target)}
    else:
        campaigns = "、".join(views.content.campaigns) or "无"
        boards = "、".join(views.boards) or "无"
        raise KitError(
            f"没有编号为“{target}”的评选活动或看板。评选活动：{campaigns}；看板：{boards}"
        )
    printed = Printed()
    for kind in kinds:
        try:
            printed.files.extend(makers[kind]())
        except ValueError as reason:
            if only is not None:
                raise KitError(f"无法生成{LABELS[kind]}：{reason}") from None
            printed.skipped.append(f"未生成{LABELS[kind]}：{reason}")
    return printed


def _campaign_makers(
    job: PrintJob, campaign_id: str, sheet: bool
) -> dict[Kind, Callable[[], list[Path]]]:
    from .certificates import certificates
    from .notices import publicity, results
    from .posters import voting_posters
    from .wechat import wechat_article

    return {
        Kind.PUBLICITY: lambda: publicity(job, campaign_id),
        Kind.RESULTS: lambda: results(job, campaign_id),
        Kind.CERTIFICATES: lambda: certificates(job, campaign_id, sheet=sheet),
        Kind.POSTERS: lambda: voting_posters(job, campaign_id),
        Kind.WECHAT: lambda: wechat_article(job, campaign_id),
    }


def _board(job: PrintJob, board_id: str) -> list[Path]:
    from .boardposter import board_posters

    return board_posters(job, board_id)
