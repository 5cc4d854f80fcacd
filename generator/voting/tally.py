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

Reading and judging the files is in `votefiles.py`, the records in `tallyrecords.py`;
everything is imported from here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

import yaml

from ..model.records import CHANNEL_KINDS, Campaign, SeveralCodes
from ..sources import yamlfile
from ..sources.atomic import atomic_file
from ..sources.fields import BEIJING, Fields
from ..sources.problems import Mark, Problems
from ..sources.yamlfile import Node, read_yaml_file
from .tallyrecords import (
    CHANNELS,
    REASONS,
    TIMED_CHANNELS,
    Audit,
    Candidate,
    FileAudit,
    Proposed,
    Ranked,
    Rules,
    TallyResult,
    candidates_of,
)
from .votefiles import RESULTS_NAME, Engine, fingerprint, normalise_phone, vote_files

__all__ = [  # the public names, wherever defined: other modules and the tests import them from here
    "CHANNELS",
    "REASONS",
    "RESULTS_NAME",
    "TIMED_CHANNELS",
    "Audit",
    "Candidate",
    "FileAudit",
    "Proposed",
    "Ranked",
    "Rules",
    "TallyResult",
    "candidates_of",
    "format_report",
    "normalise_phone",
    "propose",
    "rank",
    "read_results",
    "results_are_current",
    "results_data",
    "tally_campaign",
    "vote_files",
    "write_results",
]

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
RESULTS_FORMAT = 1
RESULTS_HEADER = (
    "# 计票结果：由 honours tally 根据本文件夹中的投票文件生成，请勿手工修改。\n"
    "# 投票文件有变动时重新运行 honours tally 即可。\n"
)
UNKNOWN_CODES_KEPT = 20  # the most-voted unknown codes kept in the results
_K = TypeVar("_K")
_V = TypeVar("_V")


# -- the tally -----------------------------------------------------------------------------


def tally_campaign(
    campaign: Campaign, candidates: list[Candidate], folder: Path, problems: Problems
) -> TallyResult:
    """Count the votes in `folder` (a campaign's `votes/`) under the campaign's rules."""
    rules = Rules.of(campaign)
    ordered = tuple(sorted(set(candidates)))
    files = vote_files(folder, problems)
    engine = Engine({c.code for c in ordered}, rules, len(files))
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
    """Read a `results.yml` back through the typed field readers, as every record file is:
    a file that is not what `write_results` wrote is reported where it differs, and not used."""
    errors = len(problems.errors)
    node = read_yaml_file(path, problems)
    result = None if node is None else _result_from(node, path, problems)
    if result is None or len(problems.errors) > errors:
        problems.error(Mark(path), DAMAGED)
        return None
    return result


def results_are_current(
    result: TallyResult,
    folder: Path,
    campaign: Campaign | None = None,
    candidates: Iterable[Candidate] | None = None,
) -> bool:
    """True when the vote files in `folder` are exactly those counted (by sha256), and, when
    given, the campaign's rules and the candidates are those the results were made with."""
    current = {path.name: fingerprint(path) for _, path in vote_files(folder, Problems())}
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


DAMAGED = "计票结果文件有误，未能读取：请重新运行 honours tally 生成，不要手工修改"
_TOP_KEYS = (
    "audit",
    "campaign",
    "candidates",
    "format",
    "inputs",
    "last_vote",
    "ranks",
    "rules",
    "unknown_codes",
)
_RULE_KEYS = ("per_phone", "per_phone_per_day", "several_codes", "weights", "window")
_CANDIDATE_KEYS = ("category", "nominee", "total", "votes")
_RANK_KEYS = ("code", "rank", "tie", "total")
_AUDIT_KEYS = ("rejected", "rows", "valid")
_ONLINE_AUDIT_KEYS = (*_AUDIT_KEYS, "rejected_votes", "votes")
_FILE_KEYS = ("channel", "counted", *_ONLINE_AUDIT_KEYS)
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _result_from(node: Node, path: Path, problems: Problems) -> TallyResult | None:
    """The results in a parsed `results.yml`; None when a part of it cannot be read."""
    errors = len(problems.errors)
    top = Fields(node, problems, Mark(path), _TOP_KEYS)
    version = top.integer("format", required=True)
    if version is None:
        return None
    if version != RESULTS_FORMAT:
        top.error("format", f"应为 {RESULTS_FORMAT}（本程序写出的格式），而不是 {version}")
        return None
    campaign = top.identifier("campaign", required=True)
    rules = _rules_from(_part(top, "rules", _RULE_KEYS))
    candidates = _candidates_from(_part(top, "candidates"), rules)
    audit = _part(top, "audit", ["channels", "files"])
    channels = files = None
    if audit is not None:
        channels = _channels_from(_part(audit, "channels", CHANNELS))
        files = _each(_part(audit, "files"), _file_from)
    inputs = _each(_part(top, "inputs"), _input_from)
    unknown_codes = _each(_part(top, "unknown_codes"), _unknown_from)
    last_vote = top.moment("last_vote")
    if (
        campaign is None
        or rules is None
        or candidates is None
        or channels is None
        or files is None
        or inputs is None
        or unknown_codes is None
    ):
        return None
    result = TallyResult(
        campaign=campaign,
        rules=rules,
        candidates=tuple(sorted(candidates)),
        counts={candidate.code: votes for candidate, votes in candidates.items()},
        ranks={},
        channels=channels,
        files=files,
        inputs=inputs,
        unknown_codes=unknown_codes,
        last_vote=last_vote,
    )
    result.ranks = rank(result)
    written = _ranks_from(_part(top, "ranks"))
    if written is not None and written != result.ranks and len(problems.errors) == errors:
        top.error("ranks", "与 candidates 中各候选人的合计票数算出的名次不符")
    return result


def _part(fields: Fields, key: str, allowed: Iterable[str] | None = None) -> Fields | None:
    """A required mapping of the results; None (reported) when it is missing or not a mapping.

    `allowed` None: its keys are data (codes, file names, categories), not field names."""
    node = fields.raw(key)
    if not isinstance(node, yamlfile.Mapping):
        fields.mapping(key, (), required=True)  # reports it missing, or not a mapping
        return None
    return fields.mapping(key, list(node.items) if allowed is None else allowed, required=True)


def _code_key(fields: Fields, key: str, minimum: int) -> int | None:
    """A key that is a voting code (an integer, at least `minimum`)."""
    if key.isascii() and key.isdigit() and int(key) >= minimum:
        return int(key)
    fields.problems.error(
        fields.key_marks[key],
        f"字段“{fields.where}”中的“{key}”应为编号（不小于 {minimum} 的整数）",
    )
    return None


def _numbers(fields: Fields | None, keys: Iterable[str]) -> dict[str, int] | None:
    """Every one of `keys`, each a whole number ≥ 0; None when one is missing or wrong."""
    if fields is None:
        return None
    numbers = {key: fields.integer(key, required=True) for key in keys}
    if None in numbers.values():
        return None
    return {key: number for key, number in numbers.items() if number is not None}


def _rules_from(fields: Fields | None) -> Rules | None:
    if fields is None:
        return None
    node = fields.raw("window")
    no_window = node is None or (isinstance(node, yamlfile.Scalar) and node.value is None)
    window = None if no_window else _part(fields, "window", ["start", "end"])
    start = window.moment("start", required=True) if window else None
    end = window.moment("end", required=True) if window else None
    weights = _numbers(_part(fields, "weights", CHANNELS), CHANNELS)
    several_codes = fields.enum("several_codes", SeveralCodes, required=True)
    per_phone_per_day = fields.integer("per_phone_per_day", minimum=1)
    per_phone = fields.integer("per_phone", minimum=1)
    if (
        (not no_window and (start is None or end is None))
        or weights is None
        or several_codes is None
    ):
        return None
    return Rules(
        start=start,
        end=end,
        per_phone_per_day=per_phone_per_day,
        per_phone=per_phone,
        several_codes=several_codes.value,
        weights=tuple((channel, weights[channel]) for channel in CHANNELS),
    )


def _candidates_from(
    entries: Fields | None, rules: Rules | None
) -> dict[Candidate, dict[str, int]] | None:
    """Each candidate and its valid votes by channel; a total must be what the votes make."""
    if entries is None:
        return None
    found: dict[Candidate, dict[str, int]] = {}
    for key in entries.items:
        code = _code_key(entries, key, 1)
        entry = _part(entries, key, _CANDIDATE_KEYS)
        if entry is None:
            continue
        nominee = entry.identifier("nominee", required=True)
        category = entry.identifier("category", required=True)
        votes = _numbers(_part(entry, "votes", CHANNELS), CHANNELS)
        total = entry.integer("total", required=True)
        if code is None or nominee is None or category is None or votes is None:
            continue
        if any(candidate.code == code for candidate in found):
            entries.error(key, f"与前面的编号 {code} 重复")
            continue
        found[Candidate(code, nominee, category)] = votes
        if rules is not None and total is not None:
            weighted = sum(votes[c] * rules.weight(c) for c in CHANNELS)
            if total != weighted:
                entry.error("total", f"应为各渠道票数乘以权重之和 {weighted}，而不是 {total}")
    return found


def _audit_from(fields: Fields | None, channel: str) -> FileAudit | None:
    """Rows, valid and rejected rows (and, for the online export, votes) of one audit."""
    if fields is None:
        return None
    rows = fields.integer("rows", required=True)
    valid = fields.integer("valid", required=True)
    rejected = _numbers(_part(fields, "rejected", REASONS), REASONS)
    if channel == "online":
        votes = fields.integer("votes", required=True)
        rejected_votes = _numbers(_part(fields, "rejected_votes", REASONS), REASONS)
    else:
        for key in ("votes", "rejected_votes"):
            if fields.has(key):
                fields.error(key, "只用于网络投票（online）：短信和热线每行就是一票")
        votes, rejected_votes = valid, rejected
    if rows is None or valid is None or votes is None or rejected is None or rejected_votes is None:
        return None
    if valid + sum(rejected.values()) != rows:
        fields.error("rows", f"应为有效行与各项无效行之和 {valid + sum(rejected.values())}")
        return None
    audit = FileAudit(rows=rows, valid=valid, votes=votes, channel=channel)
    audit.rejected.update(rejected)
    audit.rejected_votes.update(rejected_votes)
    return audit


def _channels_from(fields: Fields | None) -> dict[str, Audit] | None:
    if fields is None:
        return None
    audits = {
        channel: _audit_from(
            _part(fields, channel, _ONLINE_AUDIT_KEYS if channel == "online" else _AUDIT_KEYS),
            channel,
        )
        for channel in CHANNELS
    }
    plain = {channel: _plain(audit) for channel, audit in audits.items() if audit is not None}
    return plain if len(plain) == len(CHANNELS) else None


def _each(
    entries: Fields | None, read: Callable[[Fields, str], tuple[_K, _V] | None]
) -> dict[_K, _V] | None:
    """Every key of a mapping whose keys are data, read by `read` (which reports what it cannot
    read, and gives None then); None unless every one is read."""
    if entries is None:
        return None
    found: dict[_K, _V] = {}
    complete = True
    for key in entries.items:
        pair = read(entries, key)
        if pair is None:
            complete = False
        else:
            found[pair[0]] = pair[1]
    return found if complete else None


def _file_from(entries: Fields, name: str) -> tuple[str, FileAudit] | None:
    """A vote file's name and audit: its channel, whether it was counted, its rows."""
    entry = _part(entries, name, _FILE_KEYS)
    channel = entry.choice("channel", CHANNEL_KINDS, required=True) if entry else None
    audit = _audit_from(entry, channel) if entry and channel else None
    if entry is None or audit is None:
        return None
    audit.counted = entry.boolean("counted", default=True)
    return name, audit


def _input_from(entries: Fields, name: str) -> tuple[str, str] | None:
    """A vote file's name and the sha256 of its bytes."""
    sha = entries.text(name, required=True)
    if sha is not None and not _SHA256.fullmatch(sha):
        entries.error(name, f"应为文件的 sha256 值（64 位十六进制数），而不是“{sha}”")
        return None
    return None if sha is None else (name, sha)


def _unknown_from(entries: Fields, key: str) -> tuple[int, int] | None:
    """A most-voted code that is no candidate's, and its rejected votes."""
    code = _code_key(entries, key, 0)
    votes = entries.integer(key, required=True, minimum=1)
    return None if code is None or votes is None else (code, votes)


def _ranks_from(entries: Fields | None) -> dict[str, list[Ranked]] | None:
    """The ranks as written (the results' own are computed from the votes, then compared)."""
    if entries is None:
        return None
    ranks: dict[str, list[Ranked]] = {}
    for category in entries.items:
        ranked = []
        for item in entries.mappings(category, _RANK_KEYS, required=True):
            code = item.integer("code", required=True, minimum=1)
            total = item.integer("total", required=True)
            place = item.integer("rank", required=True, minimum=1)
            if code is None or total is None or place is None:
                return None
            ranked.append(Ranked(code, total, place, item.boolean("tie")))
        ranks[category] = ranked
    return ranks


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
        lines += text_table(header, rows)
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


def text_table(header: list[str], rows: list[list[str]], left: int = 1) -> list[str]:
    """Columns padded by display width (a CJK character is two columns); numbers right-aligned,
    column `left` (the names) left-aligned."""
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - _width(cell))
            out.append(cell + pad if i == left else pad + cell)
        return "  " + "  ".join(out).rstrip()

    return [line(header), *(line(row) for row in rows)]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
