"""What each Markdown body's check found, kept in `.cache/bodies/` between runs, so that an
unchanged body is neither rendered nor parsed again (sources/richtext.py says what the check is).
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import os
import platform
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import markdown

from .richtext import BodyRenderer, MarkdownOptions, Removal, RemovalKind, removals
from .store import Store, digest

# Bump when rendering, the allowlist or `removals` change what a body's check finds: every body
# is then rendered again once.
RICHTEXT_VERSION = "1"
# Extensions whose output depends on other files than the body (snippets includes them, b64
# inlines images): with one of them no body's result is kept.
READS_FILES = frozenset({"pymdownx.snippets", "pymdownx.b64"})
# Libraries whose version may change a body's HTML beyond the extensions named in mkdocs.yml
# (Pygments colours code blocks for codehilite and pymdownx.highlight).
LIBRARIES = ("markdown", "nh3", "pygments")


class BodyChecker:
    """`removals(render(text))` for each body, kept in `.cache/bodies/` between runs: an
    unchanged body is neither rendered nor parsed again. The key is the text, the Markdown
    options (extensions and their settings, written out stably), the versions of what renders
    and cleans it, and `RICHTEXT_VERSION`; with options that cannot be written out stably (an
    object without a name) or an extension that reads other files, nothing is kept. Markdown is
    loaded only when a body is not in the cache."""

    def __init__(self, options: MarkdownOptions | None = None, folder: Path | None = None) -> None:
        self.options = options or MarkdownOptions()
        self._renderer: BodyRenderer | None = None
        self._params: str | None = None
        self._store: Store | None = None
        if folder is not None:
            written = options_text(self.options)
            if written is not None:
                self._params = digest(written, _environment(self.options))
                self._store = Store(folder, RICHTEXT_VERSION)

    @property
    def renderer(self) -> BodyRenderer:
        if self._renderer is None:
            self._renderer = BodyRenderer(self.options)
        return self._renderer

    def removals(self, text: str) -> list[Removal]:
        if self._store is None or self._params is None:
            return removals(self.renderer.html(text))
        key = digest(self._params, text)
        kept = _decoded(self._store.get(key))
        if kept is not None:
            return kept
        found = removals(self.renderer.html(text))
        self._store.put(key, [[r.kind.value, r.tag, r.attribute, r.value] for r in found])
        return found

    def save(self) -> None:
        """Prune and write the cache (nothing when there is none)."""
        if self._store is not None:
            self._store.save()


def _decoded(value: object) -> list[Removal] | None:
    """The removals an entry holds, or None for an entry that is not one (a damaged cache)."""
    if not isinstance(value, list):
        return None
    found = []
    for item in value:
        if not (
            isinstance(item, list) and len(item) == 4 and all(isinstance(v, str) for v in item)
        ):
            return None
        try:
            kind = RemovalKind(item[0])
        except ValueError:
            return None
        found.append(Removal(kind, item[1], item[2], item[3]))
    return found


def options_text(options: MarkdownOptions) -> str | None:
    """The Markdown options as text that is the same in every run for the same options, or None
    when they hold something without a stable name (a lambda, an object of unknown kind) or an
    extension that reads other files."""
    if any(_module_of(e) in READS_FILES for e in options.extensions):
        return None
    extensions = [_stable(e) for e in options.extensions]
    configs = _stable(options.configs)
    if any(e is _UNSTABLE for e in extensions) or configs is _UNSTABLE:
        return None
    return json.dumps([extensions, configs], ensure_ascii=False, sort_keys=True)


_UNSTABLE = object()


def _stable(value: Any) -> Any:
    """`value` as JSON data that does not depend on the run (no addresses), or `_UNSTABLE`."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        items = [_stable(v) for v in value]
        return _UNSTABLE if any(i is _UNSTABLE for i in items) else items
    if isinstance(value, Mapping):
        pairs = {str(k): _stable(v) for k, v in value.items()}
        return _UNSTABLE if any(v is _UNSTABLE for v in pairs.values()) else pairs
    if isinstance(value, markdown.Extension):  # an extension given as an object: its settings
        name, settings = _named(type(value)), _stable(value.getConfigs())
        return _UNSTABLE if name is None or settings is _UNSTABLE else {name: settings}
    if isinstance(value, functools.partial):  # !!python/object/apply:pymdownx.slugs.slugify
        parts = [_named(value.func), _stable(value.args), _stable(value.keywords)]
        unstable = parts[0] is None or any(part is _UNSTABLE for part in parts)
        return _UNSTABLE if unstable else {"partial": parts}
    if callable(value):  # a function or class named in the settings (!!python/name:…)
        name = _named(value)
        return _UNSTABLE if name is None else {"python": name}
    return _UNSTABLE


def _named(value: Any) -> str | None:
    """`module.qualname` of a function or class defined at the top of a module, else None."""
    module, name = getattr(value, "__module__", None), getattr(value, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(name, str) or "<" in name:
        return None
    return f"{module}.{name}"


def _environment(options: MarkdownOptions) -> str:
    """What a body's HTML and its check depend on besides the text and the options: Python (its
    HTML parser reads the HTML), the libraries, and each extension's package version (or, for
    a module of its own, the file's size and time; "missing" for one that does not load)."""
    parts = [f"python {platform.python_version()}", *map(_version, LIBRARIES)]
    for extension in options.extensions:
        name = _module_of(extension)
        parts.append(f"{name}: {_module_state(name)}")
    return "\n".join(parts)


def _module_of(extension: Any) -> str:
    """The module of an extension given by name (`pymdownx.tilde`, `toc`, `my.module:Class`)
    or as an object."""
    if isinstance(extension, str):
        return extension.partition(":")[0]
    return str(getattr(type(extension), "__module__", ""))


def _version(distribution: str) -> str:
    try:
        return f"{distribution} {importlib.metadata.version(distribution)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{distribution} missing"


def _module_state(name: str) -> str:
    """What an extension module's output may change with, found without running it: its file
    (size and time: an upgrade or an edit of a centre's own extension changes them) and its
    package's version; "missing" when it is not installed."""
    candidates = [name] if "." in name else [f"markdown.extensions.{name}", name]
    for candidate in candidates:
        try:
            spec = importlib.util.find_spec(candidate)  # imports the packages above it only
        except (ImportError, ValueError):
            continue
        if spec is None:
            continue
        top = candidate.split(".")[0]
        version = getattr(sys.modules.get(top), "__version__", None)
        try:
            status = os.stat(spec.origin or "")
        except OSError:
            return f"{spec.origin} {version}"
        return f"{spec.origin} {status.st_size} {status.st_mtime_ns} {version}"
    return "missing"
