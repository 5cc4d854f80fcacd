"""What one returned form, or one row of a 汇总表, says: cells by field, before they are read
as record values (`office.importer` does that, naming each cell in its messages)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.records import RecordKind
from ..sources.problems import Mark
from .layout import Key
from .values import Cell


@dataclass(frozen=True)
class Photo:
    data: bytes
    suffix: str  # ".jpg" or ".png", as the image's own bytes say


@dataclass
class Reading:
    """One nomination as a file gives it.

    `cells` holds only the fields the file has a cell or column for, as the cell holds them
    (text, or the number or date Excel stored); an empty cell is "". A field the file has no
    cell for is missing from `cells`: the record keeps what it has.
    """

    source: Path
    kind: RecordKind | None  # a form's kind (its layout); None for a sheet's row
    cells: dict[Key, Cell] = field(default_factory=dict)
    places: dict[Key, str] = field(default_factory=dict)  # "C7" or "“出生年月”栏"
    row: str = ""  # "第7行" for a sheet's row, "" for a form
    story: str | None = None  # the 主要事迹 box (or a 事迹材料's story) as Markdown
    box_text: str | None = None  # the 主要事迹 box as plain lines (a summary, where one is asked)
    story_document: bool = False  # a 事迹材料 document, not a form
    photo: Photo | None = None  # the picture in the form's 照片 cell

    def mark(self, key: Key | None = None) -> Mark:
        """Where a field is, for a message: the cell, or the row, or the file."""
        where = self.places.get(key, "") if key is not None else ""
        return Mark(self.source, where=where or self.row)
