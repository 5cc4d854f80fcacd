"""Boards (荣誉榜): `content/boards/<id>.yml`, shown as a web page and on hallway screens.

A board has a title, a period and sections in the editor's order. A section
draws from a campaign's results (campaign and category), from a month of
star ratings (a branch or a floor; a month or `latest`), from a rotating
honour (`rotating: <category id>`: a 流动奖牌 passed on from campaign to
campaign, its current holders and the earlier ones), or lists named people,
windows or branches with a short citation; or it follows a campaign
(`campaign: {id}`: its candidates while voting, its 公示, then its awarded), or
it is a notice (`notice:`, short Markdown) or a picture (`image:`); or it shows who
the party members are and what they promised (亮身份 · 亮承诺: `members:`, a 党员公示栏;
`branch_sign:`, a branch's committee; `commitments:`, a 承诺墙; identity.py reads these). Any
section may carry `from:`/`until:` dates (sections.py reads these newer kinds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..model.limits import CITATION, TITLE
from ..model.records import Content
from ..sources.fields import ID_PATTERN, Fields
from ..sources.messages import sentence, suggestion
from ..sources.paths import LINKED_OUT, inside
from ..sources.problems import Mark, Problems
from .identity import Scope, read_branch_sign, read_commitments, read_members
from .sections import Follow, ImageSource, read_dates, read_follow, read_image, read_notice

BOARD_KEYS = ["title", "subtitle", "period", "screen", "sections"]
SCREEN_KEYS = ["orientation", "seconds", "night"]
SECTION_KEYS = [
    "title",
    "caption",
    "results",
    "stars",
    "rotating",
    "people",
    "members",
    "branch_sign",
    "commitments",
    "campaign",
    "notice",
    "image",
    "from",
    "until",
]
# What a section draws from: exactly one of these, in the order messages name them.
SOURCES = {
    "results": "评选结果",
    "stars": "星级党员",
    "rotating": "流动奖牌",
    "people": "指定人员",
    "members": "党员公示栏",
    "branch_sign": "党支部公示牌",
    "commitments": "承诺墙",
    "campaign": "评选活动进程",
    "notice": "通知公告",
    "image": "图片",
}
_NUMBERS = "零一二三四五六七八九十"
ORIENTATIONS = {"landscape": "横屏 1920×1080", "portrait": "竖屏 1080×1920"}
NIGHT_MODES = {"dim": "调暗", "still": "只显示标题页"}
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Named:
    person: str
    citation: str | None


@dataclass(frozen=True)
class Section:
    title: str
    caption: str | None
    campaign: str | None = None  # results: this campaign's awarded …
    category: str | None = None  # … in this category (all categories when None)
    month: str | None = None  # stars: "latest" or YYYY-MM …
    branch: str | None = None  # … of this branch …
    floor: str | None = None  # … or of the members whose unit is on this floor
    people: tuple[Named, ...] = ()
    rotating: str | None = None  # a rotating category's id: its holders, campaign to campaign
    follow: Follow | None = None  # campaign: what the campaign shows at its stage
    notice: str | None = None  # notice: Markdown, rendered and cleaned as every body
    image: ImageSource | None = None  # image: a picture inside content/
    members: Scope | None = None  # members: the party members of a unit, a floor or a branch
    sign: str | None = None  # branch_sign: a branch record's id (its committee)
    wall: str | None = None  # commitments: the unit (or branch) whose 承诺墙 it shows
    shown_from: date | None = None  # from: the first day the section is shown
    shown_until: date | None = None  # until: the last day

    def shown_on(self, day: date) -> bool:
        """Within `from:` and `until:` (both inclusive)."""
        return (self.shown_from is None or self.shown_from <= day) and (
            self.shown_until is None or day <= self.shown_until
        )


@dataclass(frozen=True)
class Screen:
    orientation: str = "landscape"
    seconds: int = 12
    night_from: str | None = None  # "20:00": from then until night_to, the screen rests
    night_to: str | None = None
    night_mode: str = "dim"


@dataclass(frozen=True)
class Board:
    id: str
    title: str
    subtitle: str | None
    period: str | None
    screen: Screen
    sections: tuple[Section, ...]
    mark: Mark


def load_boards(content: Content, months: set[str], problems: Problems) -> dict[str, Board]:
    """Every board under content/boards/, checked against the records; `months` are the rated months."""
    boards = {}
    for path in sorted((content.root / "boards").glob("*.y*ml")):
        if not inside(content.root, path):
            problems.error(Mark(path), LINKED_OUT)
            continue
        board = read_board(path, content, months, problems)
        if board is not None:
            boards[board.id] = board
    return boards


def read_board(path: Path, content: Content, months: set[str], problems: Problems) -> Board | None:
    if not ID_PATTERN.match(path.stem):
        problems.error(
            Mark(path), f"文件名“{path.name}”不能作编号：只能用小写字母、数字和连字符“-”"
        )
        return None
    fields = Fields.of_file(path, problems, BOARD_KEYS)
    if fields is None:
        return None
    title = fields.text("title", required=True, limit=TITLE)
    sections = tuple(
        section
        for item in fields.mappings("sections", SECTION_KEYS, required=True)
        if (section := _section(item, path, content, months)) is not None
    )
    screen = _screen(fields)
    if title is None:
        return None
    return Board(
        path.stem,
        title,
        fields.text("subtitle", limit=TITLE),
        fields.text("period", limit=TITLE),
        screen,
        sections,
        fields.mark,
    )


def _screen(fields: Fields) -> Screen:
    screen = fields.mapping("screen", SCREEN_KEYS)
    if screen is None:
        return Screen()
    night_from = night_to = None
    night = screen.mapping("night", ["from", "to", "mode"])
    if night is not None:
        night_from, night_to = night.text("from", required=True), night.text("to", required=True)
        for key, value in (("from", night_from), ("to", night_to)):
            if value is not None and not _CLOCK.match(value):
                night.error(key, f"应写作 时:分（如 20:00），而不是“{value}”")
    return Screen(
        orientation=screen.choice("orientation", ORIENTATIONS, default="landscape") or "landscape",
        seconds=screen.integer("seconds", minimum=4, maximum=600) or 12,
        night_from=night_from,
        night_to=night_to,
        night_mode=(night.choice("mode", NIGHT_MODES, default="dim") if night else None) or "dim",
    )


def _section(item: Fields, path: Path, content: Content, months: set[str]) -> Section | None:
    title = item.text("title", required=True, limit=TITLE)
    sources = [key for key in SOURCES if item.has(key)]
    start, end = read_dates(item)
    if len(sources) != 1:
        choices = "、".join(f"{key}（{label}）" for key, label in SOURCES.items())
        item.problems.error(
            item.mark, f"字段“{item.where}”应写 {choices}{_NUMBERS[len(SOURCES)]}者之一"
        )
        return None
    caption = item.text("caption", limit=CITATION, lines=True)
    if title is None:
        return None
    section = _source(item, sources[0], path, title, caption, content, months)
    if section is None or (start is None and end is None):
        return section
    return replace(section, shown_from=start, shown_until=end)


def _source(
    item: Fields,
    source: str,
    path: Path,
    title: str,
    caption: str | None,
    content: Content,
    months: set[str],
) -> Section | None:
    if source == "results":
        return _results_section(item, title, caption, content)
    if source == "stars":
        return _stars_section(item, title, caption, content, months)
    if source == "rotating":
        return _rotating_section(item, title, caption, content)
    if source == "campaign":
        follow = read_follow(item, content)
        return Section(title, caption, follow=follow) if follow else None
    if source == "notice":
        notice = read_notice(item)
        return Section(title, caption, notice=notice) if notice else None
    if source == "image":
        image = read_image(item, path, content.root.resolve())
        return Section(title, caption, image=image) if image else None
    if source == "members":
        scope = read_members(item, content)
        return Section(title, caption, members=scope) if scope else None
    if source == "branch_sign":
        sign = read_branch_sign(item, content)
        return Section(title, caption, sign=sign) if sign else None
    if source == "commitments":
        wall = read_commitments(item, content)
        return Section(title, caption, wall=wall) if wall else None
    named = []
    for entry in item.mappings("people", ["id", "citation"], required=True):
        person = entry.identifier("id", required=True)
        if person is not None and person not in content.people:
            entry.error(
                "id",
                sentence(f"的值“{person}”在 people/ 中不存在", suggestion(person, content.people)),
            )
        elif person is not None:
            named.append(Named(person, entry.text("citation", limit=CITATION, lines=True)))
    return Section(title, caption, people=tuple(named))


def _results_section(
    item: Fields, title: str, caption: str | None, content: Content
) -> Section | None:
    source = item.mapping("results", ["campaign", "category"])
    assert source is not None
    campaign_id = source.identifier("campaign", required=True)
    category = source.identifier("category")
    campaign = content.campaigns.get(campaign_id or "")
    if campaign_id is not None and campaign is None:
        source.error(
            "campaign",
            sentence(
                f"的值“{campaign_id}”不是已有的评选活动", suggestion(campaign_id, content.campaigns)
            ),
        )
        return None
    if campaign is not None and category is not None and campaign.category(category) is None:
        names = [c.id for c in campaign.categories]
        source.error(
            "category",
            sentence(
                f"的值“{category}”不是该活动的类别",
                suggestion(category, names),
                f"可选：{'、'.join(names)}",
            ),
        )
        return None
    return Section(title, caption, campaign=campaign_id, category=category)


def _stars_section(
    item: Fields, title: str, caption: str | None, content: Content, months: set[str]
) -> Section | None:
    source = item.mapping("stars", ["month", "branch", "floor"])
    assert source is not None
    month = source.text("month") or "latest"
    branch, floor = source.identifier("branch"), source.text("floor")
    if month != "latest" and month not in months:
        known = "、".join(sorted(months)) or "（尚无评定）"
        source.error(
            "month",
            f"的值“{month}”没有对应的评定文件 ratings/{month}.csv；已有：{known}，或写 latest（最新一个月）",
        )
        return None
    if branch is not None and floor is not None:
        source.error("floor", "与 branch 只能写一个")
        return None
    if branch is not None and (
        content.units.get(branch) is None or content.units[branch].kind != "branch"
    ):
        branches = [u.id for u in content.units.values() if u.kind == "branch"]
        source.error(
            "branch", sentence(f"的值“{branch}”不是已登记的党支部", suggestion(branch, branches))
        )
        return None
    if floor is not None and floor not in {u.floor for u in content.units.values()}:
        source.error("floor", f"的值“{floor}”不是任何单位所在的楼层")
        return None
    return Section(title, caption, month=month, branch=branch, floor=floor)


def _rotating_section(
    item: Fields, title: str, caption: str | None, content: Content
) -> Section | None:
    """`rotating: banner`: the category of that id with `rotating: true`, in any campaign (the
    board follows it from campaign to campaign; which of them the site shows is decided by the
    build date, in site/boardviews.py)."""
    category_id = item.identifier("rotating", required=True)
    if category_id is None:
        return None
    rotating = sorted(
        {c.id for campaign in content.campaigns.values() for c in campaign.categories if c.rotating}
    )
    if category_id in rotating:
        return Section(title, caption, rotating=category_id)
    fixed = sorted(
        (
            campaign
            for campaign in content.campaigns.values()
            if any(c.id == category_id for c in campaign.categories)
        ),
        key=lambda c: (c.published, c.id),
        reverse=True,
    )
    if fixed:
        # The newest two by name: 评选活动“甲”中的该类别 / “甲”、“乙”中的该类别都 / … 等4个活动中的该类别都
        named = "、".join(f"“{campaign.name}”" for campaign in fixed[:2])
        more = f"等{len(fixed)}个活动" if len(fixed) > 2 else ""
        where = f"评选活动{named}{more}中的该类别{'都' if len(fixed) > 1 else ''}"
        item.error(
            "rotating",
            sentence(
                f"的值“{category_id}”不是流动奖牌类别：{where}没有写 rotating: true",
                f"已有的流动奖牌类别：{'、'.join(rotating)}" if rotating else None,
            ),
        )
        return None
    item.error(
        "rotating",
        sentence(
            f"的值“{category_id}”不是任何评选活动中的流动奖牌类别（写有 rotating: true 的类别）",
            suggestion(category_id, rotating),
            f"已有：{'、'.join(rotating)}" if rotating else "目前还没有流动奖牌类别",
        ),
    )
    return None
