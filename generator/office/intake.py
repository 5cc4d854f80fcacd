"""`honours import`: every returned file read, each by what it is, every problem collected.

A file that is not what it says (a legacy .doc, a password, a damaged zip) is reported and
skipped; the others are still read, so one run lists everything that is wrong.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path

from ..model.loader import load_content
from ..sources.problems import Mark, Problem, Problems
from .docxform import read_form
from .importer import Plan, plan_import
from .openfile import kind_of, office_problem
from .readings import Reading
from .sheets import read_summary
from .storydoc import read_story_document


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
            reading = read_story_document(path) or read_form(path, problems)
            if reading is not None:
                readings.append(reading)
        elif kind == "xlsx":
            readings.extend(read_summary(path, problems))
    return readings


def import_files(root: Path, campaign_id: str, files: list[Path], problems: Problems) -> Plan:
    """What importing `files` into the records under `root` (content/) would change, checked
    as the records would be after writing it."""
    plan = plan_import(root, campaign_id, read_files(files, problems), problems)
    if not problems.errors:
        check_staged(plan, problems)
    return plan


def check_staged(plan: Plan, problems: Problems) -> None:
    """Write the plan into a linked copy of content/ and check that copy as `honours check`
    does: what the records would get wrong once written (a name too long, a story under the
    notice's length, a member who is no 中共党员) is an error now, named at the file it would be
    in, and nothing is written. Errors the records have already are not the import's."""
    if all(change.status == "unchanged" for change in plan.changes):
        return
    root = plan.root.resolve()
    before = {_key(p, root) for p in load_content(root).problems.errors}
    with tempfile.TemporaryDirectory(prefix=".honours-import-", dir=root.parent) as folder:
        copy = Path(folder) / root.name
        shutil.copytree(root, copy, copy_function=_link)
        dataclasses.replace(plan, root=copy).write()  # atomic writes: the links stay untouched
        for problem in load_content(copy).problems.errors:
            relative, message = _key(problem, copy.resolve())
            if (relative, message) not in before:
                mark = Mark(root / relative, problem.mark.line, problem.mark.column)
                problems.error(mark, f"导入后此记录将有错误：{message}")


def _key(problem: Problem, root: Path) -> tuple[str, str]:
    path = problem.mark.path
    relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    return relative, problem.message


def _link(source: str, target: str) -> None:
    """A hard link where the file system allows one (no bytes copied), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
