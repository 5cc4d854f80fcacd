"""The two texts and the review trail on a profile, and a category's new facts on the campaign
page: the form's 主要事迹 in a box before the story (then headed 事迹材料), the 评审程序 only
where the campaign publishes it, a grade beside the result, and on the campaign page the two
length rules, the new requirements, the grades and the 流动奖牌 wording. Real builds of a small
project, read back as HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from .conftest import MKDOCS_YML, ORGANISATION, PEOPLE, STORY, UNITS, SiteProject, honours_in

CAMPAIGN_ID = "2026-honours"
QUIET_ID = "2026-quiet"  # the same review steps, not published
BUILD_DAY = "2026-12-16"  # after the commendation: results are out

CAMPAIGN = """\
---
title: 关于开展2026年度“服务之星”评选表彰活动的通知
short_title: 2026年度服务之星
year: 2026
issuer: 测试市政务服务中心
published: 2026-11-01
show_review: true
categories:
  - id: stars
    name: 服务之星
    kind: person
    requires:
      years_at_centre: 1
      roles: [party_work]
    summary: {max: 400}
    deeds: {min: 50}
    grades: [五星, 四星, 三星]
  - id: windows
    name: 优质服务先进单位
    kind: window
    rotating: true
timeline:
  nomination: {start: 2026-11-02, end: 2026-11-10}
  review: {start: 2026-11-11, end: 2026-11-18}
  publicity: {start: 2026-12-02, end: 2026-12-08}
  commendation: 2026-12-15
---
各单位：现将评选方案印发给你们。
"""

PERSON = """\
---
name: {name}
unit: hall
position: 综合受理岗
gender: 女
political_status: 中共党员
joined_centre: 2015-03-01
roles: [party_work]
---
"""

SUMMARY_LINES = (
    "赵蕾同志扎根大厅一线十余年，累计受理业务三万余件。",
    "她牵头梳理“一件事”清单，<script>alert(1)</script>推动材料减少三成。",
)
REVIEW = """\
review:
  - {by: 支委会审核, date: 2026-11-12, opinion: 同意推荐}
  - {by: 机关党委考评, date: 2026-11-16, opinion: "考评优秀，<i>同意</i>"}
  - {by: 党委会议, date: 2026-11-20}
"""
WITH_SUMMARY = (
    "---\ncategory: stars\nstatus: candidate\nresult: awarded\ngrade: 五星\nsummary: |\n"
    + "".join(f"  {line}\n" for line in SUMMARY_LINES)
    + REVIEW
    + f"---\n{STORY}\n"
)
WITHOUT_SUMMARY = f"---\ncategory: stars\nstatus: candidate\n---\n{STORY}\n"
QUIET = CAMPAIGN.replace("show_review: true\n", "").replace("2026年度服务之星", "2026年度服务明星")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteProject:
    root = tmp_path_factory.mktemp("profiles") / "project"
    project = SiteProject(root)
    root.mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    project.write("organisation.yml", ORGANISATION)
    project.write("units.yml", UNITS)
    project.write("people/tax-window.md", PEOPLE["tax-window"])
    project.write("people/zhao-lei.md", PERSON.format(name="赵蕾"))
    project.write("people/qian-li.md", PERSON.format(name="钱丽"))
    project.write(f"campaigns/{CAMPAIGN_ID}/index.md", CAMPAIGN)
    project.write(f"campaigns/{CAMPAIGN_ID}/zhao-lei.md", WITH_SUMMARY)
    project.write(f"campaigns/{CAMPAIGN_ID}/qian-li.md", WITHOUT_SUMMARY)
    project.write(f"campaigns/{QUIET_ID}/index.md", QUIET)
    project.write(f"campaigns/{QUIET_ID}/zhao-lei.md", WITH_SUMMARY)
    project.build(env={"HONOURS_TODAY": BUILD_DAY})
    return project


def profile(site: SiteProject, campaign: str, nominee: str) -> Tag:
    article = site.page(f"campaigns/{campaign}/{nominee}").select_one("article.hb-profile")
    assert article is not None
    return article


def heading_texts(article: Tag) -> list[str]:
    return [h.get_text(strip=True) for h in article.select("h2")]


# -- the two texts --------------------------------------------------------------------------------
def test_a_summary_comes_first_in_its_box_and_the_story_is_the_material(
    site: SiteProject,
) -> None:
    article = profile(site, CAMPAIGN_ID, "zhao-lei")
    box = article.select_one("section.hb-summary")
    assert box is not None
    heading = box.find("h2")
    assert heading is not None and heading.get_text() == "主要事迹"
    assert box.get("aria-labelledby") == heading.get("id")
    assert [p.get_text() for p in box.find_all("p")] == list(SUMMARY_LINES)  # paragraphs kept
    assert box.find("script") is None  # plain text, escaped
    story = article.select_one("section.hb-story")
    assert story is not None
    assert story.select_one(".hb-story__label").get_text() == "事迹材料"
    assert "热情服务群众" in story.get_text()
    sections = article.find_all("section", recursive=False)
    assert sections.index(box) < sections.index(story)


def test_without_a_summary_there_is_no_box_and_the_story_is_the_main_text(
    site: SiteProject,
) -> None:
    article = profile(site, CAMPAIGN_ID, "qian-li")
    assert article.select_one(".hb-summary") is None
    assert article.select_one(".hb-story__label").get_text() == "主要事迹"
    assert "主要事迹" in heading_texts(article) and "事迹材料" not in heading_texts(article)


# -- the review trail and the grade ----------------------------------------------------------------
def test_the_review_steps_follow_the_story_where_the_campaign_publishes_them(
    site: SiteProject,
) -> None:
    article = profile(site, CAMPAIGN_ID, "zhao-lei")
    section = article.select_one("section.hb-review")
    assert section is not None
    assert section.find("h2").get_text() == "评审程序"
    sections = article.find_all("section", recursive=False)
    assert sections.index(section) == sections.index(article.select_one(".hb-story")) + 1
    steps = section.select("ol.hb-review-steps > li")
    read = [
        dict(
            zip(
                [dt.get_text() for dt in step.find_all("dt")],
                [dd.get_text() for dd in step.find_all("dd")],
                strict=True,
            )
        )
        for step in steps
    ]
    assert read == [
        {"步骤": "支委会审核", "日期": "2026年11月12日", "意见": "同意推荐"},
        {"步骤": "机关党委考评", "日期": "2026年11月16日", "意见": "考评优秀，<i>同意</i>"},
        {"步骤": "党委会议", "日期": "2026年11月20日"},
    ]
    assert section.find("i") is None


def test_no_review_section_where_the_campaign_keeps_it(site: SiteProject) -> None:
    quiet = profile(site, QUIET_ID, "zhao-lei")
    assert quiet.select_one(".hb-review") is None
    assert "支委会审核" not in quiet.get_text() and "评审程序" not in quiet.get_text()
    assert profile(site, CAMPAIGN_ID, "qian-li").select_one(".hb-review") is None  # no steps


def test_a_grade_shows_beside_the_result(site: SiteProject) -> None:
    badge = profile(site, CAMPAIGN_ID, "zhao-lei").select_one(".hb-badge")
    assert badge is not None and badge.get_text() == "获表彰 · 五星"
    assert profile(site, CAMPAIGN_ID, "qian-li").select_one(".hb-badge") is None


# -- the campaign page ---------------------------------------------------------------------------
def facts(category: Tag) -> dict[str, list[str]]:
    """A category's facts: each label with its values."""
    found: dict[str, list[str]] = {}
    label = ""
    for item in category.select("dl.hb-facts > *"):
        if item.name == "dt":
            label = item.get_text()
            found[label] = []
        else:
            found[label].append(item.get_text())
    return found


def test_the_campaign_page_gives_each_category_its_new_facts(site: SiteProject) -> None:
    page: BeautifulSoup = site.page(f"campaigns/{CAMPAIGN_ID}")
    stars = page.select_one("#category-stars")
    assert stars is not None
    found = facts(stars)
    assert found["材料要求"] == ["主要事迹不超过400字", "事迹材料不少于50字"]
    assert found["推荐条件"] == ["在中心工作满1年（以推荐截止日计）", "从事党务工作"]
    assert found["评定等次"] == ["五星、四星、三星"]
    assert stars.select_one(".hb-rotating") is None
    windows = page.select_one("#category-windows")
    assert windows is not None
    assert "评定等次" not in facts(windows) and "材料要求" not in facts(windows)
    rotating = windows.select_one(".hb-rotating")
    assert rotating is not None
    assert rotating.get_text() == "本奖项为流动奖牌，每期评定后移交新的获得单位。"


def test_a_category_without_a_summary_rule_keeps_its_one_text(tmp_path: Path) -> None:
    root = tmp_path / "project"
    project = SiteProject(root)
    root.mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    project.write("organisation.yml", ORGANISATION)
    project.write("units.yml", UNITS)
    project.write("people/tax-window.md", PEOPLE["tax-window"])
    plain = CAMPAIGN.replace("    summary: {max: 400}\n", "")
    project.write(f"campaigns/{CAMPAIGN_ID}/index.md", plain)
    project.write(
        f"campaigns/{CAMPAIGN_ID}/tax-window.md", WITHOUT_SUMMARY.replace("stars", "windows")
    )
    project.build(env={"HONOURS_TODAY": BUILD_DAY})
    stars = project.page(f"campaigns/{CAMPAIGN_ID}").select_one("#category-stars")
    assert stars is not None
    assert facts(stars)["材料要求"] == ["主要事迹不少于50字"]


def test_cleaning_names_the_story_as_its_category_calls_it(
    site: SiteProject, tmp_path: Path
) -> None:
    """What the cleaning takes out of a story is said of the 事迹材料 where the category asks
    for a summary (the form's 主要事迹 is then the summary); tests/test_sanitise.py has the
    主要事迹 of a category without one."""
    root = tmp_path / "project"
    shutil.copytree(site.root, root, ignore=shutil.ignore_patterns("site", ".cache"))
    path = root / f"content/campaigns/{CAMPAIGN_ID}/zhao-lei.md"
    path.write_text(path.read_text(encoding="utf-8") + "<script>alert(1)</script>\n", "utf-8")
    said = [
        line
        for line in honours_in(root, "check").output.splitlines()
        if line.endswith("中的 <script> 已删除")
    ]
    assert said == [
        f"content/campaigns/{CAMPAIGN_ID}/zhao-lei.md:15:1: 警告：事迹材料中的 <script> 已删除"
    ]
