"""Teams (`kind: team`): a team's record and its messages, its page (citation, 集体照 kept
whole, 成员名单 linked where a member has a record), its members' pages (所在集体获得的荣誉),
a team nominated and awarded on the results, 公示, honour roll, board and screen, its forms
(申报表) and their import, `honours new team`, its certificate and WeChat article."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from PIL import Image

from generator.build import load
from generator.media.placeholders import FONT_PATH, all_portraits, placeholder_key
from generator.media.portraits import (
    Framing,
    PortraitCache,
    PortraitSettings,
    make_portraits,
    render,
)
from generator.model.loader import load_content
from generator.model.records import RecordKind
from generator.office.docxform import read_form
from generator.office.export import write_forms
from generator.office.importer import plan_import
from generator.office.layout import FORM_NAMES, Key
from generator.printing.certificates import certificate_set, certificates
from generator.printing.wechat import counter, wechat_article
from generator.project.settings import PACKAGE_THEME
from generator.site.views import Views
from generator.sources.problems import Problems
from tests.conftest import (
    STORY,
    SiteProject,
    print_job,
)
from tests.conftest import (
    small_project as base_project,
)
from tests.pdfcheck import page_texts

TEAM = """\
---
kind: team
name: 抢险突击队
unit: hall
citation: 汛期连续值守<b>七昼夜</b>，保障窗口服务不断档。
members:
  - person: wang-xiaoming
    role: 队长
  - person: li-hua
  - name: 赵卫东
    role: 志愿者
photo: photos/team.jpg
honours:
  - 2025年度防汛工作先进集体
private:
  phone: "13811112222"
---
由中心党员和社区志愿者组成。
"""

TEAM_CAMPAIGN = """\
---
title: 关于评选表彰2026年度“抢险先锋集体”的通知
short_title: 2026年抢险先锋集体表彰
year: 2026
issuer: 测试市政务服务中心
published: 2026-09-01
categories:
  - id: team
    name: 抢险先锋集体
    kind: team
    quota: 2
timeline:
  nomination: {start: 2026-09-01, end: 2026-09-10}
  publicity: {start: 2026-09-20, end: 2026-09-25}
  commendation: 2026-09-30
---
各单位：现将评选方案印发给你们。
"""

TEAM_NOMINATION = f"""\
---
category: team
title: 关键时刻冲得上去
status: candidate
result: awarded
---
{STORY}
"""

BOARD = """\
title: 先锋榜
screen:
  orientation: landscape
sections:
  - title: 抗疫先锋
    people:
      - id: rescue-team
        citation: 连续值守七昼夜
"""

ROSTER = [
    ("1", "王晓明", "队长", "办事大厅"),
    ("2", "李华", "队员", "小办公室"),
    ("3", "赵卫东", "志愿者", "—"),
]
LISTED = "王晓明（队长）、李华、赵卫东（志愿者）"


def team_photo(size: tuple[int, int] = (1600, 900)) -> bytes:
    """A landscape group picture (no faces a detector would find: shapes only)."""
    image = Image.new("RGB", size, (210, 220, 230))
    image.paste((183, 28, 28), (0, size[1] // 3, size[0], size[1] // 2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def make_project(root: Path) -> SiteProject:
    """conftest's small project with a team, a campaign awarding it and a board naming it."""
    site = base_project(root)
    site.write("people/rescue-team.md", TEAM)
    site.write("people/photos/team.jpg", team_photo())
    site.write("campaigns/2026-team/index.md", TEAM_CAMPAIGN)
    site.write("campaigns/2026-team/rescue-team.md", TEAM_NOMINATION)
    site.write("boards/pioneers.yml", BOARD)
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteProject:
    project = make_project(tmp_path_factory.mktemp("teams") / "project")
    project.build()
    return project


def messages(project: SiteProject) -> list[str]:
    return [p.format(project.root) for p in load(project.content)[0].problems.items]


def rows(table: BeautifulSoup) -> list[tuple[str, ...]]:
    return [
        tuple(cell.get_text(strip=True) for cell in row.select("td"))
        for row in table.select("tbody tr")
    ]


# -- the record --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        (
            None,
            "content/people/team.md:2:1: 错误：缺少必填字段“members”",
        ),
        (
            "  - person: wang-xiaomin\n    role: 队长\n",
            "content/people/team.md:6:13: 错误：字段“members”中的“wang-xiaomin”在 people/ 中不存在，"
            "您是否想写“wang-xiaoming”？没有人员记录的成员请写 name（姓名）",
        ),
        (
            "  - person: li-hua\n  - person: tax-window\n",
            "content/people/team.md:7:13: 错误：字段“members”中的“tax-window”是窗口，应为个人",
        ),
        (
            "  - role: 队员\n  - name: 赵卫东\n",
            "content/people/team.md:6:5: 错误：字段“members[1]”应写 person（人员编号）或 name（姓名）",
        ),
        (
            "  - person: li-hua\n    rol: 队员\n",
            "content/people/team.md:7:5: 错误：未知字段“members[1].rol”，您是否想写“role”？",
        ),
    ],
    ids=["missing", "unknown-id", "a-window", "neither", "unknown-key"],
)
def test_a_teams_members_are_checked(
    project: SiteProject, members: str | None, expected: str
) -> None:
    listed = f"members:\n{members}" if members is not None else ""
    project.write("people/team.md", f"---\nkind: team\nname: 抢险队\nunit: hall\n{listed}---\n")
    assert messages(project) == [expected]


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        (
            "members: []\n",
            "content/people/team.md:5:10: 错误：字段“members”至少要写一名成员（每名成员一项，写 person 或 name）",
        ),
        (
            "members:\n  - person:\n    role: 队员\n",
            "content/people/team.md:6:5: 错误：字段“members[1]”应写 person（人员编号）或 name（姓名）",
        ),
    ],
    ids=["empty-list", "empty-person"],
)
def test_a_team_with_no_member_says_so(project: SiteProject, members: str, expected: str) -> None:
    project.write("people/team.md", f"---\nkind: team\nname: 抢险队\nunit: hall\n{members}---\n")
    assert messages(project) == [expected]


def test_a_team_takes_only_its_own_keys(project: SiteProject) -> None:
    project.write(
        "people/team.md",
        "---\nkind: team\nname: 抢险队\nunit: hall\nposition: 队长\ncitation: "
        + "长" * 301
        + "\nmembers:\n  - name: 赵卫东\n---\n",
    )
    assert messages(project) == [
        "content/people/team.md:5:11: 错误：字段“position”不适用于集体记录",
        "content/people/team.md:6:11: 错误：字段“citation”过长：最多 300 个字，现有 301 个字",
    ]


# -- the team's page and its members' pages ---------------------------------------------------


def test_team_page_shows_citation_photo_and_roster(site: SiteProject) -> None:
    page = site.page("people/rescue-team")
    facts = page.select_one(".hb-profile .hb-facts").get_text(" ", strip=True)
    assert "类别 集体" in facts
    team = page.select_one("article .hb-team")
    assert team is not None
    citation = team.select_one(".hb-team__citation")
    assert citation.get_text() == "汛期连续值守<b>七昼夜</b>，保障窗口服务不断档。"
    assert citation.select("b") == []  # the record's text stays text
    assert team.select_one("h2").get_text() == "成员名单（3人）"
    table = team.select_one("table.hb-team-members")
    assert [th.get_text() for th in table.select("thead th")] == [
        "序号",
        "姓名",
        "队内职务",
        "所在单位",
    ]
    assert rows(table) == ROSTER
    links = {a.get_text(): a["href"] for a in table.select("a")}
    assert links == {"王晓明": "../wang-xiaoming/", "李华": "../li-hua/"}  # 赵卫东 has no record
    # The 集体照 whole, at its own 16:9, never cut to a face; its files carry no metadata.
    figure = team.select_one("figure.hb-team__photo")
    image = figure.select_one("img")
    assert image["alt"] == "抢险突击队集体照"
    assert (int(image["width"]), int(image["height"])) == (480, 270)
    sources = [entry.split()[0] for entry in image["srcset"].split(", ")]
    sizes = []
    for source in sources:
        with Image.open(site.root / "site" / "people" / "rescue-team" / source) as picture:
            sizes.append(picture.size)
            assert not picture.getexif()
    assert sizes == [(240, 135), (480, 270), (960, 540)]
    assert figure.select_one("figcaption").get_text() == "抢险突击队集体照"


def test_a_members_page_lists_the_team_honours(site: SiteProject) -> None:
    page = site.page("people/wang-xiaoming")
    section = page.select_one("article .hb-team-honours")
    assert section is not None
    assert section.select_one("h2").get_text() == "所在集体获得的荣誉"
    heading = section.select_one("h3")
    assert heading.get_text() == "抢险突击队（队长）"
    assert heading.select_one("a")["href"] == "../rescue-team/"
    items = [li.get_text() for li in section.select("li")]
    assert items == ["2026年 抢险先锋集体（2026年抢险先锋集体表彰）", "2025年度防汛工作先进集体"]
    assert section.select_one("li a")["href"] == "../../campaigns/2026-team/rescue-team/"
    # A member without a role: the team alone; a record that is no member: no such section.
    assert site.page("people/li-hua").select_one(".hb-team-honours h3").get_text() == "抢险突击队"
    assert site.page("people/tax-window").select_one(".hb-team-honours") is None


def test_an_awarded_team_is_shown_where_records_are(site: SiteProject) -> None:
    campaign = site.page("campaigns/2026-team")
    assert "评选对象 集体" in campaign.select_one("article").get_text(" ", strip=True)
    results = site.page("campaigns/2026-team/results")
    card = results.select_one(".hb-card")
    assert card.select_one(".hb-card__name").get_text() == "抢险突击队"
    assert card.select_one("a")["href"] == "../rescue-team/"
    publicity = site.page("campaigns/2026-team/publicity")
    header = [th.get_text() for th in publicity.select("table thead th")]
    assert "名称" in header and "姓名" not in header
    roll = site.page("honours/2026")
    assert "抢险突击队" in [n.get_text() for n in roll.select(".hb-card__name")]
    people = site.page("people")
    assert "集体（1）" in [h.get_text() for h in people.select("h2")]
    board = site.page("boards/pioneers")
    assert [n.get_text() for n in board.select(".hb-card__name")] == ["抢险突击队"]
    screen = site.page("screens/pioneers")
    slide = screen.select_one('[data-person="rescue-team"]')
    assert slide.select_one(".hb-slide__name").get_text() == "抢险突击队"
    # the slide shows the 集体照 at its own aspect
    assert "aspect-ratio: 480 / 270" in slide.select_one("picture")["style"]


def test_the_teams_private_values_stay_private(site: SiteProject) -> None:
    for path in (site.root / "site").rglob("*"):
        if path.suffix in (".html", ".json", ".js", ".xml", ".txt"):
            assert "13811112222" not in path.read_text(encoding="utf-8", errors="ignore"), path


# -- portraits: the team's photo whole, its placeholder ---------------------------------------


def test_a_team_photo_is_kept_whole_and_a_small_one_is_told(tmp_path: Path) -> None:
    photo = tmp_path / "team.jpg"
    photo.write_bytes(team_photo())
    out = tmp_path / "out"
    out.mkdir()
    entry = render(photo, None, out, "k" * 20, PortraitSettings(), whole=True)
    assert entry["framing"] == Framing.WHOLE == "whole"
    assert entry["sizes"] == [(240, 135), (480, 270), (960, 540)]
    project = make_project(tmp_path / "project")
    project.write("people/photos/team.jpg", team_photo((400, 300)))
    result = load(project.content)[0]
    content = result.content
    assert content is not None
    problems = Problems()
    cache = PortraitCache(tmp_path / "cache", PortraitSettings())
    portraits = make_portraits(content, cache, problems, workers=1)
    assert portraits["rescue-team"].framing == Framing.WHOLE
    assert [(r.width, r.height) for r in portraits["rescue-team"].renditions] == [
        (240, 180),
        (400, 300),
    ]
    told = [p.format(project.root) for p in problems.items if "team.jpg" in p.format()]
    assert told == [
        "content/people/rescue-team.md:12:8: 警告：照片“team.jpg”仅 400×300 像素，"
        "不足集体照所需的 480 像素宽，网页上将被放大显示而模糊；请提供更清晰的原图"
        "（宜不小于 960 像素宽）"
    ]  # no 未检测到人脸: a team's photo is not cut to a face


def test_a_team_without_a_photo_reads_集体(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    project.edit("people/rescue-team.md", "photo: photos/team.jpg\n", "")
    content = load(project.content)[0].content
    assert content is not None
    settings = PortraitSettings()
    font = PACKAGE_THEME / FONT_PATH
    cache = PortraitCache(tmp_path / "cache", settings)
    portraits = all_portraits(content, cache, Problems(), font)
    team = portraits["rescue-team"]
    assert team.framing == Framing.PLACEHOLDER
    assert placeholder_key("集体", font, settings)[:8] in team.largest.jpeg
    assert placeholder_key("抢", font, settings)[:8] not in team.largest.jpeg


# -- the forms ------------------------------------------------------------------------------


def test_a_teams_forms_carry_its_leader_size_and_members(site: SiteProject, tmp_path: Path) -> None:
    loaded = load_content(site.content)
    assert loaded.content is not None
    written = write_forms(loaded.content, loaded.private, "2026-team", tmp_path)
    names = sorted(p.path.relative_to(tmp_path).as_posix() for p in written)
    assert names == [
        "2026年抢险先锋集体表彰名额分配表.xlsx",
        "2026年抢险先锋集体表彰推荐名单汇总表.xlsx",
        "推荐表/抢险先锋集体-抢险突击队-rescue-team.docx",
        "空白表/2026年抢险先锋集体申报表.docx",
    ]
    assert FORM_NAMES[RecordKind.TEAM] == "申报表"
    problems = Problems()
    filled = read_form(tmp_path / "推荐表/抢险先锋集体-抢险突击队-rescue-team.docx", problems)
    assert problems.items == [] and filled is not None
    assert filled.kind is RecordKind.TEAM
    assert {k: filled.cells[k] for k in (Key.NAME, Key.UNIT, Key.TEAM_LEADER)} == {
        Key.NAME: "抢险突击队",
        Key.UNIT: "办事大厅",
        Key.TEAM_LEADER: "王晓明",
    }
    assert filled.cells[Key.TEAM_SIZE] == "3"
    assert filled.cells[Key.TEAM_MEMBERS] == LISTED
    assert filled.cells[Key.CITATION] == "汛期连续值守<b>七昼夜</b>，保障窗口服务不断档。"
    assert filled.cells[Key.PHONE] == "13811112222"  # the forms are internal
    assert filled.places[Key.TEAM_MEMBERS] == "“成员名单”栏"
    assert filled.photo is not None
    with Image.open(io.BytesIO(filled.photo.data)) as picture:
        assert picture.width > picture.height  # the 集体照 as it is, shrunk into the box
    blank = docx.Document(str(tmp_path / "空白表/2026年抢险先锋集体申报表.docx"))
    assert blank.paragraphs[0].text == "2026年抢险先锋集体申报表"
    labels = {cell.text for row in blank.tables[0].rows for cell in row.cells}
    assert {"集体名称", "所在单位", "负责人", "成员人数", "成员名单", "事迹简介"} <= labels
    sheet = load_workbook(tmp_path / "2026年抢险先锋集体表彰推荐名单汇总表.xlsx").active
    assert sheet is not None
    assert "抢险突击队" in [cell.value for row in sheet.iter_rows() for cell in row]
    # The campaign page links the blank 申报表.
    links = [a.get_text() for a in site.page("campaigns/2026-team").select("a[download]")]
    assert links[0].startswith("附件1：2026年抢险先锋集体申报表（DOCX，")


def test_a_teams_own_form_imports_as_no_change(site: SiteProject, tmp_path: Path) -> None:
    loaded = load_content(site.content)
    assert loaded.content is not None
    write_forms(loaded.content, loaded.private, "2026-team", tmp_path)
    problems = Problems()
    reading = read_form(tmp_path / "推荐表/抢险先锋集体-抢险突击队-rescue-team.docx", problems)
    assert reading is not None
    plan = plan_import(site.content, "2026-team", [reading], problems)
    assert problems.errors == []
    assert plan.table().splitlines()[-1].startswith("共 2 条记录：新建 0，修改 0，不变 2。")


def test_a_returned_team_form_becomes_a_team_record(site: SiteProject, tmp_path: Path) -> None:
    """Into a folder without the team: a new record, its members linked by name where one
    person has it, the others as names, the roles kept."""
    loaded = load_content(site.content)
    assert loaded.content is not None
    write_forms(loaded.content, loaded.private, "2026-team", tmp_path / "forms")
    content = tmp_path / "content"
    shutil.copytree(site.content, content)
    (content / "people" / "rescue-team.md").unlink()
    (content / "campaigns" / "2026-team" / "rescue-team.md").unlink()
    problems = Problems()
    reading = read_form(
        tmp_path / "forms/推荐表/抢险先锋集体-抢险突击队-rescue-team.docx", problems
    )
    assert reading is not None
    plan = plan_import(content, "2026-team", [reading], problems)
    assert [p.format(tmp_path) for p in problems.errors] == []
    plan.write()
    again = load_content(content)
    assert again.content is not None and again.problems.errors == []
    [team] = [p for p in again.content.people.values() if p.kind == RecordKind.TEAM]
    assert team.name == "抢险突击队" and team.unit == "hall"
    assert team.citation == "汛期连续值守<b>七昼夜</b>，保障窗口服务不断档。"
    assert [(m.name, m.person, m.role) for m in team.team] == [
        ("", "wang-xiaoming", "队长"),
        ("", "li-hua", None),
        ("赵卫东", None, "志愿者"),
    ]


# -- honours new team -------------------------------------------------------------------------


def test_new_team_writes_a_record_that_checks(project: SiteProject) -> None:
    result = project.honours(
        "new", "team", "抢险突击队", "--unit", "hall", "--member", "wang-xiaoming",
        "--member", "赵卫东", "--id", "rescue-team",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = (project.content / "people/rescue-team.md").read_text(encoding="utf-8")
    assert "kind: team" in text
    assert "  - person: wang-xiaoming\n  - name: 赵卫东\n" in text
    assert messages(project) == []
    # Without members: an example to fill in, which the check asks for.
    assert (
        project.honours("new", "team", "空白队", "--unit", "hall", "--id", "blank").returncode == 0
    )
    found = messages(project)
    assert found and all(m.startswith("content/people/blank.md:") for m in found), found
    assert (
        "content/people/blank.md:9:5: 错误：字段“members[2]”应写 person（人员编号）或 name（姓名）"
        in (found)
    )


# -- print: the certificate names the team, the WeChat article shows it ------------------------


def test_certificate_and_wechat_name_the_demo_team(print_views: Views, tmp_path: Path) -> None:
    team = print_views.person("kangyi-team")
    assert team.kind == RecordKind.TEAM
    linked = [m.name for m in team.members if m.src_uri]
    assert {"王晓明", "孙丽华", "韩雪"} <= set(linked)
    assert [m.name for m in team.members if not m.src_uri] == ["赵卫东", "林晓雯"]
    job = print_job(print_views, tmp_path)
    data = certificate_set(job, "2026-kangyi-team")
    [certificate] = data.certificates
    assert (certificate.kind, certificate.salutation) == ("team", "政务服务中心抗疫先锋队：")
    [pdf] = certificates(job, "2026-kangyi-team")
    [text] = page_texts(pdf)
    assert "政务服务中心抗疫先锋队：" in text and "同志" not in text
    files = wechat_article(job, "2026-kangyi-team")
    article = next(p for p in files if p.name == "article.html").read_text(encoding="utf-8")
    assert "政务服务中心抗疫先锋队" in BeautifulSoup(article, "html.parser").get_text()
    picture = next(p for p in files if p.name == "kangyi-team.jpg")
    with Image.open(picture) as image:
        assert image.width > image.height  # the 集体照, whole
    assert counter({RecordKind.TEAM}) == "个"
    assert counter({RecordKind.TEAM, RecordKind.PERSON}) == "名（个）"
