"""Vote files (投票文件): finding them in `votes/`, reading them, judging the votes they hold.

`Engine` reads each file whole before anything from it counts: an SMS or hotline row
becomes one packed int (see the key layout below) or is counted at once as `unreadable`;
an online row keeps (outcome, code, votes). `Engine.finish` then walks the packed votes
in sorted order and applies the campaign's rules. What is read and how each row is
judged is described in tally.py and docs/votes.md.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..sources.csvfile import WORKBOOK, CsvRows, Problem, encoding_of, header_name, is_workbook
from ..sources.fields import BEIJING
from ..sources.numbers import whole_number
from ..sources.paths import LINKED_OUT, inside
from ..sources.problems import Mark, Problems
from .tallyrecords import CHANNELS, REASONS, FileAudit, Rules

RESULTS_NAME = "results.yml"  # written by the tally beside the vote files; not one of them

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
_NEGATIVE = re.compile(r"[-−－]\s*[0-9０-９][0-9０-９,，.]*")  # a minus sign, then a number


def vote_files(folder: Path, problems: Problems) -> list[tuple[str, Path]]:
    """The vote files of a `votes/` folder as (channel, path), by name; others are reported."""
    found: list[tuple[str, Path]] = []
    if not folder.is_dir():
        return found
    up = folder.resolve().parents  # content/campaigns/<id>/votes
    content = up[2] if len(up) > 2 else up[-1]
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        name = path.name
        lower = name.lower()
        if name.startswith(".") or name == RESULTS_NAME:
            continue
        if not inside(content, path):
            problems.error(Mark(path), LINKED_OUT)
            continue
        if not path.is_file():
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


def fingerprint(path: Path) -> str:
    """The sha256 of a file's bytes, as recorded in the results' `inputs`."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _local_seconds(moment: datetime) -> int:
    """An aware datetime as Beijing-local seconds since 0001-01-01 (the key's time)."""
    local = moment.astimezone(BEIJING)
    return local.toordinal() * 86400 + local.hour * 3600 + local.minute * 60 + local.second


# -- reading files ---------------------------------------------------------------------------


class _FileError(Exception):
    """A file that cannot be counted: (line, column, message) triples."""

    def __init__(self, errors: list[Problem]) -> None:
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


class Engine:
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
        if is_workbook(sniff.head):
            raise _FileError([(1, 1, WORKBOOK)])
        if sniff.has_nul and sniff.encoding != "utf-16":
            raise _FileError([(1, 1, "不是文本文件（含有二进制内容），请使用平台导出的 CSV 文件")])
        if not path.name.lower().endswith(".csv"):
            raise _FileError(
                [(1, 1, "不是 CSV 文件：请另存为“CSV UTF-8（逗号分隔）”，文件名以 .csv 结尾")]
            )
        encoding = sniff.encoding
        if encoding is None:
            raise _FileError([(sniff.bad_line, 1, NOT_DECODED)])
        try:
            with path.open(encoding=encoding, newline="") as handle:
                # streamed; the text is read again only when a message needs a column
                rows = CsvRows(handle, lambda: path.read_bytes().decode(encoding))
                return self._parse(rows, channel, index)
        except UnicodeError:
            raise _FileError([(1, 1, NOT_DECODED)]) from None

    def _parse(self, rows: CsvRows, channel: str, index: int) -> _Read | None:
        read = _Read(FileAudit(channel=channel))
        errors: list[Problem] = []
        header = next((row for row in rows if any(cell.strip() for cell in row)), None)
        if header is not None:
            columns, width = _columns(header, channel, rows.start)
            if channel == "online":
                self._online_rows(rows, columns, width, read, errors)
            else:
                self._timed_rows(rows, columns, width, channel, index, read, errors)
        if rows.problem is not None:
            errors.append(rows.problem)
        if errors:
            raise _FileError(errors)
        return None if header is None else read

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
                            1,
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
        rows: CsvRows,
        columns: dict[str, int],
        width: int,
        read: _Read,
        errors: list[Problem],
    ) -> None:
        code_at, votes_at = columns["code"], columns["votes"]
        for row in rows:
            start = rows.start
            if not any(row) or (len(row) != width and not _width_ok(row, width, start, errors)):
                continue
            votes = _whole(row[votes_at])
            if votes is None:
                written = row[votes_at].strip()
                problem = "不能为负数" if _NEGATIVE.fullmatch(written) else "不是整数"
                errors.append((start, 1, f"票数“{written}”{problem}"))
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

    def _timed_rows(
        self,
        rows: CsvRows,
        columns: dict[str, int],
        width: int,
        channel: str,
        index: int,
        read: _Read,
        errors: list[Problem],
    ) -> None:
        """The hot loop: one packed int per readable row; unreadable rows are counted at once."""
        time_at, phone_at = columns["time"], columns["phone"]
        content_at = columns["message" if channel == "sms" else "code"]
        channel_bits = CHANNELS.index(channel) << _LOW_BITS
        shift = _CHANNEL_BITS + _LOW_BITS
        seconds, phone_id, content_bits = self._seconds, self._phone_id, self._content_bits
        lows, append = self.lows, read.keys.append
        unreadable = 0
        for row in rows:
            if not any(row) or (
                len(row) != width and not _width_ok(row, width, rows.start, errors)
            ):
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
    """What one read of a file's bytes tells: its sha256, first bytes, and how to decode it."""

    sha: str
    head: bytes
    has_nul: bool
    encoding: str | None  # None: neither UTF-8 nor GB18030 (UTF-16 is checked while read)
    bad_line: int = 0  # then: the line where decoding failed (the encoding that got further)


def _sniff(path: Path) -> _Sniff:
    """Hash the file and find its encoding; the bytes are not kept for reading the rows."""
    data = path.read_bytes()
    encoding, bad_line = encoding_of(data)
    return _Sniff(hashlib.sha256(data).hexdigest(), data[:8], b"\x00" in data, encoding, bad_line)


def _columns(header: list[str], channel: str, line: int) -> tuple[dict[str, int], int]:
    """Which column holds which field, and the width rows must have; structural errors raise."""
    names = [header_name(cell) for cell in header]
    while names and not names[-1]:
        names.pop()  # Excel pads rows with empty cells on the right
    columns: dict[str, int] = {}
    errors: list[Problem] = []
    for key, aliases in HEADERS[channel].items():
        found = [i for i, name in enumerate(names) if name in aliases]
        if not found:
            listed = "、".join(aliases)
            errors.append((line, 1, f"缺少“{COLUMN_LABELS[key]}”列（表头可写：{listed}）"))
        elif len(found) > 1:
            which = "、".join(f"第 {i + 1} 列“{header[i].strip()}”" for i in found)
            errors.append((line, 1, f"有多列都可作“{COLUMN_LABELS[key]}”：{which}，请只留一列"))
        else:
            columns[key] = found[0]
    if errors:
        raise _FileError(errors)
    return columns, len(names)


def _width_ok(row: list[str], width: int, line: int, errors: list[Problem]) -> bool:
    """A row may have extra empty cells on the right (Excel); any other width is an error."""
    if len(row) > width and not any(cell.strip() for cell in row[width:]):
        return True
    hint = "：内容里的逗号要用英文双引号括起来" if len(row) > width else ""
    errors.append((line, 1, f"这一行有 {len(row)} 列，表头有 {width} 列{hint}"))
    return False


def _report(path: Path, errors: list[Problem], problems: Problems) -> None:
    """Report a file's structural errors (the first few, then how many more) as not counted."""
    for line, column, message in errors[:_MAX_ERRORS]:
        problems.error(Mark(path, line, column), f"{message}。整个文件未计入")
    if len(errors) > _MAX_ERRORS:
        more = len(errors) - _MAX_ERRORS
        line, column, _ = errors[_MAX_ERRORS]
        problems.error(Mark(path, line, column), f"另有 {more} 处同类问题。整个文件未计入")


def _codes(text: str) -> list[int]:
    """The distinct numbers in a message, in order: `投７号` → [7], `07 7号` → [7]."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    numbers = (int(token) if len(token) <= 9 else 0 for token in _DIGITS.findall(text))
    return list(dict.fromkeys(numbers))


def _whole(text: str) -> int | None:
    """A votes value: a whole number ≥ 0, full-width digits and 1,234 accepted."""
    return whole_number(text)


def _is_summary(row: list[str]) -> bool:
    return any(header_name(cell) in SUMMARY_LABELS for cell in row)


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
