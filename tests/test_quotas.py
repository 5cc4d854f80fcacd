"""Unit quotas per service centre (`unit_quota.per`, `extra`): what counts against which unit,
the exact messages with their places, the 名额 table of the campaign page and the 名额分配表."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import generator
from generator.build import load
from generator.model.quotas import count_nominations, holder_of
from generator.model.records import (
    Category,
    NominatedBy,
    Nomination,
    NominationStatus,
    Person,
    RecordKind,
    Unit,
    UnitKind,
    UnitQuota,
)
from generator.office.sheets import write_quota
from generator.site.pages import all_pages
from generator.site.render import FragmentRenderer
from generator.site.views import Views
from generator.sources.problems import Mark

from .conftest import STORY, SiteProject

CAMPAIGN = "campaigns/2026-model-post/index.md"
FOLDER = "campaigns/2026-model-post"
RULE = """\
    unit_quota:
      by_staff:
        - below: 50
          count: 1
        - count: 2
"""
# The fixture's units and three windows more: 办事大厅 (120 staff) holds 税务窗口 and 社保窗口,
# 办事大厅 and 小办公室 have no hall above them.
MORE_UNITS = """\
  - id: social-window
    name: 社保窗口
    kind: window
    staff: 6
    parent: hall
  - id: east-centre
    name: 东城便民服务中心
    kind: town_centre
    staff: 30
  - id: east-window
    name: 东城综合窗口
    kind: window
    staff: 5
    parent: east-centre
"""
PEOPLE = {  # id: (name, unit)
    "zhou-qiang": ("周强", "tax-window"),
    "chen-li": ("陈丽", "social-window"),
    "sun-ming": ("孙明", "tax-window"),
    "he-fang": ("何芳", "east-window"),
}


def messages(project: SiteProject) -> list[str]:
    result = load(project.content)[0]
    return [p.format(project.root) for p in result.problems.items]


def rule(project: SiteProject, *lines: str, after: str = "") -> None:
    """Write lines into the category's `unit_quota` (after `by_staff` unless `after` says)."""
    text = "".join(f"      {line}\n" for line in lines)
    if after:
        project.edit(CAMPAIGN, after, after + text)
    else:
        project.edit(CAMPAIGN, RULE, RULE + text)


def nominate(project: SiteProject, *person_ids: str, status: str = "candidate") -> None:
    for person_id in person_ids:
        project.write(
            f"{FOLDER}/{person_id}.md",
            f"---\ncategory: model-post\nstatus: {status}\n---\n{STORY}\n",
        )


@pytest.fixture
def centre(project: SiteProject) -> SiteProject:
    """The conftest project with more windows and people; 李华 (小办公室, vetoed) withdrawn,
    so that only what a test adds counts besides 王晓明 (办事大厅)."""
    path = project.content / "units.yml"
    path.write_text(path.read_text(encoding="utf-8") + MORE_UNITS, encoding="utf-8")
    for person_id, (name, unit) in PEOPLE.items():
        project.write(
            f"people/{person_id}.md",
            f"---\nname: {name}\nunit: {unit}\npolitical_status: 中共党员\n"
            "joined_party: 2001-07-01\n---\n",
        )
    project.edit(f"{FOLDER}/li-hua.md", "status: vetoed", "status: withdrawn")
    assert messages(project) == []
    return project


# -- counting over a unit and everything under it ----------------------------------------------


def test_without_per_each_window_holds_its_own_quota(centre: SiteProject) -> None:
    nominate(centre, "zhou-qiang", "sun-ming")  # both of 税务窗口: 8 staff, 1 place
    assert messages(centre) == [
        f"content/{FOLDER}/zhou-qiang.md:2:1: 错误：超出推荐名额：“税务窗口”（8 人）在类别"
        "“优秀党员示范岗”中可推荐 1 名，现推荐 2 名（sun-ming、zhou-qiang）"
    ]


def test_per_hall_counts_the_windows_against_the_hall_and_its_staff(centre: SiteProject) -> None:
    rule(centre, "per: hall")
    nominate(centre, "zhou-qiang", "sun-ming")  # 税务窗口's two count in 办事大厅: 120 staff
    found = messages(centre)
    assert found == [
        f"content/{FOLDER}/zhou-qiang.md:2:1: 错误：超出推荐名额：“办事大厅”（120 人，含所属单位）"
        "在类别“优秀党员示范岗”中可推荐 2 名，现推荐 3 名（sun-ming、wang-xiaoming、zhou-qiang）"
    ]
    centre.remove(f"{FOLDER}/sun-ming.md")
    assert messages(centre) == []  # 王晓明 and 周强: 2 of the hall's 2


def test_a_hall_over_its_quota_through_several_windows(centre: SiteProject) -> None:
    rule(centre, "per: [hall, town_centre]")
    nominate(centre, "zhou-qiang", "chen-li", "he-fang")
    assert messages(centre) == [
        f"content/{FOLDER}/zhou-qiang.md:2:1: 错误：超出推荐名额：“办事大厅”（120 人，含所属单位）"
        "在类别“优秀党员示范岗”中可推荐 2 名，现推荐 3 名（chen-li、wang-xiaoming、zhou-qiang）"
    ]  # 何芳 counts in 东城便民服务中心: 1 of its 1


def test_the_nominations_unit_decides_not_the_nominees(centre: SiteProject) -> None:
    rule(centre, "per: [hall, town_centre]")
    nominate(centre, "zhou-qiang")
    centre.write(  # 何芳 of 东城, nominated by 社保窗口: she counts in 办事大厅
        f"{FOLDER}/he-fang.md", f"---\ncategory: model-post\nunit: social-window\n---\n{STORY}\n"
    )
    assert messages(centre) == [
        f"content/{FOLDER}/zhou-qiang.md:2:1: 错误：超出推荐名额：“办事大厅”（120 人，含所属单位）"
        "在类别“优秀党员示范岗”中可推荐 2 名，现推荐 3 名（he-fang、wang-xiaoming、zhou-qiang）"
    ]


def test_withdrawn_nominations_do_not_count_against_the_holder(centre: SiteProject) -> None:
    rule(centre, "per: hall")
    nominate(centre, "zhou-qiang")
    nominate(centre, "sun-ming", "chen-li", status="withdrawn")
    assert messages(centre) == []
    nominate(centre, "chen-li", status="vetoed")  # vetoed still counts, as before
    assert len(messages(centre)) == 1


def test_extra_places_beside_the_rule(centre: SiteProject) -> None:
    rule(centre, "per: hall", "extra: {hall: 1}")
    nominate(centre, "zhou-qiang", "sun-ming")
    assert messages(centre) == []  # 3 of 2 + 1
    nominate(centre, "chen-li")
    assert messages(centre) == [
        f"content/{FOLDER}/zhou-qiang.md:2:1: 错误：超出推荐名额：“办事大厅”（120 人，含所属单位）"
        "在类别“优秀党员示范岗”中可推荐 3 名（含酌情增加 1 名），现推荐 4 名"
        "（chen-li、sun-ming、wang-xiaoming、zhou-qiang）"
    ]


def test_extra_places_beside_a_table(centre: SiteProject) -> None:
    centre.edit(
        CAMPAIGN, RULE, "    unit_quota:\n      table:\n        hall: 1\n        tax-window: 1\n"
    )
    rule(centre, "extra:", "  tax-window: 1", after="        tax-window: 1\n")
    nominate(centre, "zhou-qiang", "sun-ming")
    assert messages(centre) == []
    nominate(centre, "chen-li")  # 社保窗口: not in the table, no default
    assert messages(centre) == [
        f"content/{FOLDER}/chen-li.md:2:1: 错误：超出推荐名额：“社保窗口”（6 人）在类别"
        "“优秀党员示范岗”中可推荐 0 名，现推荐 1 名（chen-li）"
    ]


def test_a_unit_with_no_holder_above_it(centre: SiteProject) -> None:
    rule(centre, "per: hall")
    centre.edit(f"{FOLDER}/li-hua.md", "status: withdrawn", "status: vetoed")
    assert messages(centre) == [
        f"content/{FOLDER}/li-hua.md:2:1: 错误：“李华”的推荐单位“小办公室”不属于任何“大厅”，"
        "无法核对类别“优秀党员示范岗”的推荐名额"
    ]
    centre.edit(CAMPAIGN, "per: hall", "per: [hall, town_centre]")
    assert messages(centre)[0].endswith(
        "不属于任何“大厅”或“街镇便民服务中心”，无法核对类别“优秀党员示范岗”的推荐名额"
    )


# -- what the rule may say ---------------------------------------------------------------------


def test_unknown_unit_ids_in_extra_and_table(centre: SiteProject) -> None:
    rule(centre, "extra: {hal: 1, tax-window: 1}")
    assert messages(centre) == [
        f"content/{CAMPAIGN}:18:15: 错误：字段“categories[1].unit_quota.extra”中的“hal”"
        "不是已登记的单位，您是否想写“hall”？请先在 units.yml 中登记"
    ]
    centre.edit(
        CAMPAIGN, RULE, "    unit_quota:\n      table:\n        hall: 2\n        sml-office: 1\n"
    )
    centre.edit(CAMPAIGN, "extra: {hal: 1, tax-window: 1}", "extra: {tax-window: 1}")
    assert messages(centre) == [
        f"content/{CAMPAIGN}:16:9: 错误：字段“categories[1].unit_quota.table”中的“sml-office”"
        "不是已登记的单位，您是否想写“small-office”？请先在 units.yml 中登记"
    ]


def test_extra_places_for_a_unit_that_holds_no_quota(centre: SiteProject) -> None:
    rule(centre, "per: hall", "extra: {tax-window: 1}")
    assert messages(centre) == [
        f"content/{CAMPAIGN}:19:15: 错误：字段“categories[1].unit_quota.extra”中的“tax-window”"
        "（税务窗口）是窗口，而本类别的名额按“大厅”核对（per），写在这里的名额不会用到"
    ]


def test_per_names_unit_kinds(centre: SiteProject) -> None:
    rule(centre, "per: centre")
    assert messages(centre) == [
        f"content/{CAMPAIGN}:18:12: 错误：字段“categories[1].unit_quota.per”的值“centre”无效，"
        "您是否想写“town_centre”？可选：hall（大厅）、department（部门）、"
        "town_centre（街镇便民服务中心）、branch（党支部）、window（窗口）"
    ]
    centre.edit(CAMPAIGN, "per: centre", "per: [hall, halls]")
    assert messages(centre) == [
        f"content/{CAMPAIGN}:18:19: 错误：字段“categories[1].unit_quota.per”中的“halls”无效，"
        "您是否想写“hall”？可选：hall（大厅）、department（部门）、"
        "town_centre（街镇便民服务中心）、branch（党支部）、window（窗口）"
    ]


def test_extra_places_are_whole_numbers_of_one_or_more(centre: SiteProject) -> None:
    rule(centre, "extra: {hall: 0}")
    assert messages(centre) == [
        f"content/{CAMPAIGN}:18:21: 错误：字段“categories[1].unit_quota.extra.hall”不能小于 1（现为 0）"
    ]


# -- the rule in words, the 名额分配表 and the campaign page -------------------------------------


def test_the_quota_sheet_lists_the_holders_with_their_extra_places(
    centre: SiteProject, tmp_path: Path
) -> None:
    rule(centre, "per: [hall, town_centre]", "extra: {east-centre: 2}")
    content = load(centre.content)[0].content
    assert content is not None
    campaign = content.campaigns["2026-model-post"]
    out = tmp_path / "名额分配表.xlsx"
    write_quota(out, heading="名额分配表", campaign=campaign, units=list(content.units.values()))
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)]
    assert rows == [
        ("序号", "单位名称", "在岗人数", "优秀党员示范岗名额", "合计"),
        (1, "办事大厅", 120, 2, 2),
        (2, "东城便民服务中心", 30, 3, 3),
        (None, "合计", None, 5, 5),
        (
            "优秀党员示范岗：表彰名额 2 名；各单位推荐名额按大厅、街镇便民服务中心（含所属单位）"
            "现有工作人员数：50人以下的推荐1名，50人及以上的推荐2名；东城便民服务中心增加2名",
            None,
            None,
            None,
            None,
        ),
    ]


def campaign_fragment(project: SiteProject, today: date) -> BeautifulSoup:
    """The campaign page's fragment as the build renders it (no MkDocs, no portraits)."""
    result = load(project.content)[0]
    assert result.content is not None and not result.problems.errors
    views = Views(result.content, {}, today)
    spec = next(s for s in all_pages(views) if s.kind == "campaign")
    renderer = FragmentRenderer([str(Path(generator.__file__).parent / "theme")])
    html = renderer.render(spec, "", spec.src_uri, lambda src: src, lambda url, _page: url)
    return BeautifulSoup(html, "html.parser")


def quota_table(soup: BeautifulSoup) -> tuple[str, list[str], list[list[str]]]:
    """The 名额 section's table: caption, column heads, rows (the row head first)."""
    heading = soup.find(id="quota")
    assert isinstance(heading, Tag) and heading.name == "h2" and heading.get_text() == "名额"
    section = heading.parent
    assert isinstance(section, Tag) and section.get("aria-labelledby") == "quota"
    tables = section.find_all("table")
    assert len(tables) == 1
    table = tables[0]
    caption = table.find("caption")
    assert isinstance(caption, Tag)
    heads = table.select("thead th")
    assert all(th.get("scope") == "col" for th in heads)
    rows = []
    for tr in table.select("tbody tr"):
        head = tr.find("th")
        assert isinstance(head, Tag) and head.get("scope") == "row"
        rows.append([cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])])
    return caption.get_text(strip=True), [th.get_text(strip=True) for th in heads], rows


def test_the_campaign_page_shows_the_quota_table(centre: SiteProject) -> None:
    rule(centre, "per: [hall, town_centre]", "extra: {hall: 1, east-centre: 1}")
    nominate(centre, "zhou-qiang", "he-fang")
    nominate(centre, "chen-li", status="withdrawn")
    nominate(centre, "sun-ming", status="vetoed")  # counts in the check, never shown
    caption, heads, rows = quota_table(campaign_fragment(centre, date(2026, 11, 5)))
    assert caption == (
        "优秀党员示范岗：按大厅、街镇便民服务中心（含所属单位）现有工作人员数："
        "50人以下的推荐1名，50人及以上的推荐2名；办事大厅增加1名，东城便民服务中心增加1名"
    )
    assert heads == ["单位", "在岗人数", "名额", "已推荐"]
    assert rows == [
        ["办事大厅", "120", "3（含酌情增加1名）", "2"],  # 王晓明, 周强: not 孙明 (vetoed)
        ["东城便民服务中心", "30", "2（含酌情增加1名）", "1"],  # 何芳
    ]
    # After the nomination period: the places, not the count.
    _, heads, rows = quota_table(campaign_fragment(centre, date(2026, 11, 25)))
    assert heads == ["单位", "在岗人数", "名额"]
    assert rows == [
        ["办事大厅", "120", "3（含酌情增加1名）"],
        ["东城便民服务中心", "30", "2（含酌情增加1名）"],
    ]


def test_a_table_of_a_default_alone_is_said_in_words(centre: SiteProject) -> None:
    centre.edit(CAMPAIGN, RULE, "    unit_quota:\n      table:\n        default: 1\n")
    soup = campaign_fragment(centre, date(2026, 11, 5))
    heading = soup.find(id="quota")
    assert isinstance(heading, Tag) and isinstance(heading.parent, Tag)
    assert heading.parent.find("table") is None
    assert heading.parent.get_text(" ", strip=True) == "名额 优秀党员示范岗 ：各单位推荐1名"


def test_the_built_page_links_the_notice_to_the_quota_section(centre: SiteProject) -> None:
    """One real build: the section is there with its id, so 见本页“名额”一栏 can point at it."""
    rule(centre, "per: hall")
    centre.edit(
        CAMPAIGN, "各单位：现将评选方案印发给你们。", "各单位：推荐名额见本页[“名额”一栏](#quota)。"
    )
    (centre.root / "mkdocs.yml").write_text(
        (centre.root / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("2026-11-25", "2026-11-05"),
        encoding="utf-8",
    )
    centre.build()
    page = centre.page("campaigns/2026-model-post")
    link = page.select_one('.hb-notice a[href="#quota"]')
    assert link is not None and link.get_text() == "“名额”一栏"
    caption, heads, rows = quota_table(page)
    assert caption.startswith("优秀党员示范岗：按大厅（含所属单位）现有工作人员数")
    assert heads == ["单位", "在岗人数", "名额", "已推荐"]
    assert rows == [["办事大厅", "120", "2", "1"]]


# -- the count against a brute-force reference ---------------------------------------------------

KINDS = list(UnitKind)
MARK = Mark(Path("x.md"))


@st.composite
def centres(draw: st.DrawFn) -> tuple[dict[str, Unit], list[Nomination], UnitQuota]:
    """A random forest of units (each parent made before its child), nominations by random units
    in random states, and a rule counting per one or two random kinds."""
    size = draw(st.integers(1, 12))
    units: dict[str, Unit] = {}
    for index in range(size):
        parent = draw(st.one_of(st.none(), st.integers(0, index - 1))) if index else None
        units[f"u{index}"] = Unit(
            f"u{index}",
            f"单位{index}",
            draw(st.sampled_from(KINDS)),
            None,
            draw(st.integers(0, 120)),
            None if parent is None else f"u{parent}",
            MARK,
        )
    nominations = []
    for index in range(draw(st.integers(0, 15))):
        nominations.append(
            Nomination(
                "c",
                f"n{index}",
                f"p{index}",
                draw(st.sampled_from(["post", "other"])),
                NominatedBy.ORGANISATION,
                draw(st.sampled_from([*units, None, "nowhere"])),
                None,
                None,
                None,
                draw(st.sampled_from(list(NominationStatus))),
                None,
                "",
                MARK,
            )
        )
    per = tuple(draw(st.lists(st.sampled_from(KINDS), max_size=2, unique=True)))
    extra = tuple(draw(st.dictionaries(st.sampled_from(list(units)), st.integers(1, 3))).items())
    return units, nominations, UnitQuota(bands=((50, 1), (None, 2)), per=per, extra=extra)


def reference_holder(units: dict[str, Unit], unit_id: str, per: tuple[UnitKind, ...]) -> str | None:
    """The chain of ancestors written out in full, then the first of a `per` kind."""
    chain = [unit_id]
    while units[chain[-1]].parent is not None:
        chain.append(units[chain[-1]].parent or "")
    if not per:
        return unit_id
    return next((u for u in chain if units[u].kind in per), None)


@settings(max_examples=300, deadline=None)
@given(centres())
def test_the_count_per_holder_matches_a_reference(
    case: tuple[dict[str, Unit], list[Nomination], UnitQuota],
) -> None:
    units, nominations, quota = case
    people = {f"p{i}": Person(f"p{i}", RecordKind.PERSON, "某", "u0", MARK) for i in range(15)}
    category = Category("post", "岗", RecordKind.PERSON, MARK, unit_quota=quota)
    count = count_nominations(category, units, people, nominations)

    expected: dict[str, list[str]] = {}
    unheld = []
    for nomination in nominations:
        if nomination.category != "post" or nomination.status == NominationStatus.WITHDRAWN:
            continue
        unit_id = nomination.unit or "u0"  # every nominee's own unit is u0
        if unit_id not in units:
            continue
        holder = reference_holder(units, unit_id, quota.per)
        if holder is None:
            unheld.append(nomination.file_id)
        else:
            expected.setdefault(holder, []).append(nomination.file_id)
    assert {h: [n.file_id for n in held.members] for h, held in count.held.items()} == expected
    assert [n.file_id for n, _ in count.unheld] == unheld
    for holder_id, held in count.held.items():
        unit = units[holder_id]
        assert held.allowed == (1 if unit.staff < 50 else 2) + dict(quota.extra).get(holder_id, 0)
        assert holder_of(units, holder_id, quota) == unit  # a holder holds its own
        assert held.over == (len(held.members) > held.allowed)
