"""Real sites in temp dirs, built by real MkDocs, read back as parsed HTML."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from PIL import Image

if TYPE_CHECKING:
    from click.testing import Result

    from generator.printing.job import PrintJob
    from generator.site.views import Views

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

MKDOCS_YML = """\
site_name: 测试中心光荣榜
site_url: https://example.org/
docs_dir: content
theme:
  name: material
  language: zh
  font: false
plugins:
  - search
  - honours:
      today: "2026-11-25"
"""

ORGANISATION = """\
name: 测试市政务服务中心
contacts:
  - name: 办公室
    phone: 0000-11112222
supervision:
  phone: 0000-11113333
  email: jiandu@example.org
publish:
  person_fields: [gender, political_status]
"""

UNITS = """\
units:
  - id: hall
    name: 办事大厅
    kind: hall
    floor: "1"
    staff: 120
  - id: tax-window
    name: 税务窗口
    kind: window
    staff: 8
    parent: hall
  - id: small-office
    name: 小办公室
    kind: department
    staff: 20
"""

STORY = "他扎根窗口一线，热情服务群众，" * 12  # 168 characters that count

PEOPLE = {
    "wang-xiaoming": """\
---
name: 王晓明
unit: hall
position: 综合受理岗
gender: 男
born: 1988
ethnicity: 汉族
political_status: 中共党员
joined_party: 2010-07-01
photo: photos/wang.jpg
photo_focus: [0.5, 0.3]
honours:
  - 2022年度优质服务明星
private:
  phone: "13912345678"
  id_number: "110101198801011234"
  note: 内部备注甲乙丙
---
热心肠的老窗口。
""",
    "li-hua": """\
---
name: 李华
unit: small-office
gender: 女
political_status: 中共党员
joined_party: 2015-05-04
born: 1990
private:
  phone: "13700001111"
---
""",
    "tax-window": """\
---
kind: window
name: 税务综合窗口
unit: tax-window
leader: 赵敏
leader_position: 科长
staff: 8
---
""",
}

CAMPAIGN = """\
---
title: 关于开展2026年度“优秀党员示范岗”评选活动的通知
short_title: 2026年度优秀党员示范岗
year: 2026
issuer: 测试市政务服务中心
document_no: 测政务发〔2026〕1号
published: 2026-11-01
categories:
  - id: model-post
    name: 优秀党员示范岗
    kind: person
    quota: 2
    unit_quota:
      by_staff:
        - below: 50
          count: 1
        - count: 2
    requires:
      political_status: [中共党员]
      party_years: 1
    deeds: {min: 100, max: 800, recommended: 150}
    criteria:
      - 政治坚定。
  - id: window
    name: 最美服务窗口
    kind: window
timeline:
  nomination: {start: 2026-11-02, end: 2026-11-10}
  review: {start: 2026-11-11, end: 2026-11-18}
  voting: {start: 2026-11-20T09:00+08:00, end: 2026-11-30T18:00+08:00}
  publicity: {start: 2026-12-02, end: 2026-12-08}
  commendation: 2026-12-15
veto:
  - 被新闻媒体负面报道的；
contacts:
  - name: 机关党委
    phone: 0000-11114444
voting:
  channels:
    - kind: online
      name: 测试政务平台
      url: https://vote.example.org/2026
    - kind: sms
      number: "10690000"
      format: 投+编号
    - kind: hotline
      number: 0000-11115555
      hours: 9:00—17:00
  rules:
    - 每个手机号每天限投1票。
  limits: {per_phone_per_day: 1}
---
各单位：现将评选方案印发给你们。
"""

NOMINATIONS = {
    "wang-xiaoming": f"""\
---
category: model-post
title: 把群众的事当成自己的事
code: 7
status: candidate
---
{STORY}
""",
    "li-hua": f"""\
---
category: model-post
status: vetoed
veto_reason: 机密否决理由丁戊己
---
{STORY}
""",
    "tax-window": f"""\
---
category: window
status: candidate
---
{STORY}
""",
}


def jpeg(size: tuple[int, int] = (600, 800), orientation: int = 1, **extra: object) -> bytes:
    """A phone-like JPEG; the pixels are stored rotated when orientation asks for it."""
    image = Image.new("RGB", size, (200, 180, 160))
    image.paste((30, 30, 30), (0, 0, size[0], size[1] // 5))  # dark band on top when upright
    if (
        orientation == 6
    ):  # the viewer turns it 90° clockwise, so it is stored turned counter-clockwise
        image = image.transpose(Image.Transpose.ROTATE_90)
    elif orientation == 8:
        image = image.transpose(Image.Transpose.ROTATE_270)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "TestCam"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), **extra)
    return buffer.getvalue()


def jpeg_markers(data: bytes) -> list[int]:
    """The JPEG segment markers before the image data (APP1 = 0xE1 holds EXIF/XMP, 0xFE is a comment)."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers, position = [], 2
    while position < len(data):
        assert data[position] == 0xFF
        marker = data[position + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: the image data follows
            break
        position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return markers


def webp_chunks(data: bytes) -> list[bytes]:
    """The RIFF chunk names of a WebP file (EXIF, XMP and ICCP hold metadata)."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", "not a WebP"
    chunks, position = [], 12
    while position + 8 <= len(data):
        name, size = (
            data[position : position + 4],
            int.from_bytes(data[position + 4 : position + 8], "little"),
        )
        chunks.append(name)
        position += 8 + size + (size & 1)
    return chunks


@dataclass
class SiteProject:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(
                textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8"
            )
        return path

    def remove(self, relative: str) -> None:
        (self.content / relative).unlink()

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.content / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def mkdocs(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return run(BIN / "mkdocs", *args, cwd=self.root, env=env)

    def honours(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run(BIN / "honours", *args, cwd=self.root)

    def build(self, *args: str, env: dict[str, str] | None = None, process: bool = False) -> Path:
        """`mkdocs build` (with `--strict` and HONOURS_TODAY as given), in this process unless
        `process` (a test about what a build of its own process does) or other arguments or
        variables ask for the command itself (build_in runs it as the command does)."""
        variables = set(env or {}) - {"HONOURS_TODAY"}
        if not process and set(args) <= {"--strict"} and not variables:
            today = (env or {}).get("HONOURS_TODAY")
            return build_in(self.root, today, strict="--strict" in args)
        result = self.mkdocs("build", *args, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        return self.root / "site"

    def page(self, url: str) -> BeautifulSoup:
        path = (
            self.root / "site" / url / "index.html"
            if not url.endswith(".html")
            else self.root / "site" / url
        )
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def run(
    *command: object, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("HONOURS_TODAY", None)
    environment.update(env or {})
    return subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def project(tmp_path: Path) -> SiteProject:
    """A small valid site: two people, a window, one campaign, one vetoed nomination; no custom_dir
    (the plugin brings its theme)."""
    return small_project(tmp_path / "project")


def copy_demo(root: Path) -> Path:
    """The repository's demo project (content/, its theme/ of overrides, mkdocs.yml) copied
    into `root`."""
    for folder in ("content", "theme"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def honours_in(cwd: Path, *args: str) -> Result:
    """The `honours` command run in-process in `cwd`, as staff type it there."""
    from click.testing import CliRunner

    from generator.cli import main

    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> SiteProject:
    """The repository's own demo (with its custom_dir of overrides), copied and built once per
    test run: under pytest-xdist the first worker to ask builds it, the others wait for it and
    share it (tests only read it; a build takes a worker ~20 s)."""
    if worker_id == "master":  # not under xdist
        project = SiteProject(copy_demo(tmp_path_factory.mktemp("demo")))
        project.build(process=True)
        return project
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent / "demo-shared"
    with FileLock(f"{shared}.lock"):
        project = SiteProject(shared)
        if not (shared / "built").is_file():
            shutil.rmtree(shared, ignore_errors=True)  # a half-made copy of a run that died
            shared.mkdir()
            copy_demo(shared)
            project.build(process=True)
            (shared / "built").write_text("", encoding="utf-8")
    return project


# -- the demo as `honours print` sees it ----------------------------------------------------------
DEMO_SITE_URL = "https://rongyu.example.gov.cn/"  # mkdocs.yml's site_url
DEMO_TODAY = "2026-11-25"  # mkdocs.yml's build date: the campaigns in their demo stages


@pytest.fixture(scope="session")
def print_views(tmp_path_factory: pytest.TempPathFactory) -> Views:
    """The demo's public views (site.views.Views, publish policy applied) with its portraits,
    read once per test run from a copy of content/ with a cache of its own."""
    from datetime import date

    from generator.build import gather
    from generator.media.placeholders import FONT_PATH
    from generator.media.portraits import PortraitSettings
    from generator.project.settings import PACKAGE_THEME

    root = tmp_path_factory.mktemp("print")
    shutil.copytree(REPO / "content", root / "content")
    gathered = gather(
        root / "content", root / ".cache", PortraitSettings(), PACKAGE_THEME / FONT_PATH
    )
    content = gathered.result.content
    assert content is not None and not gathered.result.problems.errors
    return gathered.views(date.fromisoformat(DEMO_TODAY))


def print_job(views: Views, out: Path, site_url: str | None = DEMO_SITE_URL) -> PrintJob:
    """A PrintJob of the demo into `out`, with the package's templates."""
    from generator.printing.job import PrintJob
    from generator.printing.typeset import build_timestamp, template_folders

    return PrintJob(views, template_folders(), build_timestamp(views.today), out, site_url)


# -- small projects built in-process ---------------------------------------------------------------
def small_project(root: Path) -> SiteProject:
    """The `project` fixture's small site made in `root`, for a module-scoped fixture to build
    once (the `project` fixture itself is function-scoped)."""
    site = SiteProject(root)
    root.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    site.write("organisation.yml", ORGANISATION)
    site.write("units.yml", UNITS)
    for person_id, text in PEOPLE.items():
        site.write(f"people/{person_id}.md", text)
    site.write("people/photos/wang.jpg", jpeg(orientation=6, comment=b"tel 13912345678"))
    site.write("campaigns/2026-model-post/index.md", CAMPAIGN)
    for nominee, text in NOMINATIONS.items():
        site.write(f"campaigns/2026-model-post/{nominee}.md", text)
    return site


def build_in(
    root: Path, today: str | None = None, site_dir: Path | None = None, strict: bool = False
) -> Path:
    """`mkdocs build` of the project in `root`, run in this process as its command runs it
    (on_startup, build, on_shutdown; no interpreter to start), on the build date `today`
    (HONOURS_TODAY) or else mkdocs.yml's, into `site_dir` or else root/site; `strict` as
    `--strict` (a warning fails the build). A failed build raises mkdocs' Abort. Returns the
    site folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = site_dir or root / "site"
    with pytest.MonkeyPatch.context() as patch:
        if today is None:
            patch.delenv("HONOURS_TODAY", raising=False)
        else:
            patch.setenv("HONOURS_TODAY", today)
        config = load_config(
            config_file=str(root / "mkdocs.yml"), site_dir=str(site), strict=strict or None
        )
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    return site


def honours_here(site: SiteProject, *args: str) -> subprocess.CompletedProcess[str]:
    """`site.honours(*args)` run in this process (honours_in): the same exit code, stdout and
    stderr, without an interpreter to start for each command."""
    result = honours_in(site.root, *args)
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)
