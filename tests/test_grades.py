"""Graded results (三星/四星/五星 windows) and rotating honours (流动奖牌) on the results page, the
honour rolls, boards and hallway screens: a small project of four quarterly campaigns built by
real MkDocs and read back as HTML, the board's messages with their places, and the demo's board
read from its records."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from bs4 import Tag

from generator.boards.definitions import load_boards
from generator.boards.ratings import load_ratings
from generator.build import load
from generator.model.records import RecordKind
from generator.site.boardviews import (
    HISTORY_NAMES,
    BoardEntry,
    Holding,
    SlideKind,
    board_view,
    campaign_period,
    graded_honour,
    on_screen,
)
from generator.site.views import PersonView, Views
from generator.sources.problems import Problems

from .conftest import MKDOCS_YML, ORGANISATION, REPO, SiteProject

UNITS = """\
units:
  - id: hall
    name: 办事大厅
    kind: hall
    staff: 60
  - id: tax-window
    name: 税务窗口
    kind: window
    staff: 8
    parent: hall
  - id: social-window
    name: 社保窗口
    kind: window
    staff: 6
    parent: hall
  - id: land-window
    name: 不动产窗口
    kind: window
    staff: 9
    parent: hall
"""
WINDOWS = {"tax-window": "税务窗口", "social-window": "社保窗口", "land-window": "不动产窗口"}
WINDOW = """\
---
kind: window
name: {name}
unit: {id}
leader: 赵敏
leader_position: 窗口负责人
staff: 8
---
"""
CAMPAIGN = """\
---
title: 关于开展{period}窗口服务评比的通知
short_title: {period}窗口服务评比
year: 2026
issuer: 测试市政务服务中心
published: {published}
categories:
  - id: banner
    name: 优质服务先进单位
    kind: window
    quota: 2
    rotating: true
  - id: star
    name: 星级服务窗口
    kind: window
    grades: [五星, 四星, 三星]
timeline:
  nomination: {{start: {published}, end: {nominated}}}
  publicity: {{start: {publicity}, end: {closed}}}
  commendation: {commendation}
---
各窗口：现将评比方案印发给你们。
"""
# id → (period, published, end of nomination, publicity start, publicity end, commendation).
# The ids do not sort in time: the board orders campaigns by their commendation dates.
CAMPAIGNS = {
    "2026-spring": (
        "2026年第一季度",
        "2026-04-01",
        "2026-04-07",
        "2026-04-15",
        "2026-04-21",
        "2026-04-25",
    ),
    "2026-summer": (
        "2026年第二季度",
        "2026-07-01",
        "2026-07-07",
        "2026-07-15",
        "2026-07-21",
        "2026-07-25",
    ),
    "2026-autumn": (
        "2026年第三季度",
        "2026-10-01",
        "2026-10-07",
        "2026-10-15",
        "2026-10-21",
        "2026-10-25",
    ),
    # In its 公示 at the build date (2026-11-25): its medals are not yet passed on, even though
    # one result is already written as awarded.
    "2026-winter": (
        "2026年第四季度",
        "2026-11-10",
        "2026-11-15",
        "2026-11-20",
        "2026-11-30",
        "2026-12-05",
    ),
}
# The medal moves twice: 税务+社保 → 社保+不动产 → 税务+不动产 (→ 税务, not yet announced).
HOLDERS = {
    "2026-spring": ["tax-window", "social-window"],
    "2026-summer": ["social-window", "land-window"],
    "2026-autumn": ["tax-window", "land-window"],
    "2026-winter": ["tax-window"],
}
# The autumn stars, written in an order that is not the grades' (the files sort by name).
STARS = {"land-window": "四星", "social-window": "五星", "tax-window": "三星"}
NOMINATION = """\
---
nominee: {nominee}
category: {category}
title: {title}
status: candidate
result: {result}
{grade}---
{name}窗口服务规范，办件无差错，群众满意。
"""
BOARD = """\
title: 窗口服务荣誉榜
period: 每季度更新
screen:
  orientation: landscape
sections:
  - title: 优质服务先进单位流动奖牌
    caption: 每季度评比一次。
    rotating: banner
  - title: 星级服务窗口
    results:
      campaign: 2026-autumn
      category: star
"""


def write_project(root: Path) -> SiteProject:
    project = SiteProject(root)
    root.mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    project.write("organisation.yml", ORGANISATION)
    project.write("units.yml", UNITS)
    for window, name in WINDOWS.items():
        project.write(f"people/{window}.md", WINDOW.format(id=window, name=name))
    for campaign, (
        period,
        published,
        nominated,
        publicity,
        closed,
        commendation,
    ) in CAMPAIGNS.items():
        project.write(
            f"campaigns/{campaign}/index.md",
            CAMPAIGN.format(
                period=period,
                published=published,
                nominated=nominated,
                publicity=publicity,
                closed=closed,
                commendation=commendation,
            ),
        )
        for window, name in WINDOWS.items():
            held = window in HOLDERS[campaign]
            project.write(
                f"campaigns/{campaign}/{window}.md",
                NOMINATION.format(
                    nominee=window,
                    category="banner",
                    title=f"{period}{name}",
                    result="awarded" if held else "not_awarded",
                    grade="",
                    name=name,
                ),
            )
    for window, grade in STARS.items():
        project.write(
            f"campaigns/2026-autumn/{window}-star.md",
            NOMINATION.format(
                nominee=window,
                category="star",
                title=f"星级{WINDOWS[window]}",
                result="awarded",
                grade=f"grade: {grade}\n",
                name=WINDOWS[window],
            ),
        )
    project.write("boards/windows.yml", BOARD)
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SiteProject:
    """The project built once, on its build date 2026-11-25."""
    project = write_project(tmp_path_factory.mktemp("grades") / "project")
    project.build()
    return project


def text(tag: Tag | None) -> str:
    assert tag is not None
    return tag.get_text(" ", strip=True)


def cards(section: Tag) -> list[tuple[str, list[str]]]:
    """Each card's name and badges."""
    return [
        (text(card.select_one(".hb-card__name")), [b.get_text() for b in card.select(".hb-badge")])
        for card in section.select(".hb-card")
    ]


# -- graded results --------------------------------------------------------------------------


def test_graded_honour_names_the_grade() -> None:
    assert graded_honour("星级服务窗口", "五星") == "五星级服务窗口"
    assert graded_honour("文明窗口", "一等") == "文明窗口（一等）"
    assert graded_honour("星级服务窗口", "优秀") == "星级服务窗口（优秀）"


def test_results_page_groups_a_graded_category_by_grade(built: SiteProject) -> None:
    page = built.page("campaigns/2026-autumn/results")
    headings = [(h.name, text(h)) for h in page.select("h1, h2, h3")]
    assert headings == [
        ("h1", "2026年第三季度窗口服务评比 表彰名单"),
        ("h2", "优质服务先进单位 （2）"),
        ("h2", "星级服务窗口 （3）"),
        ("h3", "五星级服务窗口 （1）"),
        ("h3", "四星级服务窗口 （1）"),
        ("h3", "三星级服务窗口 （1）"),
    ]
    graded = page.select(".hb-group")[1]
    assert cards(graded) == [
        ("社保窗口", ["五星", "获表彰"]),
        ("不动产窗口", ["四星", "获表彰"]),
        ("税务窗口", ["三星", "获表彰"]),
    ]
    # Each grade's cards under its own heading; no grade badge in an ungraded category.
    for heading in graded.select("h3"):
        grade = text(heading)[:2]
        listed = heading.find_next_sibling("ul")
        assert isinstance(listed, Tag)
        assert [b.get_text() for b in listed.select(".hb-badge--grade")] == [grade]
    assert not page.select(".hb-group")[0].select(".hb-badge--grade")
    assert not page.select(".hb-group")[0].select("h3")


def test_honour_roll_orders_by_grade_and_shows_it(built: SiteProject) -> None:
    roll = built.page("honours/2026")
    autumn = next(s for s in roll.select(".hb-roll") if "第三季度" in text(s.select_one("h2")))
    assert [text(h) for h in autumn.select("h3")] == [
        "优质服务先进单位 （2）",
        "星级服务窗口 （3）",
    ]
    star = autumn.select("ul.hb-cards")[1]
    assert cards(star) == [
        ("社保窗口", ["五星", "获表彰"]),
        ("不动产窗口", ["四星", "获表彰"]),
        ("税务窗口", ["三星", "获表彰"]),
    ]


def test_board_entries_from_a_graded_category_carry_the_grade(built: SiteProject) -> None:
    page = built.page("boards/windows")
    section = page.select(".hb-board-section")[1]
    assert cards(section) == [
        ("社保窗口", ["五星级服务窗口"]),
        ("不动产窗口", ["四星级服务窗口"]),
        ("税务窗口", ["三星级服务窗口"]),
    ]


# -- rotating honours ------------------------------------------------------------------------


def test_board_shows_the_current_holders_and_the_earlier_ones(built: SiteProject) -> None:
    page = built.page("boards/windows")
    section = page.select(".hb-board-section")[0]
    assert text(section.select_one("h2")) == "优质服务先进单位流动奖牌"
    # The latest campaign announced is the autumn one: the winter one is still in its 公示.
    assert cards(section) == [
        ("不动产窗口", ["流动奖牌（2026年第三季度）"]),
        ("税务窗口", ["流动奖牌（2026年第三季度）"]),
    ]
    assert [a["href"] for a in section.select(".hb-card a")] == [
        "../../campaigns/2026-autumn/land-window/",
        "../../campaigns/2026-autumn/tax-window/",
    ]
    assert text(section.select_one("h3")) == "历届获得单位"
    table = section.select_one("table")
    assert table is not None
    assert [text(th) for th in table.select("thead th")] == ["期次", "获得单位", "授予日期"]
    rows = [[text(cell) for cell in tr.select("th, td")] for tr in table.select("tbody tr")]
    assert rows == [
        ["2026年第二季度", "不动产窗口 、 社保窗口", "2026年7月25日"],
        ["2026年第一季度", "社保窗口 、 税务窗口", "2026年4月25日"],
    ]
    assert [th["scope"] for th in table.select("th")] == ["col"] * 3 + ["row"] * 2
    assert [a["href"] for a in table.select("tbody th a")] == [
        "../../campaigns/2026-summer/results/",
        "../../campaigns/2026-spring/results/",
    ]


def test_once_the_winter_results_are_announced_the_medal_moves(
    built: SiteProject, tmp_path: Path
) -> None:
    """The same records a week after the winter 公示: its holder is current, autumn is history."""
    project = SiteProject(tmp_path / "project")
    shutil.copytree(built.root, project.root, ignore=shutil.ignore_patterns("site", ".cache"))
    project.build(env={"HONOURS_TODAY": "2026-12-08"})
    section = project.page("boards/windows").select(".hb-board-section")[0]
    assert cards(section) == [("税务窗口", ["流动奖牌（2026年第四季度）"])]
    periods = [text(th) for th in section.select("tbody th")]
    assert periods == ["2026年第三季度", "2026年第二季度", "2026年第一季度"]


def test_screen_rotation_has_the_holders_and_a_history_slide(built: SiteProject) -> None:
    screen = built.page("screens/windows")
    slides = screen.select(".hb-slide")
    kinds = [next(c for c in s["class"] if c.startswith("hb-slide--")) for s in slides]
    assert kinds == [
        "hb-slide--title",
        "hb-slide--section",
        "hb-slide--entry",
        "hb-slide--entry",
        "hb-slide--history",
        "hb-slide--section",
        "hb-slide--entry",
        "hb-slide--entry",
        "hb-slide--entry",
    ]
    holders = [text(s.select_one(".hb-slide__honour")) for s in slides[2:4]]
    assert holders == ["流动奖牌（2026年第三季度）"] * 2
    history = slides[4]
    assert history["aria-label"] == "5 / 9 优质服务先进单位流动奖牌 历届获得单位"
    assert text(history.select_one("h2")) == "历届获得单位"
    rows = [
        (text(row.select_one("dt")), [span.get_text() for span in row.select("dd span")])
        for row in history.select(".hb-slide__period-row")
    ]
    assert rows == [
        ("2026年第二季度", ["不动产窗口", "社保窗口"]),
        ("2026年第一季度", ["社保窗口", "税务窗口"]),
    ]
    # The graded entries: highest first, the stars drawn (not read aloud), the honour named.
    stars = []
    for slide in slides[6:]:
        drawn, honour = slide.select_one(".hb-slide__stars"), slide.select_one(".hb-slide__honour")
        assert drawn is not None and honour is not None
        name = text(slide.select_one(".hb-slide__name"))
        shown = (str(drawn.contents[0]), str(drawn["aria-hidden"]), str(honour.contents[-1]))
        stars.append((name, *shown))
    assert stars == [
        ("社保窗口", "★★★★★", "true", "五星级服务窗口"),
        ("不动产窗口", "★★★★", "true", "四星级服务窗口"),
        ("税务窗口", "★★★", "true", "三星级服务窗口"),
    ]


def person(name: str) -> PersonView:
    return PersonView(name, name, RecordKind.WINDOW, "窗口", None, None, (), (), None, "x.md")


def holding(period: str, count: int) -> Holding:
    entries = tuple(BoardEntry(person(f"{period}{n}"), "", None, "x.md") for n in range(count))
    return Holding(period, period, "x.md", "", entries)


def test_history_slide_keeps_to_what_a_screen_shows() -> None:
    four = tuple(holding(p, 2) for p in ("甲", "乙", "丙", "丁", "戊"))
    assert [h.period for h in on_screen(four)] == ["甲", "乙", "丙", "丁"]
    ten = tuple(holding(p, 10) for p in ("甲", "乙", "丙"))
    assert [h.period for h in on_screen(ten)] == ["甲", "乙"]
    many = (holding("甲", HISTORY_NAMES + 5), holding("乙", 1))
    assert [h.period for h in on_screen(many)] == ["甲"]  # one period at least, cut on the slide


def test_period_label_is_how_the_short_name_opens() -> None:
    assert campaign_period("2026年第三季度优质服务先进单位评比") == "2026年第三季度"
    assert campaign_period("2026年度星级服务窗口") == "2026年度"
    assert campaign_period("2026年10月文明窗口") == "2026年10月"
    assert campaign_period("2026年上半年流动红旗") == "2026年上半年"
    assert campaign_period("流动红旗评比") == "流动红旗评比"


# -- the board's messages --------------------------------------------------------------------


def board_messages(project: SiteProject) -> list[str]:
    result = load(project.content)[0]
    assert result.content is not None
    problems = Problems()
    load_boards(result.content, set(), problems)
    return [p.format(project.root) for p in problems.items]


def test_a_rotating_section_names_a_rotating_category(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project")
    project.write(
        "boards/bad.yml",
        """\
title: 流动奖牌榜
sections:
  - title: 甲
    rotating: baner
  - title: 乙
    rotating: star
  - title: 丙
    rotating: {category: banner}
  - title: 丁
    rotating: banner
    results: {campaign: 2026-autumn}
  - title: 戊
    rotating: banner
""",
    )
    assert board_messages(project) == [
        "content/boards/bad.yml:4:15: 错误：字段“sections[1].rotating”的值“baner”不是任何评选活动中的流动奖牌类别（写有 rotating: true 的类别），您是否想写“banner”？已有：banner",
        "content/boards/bad.yml:6:15: 错误：字段“sections[2].rotating”的值“star”不是流动奖牌类别：评选活动“2026年第四季度窗口服务评比”、“2026年第三季度窗口服务评比”等4个活动中的该类别都没有写 rotating: true，已有的流动奖牌类别：banner",
        "content/boards/bad.yml:8:15: 错误：字段“sections[3].rotating”应为单个值，而不是键值对",
        "content/boards/bad.yml:9:5: 错误：字段“sections[4]”应写 results（评选结果）、stars（星级党员）、rotating（流动奖牌）、people（指定人员）、members（党员公示栏）、branch_sign（党支部公示牌）、commitments（承诺墙）、campaign（评选活动进程）、notice（通知公告）、image（图片）十者之一",
    ]


def test_a_project_without_rotating_categories_says_so(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project")
    for campaign in CAMPAIGNS:
        project.edit(f"campaigns/{campaign}/index.md", "    rotating: true\n", "")
    assert board_messages(project) == [
        "content/boards/windows.yml:8:15: 错误：字段“sections[1].rotating”的值“banner”不是流动奖牌类别：评选活动“2026年第四季度窗口服务评比”、“2026年第三季度窗口服务评比”等4个活动中的该类别都没有写 rotating: true",
    ]
    project.write("boards/windows.yml", BOARD.replace("rotating: banner", "rotating: flag"))
    assert board_messages(project)[0].endswith(
        "的值“flag”不是任何评选活动中的流动奖牌类别（写有 rotating: true 的类别），目前还没有流动奖牌类别"
    )


# -- the demo --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_views() -> Iterator[Views]:
    result = load(REPO / "content")[0]
    content = result.content
    assert content is not None and not result.problems.errors
    problems = Problems()
    months = load_ratings(content, problems)
    boards = load_boards(content, set(months), problems)
    assert problems.items == []
    yield Views(content, {}, date(2026, 11, 25), None, months, boards)


def test_the_demo_medal_passes_from_one_quarter_to_the_next(demo_views: Views) -> None:
    board = board_view(demo_views, demo_views.boards["windows"], demo_views.months)
    medal, stars = board.sections
    current = [e.person.name for e in medal.entries]
    [earlier] = medal.history
    assert earlier.period == "2026年第二季度"
    assert {e.honour for e in medal.entries} == {"流动奖牌（2026年第三季度）"}
    assert len(current) == 2 and set(current) != {e.person.name for e in earlier.holders}
    grades = [e.grade or "" for e in stars.entries]
    assert grades == sorted(grades, key=["五星", "四星", "三星"].index) and len(set(grades)) == 3
    assert SlideKind.HISTORY in [s.kind for s in board.slides()]


# -- the history slide in a browser ----------------------------------------------------------


def test_history_slide_fits_both_screens_even_when_full(built: SiteProject) -> None:
    """Chromium at 1920×1080 and 1080×1920: the demo-sized slide and a full one (two periods of
    ten long names, as ten medals give) leave nothing clipped, overlapping or too small."""
    from .browser import chromium, serving, wait_until
    from .test_screens import LAYOUT_PROBLEMS, SIZES

    fill = """(names) => {
      const slide = document.querySelector('.hb-slide--history');
      const rows = slide.querySelectorAll('.hb-slide__period-row dd');
      for (const dd of rows) dd.innerHTML = names.map((n) => '<span>' + n + '</span>').join('');
      slide.removeAttribute('data-fit');
    }"""
    long = [
        "不动产登记综合受理窗口",
        "企业开办“一窗通”窗口",
        "社保医保综合窗口",
        "公积金服务窗口",
        "出入境证件办理窗口",
    ] * 2
    problems: list[str] = []
    with serving(built.root / "site") as url, chromium() as browser:
        for orientation, size in SIZES.items():
            context = browser.new_context(viewport=size)
            try:
                page = context.new_page()
                page.goto(
                    f"{url}screens/windows/index.html?now=10:00&seconds=600&orientation={orientation}"
                )
                wait_until(page, "window.hbScreen && document.fonts.status === 'loaded'")
                index = page.evaluate(
                    "[...document.querySelectorAll('.hb-slide')].findIndex((s) => s.matches('.hb-slide--history'))"
                )
                for case in ("demo", "full"):
                    if case == "full":
                        page.evaluate(fill, long)
                    page.evaluate("i => hbScreen.go(i)", index)
                    problems += [
                        f"{orientation} {case}: {p}" for p in page.evaluate(LAYOUT_PROBLEMS)
                    ]
            finally:
                context.close()
    assert not problems, "\n".join(problems)


def test_demo_certificates_name_the_grade(demo_views: Views, tmp_path: Path) -> None:
    from generator.printing.certificates import certificate_set

    from .conftest import print_job

    data = certificate_set(print_job(demo_views, tmp_path), "2026-q3-service-units")
    stars = [c for c in data.certificates if c.category == "星级服务窗口"]
    assert [c.grade for c in stars] == ["五星", "五星", "四星", "四星", "三星"]
    assert stars[0].body == "在2026年度工作中表现突出，被评为“五星级服务窗口”。特发此证，以资鼓励。"
    assert [c.number for c in stars] == [f"2026-02-{n:03d}" for n in range(1, 6)]
    medal = next(c for c in data.certificates if c.category != "星级服务窗口")
    assert medal.grade is None and "被评为“优质服务先进单位（流动奖牌）”" in medal.body
