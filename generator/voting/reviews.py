"""The committee's score sheets (评审得分表) of a campaign with `scoring:` (综合评议).

`content/campaigns/<id>/review/*.csv`: one file per judge (the file's name, without .csv, is
the judge) or one sheet with a 评委 column. Each row scores one candidate, found by its
编号 (vote code) or 姓名 (published name), with a 得分 of 0–100 (at most two decimals).
A candidate's review score is the mean of its judges' scores, kept exact (`Fraction`).
Every problem is reported at once, at its file, line and column; with any error the
campaign has no review scores. See docs/votes.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path

from ..model.records import Campaign, Content, PeriodName
from ..sources.csvfile import WORKBOOK, CsvRows, header_name, read_sheet
from ..sources.datetext import cn_date
from ..sources.messages import sentence, suggestion
from ..sources.numbers import decimal_text
from ..sources.paths import LINKED_OUT, inside
from ..sources.problems import Mark, Problems
from .tallyrecords import candidates_of

REVIEW_FOLDER = "review"
# Column headers (compared after NFKC, without spaces, lower case); the first is the label.
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("编号", "code", "候选人编号", "投票编号"),
    "name": ("姓名", "name", "名称", "候选人"),
    "score": ("得分", "score", "评分", "分数", "评审得分"),
    "judge": ("评委", "judge", "评委姓名"),
}
MAX_SCORE = 100
IGNORED = "评选活动没有设置综合评议（scoring:），review/ 中的评审得分表不会使用，已忽略"
NOT_SHEET = (
    "不是评审得分表，已忽略：评审得分表应为 CSV 文件（Excel 中“另存为”“CSV UTF-8（逗号分隔）”）"
)
_CODE = re.compile(r"(\d{1,9})号?")

Cell = tuple[str, tuple[int, int]]  # a cell's text (stripped) and its (line, column)


@dataclass(frozen=True)
class Reviews:
    """A campaign's review scores: each candidate's mean, and how many judges scored each
    category (the judges' own scores stay in the sheets, never published)."""

    means: dict[int, Fraction]  # code -> mean of its judges' scores
    judges: dict[str, int]  # category id -> judges who scored it


def campaign_reviews(
    content: Content, problems: Problems, today: date | None = None
) -> dict[str, Reviews]:
    """The review scores of every campaign with `scoring:` and score sheets, by campaign id."""
    found = {}
    for campaign in content.campaigns.values():
        reviews = read_reviews(content, campaign, problems, today)
        if reviews is not None:
            found[campaign.id] = reviews
    return found


def read_reviews(
    content: Content, campaign: Campaign, problems: Problems, today: date | None = None
) -> Reviews | None:
    """The campaign's review scores; None when it has no `scoring:`, no sheets yet, or errors.
    With `today` after its voting has ended, having no sheets is an error."""
    folder = content.root / "campaigns" / campaign.id / REVIEW_FOLDER
    used = campaign.scoring is not None
    files: list[Path] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name) if folder.is_dir() else []:
        lower = path.name.lower()
        if path.name.startswith("."):
            continue
        if not inside(content.root, path):
            problems.error(Mark(path), LINKED_OUT)
        elif lower.endswith(".csv") and path.is_file():
            files.append(path)
        elif used and lower.endswith((".xlsx", ".xls", ".et")):
            problems.error(Mark(path), WORKBOOK)
        elif used:
            problems.warning(Mark(path), NOT_SHEET)
    if not used:
        if files:
            problems.warning(Mark(folder), IGNORED)
        return None
    voting = campaign.period(PeriodName.VOTING)
    ended = cn_date(voting.end.date()) if voting and today and voting.end.date() < today else ""
    return _Reading(content, campaign, folder, ended).read(files, problems)


class _Reading:
    """One campaign's sheets read together: a judge may appear in several files."""

    def __init__(self, content: Content, campaign: Campaign, folder: Path, ended: str) -> None:
        self.campaign, self.folder, self.ended = campaign, folder, ended
        candidates = candidates_of(content.nominations_of(campaign.id))
        people = content.people
        self.category = {c.code: c.category for c in candidates}
        self.names = {
            c.code: p.name if (p := people.get(c.nominee)) else c.nominee for c in candidates
        }
        self.by_name: dict[str, list[int]] = {}
        for code, name in self.names.items():
            self.by_name.setdefault(unicodedata.normalize("NFKC", name), []).append(code)
        # (judge, code) -> the score (None: unreadable, reported) and where the row names it
        self.scores: dict[tuple[str, int], tuple[Fraction | None, Mark]] = {}
        self.problems = Problems()
        self.path, self.rows = folder, CsvRows.of_text("")

    def read(self, files: list[Path], problems: Problems) -> Reviews | None:
        for path in files:
            self.path = path
            self._sheet(path.stem)
        if not self.scores and self.ended and not self.problems.errors:
            self.problems.error(
                Mark(self.folder),
                f"评选活动采用综合评议（scoring:），投票已于{self.ended}结束，但还没有评审得分："
                "请把评委的评分表（CSV 文件）放在 review/ 文件夹中，格式见 docs/votes.md",
            )
        judges = self._complete() if self.scores else {}
        problems.extend(self.problems.items)
        if self.problems.errors or not self.scores:
            return None
        given: dict[int, list[Fraction]] = {}
        for (_, code), (score, _) in sorted(self.scores.items()):
            given.setdefault(code, []).append(score or Fraction(0))  # None only with errors
        means = {code: sum(scores, Fraction(0)) / len(scores) for code, scores in given.items()}
        return Reviews(dict(sorted(means.items())), judges)

    def error(self, at: tuple[int, int], message: str) -> None:
        self.problems.error(Mark(self.path, *at), message)

    def _complete(self) -> dict[str, int]:
        """Each judge scores every candidate of a category they score; once voting has ended,
        every category has scores. Returns how many judges scored each category."""
        panels: dict[str, dict[str, list[Mark]]] = {}  # category -> judge -> marks
        for (judge, code), (_, mark) in self.scores.items():
            panels.setdefault(self.category[code], {}).setdefault(judge, []).append(mark)
        for category in self.campaign.categories:
            codes = sorted(code for code, cid in self.category.items() if cid == category.id)
            panel = panels.get(category.id, {})
            if codes and not panel and self.ended:
                self.problems.error(
                    Mark(self.folder),
                    f"评审得分表中没有“{category.name}”的评分：采用综合评议的活动，"
                    "每个类别的候选人都要有评审得分",
                )
            for judge, marks in sorted(panel.items()):
                missing = [
                    f"{self.names[c]}（{c}号）" for c in codes if (judge, c) not in self.scores
                ]
                if missing:
                    self.problems.error(
                        Mark(min(marks).path, min(marks).line),  # the judge's first such row
                        f"评委“{judge}”没有给“{category.name}”的候选人{'、'.join(missing)}评分："
                        "评委须为所评类别的每位候选人打分",
                    )
        return {
            category.id: len(panels.get(category.id, {})) for category in self.campaign.categories
        }

    def _sheet(self, stem: str) -> None:
        text, unreadable = read_sheet(self.path)
        if text is None:
            assert unreadable is not None
            line, column, message = unreadable
            self.error((line, column), message)
            return
        self.rows = CsvRows.of_text(text)
        header = next((row for row in self.rows if any(c.strip() for c in row)), None)
        columns = self._columns(header) if header is not None else None
        if columns is not None:
            judge = unicodedata.normalize("NFKC", stem).strip()
            for row in self.rows:
                if any(cell.strip() for cell in row):
                    self._row(row, columns, judge)
        if self.rows.problem is not None:
            line, column, message = self.rows.problem
            self.error((line, column), message)

    def _columns(self, header: list[str]) -> dict[str, int] | None:
        at_header, found, errors = (self.rows.start, 1), {}, len(self.problems.errors)
        named = set()
        for key, aliases in COLUMNS.items():
            at = [i for i, cell in enumerate(header) if header_name(cell) in aliases]
            named.update([key] if at else [])
            if len(at) > 1:
                which = "、".join(f"第 {i + 1} 列“{header[i].strip()}”" for i in at)
                self.error(at_header, f"有多列都可作“{aliases[0]}”：{which}，请只留一列")
            elif at:
                found[key] = at[0]
        for keys in (("code", "name"), ("score",)):
            if not named.intersection(keys):
                label = "”或“".join(COLUMNS[key][0] for key in keys)
                listed = "、".join(alias for key in keys for alias in COLUMNS[key])
                self.error(at_header, f"缺少“{label}”列（表头可写：{listed}）")
        return None if len(self.problems.errors) > errors else found

    def _row(self, row: list[str], columns: dict[str, int], judge: str) -> None:
        start = self.rows.start

        def cell(key: str) -> Cell:
            index = columns.get(key, len(row))
            text = row[index].strip() if index < len(row) else ""
            return text, self.rows.position(start, index)

        written, judge_at = cell("judge") if "judge" in columns else (judge, (start, 1))
        written = unicodedata.normalize("NFKC", written)
        code, at = self._candidate(cell("code"), cell("name"), start)
        value = self._value(*cell("score"))
        if not written:
            self.error(judge_at, "缺少评委")
        if code is None or not written:
            return
        first = self.scores.get((written, code))
        if first is None:
            self.scores[(written, code)] = (value, Mark(self.path, *at))
            return
        mark = first[1]
        where = f"{'' if mark.path == self.path else mark.path.name + ' '}第 {mark.line} 行"
        self.error(
            at,
            f"评委“{written}”已在{where}给{self.names[code]}（{code}号）评过分："
            "同一评委对同一候选人只能评一次",
        )

    def _candidate(self, code: Cell, name: Cell, start: int) -> tuple[int | None, tuple[int, int]]:
        """The candidate a row scores, by its code (checked against a name given beside it),
        else by its name; None (reported) unless exactly one is found."""
        (written, at), (named, name_at) = code, name
        named = unicodedata.normalize("NFKC", named)
        if not written and not named:
            self.error((start, 1), "缺少候选人的编号或姓名")
            return None, at
        if not written:
            found = self.by_name.get(named, [])
            if len(found) == 1:
                return found[0], name_at
            if found:
                same = "、".join(f"{named}（{c}号）" for c in found)
                self.error(name_at, f"姓名“{named}”对应多位候选人：{same}，请加上“编号”列区分")
            else:
                listed = "、".join(f"{n}（{c}号）" for c, n in sorted(self.names.items()))
                hint = suggestion(named, self.by_name)
                self.error(
                    name_at, sentence(f"“{named}”不是本活动的候选人", hint, f"候选人有：{listed}")
                )
            return None, name_at
        match = _CODE.fullmatch(unicodedata.normalize("NFKC", written))
        number = int(match.group(1)) if match else 0
        if number not in self.names:
            codes = "、".join(str(c) for c in sorted(self.names))
            problem = "不是本活动候选人的编号" if match else "应写作数字"
            self.error(at, f"编号“{written}”{problem}（候选人编号：{codes}）")
            return None, at
        if named and named != unicodedata.normalize("NFKC", self.names[number]):
            known = self.names[number]
            self.error(name_at, f"姓名“{named}”与编号 {number} 的候选人“{known}”不一致：请核对编号")
            return None, at
        return number, at

    def _value(self, text: str, at: tuple[int, int]) -> Fraction | None:
        """A score as judges type it (`85`, `85.5`, `８５．５`, `90分`): 0–100, two decimals."""
        found = decimal_text(text, ("分",))
        if not text or found is None:
            self.error(at, f"得分“{text}”不是数字" if text else "缺少得分")
            return None
        value = Fraction(found[0])
        if not 0 <= value <= MAX_SCORE:
            self.error(at, f"得分应在 0 到 {MAX_SCORE} 之间（现为 {text}）")
            return None
        if found[1] > 2:
            self.error(at, f"得分最多保留两位小数（现为 {text}）")
            return None
        return value
