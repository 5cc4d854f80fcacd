"""The package on its own: installed from a wheel into a fresh environment, `honours init` makes a
centre that checks and builds; the theme ships inside the package and a centre's custom_dir
overrides it; `honours check` reads the same mkdocs.yml as the build."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from generator.project.settings import (
    PACKAGE_THEME,
    SettingsError,
    project_settings,
    read_settings,
    with_package_theme,
)

from .conftest import BIN, MKDOCS_YML, REPO, SiteProject, run

CENTRE = "北岭县政务服务中心"
THEME_FILES = sorted(p.relative_to(PACKAGE_THEME).as_posix() for p in PACKAGE_THEME.rglob("*"))
# A page of every kind in the demo, by the fragment that frames it.
DEMO_PAGES = {
    "home": "index.html",
    "campaigns": "campaigns/index.html",
    "campaign": "campaigns/2026-model-post/index.html",
    "nominees": "campaigns/2026-model-post/nominees/index.html",
    "profile": "campaigns/2026-model-post/wang-xiaoming/index.html",
    "vote": "campaigns/2026-model-post/vote/index.html",
    "publicity": "campaigns/2026-most-beautiful/publicity/index.html",
    "results": "campaigns/2025-model-post/results/index.html",
    "people": "people/index.html",
    "person": "people/wang-xiaoming/index.html",
    "units": "units/index.html",
    "unit": "units/centre/index.html",
    "commitments": "units/branch-1/commitments/index.html",
    "honours": "honours/index.html",
    "honours_year": "honours/2025/index.html",
    "boards": "boards/index.html",
    "board": "boards/pioneers/index.html",
    "screen": "screens/pioneers/index.html",
}
# The Material partials the package overrides (every other file of its theme is its own).
PARTIALS = [
    "partials/footer.html",
    "partials/header.html",
    "partials/javascripts/base.html",
    "partials/search.html",
]
ASSETS = [
    "assets/stylesheets/honours.css",
    "assets/stylesheets/screen.css",
    "assets/javascripts/screen.js",
    "assets/fonts/NotoSansSC-Bold.woff2",
]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(path: Path) -> str:
    return " ".join(soup(path).get_text(" ").split())


# -- installed from a wheel ---------------------------------------------------------------------
def test_the_wheel_installs_and_init_makes_a_centre_that_checks_and_builds(tmp_path: Path) -> None:
    # Built from a copy of the project's files: an in-tree build would leave build/ in the
    # checkout, and stale files there end up in later wheels.
    source = tmp_path / "source"
    shutil.copytree(
        REPO / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    for path in REPO.iterdir():
        if path.is_file():
            shutil.copy(path, source / path.name)
    wheels = tmp_path / "wheels"
    built = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, source, cwd=tmp_path
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = wheels.glob("honour_board-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"generator/theme/{name}" for name in THEME_FILES if "." in name} <= names

    # A fresh environment; the dependencies come the way pip is configured to get them.
    env = tmp_path / "env"
    made = run(sys.executable, "-m", "venv", "--without-pip", env, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = env / "bin" / "python"
    installed = run(
        sys.executable, "-m", "pip", "--python", python, "install", "-q", wheel, cwd=tmp_path
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    where = run(
        python,
        "-c",
        "from generator.project import settings; print(settings.PACKAGE_THEME)",
        cwd=tmp_path,
    )
    assert Path(where.stdout.strip()).is_relative_to(env), where.stdout + where.stderr

    init = run(env / "bin" / "honours", "init", CENTRE, "--dir", "beiling", cwd=tmp_path)
    assert init.returncode == 0, init.stdout + init.stderr
    centre = tmp_path / "beiling"
    config = (centre / "mkdocs.yml").read_text(encoding="utf-8")
    assert "custom_dir" not in config and "- honours" in config
    assert "mkdocs build" in (centre / "README.md").read_text(encoding="utf-8")

    check = run(env / "bin" / "honours", "check", "-f", "beiling/mkdocs.yml", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "使用配置文件：beiling/mkdocs.yml" in check.stderr
    assert "检查通过：1 条人员记录，1 个评选活动，1 个公开的推荐对象。" in check.stdout

    build = run(env / "bin" / "mkdocs", "build", "--strict", cwd=centre)
    assert build.returncode == 0, build.stdout + build.stderr
    site = centre / "site"
    home = soup(site / "index.html")
    assert CENTRE in home.title.get_text()
    link = home.select_one('a[href^="campaigns/"][href$="-service-star/"]')
    assert link is not None, home.select_one("article")
    campaign = site / link["href"] / "index.html"
    assert "推荐报送中" in text_of(campaign)
    # The blank form the campaign page links is made from the template inside the wheel.
    form = soup(campaign).select_one(".hb-attachment-list a[href$='.docx']")
    assert form is not None and (campaign.parent / form["href"]).is_file()
    nominees = text_of(campaign.parent / "nominees" / "index.html")
    assert "王晓明" in nominees
    assert "王晓明" in text_of(site / "people" / "index.html")
    assert home.select_one('link[href$="assets/stylesheets/honours.css"]') is not None
    for asset in ASSETS:
        assert (site / asset).is_file(), asset


# -- the theme inside the package, and a centre's overrides -----------------------------------
def test_the_package_theme_comes_after_custom_dir_and_before_material() -> None:
    dirs = ["/centre/theme", "/material/templates", "/mkdocs/templates"]
    ours = str(PACKAGE_THEME)
    assert with_package_theme(dirs, "/centre/theme") == [dirs[0], ours, *dirs[1:]]
    assert with_package_theme(dirs[1:], None) == [ours, *dirs[1:]]
    assert with_package_theme([ours, *dirs[1:]], None) == [ours, *dirs[1:]]  # once only


def test_our_theme_overrides_no_file_of_material() -> None:
    spec = importlib.util.find_spec("material")
    assert spec is not None and spec.origin is not None
    material = Path(spec.origin).parent / "templates"
    assert (material / "base.html").is_file()
    overridden = [name for name in THEME_FILES if (material / name).is_file()]
    # On purpose, each with its reason in its first lines: the header (长者模式), the footer
    # (organisation.yml, no attribution), the search dialog's name, the 长者模式 before paint.
    assert overridden == sorted(PARTIALS)
    for name in PARTIALS:
        assert (PACKAGE_THEME / name).read_text(encoding="utf-8").startswith("{#-"), name


def test_the_demo_builds_whole_without_its_custom_dir(demo: SiteProject, tmp_path: Path) -> None:
    copy = SiteProject(tmp_path / "demo")
    shutil.copytree(demo.content, copy.content)
    shutil.copytree(demo.root / ".cache", copy.root / ".cache")  # the same portraits, warm
    text = (demo.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "custom_dir: theme\n" in text
    (copy.root / "mkdocs.yml").write_text(text.replace("  custom_dir: theme\n", ""), "utf-8")
    site = copy.build(process=True)

    assert set(DEMO_PAGES) == {p.stem for p in (PACKAGE_THEME / "fragments").glob("[!_]*.html")}
    for kind, page in DEMO_PAGES.items():
        assert soup(site / page).select_one('[class^="hb-"]') is not None, kind
    for asset in ASSETS:
        assert (site / asset).is_file(), asset
    files = {p.relative_to(site) for p in site.rglob("*")}
    assert files == {p.relative_to(demo.root / "site") for p in (demo.root / "site").rglob("*")}
    # The demo's one override (theme/main.html) is the only difference.
    referrer = 'meta[name="referrer"]'
    assert demo.page(DEMO_PAGES["profile"]).select_one(referrer) is not None
    assert soup(site / DEMO_PAGES["profile"]).select_one(referrer) is None


BROKEN = {
    "syntax": (
        "fragments/profile.html",
        12,
        "{% if %}",
        "模板语法有误（Expected an expression, got 'end of statement block'）",
    ),
    "include": (
        "main.html",
        3,
        "{% include 'partials/missing.html' %}",
        "找不到模板“partials/missing.html”",
    ),
    "undefined": ("fragments/person.html", 2, "{{ person.nmae }}", "模板出错（"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_override_stops_the_build_with_file_and_line(
    project: SiteProject, case: str
) -> None:
    name, line, statement, message = BROKEN[case]
    config = project.root / "mkdocs.yml"
    config.write_text(
        MKDOCS_YML.replace("  name: material\n", "  name: material\n  custom_dir: theme\n"),
        "utf-8",
    )
    template = project.root / "theme" / name
    template.parent.mkdir(parents=True)
    original = PACKAGE_THEME / name
    lines = (
        original.read_text(encoding="utf-8").splitlines()
        if original.is_file()
        else ['{% extends "base.html" %}', "{% block extrahead %}", "", "{% endblock %}"]
    )
    lines[line - 1] += statement
    template.write_text("\n".join(lines), encoding="utf-8")

    result = project.mkdocs("build")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"theme/{name}:{line}: 错误：{message}" in output, output
    assert "Traceback" not in output
    assert not (project.root / "site").exists()


# -- one mkdocs.yml for the build and for honours check -----------------------------------------
def test_check_reads_cache_dir_aspect_and_today_from_mkdocs_yml(
    project: SiteProject, tmp_path: Path
) -> None:
    options = (
        '      today: "2026-11-21"\n      cache_dir: build-cache\n      portrait_aspect: "1:1"\n'
    )
    config = project.root / "mkdocs.yml"
    config.write_text(MKDOCS_YML.replace('      today: "2026-11-25"\n', options), "utf-8")

    check = run(BIN / "honours", "check", "-f", "project/mkdocs.yml", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "使用配置文件：project/mkdocs.yml" in check.stderr
    assert (
        "按构建日期 2026-11-21，网站上显示 1 个评选活动：2026年度优秀党员示范岗（投票中）"
        in check.stdout
    )
    cache = project.root / "build-cache" / "portraits"
    assert (cache / "manifest.json").is_file() and not (project.root / ".cache").exists()
    outputs = sorted(cache.glob("*.jpg"))
    assert outputs and all(Image.open(p).width == Image.open(p).height for p in outputs)

    project.build(process=True)  # the same cache and shape: nothing new to make
    assert sorted(cache.glob("*.jpg")) == outputs
    assert not (project.root / ".cache").exists()


def test_a_bad_today_gets_the_same_message_from_check_and_build(project: SiteProject) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(MKDOCS_YML.replace('today: "2026-11-25"', "today: 2026/11/25"), "utf-8")
    line = MKDOCS_YML.splitlines().index('      today: "2026-11-25"') + 1
    expected = (
        f"mkdocs.yml:{line}:14: 错误：构建日期“2026/11/25”无效：应写作 YYYY-MM-DD（如 2024-06-25）"
    )

    check = project.honours("check", "-f", "mkdocs.yml")
    build = project.mkdocs("build")
    for result in (check, build):
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert expected in output, output
        assert "Traceback" not in output


def test_check_without_a_mkdocs_yml_uses_the_defaults(project: SiteProject) -> None:
    (project.root / "mkdocs.yml").unlink()
    result = project.honours("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "没有找到 mkdocs.yml，按默认设置检查" in result.stderr
    assert (project.root / ".cache" / "portraits" / "manifest.json").is_file()


def test_settings_read_safely_with_env_tags_and_inherit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "overrides").mkdir()
    (tmp_path / "base.yml").write_text("docs_dir: records\nsite_dir: public\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "INHERIT: base.yml\n"
        "theme:\n"
        "  name: material\n"
        "  custom_dir: overrides\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:os.system\n"
        "plugins:\n"
        "  search: {}\n"
        "  honours:\n"
        "    today: !ENV [HB_TEST_TODAY, 2026-01-02]\n"
        "    cache_dir: !ENV [HB_TEST_CACHE, .cache]\n"
        "    portrait_aspect: !relative\n",
        "utf-8",
    )
    monkeypatch.setenv("HB_TEST_CACHE", "elsewhere")
    with pytest.raises(SettingsError) as bad:
        read_settings(tmp_path / "mkdocs.yml", environ={})
    assert "mkdocs.yml:14:22: 错误：portrait_aspect 的值" in str(bad.value)

    text = (tmp_path / "mkdocs.yml").read_text("utf-8").replace("!relative", '"2:3"')
    (tmp_path / "mkdocs.yml").write_text(text, "utf-8")
    settings = read_settings(tmp_path / "mkdocs.yml", environ={})
    assert settings.docs_dir == tmp_path / "records" and settings.site_dir == tmp_path / "public"
    assert settings.cache_path == tmp_path / "elsewhere"
    assert settings.today.isoformat() == "2026-01-02" and settings.portrait_aspect == (2, 3)
    assert settings.custom_dir == tmp_path / "overrides"
    assert settings.theme_dirs == [tmp_path / "overrides", PACKAGE_THEME]
    assert settings.theme_file("assets/fonts/NotoSansSC-Bold.woff2") is not None
    assert read_settings(tmp_path / "mkdocs.yml", {"HONOURS_TODAY": "2026-03-04"}).today.month == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "theme:\n  name: material\n  custom_dir: nowhere\n",
            "mkdocs.yml:3:15: 错误：custom_dir 指向的文件夹“nowhere”不存在",
        ),
        ("docs_dir: [a]\n", "mkdocs.yml:1:11: 错误：docs_dir 的值“['a']”无效：应写作文件夹路径"),
        (
            "plugins:\n  - honours:\n      portrait_aspect: 3:4\n",
            '（请加引号，如 portrait_aspect: "3:4"）',
        ),
        ("site_name: [\n", "mkdocs.yml:2:1: 错误：YAML 格式错误"),
        ("- a list\n", "mkdocs.yml: 错误：配置文件应由“名称: 值”的设置组成"),
    ],
)
def test_bad_settings_name_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("mkdocs.yml").write_text(text, "utf-8")
    with pytest.raises(SettingsError) as bad:
        project_settings(Path("mkdocs.yml"), environ={})
    assert message in str(bad.value)


def test_a_missing_config_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError, match=r"找不到配置文件“site\.yml”"):
        project_settings(Path("site.yml"))
    result = run(BIN / "honours", "check", "-f", "site.yml", cwd=tmp_path)
    assert result.returncode == 1 and "找不到配置文件“site.yml”" in result.stderr
