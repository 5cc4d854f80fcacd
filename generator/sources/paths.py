"""Files a record may name or a folder may list: only those inside `content/`, symlinks
resolved first, so a link can't bring a file from elsewhere on the machine into the site."""

from __future__ import annotations

import os
import stat
from pathlib import Path, PureWindowsPath

from .fields import Fields, hidden_character, shown

LINKED_OUT = "是指向 content/ 文件夹之外的符号链接，不会被读取：请换成文件本身"


def inside(root: Path, path: Path) -> bool:
    """`path`, every symlink resolved, is `root` (resolved) or under it."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links, or unreadable
        return False


def picture_file(
    fields: Fields,
    key: str,
    written: str | None,
    base: Path,
    root: Path,
    wording: tuple[str, str, str],
) -> Path | None:
    """The picture `written` at `key` (a record's photo, a board's image), relative to the
    folder `base`: only when it is a regular file inside `root` (the resolved `content/`).

    Symlinks are resolved first; a path that leads outside `root`, however it gets there, is
    an error and the file is not looked at beyond resolving its path: never stat'ed, never
    opened. Inside, only a regular file will do (not a folder, a FIFO or a device). `wording`
    is (what it is, a path written from `base`, where in content/ it goes): (照片,
    photos/wang.jpg, people/photos/)."""
    noun, example, home = wording
    if not written or hidden_character(written):  # a control character is reported already
        return None
    if Path(written).is_absolute() or PureWindowsPath(written).drive:
        fields.error(
            key, f"应为相对于本文件的路径（如 {example}），而不是绝对路径“{shown(written)}”"
        )
        return None
    joined = base / written
    try:
        path = joined.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        fields.error(key, f"指向的“{shown(written)}”无法解析：符号链接形成了循环")
        return None
    if not path.is_relative_to(root):
        if Path(os.path.normpath(joined)).is_relative_to(root):
            fields.error(
                key,
                f"指向的“{shown(written)}”是链接到 {root.name}/ 之外的符号链接："
                f"请把{noun}本身放进 {root.name}/ 文件夹",
            )
        else:
            fields.error(
                key,
                f"指向的“{shown(written)}”在 {root.name}/ 文件夹之外："
                f"{noun}须放在 {root.name}/ 之内（如 {home}）",
            )
        return None
    try:
        mode = path.stat().st_mode
    except OSError:
        fields.error(key, f"指向的{noun}“{shown(written)}”不存在")
        return None
    if stat.S_ISDIR(mode):
        fields.error(key, f"指向的“{shown(written)}”是文件夹，不是{noun}")
        return None
    if not stat.S_ISREG(mode):
        fields.error(
            key, f"指向的“{shown(written)}”不是普通文件（可能是管道或设备），不能作为{noun}"
        )
        return None
    return path
