"""Publishing a build atomically: one build at a time, each in its own staging folder, swapped
in only when it is whole.

A failed or interrupted build leaves the previous site as it was and no half-written one; a
second build started while one runs waits for it (and says so) instead of sharing its folder.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

# How long a second build waits for the one running before it gives up.
WAIT_SECONDS = 600.0
# What every MkDocs site has: a site without them is not whole, whatever else it has.
ALWAYS = ("index.html", "assets")


class PublishError(Exception):
    """The site was not published; the message says why, in Chinese."""


@dataclass
class Staging:
    """A build in progress: its own folder, and the lock that keeps other builds waiting."""

    site_dir: Path
    folder: Path
    lock: FileLock
    info: Path
    expected: list[str] = field(default_factory=list)  # pages the build must write


def lock_paths(lock_dir: Path, site_dir: Path) -> tuple[Path, Path]:
    """The lock file and the note beside it saying which build holds it."""
    name = f"build-{site_dir.name}.lock"
    return lock_dir / name, lock_dir / f"{name}.json"


def prepare(
    site_dir: Path,
    lock_dir: Path,
    on_wait: Callable[[str], None] | None = None,
    wait: float = WAIT_SECONDS,
) -> Staging:
    """Take the build lock (waiting for a running build) and make a fresh staging folder."""
    site_dir = site_dir.resolve()
    lock_dir.mkdir(parents=True, exist_ok=True)
    lock_file, info = lock_paths(lock_dir, site_dir)
    lock = FileLock(lock_file)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        running = _holder(info)
        if on_wait is not None:
            on_wait(f"另一次网站生成正在进行（{running}），等它结束后再开始……")
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise PublishError(
                f"另一次网站生成（{running}）已进行超过 {int(wait)} 秒仍未结束，本次没有生成网站。"
                f"如确认没有生成在进行，请删除 {lock_file} 后重试"
            ) from None
    info.write_text(
        json.dumps(
            {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for leftover in site_dir.parent.glob(f".{site_dir.name}.building-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # of a build that was killed: we hold the lock
    folder = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    return Staging(site_dir, folder, lock, info)


def missing(staging: Staging) -> list[str]:
    """What a whole site would have and the staged one lacks."""
    wanted = [*ALWAYS, *staging.expected]
    return [path for path in wanted if not (staging.folder / path).exists()]


def swap_in(staging: Staging) -> None:
    """Replace the site by the staged one with two renames, if the staged one is whole."""
    try:
        lacking = missing(staging)
        if lacking:
            shown = "、".join(lacking[:5]) + (f" 等 {len(lacking)} 项" if len(lacking) > 5 else "")
            raise PublishError(f"网站没有生成完整（缺少 {shown}），原来的网站保持不变")
        site_dir = staging.site_dir
        old = site_dir.parent / f".{site_dir.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        if site_dir.exists():
            os.replace(site_dir, old)
        os.replace(staging.folder, site_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        discard(staging)


def discard(staging: Staging) -> None:
    """Remove the staging folder (if still there) and let the next build run."""
    shutil.rmtree(staging.folder, ignore_errors=True)
    if staging.lock.is_locked:
        staging.info.unlink(missing_ok=True)
        staging.lock.release()


def expect(staging: Staging, pages: Iterable[str]) -> None:
    """Pages (paths inside the site) that a whole build must have written."""
    staging.expected.extend(pages)


def _holder(info: Path) -> str:
    try:
        data = json.loads(info.read_text(encoding="utf-8"))
        started = time.strftime("%H:%M:%S", time.localtime(float(data["started"])))
        return f"进程 {int(data['pid'])}，{data['host']}，开始于 {started}"
    except (OSError, ValueError, KeyError, TypeError):
        return "进程未知"
