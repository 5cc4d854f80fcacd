"""Honour rolls and boards, built from real files."""

from __future__ import annotations

from generator.boards.definitions import load_boards
from generator.build import load
from generator.project.settings import PACKAGE_THEME
from generator.sources.problems import Problems

from .conftest import SiteProject

NOMINATION = "campaigns/2026-model-post/wang-xiaoming.md"

BOARD = """\
title: 先锋榜
period: 2026年度
screen:
  orientation: portrait
  seconds: 8
sections:
  - title: 优秀党员示范岗
    results:
      campaign: 2026-model-post
      category: model-post
  - title: 抗疫先锋
    caption: 坚守一线
    people:
      - id: li-hua
        citation: 连续驻守窗口四十天
"""


def board_messages(project: SiteProject) -> list[str]:
    result = load(project.content)[0]
    assert result.content is not None
    problems = Problems()
    load_boards(result.content, set(), problems)
    return [p.format(project.root) for p in problems.items]


def test_honour_roll_lists_the_awarded_by_year(project: SiteProject) -> None:
    project.edit(NOMINATION, "status: candidate", "status: candidate\nresult: awarded")
    project.build(env={"HONOURS_TODAY": "2026-12-20"})
    roll = project.page("honours/2026")
    assert roll.select_one("h1").contents[0] == "2026年度光荣榜"
    assert [h.get_text() for h in roll.select(".hb-roll h3")] == ["优秀党员示范岗（1）"]
    assert [h.name for h in roll.select(".hb-roll > h2")] == ["h2"]  # under the h1, no jump
    card = roll.select_one(".hb-roll .hb-card a")
    assert card["href"] == "../../campaigns/2026-model-post/wang-xiaoming/"
    assert card.select_one("img")["alt"] == "王晓明"
    index = project.page("honours")
    assert [a.get_text() for a in index.select(".hb-years a")] == ["2026年度（1）"]
    nav = project.page("").select_one("nav.md-nav--primary").get_text()
    assert "光荣榜" in nav


def test_board_page_shows_sections_in_the_editors_order(project: SiteProject) -> None:
    project.edit(NOMINATION, "status: candidate", "status: candidate\nresult: awarded")
    project.write("boards/pioneers.yml", BOARD)
    project.build(env={"HONOURS_TODAY": "2026-12-20"})
    page = project.page("boards/pioneers")
    sections = page.select(".hb-board-section")
    assert [s.h2.get_text() for s in sections] == ["优秀党员示范岗", "抗疫先锋"]
    assert [n.get_text() for n in sections[0].select(".hb-card__name")] == ["王晓明"]
    assert sections[1].select_one(".hb-caption").get_text() == "坚守一线"
    assert sections[1].select_one(".hb-card__title").get_text() == "连续驻守窗口四十天"
    screen = project.page("screens/pioneers")
    assert screen.select_one(".hb-screen")["data-orientation"] == "portrait"
    assert screen.select_one(".hb-screen")["data-seconds"] == "8"
    assert "荣誉榜" in project.page("").select_one("nav.md-nav--primary").get_text()


def test_board_errors_name_file_line_and_field(project: SiteProject) -> None:
    project.write(
        "boards/bad.yml",
        """\
title: 先锋榜
sections:
  - title: 甲
    results:
      campaign: 2026-model-pots
  - title: 乙
    results:
      campaign: 2026-model-post
      category: modelpost
  - title: 丙
    people:
      - id: wang-xiaomin
  - title: 丁
    stars:
      month: 2026-10
  - title: 戊
    people: []
    results: {campaign: 2026-model-post}
  - title: 己
    stars:
      branch: tax-window
screen:
  orientation: sideways
""",
    )
    assert board_messages(project) == [
        "content/boards/bad.yml:5:17: 错误：字段“sections[1].results.campaign”的值“2026-model-pots”不是已有的评选活动，您是否想写“2026-model-post”？",
        "content/boards/bad.yml:9:17: 错误：字段“sections[2].results.category”的值“modelpost”不是该活动的类别，您是否想写“model-post”？可选：model-post、window",
        "content/boards/bad.yml:12:13: 错误：字段“sections[3].people[1].id”的值“wang-xiaomin”在 people/ 中不存在，您是否想写“wang-xiaoming”？",
        "content/boards/bad.yml:15:14: 错误：字段“sections[4].stars.month”的值“2026-10”没有对应的评定文件 ratings/2026-10.csv；已有：（尚无评定），或写 latest（最新一个月）",
        "content/boards/bad.yml:16:5: 错误：字段“sections[5]”应写 results（评选结果）、stars（星级党员）、rotating（流动奖牌）、people（指定人员）、members（党员公示栏）、branch_sign（党支部公示牌）、commitments（承诺墙）、campaign（评选活动进程）、notice（通知公告）、image（图片）十者之一",
        "content/boards/bad.yml:21:15: 错误：字段“sections[6].stars.branch”的值“tax-window”不是已登记的党支部",
        "content/boards/bad.yml:23:16: 错误：字段“screen.orientation”的值“sideways”无效，可选：landscape（横屏 1920×1080）、portrait（竖屏 1080×1920）",
    ]


def test_board_text_limits(project: SiteProject) -> None:
    long_title, long_citation = "榜" * 101, "守" * 301
    project.write(
        "boards/long.yml",
        f"""\
title: {long_title}
sections:
  - title: 抗疫先锋
    caption: "坚守\\u202e一线"
    people:
      - id: li-hua
        citation: {long_citation}
      - id: wang-xiaoming
        citation: |
          连续驻守窗口四十天，
          从未请假。
""",
    )
    assert board_messages(project) == [
        "content/boards/long.yml:1:8: 错误：字段“title”过长：最多 100 个字，现有 101 个字",
        "content/boards/long.yml:4:14: 错误：字段“sections[1].caption”含有不可见的控制字符（U+202E），请删去",
        "content/boards/long.yml:7:19: 错误：字段“sections[1].people[1].citation”过长：最多 300 个字，现有 301 个字",
    ]


def test_broken_board_stops_the_build(project: SiteProject) -> None:
    project.write("boards/bad.yml", "title: [先锋榜\n")
    result = project.mkdocs("build")
    assert result.returncode == 1
    assert "content/boards/bad.yml:1:8: 错误：YAML 格式错误：方括号“[ ]”没有闭合" in result.stderr


def test_demo_star_board_and_person_pages_show_the_months(demo: SiteProject) -> None:
    from generator.boards.ratings import load_ratings, stars_label

    content = load(demo.content)[0].content
    assert content is not None
    problems = Problems()
    months = load_ratings(content, problems)
    assert problems.items == [] and len(months) >= 3
    latest = months[max(months)]
    page = demo.page("boards/stars")
    sections = page.select(".hb-board-section")
    assert [s.h2.get_text() for s in sections][:3] == [
        f"第{n}党支部 本月星级党员" for n in "一二三"
    ]
    for section, branch in zip(sections, ["branch-1", "branch-2", "branch-3"], strict=False):
        expected = [content.people[r.person].name for r in latest.by_branch(content)[branch]]
        assert [n.get_text() for n in section.select(".hb-card__name")] == expected
        assert expected, branch
    star = latest.stars[0]
    person = demo.page(f"people/{star.person}")
    months_shown = [li.get_text() for li in person.select(".hb-star-month")]
    assert f"{latest.label} {stars_label(star.stars)}党员" in months_shown


def test_screen_assets_carry_their_content_hash(project: SiteProject) -> None:
    """A new screen.css or screen.js changes the screen page, so TVs reload and refetch."""
    import hashlib

    project.write("boards/pioneers.yml", BOARD)
    project.build()
    page = project.page("screens/pioneers")
    digest = hashlib.sha256()
    for asset in ("assets/stylesheets/screen.css", "assets/javascripts/screen.js"):
        digest.update((PACKAGE_THEME / asset).read_bytes())
    version = digest.hexdigest()[:12]
    assert (
        page.select_one('link[rel="stylesheet"]')["href"]
        == f"../../assets/stylesheets/screen.css?v={version}"
    )
    assert (
        page.select_one("script[src]")["src"] == f"../../assets/javascripts/screen.js?v={version}"
    )
