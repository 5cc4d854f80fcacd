"""Incremental rebuilds under `mkdocs serve --dirty`: one real file per generated page, touched
only when the page would come out different.

MkDocs rebuilds a page on a dirty build only when its source file is newer than the HTML it
wrote last time; a page given to it as text counts as changed on every build, so every save
used to rebuild the whole site. Here each generated page has a file under
`<cache_dir>/pages/<src_uri>` holding its Markdown, rewritten only when the page's fingerprint
changes: the page's own spec (title, settings, Markdown and the typed context of its fragment)
and the site-wide part every page shows (the navigation, the theme's templates, mkdocs.yml…).

The fingerprints are kept in memory, by the plugin, for one `mkdocs serve` session: its first
build always writes every page into an empty folder, so nothing on disk needs to be trusted
between sessions (the folder is safe to delete at any time). The build reads each page's Markdown
from the spec, not from the file: a stale or damaged file can cost a rebuild, never a wrong page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePath
from types import CodeType
from typing import cast

import jinja2
from markupsafe import Markup

from ..sources.atomic import atomic_file
from .pages import PageSpec

PAGES_FOLDER = "pages"  # inside the cache folder
TEMPLATES_FOLDER = "templates"  # inside the cache folder: compiled templates, `keep_compiled`

Digest = bytes


class Digests:
    """Digests of page specs, each shared view taken once per build.

    A spec is a tree of frozen dataclasses (the views), tuples, lists and dicts down to strings,
    numbers, enums and paths; every field goes in, by name of class and in field order, each
    value tagged with its kind and length (Markup and str differ: a template escapes one and not
    the other). A person's view appears on the people index, a unit's page, the person's page
    and every profile: it is hashed once and stands in the pages by its digest. The memo goes by
    object identity, so it lives for one build only (the objects stay alive meanwhile). Sets go
    in sorted, other values pickled: exact, and the same for the same content from one run to
    the next (the kept fragments, `fragmentcache.py`, are looked up by these digests).
    """

    def __init__(self) -> None:
        self._memo: dict[int, bytes] = {}
        self._alive: list[object] = []  # what the memo's ids stand for stays alive
        self._fields: dict[type, tuple[str, ...]] = {}

    def of(self, value: object) -> Digest | None:
        """The digest of a spec (or of any value built the same way); None if it cannot be
        taken (the page then counts as changed)."""
        try:
            return self._encode(value)[1:]
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return None

    def _encode(self, value: object) -> bytes:
        kind = type(value)
        if kind is str:
            return _tagged(b"s", cast(str, value).encode("utf-8", "surrogatepass"))
        if value is None:
            return b"n"
        if kind is int:
            return b"i%d;" % cast(int, value)
        if kind is bool:
            return b"b1" if value else b"b0"
        key = id(value)
        known = self._memo.get(key)
        if known is not None:
            return known
        names = self._field_names(kind)
        if names:
            parts = [_tagged(b"D", kind.__qualname__.encode())]
            self._encode_all([getattr(value, name) for name in names], parts)
        elif kind is tuple or kind is list:
            parts = [b"T" if kind is tuple else b"L"]
            self._encode_all(cast(Iterable[object], value), parts)
        elif kind is dict:
            parts = [b"M"]
            for item in cast(dict[object, object], value).items():
                parts.extend(self._encode(part) for part in item)
        elif kind is frozenset or kind is set:  # in a fixed order: a set's order varies by run
            parts = [b"F", *sorted(self._encode(item) for item in cast(Iterable[object], value))]
        elif isinstance(value, Enum):
            return _tagged(b"e", f"{kind.__qualname__}.{value.name}".encode())
        elif isinstance(value, PurePath):
            return _tagged(b"p", str(value).encode("utf-8", "surrogatepass"))
        elif isinstance(value, Markup):
            return _tagged(b"m", value.encode("utf-8", "surrogatepass"))
        else:
            return _tagged(b"P", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        encoded = b"#" + hashlib.blake2b(b"".join(parts), digest_size=16).digest()
        self._memo[key] = encoded
        self._alive.append(value)
        return encoded

    def _encode_all(self, values: Iterable[object], parts: list[bytes]) -> None:
        """`_encode` of each value into `parts`, strings and None inline (most of the values:
        a call each would double the time)."""
        for value in values:
            if type(value) is str:
                data = value.encode("utf-8", "surrogatepass")
                parts.append(b"s%d:%s" % (len(data), data))
            elif value is None:
                parts.append(b"n")
            else:
                parts.append(self._encode(value))

    def _field_names(self, kind: type) -> tuple[str, ...]:
        names = self._fields.get(kind)
        if names is None:
            is_dataclass = dataclasses.is_dataclass(kind)
            # A field kept out of comparison (compare=False: where a file lies on disk, a
            # message's place) is not what the page shows: it stays out of the digest too, so
            # that a project moved to another folder keeps its pages and fragments.
            names = (
                tuple(f.name for f in dataclasses.fields(kind) if f.compare) if is_dataclass else ()
            )
            self._fields[kind] = names
        return names


def _tagged(tag: bytes, data: bytes) -> bytes:
    return b"%s%d:%s" % (tag, len(data), data)


def spec_digest(spec: PageSpec) -> Digest | None:
    """One spec's digest (a build takes them all with one `Digests`)."""
    return Digests().of(spec)


def site_digest(parts: Iterable[str | bytes]) -> Digest:
    """The site-wide part of every page's fingerprint, from its parts in a fixed order."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))  # so that parts never run together
        digest.update(data)
    return digest.digest()


def theme_templates(folders: Iterable[str | Path]) -> Iterable[str | bytes]:
    """Every template of the given theme folders (path and content), in a fixed order: an edited
    fragment or override changes the site-wide digest."""
    for folder in folders:
        root = Path(folder)
        for path in sorted(root.rglob("*.html")):
            yield path.relative_to(root).as_posix()
            try:
                yield path.read_bytes()
            except OSError:
                yield b""


@dataclass
class Synced:
    """What one build's sync did."""

    written: list[str] = field(default_factory=list)  # src_uris whose file was (re)written
    removed: list[str] = field(default_factory=list)  # src_uris of pages gone since last build
    site_changed: bool = False  # the site-wide digest differs from the last build's


@dataclass
class PageFiles:
    """The page files of one serve session and what was written into them."""

    folder: Path
    digests: dict[str, Digest | None] = field(default_factory=dict)  # src_uri -> last written
    site: Digest | None = None  # the site-wide digest of the last build
    started: bool = False  # a first build has synced (and tidied) the folder

    def path(self, src_uri: str) -> Path:
        return self.folder / src_uri

    def sync(
        self,
        specs: Mapping[str, PageSpec],
        site: Digest,
        output_mtime: Callable[[str], float | None],
    ) -> Synced:
        """Make each page's file hold its Markdown, rewriting (and so making newer than the page
        MkDocs wrote last) exactly the pages whose fingerprint changed or whose file went;
        remove the files of pages that are gone. `output_mtime(src_uri)` is the modification time
        of the HTML MkDocs wrote for that page last time, None if there is none."""
        synced = Synced(site_changed=self.started and site != self.site)
        digests: dict[str, Digest | None] = {}
        specs_digests = Digests()
        for src_uri, spec in specs.items():
            own = specs_digests.of(spec)
            digest = None if own is None else hashlib.blake2b(site + own, digest_size=16).digest()
            digests[src_uri] = digest
            path = self.path(src_uri)
            data = spec.markdown.encode("utf-8")
            if self.started and digest is not None and self.digests.get(src_uri) == digest:
                if _size(path) == len(data):
                    continue  # unchanged, and its file is still there
            elif not self.started and _holds(path, data):
                continue  # the first build writes every page anyway: no need to touch it
            _write(path, data, output_mtime(src_uri))
            synced.written.append(src_uri)
        if self.started:
            synced.removed = sorted(set(self.digests) - set(specs))
            for src_uri in synced.removed:
                _remove(self.folder, self.path(src_uri))
        else:
            self._tidy(set(specs))
        self.digests, self.site, self.started = digests, site, True
        return synced

    def _tidy(self, keep: set[str]) -> None:
        """Remove what is not a page of this build: files of earlier sessions, half writes."""
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.rglob("*"), reverse=True):  # files before their folders
            relative = path.relative_to(self.folder).as_posix()
            if path.is_dir() and not path.is_symlink():
                if not any(path.iterdir()):
                    path.rmdir()
            elif relative not in keep:
                path.unlink(missing_ok=True)


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _write(path: Path, data: bytes, output_mtime: float | None) -> None:
    """Write atomically; the file must end up newer than the page's last HTML, even on a file
    system whose clock ticks coarsely, or MkDocs would keep the old page."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path) as handle:
        handle.write(data)
    if output_mtime is not None and path.stat().st_mtime <= output_mtime:
        newer = max(time.time(), output_mtime + 1.0)
        os.utime(path, (newer, newer))


def _remove(folder: Path, path: Path) -> None:
    """Remove a page's file and the folders it leaves empty (never the pages folder itself)."""
    path.unlink(missing_ok=True)
    parent = path.parent
    while parent != folder and folder in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            break
        parent = parent.parent


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per serve session, not again on every save.

    MkDocs makes a new Jinja environment for every build, and compiling Material's templates
    and our fragments is a good part of a rebuild. The compiled code of a template depends on
    its source (Jinja checks it by checksum) and on the environment's syntax settings: one cache
    per `signature`, kept in memory as code objects.
    """

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        held = self._code.get(bucket.key)
        if held is not None and held[0] == bucket.checksum:
            bucket.code = held[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)


def signature(env: jinja2.Environment) -> tuple[object, ...] | None:
    """What of an environment its compiled templates depend on; None when that cannot be told
    (an autoescape or finalize function): such an environment compiles as ever."""
    if not isinstance(env.autoescape, bool) or env.finalize is not None:
        return None
    return (
        type(env).__qualname__,
        tuple(sorted(env.extensions)),
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        env.autoescape,
        env.undefined.__qualname__,
    )


def share_compiled(
    env: jinja2.Environment, caches: dict[tuple[object, ...], CompiledTemplates]
) -> None:
    """Let `env` take and keep compiled templates in the session's cache for its signature."""
    key = signature(env)
    if key is not None and env.bytecode_cache is None:
        env.bytecode_cache = caches.setdefault(key, CompiledTemplates())


def keep_compiled(env: jinja2.Environment, cache_dir: Path) -> None:
    """Let `env` keep its compiled templates in `<cache_dir>/templates/<signature>/` between
    builds: Jinja's own FileSystemBytecodeCache, one file per template holding its code, the
    checksum of the source it was compiled from and Jinja's and Python's versions, so a changed
    template is compiled again and the file replaced (atomically). One folder per signature (the
    code depends on the environment's settings); a template is one file whatever its versions,
    so nothing piles up. An environment that has a cache already (serve's), or none that can be
    kept, is left as it is."""
    key = signature(env)
    if key is None or env.bytecode_cache is not None:
        return
    folder = cache_dir / TEMPLATES_FOLDER / hashlib.sha256(repr(key).encode()).hexdigest()[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only checkout: compiled on every build, as without a cache
        return
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
