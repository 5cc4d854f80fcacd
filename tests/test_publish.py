"""One build at a time, each in its own staging folder, published only when whole."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock

from generator.site import publish

from .conftest import BIN, SiteProject


def staged_site(folder: Path) -> None:
    (folder / "assets").mkdir()
    (folder / "index.html").write_text("<h1>新</h1>", encoding="utf-8")


def test_a_whole_site_is_swapped_in_and_the_lock_released(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>旧</h1>", encoding="utf-8")
    staging = publish.prepare(site, tmp_path / ".cache")
    assert staging.folder.parent == tmp_path and staging.folder.name.startswith(".site.building-")
    staged_site(staging.folder)
    publish.swap_in(staging)
    assert (site / "index.html").read_text(encoding="utf-8") == "<h1>新</h1>"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "site"]
    assert not staging.lock.is_locked
    publish.discard(publish.prepare(site, tmp_path / ".cache"))  # nothing holds it


def test_an_incomplete_site_is_never_published(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>旧</h1>", encoding="utf-8")
    staging = publish.prepare(site, tmp_path / ".cache")
    (staging.folder / "index.html").write_text("<h1>新</h1>", encoding="utf-8")
    publish.expect(staging, ["campaigns/index.html"])
    with pytest.raises(publish.PublishError) as caught:
        publish.swap_in(staging)
    assert str(caught.value) == (
        "网站没有生成完整（缺少 assets、campaigns/index.html），原来的网站保持不变"
    )
    assert (site / "index.html").read_text(encoding="utf-8") == "<h1>旧</h1>"
    assert not staging.folder.exists()
    assert not staging.lock.is_locked


def test_a_second_build_waits_and_says_for_whom(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = publish.prepare(site, tmp_path / ".cache")
    said: list[str] = []
    got: list[publish.Staging] = []
    second = threading.Thread(
        target=lambda: got.append(publish.prepare(site, tmp_path / ".cache", said.append))
    )
    second.start()
    time.sleep(0.5)
    assert got == []  # still waiting
    assert len(said) == 1 and said[0].startswith("另一次网站生成正在进行（进程 ")
    staged_site(first.folder)
    publish.swap_in(first)
    second.join(timeout=10)
    assert len(got) == 1 and got[0].folder != first.folder
    publish.discard(got[0])


def test_a_build_that_cannot_get_the_lock_gives_up_in_chinese(tmp_path: Path) -> None:
    lock_file, _ = publish.lock_paths(tmp_path / ".cache", (tmp_path / "site").resolve())
    lock_file.parent.mkdir()
    held = FileLock(lock_file)
    held.acquire()
    try:
        with pytest.raises(publish.PublishError) as caught:
            publish.prepare(tmp_path / "site", tmp_path / ".cache", wait=0.2)
    finally:
        held.release()
    assert "已进行超过 0 秒仍未结束，本次没有生成网站" in str(caught.value)
    assert str(lock_file) in str(caught.value)


def test_leftovers_of_a_killed_build_are_cleared(tmp_path: Path) -> None:
    leftover = tmp_path / ".site.building-abc123"
    (leftover / "assets").mkdir(parents=True)
    staging = publish.prepare(tmp_path / "site", tmp_path / ".cache")
    assert not leftover.exists()
    publish.discard(staging)
    assert not staging.folder.exists()


def test_two_overlapping_builds_both_publish_a_whole_site(project: SiteProject) -> None:
    """Started together in one folder: one waits for the other; the site is whole after each."""
    project.build(process=True)  # portraits cached, so the two builds overlap in MkDocs' own work
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("HONOURS_TODAY", None)
    runs = [
        subprocess.Popen(
            [str(BIN / "mkdocs"), "build"],
            cwd=project.root,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    logs = "".join(out + err for out, err in outputs)
    assert logs.count("网站已生成") == 2
    assert "另一次网站生成正在进行（进程 " in logs
    assert "Traceback" not in logs
    site = project.root / "site"
    assert (site / "index.html").is_file() and (site / "assets").is_dir()
    assert (site / "campaigns/2026-model-post/index.html").is_file()
    assert not any(p.name.startswith(".site") for p in project.root.iterdir())
