"""How a story's length is counted (sources/textcount.py), as the seed forms mean “字”."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from generator.sources.textcount import _LETTER_OR_DIGIT, count_characters


def test_the_pattern_is_exactly_the_letters_and_digits_of_unicode() -> None:
    """Over every code point, the regex's letter-or-digit is Unicode's categories L* and N*."""
    differ = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if (unicodedata.category(chr(code))[0] in "LN")
        != bool(_LETTER_OR_DIGIT.fullmatch(chr(code)))
    ]
    assert differ == []


@given(st.text())
def test_plain_text_counts_its_letters_and_digits(text: str) -> None:
    plain = text.replace("<", "").replace("](", "").replace("`", "").replace("~", "")
    expected = sum(1 for char in plain if unicodedata.category(char)[0] in "LN")
    assert count_characters(plain) == expected


def test_markup_punctuation_and_spaces_do_not_count() -> None:
    story = "## 为民服务\n\n他**十年**如一日，办件 1200 件。<br>[详见](https://example.org/a)"
    assert count_characters(story) == len("为民服务他十年如一日办件1200件详见")
