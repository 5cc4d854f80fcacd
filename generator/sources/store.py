"""A small content-addressed cache under `.cache/<name>/`: values keyed by a hash of what they
were made from, kept between builds, never trusted over the source.

The key of an entry hashes everything its value depends on (the text it was made from, the
parameters, and the store's version, which a change of the making code bumps), so a stale
entry is never looked up: it is simply no longer asked for. Each store is two files:

* `entries.json`: key -> value (JSON only; nothing in the cache can run), rewritten only when
  an entry was added or pruned;
* `manifest.json`: the version, the number of runs that used the store, and for each key the
  last run that used it.

Pruning: an entry that none of the last `KEEP_RUNS` runs using the store asked for is dropped
when the store is saved. Deleting the folder is always safe: everything is made again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from .atomic import atomic_file

KEEP_RUNS = 5  # an entry unused by this many runs in a row goes at the next save
MANIFEST = "manifest.json"
ENTRIES = "entries.json"


def digest(*parts: str | bytes) -> str:
    """A key: SHA-256 of the parts, each length-prefixed (so ("ab", "c") ≠ ("a", "bc"))."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(f"{len(data)}:".encode())
        hasher.update(data)
    return hasher.hexdigest()[:32]


class Store:
    """One named cache. `get` marks an entry used; `save` prunes and writes (atomically)."""

    def __init__(self, folder: Path, version: str) -> None:
        self.folder = folder
        self.version = version
        self.run = 1
        self.used: dict[str, int] = {}
        self.entries: dict[str, Any] = {}
        # Until entries of this version are read, the file on disk is not ours: a save writes it
        # (else the next run would read another version's entries as its own).
        self._changed = True
        manifest = _read_json(folder / MANIFEST)
        if isinstance(manifest, dict) and manifest.get("version") == version:
            entries = _read_json(folder / ENTRIES)
            used, runs = manifest.get("used"), manifest.get("runs")
            if isinstance(entries, dict) and isinstance(used, dict) and _count(runs):
                self.entries = entries
                self.run = runs + 1
                # A run after the manifest's own count (a damaged file) counts as the last one,
                # so that the entry is still dropped once unused.
                self.used = {k: min(v, runs) for k, v in used.items() if k in entries and _count(v)}
                self._changed = len(self.used) != len(self.entries)

    def get(self, key: str) -> Any | None:
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = self.run
        return value

    def put(self, key: str, value: Any) -> None:
        self.entries[key] = value
        self.used[key] = self.run
        self._changed = True

    def save(self) -> None:
        """Drop what the last KEEP_RUNS runs did not use, then write. A cache that cannot be
        written (a read-only checkout) is no error: the next run makes its values again."""
        stale = [k for k in self.entries if self.used.get(k, 0) <= self.run - KEEP_RUNS]
        for key in stale:
            del self.entries[key]
            self.used.pop(key, None)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if self._changed or stale or not (self.folder / ENTRIES).is_file():
                _write_json(self.folder / ENTRIES, self.entries)
            _write_json(
                self.folder / MANIFEST,
                {"version": self.version, "runs": self.run, "used": self.used},
            )
        except OSError:
            return
        self._changed = False


def _count(value: object) -> TypeGuard[int]:
    """A run number as the manifest writes it (JSON has no other way to say a bool is no int)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _write_json(path: Path, value: Any) -> None:
    with atomic_file(path) as handle:
        handle.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


# -- what `honours cache` reports and clears -------------------------------------------------------
@dataclass(frozen=True)
class Usage:
    name: str  # the folder under .cache/
    files: int
    size: int  # bytes


def usage(cache_dir: Path) -> Iterator[Usage]:
    """Each folder of the cache with its files and their size."""
    if not cache_dir.is_dir():
        return
    for folder in sorted(p for p in cache_dir.iterdir() if p.is_dir()):
        files, size = 0, 0
        for path in folder.rglob("*"):
            try:  # a file a running build replaces or prunes meanwhile is simply not counted
                status = path.lstat()
            except OSError:
                continue
            if stat.S_ISREG(status.st_mode):
                files, size = files + 1, size + status.st_size
        yield Usage(folder.name, files, size)


def clear(cache_dir: Path) -> list[Path]:
    """Delete what the cache holds: every value is made again by the next build. The folder
    itself goes too, unless it is a link (a build would then find a dangling link where it
    makes the folder): then what it points to is emptied. Nothing a link inside points to is
    touched. Returns what could not be deleted."""
    failed: list[Path] = []

    def note(_function: object, path: str, _error: object) -> None:
        failed.append(Path(path))

    folder = cache_dir.resolve()
    if not folder.is_dir():
        return failed
    for child in sorted(folder.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, onerror=note)
        else:
            try:
                child.unlink()
            except OSError:
                failed.append(child)
    if not cache_dir.is_symlink() and not failed:
        try:
            folder.rmdir()
        except OSError:
            failed.append(folder)
    return failed
