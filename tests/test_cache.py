"""The project's cache (`.cache/`) as staff meet it: `honours check` says exactly the same with
the body cache cold and warm, an edited body is checked again, a portrait no longer used goes
after KEEP_RUNS runs, and `honours cache` shows the cache and clears it (and nothing else)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymdownx.slugs import slugify

from generator.site import publish
from generator.sources.bodycache import BodyChecker, options_text
from generator.sources.richtext import (
    BUILTIN_EXTENSIONS,
    BodyRenderer,
    MarkdownOptions,
    RemovalKind,
    removals,
)
from generator.sources.store import ENTRIES, KEEP_RUNS, MANIFEST

from .conftest import SiteProject, honours_here, jpeg

NOMINATION = "campaigns/2026-model-post/gao-yuan.md"
PAGE = "about.md"
PAGE_TEXT = "# 关于\n\n说明文字。\n\n<iframe src='https://example.org/'></iframe>\n"
# Each hostile line of the story, with what `honours check` says of it.
HOSTILE = {
    '<script>alert("x")</script>': "主要事迹中的 <script> 已删除",
    '<img src="a.png" onerror="alert(1)"> <img src="b.png" onerror="alert(2)">': (
        "主要事迹中 <img> 的 onerror 属性已删除（共 2 处）"
    ),
    "[链接](javascript:alert(1))": (
        "主要事迹中 <a> 的地址“javascript:alert(1)”已删除：只能使用 http、https、mailto、tel、sms 或站内地址"
    ),
}
PRUNING = f"连续 {KEEP_RUNS} 次生成未使用的条目会自动删除"


@pytest.fixture(scope="module")
def warmed(tmp_path_factory: pytest.TempPathFactory, demo: SiteProject) -> Path:
    """The repository's demo, copied with the cache of the shared demo build (its portraits are
    made) but not its site, after one `honours check`."""
    root = tmp_path_factory.mktemp("warmed") / "demo"
    for folder in ("content", "theme", ".cache"):
        shutil.copytree(demo.root / folder, root / folder, symlinks=True)
    shutil.copy(demo.root / "mkdocs.yml", root / "mkdocs.yml")
    assert check(SiteProject(root))[0] == 0
    return root


@pytest.fixture
def centre(warmed: Path, tmp_path: Path) -> SiteProject:
    """A copy of the warmed demo with hostile bodies: a story and an own page of the editors."""
    copy = SiteProject(tmp_path / "centre")
    shutil.copytree(warmed, copy.root, symlinks=True)
    path = copy.content / NOMINATION
    path.write_text(path.read_text("utf-8") + "\n" + "\n\n".join(HOSTILE) + "\n", "utf-8")
    copy.write(PAGE, PAGE_TEXT)
    return copy


def check(site: SiteProject) -> tuple[int, str]:
    """`honours check` in the project, run in this process: its exit code and report."""
    result = honours_here(site, "check")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout


def line_of(site: SiteProject, relative: str, text: str) -> int:
    lines = (site.content / relative).read_text("utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def test_check_says_the_same_with_the_body_cache_cold_and_warm(centre: SiteProject) -> None:
    bodies = centre.root / ".cache" / "bodies"
    shutil.rmtree(bodies, ignore_errors=True)
    cold = check(centre)
    entries = bodies / ENTRIES
    written = entries.stat().st_mtime_ns, entries.read_bytes()
    warm = check(centre)

    assert warm == cold  # exit code and every byte of the report
    code, report = cold
    assert code == 0
    for text, message in HOSTILE.items():
        line = line_of(centre, NOMINATION, text)
        assert f"content/{NOMINATION}:{line}:" in report
        assert f"警告：{message}\n" in report
    assert f"content/{PAGE}:5:1: 警告：页面中的 <iframe> 已删除\n" in report
    # Warm, every body was found in the cache: nothing new was put (the entries are not
    # rewritten), and the manifest says the second run used every entry.
    assert (entries.stat().st_mtime_ns, entries.read_bytes()) == written
    manifest = json.loads((bodies / MANIFEST).read_text("utf-8"))
    stored = json.loads(written[1])
    assert manifest["runs"] == 2 and manifest["used"] == dict.fromkeys(stored, 2)
    assert sum(1 for value in stored.values() if value) == 2  # the story and the page


def test_an_edited_body_is_checked_again(centre: SiteProject) -> None:
    check(centre)
    story = "campaigns/2026-model-post/huang-yating.md"
    _, before = check(centre)
    assert f"content/{story}:" not in before

    (centre.content / story).write_text(
        (centre.content / story).read_text("utf-8") + "\n<object data='x.swf'></object>\n",
        "utf-8",
    )
    code, after = check(centre)
    line = line_of(centre, story, "<object")
    assert code == 0
    assert f"content/{story}:{line}:1: 警告：主要事迹中的 <object> 已删除\n" in after

    # The same text lower in its file: found in the cache, and placed where it now is.
    centre.edit(story, "category:", "# 备注：推荐材料已核实\ncategory:")
    _, moved = check(centre)
    assert f"content/{story}:{line + 1}:1: 警告：主要事迹中的 <object> 已删除\n" in moved

    # An image written into the text is an error, cached or not.
    centre.edit(story, "<object data='x.swf'></object>", '<img src="data:image/png;base64,AA">')
    code, error = check(centre)
    assert code == 1
    assert f"content/{story}:{line + 1}:11: 错误：主要事迹中不能直接嵌入图片" in error


def test_honours_cache_lists_and_clears(project: SiteProject) -> None:
    """On the small project with a theme of overrides (custom_dir) and an editor's page, as the
    demo has them: the check after clearing makes every portrait again, which the demo's many
    photos make slow."""
    centre = project
    config = centre.root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: theme\n"
        ),
        "utf-8",
    )
    (centre.root / "theme").mkdir()
    (centre.root / "theme" / "main.html").write_text('{% extends "base.html" %}\n', "utf-8")
    centre.write(PAGE, PAGE_TEXT)
    check(centre)
    listed = honours_here(centre, "cache")
    assert listed.returncode == 0, listed.stderr
    assert "缓存目录：.cache\n" in listed.stdout
    for name, what in (("bodies", "正文检查结果"), ("portraits", "照片和头像")):
        line = next(line for line in listed.stdout.splitlines() if line.strip().startswith(name))
        assert " 个文件，" in line and line.endswith(f"（{what}）"), line
    assert "合计：" in listed.stdout and PRUNING in listed.stdout

    cleared = honours_here(centre, "cache", "--clear")
    assert cleared.returncode == 0, cleared.stderr
    assert "已清除缓存目录“.cache”" in cleared.stdout and "更长时间" in cleared.stdout
    assert not (centre.root / ".cache").exists()
    assert (centre.content / "campaigns/2026-model-post/wang-xiaoming.md").is_file()
    assert (centre.root / "theme" / "main.html").is_file()
    assert "中没有缓存" in honours_here(centre, "cache").stdout

    _, again = check(centre)  # everything is made again, and says the same
    assert (centre.root / ".cache" / "bodies" / ENTRIES).is_file()
    assert f"content/{PAGE}:5:1: 警告：页面中的 <iframe> 已删除\n" in again


REFUSED = {
    ".": "就是项目文件夹本身",
    "../elsewhere": "不在项目文件夹",
    "content": "包含或位于",
    "content/.cache": "包含或位于",
    "theme/cache": "包含或位于",
    "site": "包含或位于",
}


@pytest.mark.parametrize("cache_dir", sorted(REFUSED))
def test_clear_deletes_nothing_but_a_cache_of_its_own(
    centre: SiteProject, tmp_path: Path, cache_dir: str
) -> None:
    config = centre.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "      today: 2026-11-25\n" in text
    config.write_text(
        text.replace(
            "      today: 2026-11-25\n", f"      today: 2026-11-25\n      cache_dir: {cache_dir}\n"
        ),
        "utf-8",
    )
    # Each would-be cache holds a folder, as a cache does: nothing in it may go.
    target = (centre.root / cache_dir).resolve()
    (target / "portraits").mkdir(parents=True, exist_ok=True)
    (target / "portraits" / "keep.txt").write_text("mine", "utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))

    result = honours_here(centre, "cache", "--clear")
    assert result.returncode == 1
    assert "没有删除任何文件" in result.stderr and REFUSED[cache_dir] in result.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_clear_refuses_a_cache_linked_out_of_the_project(
    centre: SiteProject, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.move(centre.root / ".cache", elsewhere)
    (centre.root / ".cache").symlink_to(elsewhere)
    result = honours_here(centre, "cache", "--clear")
    assert result.returncode == 1 and "不在项目文件夹" in result.stderr
    assert (elsewhere / "portraits" / "manifest.json").is_file()


def test_clear_waits_for_no_build_and_deletes_nothing_during_one(centre: SiteProject) -> None:
    """`honours cache` runs in a process of its own here: the build holding the lock is another."""
    cache = centre.root / ".cache"
    staging = publish.prepare(centre.root / "site", cache)  # what mkdocs build holds
    try:
        result = centre.honours("cache", "--clear")
        assert result.returncode == 1 and "网站正在生成" in result.stderr
        assert (cache / "portraits" / "manifest.json").is_file()
    finally:
        publish.discard(staging)
    assert centre.honours("cache", "--clear").returncode == 0
    assert not cache.exists()


def test_a_portrait_no_longer_used_is_pruned(project: SiteProject) -> None:
    portraits = project.root / ".cache" / "portraits"
    assert check(project)[0] == 0
    first = json.loads((portraits / "manifest.json").read_text("utf-8"))
    [old_key] = [k for k, e in first["outputs"].items() if e["framing"] != "placeholder"]
    old_files = sorted(portraits.glob(f"{old_key}-*"))
    assert len(old_files) == 2 * len(first["outputs"][old_key]["sizes"])
    old_photo = str((project.content / "people/photos/wang.jpg").resolve())
    assert old_files and any(Path(p).resolve() == Path(old_photo) for p in first["sources"])

    # Another photo for 王晓明, in another file: the old one's outputs are used no more.
    project.write("people/photos/wang-2026.jpg", jpeg(size=(640, 800)))
    project.edit("people/wang-xiaoming.md", "photo: photos/wang.jpg", "photo: photos/wang-2026.jpg")
    for run in range(2, KEEP_RUNS + 1):  # runs 2…KEEP_RUNS: unused, not yet KEEP_RUNS in a row
        assert check(project)[0] == 0
        assert all(path.is_file() for path in old_files), run
    assert check(project)[0] == 0  # unused by KEEP_RUNS runs in a row: gone at this save

    manifest = json.loads((portraits / "manifest.json").read_text("utf-8"))
    assert manifest["runs"] == KEEP_RUNS + 1
    assert not any(path.exists() for path in old_files)
    assert old_key not in manifest["outputs"] and old_key not in manifest["used"]
    placeholders = {k for k, e in first["outputs"].items() if e["framing"] == "placeholder"}
    assert placeholders and placeholders <= set(manifest["outputs"])
    assert not any(Path(p).resolve() == Path(old_photo) for p in manifest["sources"])
    # What the build uses stays: 王晓明's new portrait and the placeholders.
    assert manifest["outputs"] and set(manifest["used"]) == set(manifest["outputs"])
    for key, entry in manifest["outputs"].items():
        for width, _ in entry["sizes"]:
            assert (portraits / f"{key}-{width}.jpg").is_file()
            assert (portraits / f"{key}-{width}.webp").is_file()
    assert {p.name for p in portraits.iterdir()} == {"manifest.json"} | {
        f"{key}-{width}.{suffix}"
        for key, entry in manifest["outputs"].items()
        for width, _ in entry["sizes"]
        for suffix in ("jpg", "webp")
    }


# -- the body cache itself, in-process -----------------------------------------------------------
HTML_BITS = st.sampled_from(
    [
        "<script>x</script>",
        '<img src="a.png" onerror="x">',
        '<img src="data:image/png;base64,AA">',
        '<img src="https://example.org/a.png">',
        "[a](javascript:x)",
        '<td style="color: red; text-align: left">',
        '<p id="__config">',
        "<font>字</font>",
        '{: onclick="x" }',
        "<!-- note -->",
        "\n\n",
        "文字",
        "&#106;avascript:",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(HTML_BITS | st.text(max_size=8), max_size=8).map("".join))
def test_a_cached_check_finds_exactly_what_a_fresh_one_finds(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    options = MarkdownOptions((*BUILTIN_EXTENSIONS, "attr_list", "md_in_html"))
    folder = tmp_path_factory.mktemp("bodies")
    fresh = removals(BodyRenderer(options).html(text))
    cold = BodyChecker(options, folder)
    assert cold.removals(text) == fresh
    cold.save()
    warm = BodyChecker(options, folder)
    assert warm.removals(text) == fresh
    assert warm._renderer is None  # found in the cache: Markdown was not even loaded


def test_the_markdown_options_are_part_of_the_key(tmp_path: Path) -> None:
    text = '段落\n{: onclick="alert(1)" }'
    plain = BodyChecker(MarkdownOptions(), tmp_path)
    assert plain.removals(text) == []
    plain.save()
    listed = MarkdownOptions((*BUILTIN_EXTENSIONS, "attr_list"))
    found = BodyChecker(listed, tmp_path).removals(text)
    assert [(r.kind, r.tag, r.attribute) for r in found] == [
        (RemovalKind.ATTRIBUTE, "p", "onclick")
    ]
    configured = MarkdownOptions(("toc",), {"toc": {"permalink": True}})
    assert options_text(configured) != options_text(MarkdownOptions(("toc",)))


def test_options_without_a_stable_text_are_never_cached(tmp_path: Path) -> None:
    unstable = {
        "a lambda": MarkdownOptions(("toc",), {"toc": {"slugify": lambda text, sep: text}}),
        "an object": MarkdownOptions(("toc",), {"toc": {"slugify": object()}}),
        "snippets": MarkdownOptions(("pymdownx.snippets",)),
    }
    for name, options in unstable.items():
        assert options_text(options) is None, name
        checker = BodyChecker(options, tmp_path / "bodies")
        checker.removals("<script>x</script>")
        checker.save()
        assert not (tmp_path / "bodies").exists(), name
    # What Material's documentation writes: !!python/object/apply:pymdownx.slugs.slugify
    lower = MarkdownOptions(("toc",), {"toc": {"slugify": slugify(case="lower")}})
    assert options_text(lower) == options_text(
        MarkdownOptions(("toc",), {"toc": {"slugify": slugify(case="lower")}})
    )
    assert options_text(lower) not in (None, options_text(MarkdownOptions(("toc",))))
