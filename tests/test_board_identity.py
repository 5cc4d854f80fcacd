"""亮身份 on boards and screens (issue 15): a board's `members:` (a 党员公示栏), `branch_sign:` (a
party branch's committee) and `commitments:` (a 承诺墙) sections, and the checks of a branch's
`committee:`.

Every message of a project full of mistakes, from one `honours check`; one small project built
once (a branch with its committee, party members with posts, windows and commitments, a month of
群众评议) read back as parsed HTML; the demo's 一楼党员公示栏; and its screen laid out in real
Chromium (tests/browser.py) in both orientations, with a worst case made in the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from .browser import chromium, serving, wait_until
from .conftest import MKDOCS_YML, ORGANISATION, SiteProject, honours_in, jpeg
from .test_qrcodes import decode
from .test_screens import DAY, IMAGES_READY, LAYOUT_PROBLEMS, SIZES

SITE_URL = "https://example.org/"  # MKDOCS_YML's site_url

# -- what staff are told -------------------------------------------------------------------------
MESSAGE_UNITS = """\
units:
  - id: hall
    name: 办事大厅
    kind: hall
    floor: "1"
  - id: tax-window
    name: 税务窗口
    kind: window
    parent: hall
  - id: small-office
    name: 小办公室
    kind: department
  - id: branch-a
    name: 第一党支部
    kind: branch
    floor: "1"
  - id: branch-b
    name: 第二党支部
    kind: branch
    floor: "2"
"""


def person(name: str, unit: str, extra: str = "") -> str:
    return f"---\nname: {name}\nunit: {unit}\n{extra}---\n"


MESSAGE_PEOPLE = {
    "wang-xiaoming": person("王晓明", "hall", "branch: branch-a\n"),
    "sun-li": person("孙丽", "hall", "branch: branch-a\n"),
    "zhao-min": person("赵敏", "hall", "branch: branch-b\n"),
    "li-hua": person("李华", "small-office"),
    "tax-window": "---\nkind: window\nname: 税务综合窗口\nunit: tax-window\n---\n",
    "branch-a": """\
---
kind: branch
name: 第一党支部
unit: branch-a
secretary: 王晓明
committee:
  - person: sun-li
    role: 书记
  - person: wang-xiaoming
    role: 组织委员
  - person: wang-xiaoming
    role: 宣传委员
  - person: zhao-min
    role: 纪检委员
  - person: wang-xiaomin
    role: 委员
  - person: tax-window
    role: 委员
commitments:
  - text: 每月开展一次主题党日活动
---
""",
    "branch-b": "---\nkind: branch\nname: 第二党支部\nunit: branch-b\n---\n",
}

MESSAGE_BOARD = """\
title: 党员公示栏
sections:
  - title: 甲
    members: {unit: hal}
  - title: 乙
    members: {floor: "9"}
  - title: 丙
    members: {branch: small-office}
  - title: 丁
    members: {unit: hall, floor: "1"}
  - title: 戊
    members: {}
  - title: 己
    members:
  - title: 庚
    members: {unit: small-office}
  - title: 辛
    branch_sign: branch-bb
  - title: 壬
    branch_sign: branch-b
  - title: 癸
    commitments: hal
  - title: 子
    commitments: small-office
  - title: 丑
    members: {branch: branch-a}
  - title: 寅
    branch_sign: branch-a
  - title: 卯
    members: {floor: "1", colour: red}
  - title: 辰
    members: hall
  - title: 巳
    branch_sign: wang-xiaoming
"""


def messages_project(root: Path) -> SiteProject:
    site = SiteProject(root)
    root.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    site.write("organisation.yml", ORGANISATION)
    site.write("units.yml", MESSAGE_UNITS)
    for person_id, text in MESSAGE_PEOPLE.items():
        site.write(f"people/{person_id}.md", text)
    site.write("boards/bad.yml", MESSAGE_BOARD)
    return site


# -- a small project: a branch, its committee, its members, a month of 群众评议 -------------------
IDENTITY_UNITS = MESSAGE_UNITS.split("  - id: branch-b")[0]  # one branch
# Untrusted text: a committee role and a commitment with markup and an ampersand.
ROLE = '宣传委员<script>alert("role")</script>&监督'
# A commitment of 200 characters: whole on the board, cut to 80 and “…” on a screen.
LONG_PROMISE = "文件当日流转，" * 28 + "按时办结"
PROMISE = '<script>alert("promise")</script>办税&缴费“一次办”'
PARTY = "political_status: 中共党员\nbranch: branch-a\n"
IDENTITY_PEOPLE = {
    "branch-a": f"""\
---
kind: branch
name: 第一党支部
unit: branch-a
secretary: 陈红
members: 6
committee:
  - person: wang-xiaoming
    role: 组织委员
  - person: li-hua
    role: '{ROLE}'
  - person: chen-hong
    role: 书记
commitments:
  - text: 每月开展一次主题党日活动
    status: 已兑现
---
""",
    "chen-hong": person(
        "陈红",
        "hall",
        f"""position: 办事大厅主任
{PARTY}photo: photos/chen.jpg
photo_focus: [0.5, 0.3]
posts:
  - kind: 党员责任区
    where: 一楼大厅
commitments:
  - text: 每周两个半天在大厅带班值守
""",
    ),
    "wang-xiaoming": person(
        "王晓明",
        "tax-window",
        f"""position: 税务受理岗
{PARTY}photo: photos/wang.jpg
photo_focus: [0.5, 0.3]
posts:
  - kind: 党员示范岗
    where: 3号窗口
window_no: "3"
commitments:
  - text: 全年办件零差错
    status: 已兑现
  - text: '{PROMISE}'
    status: 进行中
  - text: 高峰时段等候不超过15分钟
    status: 未兑现
  - text: 每月开展一次上门服务
""",
    ),
    "li-hua": person(  # no photo: the surname drawn instead
        "李华",
        "hall",
        f"""{PARTY}window_no: "1"
commitments:
  - text: 推行延时服务，午间不断档
    status: 已兑现
""",
    ),
    "sun-li": person(
        "孙丽",
        "tax-window",
        f"""{PARTY}posts:
  - kind: 党员先锋岗
    where: 5号窗口
window_no: "5"
""",
    ),
    "zhou-qiang": person("周强", "hall", f'{PARTY}posts:\n  - kind: 党员示范岗\nwindow_no: "12"\n'),
    "he-ping": person("何平", "hall", f'{PARTY}window_no: "2"\n'),
    "bai-lu": person("白露", "hall", PARTY),
    "an-qi": person("安琪", "hall", PARTY),
    # In the hall, but not a party member: on no 党员公示栏 and not on the branch's wall.
    "xu-min": person(
        "徐敏", "hall", 'political_status: 群众\nwindow_no: "4"\ncommitments:\n  - text: 微笑服务\n'
    ),
    # A member of the branch, but not in the hall: on the branch's wall, not on the hall's board.
    "lu-yi": person("陆一", "small-office", f"{PARTY}commitments:\n  - text: {LONG_PROMISE}\n"),
}
EVALUATIONS = (
    "对象,姓名,满意,基本满意,不满意\nwang-xiaoming,王晓明,1300,20,10\nzhou-qiang,周强,90,5,5\n"
)
FLOOR_BOARD = """\
title: 一楼党员公示栏
subtitle: 亮身份 亮承诺 亮形象
period: 2026年度
screen:
  orientation: portrait
sections:
  - title: 一楼党支部
    caption: 党支部建在楼层上
    branch_sign: branch-a
  - title: 一楼党员 亮身份
    caption: 我是共产党员，请监督我的服务。
    members: {unit: hall}
  - title: 第一党支部承诺墙
    caption: 公开承诺，接受群众监督。
    commitments: branch-a
"""


def identity_project(root: Path) -> SiteProject:
    site = SiteProject(root)
    root.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    site.write("organisation.yml", ORGANISATION)
    site.write("units.yml", IDENTITY_UNITS)
    for person_id, text in IDENTITY_PEOPLE.items():
        site.write(f"people/{person_id}.md", text)
    site.write("people/photos/chen.jpg", jpeg())
    site.write("people/photos/wang.jpg", jpeg())
    site.write("evaluations/2026-10.csv", EVALUATIONS)
    site.write("boards/floor-1.yml", FLOOR_BOARD)
    return site


def texts(soup: BeautifulSoup | Tag, selector: str) -> list[str]:
    return [" ".join(el.get_text(" ", strip=True).split()) for el in soup.select(selector)]


# -- what staff are told ---------------------------------------------------------------------------
def test_every_mistake_is_told_at_its_place_in_one_check(tmp_path: Path) -> None:
    project = messages_project(tmp_path / "project")
    result = honours_in(project.root, "check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    board, branch = "content/boards/bad.yml", "content/people/branch-a.md"
    scopes = "应写 unit（单位）、floor（楼层）或 branch（党支部）三者之一"
    assert [line for line in lines if line.startswith("content/")] == [
        f"{board}:4:21: 错误：字段“sections[1].members.unit”的值“hal”不是已登记的单位，您是否想写“hall”？",
        f"{board}:6:22: 错误：字段“sections[2].members.floor”的值“9”不是任何单位所在的楼层；已有：1、2",
        f"{board}:8:23: 错误：字段“sections[3].members.branch”的值“small-office”不是已登记的党支部",
        f"{board}:10:14: 错误：字段“sections[4].members”{scopes}",
        f"{board}:12:14: 错误：字段“sections[5].members”{scopes}",
        f"{board}:14:13: 错误：字段“sections[6].members”不能为空：应写 unit、floor 或 branch 之一，如 members: {{floor: 1}}",
        f"{board}:16:21: 警告：字段“sections[7].members.unit”的值“small-office”下没有党员：党员公示栏只列出人员记录中写有 branch:（所在党支部）的个人",
        f"{board}:18:18: 错误：字段“sections[8].branch_sign”的值“branch-bb”不是党支部的记录（people/ 中 kind: branch 的文件），您是否想写“branch-b”？",
        f"{board}:20:18: 错误：字段“sections[9].branch_sign”所指的“第二党支部”没有写 committee（支部委员会）：请在 people/branch-b.md 中写明书记和委员，如 committee: [{{person: chen-jing, role: 书记}}]",
        f"{board}:22:18: 错误：字段“sections[10].commitments”的值“hal”不是已登记的单位，您是否想写“hall”？",
        f"{board}:24:18: 警告：字段“sections[11].commitments”：“小办公室”及其人员都没有写 commitments（公开承诺），该栏目为空",
        f"{board}:30:27: 错误：未知字段“sections[14].members.colour”",
        f"{board}:32:14: 错误：字段“sections[15].members”应为键值对（字段: 值），而不是单个值",
        f"{board}:34:18: 错误：字段“sections[16].branch_sign”的值“wang-xiaoming”不是党支部的记录（people/ 中 kind: branch 的文件）",
        f"{branch}:7:13: 警告：支部书记与字段“secretary”不一致：committee 中的书记是“孙丽”，secretary 写的是“王晓明”",
        f"{branch}:11:13: 错误：字段“committee”中的“wang-xiaoming”写了两次",
        f"{branch}:13:13: 警告：字段“committee”中的“赵敏”不是本支部党员：其记录中的 branch 是“branch-b”，而本支部是“branch-a”",
        f"{branch}:15:13: 错误：字段“committee”中的“wang-xiaomin”在 people/ 中不存在，您是否想写“wang-xiaoming”？",
        f"{branch}:17:13: 错误：字段“committee”中的“tax-window”是窗口，应为个人",
    ]
    assert "共 15 个错误，4 个警告。" in lines


# -- the small project's board and screen ----------------------------------------------------------
MEMBERS = {  # the 党员公示栏's order: the committee (书记 first), posts, window number, name
    "chen-hong": "陈红",  # 书记
    "wang-xiaoming": "王晓明",  # 组织委员
    "li-hua": "李华",  # a role of the branch's own wording, after the known ones
    "zhou-qiang": "周强",  # 党员示范岗, window 12
    "sun-li": "孙丽",  # 党员先锋岗, window 5
    "he-ping": "何平",  # window 2
    "an-qi": "安琪",
    "bai-lu": "白露",
}
WALL = {  # the branch's 承诺墙: its own record first, then people by name
    "branch-a": "第一党支部",
    "li-hua": "李华",
    "wang-xiaoming": "王晓明",
    "lu-yi": "陆一",
    "chen-hong": "陈红",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SiteProject:
    site = identity_project(tmp_path_factory.mktemp("identity") / "project")
    site.build()
    return site


def test_the_sign_shows_the_branch_its_floor_and_its_committee_secretary_first(
    built: SiteProject,
) -> None:
    board = built.page("boards/floor-1")
    sign = board.select_one(".hb-board-section--sign")
    assert sign.h2.get_text() == "一楼党支部"
    assert texts(sign, ".hb-caption") == ["党支部建在楼层上"]
    branch = sign.select_one(".hb-sign__branch")
    assert (branch.a["href"], branch.a.get_text()) == ("../../people/branch-a/", "第一党支部")
    assert texts(branch, ".hb-floor") == ["1楼"]
    assert sign.select_one(".hb-sign__facts").get_text() == "支部书记：陈红　党员人数：6人"
    cards = sign.select(".hb-card")
    assert [
        (c.select_one(".hb-badge--role").get_text(), c.select_one(".hb-card__name").get_text())
        for c in cards
    ] == [("书记", "陈红"), ("组织委员", "王晓明"), (ROLE, "李华")]
    assert [c.a["href"] for c in cards] == [
        "../../people/chen-hong/",
        "../../people/wang-xiaoming/",
        "../../people/li-hua/",
    ]
    # 李华 has no photo: her surname is drawn instead, and the picture is in the site.
    pictures = [c.select_one("picture.hb-portrait") for c in cards]
    assert ["hb-placeholder" in p["class"] for p in pictures] == [False, False, True]
    assert [p.img["alt"] for p in pictures] == ["陈红", "王晓明", "李华"]
    page_dir = built.root / "site/boards/floor-1"
    for picture in pictures:
        assert (page_dir / picture.img["src"]).resolve().is_file(), picture.img["src"]
    wall = sign.select_one('a[href$="commitments/"]')
    assert (wall["href"], wall.get_text()) == (
        "../../units/branch-a/commitments/",
        "查看第一党支部承诺墙",
    )


def test_members_in_order_with_posts_window_commitment_and_rate(built: SiteProject) -> None:
    board = built.page("boards/floor-1")
    section = board.select_one(".hb-board-section--members")
    assert section.h2.get_text() == "一楼党员 亮身份"
    cards = section.select(".hb-card")
    shown = [
        (
            card.select_one(".hb-card__name").get_text(),
            [(b.get_text(), b["title"]) for b in card.select(".hb-badge--post")],
            texts(card, ".hb-card__meta"),
            texts(card, ".hb-card__title"),
        )
        for card in cards
    ]
    assert shown == [
        ("陈红", [("责任区", "党员责任区")], [], ["承诺：每周两个半天在大厅带班值守"]),
        (
            "王晓明",
            [("示范岗", "党员示范岗")],
            ["3号窗口", "满意率 99.2%（2026年10月）"],  # the first commitment still 进行中
            [" ".join(f"承诺：{PROMISE}".split())],
        ),
        ("李华", [], ["1号窗口"], ["承诺：推行延时服务，午间不断档"]),  # the latest: all kept
        ("周强", [("示范岗", "党员示范岗")], ["12号窗口", "满意率 95.0%（2026年10月）"], []),
        ("孙丽", [("先锋岗", "党员先锋岗")], ["5号窗口"], []),
        ("何平", [], ["2号窗口"], []),
        ("安琪", [], [], []),
        ("白露", [], [], []),
    ]
    assert [card.a["href"] for card in cards] == [f"../../people/{p}/" for p in MEMBERS]


def test_the_commitments_section_shows_the_wall_and_links_it(built: SiteProject) -> None:
    board = built.page("boards/floor-1")
    section = board.select_one(".hb-board-section--commitments")
    assert section.h2.get_text() == "第一党支部承诺墙"
    entries = section.select(".hb-wall__entry")
    assert [e.h3.get_text(strip=True) for e in entries] == list(WALL.values())
    assert [e.h3.a["href"] for e in entries] == [f"../../people/{p}/" for p in WALL]
    wang = entries[2]
    assert texts(wang, ".hb-posts li") == ["党员示范岗 · 3号窗口"]
    assert texts(wang, ".hb-rate") == ["满意率 99.2%（2026年10月，共 1,330 人次评价）"]
    assert [
        (li.select_one(".hb-commitment__text").get_text(), li.select_one(".hb-status").get_text())
        for li in wang.select(".hb-commitment")
    ] == [
        ("全年办件零差错", "已兑现"),
        (PROMISE, "进行中"),
        ("高峰时段等候不超过15分钟", "未兑现"),
        ("每月开展一次上门服务", "进行中"),
    ]
    (link,) = section.find_all("a", string="查看完整承诺墙")
    assert link["href"] == "../../units/branch-a/commitments/"
    wall = built.page("units/branch-a/commitments/")
    assert [e["id"] for e in wall.select('[id^="hb-wall-"]')] == [f"hb-wall-{p}" for p in WALL]


def test_the_screen_shows_sign_members_and_commitments_in_order(built: SiteProject) -> None:
    screen = built.page("screens/floor-1")
    slides = screen.select(".hb-slide")
    count = 3 + len(MEMBERS) + 1 + len(WALL)
    assert [s["class"][1].removeprefix("hb-slide--") for s in slides] == [
        "title",
        "sign",
        "section",
        *["entry"] * len(MEMBERS),
        "section",
        *["commitment"] * len(WALL),
    ]
    labels = [
        "一楼党员公示栏",
        "第一党支部 支部委员会",
        "一楼党员 亮身份",
        *MEMBERS.values(),
        "第一党支部承诺墙",
        *[f"{name} 公开承诺" for name in WALL.values()],
    ]
    assert [s["aria-label"] for s in slides] == [
        f"{n} / {count} {label}" for n, label in enumerate(labels, 1)
    ]
    assert [s["data-person"] for s in screen.select(".hb-slide--entry")] == list(MEMBERS)
    assert [s["data-person"] for s in screen.select(".hb-slide--commitment")] == list(WALL)

    sign = slides[1]
    assert sign["data-branch"] == "branch-a"
    assert "is-many" not in sign["class"]
    assert texts(sign, ".hb-slide__heading") == ["第一党支部"]
    assert texts(sign, ".hb-slide__period") == ["1楼 · 党员 6人"]
    assert sign.select_one(".hb-slide__committee")["aria-label"] == "支部委员会"
    assert [
        (
            m.select_one(".hb-slide__role").get_text(),
            m.select_one(".hb-slide__member-name").get_text(),
            "is-lead" in m["class"],
        )
        for m in sign.select(".hb-slide__member")
    ] == [("书记", "陈红", True), ("组织委员", "王晓明", False), (ROLE, "李华", False)]
    pictures = sign.select(".hb-slide__committee .hb-slide__picture")
    assert [(p.img["alt"], "is-placeholder" in p["class"]) for p in pictures] == [
        ("陈红", False),
        ("王晓明", False),
        ("李华", True),  # no photo: her surname drawn
    ]

    entries = {s["data-person"]: s for s in screen.select(".hb-slide--entry")}
    lines = {
        person: (
            texts(slide, ".hb-slide__post"),
            texts(slide, ".hb-slide__window"),
            texts(slide, ".hb-slide__rate"),
            texts(slide, ".hb-slide__citation"),
        )
        for person, slide in entries.items()
    }
    assert lines["wang-xiaoming"] == (
        ["党员示范岗 · 3号窗口"],
        [],  # the post names the window already (window_no: "3" is 3号窗口)
        ["群众满意率 99.2% （2026年10月）"],
        [" ".join(f"承诺 {PROMISE}".split())],
    )
    assert lines["sun-li"] == (["党员先锋岗 · 5号窗口"], [], [], [])
    assert lines["zhou-qiang"] == (
        ["党员示范岗"],
        ["12号窗口"],
        ["群众满意率 95.0% （2026年10月）"],
        [],
    )
    assert lines["li-hua"] == ([], ["1号窗口"], [], ["承诺 推行延时服务，午间不断档"])
    assert lines["chen-hong"] == (
        ["党员责任区 · 一楼大厅"],
        [],
        [],
        ["承诺 每周两个半天在大厅带班值守"],
    )
    assert lines["bai-lu"] == ([], [], [], [])


def qr_code(html: str, title: str) -> str:
    """The page's QR code of that title, as written (a parser would write it again)."""
    codes = {c for c in re.findall(r"<svg .*?</svg>", html, re.S) if f"<title>{title}</title>" in c}
    assert len(codes) == 1, (title, len(codes))
    return codes.pop()


def test_a_commitment_slide_shows_three_and_its_code_leads_to_the_wall(
    built: SiteProject,
) -> None:
    html = (built.root / "site/screens/floor-1/index.html").read_text(encoding="utf-8")
    screen = BeautifulSoup(html, "html.parser")
    slides = {s["data-person"]: s for s in screen.select(".hb-slide--commitment")}
    for person, slide in slides.items():
        items = slide.select(".hb-slide__commitments li")
        assert len([li for li in items if "is-more" not in li.get("class", [])]) <= 3, person
        assert texts(slide, ".hb-slide__name") == [WALL[person]]
        assert texts(slide, "figcaption") == ["扫码查看承诺墙"]
        address, _ = decode(qr_code(html, f"扫码查看承诺：{WALL[person]}"))
        assert address == f"{SITE_URL}units/branch-a/commitments/#hb-wall-{person}"
    wang = slides["wang-xiaoming"]
    assert [
        (
            li.select_one(".hb-slide__status")["class"][-1],
            li.select_one(".hb-slide__status").get_text(),
            li.select_one(".hb-slide__promise").get_text(),
        )
        for li in wang.select(".hb-slide__commitments li:not(.is-more)")
    ] == [
        ("is-kept", "已兑现", "全年办件零差错"),
        ("is-ongoing", "进行中", PROMISE),
        ("is-missed", "未兑现", "高峰时段等候不超过15分钟"),
    ]
    assert texts(wang, "li.is-more") == ["共 4 项承诺，扫码查看全部"]
    assert texts(wang, ".hb-slide__post") == ["党员示范岗 · 3号窗口"]
    assert texts(wang, ".hb-slide__rate") == ["群众满意率 99.2% （2026年10月）"]
    assert not wang.select(".hb-slide__window")  # a commitment slide names no window
    assert all(not s.select("li.is-more") for p, s in slides.items() if p != "wang-xiaoming")
    assert texts(slides["branch-a"], ".hb-slide__commitments li") == [
        "已兑现 每月开展一次主题党日活动"
    ]
    # A long commitment is cut on the screen (the QR code leads to it whole), not on the board.
    assert len(LONG_PROMISE) == 200
    assert texts(slides["lu-yi"], ".hb-slide__promise") == [LONG_PROMISE[:80] + "…"]
    board = built.page("boards/floor-1")
    assert LONG_PROMISE in texts(board, ".hb-commitment__text")


def test_markup_in_a_role_or_a_commitment_is_shown_as_text(built: SiteProject) -> None:
    for url in ("boards/floor-1", "screens/floor-1"):
        html = (built.root / "site" / url / "index.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        assert "<script>alert(" not in html, url
        assert not [s for s in soup.find_all("script") if "alert(" in s.get_text()], url
        assert not soup.select(".hb-board-section script, .hb-slide script"), url
        text = soup.get_text()
        assert ROLE in text and PROMISE in text, url  # the very characters staff wrote
        assert "&lt;script&gt;alert(" in html and "&amp;监督" in html and "&amp;缴费" in html


def test_only_party_members_of_the_scope_and_no_evaluation_file(built: SiteProject) -> None:
    site = built.root / "site"
    board = built.page("boards/floor-1")
    members = board.select_one(".hb-board-section--members").get_text()
    commitments = board.select_one(".hb-board-section--commitments").get_text()
    assert "徐敏" not in members and "徐敏" not in commitments  # in the hall, no branch:
    assert "陆一" not in members and "陆一" in commitments  # the branch's, not the hall's
    screen = built.page("screens/floor-1")
    assert "xu-min" not in {s.get("data-person") for s in screen.select(".hb-slide")}
    assert "徐敏" not in screen.get_text()
    assert (site / "people/xu-min/index.html").is_file()  # she has her page, as everyone
    assert not list(site.rglob("*.csv")) and not (site / "evaluations").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".js"):
            assert "1300,20,10" not in path.read_text(encoding="utf-8", errors="replace"), path


# -- the demo ----------------------------------------------------------------------------------
def test_the_demo_has_the_first_floors_board(demo: SiteProject) -> None:
    board = demo.page("boards/floor-1")
    assert board.h1.contents[0] == "一楼党员公示栏"
    assert [s["class"][-1] for s in board.select(".hb-board-section")] == [
        "hb-board-section--sign",
        "hb-board-section--members",
        "hb-board-section--commitments",
    ]
    screen = demo.page("screens/floor-1")
    assert screen.select_one(".hb-screen")["data-orientation"] == "portrait"
    (sign,) = screen.select(".hb-slide--sign")
    first = sign.select_one(".hb-slide__member")
    assert "is-lead" in first["class"]
    assert texts(first, ".hb-slide__role") == ["书记"]
    assert texts(first, ".hb-slide__member-name") == ["陈静"]
    assert len(sign.select(".hb-slide__member.is-lead")) == 1
    index = demo.page("boards")
    assert "floor-1/" in {a.get("href") for a in index.select(".md-content a")}
    # the branch's own page lists its committee, 书记 first, each linked to their page
    committee = demo.page("people/branch-1").select("#hb-committee + ul.hb-committee li")
    assert [
        (texts(li, ".hb-badge--role")[0], li.a.get_text(), li.a["href"]) for li in committee
    ] == [
        ("书记", "陈静", "../chen-jing/"),
        ("组织委员", "王晓明", "../wang-xiaoming/"),
        ("宣传委员", "刘洋", "../liu-yang/"),
        ("纪检委员", "孙丽华", "../sun-lihua/"),
    ]


# -- in a browser ------------------------------------------------------------------------------
# The worst cases, made in the page: a committee of seven (marked is-many, as the template marks
# more than five), and a long name with three long commitments and the line that says there are
# more (is-long, as the template marks a name longer than eight).
MANY_MEMBERS = """() => {
  const slides = [...document.querySelectorAll('.hb-slide')];
  const index = slides.findIndex((s) => s.matches('.hb-slide--sign'));
  const slide = slides[index];
  const list = slide.querySelector('.hb-slide__committee');
  const members = [...list.children];
  for (let i = 0; list.children.length < 7; i++) {
    const copy = members[1 + (i % (members.length - 1))].cloneNode(true);
    copy.querySelector('.hb-slide__member-name').textContent = '欧阳晓明';
    list.append(copy);
  }
  slide.classList.add('is-many');
  slide.removeAttribute('data-fit');
  hbScreen.go(index);
  return list.children.length;
}"""
LONG_COMMITMENTS = """() => {
  const slides = [...document.querySelectorAll('.hb-slide')];
  const crowded = (s) => s.matches('.hb-slide--commitment') && s.querySelector('img') &&
    s.querySelector('.hb-slide__posts') && s.querySelector('.hb-slide__rate');
  let index = slides.findIndex(crowded);
  if (index < 0) index = slides.findIndex((s) => s.matches('.hb-slide--commitment'));
  const slide = slides[index];
  const name = slide.querySelector('.hb-slide__name');
  name.textContent = '不动产登记综合受理服务窗口';
  name.classList.remove('is-short');
  name.classList.add('is-long');
  // As long as a screen shows one (PROMISE_CHARS in screen.html): 80 characters and “…”.
  const promise = ('围绕“让群众少跑腿”，严格执行首问负责、限时办结、责任追究制度，' +
    '一楼大厅即办件当场办结、承诺件按时办结率达到100%，群众满意率不低于98%，').repeat(2)
    .slice(0, 80) + '…';
  const item = (key, status) => {
    const li = document.createElement('li');
    const badge = document.createElement('span');
    badge.className = 'hb-slide__status is-' + key;
    badge.textContent = status;
    const text = document.createElement('span');
    text.className = 'hb-slide__promise';
    text.textContent = promise;
    li.append(badge, text);
    return li;
  };
  const more = document.createElement('li');
  more.className = 'is-more';
  more.textContent = '共 12 项承诺，扫码查看全部';
  slide.querySelector('.hb-slide__commitments').replaceChildren(
    item('kept', '已兑现'), item('ongoing', '进行中'), item('missed', '未兑现'), more);
  slide.removeAttribute('data-fit');
  hbScreen.go(index);
  return slide.dataset.person;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as found:
        yield found


@pytest.mark.parametrize("orientation", SIZES)
def test_the_demo_floor_screen_fits_both_orientations(
    browser: Any, demo: SiteProject, orientation: str
) -> None:
    """Every slide of the 一楼党员公示栏 at 1920×1080 and 1080×1920, then the worst cases:
    nothing leaves the screen, nothing is clipped, too small or on top of something else."""
    context = browser.new_context(viewport=SIZES[orientation])
    problems: list[str] = []
    errors: list[str] = []
    try:
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        with serving(demo.root / "site") as url:
            tab.goto(f"{url}screens/floor-1/index.html?{DAY}&seconds=600&orientation={orientation}")
            wait_until(tab, "window.hbScreen && document.fonts.status === 'loaded'")
            kinds = tab.evaluate(
                "[...document.querySelectorAll('.hb-slide')].map((s) => s.classList[1])"
            )
            for index, kind in enumerate(kinds):
                tab.evaluate("i => hbScreen.go(i)", index)
                tab.evaluate(IMAGES_READY)
                found = tab.evaluate(LAYOUT_PROBLEMS)
                problems += [f"slide {index + 1} ({kind}): {p}" for p in found]
            assert tab.evaluate(MANY_MEMBERS) == 7
            tab.evaluate(IMAGES_READY)
            problems += [f"seven members: {p}" for p in tab.evaluate(LAYOUT_PROBLEMS)]
            assert tab.evaluate(LONG_COMMITMENTS)
            tab.evaluate(IMAGES_READY)
            problems += [f"long commitments: {p}" for p in tab.evaluate(LAYOUT_PROBLEMS)]
    finally:
        context.close()
    assert not errors, errors
    assert {"hb-slide--sign", "hb-slide--entry", "hb-slide--commitment"} <= set(kinds)
    assert not problems, "\n".join(problems)
