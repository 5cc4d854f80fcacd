"""Where a campaign stands on a given day."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date

from ..sources.fields import LabelledEnum, labels
from .records import Campaign, PeriodName


class StageKey(LabelledEnum):
    """Where a campaign stands."""

    UPCOMING = "upcoming", "即将开始"
    NOMINATING = "nominating", "推荐报送中"
    REVIEWING = "reviewing", "审查中"
    VOTING = "voting", "投票中"
    PUBLICITY = "publicity", "公示中"
    ANNOUNCED = "announced", "已公布"


STAGES = labels(StageKey)  # key → label
_BY_PERIOD = {
    PeriodName.NOMINATION: StageKey.NOMINATING,
    PeriodName.REVIEW: StageKey.REVIEWING,
    PeriodName.VOTING: StageKey.VOTING,
    PeriodName.PUBLICITY: StageKey.PUBLICITY,
    PeriodName.COMMENDATION: StageKey.ANNOUNCED,
}
_AFTER_PERIOD = {
    PeriodName.NOMINATION: StageKey.REVIEWING,
    PeriodName.REVIEW: StageKey.REVIEWING,
    PeriodName.VOTING: StageKey.REVIEWING,
    PeriodName.PUBLICITY: StageKey.ANNOUNCED,
    PeriodName.COMMENDATION: StageKey.ANNOUNCED,
}


@dataclass(frozen=True)
class Stage:
    key: StageKey
    current_period: PeriodName | None  # the timeline period running today, if any
    own_label: str | None = None  # the running period's own word: 群众评议 → 群众评议中

    @property
    def label(self) -> str:
        return f"{self.own_label}中" if self.own_label else self.key.label


def stage_of(campaign: Campaign, today: date) -> Stage:
    """The last period that has started decides; between periods, what follows the last one."""
    started = [p for p in campaign.timeline if p.start.date() <= today]
    if not started:
        return Stage(StageKey.UPCOMING, None)
    last = started[-1]
    name = PeriodName(last.name)
    if today <= last.end.date():
        return Stage(_BY_PERIOD[name], name, last.own_label)
    return Stage(_AFTER_PERIOD[name], None)


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
