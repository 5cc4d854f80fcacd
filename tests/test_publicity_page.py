"""The 公示 page as the standard 公示 writes it: 序号, the person's facts the publish policy allows,
单位及职务 in one cell, 简要事迹 from the summary, the title or the story (never blank), the 落款
with issuer and date, and once the period has ended a 公示期满 line in the campaign's words or
the standard ones. Real builds of a small project, read back as HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from generator.model.records import NominationResult, NominationStatus, RecordKind
from generator.site.pages.publicitytable import (
    excerpt,
    one_line,
    publicity_table,
    unit_and_position,
)
from generator.site.views import NominationView, PersonView, UnitView

from .conftest import MKDOCS_YML, ORGANISATION, PEOPLE, UNITS, SiteProject, build_in

CAMPAIGN_ID = "2026-stars"
URL = f"campaigns/{CAMPAIGN_ID}/publicity"
OPEN_DAY, CLOSED_DAY = "2026-12-03", "2026-12-10"

CAMPAIGN = """\
---
title: 关于开展2026年度“服务之星”和“示范窗口”评选活动的通知
short_title: 2026年度服务之星
year: 2026
issuer: 测试市政务服务中心
published: 2026-11-01
categories:
  - id: stars
    name: 服务之星
    kind: person
  - id: windows
    name: 示范窗口
    kind: window
timeline:
  nomination: {start: 2026-11-02, end: 2026-11-10}
  publicity: {start: 2026-12-02, end: 2026-12-08}
  commendation: 2026-12-15
---
各单位：现将评选方案印发给你们。
"""

# Three people the policy (gender, political_status) shows in part: their 民族 and 出生年份 must
# appear nowhere on the 公示.
HIDDEN_ETHNICITY, HIDDEN_BORN = "赫哲族", "1961"


def person(name: str, unit: str, position: str | None) -> str:
    post = f"position: {position}\n" if position else ""
    return (
        f"---\nname: {name}\nunit: {unit}\n{post}gender: 女\nethnicity: {HIDDEN_ETHNICITY}\n"
        f"born: {HIDDEN_BORN}\npolitical_status: 群众\n---\n"
    )


PEOPLE_HERE = {
    "zhao-lei": person("赵蕾", "hall", "办事大厅值班长"),  # the post names the unit
    "qian-li": person("钱丽", "small-office", "科员"),
    "sun-mei": person("孙梅", "hall", None),
}

SUMMARY = (
    "赵蕾同志扎根大厅一线十余年，累计受理业务三万余件，做到零差错、零投诉。\n"
    "她牵头梳理“一件事”清单四十余项，推动群众办事材料平均减少三成，办事时间平均缩短一半以上。\n"
)
STORY_SUN = (
    "孙梅同志现在办事大厅从事咨询导办工作，是大厅里最耐心的引导员。"
    "她每天接待咨询群众两百余人次，坚持“首问负责”，从不让群众白跑一趟。"
)
NOMINATIONS = {
    "zhao-lei": f"""\
---
category: stars
title: 标题不在简要事迹中
status: candidate
result: proposed
summary: |
{"".join("  " + line + chr(10) for line in SUMMARY.splitlines())}---
赵蕾同志热情服务群众，耐心解答每一个问题，受到办事群众的一致好评。
""",
    "qian-li": """\
---
category: stars
title: 把小事办成实事
subtitle: 记小办公室科员钱丽
status: candidate
result: proposed
---
钱丽同志认真负责，把每一件小事都办成群众满意的实事。
""",
    "sun-mei": f"""\
---
category: stars
status: candidate
result: proposed
---
{STORY_SUN}
""",
    "tax-window": """\
---
category: windows
title: 让纳税人少跑一趟
status: candidate
result: proposed
---
税务综合窗口推行“一窗通办”，让纳税人少跑一趟。
""",
}


def make_project(root: Path) -> SiteProject:
    site = SiteProject(root)
    root.mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    site.write("organisation.yml", ORGANISATION)
    site.write("units.yml", UNITS)
    site.write("people/tax-window.md", PEOPLE["tax-window"])
    for person_id, text in PEOPLE_HERE.items():
        site.write(f"people/{person_id}.md", text)
    site.write(f"campaigns/{CAMPAIGN_ID}/index.md", CAMPAIGN)
    for nominee, text in NOMINATIONS.items():
        site.write(f"campaigns/{CAMPAIGN_ID}/{nominee}.md", text)
    return site


def publicity_at(site: SiteProject, day: str) -> BeautifulSoup:
    build_in(site.root, day)
    return site.page(URL)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BeautifulSoup]:
    """The 公示 before the period, while open, after the period, and after it with the
    campaign's own words."""
    site = make_project(tmp_path_factory.mktemp("publicity") / "project")
    found = {"before": publicity_at(site, "2026-11-25")}
    found |= {"open": publicity_at(site, OPEN_DAY), "closed": publicity_at(site, CLOSED_DAY)}
    site.edit(
        f"campaigns/{CAMPAIGN_ID}/index.md",
        "timeline:",
        'publicity:\n  closing: "公示期满，无<b>异议</b>。"\ntimeline:',
    )
    found["worded"] = publicity_at(site, CLOSED_DAY)
    return found


@pytest.fixture(scope="module")
def pages(built: dict[str, BeautifulSoup]) -> dict[str, BeautifulSoup]:
    """The 公示 while open, after the period, and after it with the campaign's own words."""
    return {name: built[name] for name in ("open", "closed", "worded")}


def tables(page: BeautifulSoup) -> dict[str, Tag]:
    """Each table of the 公示 by the heading of its section (the category's name)."""
    found = {}
    for table in page.select("table.hb-publicity-list"):
        section = table.find_parent("section")
        assert section is not None
        heading = section.find("h2")
        assert heading is not None
        name = heading.find(string=True, recursive=False)
        found[str(name).strip()] = table
    return found


def headers(table: Tag) -> list[str]:
    return [th.get_text(strip=True) for th in table.select("thead th[scope='col']")]


def rows(table: Tag) -> list[list[str]]:
    return [
        [td.get_text(strip=True) for td in tr.find_all("td", recursive=False)]
        for tr in table.select("tbody tr")
    ]


# -- the table ----------------------------------------------------------------------------------
def test_people_have_the_standard_columns_the_policy_allows(
    pages: dict[str, BeautifulSoup],
) -> None:
    stars = tables(pages["open"])["服务之星"]
    assert headers(stars) == ["序号", "姓名", "性别", "政治面貌", "单位及职务", "简要事迹"]
    assert rows(stars) == [
        ["1", "钱丽", "女", "群众", "小办公室科员", "把小事办成实事——记小办公室科员钱丽"],
        [
            "2",
            "孙梅",
            "女",
            "群众",
            "办事大厅",
            "孙梅同志现在办事大厅从事咨询导办工作，是大厅里最耐心的引导员。",
        ],
        [
            "3",
            "赵蕾",
            "女",
            "群众",
            "办事大厅值班长",  # the post names its unit: not 办事大厅办事大厅值班长
            "赵蕾同志扎根大厅一线十余年，累计受理业务三万余件，做到零差错、零投诉。",
        ],
    ]
    links = [a["href"] for a in stars.select("td.hb-cell-name a")]
    assert links == ["../qian-li/", "../sun-mei/", "../zhao-lei/"]


def test_a_window_has_its_name_unit_and_deeds(pages: dict[str, BeautifulSoup]) -> None:
    windows = tables(pages["open"])["示范窗口"]
    # a window's own facts (the publish policy is about people) and the unit it belongs to
    assert headers(windows) == ["序号", "名称", "窗口负责人", "工作人员", "所属单位", "简要事迹"]
    assert rows(windows) == [
        ["1", "税务综合窗口", "赵敏 科长", "8人", "税务窗口", "让纳税人少跑一趟"]
    ]


def test_every_cell_carries_its_label_for_the_phone_layout(
    pages: dict[str, BeautifulSoup],
) -> None:
    for table in tables(pages["open"]).values():
        for tr in table.select("tbody tr"):
            cells = tr.find_all("td", recursive=False)
            assert [td.get("data-label") for td in cells] == headers(table)
            assert all(td.get_text(strip=True) for td in cells)  # 简要事迹 never blank


def test_facts_the_policy_hides_have_no_column_and_appear_nowhere(
    pages: dict[str, BeautifulSoup],
) -> None:
    for page in pages.values():
        text = page.get_text()
        assert "民族" not in text and "出生年份" not in text
        assert HIDDEN_ETHNICITY not in text and HIDDEN_BORN not in text


# -- 落款 and 期满 --------------------------------------------------------------------------------
def test_the_signature_is_the_issuer_and_the_first_day_of_the_period(
    pages: dict[str, BeautifulSoup],
) -> None:
    for page in pages.values():
        signature = page.select_one("article p.hb-signature")
        assert signature is not None
        parts = [span.get_text() for span in signature.find_all("span")]
        assert parts == ["测试市政务服务中心", "2026年12月2日"]
        assert page.select_one(".hb-issuer") is None
        last = page.select_one("article.hb-publicity").find_all(recursive=False)[-1]
        assert last is signature  # at the end


def test_no_closing_line_while_the_period_is_open(pages: dict[str, BeautifulSoup]) -> None:
    page = pages["open"]
    assert page.select_one(".hb-closing") is None
    assert "期满" not in page.get_text()
    assert page.select_one(".hb-objection") is not None


def test_after_the_period_the_standard_closing_line_heads_the_page(
    pages: dict[str, BeautifulSoup],
) -> None:
    page = pages["closed"]
    closing = page.select_one("article .hb-closing")
    assert closing is not None
    assert closing.get_text() == "公示期已于2026年12月8日期满。"
    heading = page.select_one("article h1")
    assert heading is not None and heading.find_next_sibling("p") is closing  # at the top
    assert page.select_one(".hb-objection") is None
    assert rows(tables(page)["服务之星"])[0][1] == "钱丽"  # the list stays


def test_the_campaign_words_its_closing_line_as_text(pages: dict[str, BeautifulSoup]) -> None:
    closing = pages["worded"].select_one("article .hb-closing")
    assert closing is not None
    assert closing.get_text() == "公示期满，无<b>异议</b>。"
    assert closing.find("b") is None  # escaped: shown, not obeyed
    assert "公示期已于" not in pages["worded"].get_text()


def test_before_the_period_the_page_is_as_it_was(built: dict[str, BeautifulSoup]) -> None:
    article = built["before"].select_one("article.hb-publicity")
    assert article is not None
    assert article.select_one(".hb-window--before") is not None
    assert article.select_one(".hb-closing") is None and not article.select("table")
    assert "赵蕾" not in article.get_text()
    signature = article.select_one(".hb-signature")
    assert signature is not None and signature.get_text() == "测试市政务服务中心"


# -- the shared rule, on views ------------------------------------------------------------------
def test_a_summary_is_cut_at_a_sentence_and_lines_run_together() -> None:
    assert one_line("第一段。\n\n第二段。\n") == "第一段。第二段。"
    assert one_line("Service\ncentre") == "Service centre"
    long = "字" * 70 + "。" + "后面" * 20
    assert excerpt(long, 60) == "字" * 70 + "。"  # a sentence ending within a quarter more
    clause = "字" * 40 + "，" + "字" * 40
    assert excerpt(clause, 60) == "字" * 40 + "……"


def nomination(name: str, votes: int | None, score: float | None) -> NominationView:
    unit = UnitView("hall", "办事大厅", "大厅", None, "units/hall.md")
    person = PersonView(
        name,
        name,
        RecordKind.PERSON,
        "个人",
        unit,
        "综合受理岗",
        (("性别", "男"),),
        (),
        None,
        f"people/{name}.md",
    )
    return NominationView(
        campaign_id="c", campaign_name="活动", campaign_year=2026, category="服务之星",
        person=person, code=None, title="标题", subtitle=None, nominated_by="组织推荐",
        status=NominationStatus.CANDIDATE, result=NominationResult.PROPOSED,
        result_label="拟表彰", src_uri=f"campaigns/c/{name}.md", votes=votes, score=score,
    )  # fmt: skip


def test_votes_and_the_combined_score_come_last_with_two_decimals() -> None:
    table = publicity_table(
        "服务之星", [nomination("甲", 120, 87.5), nomination("乙", None, 91.256)], lambda n: ""
    )
    assert [c.label for c in table.columns][-3:] == ["简要事迹", "得票", "综合得分"]
    assert [row.cells[-2:] for row in table.rows] == [("120", "87.50"), ("", "91.26")]
    plain = publicity_table("服务之星", [nomination("丙", None, None)], lambda n: "")
    assert [c.label for c in plain.columns][-1] == "简要事迹"
    assert unit_and_position(table.rows[0].nomination.person) == "办事大厅综合受理岗"
