"""`honours import`: every returned file read, each by what it is, every problem collected.

A file that is not what it says (a legacy .doc, a password, a damaged zip) is reported and
skipped; the others are still read, so one run lists everything that is wrong.
"""

from __future__ import annotations

from pathlib import Path

from ..sources.problems import Mark, Problems
from .docxform import read_form
from .importer import Plan, plan_import
from .openfile import kind_of, office_problem
from .readings import Reading
from .sheets import read_summary


def read_files(files: list[Path], problems: Problems) -> list[Reading]:
    """The readings of every file, in the order given (a later file wins a field)."""
    readings: list[Reading] = []
    for path in files:
        kind = kind_of(path)
        problem = office_problem(path, kind or "docx")
        if problem is not None:
            problems.error(Mark(path), problem)
            continue
        if kind == "docx":
            reading = read_form(path, problems)
            if reading is not None:
                readings.append(reading)
        elif kind == "xlsx":
            readings.extend(read_summary(path, problems))
    return readings


def import_files(root: Path, campaign_id: str, files: list[Path], problems: Problems) -> Plan:
    """What importing `files` into the records under `root` (content/) would change."""
    return plan_import(root, campaign_id, read_files(files, problems), problems)
