"""Fragments and compiled templates kept between builds (`.cache/fragments/`,
`.cache/templates/`): a warm build writes the very site a cold one writes, and what is kept is
never trusted over the templates, the content or the pages a fragment links to."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import generator
from generator.build import prepare
from generator.media.portraits import PortraitSettings
from generator.site.fragmentcache import DATABASE, FRAGMENTS_FOLDER, KeptFragments
from generator.site.incremental import TEMPLATES_FOLDER
from generator.site.pages import PageKind, PageSpec
from generator.site.render import FragmentRenderer, MissingPage
from generator.sources.store import KEEP_RUNS

from .conftest import STORY, SiteProject, build_in

PACKAGE_THEME = Path(generator.__file__).parent / "theme"
PROFILE = "campaigns/2026-model-post/wang-xiaoming/index.html"


def pages(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*.html"))
    }


def entries(project: SiteProject) -> list[tuple[str, int]]:
    """(key, last run that used it) of each kept fragment."""
    with sqlite3.connect(project.root / ".cache" / FRAGMENTS_FOLDER / DATABASE) as db:
        return db.execute("SELECT key, used FROM fragments").fetchall()


def test_a_warm_build_writes_the_site_a_cold_build_writes(project: SiteProject) -> None:
    """Each build in a process of its own, as staff run them: a fragment's key must not depend
    on the process (its hash seed) for the second build to find it."""
    cold = pages(project.build(process=True))
    kept = entries(project)
    assert len(kept) >= 10 and {used for _, used in kept} == {1}
    compiled = list((project.root / ".cache" / TEMPLATES_FOLDER).rglob("__jinja2_*.cache"))
    assert len(compiled) >= 10  # Material's templates and our fragments
    assert pages(project.build(process=True)) == cold
    # Every fragment of the second build came from the first: each was used by run 2.
    assert sorted(key for key, _ in entries(project)) == sorted(key for key, _ in kept)
    assert {used for _, used in entries(project)} == {2}


def test_a_moved_project_keeps_its_fragments(project: SiteProject, tmp_path: Path) -> None:
    """A project moved to another folder (another disk, another user's home), its `.cache/`
    with it: every page's fragment is found again, and the site is the same."""
    built = pages(build_in(project.root))
    kept = sorted(key for key, _ in entries(project))
    moved = SiteProject(tmp_path / "elsewhere" / "project")
    shutil.copytree(project.root, moved.root, ignore=shutil.ignore_patterns("site"))
    assert pages(build_in(moved.root)) == built
    assert sorted(key for key, _ in entries(moved)) == kept  # no fragment rendered again


def test_an_edited_template_or_story_shows_at_once(project: SiteProject) -> None:
    """Built in this process: anything it kept in memory could only show a stale page more."""
    build_in(project.root)
    (project.root / "mkdocs.yml").write_text(
        (project.root / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("  name: material\n", "  name: material\n  custom_dir: theme\n"),
        encoding="utf-8",
    )
    fragment = project.root / "theme" / "fragments" / "profile.html"
    fragment.parent.mkdir(parents=True)
    original = (PACKAGE_THEME / "fragments" / "profile.html").read_text(encoding="utf-8")
    fragment.write_text('<p class="edited">改过的模板</p>\n' + original, encoding="utf-8")
    build_in(project.root)
    assert project.page(PROFILE.removesuffix("index.html")).select_one("p.edited") is not None
    project.edit("campaigns/2026-model-post/wang-xiaoming.md", STORY, "改过的事迹。" + STORY)
    build_in(project.root)
    assert "改过的事迹。" in project.page(PROFILE.removesuffix("index.html")).get_text()


@pytest.mark.parametrize("damage", [b"not a database at all", b""])
def test_a_damaged_cache_changes_no_page(project: SiteProject, damage: bytes) -> None:
    """Built in this process: each build opens the kept fragments afresh, as a new process does."""
    cold = pages(build_in(project.root))
    (project.root / ".cache" / FRAGMENTS_FOLDER / DATABASE).write_bytes(damage)
    assert pages(build_in(project.root)) == cold
    assert entries(project)  # made again
    assert pages(build_in(project.root)) == cold


def profile_spec(project: SiteProject) -> PageSpec:
    prepared = prepare(
        project.content, project.root / ".cache", PortraitSettings(), None, date(2026, 11, 25)
    )
    return next(s for s in prepared.pages.values() if s.kind == PageKind.PROFILE)


def relative(url: str, page_url: str) -> str:
    return "/" + url  # enough to tell where a link leads


def test_a_kept_fragment_is_used_only_while_its_links_lead_where_they_did(
    project: SiteProject, tmp_path: Path
) -> None:
    spec = profile_spec(project)
    moved: dict[str, str | None] = {}

    def target(src_uri: str) -> str | None:
        return moved[src_uri] if src_uri in moved else src_uri.removesuffix(".md") + "/"

    def render(cache: Path | None) -> str:
        renderer = FragmentRenderer([str(PACKAGE_THEME)], cache)
        html = renderer.render(spec, "<p>正文</p>", "profile/", target, relative)
        renderer.finish()
        return html

    first = render(tmp_path)
    assert render(tmp_path) == first
    linked = [src for src in json.loads(kept_refs(tmp_path))["links"] if src[0] != spec.src_uri]
    assert linked, "a profile links to its campaign and its person"
    moved[linked[0][0]] = "elsewhere/"
    again = render(tmp_path)
    assert again != first and "/elsewhere/" in again
    assert again == render(None)  # as rendered without any cache
    moved[linked[0][0]] = None  # the page went
    with pytest.raises(MissingPage):
        render(tmp_path)


def kept_refs(cache: Path) -> str:
    with sqlite3.connect(cache / FRAGMENTS_FOLDER / DATABASE) as db:
        rows = db.execute("SELECT refs FROM fragments").fetchall()
    assert len(rows) == 1
    return str(rows[0][0])


def test_fragments_unused_for_keep_runs_builds_are_pruned(tmp_path: Path) -> None:
    def run(*keys: str, partial: bool = False) -> set[str]:
        kept = KeptFragments(tmp_path, [], "")
        found = {key for key in keys if kept.get(key) is not None}
        for key in set(keys) - found:
            kept.put(key, f"<p>{key}</p>", (), ())
        kept.save(partial)
        with sqlite3.connect(tmp_path / DATABASE) as db:
            return {row[0] for row in db.execute("SELECT key FROM fragments")}

    assert run("kept", "dropped") == {"kept", "dropped"}
    for _ in range(KEEP_RUNS - 1):
        assert run("kept") == {"kept", "dropped"}
    assert run("kept") == {"kept"}  # the KEEP_RUNS-th build in a row without it
    for _ in range(KEEP_RUNS + 1):  # builds of some pages only (serve --dirty) prune nothing
        assert run("other", partial=True) == {"kept", "other"}


DIGESTS = """
import sys
from datetime import date
from pathlib import Path
from generator.build import prepare
from generator.media.portraits import PortraitSettings
from generator.site.incremental import Digests
prepared = prepare(Path(sys.argv[1]), Path(sys.argv[2]), PortraitSettings(), None,
                   date(2026, 11, 25))
digests = Digests()
for uri, spec in sorted(prepared.pages.items()):
    print(uri, (digests.of(spec) or b"").hex())
"""


def test_page_digests_are_the_same_in_every_run(project: SiteProject, tmp_path: Path) -> None:
    """The kept fragments are found by their spec's digest: it must not depend on the run (on
    the order of a set of strings, which Python varies from run to run)."""

    def digests(seed: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", DIGESTS, str(project.content), str(tmp_path / "cache")],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    first = digests("1")
    assert first.count("\n") >= 10 and " \n" not in first
    for seed in ("2", "3", "4"):
        assert digests(seed) == first
