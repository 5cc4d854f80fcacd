"""The pages the site is made of: one function per page kind.

Each returns `PageSpec`s: a path, a title, the Markdown body MkDocs renders
(a notice, a story, an introduction) and the public views for the fragment
that frames it. URLs are a public interface: keep them stable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..boards.ratings import month_label, star_months, stars_label
from ..media.portraits import Portrait
from ..model.records import Nomination
from ..model.stages import STAGES
from ..sources.datetext import period_text, window_state
from .boardviews import board_view
from .views import Views

STAGE_ORDER = ["voting", "publicity", "nominating", "reviewing", "upcoming", "announced"]


@dataclass
class PageSpec:
    src_uri: str
    kind: str  # the fragment: fragments/<kind>.html
    title: str
    markdown: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    in_nav: bool = False
    description: str = ""
    image: str | None = None  # src_uri of a portrait, for link previews
    qr: bool = False  # show a QR code of the page's address


def preview_image(portrait: Portrait | None) -> str | None:
    if portrait is None or portrait.framing == "placeholder":
        return None
    return portrait.largest.jpeg


def all_pages(views: Views) -> Iterator[PageSpec]:
    yield home_page(views)
    yield campaigns_index(views)
    for campaign_id in views.visible_campaigns():
        yield campaign_page(views, campaign_id)
        yield nominees_page(views, campaign_id)
        yield from vote_page(views, campaign_id)
        yield from publicity_page(views, campaign_id)
        yield results_page(views, campaign_id)
        yield from profile_pages(views, campaign_id)
    yield from honour_rolls(views)
    yield from board_pages(views)
    yield people_index(views)
    yield from person_pages(views)
    yield units_index(views)
    yield from unit_pages(views)


def _campaigns_by_stage(views: Views) -> list[tuple[str, list[Any]]]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for campaign in sorted(
        views.visible_campaigns().values(), key=lambda c: (c.year, c.published), reverse=True
    ):
        view = views.campaign(campaign)
        groups[view.stage.key].append(view)
    return [(STAGES[key], groups[key]) for key in STAGE_ORDER if groups.get(key)]


def _awarded(views: Views) -> list[Any]:
    awarded = [n for n in views.published_nominations() if n.result == "awarded"]
    campaigns = views.content.campaigns
    awarded.sort(
        key=lambda n: (campaigns[n.campaign].year, campaigns[n.campaign].published), reverse=True
    )
    return [views.nomination(n) for n in awarded]


def home_page(views: Views) -> PageSpec:
    organisation = views.content.organisation
    context = {
        "organisation": organisation,
        "stages": _campaigns_by_stage(views),
        "recent": _awarded(views)[:12],
    }
    return PageSpec(
        "index.md",
        "home",
        "首页",
        views.content.intro,
        context,
        in_nav=True,
        description=f"{organisation.name}评选表彰与光荣榜",
    )


def campaigns_index(views: Views) -> PageSpec:
    return PageSpec(
        "campaigns/index.md",
        "campaigns",
        "评选活动",
        context={"stages": _campaigns_by_stage(views)},
        in_nav=True,
    )


def campaign_page(views: Views, campaign_id: str) -> PageSpec:
    campaign = views.content.campaigns[campaign_id]
    view = views.campaign(campaign)
    count = len(views.published_nominations(campaign_id))
    return PageSpec(
        view.src_uri,
        "campaign",
        view.name,
        campaign.body,
        {"campaign": view, "nominee_count": count, "organisation": views.content.organisation},
        in_nav=True,
        description=view.title,
        qr=True,
    )


def nominees_page(views: Views, campaign_id: str) -> PageSpec:
    campaign = views.content.campaigns[campaign_id]
    by_category = _by_category(views, campaign_id, lambda n: True)
    by_unit: dict[str, list[Any]] = defaultdict(list)
    for _, group in by_category:
        for nomination in group:
            by_unit[nomination.person.unit.name if nomination.person.unit else "其他"].append(
                nomination
            )
    return PageSpec(
        f"campaigns/{campaign_id}/nominees.md",
        "nominees",
        f"{campaign.name} 推荐对象",
        context={
            "campaign": views.campaign(campaign),
            "by_category": by_category,
            "by_unit": sorted(by_unit.items()),
        },
        description=f"{campaign.name}全部推荐对象",
    )


def profile_pages(views: Views, campaign_id: str) -> Iterator[PageSpec]:
    campaign = views.content.campaigns[campaign_id]
    campaign_view = views.campaign(campaign)
    for nomination in views.published_nominations(campaign_id):
        view = views.nomination(nomination)
        person = view.person
        heading = view.title or person.name
        yield PageSpec(
            view.src_uri,
            "profile",
            f"{person.name}｜{campaign.name}",
            nomination.story,
            {
                "nomination": view,
                "person": person,
                "campaign": campaign_view,
                "channels": campaign.voting.channels,
            },
            description=f"{campaign.name}{view.category}推荐对象：{person.name}（{person.unit.name if person.unit else ''}）{heading}",
            image=preview_image(person.portrait),
            qr=True,
        )


def people_index(views: Views) -> PageSpec:
    people = sorted(
        (views.person(pid) for pid in views.content.people),
        key=lambda p: (p.kind != "person", p.unit.name if p.unit else "", p.name),
    )
    groups: dict[str, list[Any]] = defaultdict(list)
    for person in people:
        groups[person.kind_label].append(person)
    return PageSpec(
        "people/index.md", "people", "人员名录", context={"groups": list(groups.items())}
    )


def _nominations_by_person(views: Views) -> dict[str, list[Any]]:
    result: dict[str, list[Any]] = defaultdict(list)
    campaigns = views.content.campaigns
    for nomination in sorted(
        views.published_nominations(), key=lambda n: campaigns[n.campaign].published, reverse=True
    ):
        result[nomination.nominee].append(views.nomination(nomination))
    return result


def _star_months(views: Views, person_id: str) -> list[str]:
    """`2026年10月 五星党员`, newest first."""
    months = sorted(star_months(views.months, person_id), reverse=True)
    return [f"{month_label(month)} {stars_label(stars)}党员" for month, stars in months]


def person_pages(views: Views) -> Iterator[PageSpec]:
    nominations = _nominations_by_person(views)
    for person_id, person in views.content.people.items():
        view = views.person(person_id)
        yield PageSpec(
            view.src_uri,
            "person",
            person.name,
            person.intro,
            {
                "person": view,
                "nominations": nominations.get(person_id, []),
                "stars": _star_months(views, person_id),
            },
            description=f"{person.name}（{view.unit.name if view.unit else ''}）",
            image=preview_image(view.portrait),
        )


def units_index(views: Views) -> PageSpec:
    units = sorted(views.content.units.values(), key=lambda u: (u.floor or "", u.name))
    groups: dict[str, list[Any]] = defaultdict(list)
    for unit in units:
        view = views.unit(unit.id)
        groups[unit.kind_label].append(view)
    return PageSpec("units/index.md", "units", "单位名录", context={"groups": list(groups.items())})


def unit_pages(views: Views) -> Iterator[PageSpec]:
    nominations = _nominations_by_person(views)
    members: dict[str, list[Any]] = defaultdict(list)
    for person_id, person in views.content.people.items():
        members[person.unit].append(views.person(person_id))
    children: dict[str, list[Any]] = defaultdict(list)
    for unit in views.content.units.values():
        if unit.parent:
            children[unit.parent].append(views.unit(unit.id))
    for unit_id, unit in views.content.units.items():
        people = sorted(members.get(unit_id, []), key=lambda p: p.name)
        honours = [n for p in people for n in nominations.get(p.id, []) if n.result == "awarded"]
        yield PageSpec(
            f"units/{unit_id}.md",
            "unit",
            unit.name,
            context={
                "unit": views.unit(unit_id),
                "staff": unit.staff,
                "parent": views.unit(unit.parent) if unit.parent else None,
                "children": children.get(unit_id, []),
                "people": people,
                "honours": honours,
            },
            description=f"{unit.name}（{unit.kind_label}）",
        )


def _by_category(
    views: Views, campaign_id: str, keep: Callable[[Nomination], bool], keep_empty: bool = False
) -> list[tuple[str, list[Any]]]:
    """Published nominations that `keep` accepts, per category in the campaign's order, by code.

    Categories with none are left out unless `keep_empty`."""
    campaign = views.content.campaigns[campaign_id]
    chosen = [n for n in views.published_nominations(campaign_id) if keep(n)]
    groups = []
    for category in campaign.categories:
        members = sorted(
            (n for n in chosen if n.category == category.id), key=lambda n: n.code or 0
        )
        if members or keep_empty:
            groups.append((category.name, [views.nomination(n) for n in members]))
    return groups


def vote_page(views: Views, campaign_id: str) -> Iterator[PageSpec]:
    campaign = views.content.campaigns[campaign_id]
    period = campaign.period("voting")
    if period is None:
        return
    view = views.campaign(campaign)
    yield PageSpec(
        f"campaigns/{campaign_id}/vote.md",
        "vote",
        f"{campaign.name} 投票",
        context={
            "campaign": view,
            "window": period_text(period),
            "state": window_state(period, views.today),
            "channels": campaign.voting.channels,
            "rules": campaign.voting.rules,
            "groups": _by_category(
                views, campaign_id, lambda n: n.status == "candidate", keep_empty=True
            ),
        },
        description=f"{campaign.name}投票方式和候选名单",
        qr=True,
    )


def publicity_page(views: Views, campaign_id: str) -> Iterator[PageSpec]:
    campaign = views.content.campaigns[campaign_id]
    period = campaign.period("publicity")
    if period is None:
        return
    state = window_state(period, views.today)
    groups = (
        _by_category(views, campaign_id, lambda n: n.result in ("proposed", "awarded"))
        if state != "before"
        else []
    )
    yield PageSpec(
        f"campaigns/{campaign_id}/publicity.md",
        "publicity",
        f"{campaign.name} 公示",
        context={
            "campaign": views.campaign(campaign),
            "period": period_text(period),
            "state": state,
            "groups": groups,
            "organisation": views.content.organisation,
        },
        description=f"{campaign.name}拟表彰名单公示",
        qr=True,
    )


def results_page(views: Views, campaign_id: str) -> PageSpec:
    campaign = views.content.campaigns[campaign_id]
    groups = _by_category(views, campaign_id, lambda n: n.result == "awarded")
    return PageSpec(
        f"campaigns/{campaign_id}/results.md",
        "results",
        f"{campaign.name} 评选结果",
        context={
            "campaign": views.campaign(campaign),
            "groups": groups,
        },
        description=f"{campaign.name}表彰名单",
    )


def _roll(views: Views, year: int) -> list[tuple[Any, list[tuple[str, list[Any]]]]]:
    """A year's awarded, by campaign and category: [(campaign view, [(category name, [nomination views])])]."""
    campaigns = sorted(
        (c for c in views.visible_campaigns().values() if c.year == year),
        key=lambda c: c.published,
        reverse=True,
    )
    roll = []
    for campaign in campaigns:
        groups = _by_category(views, campaign.id, lambda n: n.result == "awarded")
        if groups:
            roll.append((views.campaign(campaign), groups))
    return roll


def honour_rolls(views: Views) -> Iterator[PageSpec]:
    """/honours/ (every year, newest first) and /honours/<year>/."""
    years = sorted({c.year for c in views.visible_campaigns().values()}, reverse=True)
    rolls = {year: _roll(views, year) for year in years}
    years = [year for year in years if rolls[year]]
    counts = {
        year: sum(len(group) for _, groups in rolls[year] for _, group in groups) for year in years
    }
    yield PageSpec(
        "honours/index.md",
        "honours",
        "光荣榜",
        context={
            "years": [(year, counts[year], f"honours/{year}.md") for year in years],
            "rolls": [(year, rolls[year]) for year in years],
        },
        in_nav=True,
        description=f"{views.content.organisation.name}历年表彰名单",
    )
    for year in years:
        yield PageSpec(
            f"honours/{year}.md",
            "honours_year",
            f"{year}年度光荣榜",
            context={"year": year, "campaigns": rolls[year], "count": counts[year]},
            description=f"{views.content.organisation.name}{year}年度表彰名单",
        )


def board_pages(views: Views) -> Iterator[PageSpec]:
    """/boards/, /boards/<id>/ (the board as a web page) and /screens/<id>/ (for a hallway TV)."""
    boards = [board_view(views, board, views.months) for board in views.boards.values()]
    if not boards:
        return
    yield PageSpec("boards/index.md", "boards", "荣誉榜", context={"boards": boards}, in_nav=True)
    for board in boards:
        yield PageSpec(
            board.src_uri, "board", board.title, context={"board": board}, description=board.title
        )
        yield PageSpec(
            board.screen_uri,
            "screen",
            board.title,
            context={"board": board, "slides": list(board.slides()), "screen": board.screen},
            description=f"{board.title}（大厅屏幕）",
        )
