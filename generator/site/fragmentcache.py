"""The HTML of each generated page's fragment, kept in `.cache/fragments/` between builds, so
that a page whose fragment would come out the same is not rendered again.

A fragment's HTML depends on the page's spec (its kind, title and typed context), the page's
body HTML, its URL and `site_url`, the templates, and the URLs of the pages it links to. The
key of an entry hashes all of them but the last: the spec by its digest (`incremental.Digests`),
the templates by their source. The entry keeps, beside the HTML, the site URL of each page it
links to; it is used only while every one of them is still where it was, so a page that moved
or went renders again (and a link to a page that went is reported as ever). It keeps too the
QR codes the fragment shows, so that their cache keeps them while the page is kept.

The entries live in one SQLite file (`fragments.sqlite`): a thousand pages are a few megabytes
and a build reads only the entries it asks for, one at a time. Its `manifest` table holds the
version and the number of runs; each entry notes the last run that used it, and an entry that
`KEEP_RUNS` whole builds in a row did not use is dropped (a partial build, `serve --dirty`,
drops nothing). A file that cannot be read or written is no error: it is made again, or the
build renders every fragment. Deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from ..sources.store import KEEP_RUNS, digest

FRAGMENTS_FOLDER = "fragments"  # inside the cache folder
DATABASE = "fragments.sqlite"
# Bump when what a fragment is rendered from changes beyond the templates and the spec (render.py,
# the globals the fragments see): every fragment is then rendered again once.
VERSION = "1"
BATCH = 256  # new entries written at a time, so a large cold build does not hold them all

SCHEMA = """
CREATE TABLE IF NOT EXISTS manifest (version TEXT NOT NULL, runs INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS fragments (
    key TEXT PRIMARY KEY, html TEXT NOT NULL, refs TEXT NOT NULL, used INTEGER NOT NULL
) WITHOUT ROWID;
"""

Links = tuple[tuple[str, str], ...]  # (src_uri, site URL) of each page a fragment links to
Codes = tuple[tuple[str, str], ...]  # (text, title) of each QR code a fragment shows


@dataclass(frozen=True)
class Kept:
    html: str
    links: Links
    codes: Codes


class KeptFragments:
    """One build's view of the kept fragments. `key` makes an entry's key from the page's own
    parts (the parameters and templates given here go into every key); `get` and `put` read and
    add; `save` writes what this build used and made, and prunes."""

    def __init__(self, folder: Path, templates: Iterable[str | bytes], site_url: str) -> None:
        self.path = folder / DATABASE
        self._params = digest(
            VERSION, version("jinja2"), version("markupsafe"), site_url, *templates
        )
        self._run = 1
        self._used: list[str] = []
        self._new: list[tuple[str, str, str, int]] = []
        self._db = self._open()

    def key(self, *parts: str | bytes) -> str:
        return digest(self._params, *parts)

    def get(self, key: str) -> Kept | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT html, refs FROM fragments WHERE key = ?", (key,))
            found = row.fetchone()
        except sqlite3.Error:
            self._fail()
            return None
        kept = _kept(found[0], found[1]) if found is not None else None
        if kept is not None:
            self._used.append(key)
        return kept

    def put(self, key: str, html: str, links: Links, codes: Codes) -> None:
        if self._db is None:
            return
        written = json.dumps({"links": links, "codes": codes}, ensure_ascii=False)
        self._new.append((key, html, written, self._run))
        if len(self._new) >= BATCH:
            self._write_new()

    def save(self, partial: bool = False) -> None:
        """Write this build's entries and note which were used; unless `partial`, drop what the
        last KEEP_RUNS builds did not use. Then close the file."""
        if self._db is None:
            return
        self._write_new()
        try:
            with self._db:
                self._db.executemany(
                    "UPDATE fragments SET used = ? WHERE key = ?",
                    ((self._run, key) for key in self._used),
                )
                if not partial:
                    self._db.execute(
                        "DELETE FROM fragments WHERE used <= ?", (self._run - KEEP_RUNS,)
                    )
                self._db.execute("UPDATE manifest SET runs = ?", (self._run,))
        except sqlite3.Error:
            self._fail()
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _write_new(self) -> None:
        if self._db is None or not self._new:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO fragments VALUES (?, ?, ?, ?)", self._new
                )
        except sqlite3.Error:
            self._fail()
        self._new = []

    def _open(self) -> sqlite3.Connection | None:
        """The database, made or emptied as needed; None where none can be had (a read-only
        checkout): every fragment is then rendered, as without a cache."""
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30)
            except (OSError, sqlite3.Error):
                return None
            try:
                self._prepare(db)
                return db
            except sqlite3.DatabaseError:  # not a database, or a damaged one: start again
                db.close()
                if attempt == 0:
                    _remove(self.path)
            except sqlite3.Error:
                db.close()
                return None
        return None

    def _prepare(self, db: sqlite3.Connection) -> None:
        with db:
            db.executescript(SCHEMA)
            row = db.execute("SELECT version, runs FROM manifest").fetchone()
            if row is not None and row[0] == VERSION and isinstance(row[1], int) and row[1] >= 0:
                self._run = row[1] + 1
                return
            db.execute("DELETE FROM manifest")
            db.execute("DELETE FROM fragments")
            db.execute("INSERT INTO manifest VALUES (?, 0)", (VERSION,))
            self._run = 1

    def _fail(self) -> None:
        """The file went bad during the build: this build keeps nothing more."""
        self.close()
        self._new = []


def _kept(html: object, written: object) -> Kept | None:
    """The entry, or None for a row that is not one (a damaged cache)."""
    try:
        value = json.loads(written) if isinstance(written, str) else None
    except ValueError:
        return None
    if not isinstance(html, str) or not isinstance(value, dict):
        return None
    links, codes = _pairs(value.get("links")), _pairs(value.get("codes"))
    if links is None or codes is None:
        return None
    return Kept(html, links, codes)


def _pairs(value: object) -> tuple[tuple[str, str], ...] | None:
    if not isinstance(value, list):
        return None
    pairs = []
    for pair in value:
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
        ):
            return None
        pairs.append((pair[0], pair[1]))
    return tuple(pairs)


def _remove(path: Path) -> None:
    for name in (path.name, path.name + "-journal", path.name + "-wal", path.name + "-shm"):
        with contextlib.suppress(OSError):
            (path.parent / name).unlink(missing_ok=True)
