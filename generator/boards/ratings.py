"""Monthly star ratings (星级党员): the 双百分 assessment of party members, month by month.

Ratings live in `content/ratings/`:

* `rules.yml`      — the score bands (total → stars), the per-branch limit and the tie rule;
* `<YYYY-MM>.csv`  — one file per month, one row per member: 党建得分 (branch score, 21
  indicators, out of 100), 业务得分 (business score, 35 indicators, out of 100) and an
  optional 加减分 (adjustment, -20..+20).

total = branch score + business score + adjustment. A member's stars come from the
first band (highest first) whose `min` the total reaches; then each branch keeps at
most `per_branch` star members, highest totals first; members tied at the limit are
all kept (`ties: include`) or all left out (`ties: exclude`).

A month file with any error contributes nothing (the month is left out, like a vote
file); every error is reported with file, line and column. Without a valid
`rules.yml` no month is loaded, but every file is still checked. See docs/ratings.md.

This module does not depend on MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from ..model.records import Content
from ..sources.csvfile import CsvRows, header_name, read_sheet
from ..sources.fields import Fields
from ..sources.messages import sentence, suggestion
from ..sources.numbers import decimal_text
from ..sources.paths import LINKED_OUT, inside
from ..sources.problems import Mark, Problems
from ..sources.yamlfile import read_yaml_file

RATINGS_DIR = "ratings"
RULES_NAME = "rules.yml"
TIES = {"include": "并列的都计入", "exclude": "并列的都不计入"}
PARTY_STATUSES = ("中共党员", "中共预备党员")
STAR_LABELS = {1: "一星", 2: "二星", 3: "三星", 4: "四星", 5: "五星"}
MAX_STARS = 5
SCORE_RANGE = (Decimal(0), Decimal(100))
ADJUSTMENT_RANGE = (Decimal(-20), Decimal(20))
TOTAL_MAX = SCORE_RANGE[1] * 2 + ADJUSTMENT_RANGE[1]  # 220: the highest total there can be

# Column headers (compared after NFKC, without spaces, lower case); the first is the label.
COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("人员编号", "person"),
    "branch_score": ("党建得分", "branch_score"),
    "business_score": ("业务得分", "business_score"),
    "adjustment": ("加减分", "adjustment"),
    "note": ("备注", "note"),
    "name": ("姓名", "name"),  # optional, checked against the person's record
    "total": ("总分", "total"),  # optional, checked against the sum
    "row": ("序号", "no"),  # optional, ignored
}
REQUIRED = ("person", "branch_score", "business_score")
NOT_COUNTED = "整个文件未计入"

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_MAX_ERRORS = 10  # errors reported per month file before a summary line
_RULE_KEYS = ("bands", "per_branch", "ties")


# -- records -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rating:
    """One member's assessment in one month; `stars` is what they were awarded (0: none)."""

    person: str
    branch_score: float
    business_score: float
    adjustment: float
    note: str | None
    total: float
    stars: int
    mark: Mark


@dataclass(frozen=True)
class StarRules:
    bands: tuple[tuple[float, int], ...]  # (min total, stars), highest first
    per_branch: int | None  # star members per branch and month; None: no limit
    ties: str  # at the limit: include | exclude

    def band(self, total: float) -> int:
        """The stars a total earns by the bands alone (0 below the last band)."""
        return next((stars for minimum, stars in self.bands if total >= minimum), 0)


@dataclass
class Month:
    month: str  # "2026-10"
    ratings: list[Rating]  # every member rated, ordered like `stars`
    stars: list[Rating]  # the star members: by branch, then total (desc), then person id

    @property
    def label(self) -> str:
        return month_label(self.month)

    def by_branch(self, content: Content) -> dict[str, list[Rating]]:
        """Branch id -> its star members; every branch of units.yml (in its order), even empty."""
        groups: dict[str, list[Rating]] = {
            unit.id: [] for unit in content.units.values() if unit.kind == "branch"
        }
        for rating in self.stars:
            branch = _branch_of(content, rating.person)
            if branch is not None:
                groups.setdefault(branch, []).append(rating)
        return groups

    def by_floor(self, content: Content) -> dict[str, list[Rating]]:
        """Floor label -> star members on it: the floor of the member's unit, else of the
        member's branch; members with neither are left out. Floors in natural order."""
        groups: dict[str, list[Rating]] = {}
        for rating in self.stars:
            floor = _floor_of(content, rating.person)
            if floor is not None:
                groups.setdefault(floor, []).append(rating)
        ordered = sorted(groups, key=_natural)
        return {
            floor: sorted(groups[floor], key=lambda r: (-r.total, _natural(r.person)))
            for floor in ordered
        }


def month_label(month: str) -> str:
    """`2026-10` → `2026年10月`, `2026-08` → `2026年8月`."""
    year, number = month.split("-")
    return f"{year}年{int(number)}月"


def stars_label(stars: int) -> str:
    """5 → 五星, 4 → 四星 … 1 → 一星; 0 → an empty string."""
    if stars <= 0:
        return ""
    return STAR_LABELS.get(stars, f"{stars}星")


def latest(months: Mapping[str, Month]) -> Month | None:
    """The most recent month, or None when there is none."""
    return months[max(months)] if months else None


def star_months(months: Mapping[str, Month], person_id: str) -> list[tuple[str, int]]:
    """(month, stars) for every month the person was a star member, newest first."""
    found = []
    for month in sorted(months, reverse=True):
        for rating in months[month].stars:
            if rating.person == person_id:
                found.append((month, rating.stars))
    return found


def award_stars(
    ratings: Iterable[Rating], branches: Mapping[str, str], rules: StarRules
) -> list[Rating]:
    """Every rating with the stars it is awarded, ordered by branch, total (desc), person id.

    Stars come from the bands; then in each branch (`branches`: person id -> branch id)
    only the `per_branch` highest totals keep theirs. When members tie across the limit,
    `ties: include` keeps all of them (the branch then has more), `exclude` none of them
    (it has fewer). The result never depends on the order of `ratings`.
    """
    by_branch: dict[str, list[Rating]] = {}
    for rating in ratings:
        by_branch.setdefault(branches[rating.person], []).append(rating)
    awarded: list[Rating] = []
    for branch in sorted(by_branch, key=_natural):
        members = sorted(by_branch[branch], key=lambda r: (-r.total, _natural(r.person)))
        earned = [r for r in members if rules.band(r.total) > 0]
        chosen = earned
        limit = rules.per_branch
        if limit is not None and len(earned) > limit:
            edge = earned[limit - 1].total
            if earned[limit].total < edge:
                chosen = earned[:limit]
            elif rules.ties == "include":
                chosen = [r for r in earned if r.total >= edge]
            else:
                chosen = [r for r in earned if r.total > edge]
        keep = {r.person for r in chosen}
        awarded.extend(
            replace(r, stars=rules.band(r.total) if r.person in keep else 0) for r in members
        )
    return awarded


# -- loading -------------------------------------------------------------------------------


def load_ratings(content: Content, problems: Problems) -> dict[str, Month]:
    """Every month of `content/ratings/`, by month; {} when there is no such folder."""
    folder = content.root / RATINGS_DIR
    if not folder.is_dir():
        return {}
    files: dict[str, Path] = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        name = path.name
        if name.startswith(".") or name == RULES_NAME:
            continue
        if not inside(content.root, path):
            problems.error(Mark(path), LINKED_OUT)
            continue
        if path.is_dir():
            problems.warning(Mark(path), "ratings/ 中的子文件夹不会被读取，已忽略")
            continue
        if path.suffix.lower() != ".csv":
            hint = "月度评分请另存为“CSV UTF-8（逗号分隔）”，" if _is_sheet(name) else ""
            problems.warning(
                Mark(path),
                f"不是月度评分文件，已忽略：{hint}文件名应为 YYYY-MM.csv（如 2026-10.csv）",
            )
            continue
        month = _month_of(path.stem)
        if month is None:
            problems.error(
                Mark(path),
                f"文件名“{name}”不是有效的月份：应写作 YYYY-MM.csv（如 2026-10.csv）。{NOT_COUNTED}",
            )
            continue
        if month in files:
            problems.error(
                Mark(path), f"与“{files[month].name}”是同一个月份，请合并为一个文件。{NOT_COUNTED}"
            )
            continue
        files[month] = path

    rules_path = folder / RULES_NAME
    rules = None
    if rules_path.is_file():
        if inside(content.root, rules_path):
            rules = read_rules(rules_path, problems)
        else:
            problems.error(Mark(rules_path), LINKED_OUT)
    elif files:
        problems.error(
            Mark(rules_path),
            "缺少星级评定规则文件 ratings/rules.yml：有月度评分文件时，须写明星级分档（bands），"
            "格式见 docs/ratings.md",
        )

    months: dict[str, Month] = {}
    for month in sorted(files):
        ratings = _read_month(files[month], content, problems)
        if ratings is None or rules is None:
            continue
        if not ratings:
            problems.warning(Mark(files[month]), "文件中没有评分行，本月未计入")
            continue
        branches = {r.person: _branch_of(content, r.person) or "" for r in ratings}
        awarded = award_stars(ratings, branches, rules)
        months[month] = Month(month, awarded, [r for r in awarded if r.stars > 0])
    return months


def read_rules(path: Path, problems: Problems) -> StarRules | None:
    """`ratings/rules.yml`, or None (with problems recorded) when it is not valid."""
    errors = len(problems.errors)
    node = read_yaml_file(path, problems)
    if node is None:
        if len(problems.errors) == errors:
            problems.error(Mark(path), "文件是空的：请写明星级分档 bands，格式见 docs/ratings.md")
        return None
    top = Fields(node, problems, Mark(path), _RULE_KEYS)
    bands: list[tuple[Decimal, int]] = []
    items = top.mappings("bands", ["min", "stars"], required=True)
    if top.has("bands") and not items and len(problems.errors) == errors:
        top.error("bands", "至少要有一档（如 - {min: 180, stars: 4}）")
    for band in items:
        minimum = _rule_number(band, "min")
        stars = band.integer("stars", required=True, minimum=1, maximum=MAX_STARS)
        if minimum is None or stars is None:
            continue
        if bands:
            previous_min, previous_stars = bands[-1]
            if minimum >= previous_min:
                band.error("min", f"应低于上一档的 {previous_min}：bands 须按分数从高到低排列")
                continue
            if stars >= previous_stars:
                band.error("stars", f"应少于上一档的 {previous_stars} 星：分数越低，星级越低")
                continue
        bands.append((minimum, stars))
    per_branch = top.integer("per_branch", minimum=1)
    ties = top.choice("ties", TIES, default="include") or "include"
    if len(problems.errors) > errors:
        return None
    return StarRules(tuple((float(m), s) for m, s in bands), per_branch, ties)


def _rule_number(band: Fields, key: str) -> Decimal | None:
    text = band.text(key, required=True)
    if text is None:
        return None
    number, places = _parse_number(text)
    if number is None or not 0 <= number <= TOTAL_MAX:
        band.error(key, f"应为 0 到 {TOTAL_MAX} 之间的分数，而不是“{text}”")
        return None
    if places > 1:
        band.error(key, f"最多保留一位小数（现为 {text}）")
        return None
    return number


# -- month files -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    line: int  # where the row starts
    cells: list[str]


class _Month:
    """The reading of one month file: errors are kept, and the file counts only without any."""

    def __init__(self, path: Path, content: Content) -> None:
        self.path = path
        self.content = content
        self.errors: list[tuple[Mark, str]] = []
        self.bad_people = False  # a person whose own record has problems reported elsewhere
        self.seen: dict[str, int] = {}  # person id -> the line of their first row
        self.csv = CsvRows.of_text("")  # the file's rows, once `read` has its text

    def error(self, line: int, column: int, message: str) -> None:
        self.errors.append((Mark(self.path, line, column), message))

    def report(self, problems: Problems) -> None:
        for mark, message in self.errors[:_MAX_ERRORS]:
            stop = "" if message.endswith(("？", "。")) else "。"
            problems.error(mark, f"{message}{stop}{NOT_COUNTED}")
        if len(self.errors) > _MAX_ERRORS:
            more = len(self.errors) - _MAX_ERRORS
            problems.error(self.errors[_MAX_ERRORS][0], f"另有 {more} 处问题。{NOT_COUNTED}")

    def read(self) -> list[Rating] | None:
        text = self._text()
        if text is None:
            return None
        self.csv = CsvRows.of_text(text)
        rows = [_Row(self.csv.start, cells) for cells in self.csv if any(c.strip() for c in cells)]
        columns = self._columns(rows[0]) if rows else None
        ratings: list[Rating] = []
        if columns is not None:  # the rows before malformed CSV are checked too
            width = len(rows[0].cells)
            ratings = [r for row in rows[1:] if (r := self._rating(row, columns, width))]
        if self.csv.problem is not None:
            self.error(*self.csv.problem)
        if self.errors or self.bad_people:
            return None
        return ratings

    # -- text and cells ------------------------------------------------------------------------
    def _text(self) -> str | None:
        text, unreadable = read_sheet(self.path)
        if unreadable is not None:
            self.error(*unreadable)
        return text

    def at(self, row: _Row, index: int | None) -> tuple[int, int]:
        """(line, column) of a cell of the row; the row's start for a cell it does not have."""
        if index is None or index >= len(row.cells):
            return row.line, 1
        return self.csv.position(row.line, index)

    def _columns(self, header: _Row) -> dict[str, int] | None:
        known = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
        columns: dict[str, int] = {}
        for index, cell in enumerate(header.cells):
            name = header_name(cell)
            if not name:
                continue
            key = known.get(name)
            if key is None:
                accepted = [alias for aliases in COLUMNS.values() for alias in aliases]
                listed = "、".join(aliases[0] for aliases in COLUMNS.values())
                self.error(
                    *self.at(header, index),
                    sentence(
                        f"未知的列“{cell.strip()}”",
                        suggestion(name, accepted),
                        f"可用的列：{listed}",
                    ),
                )
            elif key in columns:
                self.error(
                    *self.at(header, index),
                    f"“{COLUMNS[key][0]}”列重复：第 {columns[key] + 1} 列已是“{COLUMNS[key][0]}”",
                )
            else:
                columns[key] = index
        for key in REQUIRED:
            if key not in columns:
                listed = "、".join(COLUMNS[key])
                self.error(header.line, 1, f"缺少“{COLUMNS[key][0]}”列（表头可写：{listed}）")
        return None if self.errors else columns

    # -- one row ---------------------------------------------------------------------------------
    def _rating(self, row: _Row, columns: dict[str, int], width: int) -> Rating | None:
        used = set(columns.values())
        for index, cell in enumerate(row.cells):
            if index not in used and cell.strip():
                hint = (
                    "这一列没有表头：请补上表头，或删去这一列的内容"
                    if index < width
                    else f"表头只有 {width} 列：内容里的逗号要用英文双引号括起来"
                )
                self.error(
                    *self.at(row, index), f"第 {index + 1} 列有内容“{cell.strip()}”，但{hint}"
                )
                return None

        def text_of(key: str) -> str:
            index = columns.get(key)
            return row.cells[index].strip() if index is not None and index < len(row.cells) else ""

        def place(key: str) -> tuple[int, int]:
            return self.at(row, columns.get(key))

        errors = len(self.errors)
        person_id = text_of("person")
        if not person_id:
            self.error(*place("person"), "缺少人员编号")
        elif person_id in self.seen:
            self.error(
                *place("person"),
                f"人员“{person_id}”重复：第 {self.seen[person_id]} 行已有此人的评分",
            )
        else:
            self.seen[person_id] = place("person")[0]
            self._check_person(person_id, place("person"), text_of("name"), place("name"))
        scores = [
            self._number(key, text_of(key), place(key), *SCORE_RANGE)
            for key in ("branch_score", "business_score")
        ]
        adjustment: Decimal | None = Decimal(0)
        if text_of("adjustment"):
            adjustment = self._number(
                "adjustment", text_of("adjustment"), place("adjustment"), *ADJUSTMENT_RANGE
            )
        branch, business = scores
        if len(self.errors) > errors or branch is None or business is None or adjustment is None:
            return None
        total = branch + business + adjustment
        written = text_of("total")
        if written:
            number, _ = _parse_number(written)
            if number != total:
                self.error(
                    *place("total"),
                    f"总分“{written}”与计算结果不符：党建得分 + 业务得分 + 加减分 = {_show(total)}",
                )
                return None
        return Rating(
            person=person_id,
            branch_score=float(branch),
            business_score=float(business),
            adjustment=float(adjustment),
            note=text_of("note") or None,
            total=float(total),
            stars=0,
            mark=Mark(self.path, *place("person")),
        )

    def _check_person(
        self, person_id: str, at: tuple[int, int], name: str, name_at: tuple[int, int]
    ) -> None:
        content = self.content
        person = content.people.get(person_id)
        if person is None:
            if person_id in content.unreadable:
                self.bad_people = True  # its own file's problems are reported already
                return
            people = [p.id for p in content.people.values() if p.kind == "person"]
            self.error(
                *at,
                sentence(
                    f"人员编号“{person_id}”在 people/ 中不存在", suggestion(person_id, people)
                ),
            )
            return
        record = f"people/{person.id}.md"
        if person.kind != "person":
            self.error(*at, f"“{person_id}”是{person.kind_label}记录，星级党员只评个人")
            return
        if name and name != person.name:
            self.error(
                *name_at,
                f"姓名“{name}”与人员记录 {record} 中的“{person.name}”不一致：请核对人员编号",
            )
        if person.political_status is not None and person.political_status not in PARTY_STATUSES:
            self.error(
                *at,
                f"“{person.name}”的政治面貌是{person.political_status}（见 {record}），"
                "星级党员只评中共党员和预备党员",
            )
        branches = [u.id for u in content.units.values() if u.kind == "branch"]
        if person.branch is None:
            listed = f"（可选：{'、'.join(branches)}）" if branches else ""
            self.error(
                *at,
                f"“{person.name}”没有所属党支部，无法上榜：请在 {record} 中加一行“branch: 支部编号”{listed}",
            )
        elif person.branch not in branches:
            self.bad_people = True  # reported on the person's record by the content checks

    def _number(
        self, key: str, text: str, at: tuple[int, int], low: Decimal, high: Decimal
    ) -> Decimal | None:
        label = COLUMNS[key][0]
        if not text:
            self.error(*at, f"缺少{label}")
            return None
        number, places = _parse_number(text)
        if number is None:
            self.error(*at, f"{label}“{text}”不是数字")
            return None
        if not low <= number <= high:
            span = f"{low} 到 +{high}" if low < 0 else f"{low} 到 {high}"
            self.error(*at, f"{label}应在 {span} 之间（现为 {text}）")
            return None
        if places > 1:
            self.error(*at, f"{label}最多保留一位小数（现为 {text}）")
            return None
        return number


def _read_month(path: Path, content: Content, problems: Problems) -> list[Rating] | None:
    """A month's ratings (stars not yet awarded); None when the file has any error."""
    reading = _Month(path, content)
    ratings = reading.read()
    reading.report(problems)
    return None if reading.errors else ratings


# -- helpers -----------------------------------------------------------------------------------


def _parse_number(text: str) -> tuple[Decimal | None, int]:
    """A score as staff type it (`85`, `85.5`, `+2`, `-3`, `８５`): (value, decimal places)."""
    found = decimal_text(text)
    if found is None:
        return None, 0
    return Decimal(found[0]), found[1]


def _show(number: Decimal) -> str:
    return format(number.normalize(), "f") if number == number.to_integral() else str(number)


def _month_of(stem: str) -> str | None:
    match = _MONTH.match(stem)
    if not match or not 1900 <= int(match.group(1)) <= 2100 or not 1 <= int(match.group(2)) <= 12:
        return None
    return stem


def _is_sheet(name: str) -> bool:
    return name.lower().endswith((".xlsx", ".xls", ".et", ".numbers"))


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key in which runs of digits compare as numbers: `branch-2` before `branch-10`."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part
    )


def _branch_of(content: Content, person_id: str) -> str | None:
    person = content.people.get(person_id)
    return person.branch if person is not None else None


def _floor_of(content: Content, person_id: str) -> str | None:
    person = content.people.get(person_id)
    if person is None:
        return None
    unit = content.units.get(person.unit)
    if unit is not None and unit.floor:
        return unit.floor
    branch = content.units.get(person.branch or "")
    return branch.floor if branch is not None else None
