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

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path

import yaml

from ..model.records import CHANNEL_KINDS, Campaign
from ..sources.atomic import atomic_file
from ..sources.fields import BEIJING
from ..sources.problems import Mark, Problems
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
