"""Counting the length of a story as the seed forms mean it (“500字左右”)."""

from __future__ import annotations

import re

_HTML_TAG = re.compile(r"<[^>]+>")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_FENCE = re.compile(r"^(```|~~~).*$", re.MULTILINE)
# A letter or a digit: `\w` is what `str.isalnum` accepts (and `_`), which over every code point
# is exactly Unicode's categories L* and N* (tests/test_textcount.py checks all of them); one
# regex pass instead of `unicodedata.category` per character, ~10 times faster.
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def count_characters(markdown: str) -> int:
    """CJK characters, letters and digits; not spaces, punctuation or markup.

    Every Han character, kana or Hangul syllable counts one, and so does every
    Latin letter and digit; Markdown and HTML syntax do not count.
    """
    text = _FENCE.sub("", _LINK_TARGET.sub("]", _HTML_TAG.sub("", markdown)))
    return len(_LETTER_OR_DIGIT.findall(text))
