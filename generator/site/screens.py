"""Hallway screens pick up a new build by themselves: each screen polls a small
`version.json` beside it and reloads only when its own page changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from ..sources.atomic import atomic_file

VERSION_FILE = "version.json"
ASSETS = ("assets/stylesheets/screen.css", "assets/javascripts/screen.js")


def asset_version(files: Iterable[Path | None]) -> str:
    """A hash of the screen's stylesheet and script, put in their URLs as ?v=."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes() if path is not None else b"")
    return digest.hexdigest()[:12]


def screen_version(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:16]


def write_version(page_path: Path, version: str) -> None:
    """`screens/<id>/index.html` → `screens/<id>/version.json`."""
    with atomic_file(page_path.parent / VERSION_FILE) as handle:
        handle.write(json.dumps({"version": version}).encode())
