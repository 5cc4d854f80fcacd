"""/people/ (everyone, by kind) and /people/<id>/ (a person's honours and nominations; a
team's citation and members; a member's share of their teams' honours)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from ...boards.ratings import month_label, star_months, stars_label
from ...model.records import NominationResult, RecordKind
from ..views import NominationView, PersonView, Views, wall_uri
from .common import group_by, nominations_by_person, preview_image
from .spec import HIDE_TOC, PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class PeopleContext(PageContext):
    groups: list[tuple[str, list[PersonView]]]  # (kind label, its people)


@dataclass(frozen=True)
class TeamShare:
    """A team a person is a member of, with the honours the team holds (所在集体获得的荣誉)."""

    team: PersonView
    role: str | None  # the person's role in the team: 队长, 队员 …
    awarded: list[NominationView]  # the team's awarded nominations, newest campaign first
    honours: tuple[str, ...]  # the team record's own `honours:`


@dataclass(frozen=True)
class PersonContext(PageContext):
    person: PersonView
    nominations: list[NominationView]  # newest campaign first
    stars: list[str]  # `2026年10月 五星党员`, newest first
    # the teams the person is a member of that hold an honour (fragments/_team.html)
    teams: list[TeamShare] = field(default_factory=list)
    wall: str | None = None  # the 承诺墙 of the record's unit, when the record is on it


def people_index(views: Views) -> PageSpec:
    people = sorted(
        (views.person(pid) for pid in views.content.people),
        key=lambda p: (p.kind != "person", p.unit.name if p.unit else "", p.name),
    )
    return PageSpec(
        "people/index.md",
        PageKind.PEOPLE,
        "人员名录",
        PeopleContext(group_by(people, lambda p: p.kind_label)),
        hide=HIDE_TOC,
    )


def person_pages(views: Views) -> Iterator[PageSpec]:
    nominations = nominations_by_person(views)
    teams = team_shares(views, nominations)
    on_walls = {(unit, p.id) for unit, records in views.walls.items() for p in records}
    for person_id, person in views.content.people.items():
        view = views.person(person_id)
        yield PageSpec(
            view.src_uri,
            PageKind.PERSON,
            person.name,
            PersonContext(
                view,
                nominations.get(person_id, []),
                _star_months(views, person_id),
                teams.get(person_id, []),
                wall_uri(person.unit) if (person.unit, person_id) in on_walls else None,
            ),
            markdown=person.intro,
            description=f"{person.name}（{view.unit.name if view.unit else ''}）",
            image=preview_image(view.portrait),
            hide=HIDE_TOC,
            search_keys=(person.name,),
        )


def team_shares(
    views: Views, nominations: dict[str, list[NominationView]]
) -> dict[str, list[TeamShare]]:
    """For each person who is a member of a team (a `person:` of its `members:`), the teams
    that hold an honour: awarded in a published nomination, or in the team's `honours:`.
    Teams in the order of people/, a member listed twice in one team counted once."""
    found: dict[str, list[TeamShare]] = defaultdict(list)
    people = views.content.people
    for team in people.values():
        if team.kind != RecordKind.TEAM:
            continue
        awarded = [n for n in nominations.get(team.id, []) if n.result == NominationResult.AWARDED]
        if not awarded and not team.honours:
            continue
        seen: set[str] = set()
        for member in team.team:
            person_id = member.person
            if person_id is None or person_id not in people or person_id in seen:
                continue
            seen.add(person_id)
            found[person_id].append(
                TeamShare(views.person(team.id), member.role, awarded, team.honours)
            )
    return dict(found)


def _star_months(views: Views, person_id: str) -> list[str]:
    months = sorted(star_months(views.months, person_id), reverse=True)
    return [f"{month_label(month)} {stars_label(stars)}党员" for month, stars in months]
