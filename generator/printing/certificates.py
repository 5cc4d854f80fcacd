"""荣誉证书: one page per awardee of a campaign, on plain paper (`certificate.typ`: border,
title, text) or on pre-printed certificate paper (`certificate-sheet.typ`: the text alone, at
positions the centre sets at the top of that template).

The wording follows the certificates that go with a 表彰决定: “<name>同志：” (a window or a
branch by its name alone), “在2026年度工作中表现突出，被评为“<category>”。特发此证，以资鼓励。”,
the issuer and the date of the commendation under it. The 证书编号 is the campaign's year, the
category's place in the campaign and the awardee's place in the category (2026-02-003): the
same records give the same numbers, and a new awardee in one category renumbers no other.
In a graded category (三星/四星/五星 windows) the certificate names the grade's honour,
被评为“五星级服务窗口”, and the awardees follow the results page: highest grade first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model.records import RecordKind
from ..site.boardviews import graded_honour
from ..site.pages.results import graded_groups
from .job import PrintJob

TEMPLATE = "certificate"
SHEET_TEMPLATE = "certificate-sheet"
TITLE = "荣誉证书"
NONE_AWARDED = "该活动还没有获表彰对象"


@dataclass(frozen=True)
class Certificate:
    """One certificate's text. `salutation` and `body` are what is printed; the other fields
    are there for a centre whose template words the certificate its own way."""

    name: str  # 王晓明 | 第一党支部
    kind: str  # person | window | branch
    address: str  # 同志： after a person's name, ： after a window's or a branch's
    salutation: str  # 王晓明同志： | 第一党支部：
    body: str  # 在2026年度工作中表现突出，被评为“优秀共产党员”。特发此证，以资鼓励。
    category: str  # 优秀共产党员（党员示范岗）
    year: int
    number: str  # 2026-02-003
    number_text: str  # 证书编号：2026-02-003
    grade: str | None = None  # 五星, in a graded category (the body says 五星级服务窗口)
    honour: str = ""  # what the body says the holder was named: the category or its grade's


@dataclass(frozen=True)
class CertificateSet:
    title: str  # 2026年“七一”评选表彰荣誉证书: the PDF's title
    campaign: str
    issuer: str
    date: str  # 2026年6月30日
    certificates: tuple[Certificate, ...]


def certificate_number(year: int, category_index: int, sequence: int) -> str:
    """2026, 2nd category, 3rd awardee in it → 2026-02-003."""
    return f"{year}-{category_index:02d}-{sequence:03d}"


def address(kind: str) -> str:
    """How a certificate addresses its holder: a person as 同志, a window or a branch by name."""
    return "同志：" if kind == RecordKind.PERSON else "："


def citation(year: int, category: str) -> str:
    return f"在{year}年度工作中表现突出，被评为“{category}”。特发此证，以资鼓励。"


def certificate_set(job: PrintJob, campaign_id: str) -> CertificateSet:
    """The certificates of a campaign's awardees, in the order of its results page (category by
    category, highest grade first, by code); ValueError when it has none yet."""
    views = job.views
    campaign = views.content.campaigns.get(campaign_id)
    if campaign is None:
        known = "、".join(views.content.campaigns) or "无"
        raise ValueError(f"没有编号为“{campaign_id}”的评选活动；已有：{known}")
    view = views.campaign(campaign)
    groups = graded_groups(views, campaign_id)
    index = {category.name: number for number, category in enumerate(view.categories, start=1)}
    job.check_text(campaign.mark, "发证单位", view.issuer)
    certificates = []
    for category, awardees in groups:
        job.check_text(campaign.mark, "类别名称", category)
        for sequence, nomination in enumerate(awardees, start=1):
            person = nomination.person
            record = views.content.people.get(person.id)
            job.check_text(record.mark if record else campaign.mark, "姓名", person.name)
            number = certificate_number(view.year, index[category], sequence)
            grade = nomination.grade
            honour = graded_honour(category, grade) if grade else category
            certificates.append(
                Certificate(
                    name=person.name,
                    kind=str(person.kind),
                    address=address(person.kind),
                    salutation=person.name + address(person.kind),
                    body=citation(view.year, honour),
                    category=category,
                    year=view.year,
                    number=number,
                    number_text=f"证书编号：{number}",
                    grade=grade,
                    honour=honour,
                )
            )
    if not certificates:
        raise ValueError(NONE_AWARDED)
    return CertificateSet(
        title=f"{view.name}{TITLE}",
        campaign=view.name,
        issuer=view.issuer,
        date=view.commendation or job.date_text,
        certificates=tuple(certificates),
    )


def certificates(job: PrintJob, campaign_id: str, sheet: bool = False) -> list[Path]:
    """The campaign's 荣誉证书, a page per awardee: `<name>荣誉证书.pdf`, or with `sheet` the text
    alone for pre-printed paper, `<name>荣誉证书（套打）.pdf`."""
    data = certificate_set(job, campaign_id)
    if sheet:
        return job.write(f"{data.title}（套打）.pdf", SHEET_TEMPLATE, data)
    return job.write(f"{data.title}.pdf", TEMPLATE, data)
