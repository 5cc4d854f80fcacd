"""Vote tally (计票): read the vote exports of a campaign, apply its rules, rank the candidates.

A campaign's votes live in `content/campaigns/<id>/votes/`:

* `online*.csv`  — the platform's aggregated export: one row per candidate, code and votes;
* `sms*.csv`     — the raw SMS log: time, phone, message;
* `hotline*.csv` — the hotline log: time, phone, code.

Every SMS or hotline row either counts or is rejected for one reason, checked
in this order: `unreadable` (no time, phone or code can be read), `duplicate`
(same channel, time, phone and content as an earlier row), `outside_window`,
`several_codes`, `unknown_code`, `over_limit` (per-phone limits, SMS and
hotline together). Limits are applied to each phone's votes sorted by
(time, channel, code), so which votes count never depends on file or row order.

A file that is malformed as a file (no text, a missing column, a row with the
wrong number of fields, a votes value that is not a whole number) is reported
with its line and nothing from it is counted; other files still count.

Phones are normalised and hashed with a random per-run key (blake2b) as soon
as they are read; no phone or hash is ever printed, stored or returned.

The results go to `votes/results.yml` (see `write_results`), written so that
the same inputs always give the same bytes. See docs/votes.md.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import itertools
import re
import secrets
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Protocol, TextIO

import yaml

from .atomic import atomic_file
from .fields import BEIJING
from .problems import Mark, Problems
from .records import CHANNEL_KINDS, Campaign, Nomination

CHANNELS = ("online", "sms", "hotline")
TIMED_CHANNELS = ("sms", "hotline")
REASONS = (
    "outside_window",
    "duplicate",
    "over_limit",
    "several_codes",
    "unknown_code",
    "unreadable",
)
REASON_LABELS = {
    "outside_window": "投票时间外",
    "duplicate": "重复",
    "over_limit": "超出限额",
    "several_codes": "多个编号",
    "unknown_code": "编号不存在",
    "unreadable": "无法识别",
}
# The reasons an online (aggregated) row can have: it has no time and no phone.
ONLINE_REASONS = ("unknown_code", "unreadable")
RESULTS_NAME = "results.yml"
RESULTS_FORMAT = 1
RESULTS_HEADER = (
    "# 计票结果：由 honours tally 根据本文件夹中的投票文件生成，请勿手工修改。\n"
    "# 投票文件有变动时重新运行 honours tally 即可。\n"
)
UNKNOWN_CODES_KEPT = 20  # the most-voted unknown codes kept in the results

# Column headers as platforms and staff write them (compared after NFKC, lower case, no spaces).
HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "online": {
        "code": ("编号", "code", "候选人编号", "投票编号"),
        "votes": ("票数", "votes", "得票数", "得票"),
    },
    "sms": {
        "time": ("时间", "发送时间", "time"),
        "phone": ("手机号", "手机号码", "号码", "phone"),
        "message": ("内容", "短信内容", "message"),
    },
    "hotline": {
        "time": ("时间", "来电时间", "time"),
        "phone": ("来电号码", "手机号", "手机号码", "phone"),
        "code": ("编号", "code", "候选人编号", "投票编号"),
    },
}
COLUMN_LABELS = {
    "code": "编号",
    "votes": "票数",
    "time": "时间",
    "phone": "手机号",
    "message": "短信内容",
}
NOT_DECODED = "有无法识别的文字：文件既不是 UTF-8，也不是 GBK/GB18030 文本（可能已损坏）"
SUMMARY_LABELS = frozenset({"合计", "总计", "总数", "total", "sum"})

_VALID = 0
_OUTCOMES = ("valid", *REASONS)
_OUTCOME = {name: index for index, name in enumerate(_OUTCOMES)}
_N = len(_OUTCOMES)
_MAX_ERRORS = 10  # structural errors reported per file before a summary line

# A vote is one Python int, sorted as a whole. From the high bits down:
# phone id | time (39 bits) | channel (2) | rank (32) | content id (32) | file index (16).
_FILE_BITS, _CONTENT_BITS, _RANK_BITS, _CHANNEL_BITS, _TIME_BITS = 16, 32, 32, 2, 39
_LOW_BITS = _FILE_BITS + _CONTENT_BITS + _RANK_BITS
_MAX_FILES = 1 << _FILE_BITS

_DIGITS = re.compile(r"[0-9]+")
_TIME = re.compile(
    r"\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+|T)(\d{1,2}):(\d{2})"
    r"(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*",
    re.ASCII,
)
_PHONE_NOISE = re.compile(r"[\s\-()]+")
_WHOLE = re.compile(r"[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+")


# -- records -------------------------------------------------------------------------------


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


# -- the tally -----------------------------------------------------------------------------


def tally_campaign(
    campaign: Campaign, candidates: list[Candidate], folder: Path, problems: Problems
) -> TallyResult:
    """Count the votes in `folder` (a campaign's `votes/`) under the campaign's rules."""
    rules = Rules.of(campaign)
    ordered = tuple(sorted(set(candidates)))
    files = vote_files(folder, problems)
    engine = _Engine({c.code for c in ordered}, rules, len(files))
    for index, (channel, path) in enumerate(files):
        engine.read(index, channel, path, problems)
    if rules.start is None and engine.timed_rows:
        problems.error(
            campaign.mark,
            "活动没有设置投票时间（timeline.voting），短信和热线投票都按“投票时间外”计，请补上投票时间",
        )
    counts = {c.code: dict.fromkeys(CHANNELS, 0) for c in ordered}
    engine.finish(counts)
    channels = {channel: Audit() for channel in CHANNELS}
    for audit in engine.audits:
        channels[audit.channel].merge(audit)
    result = TallyResult(
        campaign=campaign.id,
        rules=rules,
        candidates=ordered,
        counts=counts,
        ranks={},
        channels=channels,
        files={path.name: audit for (_, path), audit in zip(files, engine.audits, strict=True)},
        inputs=engine.inputs,
        unknown_codes=_most_voted(engine.unknown),
        last_vote=_moment(engine.last_vote) if engine.last_vote is not None else None,
    )
    result.ranks = rank(result)
    return result


def vote_files(folder: Path, problems: Problems) -> list[tuple[str, Path]]:
    """The vote files of a `votes/` folder as (channel, path), by name; others are reported."""
    found: list[tuple[str, Path]] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        name = path.name
        lower = name.lower()
        if name.startswith(".") or name == RESULTS_NAME or not path.is_file():
            continue
        channel = next((c for c in CHANNELS if lower.startswith(c)), None)
        if channel is not None:
            found.append((channel, path))  # not .csv: read anyway, to be reported as an error
        else:
            problems.warning(
                Mark(path),
                "不是投票文件，已忽略：投票文件名应以 online、sms 或 hotline 开头，以 .csv 结尾",
            )
    return found


def rank(result: TallyResult) -> dict[str, list[Ranked]]:
    """Each category's candidates by weighted total (then code); equal totals share a rank."""
    by_category: dict[str, list[Candidate]] = {}
    for candidate in result.candidates:
        by_category.setdefault(candidate.category, []).append(candidate)
    ranks: dict[str, list[Ranked]] = {}
    for category in sorted(by_category):
        totals = sorted((-result.total(c.code), c.code) for c in by_category[category])
        seen = Counter(total for total, _ in totals)
        ranked: list[Ranked] = []
        for position, (negative, code) in enumerate(totals):
            place = ranked[-1].rank if ranked and ranked[-1].total == -negative else position + 1
            ranked.append(Ranked(code, -negative, place, seen[negative] > 1))
        ranks[category] = ranked
    return ranks


def propose(result: TallyResult, quotas: Mapping[str, int | None]) -> dict[str, list[Proposed]]:
    """The proposed list of each category that has a quota: the top `quota` by total.

    Candidates tied at the quota's edge are all listed and flagged `boundary_tie`,
    so the list can be longer than the quota: people decide, the tally never cuts
    a tie silently. Categories without a quota get no list (the vote cuts nothing).
    """
    proposals: dict[str, list[Proposed]] = {}
    for category, ranked in result.ranks.items():
        quota = quotas.get(category)
        if quota is None:
            continue
        chosen = [r for r in ranked if r.rank <= quota]
        over = len(chosen) > quota
        last = chosen[-1].rank if chosen else 0
        proposals[category] = [
            Proposed(r.code, r.total, r.rank, over and r.rank == last) for r in chosen
        ]
    return proposals


def _most_voted(unknown: Counter[int]) -> dict[int, int]:
    top = sorted(unknown.items(), key=lambda item: (-item[1], item[0]))[:UNKNOWN_CODES_KEPT]
    return dict(sorted(top))


def _moment(seconds: int) -> datetime:
    """Beijing-local seconds since 0001-01-01 back to an aware datetime."""
    day, rest = divmod(seconds, 86400)
    moment = datetime.combine(date.fromordinal(day), datetime.min.time(), BEIJING)
    return moment.replace(hour=rest // 3600, minute=rest // 60 % 60, second=rest % 60)


def _local_seconds(moment: datetime) -> int:
    """An aware datetime as Beijing-local seconds since 0001-01-01 (the key's time)."""
    local = moment.astimezone(BEIJING)
    return local.toordinal() * 86400 + local.hour * 3600 + local.minute * 60 + local.second


# -- reading files ---------------------------------------------------------------------------


class _Rows(Protocol):
    """A csv reader: rows, and the number of the last physical line read."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


class _FileError(Exception):
    """A file that cannot be counted: (line, message) pairs."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass
class _Read:
    """What one file gave, kept apart until the whole file has been read without error."""

    audit: FileAudit
    keys: list[int] = field(default_factory=list)  # SMS / hotline votes still to be judged
    online: list[tuple[int, int, int]] = field(default_factory=list)  # (outcome, code, votes)
    sci_phones: int = 0  # phones Excel turned into 1.38001E+10
    summary: tuple[int, int] | None = None  # (line, votes) of a 合计 row
    code_lines: dict[int, list[int]] = field(default_factory=dict)  # online code -> lines


class _Engine:
    """The state of one tally run: phone ids, message verdicts and the votes read so far."""

    def __init__(self, codes: set[int], rules: Rules, files: int) -> None:
        if files > _MAX_FILES:
            raise ValueError(f"too many vote files ({files})")
        self.codes = codes
        self.rules = rules
        self.first = rules.several_codes == "first"
        self._key = secrets.token_bytes(32)  # per run: hashes mean nothing outside it
        self.phones: dict[bytes, int] = {}
        self.lows: dict[str, int] = {}  # stripped content -> rank and content id bits
        self.verdicts: list[tuple[int, int]] = []  # content id -> (outcome, code)
        self.days: dict[tuple[str, str, str], int | None] = {}
        self.keys: list[int] = []
        self.audits: list[FileAudit] = []
        self.inputs: dict[str, str] = {}
        self.online_counts: list[tuple[int, int, int]] = []
        self.unknown: Counter[int] = Counter()
        self.last_vote: int | None = None
        self.timed_rows = 0
        self._shas: dict[tuple[str, str], str] = {}

    # -- files -----------------------------------------------------------------------------
    def read(self, index: int, channel: str, path: Path, problems: Problems) -> None:
        """Read one file; on any structural error report it and count nothing from it."""
        audit = FileAudit(channel=channel)
        self.audits.append(audit)
        sniff = _sniff(path)
        sha = self.inputs[path.name] = sniff.sha
        twin = self._shas.get((channel, sha)) if channel == "online" else None
        if twin is not None:  # SMS and hotline rows of a double export show up as duplicates
            audit.counted = False
            problems.warning(
                Mark(path), f"与 {twin} 内容完全相同，已忽略（同一份导出只计一次），可删去此文件"
            )
            return
        self._shas[(channel, sha)] = path.name
        try:
            read = self._decode_and_parse(path, channel, index, sniff)
        except _FileError as failure:
            audit.counted = False
            _report(path, failure.errors, problems)
            return
        if read is None:
            problems.warning(Mark(path), "文件是空的，没有可计的票")
            return
        if read.sci_phones:
            problems.warning(
                Mark(path),
                f"有 {read.sci_phones} 个号码被 Excel 改成了科学计数法（如 1.38001E+10），"
                "这些行按“无法识别”计：请使用平台导出的原始文件",
            )
        self._commit(read, path, problems)

    def _decode_and_parse(
        self, path: Path, channel: str, index: int, sniff: _Sniff
    ) -> _Read | None:
        """Refuse what is no CSV text; read the rest in the encoding found (UTF-8, GB18030, UTF-16)."""
        if sniff.head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
            raise _FileError(
                [(1, "是 Excel 工作簿，不是 CSV：请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”")]
            )
        if sniff.has_nul and sniff.encoding != "utf-16":
            raise _FileError([(1, "不是文本文件（含有二进制内容），请使用平台导出的 CSV 文件")])
        if not path.name.lower().endswith(".csv"):
            raise _FileError(
                [(1, "不是 CSV 文件：请另存为“CSV UTF-8（逗号分隔）”，文件名以 .csv 结尾")]
            )
        if sniff.encoding is None:
            raise _FileError([(sniff.bad_line, NOT_DECODED)])
        try:
            with path.open(encoding=sniff.encoding, newline="") as handle:
                return self._parse(handle, channel, index)
        except UnicodeError:
            raise _FileError([(1, NOT_DECODED)]) from None

    def _parse(self, handle: TextIO, channel: str, index: int) -> _Read | None:
        first = handle.readline()
        delimiter = "\t" if "\t" in first and "," not in first else ","
        reader = csv.reader(itertools.chain([first], handle), delimiter=delimiter, strict=True)
        read = _Read(FileAudit(channel=channel))
        errors: list[tuple[int, str]] = []
        try:
            header = next((row for row in reader if any(cell.strip() for cell in row)), None)
            if header is None:
                return None
            columns, width = _columns(header, channel, reader.line_num)
            if channel == "online":
                self._online_rows(reader, columns, width, read, errors)
            else:
                self._timed_rows(reader, columns, width, channel, index, read, errors)
        except csv.Error as error:  # in the header: the rows catch their own
            errors.append((max(reader.line_num, 1), _csv_message(str(error))))
        if errors:
            raise _FileError(errors)
        return read

    def _commit(self, read: _Read, path: Path, problems: Problems) -> None:
        """Count a file that was read whole; check an online export against its 合计 row."""
        audit = self.audits[-1]
        if read.audit.channel == "online":
            total = sum(votes for _, _, votes in read.online)
            if read.summary is not None and read.summary[1] != total:
                audit.counted = False
                _report(
                    path,
                    [
                        (
                            read.summary[0],
                            f"合计行的票数 {read.summary[1]} 与各行票数之和 {total} 不符，导出可能不完整",
                        )
                    ],
                    problems,
                )
                return
            for code, lines in sorted(read.code_lines.items()):
                if len(lines) > 1:
                    where = "、".join(str(line) for line in lines)
                    problems.warning(
                        Mark(path, lines[1]), f"编号 {code} 出现了多次（第 {where} 行），票数已累加"
                    )
            for outcome, _, votes in read.online:
                audit.add(_OUTCOMES[outcome], 1, votes)
            self.online_counts.extend(read.online)
        else:
            self.timed_rows += read.audit.rows + len(read.keys)
        audit.merge(read.audit)
        self.keys.extend(read.keys)

    # -- rows ------------------------------------------------------------------------------
    def _online_rows(
        self,
        reader: _Rows,
        columns: dict[str, int],
        width: int,
        read: _Read,
        errors: list[tuple[int, str]],
    ) -> None:
        code_at, votes_at = columns["code"], columns["votes"]
        line = reader.line_num
        try:
            for row in reader:
                start, line = line + 1, reader.line_num
                if not any(row) or (len(row) != width and not _width_ok(row, width, start, errors)):
                    continue
                votes = _whole(row[votes_at])
                if votes is None:
                    errors.append((start, f"票数“{row[votes_at].strip()}”不是整数"))
                    continue
                codes = _codes(row[code_at])
                if not codes and _is_summary(row):
                    read.summary = (start, votes)
                elif len(codes) != 1:
                    read.online.append((_OUTCOME["unreadable"], 0, votes))
                elif codes[0] in self.codes:
                    read.online.append((_VALID, codes[0], votes))
                    read.code_lines.setdefault(codes[0], []).append(start)
                else:
                    read.online.append((_OUTCOME["unknown_code"], codes[0], votes))
        except csv.Error as error:
            errors.append((line + 1, _csv_message(str(error))))

    def _timed_rows(
        self,
        reader: _Rows,
        columns: dict[str, int],
        width: int,
        channel: str,
        index: int,
        read: _Read,
        errors: list[tuple[int, str]],
    ) -> None:
        """The hot loop: one packed int per readable row; unreadable rows are counted at once."""
        time_at, phone_at = columns["time"], columns["phone"]
        content_at = columns["message" if channel == "sms" else "code"]
        channel_bits = CHANNELS.index(channel) << _LOW_BITS
        shift = _CHANNEL_BITS + _LOW_BITS
        seconds, phone_id, content_bits = self._seconds, self._phone_id, self._content_bits
        lows, append = self.lows, read.keys.append
        unreadable = 0
        line = reader.line_num
        try:
            for row in reader:
                start, line = line + 1, reader.line_num
                if not any(row) or (len(row) != width and not _width_ok(row, width, start, errors)):
                    continue
                moment = seconds(row[time_at])
                person = phone_id(row[phone_at], read)
                content = row[content_at].strip()
                low = lows.get(content)
                if low is None:
                    low = content_bits(content)
                if moment is None or person is None or low < 0:
                    unreadable += 1
                    continue
                append((((person << _TIME_BITS) | moment) << shift) | channel_bits | low | index)
        except csv.Error as error:
            errors.append((line + 1, _csv_message(str(error))))
        read.audit.add("unreadable", unreadable, unreadable)

    # -- fields ----------------------------------------------------------------------------
    def _seconds(self, text: str) -> int | None:
        """A vote's time as Beijing-local seconds since 0001-01-01; None when unreadable."""
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        match = _TIME.fullmatch(text)
        if match is None:
            return None
        year, month, day, hour, minute, second, zone = match.groups()
        key = (year, month, day)
        ordinal = self.days.get(key, -1)
        if ordinal == -1:
            try:
                ordinal = date(int(year), int(month), int(day)).toordinal()
            except ValueError:
                ordinal = None
            self.days[key] = ordinal
        h, m, s = int(hour), int(minute), int(second or 0)
        if ordinal is None or h > 23 or m > 59 or s > 59:
            return None
        moment = ordinal * 86400 + h * 3600 + m * 60 + s
        if zone and zone != "+08:00":
            offset = 0 if zone == "Z" else int(zone[1:3]) * 3600 + int(zone[-2:]) * 60
            moment += 8 * 3600 - (offset if zone[0] != "-" else -offset)
        return moment

    def _phone_id(self, text: str, read: _Read) -> int | None:
        """The small id of a phone's keyed hash; the phone itself is not kept."""
        digits = normalise_phone(text)
        if digits is None:
            if "E+" in text.upper():
                read.sci_phones += 1
            return None
        digest = hashlib.blake2b(digits.encode("ascii"), key=self._key, digest_size=16).digest()
        number = self.phones.get(digest)
        if number is None:
            number = self.phones[digest] = len(self.phones)
        return number

    def _content_bits(self, content: str) -> int:
        """Judge a message (or hotline code) once: rank and content id bits, -1 when unreadable."""
        codes = _codes(content)
        if not codes:
            self.lows[content] = -1
            return -1
        if len(codes) > 1 and not self.first:
            outcome, code = _OUTCOME["several_codes"], 0
        elif codes[0] in self.codes:
            outcome, code = _VALID, codes[0]
        else:
            outcome, code = _OUTCOME["unknown_code"], codes[0]
        rank = min(code, (1 << 31) - 1) if outcome == _VALID else (1 << 31) + outcome
        number = len(self.verdicts)
        self.verdicts.append((outcome, code))
        low = (rank << (_CONTENT_BITS + _FILE_BITS)) | (number << _FILE_BITS)
        self.lows[content] = low
        return low

    # -- judging ---------------------------------------------------------------------------
    def finish(self, counts: dict[int, dict[str, int]]) -> None:
        """Judge every vote read: duplicates, window, codes and limits, in a fixed order."""
        for outcome, code, votes in self.online_counts:
            if outcome == _VALID:
                counts[code]["online"] += votes
            elif outcome == _OUTCOME["unknown_code"]:
                self.unknown[code] += votes
        tallies = self._sweep(counts)
        for index, audit in enumerate(self.audits):
            for outcome in range(_N):
                number = tallies[index * _N + outcome]
                if number:
                    audit.add(_OUTCOMES[outcome], number, number)

    def _sweep(self, counts: dict[int, dict[str, int]]) -> list[int]:
        """Walk the votes sorted by phone, time, channel, code: the order limits are applied in."""
        tallies = [0] * (len(self.audits) * _N)
        keys = self.keys
        keys.sort()
        start = _local_seconds(self.rules.start) if self.rules.start else 1
        end = _local_seconds(self.rules.end) if self.rules.end else 0
        per_day = self.rules.per_phone_per_day or 0
        per_phone = self.rules.per_phone or 0
        verdicts, unknown = self.verdicts, self.unknown
        content_mask, time_mask = (1 << _CONTENT_BITS) - 1, (1 << _TIME_BITS) - 1
        outside, duplicate, over = (
            _OUTCOME[r] for r in ("outside_window", "duplicate", "over_limit")
        )
        unknown_code = _OUTCOME["unknown_code"]
        previous = phone = day = -1
        today = used = 0
        last = -1
        for key in keys:
            head = key >> _FILE_BITS
            if head == previous:
                outcome = duplicate
            else:
                previous = head
                rest = head >> (_CONTENT_BITS + _RANK_BITS)
                channel = rest & 3
                rest >>= _CHANNEL_BITS
                moment = rest & time_mask
                if rest >> _TIME_BITS != phone:
                    phone, day, today, used = rest >> _TIME_BITS, -1, 0, 0
                if not start <= moment <= end:
                    outcome = outside
                else:
                    outcome, code = verdicts[head & content_mask]
                    if outcome == _VALID:
                        if moment // 86400 != day:
                            day, today = moment // 86400, 0
                        if (per_day and today >= per_day) or (per_phone and used >= per_phone):
                            outcome = over
                        else:
                            today, used = today + 1, used + 1
                            counts[code][CHANNELS[channel]] += 1
                            last = max(last, moment)
                    elif outcome == unknown_code:
                        unknown[code] += 1
            tallies[(key & (_MAX_FILES - 1)) * _N + outcome] += 1
        self.last_vote = last if last >= 0 else None
        return tallies


@dataclass(frozen=True)
class _Sniff:
    """What one pass over a file's bytes tells: its sha256, first bytes, and how to decode it."""

    sha: str
    head: bytes
    has_nul: bool
    encoding: str | None  # None: neither UTF-8 nor GB18030
    bad_line: int = 0  # then: the line where decoding failed (the encoding that got further)


def _fingerprint(path: Path) -> str:
    return _sniff(path, decode=False).sha


def _sniff(path: Path, decode: bool = True) -> _Sniff:
    """Hash the file and check, in the same pass, that it is UTF-8; else try GB18030."""
    digest = hashlib.sha256()
    head = b""
    has_nul = False
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            head = head or chunk[:8]
            has_nul = has_nul or b"\x00" in chunk
            digest.update(chunk)
    if not decode or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _Sniff(digest.hexdigest(), head, has_nul, "utf-16")
    utf8 = _bad_line(path, "utf-8")
    if not utf8:
        return _Sniff(digest.hexdigest(), head, has_nul, "utf-8-sig")
    gb = _bad_line(path, "gb18030")
    return _Sniff(digest.hexdigest(), head, has_nul, None if gb else "gb18030", max(utf8, gb))


def _bad_line(path: Path, encoding: str) -> int:
    """The first line that does not decode (counting from 1), or 0 when the whole file does."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                return lines + chunk[: error.start].count(b"\n") + 1
            lines += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return lines + 1
    return 0


def _columns(header: list[str], channel: str, line: int) -> tuple[dict[str, int], int]:
    """Which column holds which field, and the width rows must have; structural errors raise."""
    names = [_header_name(cell) for cell in header]
    while names and not names[-1]:
        names.pop()  # Excel pads rows with empty cells on the right
    columns: dict[str, int] = {}
    errors: list[tuple[int, str]] = []
    for key, aliases in HEADERS[channel].items():
        found = [i for i, name in enumerate(names) if name in aliases]
        if not found:
            listed = "、".join(aliases)
            errors.append((line, f"缺少“{COLUMN_LABELS[key]}”列（表头可写：{listed}）"))
        elif len(found) > 1:
            which = "、".join(f"第 {i + 1} 列“{header[i].strip()}”" for i in found)
            errors.append((line, f"有多列都可作“{COLUMN_LABELS[key]}”：{which}，请只留一列"))
        else:
            columns[key] = found[0]
    if errors:
        raise _FileError(errors)
    return columns, len(names)


def _header_name(cell: str) -> str:
    text = unicodedata.normalize("NFKC", cell.replace("\ufeff", ""))
    return re.sub(r"\s+", "", text).lower()


def _width_ok(row: list[str], width: int, line: int, errors: list[tuple[int, str]]) -> bool:
    """A row may have extra empty cells on the right (Excel); any other width is an error."""
    if len(row) > width and not any(cell.strip() for cell in row[width:]):
        return True
    hint = "：内容里的逗号要用英文双引号括起来" if len(row) > width else ""
    errors.append((line, f"这一行有 {len(row)} 列，表头有 {width} 列{hint}"))
    return False


def _report(path: Path, errors: list[tuple[int, str]], problems: Problems) -> None:
    """Report a file's structural errors (the first few, then how many more) as not counted."""
    for line, message in errors[:_MAX_ERRORS]:
        problems.error(Mark(path, line), f"{message}。整个文件未计入")
    if len(errors) > _MAX_ERRORS:
        more = len(errors) - _MAX_ERRORS
        problems.error(
            Mark(path, errors[_MAX_ERRORS][0]), f"另有 {more} 处同类问题。整个文件未计入"
        )


def _csv_message(detail: str) -> str:
    if "unexpected end of data" in detail:
        return "CSV 格式有误：引号没有闭合（从这一行起直到文件末尾都在引号里）"
    if "expected after" in detail:
        return 'CSV 格式有误：引号后面应紧跟逗号（内容里的引号要写成两个 ""）'
    return f"CSV 格式有误（{detail}）"


def _codes(text: str) -> list[int]:
    """The distinct numbers in a message, in order: `投７号` → [7], `07 7号` → [7]."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    numbers = (int(token) if len(token) <= 9 else 0 for token in _DIGITS.findall(text))
    return list(dict.fromkeys(numbers))


def _whole(text: str) -> int | None:
    """A votes value: a whole number ≥ 0, full-width digits and 1,234 accepted."""
    text = text.strip()
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).strip()
    if not _WHOLE.fullmatch(text):
        return None
    return int(text.replace(",", ""))


def _is_summary(row: list[str]) -> bool:
    return any(_header_name(cell) in SUMMARY_LABELS for cell in row)


def normalise_phone(text: str) -> str | None:
    """Digits only, without +86/0086: `+86 138 0013 8000` → `13800138000`; None when unreadable."""
    if len(text) == 11 and text.isascii() and text.isdigit():
        return text
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = _PHONE_NOISE.sub("", text).removesuffix(".0")  # 13800138000.0 from a spreadsheet
    if text.startswith("+"):
        text = text[1:]
    elif text.startswith("00"):
        text = text[2:]
    if len(text) == 13 and text.startswith("861"):
        text = text[2:]
    if not (text.isascii() and text.isdigit() and 5 <= len(text) <= 20):
        return None
    return text


# -- the results file ------------------------------------------------------------------------


def results_data(result: TallyResult) -> dict[str, object]:
    """The results as plain data: what `write_results` writes (no phones, no hashes)."""
    return {
        "format": RESULTS_FORMAT,
        "campaign": result.campaign,
        "rules": {
            "window": None
            if result.rules.start is None or result.rules.end is None
            else {"start": _iso(result.rules.start), "end": _iso(result.rules.end)},
            "per_phone_per_day": result.rules.per_phone_per_day,
            "per_phone": result.rules.per_phone,
            "several_codes": result.rules.several_codes,
            "weights": dict(result.rules.weights),
        },
        "inputs": dict(result.inputs),
        "last_vote": _iso(result.last_vote) if result.last_vote else None,
        "candidates": {
            c.code: {
                "nominee": c.nominee,
                "category": c.category,
                "votes": dict(result.counts[c.code]),
                "total": result.total(c.code),
            }
            for c in result.candidates
        },
        "ranks": {
            category: [
                {"code": r.code, "total": r.total, "rank": r.rank, "tie": r.tie} for r in ranked
            ]
            for category, ranked in result.ranks.items()
        },
        "audit": {
            "channels": {c: _audit_data(a, c) for c, a in result.channels.items()},
            "files": {
                name: {**_audit_data(a, a.channel), "channel": a.channel, "counted": a.counted}
                for name, a in result.files.items()
            },
        },
        "unknown_codes": dict(result.unknown_codes),
    }


def write_results(result: TallyResult, path: Path) -> None:
    """Write `results.yml` atomically; the same result always gives the same bytes."""
    text = yaml.safe_dump(
        results_data(result),
        allow_unicode=True,
        sort_keys=True,
        default_flow_style=False,
        width=200,
    )
    with atomic_file(path) as handle:
        handle.write((RESULTS_HEADER + text).encode("utf-8"))


def read_results(path: Path, problems: Problems) -> TallyResult | None:
    """Read a `results.yml` back; a file that is not what `write_results` wrote is reported."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return _result_from(data)
    except (
        OSError,
        UnicodeDecodeError,
        yaml.YAMLError,
        _Bad,
        KeyError,
        TypeError,
        ValueError,
    ) as error:
        detail = f"（{error}）" if isinstance(error, _Bad) else ""
        problems.error(
            Mark(path), f"计票结果文件无法读取{detail}：请重新运行 honours tally 生成，不要手工修改"
        )
        return None


def results_are_current(
    result: TallyResult,
    folder: Path,
    campaign: Campaign | None = None,
    candidates: Iterable[Candidate] | None = None,
) -> bool:
    """True when the vote files in `folder` are exactly those counted (by sha256), and, when
    given, the campaign's rules and the candidates are those the results were made with."""
    current = {path.name: _fingerprint(path) for _, path in vote_files(folder, Problems())}
    if current != result.inputs:
        return False
    if campaign is not None and (
        campaign.id != result.campaign or Rules.of(campaign) != result.rules
    ):
        return False
    return candidates is None or tuple(sorted(set(candidates))) == result.candidates


def _iso(moment: datetime) -> str:
    return moment.astimezone(BEIJING).isoformat()


def _audit_data(audit: Audit, channel: str) -> dict[str, object]:
    """Rows for every channel; votes only for the online export (elsewhere one row is one vote)."""
    data: dict[str, object] = {
        "rows": audit.rows,
        "valid": audit.valid,
        "rejected": dict(audit.rejected),
    }
    if channel == "online":
        data["votes"] = audit.votes
        data["rejected_votes"] = dict(audit.rejected_votes)
    return data


class _Bad(Exception):
    """A results file that is not in the shape `write_results` gives."""


def _mapping(value: object, where: str) -> dict[object, object]:
    if not isinstance(value, dict):
        raise _Bad(f"“{where}”应为键值对")
    return value


def _integer(value: object, where: str, optional: bool = False) -> int:
    if value is None and optional:
        return -1
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"“{where}”应为整数")
    return value


def _text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise _Bad(f"“{where}”应为文字")
    return value


def _optional(value: int) -> int | None:
    return None if value == -1 else value


def _audit_from(value: object, where: str, channel: str | None = None) -> FileAudit:
    data = _mapping(value, where)
    audit = FileAudit(
        rows=_integer(data["rows"], f"{where}.rows"),
        valid=_integer(data["valid"], f"{where}.valid"),
        channel=channel or _text(data["channel"], f"{where}.channel"),
        counted=channel is not None or data["counted"] is True,
    )
    online = audit.channel == "online"
    audit.votes = _integer(data["votes"], f"{where}.votes") if online else audit.valid
    keys = ("rejected", "rejected_votes") if online else ("rejected", "rejected")
    for key, target in zip(keys, (audit.rejected, audit.rejected_votes), strict=True):
        numbers = _mapping(data[key], f"{where}.{key}")
        for reason in REASONS:
            target[reason] = _integer(numbers[reason], f"{where}.{key}.{reason}")
    return audit


def _rules_from(value: object) -> Rules:
    data = _mapping(value, "rules")
    window = data["window"]
    start = end = None
    if window is not None:
        span = _mapping(window, "rules.window")
        start = datetime.fromisoformat(_text(span["start"], "rules.window.start"))
        end = datetime.fromisoformat(_text(span["end"], "rules.window.end"))
    weights = _mapping(data["weights"], "rules.weights")
    return Rules(
        start=start,
        end=end,
        per_phone_per_day=_optional(_integer(data["per_phone_per_day"], "rules", True)),
        per_phone=_optional(_integer(data["per_phone"], "rules", True)),
        several_codes=_text(data["several_codes"], "rules.several_codes"),
        weights=tuple((c, _integer(weights[c], f"rules.weights.{c}")) for c in CHANNELS),
    )


def _result_from(data: object) -> TallyResult:
    top = _mapping(data, "整个文件")
    if top.get("format") != RESULTS_FORMAT:
        raise _Bad(f"格式版本应为 {RESULTS_FORMAT}")
    candidates, counts = [], {}
    for code, value in _mapping(top["candidates"], "candidates").items():
        entry = _mapping(value, f"candidates.{code}")
        number = _integer(code, "candidates 的编号")
        candidates.append(
            Candidate(
                number,
                _text(entry["nominee"], f"candidates.{code}.nominee"),
                _text(entry["category"], f"candidates.{code}.category"),
            )
        )
        votes = _mapping(entry["votes"], f"candidates.{code}.votes")
        counts[number] = {c: _integer(votes[c], f"candidates.{code}.votes.{c}") for c in CHANNELS}
    audit = _mapping(top["audit"], "audit")
    channels = _mapping(audit["channels"], "audit.channels")
    files = _mapping(audit["files"], "audit.files")
    last = top["last_vote"]
    result = TallyResult(
        campaign=_text(top["campaign"], "campaign"),
        rules=_rules_from(top["rules"]),
        candidates=tuple(sorted(candidates)),
        counts=counts,
        ranks={},
        channels={c: _plain(_audit_from(channels[c], f"audit.channels.{c}", c)) for c in CHANNELS},
        files={
            _text(n, "audit.files"): _audit_from(a, f"audit.files.{n}") for n, a in files.items()
        },
        inputs={
            _text(n, "inputs"): _text(s, f"inputs.{n}")
            for n, s in _mapping(top["inputs"], "inputs").items()
        },
        unknown_codes={
            _integer(c, "unknown_codes"): _integer(n, f"unknown_codes.{c}")
            for c, n in _mapping(top["unknown_codes"], "unknown_codes").items()
        },
        last_vote=None if last is None else datetime.fromisoformat(_text(last, "last_vote")),
    )
    result.ranks = rank(result)
    return result


def _plain(audit: FileAudit) -> Audit:
    plain = Audit(rows=audit.rows, valid=audit.valid, votes=audit.votes)
    plain.rejected.update(audit.rejected)
    plain.rejected_votes.update(audit.rejected_votes)
    return plain


# -- the report ----------------------------------------------------------------------------

SHORT_LABELS = {"online": "网络", "sms": "短信", "hotline": "热线"}


def format_report(
    result: TallyResult,
    names: Mapping[str, str],
    *,
    category_names: Mapping[str, str] | None = None,
    title: str | None = None,
) -> str:
    """The Chinese text `honours tally` prints: a table per category, then the audit.

    `names` maps nominee ids to the names shown; `category_names` category ids to theirs.
    """
    shown = [c for c in CHANNELS if any(a.channel == c for a in result.files.values())]
    shown = shown or list(CHANNELS)
    lines = [f"{title or result.campaign} 计票结果"]
    weights = " + ".join(f"{SHORT_LABELS[c]}×{result.rules.weight(c)}" for c in shown)
    note = f"合计 = {weights}"
    if result.last_vote is not None:
        note += f"；短信、热线有效票截至 {result.last_vote.astimezone(BEIJING):%Y-%m-%d %H:%M:%S}"
    lines.append(f"（{note}）")
    by_code = {c.code: c for c in result.candidates}
    for category, ranked in result.ranks.items():
        lines += ["", (category_names or {}).get(category, category)]
        header = ["编号", "姓名", *(SHORT_LABELS[c] for c in shown), "合计", "名次"]
        rows = [
            [
                str(r.code),
                names.get(by_code[r.code].nominee, by_code[r.code].nominee),
                *(str(result.counts[r.code][c]) for c in shown),
                str(r.total),
                f"并列{r.rank}" if r.tie else str(r.rank),
            ]
            for r in ranked
        ]
        lines += _table(header, rows)
    lines += ["", "计票情况"]
    for channel in CHANNELS:
        if channel in shown:
            label = CHANNEL_LABELS[channel]
            lines.append(f"  {label}：{_audit_line(result.channels[channel], channel)}")
    if result.files:
        lines.append("  文件：")
    for name, audit in result.files.items():
        state = _audit_line(audit, audit.channel) if audit.counted else "未计入（见上方错误或警告）"
        lines.append(f"    {name}（{CHANNEL_LABELS[audit.channel]}）：{state}")
    if result.unknown_codes:
        listed = "、".join(f"{code}（{votes} 票）" for code, votes in result.unknown_codes.items())
        lines.append(f"  不存在的编号：{listed}")
    return "\n".join(lines) + "\n"


CHANNEL_LABELS = CHANNEL_KINDS  # 网络投票, 短信投票, 热线投票


def _audit_line(audit: Audit, channel: str) -> str:
    reasons = ONLINE_REASONS if channel == "online" else REASONS
    parts = "、".join(f"{REASON_LABELS[r]} {audit.rejected[r]}" for r in reasons)
    text = f"读取 {audit.rows} 行，有效 {audit.valid}，无效 {audit.invalid}：{parts}"
    if channel == "online":
        total = audit.votes + audit.invalid_votes
        text += f"；共 {total} 票，有效 {audit.votes} 票，无效 {audit.invalid_votes} 票"
    return text


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Columns padded by display width (a CJK character is two columns); numbers right-aligned."""
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - _width(cell))
            out.append(cell + pad if i == 1 else pad + cell)
        return "  " + "  ".join(out).rstrip()

    return [line(header), *(line(row) for row in rows)]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
