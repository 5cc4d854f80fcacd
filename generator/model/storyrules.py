"""The two texts of a nomination: the story (its Markdown body) and the form's 主要事迹 (its
`summary`). Their lengths, the titles a category requires, and the third person.

The seeds ask for both: “推荐表中‘主要事迹’栏字数原则上控制在200—400字” and “并附一份800字
左右先进事迹材料”. Where a category has a `summary` rule the story is the 事迹材料 and the
summary the 主要事迹; where it has none, the story is the 主要事迹, as it always was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..sources.problems import Mark, Problems
from ..sources.textcount import count_characters
from .records import Category, Deeds, Nomination

# 我 is a pronoun unless it is part of one of these words (自我提高, 忘我工作, 舍小我、顾大我) …
NOT_A_PRONOUN = ("自我", "忘我", "无我", "小我", "大我", "敌我", "你我", "唯我", "本我")
# … or the institutional first person usual in official texts (我市, 我中心: “our city”).
INSTITUTIONAL = (
    "我国",
    "我省",
    "我市",
    "我区",
    "我县",
    "我州",
    "我镇",
    "我乡",
    "我局",
    "我厅",
    "我委",
    "我院",
    "我校",
    "我党",
    "我军",
    "我中心",
    "我单位",
    "我街道",
)
# … except where the next character makes it a verb's subject again (我委托: “I entrust”).
PERSONAL_AFTER = ("我委托",)

# Quotation marks: what is quoted may say 我 (他常说：“我们多跑腿，群众少跑路。”).
OPENING = {"“": "”", "‘": "’", "「": "」", "『": "』"}
CLOSING = frozenset(OPENING.values())
STRAIGHT = '"'
_MARKS = re.compile('[“”‘’「」『』"我]')
EXCERPT = 8  # characters either side of the pronoun in a message


@dataclass(frozen=True)
class FirstPerson:
    """Where a text first says 我 in its own voice: line and column from 0, and the words
    around it as a message quotes them (……服务群众，我每天提前半小时……)."""

    line: int
    column: int
    excerpt: str


def first_person(text: str) -> FirstPerson | None:
    """The first 我/我们/我的 of `text` outside quotation marks (“…”, ‘…’, 「…」, 『…』, "…")
    and Markdown block quotes (> …), that is not a word of `NOT_A_PRONOUN` or `INSTITUTIONAL`.
    An unclosed quotation mark runs to the end of its paragraph."""
    quotes: list[str] = []  # the closing marks awaited, innermost last
    for number, line in enumerate(text.split("\n")):  # lines as the file counts them
        if not line.strip():
            quotes.clear()  # a paragraph ends: an unclosed quotation ends with it
            continue
        if line.lstrip().startswith(">"):
            continue
        for match in _MARKS.finditer(line):
            mark = match.group()
            if mark in OPENING:
                quotes.append(OPENING[mark])
            elif mark == STRAIGHT:
                if quotes and quotes[-1] == STRAIGHT:
                    quotes.pop()
                else:
                    quotes.append(STRAIGHT)
            elif mark in CLOSING:
                if mark in quotes:  # close it (and anything opened inside it and left open)
                    del quotes[len(quotes) - 1 - quotes[::-1].index(mark) :]
            elif not quotes and _pronoun(line, match.start()):
                return FirstPerson(number, match.start(), _excerpt(line, match.start()))
    return None


def _pronoun(line: str, at: int) -> bool:
    if any(line.startswith(word, at - 1) for word in NOT_A_PRONOUN if at > 0):
        return False
    if any(line.startswith(word, at) for word in PERSONAL_AFTER):
        return True
    return not any(line.startswith(word, at) for word in INSTITUTIONAL)


def _excerpt(line: str, at: int) -> str:
    text = line.strip()
    at -= len(line) - len(line.lstrip())
    start, end = max(0, at - EXCERPT), min(len(text), at + 1 + EXCERPT)
    return ("……" if start else "") + text[start:end] + ("……" if end < len(text) else "")


def check_texts(category: Category, nomination: Nomination, problems: Problems) -> None:
    """A published nomination's titles, story and summary against its category's rules."""
    for key, required, label in (
        ("title", category.title_required, "主标题"),
        ("subtitle", category.subtitle_required, "副标题"),
    ):
        if required and not getattr(nomination, key):
            problems.error(
                nomination.mark_of(key), f"类别“{category.name}”要求填写{label}：缺少字段“{key}”"
            )
    story = category.story_label
    length = count_characters(nomination.story)
    _check_length(problems, story, length, category, category.deeds, nomination.mark.shifted(0))
    if not category.asks_summary:
        return  # a summary is welcome, but has no rule to meet
    where = nomination.mark_of("summary")
    if nomination.summary is None:
        if category.summary.minimum:
            problems.error(
                where,
                f"类别“{category.name}”要求填写主要事迹（{rule_text(category.summary)}）：缺少字段“summary”",
            )
        return
    length = count_characters(nomination.summary)
    _check_length(problems, "主要事迹", length, category, category.summary, where)


def check_third_person(category: Category, nomination: Nomination, problems: Problems) -> None:
    """A warning where a person's story or summary speaks as 我 outside quotation marks: the
    seeds ask for 事迹材料 in the third person. Only the first occurrence of each text."""
    found = first_person(nomination.story)
    if found is not None:
        line = nomination.body_line + found.line
        problems.warning(
            Mark(nomination.mark.path, line, found.column + 1),
            f"{category.story_label}应使用第三人称：第 {line} 行“{found.excerpt}”",
        )
    found = first_person(nomination.summary or "")
    if found is not None:
        problems.warning(
            nomination.mark_of("summary"),
            f"字段“summary”（主要事迹）应使用第三人称：“{found.excerpt}”",
        )


def rule_text(deeds: Deeds) -> str:
    """A length rule in words: 200—400字, 不少于200字, 不超过400字, 500字左右."""
    if deeds.minimum and deeds.maximum:
        return f"{deeds.minimum}—{deeds.maximum}字"
    if deeds.minimum:
        return f"不少于{deeds.minimum}字"
    if deeds.maximum:
        return f"不超过{deeds.maximum}字"
    return f"{deeds.recommended}字左右"


def _check_length(
    problems: Problems, label: str, length: int, category: Category, deeds: Deeds, where: Mark
) -> None:
    name = category.name
    if deeds.minimum and length < deeds.minimum:
        problems.error(where, f"{label}只有 {length} 字，类别“{name}”要求至少 {deeds.minimum} 字")
    elif deeds.maximum and length > deeds.maximum:
        problems.error(where, f"{label}有 {length} 字，类别“{name}”要求不超过 {deeds.maximum} 字")
    elif deeds.recommended and length < deeds.recommended:
        problems.warning(
            where, f"{label}只有 {length} 字，类别“{name}”建议 {deeds.recommended} 字左右"
        )
