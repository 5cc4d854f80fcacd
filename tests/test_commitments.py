"""亮承诺 · 亮形象 · 群众评议: the evaluation files (content/evaluations/<period>.csv) with every
message at its place, the 承诺墙 pages per unit and per party branch, and the commitments, posts
and 满意率 on the records' pages and cards. Real files in temp sites, one real `mkdocs build`,
the pages read back as parsed HTML, one headless Chromium for the phone and large-type checks."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from generator.boards.evaluations import Rate, load_evaluations, period_label, period_of
from generator.build import load as load_records
from generator.site.files import is_source_file
from generator.sources.problems import Problems

from .browser import chromium, serving, wait_until
from .conftest import (
    SiteProject,
    honours_in,
    small_project,
)

BRANCH_UNIT = """\
  - id: branch-a
    name: 第一党支部
    kind: branch
    floor: "1"
"""
BRANCH_RECORD = """\
---
kind: branch
name: 第一党支部
unit: branch-a
secretary: 王晓明
commitments:
  - text: 每月开展一次“亮身份、亮承诺、亮形象”主题党日活动
    period: 2026年
    status: 已兑现
    note: 已按月开展11次
    date: 2026-11-20
---
"""
WANG_ADDED = """\
branch: branch-a
posts:
  - kind: 党员示范岗
    where: 3号窗口
  - kind: 党员责任区
    where: 一楼大厅东区
window_no: "3"
commitments:
  - text: <b>全年</b>办件零差错
    period: 2026年
    status: 已兑现
    note: 累计办件<i>2316</i>件，未出现差错
    date: 2026-10-31
  - text: 发票领用即时办结，高峰时段等候不超过15分钟
    period: 2026年下半年
    status: 未兑现
    note: 受系统升级影响，高峰时段平均等候22分钟
    date: 2026-10-31
"""
LI_ADDED = """\
branch: branch-a
commitments:
  - text: 推行延时服务，午间不断档
"""
CSV_NOTE = "评价器内部编号PJQ-0093"  # a 备注 in the evaluation file: never published
SEPTEMBER = "对象,姓名,满意,基本满意,不满意\nwang-xiaoming,王晓明,1200,17,17\n"
OCTOBER = f"对象,名称,满意,基本满意,不满意,备注\nwang-xiaoming,王晓明,1300,20,10,{CSV_NOTE}\ntax-window,税务综合窗口,800,0,0,\n"
PRIVATE = ("13912345678", "110101198801011234", "内部备注甲乙丙", "13700001111", CSV_NOTE)


def with_commitments(site: SiteProject) -> SiteProject:
    """A branch (its record and two members, each with commitments), posts, a window number and
    two months of 群众评议."""
    site.edit("units.yml", "  - id: small-office\n", BRANCH_UNIT + "  - id: small-office\n")
    site.write("people/branch-a.md", BRANCH_RECORD)
    site.edit("people/wang-xiaoming.md", "photo: photos", WANG_ADDED + "photo: photos")
    site.edit("people/li-hua.md", "born: 1990\n", "born: 1990\n" + LI_ADDED)
    site.write("evaluations/2026-09.csv", SEPTEMBER)
    site.write("evaluations/2026-10.csv", OCTOBER)
    return site


def messages(site: SiteProject) -> tuple[dict[str, tuple[Rate, ...]], list[str]]:
    """The rates, and every problem of the evaluation files formatted `path:line:col: 错误：…`."""
    result = load_records(site.content)[0]
    assert result.content is not None
    assert result.problems.errors == [], result.problems.report()
    problems = Problems()
    rates = load_evaluations(result.content, problems)
    return rates, [p.format(result.content.root) for p in problems.items]


@pytest.fixture
def site(tmp_path: Path) -> SiteProject:
    return small_project(tmp_path / "project")


# -- periods and rates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "label"),
    [
        ("2026-10", "2026年10月"),
        ("2026-01", "2026年1月"),
        ("2026-q3", "2026年第三季度"),
        ("2026-Q1", "2026年第一季度"),
        ("2026-h1", "2026年上半年"),
        ("2026-h2", "2026年下半年"),
        ("2026", "2026年"),
        ("2026-13", None),
        ("2026-00", None),
        ("2026-1", None),
        ("2026-q5", None),
        ("2026-h3", None),
        ("26-10", None),
        ("2026年10月", None),
        ("2026-10-01", None),
    ],
)
def test_file_names_are_periods(stem: str, label: str | None) -> None:
    assert period_label(stem) == label


def test_a_period_knows_its_days() -> None:
    assert period_of("2026-q3") == (
        "2026-q3",
        "2026年第三季度",
        date(2026, 7, 1),
        date(2026, 9, 30),
    )
    assert period_of("2024-02") == ("2024-02", "2024年2月", date(2024, 2, 1), date(2024, 2, 29))
    assert period_of("2026-H2") == ("2026-h2", "2026年下半年", date(2026, 7, 1), date(2026, 12, 31))


def test_rates_are_shown_with_their_period_and_count() -> None:
    rate = Rate("2026-10", "2026年10月", 1200, 17, 17)
    assert rate.total == 1234
    assert rate.summary == "满意率 98.6%（2026年10月，共 1,234 人次评价）"
    assert Rate("2026", "2026年", 5, 0, 0).summary == "满意率 100.0%（2026年，共 5 人次评价）"
    # rounded half up; never 100.0% while anyone answered 不满意
    assert Rate("2026", "2026年", 1997, 0, 3).percent == "99.9%"  # 99.85
    assert Rate("2026", "2026年", 9999, 0, 1).percent == "99.9%"  # 99.99
    assert Rate("2026", "2026年", 1, 1, 1).percent == "66.7%"


# -- reading the files ---------------------------------------------------------------------------


def test_utf8_bom_gbk_tabs_aliases_and_counts_as_exports_write_them(site: SiteProject) -> None:
    site.write(
        "evaluations/2026-09.csv",
        '\ufeff序号,姓名,满意,基本满意,不满意,合计\n1,王晓明,"1,200",17,17,1234\n2,税务综合窗口,１２,3人次,0,15\n',
    )
    gbk = "编号\t名称\t满意人次\t基本满意人次\t不满意人次\nli-hua\t李华\t90\t8\t2\n"
    site.write("evaluations/2026-10.csv", gbk.encode("gbk"))
    rates, problems = messages(site)
    assert problems == []
    assert rates == {
        "li-hua": (Rate("2026-10", "2026年10月", 90, 8, 2),),
        "tax-window": (Rate("2026-09", "2026年9月", 12, 3, 0),),
        "wang-xiaoming": (Rate("2026-09", "2026年9月", 1200, 17, 17),),
    }


def test_periods_oldest_first_the_longer_first_when_they_end_together(site: SiteProject) -> None:
    for stem in ("2026-12", "2026-q4", "2026", "2026-h2", "2026-09"):
        site.write(f"evaluations/{stem}.csv", "对象,满意,基本满意,不满意\nwang-xiaoming,9,1,0\n")
    rates, problems = messages(site)
    assert problems == []
    assert [r.label for r in rates["wang-xiaoming"]] == [
        "2026年9月",
        "2026年",
        "2026年下半年",
        "2026年第四季度",
        "2026年12月",
    ]


def test_every_bad_row_at_its_place(site: SiteProject) -> None:
    site.write(
        "people/li-hua-2.md", "---\nname: 李华\nunit: hall\npolitical_status: 中共党员\n---\n"
    )
    site.write(
        "evaluations/2026-10.csv",
        "对象,姓名,满意,基本满意,不满意\n"
        "wang-xiaomin,,10,1,0\n"
        "wang-xiaoming,王小明,10,1,0\n"
        ",李华,10,1,0\n"
        ",王晓铭,10,1,0\n"
        "tax-window,,1.5,,-1\n"
        "tax-window,,5,0,0\n"
        ",,1,2,3\n"
        "wang-xiaoming,,1,2,3,多余\n"
        'li-hua,李华,"1,234",0,0\n'
        "li-hua-2,,12人次,0,1\n",
    )
    rates, problems = messages(site)
    file = "evaluations/2026-10.csv"
    assert problems == [
        f"{file}:2:1: 错误：对象“wang-xiaomin”在 people/ 中不存在，您是否想写“wang-xiaoming”？",
        f"{file}:3:15: 错误：姓名“王小明”与记录 people/wang-xiaoming.md 中的“王晓明”不一致：请核对对象编号",
        f"{file}:4:2: 错误：“李华”对应多条记录：li-hua（个人，小办公室）、li-hua-2（个人，办事大厅），请加上“对象”列写明人员编号",
        f"{file}:5:2: 错误：“王晓铭”在 people/ 中没有对应的记录，相近的有：王晓明（wang-xiaoming），请核对姓名，或用“对象”列写明人员编号",
        f"{file}:6:13: 错误：“满意”应为不小于 0 的整数（现为“1.5”）",
        f"{file}:6:17: 错误：缺少“基本满意”人次（没有请写 0）",
        f"{file}:6:18: 错误：“不满意”应为不小于 0 的整数（现为“-1”）",
        f"{file}:7:1: 错误：“税务综合窗口”（tax-window）重复：第 6 行已有其评议数据，同一期间每个对象只写一行",
        f"{file}:8:1: 错误：缺少评议对象：请写“对象”（人员编号）或“姓名”",
        f"{file}:9:22: 错误：第 6 列有内容“多余”，但表头只有 5 列：内容里的逗号要用英文双引号括起来",
    ]
    assert rates == {
        "li-hua": (Rate("2026-10", "2026年10月", 1234, 0, 0),),
        "li-hua-2": (Rate("2026-10", "2026年10月", 12, 0, 1),),
    }


def test_a_record_found_by_name_twice_is_a_duplicate(site: SiteProject) -> None:
    site.write(
        "evaluations/2026.csv",
        "姓名,满意,基本满意,不满意\n王晓明,1,0,0\n\n王晓明,2,0,0\n",
    )
    _, problems = messages(site)
    assert problems == [
        "evaluations/2026.csv:4:1: 错误：“王晓明”（wang-xiaoming）重复：第 2 行已有其评议数据，同一期间每个对象只写一行"
    ]


def test_header_problems(site: SiteProject) -> None:
    site.write("evaluations/2026-q3.csv", "对象,姓名,满意,满意,不满意度\nwang-xiaoming,,1,1,1\n")
    site.write("evaluations/2026-q4.csv", "满意,基本满意,不满意\n1,1,1\n")
    rates, problems = messages(site)
    assert rates == {}
    columns = "可用的列：对象、姓名、满意、基本满意、不满意、合计、序号、备注"
    assert problems == [
        "evaluations/2026-q3.csv:1:1: 错误：缺少“不满意”列（表头可写：不满意、不满意人次、unsatisfied）",
        "evaluations/2026-q3.csv:1:1: 错误：缺少“基本满意”列（表头可写：基本满意、基本满意人次、basic）",
        "evaluations/2026-q3.csv:1:10: 错误：“满意”列重复：第 3 列已是“满意”",
        f"evaluations/2026-q3.csv:1:13: 错误：未知的列“不满意度”，您是否想写“不满意”？{columns}",
        "evaluations/2026-q4.csv:1:1: 错误：缺少“对象”或“姓名”列（表头可写：对象、编号、对象编号、人员编号、id、姓名、名称、窗口名称、name）",
    ]


def test_file_names_and_files_that_are_not_csv(site: SiteProject) -> None:
    site.write("evaluations/2026-13.csv", "对象,满意,基本满意,不满意\n")
    site.write("evaluations/2026-Q3.csv", "对象,满意,基本满意,不满意\nli-hua,1,0,0\n")
    site.write("evaluations/2026-q3.csv", "对象,满意,基本满意,不满意\nli-hua,2,0,0\n")
    site.write("evaluations/2026-10.xlsx", b"PK\x03\x04")
    site.write("evaluations/2026-11.csv", b"PK\x03\x04 a workbook saved as .csv")
    site.write(
        "evaluations/2026-12.csv", "对象,满意,基本满意,不满意\n".encode() + b"\xff\xfe\xfa\n"
    )
    site.write("evaluations/old/2025.csv", "对象,满意,基本满意,不满意\n")
    rates, problems = messages(site)
    forms = "2026-10.csv（月）、2026-q3.csv（季度）、2026-h2.csv（半年）或 2026.csv（年）"
    assert problems == [
        f"evaluations/2026-10.xlsx:1:1: 警告：不是群众评议文件，已忽略：评议数据请另存为“CSV UTF-8（逗号分隔）”，文件名应为 {forms}",
        "evaluations/2026-11.csv:1:1: 错误：是 Excel 工作簿，不是 CSV：请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”",
        "evaluations/2026-12.csv:2:1: 错误：有无法识别的文字：文件既不是 UTF-8，也不是 GBK/GB18030 文本",
        f"evaluations/2026-13.csv:1:1: 错误：文件名“2026-13.csv”不是有效的评议期间：应写作 {forms}",
        "evaluations/2026-q3.csv:1:1: 错误：与“2026-Q3.csv”是同一评议期间（2026年第三季度），请合并为一个文件",
        "evaluations/old:1:1: 警告：evaluations/ 中的子文件夹不会被读取，已忽略",
    ]
    assert rates == {"li-hua": (Rate("2026-q3", "2026年第三季度", 1, 0, 0),)}


def test_nobody_answered_is_a_warning_and_no_rate(site: SiteProject) -> None:
    site.write("evaluations/2026-10.csv", "对象,满意,基本满意,不满意\nli-hua,0,0,0\n")
    rates, problems = messages(site)
    assert rates == {}
    assert problems == [
        "evaluations/2026-10.csv:2:1: 警告：“李华”的评价人次为 0，2026年10月的满意率不显示"
    ]


def test_errors_stop_check_and_build(site: SiteProject) -> None:
    site.write("evaluations/2026-10.csv", "对象,满意,基本满意,不满意\nli-hua,多,0,0\n")
    result = honours_in(site.root, "check")
    assert result.exit_code == 1
    line = "content/evaluations/2026-10.csv:2:8: 错误：“满意”应为不小于 0 的整数（现为“多”）"
    assert line in result.output.splitlines()
    build = site.mkdocs("build")
    assert build.returncode != 0
    assert line in build.stdout + build.stderr
    assert not (site.root / "site").exists()


def test_evaluation_files_are_never_published() -> None:
    for name in ("evaluations/2026-10.csv", "evaluations/2026-Q3.CSV", "evaluations/2026.xlsx"):
        assert is_source_file(name)


# -- the site --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SiteProject:
    site = with_commitments(small_project(tmp_path_factory.mktemp("commitments") / "project"))
    site.build()
    return site


def entries(page: BeautifulSoup) -> dict[str, Any]:
    """A 承诺墙's records by name: their badges, facts and commitments as text."""
    found = {}
    for entry in page.select(".hb-wall__entry"):
        facts = entry.select_one("dl.hb-facts")
        found[entry.h2.get_text(strip=True)] = {
            "posts": [li.get_text(" ", strip=True) for li in entry.select(".hb-posts li")],
            "facts": dict(
                zip(
                    [dt.get_text(strip=True) for dt in facts.find_all("dt")],
                    [dd.get_text(strip=True) for dd in facts.find_all("dd")],
                    strict=True,
                )
            ),
            "commitments": [commitment(li) for li in entry.select(".hb-commitment")],
        }
    return found


def commitment(li: Any) -> tuple[str, str, list[str], str | None]:
    status = li.select_one(".hb-status")
    note = li.select_one(".hb-commitment__note")
    meta = [s.get_text(strip=True) for s in li.select(".hb-commitment__meta > span")]
    assert (
        status["class"][-1]
        == "hb-status--"
        + {"已兑现": "kept", "进行中": "ongoing", "未兑现": "missed"}[status.get_text(strip=True)]
    )
    return (
        li.select_one(".hb-commitment__text").get_text(),
        status.get_text(strip=True),
        meta[1:],
        note.get_text() if note else None,
    )


def test_the_branch_wall_has_its_record_and_its_members(built: SiteProject) -> None:
    page = built.page("units/branch-a/commitments/")
    assert page.h1.get_text() == "第一党支部承诺墙"
    assert page.title.get_text().startswith("第一党支部承诺墙")
    counts = page.select_one(".hb-wall__counts").get_text()
    assert counts == "共 4 项承诺：已兑现 2 项，进行中 1 项，未兑现 1 项"
    walls = entries(page)
    assert list(walls) == ["第一党支部", "李华", "王晓明"]  # the branch's own record first
    assert walls["第一党支部"] == {
        "posts": [],
        "facts": {"类别": "党支部"},
        "commitments": [
            (
                "每月开展一次“亮身份、亮承诺、亮形象”主题党日活动",
                "已兑现",
                ["承诺期：2026年", "2026年11月20日更新"],
                "兑现情况：已按月开展11次",
            )
        ],
    }
    assert walls["李华"]["commitments"] == [("推行延时服务，午间不断档", "进行中", [], None)]
    assert walls["李华"]["facts"] == {"单位": "小办公室"}
    wang = walls["王晓明"]
    assert wang["posts"] == ["党员示范岗 · 3号窗口", "党员责任区 · 一楼大厅东区"]
    assert wang["facts"] == {
        "单位": "办事大厅",
        "职务": "综合受理岗",
        "服务窗口": "3号窗口",
        "群众评议": "满意率 99.2%（2026年10月，共 1,330 人次评价）",  # the latest period
    }
    assert wang["commitments"] == [
        (
            "<b>全年</b>办件零差错",  # the record's text, shown as text
            "已兑现",
            ["承诺期：2026年", "2026年10月31日更新"],
            "兑现情况：累计办件<i>2316</i>件，未出现差错",
        ),
        (
            "发票领用即时办结，高峰时段等候不超过15分钟",
            "未兑现",
            ["承诺期：2026年下半年", "2026年10月31日更新"],
            "情况说明：受系统升级影响，高峰时段平均等候22分钟",
        ),
    ]
    article = page.select_one(".md-content")
    assert article.find("b") is None and article.find("i") is None
    links = [a["href"] for a in page.select(".hb-wall__entry h2 a")]
    assert links == [
        "../../../people/branch-a/",
        "../../../people/li-hua/",
        "../../../people/wang-xiaoming/",
    ]


def test_each_unit_with_commitments_has_its_wall_linked_from_its_page(built: SiteProject) -> None:
    site = built.root / "site"
    walls = sorted(p.parent.parent.name for p in site.glob("units/*/commitments/index.html"))
    assert walls == ["branch-a", "hall", "small-office"]  # not tax-window: no commitments there
    assert list(entries(built.page("units/hall/commitments/"))) == ["王晓明"]
    assert list(entries(built.page("units/small-office/commitments/"))) == ["李华"]
    for unit, name in [
        ("branch-a", "第一党支部"),
        ("hall", "办事大厅"),
        ("small-office", "小办公室"),
    ]:
        link = built.page(f"units/{unit}/").select_one("a.hb-wall-link")
        assert (link["href"], link.get_text()) == ("commitments/", f"{name}承诺墙")
    assert built.page("units/tax-window/").select_one("a.hb-wall-link") is None
    marks = {a["href"] for a in built.page("units/").select("a.hb-wall-mark")}
    assert marks == {"branch-a/commitments/", "hall/commitments/", "small-office/commitments/"}
    crumbs = built.page("units/hall/commitments/").select(".hb-breadcrumb a")
    assert [a["href"] for a in crumbs] == ["../../", "../"]


def test_walls_are_not_in_the_nav_but_are_searched(built: SiteProject) -> None:
    for url in ("", "units/branch-a/commitments/", "people/wang-xiaoming/"):
        nav = built.page(url).select("nav.md-nav--primary a")
        assert nav and not [a for a in nav if "commitments" in a.get("href", "")], url
    index = json.loads((built.root / "site/search/search_index.json").read_text(encoding="utf-8"))
    docs = {doc["location"]: doc for doc in index["docs"]}
    wall = docs["units/branch-a/commitments/"]
    assert wall["title"] == "第一党支部承诺墙"
    assert "发票领用即时办结" in wall["text"] and "满意率 99.2%" in wall["text"]


def test_the_person_page_shows_commitments_posts_window_and_rates(built: SiteProject) -> None:
    page = built.page("people/wang-xiaoming/")
    head = page.select_one(".hb-profile__id")
    posts = [li.get_text(" ", strip=True) for li in head.select("ul.hb-posts li")]
    assert posts == ["党员示范岗 · 3号窗口", "党员责任区 · 一楼大厅东区"]
    facts = dict(
        zip(
            [dt.get_text() for dt in head.select("dt")],
            [dd.get_text() for dd in head.select("dd")],
            strict=True,
        )
    )
    assert facts["服务窗口"] == "3号窗口"
    assert facts["群众评议"] == "满意率 99.2%（2026年10月，共 1,330 人次评价）"
    section = page.select_one("#hb-commitments").parent
    assert section.h2.get_text() == "公开承诺"
    assert [commitment(li)[:2] for li in section.select(".hb-commitment")] == [
        ("<b>全年</b>办件零差错", "已兑现"),
        ("发票领用即时办结，高峰时段等候不超过15分钟", "未兑现"),
    ]
    assert section.find("b") is None
    wall = section.select_one("p > a")
    assert (wall["href"], wall.get_text()) == (
        "../../units/hall/commitments/",
        "查看办事大厅承诺墙",
    )
    history = [li.get_text() for li in page.select("ul.hb-rates li")]
    assert history == [
        "满意率 99.2%（2026年10月，共 1,330 人次评价）",
        "满意率 98.6%（2026年9月，共 1,234 人次评价）",
    ]
    window = built.page("people/tax-window/")  # a window's 满意率, no commitments
    assert (
        "满意率 100.0%（2026年10月，共 800 人次评价）" in window.select_one(".hb-rate").get_text()
    )
    assert window.select_one("#hb-commitments") is None
    assert window.select_one(".hb-posts") is None


def test_cards_and_profiles_carry_the_post(built: SiteProject) -> None:
    card = built.page("units/hall/").select_one(".hb-card")
    assert card.select_one(".hb-card__name").get_text() == "王晓明"
    assert [b.get_text() for b in card.select(".hb-badge--post")] == ["示范岗", "责任区"]
    nominees = built.page("campaigns/2026-model-post/nominees/")
    marks = {
        c.select_one(".hb-card__name").get_text(): [
            b.get_text() for b in c.select(".hb-badge--post")
        ]
        for c in nominees.select(".hb-card")
    }
    assert marks["王晓明"] == ["示范岗", "责任区"]
    assert marks["税务综合窗口"] == []
    profile = built.page("campaigns/2026-model-post/wang-xiaoming/")
    posts = [li.get_text(" ", strip=True) for li in profile.select(".hb-profile__id .hb-posts li")]
    assert posts == ["党员示范岗 · 3号窗口", "党员责任区 · 一楼大厅东区"]


def test_no_csv_and_no_private_value_is_published(built: SiteProject) -> None:
    site = built.root / "site"
    assert not list(site.rglob("*.csv")) and not (site / "evaluations").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert CSV_NOTE not in text, path
    for url in ("units/branch-a/commitments/", "units/hall/commitments/", "people/wang-xiaoming/"):
        html = (site / url / "index.html").read_text(encoding="utf-8")
        for value in PRIVATE:
            assert value not in html, (url, value)


# -- in a browser: a 360 px phone, the large-type mode, readable statuses --------------------------

STATUS_COLOURS = """() => [...document.querySelectorAll('.hb-status, .hb-badge--post')].map((el) => {
  const s = getComputedStyle(el);
  return {text: el.textContent.trim(), colour: s.color, back: s.backgroundColor,
          size: parseFloat(s.fontSize)};
})"""


def _rgb(css: str) -> list[float]:
    return [float(v) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]


def _contrast(a: list[float], b: list[float]) -> float:
    def luminance(rgb: list[float]) -> float:
        def channel(v: float) -> float:
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        r, g, b_ = (channel(v) for v in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as found:
        yield found


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "large-type"])
def test_the_wall_fits_a_phone_and_its_statuses_read(
    built: SiteProject, browser: Any, elder: bool
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        with serving(built.root / "site") as url:
            page.goto(url)
            if elder:
                page.evaluate("localStorage.setItem('hb.elder', '1')")
            for path in ("units/branch-a/commitments/", "people/wang-xiaoming/"):
                page.goto(url + path)
                wait_until(page, "document.readyState === 'complete'")
                assert (
                    page.evaluate("document.documentElement.classList.contains('hb-elder')")
                    == elder
                )
                assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
                badges = page.evaluate(STATUS_COLOURS)
                assert {b["text"] for b in badges} >= {"已兑现", "未兑现"}
                for badge in badges:
                    ratio = _contrast(_rgb(badge["colour"]), _rgb(badge["back"]))
                    assert ratio >= 4.5, badge
                    assert badge["size"] >= (16 if elder else 12), badge
                colours = {
                    b["text"]: b["back"]
                    for b in badges
                    if b["text"] in ("已兑现", "进行中", "未兑现")
                }
                assert len(set(colours.values())) == len(colours)  # a colour for each status
    finally:
        context.close()


def test_demo_has_a_branch_wall_and_clean_evaluations(tmp_path: Path) -> None:
    """The repository's demo: its evaluation files read without a problem, and the first party
    branch's wall has its record and members."""
    from .conftest import REPO

    shutil.copytree(REPO / "content", tmp_path / "content")
    site = SiteProject(tmp_path)
    rates, problems = messages(site)
    assert problems == []
    assert {"wang-xiaoming", "tax-window"} <= set(rates)
    assert all(len(found) == 2 for pid, found in rates.items() if pid != "he-yuhang")
