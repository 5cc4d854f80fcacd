"""群众评议: satisfaction counts per person or window (the centre's 评价器 or a survey export),
read from `content/evaluations/<period>.csv`, as rates with the period they cover."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.records import Content
from ..sources.problems import Problems


@dataclass(frozen=True)
class Rate:
    """One period's 评议 of one record: the counts and the satisfaction rate."""

    period: str  # as the file names it: 2026-10, 2026-q3, 2026 …
    label: str  # in words: 2026年10月, 2026年第三季度, 2026年
    satisfied: int  # 满意
    basic: int  # 基本满意
    unsatisfied: int  # 不满意

    @property
    def total(self) -> int:
        return self.satisfied + self.basic + self.unsatisfied

    @property
    def rate(self) -> float:
        """满意率: (满意 + 基本满意) ÷ all, 0 when nobody answered."""
        return (self.satisfied + self.basic) / self.total if self.total else 0.0


def load_evaluations(content: Content, problems: Problems) -> dict[str, tuple[Rate, ...]]:
    """Every record's rates, oldest period first, by record id (stub: filled by issue 15)."""
    return {}
