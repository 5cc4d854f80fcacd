"""The numbers every sheet reads (generator/sources/numbers.py): whole counts and votes, signed
scores with decimals, as staff and exports type them; anything else is None, for the sheet to
name at its cell."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from generator.sources.numbers import decimal_text, whole_number

FULL_WIDTH = str.maketrans("0123456789,.+-", "０１２３４５６７８９，．＋－")
counts = st.integers(min_value=0, max_value=10**12)
spaces = st.sampled_from(["", " ", "  ", "\u3000", "\t"])


@given(counts, spaces, spaces)
def test_a_count_reads_as_written_in_every_form(number: int, before: str, after: str) -> None:
    for written in (str(number), f"{number:,}", f"{number:,}".translate(FULL_WIDTH)):
        assert whole_number(before + written + after) == number, written
        assert whole_number(f"{written}人次", ("人次", "次", "人")) == number, written
        assert whole_number(f"{written}人次") is None  # a unit only where the sheet allows it


@given(
    st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False),
    st.booleans(),
    spaces,
)
def test_a_score_reads_as_written_with_its_places(number: Decimal, plus: bool, around: str) -> None:
    written = f"+{number}" if plus and number >= 0 else str(number)
    places = len(written.partition(".")[2])
    for form in (written, written.translate(FULL_WIDTH), written.replace("-", "−")):
        found = decimal_text(around + form + around)
        assert found is not None, form
        assert Decimal(found[0]) == number and found[1] == places, form
    assert decimal_text(f"{written}分", ("分",)) == decimal_text(written)


@given(st.text(alphabet="0123456789,.+-abc分 ", max_size=12))
def test_anything_else_is_none_and_what_is_read_is_a_number(text: str) -> None:
    count = whole_number(text)
    if count is not None:
        assert count >= 0 and text.strip().replace(",", "").replace(" ", "").isdigit()
    found = decimal_text(text)
    if found is not None:
        Decimal(found[0])  # reads as a number, whatever was written
        assert "," not in found[0] and "分" not in found[0]


def test_malformed_numbers_are_not_numbers() -> None:
    for written in ("", "1,23", "12,3456", ",123", "1.5", "-1", "七", "1 2 3 a"):
        assert whole_number(written) is None, written
    for written in ("", "--1", "1.", ".5", "1.2.3", "+", "八十五", "85分"):
        assert decimal_text(written) is None, written
