"""The tally's records: channels and reasons, candidates, rules, audits and results.

What the vote files give (`votefiles.py`), what the tally makes of them and what
`results.yml` holds (`tally.py`) are made of these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ..model.records import CHANNEL_KINDS, Campaign, Nomination

CHANNELS = tuple(CHANNEL_KINDS)  # online, sms, hotline
TIMED_CHANNELS = ("sms", "hotline")
REASONS = (
    "outside_window",
    "duplicate",
    "over_limit",
    "several_codes",
    "unknown_code",
    "unreadable",
)


@dataclass(frozen=True, order=True)
class Candidate:
    """A published nomination with a voting code (候选人)."""

    code: int
    nominee: str
    category: str


def candidates_of(nominations: Iterable[Nomination]) -> list[Candidate]:
    """The candidates of a campaign: published nominations that have a code, by code."""
    return sorted(
        Candidate(n.code, n.nominee, n.category)
        for n in nominations
        if n.published and n.code is not None
    )


@dataclass
class Audit:
    """What was read and what counted.

    `rows` counts data rows (not the header, not blank lines); every row is
    either `valid` or rejected for one reason, so valid + sum(rejected) == rows.
    `votes` and `rejected_votes` count votes: the same as rows for SMS and
    hotline, the `票数` of the rows for the online export.
    """

    rows: int = 0
    valid: int = 0
    rejected: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REASONS, 0))
    votes: int = 0
    rejected_votes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REASONS, 0))

    @property
    def invalid(self) -> int:
        return sum(self.rejected.values())

    @property
    def invalid_votes(self) -> int:
        return sum(self.rejected_votes.values())

    def add(self, outcome: str, rows: int = 1, votes: int = 1) -> None:
        """Record `rows` rows carrying `votes` votes with this outcome ('valid' or a reason)."""
        self.rows += rows
        if outcome == "valid":
            self.valid += rows
            self.votes += votes
        else:
            self.rejected[outcome] += rows
            self.rejected_votes[outcome] += votes

    def merge(self, other: Audit) -> None:
        self.rows += other.rows
        self.valid += other.valid
        self.votes += other.votes
        for reason in REASONS:
            self.rejected[reason] += other.rejected[reason]
            self.rejected_votes[reason] += other.rejected_votes[reason]


@dataclass
class FileAudit(Audit):
    """The audit of one vote file; `counted` is False when the file was not counted at all."""

    channel: str = "sms"
    counted: bool = True


@dataclass(frozen=True)
class Rules:
    """The campaign settings a tally depends on (recorded so that stale results can be told)."""

    start: datetime | None
    end: datetime | None
    per_phone_per_day: int | None
    per_phone: int | None
    several_codes: str
    weights: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, campaign: Campaign) -> Rules:
        period = campaign.period("voting")
        voting = campaign.voting
        return cls(
            start=period.start if period else None,
            end=period.end if period else None,
            per_phone_per_day=voting.per_phone_per_day,
            per_phone=voting.per_phone,
            several_codes=voting.several_codes,
            weights=tuple((channel, voting.weight(channel)) for channel in CHANNELS),
        )

    def weight(self, channel: str) -> int:
        return dict(self.weights).get(channel, 1)


@dataclass(frozen=True)
class Ranked:
    """A candidate's place in its category: same total, same rank (`tie` is True)."""

    code: int
    total: int
    rank: int
    tie: bool


@dataclass(frozen=True)
class Proposed:
    """A candidate on the proposed list; `boundary_tie` when tied across the quota's edge."""

    code: int
    total: int
    rank: int
    boundary_tie: bool


@dataclass
class TallyResult:
    campaign: str
    rules: Rules
    candidates: tuple[Candidate, ...]  # by code
    counts: dict[int, dict[str, int]]  # code -> channel -> valid votes (not weighted)
    ranks: dict[str, list[Ranked]]  # category id -> candidates by total, then code
    channels: dict[str, Audit]  # channel -> audit
    files: dict[str, FileAudit]  # vote file name -> audit
    inputs: dict[str, str]  # vote file name -> sha256 of its bytes
    unknown_codes: dict[int, int]  # most-voted codes that are no candidate's -> rejected votes
    last_vote: datetime | None  # the latest valid SMS or hotline vote (Beijing time)

    def total(self, code: int) -> int:
        """The weighted total of a candidate: votes of each channel times its weight."""
        votes = self.counts.get(code, {})
        return sum(votes.get(channel, 0) * self.rules.weight(channel) for channel in CHANNELS)

    def audit(self) -> Audit:
        """All channels together (rows of the online export count once each)."""
        whole = Audit()
        for audit in self.channels.values():
            whole.merge(audit)
        return whole
