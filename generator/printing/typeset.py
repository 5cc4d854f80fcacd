"""Typst, the typesetting engine of every printed output: a template from the theme, the data
as JSON, the pictures alongside, the package's fonts only.

Each run typesets in a fresh folder that holds nothing but the templates, `data.json` and the
pictures, and Typst reads nothing outside it. What a record says reaches a template only as
JSON strings, which Typst shows as text: a name like `#set text(red)` prints as written.
The creation date is fixed (the build date), system fonts are ignored: the same records give
byte-identical PDFs and PNGs.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, is_dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Literal

from ..sources.fields import BEIJING
from .fonts import FONT_FOLDER, SANS, SERIF

TEMPLATE_FOLDER = "print"  # in the theme folders: print/<name>.typ (a centre's overrides first)
PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "theme" / TEMPLATE_FOLDER
DATA_FILE = "data.json"
Format = Literal["pdf", "png"]


class TypesetError(Exception):
    """A template Typst cannot typeset; the message is Chinese and names the template."""


def template_folders(custom_dirs: Iterable[Path] = ()) -> list[Path]:
    """Where templates are looked up, the package's first: a centre's files replace ours."""
    return [PACKAGE_TEMPLATES, *(d / TEMPLATE_FOLDER for d in custom_dirs)]


def build_timestamp(day: date, environ: Mapping[str, str] | None = None) -> datetime:
    """The PDFs' creation date: SOURCE_DATE_EPOCH when it is set (reproducible builds' own
    variable), else the build date at midnight, Beijing time."""
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=BEIJING)
    return datetime.combine(day, time(0, 0), tzinfo=BEIJING)


def as_json(value: object) -> object:
    """Dataclasses, tuples and dates as JSON values (a date as 2026年11月20日 is the data's
    own business: here it is ISO)."""
    if is_dataclass(value) and not isinstance(value, type):
        return as_json(asdict(value))
    if isinstance(value, Mapping):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def typeset(
    name: str,
    data: object,
    *,
    folders: list[Path],
    timestamp: datetime,
    pictures: Mapping[str, bytes | Path] | None = None,
    output: Format = "pdf",
    ppi: float | None = None,
) -> list[bytes]:
    """The template `print/<name>.typ` typeset with `data` (read by the template as
    `json("data.json")`) and `pictures` (by file name): one PDF, or one PNG per page."""
    import typst  # only when something is printed

    with tempfile.TemporaryDirectory(prefix="honours-print-") as folder:
        root = Path(folder)
        for source in folders:  # later folders (a centre's) replace earlier ones
            if source.is_dir():
                for path in source.glob("*.typ"):
                    shutil.copyfile(path, root / path.name)
        main = root / f"{name}.typ"
        if not main.is_file():
            raise TypesetError(f"找不到排版模板 {TEMPLATE_FOLDER}/{name}.typ")
        document = {"fonts": {"serif": SERIF, "sans": SANS}, "data": as_json(data)}
        (root / DATA_FILE).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        for file_name, picture in (pictures or {}).items():
            target = root / file_name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(picture, Path):
                shutil.copyfile(picture, target)
            else:
                target.write_bytes(picture)
        compiler = typst.Compiler(
            main, root=root, font_paths=[FONT_FOLDER], ignore_system_fonts=True
        )
        try:
            result = compiler.compile(format=output, ppi=ppi, timestamp=timestamp)
        except typst.TypstError as error:
            where = _where(folders, name)
            raise TypesetError(f"排版模板 {where} 无法排版：{error.message}") from None
    if result is None:
        return []
    return result if isinstance(result, list) else [result]


def _where(folders: list[Path], name: str) -> str:
    """The template as staff find it: the centre's file if it has one."""
    for folder in reversed(folders):
        if (folder / f"{name}.typ").is_file():
            return str(folder / f"{name}.typ")
    return f"{TEMPLATE_FOLDER}/{name}.typ"
