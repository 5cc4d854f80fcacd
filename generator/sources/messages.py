"""Messages in Chinese built from clauses, some of them optional, punctuated correctly either way."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

# A clause ending in one of these needs no "，" before the next one.
PUNCTUATED = frozenset("，、；：。？！")


def sentence(*clauses: str | None) -> str:
    """The non-empty clauses joined by "，", except after one that ends in punctuation.

    `sentence("“li-si”在 people/ 中不存在", suggestion(...), "请先建立人员记录")` reads
    correctly whether the suggestion ("您是否想写“x”？") is there or None.
    """
    text = ""
    for clause in clauses:
        if not clause:
            continue
        if text and text[-1] not in PUNCTUATED:
            text += "，"
        text += clause
    return text


def suggestion(word: str, options: Iterable[str]) -> str | None:
    """“您是否想写“x”？” for the option closest to a mistyped `word`, if one is close enough."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"您是否想写“{close[0]}”？" if close else None
