"""Numbers in a cell as staff and exports type them: full-width digits (１２３), thousands
separators (1,234 and 1，234), spaces, the typographic minus (−3), a unit after (12人次, 90分).
Every sheet reads them here (votes, star ratings, review scores, 评议 counts); each keeps its
own range, decimal places and messages."""

from __future__ import annotations

import re
import unicodedata

_WHOLE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.([0-9]+))?")


def plain(text: str, units: tuple[str, ...] = ()) -> str:
    """`text` in ASCII as far as NFKC makes it (full-width digits and commas), without spaces,
    with `-` for the typographic minus and without the first of `units` it ends with."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).replace("−", "-")
    text = text.strip().replace(" ", "")
    for unit in units:
        if text.endswith(unit):
            return text[: -len(unit)]
    return text


def whole_number(text: str, units: tuple[str, ...] = ()) -> int | None:
    """A whole number ≥ 0 (`1234`, `1,234`, `１２３`, `12人次` with units ("人次",)); None when
    the cell holds anything else."""
    written = plain(text, units)
    if not _WHOLE.fullmatch(written):
        return None
    return int(written.replace(",", ""))


def decimal_text(text: str, units: tuple[str, ...] = ()) -> tuple[str, int] | None:
    """A number with an optional sign and decimals (`85`, `+2`, `-3`, `８５．５`, `90分` with
    units ("分",)) as plain ASCII for Decimal or Fraction, and its decimal places; None when
    the cell holds anything else."""
    written = plain(text, units)
    match = _DECIMAL.fullmatch(written)
    return (written, len(match.group(1) or "")) if match else None
