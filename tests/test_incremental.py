"""`mkdocs serve --dirty`: after a save only the pages that change are rebuilt, and the site
served is the site a whole build makes.

A serve session is driven here as `mkdocs serve` drives it (mkdocs/commands/serve.py): one
`on_startup(command="serve", dirty=True)`, then a fresh config and a dirty build into the same
folder for every save. What it serves is compared, file by file, with what `mkdocs build` makes
of the same content (site_url is the serve address, so that both write the same links).
"""

from __future__ import annotations

import gzip
import json
import logging
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from generator.build import prepare
from generator.media.portraits import PortraitSettings
from generator.site.incremental import PAGES_FOLDER, spec_digest

from .conftest import MKDOCS_YML, STORY, SiteProject, build_in

SERVE_URL = "http://127.0.0.1:8000/"
PROFILE = "campaigns/2026-model-post/wang-xiaoming/index.html"
OTHER_PROFILE = "campaigns/2026-model-post/tax-window/index.html"
Snapshot = dict[str, tuple[int, bytes]]  # path in the site -> (mtime in ns, content)


class Served:
    """One serve session of a project, its site in `site`."""

    def __init__(self, project: SiteProject, site: Path) -> None:
        self.project, self.site = project, site
        self.config = self.load()
        self.config.plugins.on_startup(command="serve", dirty=True)
        self.rebuild(self.config)

    def load(self) -> MkDocsConfig:
        return load_config(
            config_file=str(self.project.root / "mkdocs.yml"), site_dir=str(self.site)
        )

    def rebuild(self, config: MkDocsConfig | None = None) -> None:
        """What serve does on a save: a fresh config, a dirty build into the same folder."""
        config = config or self.load()
        config.site_url = SERVE_URL
        time.sleep(0.02)  # a save comes after the last build, as the watcher waits for it
        build(config, serve_url=SERVE_URL, dirty=True)

    def stop(self) -> None:
        """As serve ends; the plugins (one instance per process) go back to plain builds."""
        self.config.plugins.on_shutdown()
        self.config.plugins.on_startup(command="build", dirty=False)

    def snapshot(self) -> Snapshot:
        return {
            path.relative_to(self.site).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
            for path in sorted(self.site.rglob("*"))
            if path.is_file()
        }


@pytest.fixture
def project_served(
    project: SiteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> SiteProject:
    monkeypatch.delenv("HONOURS_TODAY", raising=False)
    (project.root / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("https://example.org/", SERVE_URL), encoding="utf-8"
    )
    return project


@pytest.fixture
def served(project_served: SiteProject, tmp_path: Path) -> Iterator[Served]:
    session = Served(project_served, tmp_path / "served")
    yield session
    session.stop()


def pages(snapshot: Snapshot) -> set[str]:
    return {path for path in snapshot if path.endswith(".html")}


def rewritten(before: Snapshot, after: Snapshot) -> set[str]:
    """HTML pages written by the last build (or added by it)."""
    return {
        path for path in pages(after) if path not in before or before[path][0] != after[path][0]
    }


def search_entries(data: bytes) -> tuple[object, list[str]]:
    index = json.loads(data)
    return index["config"], sorted(json.dumps(e, sort_keys=True) for e in index["docs"])


def assert_same_as_a_whole_build(served: Served) -> dict[str, bytes]:
    """Every file a whole `mkdocs build` of the same content writes, served with the same bytes
    (the search index with the same entries, in any order), and no page that it does not write.
    Returns what the whole build wrote."""
    whole = served.project.build(process=True)
    expected = {
        path.relative_to(whole).as_posix(): path.read_bytes()
        for path in whole.rglob("*")
        if path.is_file()
    }
    got = {path: content for path, (_, content) in served.snapshot().items()}
    assert pages(got) == pages(expected)
    for path, content in expected.items():
        if path == "search/search_index.json":
            assert search_entries(got[path]) == search_entries(content)
        elif path.endswith(".gz"):
            assert gzip.decompress(got[path]) == gzip.decompress(content), path
        else:
            assert got[path] == content, f"{path} differs from a whole build"
    return expected


def test_an_edited_story_rebuilds_its_pages_only(served: Served) -> None:
    whole_before = assert_same_as_a_whole_build(served)  # the first build is whole
    before = served.snapshot()
    served.project.edit(
        "campaigns/2026-model-post/wang-xiaoming.md", STORY, STORY + "新增一句：群众纷纷点赞。"
    )
    served.rebuild()
    after = served.snapshot()
    whole_after = assert_same_as_a_whole_build(served)

    changed = rewritten(before, after)
    assert "新增一句：群众纷纷点赞。" in after[PROFILE][1].decode("utf-8")
    # exactly the pages a whole build changes (and the theme's 404 page, written every time)
    differ = {p for p in pages(whole_after) if whole_before.get(p) != whole_after[p]}
    assert PROFILE in differ
    assert differ <= changed <= differ | {"404.html"}
    untouched = {OTHER_PROFILE, "people/li-hua/index.html", "units/index.html"}
    assert untouched <= pages(after) and not changed & untouched

    # nothing changed: nothing rebuilt but the theme's own pages
    before = after
    served.rebuild()
    assert rewritten(before, served.snapshot()) <= {"404.html"}


def test_an_edit_shown_on_several_pages_keeps_the_search_index_whole(served: Served) -> None:
    """A nomination's title is on its profile, the campaign's lists and the person's page:
    those are rebuilt, and the search index has every page once, as a whole build has it."""
    before = served.snapshot()
    served.project.edit(
        "campaigns/2026-model-post/wang-xiaoming.md",
        "title: 把群众的事当成自己的事",
        "title: 把群众的小事当成自己的大事",
    )
    served.rebuild()
    changed = rewritten(before, served.snapshot())
    assert PROFILE in changed and len(changed) > 2
    assert OTHER_PROFILE not in changed
    assert_same_as_a_whole_build(served)


def test_a_campaign_title_in_the_nav_rebuilds_every_page(served: Served) -> None:
    before = served.snapshot()
    served.project.edit(
        "campaigns/2026-model-post/index.md",
        "short_title: 2026年度优秀党员示范岗",
        "short_title: 2026年度优秀党员示范岗位",
    )
    served.rebuild()
    after = served.snapshot()
    assert rewritten(before, after) == pages(after)
    assert "2026年度优秀党员示范岗位" in after["units/index.html"][1].decode("utf-8")
    assert_same_as_a_whole_build(served)


def test_an_edited_template_rebuilds_every_page(
    project_served: SiteProject, tmp_path: Path
) -> None:
    """A centre's override (custom_dir) is part of every page: editing it during a session
    rebuilds them all with the new template, however much of the theme was compiled before."""
    override = project_served.root / "theme" / "main.html"
    override.parent.mkdir()
    override.write_text(
        '{% extends "base.html" %}{% block announce %}公告甲{% endblock %}', encoding="utf-8"
    )
    config = project_served.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: theme\n"
        ),
        encoding="utf-8",
    )
    session = Served(project_served, tmp_path / "served")
    try:
        before = session.snapshot()
        assert "公告甲" in before[PROFILE][1].decode("utf-8")
        override.write_text(
            '{% extends "base.html" %}{% block announce %}公告乙{% endblock %}', encoding="utf-8"
        )
        session.rebuild()
        after = session.snapshot()
        assert rewritten(before, after) == pages(after)
        assert "公告乙" in after[PROFILE][1].decode("utf-8")
        assert_same_as_a_whole_build(session)

        override.write_text('{% extends "base.html" %}{% block announce %}', encoding="utf-8")
        with pytest.raises(Abort):  # stops once the pages are read: before any is written
            session.rebuild()
        override.write_text(
            '{% extends "base.html" %}{% block announce %}公告乙{% endblock %}', encoding="utf-8"
        )
        session.rebuild()
        assert_same_as_a_whole_build(session)
    finally:
        session.stop()


def test_an_editors_page_keeps_the_nav_right(served: Served) -> None:
    """An editor's own page is MkDocs' as ever: rebuilt when saved; its title in every page's
    navigation is rebuilt when the title changes."""
    served.project.write("guide.md", "# 办事指南\n\n窗口在一楼。\n")
    served.rebuild()
    before = served.snapshot()
    assert "办事指南" in before[OTHER_PROFILE][1].decode("utf-8")  # in the nav of every page

    served.project.write("guide.md", "# 办事指南\n\n窗口在二楼。\n")
    served.rebuild()
    after = served.snapshot()
    assert rewritten(before, after) <= {"guide/index.html", "404.html"}
    assert "窗口在二楼" in after["guide/index.html"][1].decode("utf-8")

    served.project.write("guide.md", "# 办事须知\n\n窗口在二楼。\n")
    served.rebuild()
    final = served.snapshot()
    assert rewritten(after, final) == pages(final)
    assert_same_as_a_whole_build(served)


def test_a_deleted_nomination_goes_from_the_site_and_the_cache(served: Served) -> None:
    cache = served.project.root / ".cache" / PAGES_FOLDER
    held = cache / "campaigns/2026-model-post/tax-window.md"
    assert held.read_text(encoding="utf-8") == STORY + "\n"
    served.project.remove("campaigns/2026-model-post/tax-window.md")
    served.rebuild()
    assert not held.exists()
    assert (cache / "campaigns/2026-model-post/wang-xiaoming.md").exists()
    assert OTHER_PROFILE not in served.snapshot()
    assert_same_as_a_whole_build(served)


def test_a_failed_build_loses_nothing(served: Served) -> None:
    """A save that breaks a record stops the build; the next good save serves the whole site."""
    served.project.edit("campaigns/2026-model-post/wang-xiaoming.md", "code: 7", "code: 七")
    with pytest.raises(Abort):
        served.rebuild()
    served.project.edit("campaigns/2026-model-post/wang-xiaoming.md", "code: 七", "code: 8")
    served.rebuild()
    assert_same_as_a_whole_build(served)


def test_a_damaged_pages_cache_changes_no_page(project_served: SiteProject, tmp_path: Path) -> None:
    """The page files hold a copy of each page's Markdown for their dates only: garbage in one,
    another gone, and neither a build nor a new serve session serves anything else."""
    first = build_in(project_served.root)  # in this process: the build to compare with
    whole = {p.relative_to(first).as_posix(): p.read_bytes() for p in first.rglob("*.html")}
    session = Served(project_served, tmp_path / "served")
    session.stop()
    cache = project_served.root / ".cache" / PAGES_FOLDER
    (cache / "campaigns/2026-model-post/wang-xiaoming.md").write_bytes(b"\xff\xfe garbage # <h1>")
    (cache / "campaigns/2026-model-post/tax-window.md").unlink()
    (cache / "stale/leftover.md").parent.mkdir(parents=True)
    (cache / "stale/leftover.md").write_text("一个已不存在的页面", encoding="utf-8")

    again = project_served.build(process=True)
    assert {p.relative_to(again).as_posix(): p.read_bytes() for p in again.rglob("*.html")} == whole

    session = Served(project_served, tmp_path / "served-again")
    try:
        assert "garbage" not in session.snapshot()[PROFILE][1].decode("utf-8")
        assert_same_as_a_whole_build(session)
    finally:
        session.stop()
    assert (cache / "campaigns/2026-model-post/wang-xiaoming.md").read_text(encoding="utf-8") == (
        STORY + "\n"
    )
    assert not (cache / "stale").exists()


def test_page_digests_are_stable_and_see_an_edit(project: SiteProject) -> None:
    """Two loads of the same content give the same digest for every page; an edited story
    changes the digest of the page that shows it, and of no other page."""

    def digests() -> dict[str, bytes | None]:
        prepared = prepare(
            project.content,
            project.root / ".cache" / "portraits",
            PortraitSettings(),
            None,
            date(2026, 11, 25),
        )
        return {uri: spec_digest(spec) for uri, spec in prepared.pages.items()}

    first, second = digests(), digests()
    assert first == second
    assert all(digest is not None for digest in first.values())
    project.edit("campaigns/2026-model-post/wang-xiaoming.md", STORY, STORY + "又一句。")
    edited = digests()
    assert {uri for uri in first if first[uri] != edited[uri]} == {
        "campaigns/2026-model-post/wang-xiaoming.md"  # the profile: the only page with the story
    }


def test_no_english_warning_that_the_navigation_may_be_wrong(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    """MkDocs warns on every dirty build that the navigation may be wrong; the session keeps it
    right, so staff are not told otherwise (and `--strict` would stop on the warning)."""
    served.project.edit(
        "campaigns/2026-model-post/wang-xiaoming.md", STORY, STORY + "新增一句：群众纷纷点赞。"
    )
    with caplog.at_level(logging.INFO):
        served.rebuild()
    messages = [record.getMessage() for record in caplog.records]
    assert any(message.startswith("增量生成：") for message in messages), messages
    assert not [m for m in messages if "dirty" in m], messages
