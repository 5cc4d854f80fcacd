"""Counting the length of a story as the seed forms mean it (“500字左右”)."""

from __future__ import annotations

import re
import unicodedata

_HTML_TAG = re.compile(r"<[^>]+>")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_FENCE = re.compile(r"^(```|~~~).*$", re.MULTILINE)


def count_characters(markdown: str) -> int:
    """CJK characters, letters and digits; not spaces, punctuation or markup.

    Every Han character, kana or Hangul syllable counts one, and so does every
    Latin letter and digit; Markdown and HTML syntax do not count.
    """
    text = _FENCE.sub("", _LINK_TARGET.sub("]", _HTML_TAG.sub("", markdown)))
    return sum(1 for char in text if unicodedata.category(char)[0] in "LN")
