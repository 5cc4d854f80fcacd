"""The hostile corpus: every case of tests/hostile/*.yml (what it changes in the fixture site,
and exactly what must come out), run by one parametrised test.

Each case is checked alone, in-process, as `honours check` checks (`gather` with the settings
of mkdocs.yml): the exit code, and every message, no more. Cases that build are also built
for real, several compatible cases into one site (a group shares a site only when the messages
of the whole group are exactly those of its cases together, and `mkdocs build` warns exactly
those): every page of that site must be safe (tests/safety.py), with no inline script but
those a clean build of the fixture has, and each case's `html` expectations must hold there.
A case with `build: true` that fails is built on its own as well: the build must fail with
the same errors and write nothing. A case with `finding:` states what the program should do
and does not yet: it is expected to fail (strictly, so that a fix is noticed).

The format is described in tests/hostile/README.md.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import stat
import textwrap
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.build import gather
from generator.media.placeholders import FONT_PATH
from generator.media.portraits import PortraitSettings
from generator.project.settings import project_settings

from .conftest import (
    CAMPAIGN,
    MKDOCS_YML,
    NOMINATIONS,
    ORGANISATION,
    PEOPLE,
    UNITS,
    SiteProject,
    jpeg,
)
from .safety import EXTENSIONS, html_pages, problems_of, template_scripts

CORPUS = Path(__file__).parent / "hostile"
OUTSIDE = "@OUTSIDE@"  # in a change: the absolute path of a folder beside the project
REPEAT = "@REPEAT@"  # in a change: `repeat: [text, times]`, written out
SECRET = "机密外部文件内容"  # in every file of the outside folder: it must never be published
CHANGE_KEYS = {"file", "replace", "with", "write", "append", "hex", "base64", "encoding"}
CHANGE_KEYS |= {"symlink", "fifo", "mkdir", "remove", "repeat"}
CASE_KEYS = {"name", "changes", "exit", "messages", "html", "build", "alone", "finding"}
HTML_KEYS = {"page", "select", "attr", "text", "contains", "lacks", "count"}
CHECK_TIMEOUT = 20  # seconds: a check that waits longer (on a pipe, say) hangs


# -- the cases ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    group: str
    name: str
    changes: tuple[dict[str, Any], ...]
    exit: int
    messages: tuple[str, ...]
    html: tuple[dict[str, Any], ...] = ()
    build: bool = False
    alone: bool = False
    finding: str | None = None

    @property
    def id(self) -> str:
        return f"{self.group}/{self.name}"


def read_cases() -> list[Case]:
    cases = []
    for path in sorted(CORPUS.glob("*.yml")):
        for written in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            unknown = set(written) - CASE_KEYS
            assert not unknown, f"{path.name}: {written.get('name')}: unknown keys {unknown}"
            for change in written["changes"]:
                assert not set(change) - CHANGE_KEYS, f"{written['name']}: {change}"
            for expected in written.get("html", []):
                assert not set(expected) - HTML_KEYS, f"{written['name']}: {expected}"
            assert written["exit"] in (0, 1), written["name"]
            cases.append(
                Case(
                    path.stem,
                    written["name"],
                    tuple(written["changes"]),
                    written["exit"],
                    tuple(written.get("messages") or ()),
                    tuple(written.get("html") or ()),
                    bool(written.get("build")),
                    bool(written.get("alone")),
                    written.get("finding"),
                )
            )
    names = Counter(case.id for case in cases)
    assert not [name for name, count in names.items() if count > 1], names
    return cases


CASES = read_cases()


# -- the fixture site, changed ---------------------------------------------------------------------
def fixture_files() -> dict[str, str]:
    """The text files of the conftest `project` fixture, by path inside content/."""
    files = {"organisation.yml": ORGANISATION, "units.yml": UNITS}
    files |= {f"people/{pid}.md": text for pid, text in PEOPLE.items()}
    files["campaigns/2026-model-post/index.md"] = CAMPAIGN
    files |= {f"campaigns/2026-model-post/{n}.md": text for n, text in NOMINATIONS.items()}
    return files


def new_site(root: Path) -> SiteProject:
    """The conftest fixture site (with the Markdown extensions above) and, beside it, a folder
    `outside/` of files that must never be read or published."""
    root.mkdir(parents=True)
    site = SiteProject(root / "project")
    site.root.mkdir()
    (site.root / "mkdocs.yml").write_text(MKDOCS_YML + EXTENSIONS, encoding="utf-8")
    for relative, text in fixture_files().items():
        site.write(relative, text)
    site.write("people/photos/wang.jpg", jpeg(orientation=6))
    outside = root / "outside"
    (outside / "folder").mkdir(parents=True)
    for folder in (outside, outside / "folder"):
        (folder / "photo.jpg").write_bytes(jpeg())
        (folder / "secret.md").write_text(f"# 外部\n\n{SECRET}\n", encoding="utf-8")
        (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    return site


def expand(text: str, change: dict[str, Any], outside: Path) -> str:
    if "repeat" in change:
        unit, times = change["repeat"]
        text = text.replace(REPEAT, unit * times)
    return text.replace(OUTSIDE, str(outside))


def apply(site: SiteProject, changes: tuple[dict[str, Any], ...]) -> None:
    outside = site.root.parent / "outside"
    for change in changes:
        path = site.content / expand(change["file"], change, outside)
        path.parent.mkdir(parents=True, exist_ok=True)
        encoding = change.get("encoding", "utf-8")
        if "replace" in change:
            text = path.read_text(encoding="utf-8")
            old, new = change["replace"], expand(change["with"], change, outside)
            assert old in text, f"{old!r} not in {change['file']}"
            path.write_bytes(text.replace(old, new, 1).encode(encoding))
        elif "write" in change:
            path.write_bytes(expand(change["write"], change, outside).encode(encoding))
        elif "append" in change:
            with path.open("ab") as file:
                file.write(expand(change["append"], change, outside).encode(encoding))
        elif "hex" in change:
            path.write_bytes(bytes.fromhex(change["hex"]))
        elif "base64" in change:
            path.write_bytes(base64.b64decode(change["base64"]))
        elif "symlink" in change:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()
            path.symlink_to(expand(change["symlink"], change, outside))
        elif "fifo" in change:
            if path.exists():
                path.unlink()
            os.mkfifo(path)
        elif "mkdir" in change:
            path.mkdir(parents=True, exist_ok=True)
        elif "remove" in change:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        else:
            raise AssertionError(f"a change that changes nothing: {change}")


def check(site: SiteProject, cache: Path, timeout: float = CHECK_TIMEOUT) -> tuple[int, list[str]]:
    """What `honours check` says of the site (generator/cli/, in-process): its exit code and
    its messages, in its order. A check that hangs (reading a pipe) fails."""
    done: list[tuple[int, list[str]]] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            settings = project_settings(site.root / "mkdocs.yml")
            portraits = PortraitSettings(aspect=settings.portrait_aspect)
            font = settings.theme_file(FONT_PATH)
            problems = gather(
                settings.docs_dir, cache, portraits, font, settings.markdown
            ).result.problems
            lines = [problem.format(site.root) for problem in problems.items]
            done.append((1 if problems.errors else 0, lines))
        except BaseException as exc:  # reported below, in the test's thread
            failed.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        for _ in range(50):  # let it finish: each read of a pipe gets an end of file
            unblock_pipes(site.root.parent)
            thread.join(0.1)
            if not thread.is_alive():
                break
        pytest.fail(f"honours check hangs (more than {timeout} s)")
    if failed:
        raise failed[0]
    return done[0]


def unblock_pipes(folder: Path) -> None:
    """Open every FIFO under `folder` for writing and close it: a reader waiting on it reads
    the end of the file."""
    for path in folder.rglob("*"):
        if stat.S_ISFIFO(path.lstat().st_mode):
            with contextlib.suppress(OSError):  # nobody is reading it
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


# -- building compatible cases together --------------------------------------------------------------
def _line_keeping(change: dict[str, Any]) -> bool:
    """A change that replaces text and keeps every line where it was."""
    return (
        "replace" in change
        and "repeat" not in change
        and change["replace"].count("\n") == change["with"].count("\n")
        and change.get("encoding", "utf-8") == "utf-8"
    )


def build_groups(cases: list[Case]) -> list[list[Case]]:
    """Cases that build, in groups whose changes do not meet: a file written whole belongs to one
    case of a group; replacements that keep the lines share a file when each finds its text."""
    files = fixture_files()
    groups: list[tuple[list[Case], dict[str, str], set[str]]] = []  # cases, texts, owned files

    def joined(case: Case, texts: dict[str, str], owned: set[str]) -> bool:
        """Add the case's changes to a group's files; False (nothing added) when they meet."""
        after = dict(texts)
        for change in case.changes:
            name = change["file"]
            if name in owned:
                return False
            if not _line_keeping(change):
                if name in texts:
                    return False
                continue
            text = after.get(name, files.get(name, ""))
            if change["replace"] not in text:
                return False
            after[name] = text.replace(change["replace"], change["with"], 1)
        texts.update(after)
        owned.update(c["file"] for c in case.changes if not _line_keeping(c))
        return True

    def alone(case: Case) -> bool:
        return case.alone or case.finding is not None  # a finding may break what it meets

    for case in cases:
        if case.exit != 0:
            continue
        for members, texts, owned in groups:
            if not alone(case) and not alone(members[0]) and joined(case, texts, owned):
                members.append(case)
                break
        else:
            texts, owned = {}, set()
            assert joined(case, texts, owned), case.id
            groups.append(([case], texts, owned))
    return [members for members, _, _ in groups]


GROUPS = build_groups(CASES)
GROUP_OF = {case.id: index for index, group in enumerate(GROUPS) for case in group}


@dataclass
class Built:
    site: SiteProject
    unsafe: dict[str, list[str]] = field(default_factory=dict)
    pages: int = 0
    failure: str | None = None


class Builds:
    """The group sites, each built the first time one of its cases asks for it."""

    def __init__(self, root: Path, cache: Path) -> None:
        self.root, self.cache = root, cache
        self.built: dict[int, Built] = {}
        self._own_scripts: set[str] | None = None

    @property
    def own_scripts(self) -> set[str]:
        """The inline scripts of a clean build: what the templates write."""
        if self._own_scripts is None:
            clean = new_site(self.root / "clean")
            self._own_scripts = template_scripts(clean.build("--strict"))
            assert self._own_scripts
        return self._own_scripts

    def group(self, index: int) -> Built:
        if index not in self.built:
            self.built[index] = self._build(index)
        return self.built[index]

    def _build(self, index: int) -> Built:
        members = GROUPS[index]
        site = new_site(self.root / f"group-{index}")
        for case in members:
            apply(site, case.changes)
        built = Built(site)
        expected = sorted(line for case in members for line in case.messages)
        _, found = check(site, self.cache)
        if sorted(found) != expected:
            built.failure = group_failure(members, "honours check", expected, found)
            return built
        result = site.mkdocs("build")
        warnings = sorted(
            line.split(" -  ", 1)[1]
            for line in result.stderr.splitlines()
            if line.startswith("WARNING")
        )
        if result.returncode != 0 or warnings != expected:
            built.failure = (
                group_failure(
                    members, f"mkdocs build (exit {result.returncode})", expected, warnings
                )
                + "\n"
                + result.stderr[-3000:]
            )
            return built
        leaked = [
            path.relative_to(site.root).as_posix()
            for path in (site.root / "site").rglob("*")
            if path.is_file() and SECRET.encode() in path.read_bytes()
        ]
        if leaked:
            built.failure = f"files from outside content/ are published: {leaked}"
            return built
        own = self.own_scripts
        for where, soup in html_pages(site.root / "site"):
            built.pages += 1
            problems = problems_of(soup, own)
            if problems:
                built.unsafe[where] = problems
        return built


def group_failure(members: list[Case], what: str, expected: list[str], found: list[str]) -> str:
    return textwrap.dedent(
        f"""\
        the cases {[case.id for case in members]}, built together, do not say what each says
        alone in {what}: give one of them `alone: true`.
        expected: {expected}
        found:    {found}"""
    )


# -- the test ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One portrait cache for every in-process check (the fixture's photo is cropped once)."""
    return tmp_path_factory.mktemp("hostile-cache")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Iterator[Builds]:
    yield Builds(tmp_path_factory.mktemp("hostile-builds"), cache)


def page_of(site: Path, page: str) -> Path:
    return site / page / "index.html" if not page.endswith((".html", ".json")) else site / page


def check_html(site: Path, expected: dict[str, Any]) -> None:
    """Without `select`: `contains` and `lacks` are looked for in the page's source. With it:
    `count` matches; `text` is the text of the first (its attribute `attr` when given), white
    space made single spaces; `contains` and `lacks` are looked for in the text of all."""
    raw = page_of(site, expected["page"]).read_text(encoding="utf-8")
    where = (expected["page"], expected.get("select"))
    if "select" in expected:
        found = BeautifulSoup(raw, "html.parser").select(expected["select"])
        if "count" in expected:
            assert len(found) == expected["count"], (where, len(found))
        texts = [
            str(element.get(expected["attr"], "")) if "attr" in expected else element.get_text()
            for element in found
        ]
        texts = [" ".join(text.split()) for text in texts]
        if "text" in expected:
            assert texts, f"{where}: nothing matches"
            assert texts[0] == expected["text"], where
        raw = "\n".join(texts)
    for needle in expected.get("contains", []):
        assert needle in raw, f"{where}: {needle!r} missing"
    for needle in expected.get("lacks", []):
        assert needle not in raw, f"{where}: {needle!r} present"


def params() -> list[Any]:
    found = []
    for case in CASES:
        marks = []
        if case.finding:
            marks.append(pytest.mark.xfail(reason=case.finding, strict=True))
        found.append(pytest.param(case, id=case.id, marks=marks))
    return found


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 100
    assert len({case.group for case in CASES}) >= 7


@pytest.mark.parametrize(
    "name", ["yaml_traps/standard-tags", "bodies/story", "encodings/gbk-person-record"]
)
def test_honours_check_prints_what_the_core_says(name: str, tmp_path: Path) -> None:
    """The in-process check of the runner is `honours check`: the same lines, the same exit."""
    case = next(case for case in CASES if case.id == name)
    site = new_site(tmp_path / "case")
    apply(site, case.changes)
    result = site.honours("check")
    lines = result.stdout.splitlines()
    assert lines[: len(case.messages)] == list(case.messages)
    errors = sum("错误：" in line for line in case.messages)
    assert (
        lines[len(case.messages)] == f"共 {errors} 个错误，{len(case.messages) - errors} 个警告。"
    )
    assert result.returncode == case.exit


@pytest.mark.parametrize("case", params())
def test_hostile_case(case: Case, tmp_path: Path, cache: Path, builds: Builds) -> None:
    site = new_site(tmp_path / "case")
    apply(site, case.changes)
    code, found = check(site, cache, 3 if case.finding else CHECK_TIMEOUT)
    assert found == list(case.messages)
    assert code == case.exit
    if case.exit == 0:
        built = builds.group(GROUP_OF[case.id])
        assert built.failure is None, built.failure
        assert built.unsafe == {}
        assert built.pages > 10
        for expected in case.html:
            check_html(built.site.root / "site", expected)
    elif case.build:
        result = site.mkdocs("build")
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        for line in case.messages:
            assert line in output
        assert "Traceback" not in output
        assert not (site.root / "site").exists()
