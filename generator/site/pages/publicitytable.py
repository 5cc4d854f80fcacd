"""The 公示's table, one rule for the page (`publicity.py`) and the printed notice
(`printing/notices.py`): which columns a category's table has, and what each cell says.

Persons: 序号, 姓名, the facts the publish policy allows (性别, 民族, 出生年份, 政治面貌: a column
only when some row has that fact), 单位及职务 (the unit and the post in one cell, the unit not
repeated when the post names it), 简要事迹, then 得票 where the counts are published and 综合得分
where the campaign shows its combined score. Windows and branches: 序号, 名称, their own facts
(窗口负责人, 工作人员 …), 所属单位, 简要事迹 (and the same two numbers).

简要事迹 is never blank: the nomination's `summary` (the form's 主要事迹) cut to a sentence or so,
else the title (——subtitle), else the opening of the story as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ...model.records import Nomination, RecordKind
from ...sources.richtext import BodyRenderer, plain_text
from ..views import NominationView, PersonView, Views

# The facts of a person a 公示 carries, in its order, when the publish policy allows them
# (labels as `PUBLISHABLE_PERSON_FIELDS` gives them; 入党时间 is the profile's, not the 公示's).
PERSON_COLUMNS = ("性别", "民族", "出生年份", "政治面貌")
EXCERPT = 40  # characters of a story's opening the 简要事迹 shows (no summary, no title)
SUMMARY_EXCERPT = 60  # characters of a summary the 简要事迹 shows
_SENTENCE_ENDS = "。！？；"
_CLAUSE_ENDS = "，、："
NO_DEEDS = "详见推荐材料"  # a story with no text at all (the 简要事迹 is never blank)


class ColumnKind(StrEnum):
    """What a column holds: the page and the print size and align columns by it."""

    INDEX = "index"  # 序号
    NAME = "name"  # 姓名 / 名称 (the page links it to the profile)
    FACT = "fact"  # 性别, 民族 … or a window's 窗口负责人 …
    UNIT = "unit"  # 单位及职务 / 所属单位
    DEEDS = "deeds"  # 简要事迹
    VOTES = "votes"  # 得票
    SCORE = "score"  # 综合得分


class DeedsSource(StrEnum):
    """Where a 简要事迹 comes from (the print's font check names that field)."""

    SUMMARY = "summary"
    TITLE = "title"
    STORY = "story"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str  # a ColumnKind's value (plain text: the print gives it to Typst as JSON)


@dataclass(frozen=True)
class Deeds:
    text: str
    source: DeedsSource


@dataclass(frozen=True)
class PublicityRow:
    nomination: NominationView
    cells: tuple[str, ...]  # one text per column
    deeds: Deeds


@dataclass(frozen=True)
class PublicityTable:
    category: str  # the category's name
    columns: tuple[Column, ...]
    rows: tuple[PublicityRow, ...]

    @property
    def nominations(self) -> list[NominationView]:
        return [row.nomination for row in self.rows]


# -- the rules ----------------------------------------------------------------------------------
def unit_shown(person: PersonView) -> str | None:
    """A person's unit as printed beside their post: not when the post names it already
    (综合受理大厅主任), nor a window's or a branch's unit that is the record itself."""
    unit = person.unit.name if person.unit else None
    if unit is None or unit == person.name or (person.position and unit in person.position):
        return None
    return unit


def unit_and_position(person: PersonView) -> str:
    """税务综合窗口发票业务岗: the unit and the post, as a 公示 writes them."""
    return (unit_shown(person) or "") + (person.position or "")


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The first ~`limit` characters of a text: whole sentences when one ends by `limit` and a
    quarter more, or to the last clause with “……”, or cut with “……”."""
    if len(text) <= limit:
        return text
    longest = text[: limit + limit // 4]
    sentence = max(longest.rfind(c) for c in _SENTENCE_ENDS)
    if sentence >= limit // 2:
        return longest[: sentence + 1]
    head = text[:limit]
    clause = max(head.rfind(c) for c in _CLAUSE_ENDS)
    if clause >= limit // 2:
        return head[:clause] + "……"
    return head + "……"


def one_line(text: str) -> str:
    """A text of several lines (a summary's paragraphs) as one: Chinese lines run together, a
    space only between two lines of Latin letters or digits."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    joined = ""
    for line in lines:
        if joined and joined[-1].isascii() and line[0].isascii():
            joined += " "
        joined += line
    return joined


def deeds(nomination: NominationView, story: Callable[[NominationView], str]) -> Deeds:
    """The 简要事迹: the summary cut to a sentence or ~60 characters, else 主标题——副标题, else
    the opening of the story (`story` gives its plain text; asked only when needed)."""
    if nomination.summary and nomination.summary.strip():
        return Deeds(excerpt(one_line(nomination.summary), SUMMARY_EXCERPT), DeedsSource.SUMMARY)
    if nomination.title:
        text = nomination.title
        if nomination.subtitle:
            text += f"——{nomination.subtitle}"
        return Deeds(text, DeedsSource.TITLE)
    return Deeds(excerpt(story(nomination)) or NO_DEEDS, DeedsSource.STORY)


def score_text(score: float) -> str:
    """A combined score as the 公示 prints it: two decimals (87.50)."""
    return f"{score:.2f}"


def publicity_table(
    category: str, group: Sequence[NominationView], story: Callable[[NominationView], str]
) -> PublicityTable:
    """A category's table: its columns (each only when some row has something in it) and, per
    nomination, one text per column."""
    people = [n.person for n in group]
    facts = [dict(p.facts) for p in people]
    labels = [label for label in PERSON_COLUMNS if any(label in f for f in facts)]
    for person in people:  # a window's or a branch's own facts, in the order they come
        if person.kind != RecordKind.PERSON:
            for label, _ in person.facts:
                if label not in labels:
                    labels.append(label)
    units = [unit_and_position(p) for p in people]
    found = [deeds(n, story) for n in group]
    votes = any(n.votes is not None for n in group)
    scores = any(n.score is not None for n in group)
    columns = [Column("序号", ColumnKind.INDEX), Column(name_label(people), ColumnKind.NAME)]
    columns += [Column(label, ColumnKind.FACT) for label in labels]
    if any(units):
        columns.append(Column(unit_label(people), ColumnKind.UNIT))
    columns.append(Column("简要事迹", ColumnKind.DEEDS))
    if votes:
        columns.append(Column("得票", ColumnKind.VOTES))
    if scores:
        columns.append(Column("综合得分", ColumnKind.SCORE))
    rows = []
    for index, nomination in enumerate(group):
        row = [str(index + 1), nomination.person.name]
        row += [facts[index].get(label, "") for label in labels]
        if any(units):
            row.append(units[index])
        row.append(found[index].text)
        if votes:
            row.append("" if nomination.votes is None else str(nomination.votes))
        if scores:
            row.append("" if nomination.score is None else score_text(nomination.score))
        rows.append(PublicityRow(nomination, tuple(row), found[index]))
    return PublicityTable(
        category, tuple(Column(c.label, str(c.kind)) for c in columns), tuple(rows)
    )


def name_label(people: Sequence[PersonView]) -> str:
    kinds = {p.kind for p in people}
    if kinds == {RecordKind.PERSON}:
        return "姓名"
    return "名称" if RecordKind.PERSON not in kinds else "姓名/名称"


def unit_label(people: Sequence[PersonView]) -> str:
    return "单位及职务" if any(p.kind == RecordKind.PERSON for p in people) else "所属单位"


# -- the stories, as plain text -----------------------------------------------------------------
class Stories:
    """The records behind nomination views and their stories as plain text, rendered only when
    asked (a 简要事迹 falls back to a story's opening only without a summary and a title)."""

    def __init__(self, views: Views) -> None:
        self._records = {(n.campaign, n.file_id): n for n in views.content.nominations}
        self._renderer: BodyRenderer | None = None

    def record(self, nomination: NominationView) -> Nomination | None:
        file_id = nomination.src_uri.rsplit("/", 1)[-1].removesuffix(".md")
        return self._records.get((nomination.campaign_id, file_id))

    def text(self, nomination: NominationView) -> str:
        """The story as a reader sees it: Markdown rendered, tags gone, one line."""
        record = self.record(nomination)
        if record is None:
            return ""
        if self._renderer is None:
            self._renderer = BodyRenderer()
        return plain_text(self._renderer.html(record.story))
