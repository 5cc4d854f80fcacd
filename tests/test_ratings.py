"""Monthly star ratings (星级党员): real rating files in temp sites, stars asserted exactly."""

from __future__ import annotations

import codecs
import re
import subprocess
import sys
from pathlib import Path
from random import Random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.boards.ratings import (
    Month,
    Rating,
    StarRules,
    award_stars,
    latest,
    load_ratings,
    month_label,
    star_months,
    stars_label,
)
from generator.build import load as load_records
from generator.model.records import Content
from generator.sources.problems import Mark, Problems

from .conftest import REPO, SiteProject

BRANCHES = """\
  - id: branch-a
    name: 第一党支部
    kind: branch
    floor: "1"
  - id: branch-b
    name: 第二党支部
    kind: branch
    floor: "2"
"""

RULES = """\
bands:
  - {min: 190, stars: 5}
  - {min: 180, stars: 4}
  - {min: 170, stars: 3}
per_branch: 3
ties: include
"""

HEADER = "人员编号,党建得分,业务得分,加减分,备注\n"

# Members added to the fixture's wang-xiaoming (branch-a, unit hall) and li-hua (branch-b).
MEMBERS = {
    "zhang-wei": ("张伟", "branch-a"),
    "liu-fang": ("刘芳", "branch-a"),
    "chen-jie": ("陈杰", "branch-a"),
    "zhou-qiang": ("周强", "branch-a"),
    "yang-lin": ("杨林", "branch-b"),
    "wu-lei": ("吴磊", "branch-b"),
}


def member(
    project: SiteProject,
    person_id: str,
    name: str,
    branch: str | None,
    status: str = "中共党员",
    unit: str = "hall",
) -> None:
    line = f"branch: {branch}\n" if branch else ""
    project.write(
        f"people/{person_id}.md",
        f"---\nname: {name}\nunit: {unit}\npolitical_status: {status}\n{line}---\n",
    )


@pytest.fixture
def site(project: SiteProject) -> SiteProject:
    """The test site with two branches, eight members on them and star rules."""
    project.edit("units.yml", "  - id: small-office\n", BRANCHES + "  - id: small-office\n")
    project.edit(
        "people/wang-xiaoming.md",
        "joined_party: 2010-07-01\n",
        "joined_party: 2010-07-01\nbranch: branch-a\n",
    )
    project.edit(
        "people/li-hua.md",
        "joined_party: 2015-05-04\n",
        "joined_party: 2015-05-04\nbranch: branch-b\n",
    )
    for person_id, (name, branch) in MEMBERS.items():
        member(project, person_id, name, branch)
    project.write("ratings/rules.yml", RULES)
    return project


def load(project: SiteProject) -> tuple[dict[str, Month], list[str], Content]:
    """The months, and every problem formatted as `path:line:column: 错误：…`."""
    result = load_records(project.content)[0]
    assert result.content is not None
    assert result.problems.errors == [], result.problems.report()
    problems = Problems()
    months = load_ratings(result.content, problems)
    return months, [p.format(result.content.root) for p in problems.items], result.content


def stars_of(month: Month) -> dict[str, int]:
    return {r.person: r.stars for r in month.stars}


# -- stars ---------------------------------------------------------------------------------


def test_no_ratings_folder_no_months(project: SiteProject) -> None:
    months, messages, _ = load(project)
    assert months == {} and messages == []


def test_stars_by_band(site: SiteProject) -> None:
    site.write(
        "ratings/rules.yml", RULES.replace("per_branch: 3\n", "")
    )  # no limit: the bands alone
    site.write(
        "ratings/2026-10.csv",
        HEADER
        + "wang-xiaoming,95,95,,\n"  # 190: five stars, on the band
        + "zhang-wei,94.9,95,,\n"  # 189.9: four
        + "liu-fang,90,90,,\n"  # 180: four
        + "chen-jie,85,85,,\n"  # 170: three
        + "zhou-qiang,85,84.9,,\n"  # 169.9: none
        + "li-hua,100,100,,\n",  # 200: five
    )
    months, messages, content = load(site)
    assert messages == []
    month = months["2026-10"]
    assert [(r.person, r.total, r.stars) for r in month.ratings] == [
        ("wang-xiaoming", 190.0, 5),
        ("zhang-wei", 189.9, 4),
        ("liu-fang", 180.0, 4),
        ("chen-jie", 170.0, 3),
        ("zhou-qiang", 169.9, 0),
        ("li-hua", 200.0, 5),
    ]
    assert [r.person for r in month.stars] == [
        "wang-xiaoming",
        "zhang-wei",
        "liu-fang",
        "chen-jie",
        "li-hua",
    ]
    assert month.stars[0].mark == Mark(content.root / "ratings/2026-10.csv", 2, 1)
    assert month.label == "2026年10月"


def test_adjustment_counts_and_notes_are_kept(site: SiteProject) -> None:
    site.write(
        "ratings/2026-09.csv",
        HEADER
        + "wang-xiaoming,88,89.5,+2.5,获得群众书面表扬\n"  # 177.5 + 2.5 = 180: four stars
        + "zhang-wei,92,91,-5,受到投诉\n"  # 183 - 5 = 178: three
        + "liu-fang,86,84,-0.5,\n"  # 170 - 0.5 = 169.5: none
        + "chen-jie,84,84,２,\n",  # full-width digit, as some input methods type it
    )
    months, messages, _ = load(site)
    assert messages == []
    ratings = {r.person: r for r in months["2026-09"].ratings}
    wang = ratings["wang-xiaoming"]
    assert (wang.branch_score, wang.business_score, wang.adjustment) == (88.0, 89.5, 2.5)
    assert (wang.total, wang.stars, wang.note) == (180.0, 4, "获得群众书面表扬")
    assert (ratings["zhang-wei"].total, ratings["zhang-wei"].stars) == (178.0, 3)
    assert ratings["zhang-wei"].note == "受到投诉"
    assert (ratings["liu-fang"].total, ratings["liu-fang"].stars) == (169.5, 0)
    assert ratings["liu-fang"].note is None
    assert (ratings["chen-jie"].total, ratings["chen-jie"].stars) == (170.0, 3)


# branch-a: five members over the lowest band; the third and fourth tie at 175.
LIMITED = (
    HEADER
    + "wang-xiaoming,95,96,,\n"  # 191
    + "zhang-wei,90,92,,\n"  # 182
    + "liu-fang,88,87,,\n"  # 175
    + "chen-jie,87,88,,\n"  # 175
    + "zhou-qiang,86,86,,\n"  # 172
    + "li-hua,86,85,,\n"  # 171, branch-b
    + "yang-lin,80,80,,\n"  # 160, branch-b: no star
)


@pytest.mark.parametrize(
    ("ties", "expected"),
    [
        ("include", {"wang-xiaoming": 5, "zhang-wei": 4, "chen-jie": 3, "liu-fang": 3}),
        ("exclude", {"wang-xiaoming": 5, "zhang-wei": 4}),
    ],
)
def test_per_branch_limit_and_ties(site: SiteProject, ties: str, expected: dict[str, int]) -> None:
    site.write("ratings/rules.yml", RULES.replace("ties: include", f"ties: {ties}"))
    site.write("ratings/2026-10.csv", LIMITED)
    months, messages, content = load(site)
    assert messages == []
    month = months["2026-10"]
    assert stars_of(month) == {**expected, "li-hua": 3}
    by_branch = month.by_branch(content)
    assert list(by_branch) == ["branch-a", "branch-b"]
    assert [r.person for r in by_branch["branch-a"]] == list(expected)
    assert [r.person for r in by_branch["branch-b"]] == ["li-hua"]
    assert {r.person: r.stars for r in month.ratings}["zhou-qiang"] == 0  # over the limit


def test_limit_without_a_tie_at_the_edge(site: SiteProject) -> None:
    for ties in ("include", "exclude"):
        site.write(
            "ratings/rules.yml",
            RULES.replace("per_branch: 3", "per_branch: 2").replace("include", ties),
        )
        site.write("ratings/2026-10.csv", LIMITED)
        months, messages, _ = load(site)
        assert messages == []
        assert stars_of(months["2026-10"]) == {"wang-xiaoming": 5, "zhang-wei": 4, "li-hua": 3}


def test_boards_by_branch_and_floor_and_a_person_s_months(site: SiteProject) -> None:
    site.write("ratings/2026-08.csv", HEADER + "wang-xiaoming,90,90,,\nli-hua,95,95,,\n")
    site.write("ratings/2026-09.csv", HEADER + "wang-xiaoming,80,80,,\nli-hua,85,86,,\n")
    site.write("ratings/2026-10.csv", HEADER + "wang-xiaoming,96,95,,\nli-hua,80,80,,\n")
    months, messages, content = load(site)
    assert messages == []
    assert list(months) == ["2026-08", "2026-09", "2026-10"]
    last = latest(months)
    assert last is not None and last.month == "2026-10"
    assert latest({}) is None
    assert star_months(months, "wang-xiaoming") == [("2026-10", 5), ("2026-08", 4)]
    assert star_months(months, "li-hua") == [("2026-09", 3), ("2026-08", 5)]
    assert star_months(months, "zhang-wei") == []
    assert [f"{month_label(m)} {stars_label(s)}" for m, s in star_months(months, "li-hua")] == [
        "2026年9月 三星",
        "2026年8月 五星",
    ]
    assert {b: [r.person for r in rs] for b, rs in last.by_branch(content).items()} == {
        "branch-a": ["wang-xiaoming"],
        "branch-b": [],
    }
    # wang-xiaoming works in the hall (floor 1); li-hua's office has no floor: her branch's (2)
    august = months["2026-08"]
    assert {f: [r.person for r in rs] for f, rs in august.by_floor(content).items()} == {
        "1": ["wang-xiaoming"],
        "2": ["li-hua"],
    }


def test_star_labels() -> None:
    assert [stars_label(n) for n in (5, 4, 3, 2, 1, 0)] == [
        "五星",
        "四星",
        "三星",
        "二星",
        "一星",
        "",
    ]
    assert month_label("2026-08") == "2026年8月"


# -- encodings and layouts -------------------------------------------------------------------


def test_gb18030_with_crlf_and_a_name_column(site: SiteProject) -> None:
    text = "人员编号,姓名,党建得分,业务得分,加减分,总分,备注\r\n"
    text += "wang-xiaoming,王晓明,90,91,+2,183,获得群众书面表扬\r\n"
    text += "li-hua,李华,85,86.5,,171.5,\r\n"
    site.write("ratings/2026-10.csv", text.encode("gb18030"))
    months, messages, _ = load(site)
    assert messages == []
    ratings = {r.person: r for r in months["2026-10"].ratings}
    assert (ratings["wang-xiaoming"].total, ratings["wang-xiaoming"].stars) == (183.0, 4)
    assert ratings["wang-xiaoming"].note == "获得群众书面表扬"
    assert (ratings["li-hua"].total, ratings["li-hua"].stars) == (171.5, 3)


def test_utf8_bom_crlf_english_headers_and_quoted_notes(site: SiteProject) -> None:
    text = (
        "person , Branch_Score,business_score,adjustment,note,,\r\n"  # Excel pads with empty cells
    )
    text += 'wang-xiaoming,90,91,+1,"表扬信两封，""服务之星"""\r\n'
    text += "\r\n"  # a blank line
    text += ",,,,,,\r\n"  # a row of empty cells
    text += "li-hua,85,86,,,,\r\n"
    site.write("ratings/2026-10.csv", codecs.BOM_UTF8 + text.encode("utf-8"))
    months, messages, _ = load(site)
    assert messages == []
    ratings = {r.person: r for r in months["2026-10"].ratings}
    assert ratings["wang-xiaoming"].note == '表扬信两封，"服务之星"'
    assert (ratings["wang-xiaoming"].total, ratings["li-hua"].total) == (182.0, 171.0)


def test_utf16_tab_separated_from_excel_unicode_text(site: SiteProject) -> None:
    text = "人员编号\t党建得分\t业务得分\r\nwang-xiaoming\t90\t91\r\n"
    site.write("ratings/2026-10.csv", text.encode("utf-16"))
    months, messages, _ = load(site)
    assert messages == []
    assert stars_of(months["2026-10"]) == {"wang-xiaoming": 4}


# -- errors ----------------------------------------------------------------------------------

NOT_COUNTED = "。整个文件未计入"


def test_row_errors_name_file_line_and_column_and_drop_the_month(site: SiteProject) -> None:
    member(site, "qian-dan", "钱丹", None)
    member(site, "zhao-qun", "赵群", "branch-a", status="群众")
    site.write("ratings/2026-09.csv", HEADER + "wang-xiaoming,90,90,,\n")
    site.write(
        "ratings/2026-10.csv",
        HEADER
        + "wang-xiaoming,八十,90,,\n"
        + "li-hua,90,101,,\n"
        + "zhang-wei,90.25,90,,\n"
        + "liu-fang,90,90,-25,获得表扬\n"
        + "wang-xiaomign,90,90,,\n"
        + "li-hua,85,85,,\n"
        + "qian-dan,85,85,,\n"
        + "zhao-qun,85,85,,\n"
        + "chen-jie,,90,,\n"
        + "tax-window,90,90,,\n",
    )
    months, messages, _ = load(site)
    at = "ratings/2026-10.csv"
    assert messages == [
        f"{at}:2:15: 错误：党建得分“八十”不是数字{NOT_COUNTED}",
        f"{at}:3:11: 错误：业务得分应在 0 到 100 之间（现为 101）{NOT_COUNTED}",
        f"{at}:4:11: 错误：党建得分最多保留一位小数（现为 90.25）{NOT_COUNTED}",
        f"{at}:5:16: 错误：加减分应在 -20 到 +20 之间（现为 -25）{NOT_COUNTED}",
        f"{at}:6:1: 错误：人员编号“wang-xiaomign”在 people/ 中不存在，您是否想写“wang-xiaoming”？整个文件未计入",
        f"{at}:7:1: 错误：人员“li-hua”重复：第 3 行已有此人的评分{NOT_COUNTED}",
        f"{at}:8:1: 错误：“钱丹”没有所属党支部，无法上榜：请在 people/qian-dan.md 中加一行“branch: 支部编号”（可选：branch-a、branch-b）{NOT_COUNTED}",
        f"{at}:9:1: 错误：“赵群”的政治面貌是群众（见 people/zhao-qun.md），星级党员只评中共党员和预备党员{NOT_COUNTED}",
        f"{at}:10:10: 错误：缺少党建得分{NOT_COUNTED}",
        f"{at}:11:1: 错误：“tax-window”是窗口记录，星级党员只评个人{NOT_COUNTED}",
    ]
    assert list(months) == ["2026-09"]  # the bad month contributes nothing; the good one counts


def test_name_and_total_columns_are_checked(site: SiteProject) -> None:
    site.write(
        "ratings/2026-10.csv",
        "人员编号,姓名,党建得分,业务得分,总分\n"
        + "wang-xiaoming,王小明,90,90,180\n"
        + "li-hua,李华,90,90,181\n",
    )
    months, messages, _ = load(site)
    at = "ratings/2026-10.csv"
    assert messages == [
        f"{at}:2:15: 错误：姓名“王小明”与人员记录 people/wang-xiaoming.md 中的“王晓明”不一致：请核对人员编号{NOT_COUNTED}",
        f"{at}:3:17: 错误：总分“181”与计算结果不符：党建得分 + 业务得分 + 加减分 = 180{NOT_COUNTED}",
    ]
    assert months == {}


def test_header_errors(site: SiteProject) -> None:
    site.write("ratings/2026-08.csv", "人员编号,党建得分,加减分\nwang-xiaoming,90,2\n")
    site.write("ratings/2026-09.csv", "人员编号,党建得分,业务得分,加减份\nwang-xiaoming,90,90,2\n")
    site.write(
        "ratings/2026-10.csv", "人员编号,党建得分,业务得分,党建得分\nwang-xiaoming,90,90,90\n"
    )
    months, messages, _ = load(site)
    assert messages == [
        f"ratings/2026-08.csv:1:1: 错误：缺少“业务得分”列（表头可写：业务得分、business_score）{NOT_COUNTED}",
        "ratings/2026-09.csv:1:16: 错误：未知的列“加减份”，您是否想写“加减分”？"
        f"可用的列：人员编号、党建得分、业务得分、加减分、备注、姓名、总分、序号{NOT_COUNTED}",
        f"ratings/2026-10.csv:1:16: 错误：“党建得分”列重复：第 2 列已是“党建得分”{NOT_COUNTED}",
    ]
    assert months == {}


def test_file_errors(site: SiteProject) -> None:
    site.write("ratings/2026-13.csv", HEADER)
    site.write("ratings/2026-7.csv", HEADER)
    site.write("ratings/2026-08.csv", b"PK\x03\x04 an Excel workbook renamed")
    site.write("ratings/2026-09.csv", HEADER + 'wang-xiaoming,90,90,,"获得表扬\n')
    site.write("ratings/2026-10.csv", HEADER + "wang-xiaoming,90,90,,,5\n")
    site.write(
        "ratings/2026-11.csv",
        (HEADER + "wang-xiaoming,90,90,,\n").encode("utf-8") + b"\xff\xfe\xff\n",
    )
    site.write("ratings/2026-12.xlsx", b"PK\x03\x04")
    months, messages, _ = load(site)
    assert messages == [
        f"ratings/2026-08.csv:1:1: 错误：是 Excel 工作簿，不是 CSV：请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”{NOT_COUNTED}",
        f"ratings/2026-09.csv:2:22: 错误：CSV 格式有误：引号没有闭合（从这里起直到文件末尾都在引号里）{NOT_COUNTED}",
        f"ratings/2026-10.csv:2:23: 错误：第 6 列有内容“5”，但表头只有 5 列：内容里的逗号要用英文双引号括起来{NOT_COUNTED}",
        f"ratings/2026-11.csv:3:1: 错误：有无法识别的文字：文件既不是 UTF-8，也不是 GBK/GB18030 文本{NOT_COUNTED}",
        "ratings/2026-12.xlsx:1:1: 警告：不是月度评分文件，已忽略：月度评分请另存为“CSV UTF-8（逗号分隔）”，文件名应为 YYYY-MM.csv（如 2026-10.csv）",
        f"ratings/2026-13.csv:1:1: 错误：文件名“2026-13.csv”不是有效的月份：应写作 YYYY-MM.csv（如 2026-10.csv）{NOT_COUNTED}",
        f"ratings/2026-7.csv:1:1: 错误：文件名“2026-7.csv”不是有效的月份：应写作 YYYY-MM.csv（如 2026-10.csv）{NOT_COUNTED}",
    ]
    assert months == {}


def test_positions_after_a_note_on_two_lines(site: SiteProject) -> None:
    site.write(
        "ratings/2026-10.csv",
        HEADER
        + 'wang-xiaoming,90,90,,"获得表扬\r\n两次"\r\n'
        + "li-hua,八十,90,,\r\n"
        + 'zhang-wei,90,90,,"优秀"党员\r\n',
    )
    months, messages, _ = load(site)
    assert messages == [
        f"ratings/2026-10.csv:4:8: 错误：党建得分“八十”不是数字{NOT_COUNTED}",
        f'ratings/2026-10.csv:5:22: 错误：CSV 格式有误：引号后面应紧跟逗号（内容里的引号要写成两个 ""）{NOT_COUNTED}',
    ]
    assert months == {}


def test_empty_month_is_a_warning(site: SiteProject) -> None:
    site.write("ratings/2026-10.csv", HEADER)
    months, messages, _ = load(site)
    assert messages == ["ratings/2026-10.csv:1:1: 警告：文件中没有评分行，本月未计入"]
    assert months == {}


def test_rules_missing_while_ratings_exist(site: SiteProject) -> None:
    site.remove("ratings/rules.yml")
    site.write("ratings/2026-10.csv", HEADER + "wang-xiaoming,90,90,,\nwang-xiaoming,90,90,,\n")
    months, messages, _ = load(site)
    assert messages == [
        f"ratings/2026-10.csv:3:1: 错误：人员“wang-xiaoming”重复：第 2 行已有此人的评分{NOT_COUNTED}",
        "ratings/rules.yml:1:1: 错误：缺少星级评定规则文件 ratings/rules.yml：有月度评分文件时，"
        "须写明星级分档（bands），格式见 docs/ratings.md",
    ]  # the month files are still checked
    assert months == {}


def test_rules_errors(site: SiteProject) -> None:
    site.write(
        "ratings/rules.yml",
        "bands:\n"
        "  - {min: 180, stars: 4}\n"
        "  - {min: 190, stars: 5}\n"
        "  - {min: 170, stars: 6}\n"
        "  - {min: 160.25, stars: 2}\n"
        "per_brach: 2\n"
        "ties: maybe\n",
    )
    site.write("ratings/2026-10.csv", HEADER + "wang-xiaoming,90,90,,\n")
    months, messages, _ = load(site)
    assert messages == [
        "ratings/rules.yml:3:11: 错误：字段“bands[2].min”应低于上一档的 180：bands 须按分数从高到低排列",
        "ratings/rules.yml:4:23: 错误：字段“bands[3].stars”不能大于 5（现为 6）",
        "ratings/rules.yml:5:11: 错误：字段“bands[4].min”最多保留一位小数（现为 160.25）",
        "ratings/rules.yml:6:1: 错误：未知字段“per_brach”，您是否想写“per_branch”？",
        "ratings/rules.yml:7:7: 错误：字段“ties”的值“maybe”无效，可选：include（并列的都计入）、exclude（并列的都不计入）",
    ]
    assert months == {}


def test_rules_stars_must_fall_with_the_score(site: SiteProject) -> None:
    site.write("ratings/rules.yml", "bands:\n  - {min: 190, stars: 4}\n  - {min: 180, stars: 5}\n")
    _, messages, _ = load(site)
    assert messages == [
        "ratings/rules.yml:3:23: 错误：字段“bands[2].stars”应少于上一档的 4 星：分数越低，星级越低"
    ]
    site.write("ratings/rules.yml", "bands: []\n")
    _, messages, _ = load(site)
    assert messages == [
        "ratings/rules.yml:1:8: 错误：字段“bands”至少要有一档（如 - {min: 180, stars: 4}）"
    ]


# -- the demo --------------------------------------------------------------------------------


def test_demo_ratings() -> None:
    result = load_records(REPO / "content")[0]
    content = result.content
    assert content is not None and result.problems.errors == []
    problems = Problems()
    months = load_ratings(content, problems)
    assert problems.items == []
    assert len(months) >= 3
    branches = [u.id for u in content.units.values() if u.kind == "branch"]
    members = {
        p.id for p in content.people.values() if p.political_status in ("中共党员", "中共预备党员")
    }
    assert {p.id for p in content.people.values() if p.branch} == members
    winners = []
    for month in months.values():
        assert {r.person for r in month.ratings} == members
        by_branch = month.by_branch(content)
        assert list(by_branch) == branches
        for branch, stars in by_branch.items():
            assert 2 <= len(stars) <= 3, (month.month, branch)
        assert month.by_floor(content)
        winners.append({r.person for r in month.stars})
    assert len({frozenset(w) for w in winners}) == len(winners), "the star members change"
    assert {r.stars for month in months.values() for r in month.stars} == {3, 4, 5}
    assert any(r.adjustment < 0 for m in months.values() for r in m.ratings)
    assert any(r.adjustment > 0 for m in months.values() for r in m.ratings)


def test_demo_files_are_written_as_excel_writes_them() -> None:
    folder = REPO / "content/ratings"
    encodings = set()
    for path in sorted(folder.glob("*.csv")):
        data = path.read_bytes()
        if data.startswith(codecs.BOM_UTF8):
            encodings.add("utf-8-sig")
        else:
            try:
                data.decode("utf-8")
                encodings.add("utf-8")
            except UnicodeDecodeError:
                data.decode("gb18030")
                encodings.add("gb18030")
    assert encodings == {"utf-8-sig", "utf-8", "gb18030"}


def test_ratings_do_not_import_mkdocs() -> None:
    code = "import sys, generator.boards.ratings; print('mkdocs' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


# -- properties ------------------------------------------------------------------------------

PEOPLE = [f"p{i:02d}" for i in range(12)]


@st.composite
def star_rules(draw: st.DrawFn) -> StarRules:
    minimums = sorted(draw(st.sets(st.integers(160, 195), min_size=1, max_size=4)), reverse=True)
    per_branch = draw(st.none() | st.integers(1, 4))
    ties = draw(st.sampled_from(["include", "exclude"]))
    return StarRules(tuple((float(m), 5 - i) for i, m in enumerate(minimums)), per_branch, ties)


def half(value: int) -> float:
    return value / 2


@st.composite
def rated(draw: st.DrawFn) -> tuple[list[Rating], dict[str, str]]:
    people = draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=12, unique=True))
    names = draw(st.sampled_from([["branch-1"], ["branch-1", "branch-2", "branch-10"]]))
    branches = {p: draw(st.sampled_from(names)) for p in people}
    ratings = []
    for index, person in enumerate(people):
        # a few round totals (many ties) or steps of 0.5 from 160
        total = draw(
            st.sampled_from([170.0, 175.0, 180.0, 190.0]) | st.integers(320, 390).map(half)
        )
        ratings.append(
            Rating(
                person, total / 2, total / 2, 0.0, None, total, 0, Mark(Path("m.csv"), index + 2)
            )
        )
    return ratings, branches


def natural(text: str) -> list[int | str]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text) if part]


def check_awarded(awarded: list[Rating], branches: dict[str, str], rules: StarRules) -> None:
    """Every star member reaches a band; no branch over the limit but by a tie; nobody passed over."""
    lowest = min(minimum for minimum, _ in rules.bands)
    limit = rules.per_branch
    for branch in set(branches.values()):
        members = [r for r in awarded if branches[r.person] == branch]
        stars = sorted((r.total for r in members if r.stars), reverse=True)
        passed_over = [r.total for r in members if not r.stars and rules.band(r.total)]
        for rating in members:
            assert rating.stars in (0, rules.band(rating.total))
            assert not rating.stars or rating.total >= lowest
        if limit is None:
            assert passed_over == []
        elif len(stars) > limit:
            assert rules.ties == "include"
            assert all(t == stars[limit - 1] for t in stars[limit:]), (branch, stars)
        if stars:
            assert all(t < stars[-1] for t in passed_over), (branch, stars, passed_over)
        if passed_over and len(stars) < (limit or 0):  # only a tie across the limit, excluded
            top = max(passed_over)
            assert rules.ties == "exclude"
            assert len(stars) + passed_over.count(top) > (limit or 0)
    ordered = [(branches[r.person], -r.total, r.person) for r in awarded]
    assert ordered == sorted(ordered, key=lambda k: (natural(k[0]), k[1], k[2]))


@settings(max_examples=300, deadline=None)
@given(rated(), star_rules(), st.randoms(use_true_random=False))
def test_award_property(
    data: tuple[list[Rating], dict[str, str]], rules: StarRules, random: Random
) -> None:
    ratings, branches = data
    awarded = award_stars(ratings, branches, rules)
    assert len(awarded) == len(ratings)
    check_awarded(awarded, branches, rules)
    shuffled = list(ratings)
    random.shuffle(shuffled)
    assert award_stars(shuffled, branches, rules) == awarded


SCORE = st.integers(16, 20).map(lambda x: x * 50) | st.integers(700, 1000)  # tenths of a point
ROWS = st.lists(
    st.tuples(
        st.sampled_from(["wang-xiaoming", "li-hua", *MEMBERS]),
        SCORE,
        SCORE,
        st.sampled_from([0, 0, 20, -30]) | st.integers(-200, 200),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda row: row[0],
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ROWS, star_rules(), st.randoms(use_true_random=False))
def test_month_files_property(
    site: SiteProject,
    rows: list[tuple[str, int, int, int]],
    rules: StarRules,
    random: Random,
) -> None:
    """Random rows written as a month file: the stars obey the rules, whatever the row order."""
    result = load_records(site.content)[0]
    content = result.content
    assert content is not None
    bands = "".join(f"  - {{min: {m:g}, stars: {s}}}\n" for m, s in rules.bands)
    limit = f"per_branch: {rules.per_branch}\n" if rules.per_branch else ""
    site.write("ratings/rules.yml", f"bands:\n{bands}{limit}ties: {rules.ties}\n")
    results = []
    for _ in range(2):
        lines = [
            f"{p},{b / 10:g},{s / 10:g},{a / 10:+g},\n" if a else f"{p},{b / 10:g},{s / 10:g},,\n"
            for p, b, s, a in rows
        ]
        random.shuffle(lines)
        site.write("ratings/2026-10.csv", HEADER + "".join(lines))
        problems = Problems()
        months = load_ratings(content, problems)
        assert problems.items == []
        month = months["2026-10"]
        branches = {p: content.people[p].branch or "" for p, *_ in rows}
        check_awarded(month.ratings, branches, rules)
        for person, branch_score, business_score, adjustment in rows:
            rating = next(r for r in month.ratings if r.person == person)
            assert rating.total * 10 == pytest.approx(branch_score + business_score + adjustment)
        results.append([(r.person, r.total, r.stars) for r in month.stars])
    assert results[0] == results[1]
