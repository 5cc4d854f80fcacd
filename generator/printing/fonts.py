"""The fonts of printed output: shipped in the package, found without the system's.

The PDFs and posters are typeset with these fonts only (system fonts are ignored), so that a
kit looks the same, and is byte for byte the same, on every machine. `coverage.txt` lists
every character they have: a record with a character outside it gets a warning naming the
record and the field, never a blank box left to be found on paper.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_FOLDER = Path(__file__).resolve().parent.parent / "theme" / "print" / "fonts"
COVERAGE_FILE = "coverage.txt"
SERIF = "Noto Serif CJK SC"  # body text: 宋体-like
SANS = "Noto Sans CJK SC"  # titles, names, codes, posters: 黑体-like


@cache
def covered() -> frozenset[str]:
    """Every character the shipped fonts can show."""
    return frozenset((FONT_FOLDER / COVERAGE_FILE).read_text(encoding="utf-8"))


def missing(text: str) -> str:
    """The characters of `text` the fonts cannot show (spaces and line breaks aside), in order,
    each once."""
    found: dict[str, None] = {}
    have = covered()
    for char in text:
        if char not in have and not char.isspace():
            found[char] = None
    return "".join(found)
