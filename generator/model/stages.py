"""Where a campaign stands on a given day."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date

from .records import Campaign

STAGES = {
    "upcoming": "即将开始",
    "nominating": "推荐报送中",
    "reviewing": "审查中",
    "voting": "投票中",
    "publicity": "公示中",
    "announced": "已公布",
}
_BY_PERIOD = {
    "nomination": "nominating",
    "review": "reviewing",
    "voting": "voting",
    "publicity": "publicity",
    "commendation": "announced",
}
_AFTER_PERIOD = {
    "nomination": "reviewing",
    "review": "reviewing",
    "voting": "reviewing",
    "publicity": "announced",
    "commendation": "announced",
}


@dataclass(frozen=True)
class Stage:
    key: str
    current_period: str | None  # the timeline period running today, if any

    @property
    def label(self) -> str:
        return STAGES[self.key]


def stage_of(campaign: Campaign, today: date) -> Stage:
    """The last period that has started decides; between periods, what follows the last one."""
    started = [p for p in campaign.timeline if p.start.date() <= today]
    if not started:
        return Stage("upcoming", None)
    last = started[-1]
    if today <= last.end.date():
        return Stage(_BY_PERIOD[last.name], last.name)
    return Stage(_AFTER_PERIOD[last.name], None)


class TodayError(ValueError):
    pass


def build_date(option: object = None, environ: dict[str, str] | None = None) -> date:
    """`HONOURS_TODAY`, else the configured date, else today."""
    env = os.environ if environ is None else environ
    value = env.get("HONOURS_TODAY") or option
    if value is None or value == "":
        return date.today()
    if isinstance(value, date):
        return value
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        raise TodayError(f"构建日期“{value}”无效：应写作 YYYY-MM-DD（如 2024-06-25）")
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise TodayError(f"构建日期“{value}”无效：应写作 YYYY-MM-DD（如 2024-06-25）") from None
