"""Dates and periods in Chinese, as official notices write them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol


class Period(Protocol):
    """A span of time as records give it (`model.records.Period` is one)."""

    @property
    def start(self) -> datetime: ...
    @property
    def end(self) -> datetime: ...
    @property
    def has_time(self) -> bool: ...


def cn_date(day: date) -> str:
    """`2026年6月30日`."""
    return f"{day.year}年{day.month}月{day.day}日"


def window_state(period: Period, today: date) -> str:
    """before | open | closed, for the build date."""
    if today < period.start.date():
        return "before"
    return "open" if today <= period.end.date() else "closed"


def moment_text(moment: datetime, with_time: bool) -> str:
    """`2026年11月20日 09:00`, or the date alone."""
    return f"{cn_date(moment.date())} {moment:%H:%M}" if with_time else cn_date(moment.date())


def period_text(period: Period) -> str:
    """`2026年11月20日 09:00 至 2026年11月30日 18:00（北京时间）`."""
    offset = period.start.utcoffset()
    zone = "北京时间" if offset == timedelta(hours=8) else f"UTC{period.start:%z}"
    start = moment_text(period.start, period.has_time)
    end = moment_text(period.end, period.has_time)
    return f"{start} 至 {end}（{zone}）" if start != end else f"{start}（{zone}）"
