"""Screens that follow the campaign (issue 15): a board's `campaign:` section shows, by the
campaign's stage on the build date, its candidates (the code in very large type, the SMS and the
vote QR code), its 公示 (the list, the period, the 监督 phone) or its awarded, and nothing in the
other stages; sections carry `from:`/`until:` dates; `notice:` and `image:` are free slides.

One small project is built at three dates (`HONOURS_TODAY`) and each site kept: the day before
voting, the first day of voting, and a day when its first campaign is announced and its second
is in its 公示. The slides are laid out in real Chromium (tests/browser.py) in both
orientations."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from generator.boards.definitions import load_boards
from generator.build import load
from generator.media.imaging import FORMATS
from generator.sources.problems import Problems

from .browser import chromium, serving, wait_until
from .conftest import (
    CAMPAIGN,
    NOMINATIONS,
    PEOPLE,
    SiteProject,
    jpeg,
    jpeg_markers,
    webp_chunks,
)
from .conftest import (
    small_project as base_project,
)
from .test_qrcodes import decode
from .test_screens import IMAGES_READY, LAYOUT_PROBLEMS, SIZES

VOTE_URL = "https://vote.example.org/2026"  # the small project's online channel
SITE_URL = "https://example.org/"  # its site_url
DAYS = {
    "before": "2026-11-19",  # both campaigns in review: their sections show nothing
    "voting": "2026-11-20",  # the first day of both votes
    "after": "2026-12-20",  # the first campaign announced, the second in its 公示
}
NOMINATION = "campaigns/2026-model-post/wang-xiaoming.md"
WINDOW = "campaigns/2026-window-vote/tax-window.md"

# A second campaign with a vote it calls 群众评议, without an online platform (its QR code leads
# to the site's own vote page), and a later 公示.
WINDOW_VOTE = (
    CAMPAIGN.replace(
        "short_title: 2026年度优秀党员示范岗", "short_title: 2026年度最美服务窗口群众评议"
    )
    .replace(
        "voting: {start: 2026-11-20T09:00+08:00, end: 2026-11-30T18:00+08:00}",
        "voting: {start: 2026-11-20T09:00+08:00, end: 2026-11-30T18:00+08:00, label: 群众评议}",
    )
    .replace(
        "publicity: {start: 2026-12-02, end: 2026-12-08}",
        "publicity: {start: 2026-12-16, end: 2026-12-22}",
    )
    .replace("commendation: 2026-12-15", "commendation: 2026-12-28")
    .replace("format: 投+编号", "format: 编辑“评+编号”发送")
    .replace(
        """    - kind: online
      name: 测试政务平台
      url: https://vote.example.org/2026
""",
        "",
    )
)

BOARD = """\
title: 一楼大厅滚动屏
subtitle: 亮身份 亮承诺 亮形象
screen:
  orientation: landscape
sections:
  - title: 优秀党员示范岗评选
    caption: 请为您身边的优秀党员投上一票。
    campaign:
      id: 2026-model-post
      show: auto
  - title: 最美服务窗口群众评议
    campaign: {id: 2026-window-vote}
  - title: 投票提醒
    until: 2026-11-30
    notice: |
      投票时间为 **11月20日至11月30日**。

      - 每个手机号每天限投 1 票；
      - 严禁刷票。
  - title: 公示提醒
    from: 2026-12-01
    notice: 公示期间如有异议，请拨打监督电话。
  - title: 办事不求人
    caption: 示例大厅宣传画
    image: images/hall.jpg
  - title: 办事指南
    notice: |
      **工作时间**：周一至周五。<script>alert("x")</script>
      <img src="http://tracker.example.com/p.png"> ![宣传画](../people/photos/wang.jpg)
      <iframe src="https://www.example.com/"></iframe>
"""


# A board whose campaign sections each show one stage only (`show:`).
STAGES_BOARD = """\
title: 评选进程
sections:
  - title: 示范岗投票
    campaign: {id: 2026-model-post, show: voting}
  - title: 示范岗结果
    campaign: {id: 2026-model-post, show: results}
  - title: 窗口评议公示
    campaign: {id: 2026-window-vote, show: publicity}
  - title: 窗口评议投票
    campaign: {id: 2026-window-vote, show: voting}
"""


def small_project(root: Path) -> SiteProject:
    """The `project` fixture's small site (conftest), with a second campaign and the board."""
    site = base_project(root)
    site.write("campaigns/2026-window-vote/index.md", WINDOW_VOTE)
    site.write("campaigns/2026-window-vote/tax-window.md", NOMINATIONS["tax-window"])
    # A phone's picture: EXIF (a camera, an orientation) and a comment that must not reach the site.
    site.write("boards/images/hall.jpg", jpeg((1600, 900), comment=b"tel 13912345678"))
    site.write("boards/lobby.yml", BOARD)
    site.write("boards/stages.yml", STAGES_BOARD)
    return site


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The project built at each of DAYS; each site copied aside."""
    root = tmp_path_factory.mktemp("campaign-screens")
    project = small_project(root / "project")
    built = {}
    for stage, day in DAYS.items():
        if stage == "after":
            project.edit(NOMINATION, "status: candidate", "status: candidate\nresult: awarded")
            project.edit(WINDOW, "status: candidate", "status: candidate\nresult: proposed")
        project.build(env={"HONOURS_TODAY": day})
        built[stage] = shutil.copytree(project.root / "site", root / stage)
    return built


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def version(site: Path) -> str:
    return str(json.loads((site / "screens/lobby/version.json").read_text())["version"])


def qr_code(site: Path, title: str) -> str:
    """The screen's QR code of that title, as the page has it (a parser would rewrite it)."""
    html = (site / "screens/lobby/index.html").read_text(encoding="utf-8")
    codes = {c for c in re.findall(r"<svg .*?</svg>", html, re.S) if f"<title>{title}</title>" in c}
    assert len(codes) == 1, codes
    return codes.pop()


def texts(soup: BeautifulSoup, selector: str) -> list[str]:
    return [" ".join(el.get_text(" ", strip=True).split()) for el in soup.select(selector)]


# What the check says of the board's 办事指南 (the cleaning's warnings, at their lines).
NOTICE = "字段“sections[6].notice”"
NOTICE_WARNINGS = [
    f"content/boards/lobby.yml:27:13: 警告：{NOTICE}中的图片不会显示：通知公告只显示文字；图片请单独写一栏 image:（如 image: images/hall.png）",
    f"content/boards/lobby.yml:28:22: 警告：{NOTICE}中的 <script> 已删除",
    f"content/boards/lobby.yml:29:17: 警告：{NOTICE}中的外部图片“http://tracker.example.com/p.png”已删除：网站只显示自己的图片，请把图片下载后放进 content/ 再引用",
    f"content/boards/lobby.yml:30:7: 警告：{NOTICE}中的 <iframe> 已删除",
]


# -- what the board says, stage by stage ------------------------------------------------------
def test_voting_shows_each_candidate_with_code_sms_and_vote_qr(sites: dict[str, Path]) -> None:
    site = sites["voting"]
    board = page(site, "boards/lobby")
    section = board.select_one('.hb-board-section--campaign[data-stage="voting"]')
    assert section is not None and section.h2.get_text() == "优秀党员示范岗评选"
    assert texts(section, "thead th") == ["编号", "姓名/名称", "单位", "类别"]
    assert texts(section, "tbody tr") == [
        "1 税务综合窗口 税务窗口 最美服务窗口",
        "7 王晓明 办事大厅 优秀党员示范岗",
    ]
    link = section.select_one(".hb-board-stage a")
    assert link["href"] == "../../campaigns/2026-model-post/vote/"
    assert (site / "campaigns/2026-model-post/vote/index.html").is_file()

    screen = page(site, "screens/lobby")
    assert screen.select_one(".hb-screen")["data-stages"] == (
        "2026-model-post:voting 2026-window-vote:voting"
    )
    candidates = screen.select('.hb-slide--candidate[data-stage="voting"]')
    assert [(c["data-person"], c["data-code"]) for c in candidates] == [
        ("tax-window", "1"),
        ("wang-xiaoming", "7"),
        ("tax-window", "1"),
    ]
    wang, window = candidates[1:]
    assert wang.select_one(".hb-slide__code-number").get_text() == "7"
    assert wang.select_one(".hb-slide__name").get_text() == "王晓明"
    assert texts(wang, ".hb-slide__section") == ["优秀党员示范岗评选 · 优秀党员示范岗"]
    assert texts(wang, ".hb-slide__sms") == ["短信投票：发送“ 7 ”到 10690000"]  # 投+编号: the code
    assert decode(qr_code(site, "扫码投票：2026年度优秀党员示范岗"))[0] == VOTE_URL
    # 群众评议 in the campaign's own word; no online platform: the site's vote page.
    assert texts(window, ".hb-slide__sms") == ["短信群众评议：发送“ 评1 ”到 10690000"]
    address = f"{SITE_URL}campaigns/2026-window-vote/vote/"
    assert decode(qr_code(site, "扫码群众评议：2026年度最美服务窗口群众评议"))[0] == address
    assert (site / "campaigns/2026-window-vote/vote/index.html").is_file()
    ways = screen.select(".hb-slide--vote")
    assert [w.select_one(".hb-slide__section").get_text() for w in ways] == ["投票中", "群众评议中"]
    assert texts(ways[0], ".hb-slide__ways li") == [
        "网络投票 扫码进入测试政务平台",
        "短信投票 发送“编号”到 10690000 ，如“1”",
        "热线投票 拨打 0000-11115555 （9:00—17:00），报出编号",
    ]
    assert texts(ways[0], ".hb-slide__period") == [
        "投票时间：2026年11月20日 09:00 至 2026年11月30日 18:00（北京时间）"
    ]


def test_the_version_changes_on_the_day_voting_opens(sites: dict[str, Path]) -> None:
    """TVs poll version.json: the stage is in the page, so its version changes that day."""
    before, voting = sites["before"], sites["voting"]
    assert version(before) != version(voting)
    screen = page(before, "screens/lobby")
    assert not screen.select(".hb-slide--vote, .hb-slide--candidate, [data-stage]")
    assert not screen.select_one(".hb-screen").has_attr("data-stages")
    assert "优秀党员示范岗评选" not in screen.get_text()  # no heading, no slide
    board = page(before, "boards/lobby")
    assert texts(board, ".hb-board-section h2") == ["投票提醒", "办事不求人", "办事指南"]


def test_publicity_shows_the_list_the_period_and_the_supervision_phone(
    sites: dict[str, Path],
) -> None:
    site = sites["after"]
    board = page(site, "boards/lobby")
    section = board.select_one('.hb-board-section--campaign[data-stage="publicity"]')
    assert section.h2.get_text() == "最美服务窗口群众评议"
    assert texts(section, "thead th") == ["序号", "姓名/名称", "单位", "类别"]
    assert texts(section, "tbody tr") == ["1 税务综合窗口 税务窗口 最美服务窗口"]
    assert section.select_one(".hb-board-stage a")["href"] == (
        "../../campaigns/2026-window-vote/publicity/"
    )
    period = "2026年12月16日 至 2026年12月22日（北京时间）"
    assert texts(section, ".hb-board-stage") == [f"公示中 公示期：{period} · 查看公示"]
    assert texts(section, ".hb-board-objection") == [
        "如有异议，请向监督部门反映。监督电话： 0000-11113333"
    ]
    screen = page(site, "screens/lobby")
    (slide,) = screen.select('.hb-slide--publicity[data-stage="publicity"]')
    assert texts(slide, ".hb-slide__heading") == ["拟表彰名单公示"]
    assert texts(slide, ".hb-slide__period") == [f"公示期：{period}"]
    assert [row.th.contents[0] for row in slide.select("tbody tr")] == ["税务综合窗口"]
    assert texts(slide, "tbody td") == ["1", "税务窗口", "最美服务窗口"]
    assert texts(slide, ".hb-slide__phone") == [
        "如有异议，请向监督部门反映 · 监督电话 0000-11113333"
    ]
    assert not screen.select(".hb-slide--candidate, .hb-slide--vote")


def test_a_long_publicity_list_takes_several_slides(tmp_path: Path) -> None:
    """Five rows a slide, numbered on from slide to slide."""
    from generator.build import gather
    from generator.media.portraits import PortraitSettings
    from generator.site.boardviews import PUBLICITY_ROWS, board_view

    project = small_project(tmp_path / "project")
    project.edit(WINDOW, "status: candidate", "status: candidate\nresult: proposed")
    for number in range(PUBLICITY_ROWS + 1):
        project.write(
            f"people/window-{number}.md",
            PEOPLE["tax-window"].replace("税务综合窗口", f"第{number + 1}服务窗口"),
        )
        project.write(
            f"campaigns/2026-window-vote/window-{number}.md",
            NOMINATIONS["tax-window"].replace(
                "status: candidate", "status: candidate\nresult: proposed"
            ),
        )
    gathered = gather(project.content, tmp_path / ".cache", PortraitSettings(), None)
    assert not gathered.result.problems.errors, gathered.result.problems.report()
    views = gathered.views(date(2026, 12, 20))
    board = board_view(views, gathered.boards["lobby"], gathered.months)
    parts = [s for s in board.slides() if s.kind == "publicity"]
    assert [(s.part, s.parts, s.first, len(s.rows)) for s in parts] == [(1, 2, 1, 5), (2, 2, 6, 2)]


def test_announced_shows_the_awarded(sites: dict[str, Path]) -> None:
    site = sites["after"]
    board = page(site, "boards/lobby")
    section = board.select_one('.hb-board-section--campaign[data-stage="announced"]')
    assert section.h2.get_text() == "优秀党员示范岗评选"
    assert texts(section, ".hb-card__name") == ["王晓明"]
    assert texts(section, ".hb-badge--awarded") == ["优秀党员示范岗"]
    assert section.select_one(".hb-board-stage a")["href"] == (
        "../../campaigns/2026-model-post/results/"
    )
    screen = page(site, "screens/lobby")
    assert screen.select_one(".hb-screen")["data-stages"] == (
        "2026-model-post:announced 2026-window-vote:publicity"
    )
    assert [e["data-person"] for e in screen.select(".hb-slide--entry")] == ["wang-xiaoming"]
    assert texts(screen, ".hb-slide--section .hb-slide__heading") == ["优秀党员示范岗评选"]


def test_the_nomination_stage_shows_nothing(tmp_path: Path) -> None:
    """Read as the build reads it (gather, then the views of the build date), no site built."""
    from generator.build import gather
    from generator.media.portraits import PortraitSettings
    from generator.site.boardviews import board_view

    project = small_project(tmp_path / "project")
    gathered = gather(project.content, tmp_path / ".cache", PortraitSettings(), None)
    assert not gathered.result.problems.errors
    views = gathered.views(date(2026, 11, 5))
    board = board_view(views, gathered.boards["lobby"], gathered.months)
    assert [s.title for s in board.visible] == ["投票提醒", "办事不求人", "办事指南"]
    assert board.stages == ""
    kinds = [slide.kind for slide in board.slides()]
    assert kinds == ["title", "notice", "image", "notice"]


def test_show_keeps_a_campaign_section_to_one_stage(sites: dict[str, Path]) -> None:
    """`show: voting | publicity | results` shows the campaign only at that stage; on the
    screen too (a candidate slide only while voting, the 公示 list only in the 公示)."""
    shown = {
        stage: texts(page(sites[stage], "boards/stages"), ".hb-board-section h2") for stage in DAYS
    }
    assert shown == {
        "before": [],
        "voting": ["示范岗投票", "窗口评议投票"],
        "after": ["示范岗结果", "窗口评议公示"],
    }
    kinds = {
        stage: [s["class"][1] for s in page(sites[stage], "screens/stages").select(".hb-slide")]
        for stage in DAYS
    }
    assert "hb-slide--candidate" in kinds["voting"]
    assert "hb-slide--publicity" not in kinds["voting"]
    assert "hb-slide--publicity" in kinds["after"]
    assert "hb-slide--candidate" not in kinds["after"]
    assert kinds["before"] == ["hb-slide--title"]


def test_sections_show_between_from_and_until(sites: dict[str, Path]) -> None:
    shown = {
        stage: texts(page(site, "boards/lobby"), ".hb-board-section--notice h2")
        for stage, site in sites.items()
    }
    assert shown == {
        "before": ["投票提醒", "办事指南"],
        "voting": ["投票提醒", "办事指南"],  # until 2026-11-30, inclusive
        "after": ["公示提醒", "办事指南"],  # from 2026-12-01
    }
    screen = page(sites["after"], "screens/lobby")
    assert texts(screen, ".hb-slide--notice .hb-slide__heading") == ["公示提醒", "办事指南"]
    assert texts(screen, ".hb-slide__sections li") == [
        "优秀党员示范岗评选",
        "最美服务窗口群众评议",
        "公示提醒",
        "办事不求人",
        "办事指南",
    ]


def test_the_picture_is_resized_stripped_and_never_copied(sites: dict[str, Path]) -> None:
    from PIL import Image

    site = sites["voting"]
    board = page(site, "boards/lobby")
    img = board.select_one(".hb-board-section--image img")
    assert img["alt"] == "办事不求人"
    assert board.select_one(".hb-board-section--image figcaption").get_text() == "示例大厅宣传画"
    made = sorted((site / "boards/images").iterdir())
    assert sorted({int(p.stem.rsplit("-", 1)[1]) for p in made}) == [640, 1280, 1600]
    for path in made:
        data = path.read_bytes()
        if path.suffix == ".jpg":
            markers = jpeg_markers(data)
            assert not {0xE1, 0xE2, 0xFE} & set(markers)  # EXIF/XMP, ICC, comment
        else:
            assert not {b"EXIF", b"XMP ", b"ICCP"} & set(webp_chunks(data))
        assert b"13912345678" not in data and b"TestCam" not in data
        with Image.open(path) as picture:  # any aspect, kept: 1600×900
            assert picture.width / picture.height == pytest.approx(16 / 9, rel=0.01)
    source = (site.parent / "project/content/boards/images/hall.jpg").read_bytes()
    for path in site.rglob("*"):
        assert path.name != "hall.jpg"
        assert not path.is_file() or path.read_bytes() != source
    screen = page(site, "screens/lobby")
    picture = screen.select_one(".hb-slide--image img")
    largest = next(p.name for p in made if p.name.endswith("-1600.jpg"))
    assert picture["src"] == f"../../boards/images/{largest}"
    assert picture["alt"] == "办事不求人"


def test_notices_are_cleaned_like_every_body(sites: dict[str, Path], tmp_path: Path) -> None:
    project = small_project(tmp_path / "project")
    assert board_messages(project) == NOTICE_WARNINGS
    site = sites["voting"]
    for url in ("boards/lobby", "screens/lobby"):
        html = (site / url / "index.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        guide = soup.select(".hb-notice, .hb-slide__notice")[-1]
        assert guide.strong.get_text() == "工作时间"
        assert not guide.select("script, img, iframe")
        assert 'alert("x")' not in html and "tracker.example.com" not in html
        assert "wang.jpg" not in str(guide)


# -- what staff are told ---------------------------------------------------------------------
def board_messages(project: SiteProject) -> list[str]:
    result = load(project.content)[0]
    assert result.content is not None
    problems = Problems()
    load_boards(result.content, set(), problems)
    return [p.format(project.root) for p in problems.items]


def test_bad_keys_and_values_name_file_line_and_field(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project")
    (project.content / "boards/images/folder").mkdir()
    long_notice = "请" * 301
    project.write(
        "boards/lobby.yml",
        f"""\
title: 大厅
sections:
  - title: 甲
    campaign: {{id: 2026-model-pots}}
  - title: 乙
    campaign: {{id: 2026-model-post, show: always, colour: red}}
  - title: 丙
    campaign: 2026-model-post
  - title: 丁
    campaign:
  - title: 戊
    notice: {long_notice}
    from: 2026-13-01
    until: tomorrow
  - title: 己
    notice: 提醒
    from: 2026-12-01
    until: 2026-11-30
  - title: 庚
    notice: 提醒
    image: images/hall.jpg
  - title: 辛
    image: images/missing.png
  - title: 壬
    image: /etc/hostname
  - title: 癸
    image: ../../outside.png
  - title: 子
    image: images/folder
  - title: 丑
    notice:
""",
    )
    (tmp_path / "outside.png").write_bytes(b"x")
    choices = (
        "results（评选结果）、stars（星级党员）、rotating（流动奖牌）、people（指定人员）、"
        "members（党员公示栏）、branch_sign（党支部公示牌）、commitments（承诺墙）、campaign（评选活动进程）、notice（通知公告）、image（图片）十者之一"
    )
    assert board_messages(project) == [
        "content/boards/lobby.yml:4:20: 错误：字段“sections[1].campaign.id”的值“2026-model-pots”不是已有的评选活动，您是否想写“2026-model-post”？",
        "content/boards/lobby.yml:6:43: 错误：字段“sections[2].campaign.show”的值“always”无效，可选：auto（按活动阶段自动显示）、voting（只在投票期间显示）、publicity（只在公示期间显示）、results（只在结果公布后显示）",
        "content/boards/lobby.yml:6:51: 错误：未知字段“sections[2].campaign.colour”",
        "content/boards/lobby.yml:8:15: 错误：字段“sections[3].campaign”应为键值对（字段: 值），而不是单个值",
        "content/boards/lobby.yml:10:14: 错误：字段“sections[4].campaign”不能为空：应写 id（评选活动编号），如 campaign: {id: 2026-model-post}",
        "content/boards/lobby.yml:12:13: 错误：字段“sections[5].notice”过长：最多 300 个字，现有 301 个字",
        "content/boards/lobby.yml:13:11: 错误：字段“sections[5].from”应为日期，写作 YYYY-MM-DD（如 2026-11-30），而不是“2026-13-01”",
        "content/boards/lobby.yml:14:12: 错误：字段“sections[5].until”应为日期，写作 YYYY-MM-DD（如 2026-11-30），而不是“tomorrow”",
        "content/boards/lobby.yml:18:12: 错误：字段“sections[6].until”（2026-11-30）早于 from（2026-12-01）：该栏目将不会显示",
        f"content/boards/lobby.yml:19:5: 错误：字段“sections[7]”应写 {choices}",
        "content/boards/lobby.yml:23:12: 错误：字段“sections[8].image”指向的图片“images/missing.png”不存在",
        "content/boards/lobby.yml:25:12: 错误：字段“sections[9].image”应为相对于本文件的路径（如 images/hall.png），而不是绝对路径“/etc/hostname”",
        "content/boards/lobby.yml:27:12: 错误：字段“sections[10].image”指向的“../../outside.png”在 content/ 文件夹之外：图片须放在 content/ 之内（如 boards/images/hall.png）",
        "content/boards/lobby.yml:29:12: 错误：字段“sections[11].image”指向的“images/folder”是文件夹，不是图片",
        "content/boards/lobby.yml:31:12: 错误：字段“sections[12].notice”不能为空",
    ]


def test_a_damaged_picture_is_an_error_a_small_one_a_warning(tmp_path: Path) -> None:
    from generator.build import gather
    from generator.media.portraits import PortraitSettings

    project = small_project(tmp_path / "project")
    project.write("boards/images/hall.jpg", b"not a picture at all")
    project.write("boards/images/small.jpg", jpeg((640, 360)))
    project.write(
        "boards/small.yml",
        "title: 小图\nsections:\n  - title: 宣传画\n    image: images/small.jpg\n",
    )
    problems = gather(
        project.content, tmp_path / ".cache", PortraitSettings(), None
    ).result.problems
    warnings = [p.format(project.root) for p in problems.warnings]
    assert [w for w in warnings if w.startswith("content/boards/")] == [
        *NOTICE_WARNINGS,
        "content/boards/small.yml:4:12: 警告：字段“sections[1].image”的图片“images/small.jpg”"
        "仅 640×360 像素，在大厅屏幕上将被放大显示而模糊；宜不小于 1280×720 像素",
    ]
    assert [p.format(project.root) for p in problems.errors] == [
        "content/boards/lobby.yml:25:12: 错误：字段“sections[5].image”的图片“images/hall.jpg”"
        "不是可识别的图片（支持 JPEG、PNG、WebP、GIF"
        + ("、HEIC" if "HEIF" in FORMATS else "")
        + "）"
    ]


# -- in a browser --------------------------------------------------------------------------------
LONG_CANDIDATE = """() => {
  const slides = [...document.querySelectorAll('.hb-slide')];
  const index = slides.findIndex((s) => s.matches('.hb-slide--candidate'));
  const slide = slides[index];
  slide.querySelector('.hb-slide__code-number').textContent = '128';
  slide.querySelector('.hb-slide__name').textContent = '不动产登记综合受理服务窗口';
  slide.querySelector('.hb-slide__unit').textContent =
    '示例市政务服务中心不动产登记大厅 · 不动产登记综合受理窗口负责人、第三党支部书记';
  slide.removeAttribute('data-fit');
  hbScreen.go(index);
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.mark.parametrize("orientation", SIZES)
def test_every_new_slide_fits_both_orientations(
    browser: Any, sites: dict[str, Path], orientation: str
) -> None:
    """The first slide of each new kind (and every candidate) at 1920×1080 or 1080×1920:
    nothing leaves the screen, nothing is clipped, too small or on top of something else; the
    code is in very large type."""
    short = min(SIZES[orientation].values())
    context = browser.new_context(viewport=SIZES[orientation])
    problems: list[str] = []
    seen: set[str] = set()
    try:
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        for stage in ("voting", "after"):
            with serving(sites[stage]) as url:
                tab.goto(
                    f"{url}screens/lobby/index.html?now=10:00&seconds=600&orientation={orientation}"
                )
                wait_until(tab, "window.hbScreen && document.fonts.status === 'loaded'")
                kinds = tab.evaluate(
                    "[...document.querySelectorAll('.hb-slide')].map((s) => s.classList[1])"
                )
                for index, kind in enumerate(kinds):
                    if kind in seen and kind != "hb-slide--candidate":
                        continue
                    seen.add(kind)
                    tab.evaluate("i => hbScreen.go(i)", index)
                    tab.evaluate(IMAGES_READY)
                    found = tab.evaluate(LAYOUT_PROBLEMS)
                    problems += [f"{stage} slide {index + 1} ({kind}): {p}" for p in found]
                    if kind == "hb-slide--candidate":
                        size = tab.evaluate(
                            """parseFloat(getComputedStyle(document.querySelector(
                                 '.hb-slide:not([hidden]) .hb-slide__code-number')).fontSize)"""
                        )
                        assert size >= 0.12 * short, (orientation, size)
                if stage == "voting":  # the worst case: a long name and unit, a three-digit code
                    tab.evaluate(LONG_CANDIDATE)
                    found = tab.evaluate(LAYOUT_PROBLEMS)
                    problems += [f"a long candidate: {p}" for p in found]
        assert not errors, errors
    finally:
        context.close()
    new = {"vote", "candidate", "publicity", "notice", "image"}
    assert {f"hb-slide--{kind}" for kind in new} <= seen
    assert not problems, "\n".join(problems)
