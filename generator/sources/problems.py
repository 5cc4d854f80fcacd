"""Problems found in the content: collected, sorted, printed in Chinese."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(Enum):
    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True, order=True)
class Mark:
    """A place in a source file; line and column count from 1. An office file has no lines:
    `where` names its cell (`C7`) or form field (`“出生年月”栏`) instead."""

    path: Path
    line: int = 1
    column: int = 1
    where: str = ""

    def shifted(self, lines: int) -> Mark:
        return Mark(self.path, self.line + lines, self.column)


@dataclass(frozen=True, order=True)
class Problem:
    mark: Mark
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def format(self, root: Path | None = None) -> str:
        path = display_path(self.mark.path, root)
        place = (
            f"{path}!{self.mark.where}"
            if self.mark.where
            else f"{path}:{self.mark.line}:{self.mark.column}"
        )
        return f"{place}: {self.severity.value}：{self.message}"


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as staff typed it: relative to `root` (or the working directory) when inside it."""
    base = root or Path.cwd()
    try:
        return (
            Path(os.path.relpath(path, base)).as_posix() if path.is_relative_to(base) else str(path)
        )
    except ValueError:
        return str(path)


_OS_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ELOOP: "符号链接形成了循环",
    errno.ENAMETOOLONG: "路径过长",
    errno.EIO: "磁盘读写出错",
}


def os_reason(error: OSError) -> str:
    """Why a file could not be read, in Chinese (the system's English stays out of messages)."""
    known = _OS_REASONS.get(error.errno or 0)
    if known:
        return known
    code = errno.errorcode.get(error.errno or 0)
    return f"系统错误（{code}）" if code else "系统错误"


class Problems:
    """Collects every problem of a run so that all of them are reported at once."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def error(self, mark: Mark, message: str) -> None:
        self._items.append(Problem(mark, message, Severity.ERROR))

    def warning(self, mark: Mark, message: str) -> None:
        self._items.append(Problem(mark, message, Severity.WARNING))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    @property
    def items(self) -> list[Problem]:
        return sorted(
            set(self._items),
            key=lambda p: (str(p.mark.path), p.mark.line, p.mark.column, p.mark.where, p.message),
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def report(self, root: Path | None = None) -> str:
        lines = [p.format(root) for p in self.items]
        counts = f"共 {len(self.errors)} 个错误，{len(self.warnings)} 个警告。"
        return "\n".join([*lines, counts])
