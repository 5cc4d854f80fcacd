"""Messages built from optional clauses read as correct Chinese, with or without each clause."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.sources.messages import PUNCTUATED, sentence, suggestion

# Clause text: anything a message holds between its punctuation marks.
bodies = st.text(alphabet="人员记录不存在请先建立单位类别可选abc-123“”/ ", min_size=1, max_size=12)
# A clause, perhaps already ending in its own punctuation (as a suggestion ends in "？").
clauses = st.tuples(bodies, st.sampled_from(["", *sorted(PUNCTUATED)]))
# Absent clauses, as an optional one is when it has nothing to say.
absent = st.sampled_from([None, ""])
PUNCTUATION = f"[{''.join(sorted(PUNCTUATED))}]"


@given(st.lists(st.one_of(clauses, absent), max_size=6))
def test_one_mark_between_clauses_never_two_never_none(
    parts: list[tuple[str, str] | str | None],
) -> None:
    text = sentence(*("".join(part) if isinstance(part, tuple) else part for part in parts))
    present = [part for part in parts if isinstance(part, tuple)]
    expected = [body for body, _ in present]
    if present and present[-1][1]:
        expected.append("")  # the last clause's own mark ends the text
    # Split at the punctuation, the text gives back exactly the clauses: one mark between
    # each two (an empty piece would show a doubled mark, a merged one a missing mark).
    assert re.split(PUNCTUATION, text) == (expected or [""])


@given(st.lists(st.one_of(clauses.map("".join), absent), max_size=6))
def test_absent_clauses_leave_no_trace(parts: list[str | None]) -> None:
    assert sentence(*parts) == sentence(*(part for part in parts if part))
    assert not sentence(*parts).startswith("，")


@given(bodies, bodies, st.lists(bodies, max_size=5), st.booleans())
def test_with_and_without_a_suggestion(
    before: str, after: str, options: list[str], close: bool
) -> None:
    word = "wang-xiaomin"
    hint = suggestion(word, [*options, "wang-xiaoming"] if close else options)
    assert close <= (hint is not None)
    text = sentence(before, hint, after)
    if hint is None:
        assert text == f"{before}，{after}"
    else:
        assert re.fullmatch(r"您是否想写“.+”？", hint)
        assert text == f"{before}，{hint}{after}"


def test_the_nominee_message_both_ways() -> None:
    people = ["wang-xiaoming", "li-hua"]
    for nominee, expected in [
        ("li-si", "“li-si”在 people/ 中不存在，请先建立人员记录"),
        (
            "wang-xiaomin",
            "“wang-xiaomin”在 people/ 中不存在，您是否想写“wang-xiaoming”？请先建立人员记录",
        ),
    ]:
        found = sentence(
            f"“{nominee}”在 people/ 中不存在", suggestion(nominee, people), "请先建立人员记录"
        )
        assert found == expected


def test_a_suggestion_may_end_the_message() -> None:
    assert sentence("未知字段“catagory”", suggestion("catagory", ["category"])) == (
        "未知字段“catagory”，您是否想写“category”？"
    )
    assert sentence("未知字段“xyz”", suggestion("xyz", ["category"])) == "未知字段“xyz”"
