"""Files a record may name or a folder may list: only those inside `content/`, symlinks
resolved first, so a link can't bring a file from elsewhere on the machine into the site."""

from __future__ import annotations

from pathlib import Path

LINKED_OUT = "是指向 content/ 文件夹之外的符号链接，不会被读取：请换成文件本身"


def inside(root: Path, path: Path) -> bool:
    """`path`, every symlink resolved, is `root` (resolved) or under it."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links, or unreadable
        return False
