"""/people/ (everyone, by kind) and /people/<id>/ (a person's honours and nominations)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...boards.ratings import month_label, star_months, stars_label
from ..views import NominationView, PersonView, Views
from .common import group_by, nominations_by_person, preview_image
from .spec import HIDE_TOC, PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class PeopleContext(PageContext):
    groups: list[tuple[str, list[PersonView]]]  # (kind label, its people)


@dataclass(frozen=True)
class PersonContext(PageContext):
    person: PersonView
    nominations: list[NominationView]  # newest campaign first
    stars: list[str]  # `2026年10月 五星党员`, newest first


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
    for person_id, person in views.content.people.items():
        view = views.person(person_id)
        yield PageSpec(
            view.src_uri,
            PageKind.PERSON,
            person.name,
            PersonContext(view, nominations.get(person_id, []), _star_months(views, person_id)),
            markdown=person.intro,
            description=f"{person.name}（{view.unit.name if view.unit else ''}）",
            image=preview_image(view.portrait),
            hide=HIDE_TOC,
            search_keys=(person.name,),
        )


def _star_months(views: Views, person_id: str) -> list[str]:
    months = sorted(star_months(views.months, person_id), reverse=True)
    return [f"{month_label(month)} {stars_label(stars)}党员" for month, stars in months]
