"""`honours forms`: a campaign's forms and sheets for the units, written into one folder.

For each category its blank form (DOCX), for each nomination its form filled in from the
records (for signature and seal), the 推荐名单汇总表 and the 名额分配表 (XLSX). What the
files hold is internal (phones included): they go to `forms/<campaign>/`, never into the site.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model.records import (
    Campaign,
    Category,
    Content,
    Deeds,
    NominationStatus,
    PrivateStore,
    RecordKind,
)
from . import TEMPLATE_FOLDER as TEMPLATE_FOLDER  # a centre's templates: theme/office/
from .cells import record_cells
from .docxform import write_form
from .layout import FORM_NAMES, QUOTA_TITLE, SUMMARY_TITLE, Key
from .sheets import write_quota, write_summary
from .storydoc import STORY_DOCUMENT, write_story_document

BLANK_FOLDER = "空白表"
FILLED_FOLDER = "推荐表"
STORY_FOLDER = STORY_DOCUMENT  # 事迹材料/, where a category asks for a summary on the form

TemplateFinder = Callable[[RecordKind], Path | None]  # a centre's template, or None for ours


@dataclass(frozen=True)
class Written:
    path: Path
    what: str  # 空白推荐表 | 推荐表 | 空白事迹材料 | 事迹材料 | 汇总表 | 名额分配表


def form_title(campaign: Campaign, category: Category) -> str:
    """`2026年最美服务明星推荐表`."""
    return f"{campaign.year}年{category.name}{FORM_NAMES[RecordKind(category.kind)]}"


def story_rule(deeds: Deeds) -> str:
    """The length the notice asks of the 主要事迹: （不少于1000字）, （300—800字）…"""
    if deeds.minimum and deeds.maximum:
        return f"（{deeds.minimum}—{deeds.maximum}字）"
    if deeds.minimum:
        return f"（不少于{deeds.minimum}字）"
    if deeds.maximum:
        return f"（不超过{deeds.maximum}字）"
    return ""


def box_rule(category: Category) -> str:
    """The rule under the form's 主要事迹 label: the summary's where the category asks for
    one (the story then has its own document), else the story's."""
    return story_rule(category.summary if category.asks_summary else category.deeds)


def blank_form(
    out: Path, campaign: Campaign, category: Category, template: Path | None = None
) -> None:
    write_form(
        out,
        kind=RecordKind(category.kind),
        heading=form_title(campaign, category),
        cells={Key.CATEGORY: category.name},
        template=template,
        story_rule=box_rule(category),
    )


def blank_story(out: Path, category: Category) -> None:
    """A blank 事迹材料 for a category that asks for a summary on its form."""
    write_story_document(
        out,
        category=category.name,
        name="",
        unit="",
        title=None,
        subtitle=None,
        story="",
        rule=story_rule(category.deeds),
    )


def story_title(campaign: Campaign, category: Category) -> str:
    """`2026年优秀共产党员（党员示范岗）事迹材料`."""
    return f"{campaign.year}年{category.name}{STORY_DOCUMENT}"


def quota_sheet(out: Path, content: Content, campaign: Campaign) -> None:
    units = list(content.units.values())  # write_quota lists those that hold a quota
    write_quota(out, heading=f"{campaign.name}{QUOTA_TITLE}", campaign=campaign, units=units)


def write_forms(
    content: Content,
    private: PrivateStore,
    campaign_id: str,
    out: Path,
    templates: TemplateFinder | None = None,
) -> list[Written]:
    """Every file of the campaign into `out` (made if missing); files of the same names are
    replaced, each atomically."""
    campaign = content.campaigns[campaign_id]
    find = templates or (lambda _kind: None)
    written: list[Written] = []
    for each in campaign.categories:
        path = out / BLANK_FOLDER / f"{form_title(campaign, each)}.docx"
        path.parent.mkdir(parents=True, exist_ok=True)
        blank_form(path, campaign, each, find(RecordKind(each.kind)))
        written.append(Written(path, "空白推荐表"))
        if each.asks_summary:
            path = out / BLANK_FOLDER / f"{story_title(campaign, each)}.docx"
            blank_story(path, each)
            written.append(Written(path, "空白事迹材料"))
    rows = []
    for nomination in content.nominations_of(campaign_id):
        if nomination.status == NominationStatus.WITHDRAWN:  # no longer the unit's nomination
            continue
        person = content.people.get(nomination.nominee)
        category = campaign.category(nomination.category)
        if person is None or category is None:
            continue
        phone = private.people.get(person.id, {}).get("phone")
        cells = record_cells(person, nomination, campaign, content.units, phone, content.people)
        rows.append(cells)
        path = out / FILLED_FOLDER / f"{category.name}-{person.name}-{person.id}.docx"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_form(
            path,
            kind=RecordKind(category.kind),
            heading=form_title(campaign, category),
            cells=cells,
            photo=person.photo,
            template=find(RecordKind(category.kind)),
            story_rule=box_rule(category),
        )
        written.append(Written(path, "推荐表"))
        if category.asks_summary:
            path = out / STORY_FOLDER / f"{category.name}-{person.name}-{person.id}.docx"
            write_story_document(
                path,
                category=category.name,
                name=person.name,
                unit=cells[Key.UNIT],
                title=nomination.title,
                subtitle=nomination.subtitle,
                story=nomination.story,
                rule=story_rule(category.deeds),
            )
            written.append(Written(path, "事迹材料"))
    out.mkdir(parents=True, exist_ok=True)
    summary = out / f"{campaign.name}{SUMMARY_TITLE}.xlsx"
    write_summary(summary, heading=f"{campaign.name}{SUMMARY_TITLE}", rows=rows)
    written.append(Written(summary, "汇总表"))
    quota = out / f"{campaign.name}{QUOTA_TITLE}.xlsx"
    quota_sheet(quota, content, campaign)
    written.append(Written(quota, "名额分配表"))
    return written
