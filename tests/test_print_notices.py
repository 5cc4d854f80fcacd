"""The 公示 and the 表彰名单 as printed: the wording, names, dates and contacts read back from
the PDFs, fonts embedded, pages that are not blank, the QR code to the online 公示, nothing the
publish policy hides and no private value, long tables with their header on every page, the
same bytes twice, and record text printed literally."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.model.records import NominationResult, PeriodName
from generator.printing.job import PrintJob
from generator.printing.notices import NO_SITE_URL, excerpt, publicity, results
from generator.site.pages.publicity import PublicityContext, publicity_page
from generator.site.views import Views
from generator.sources.datetext import cn_date
from tests.conftest import print_job
from tests.pdfcheck import (
    ink,
    page_count,
    page_texts,
    pdf_text,
    private_values,
    qr_codes,
    render,
    squash,
    unembedded_fonts,
    views_of,
)

MOST_BEAUTIFUL = "2026-most-beautiful"  # its 公示 is open at the demo's build date
DECIDED = ("2025-model-post", "2026-party-honours")  # awarded: 公示 closed, 表彰名单 out
PUBLICITY_URL = "https://rongyu.example.gov.cn/campaigns/2026-most-beautiful/publicity/"


# -- reading PDFs back ------------------------------------------------------------------------
def last_page_codes(path: Path, folder: Path) -> list[str]:
    """The QR codes of the last page (where the 落款 is)."""
    return [
        code
        for image in render(path, folder, dpi=120, first=page_count(path))
        for code in qr_codes(image)
    ]


# -- the demo's kit ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def kit(
    print_views: Views, tmp_path_factory: pytest.TempPathFactory
) -> tuple[PrintJob, dict[str, Path]]:
    """The 公示 of three campaigns and the 表彰名单 of the two decided ones."""
    job = print_job(print_views, tmp_path_factory.mktemp("notices"))
    files = {}
    for campaign_id in (MOST_BEAUTIFUL, *DECIDED):
        [files[f"publicity/{campaign_id}"]] = publicity(job, campaign_id)
    for campaign_id in DECIDED:
        [files[f"results/{campaign_id}"]] = results(job, campaign_id)
    return job, files


def proposed_names(views: Views, campaign_id: str) -> list[str]:
    spec = next(publicity_page(views, campaign_id))
    assert isinstance(spec.context, PublicityContext)
    return [n.person.name for _, group in spec.context.groups for n in group]


# -- what the 公示 says -------------------------------------------------------------------------
@pytest.mark.parametrize("campaign_id", [MOST_BEAUTIFUL, *DECIDED])
def test_the_publicity_notice_names_everyone_proposed_with_its_period_and_contacts(
    kit: tuple[PrintJob, dict[str, Path]], print_views: Views, campaign_id: str
) -> None:
    job, files = kit
    path = files[f"publicity/{campaign_id}"]
    campaign = print_views.content.campaigns[campaign_id]
    period = campaign.period(PeriodName.PUBLICITY)
    assert period is not None
    assert path.name == f"{campaign.name}拟表彰对象公示.pdf"
    text = pdf_text(path)
    assert squash(f"关于{campaign.name}拟表彰对象的公示") in text
    names = proposed_names(print_views, campaign_id)
    assert names
    for name in names:
        assert squash(name) in text, name
    start, end = cn_date(period.start.date()), cn_date(period.end.date())
    assert f"公示期为{start}至{end}" in text
    assert "现将拟表彰对象予以公示" in text and "如对拟表彰对象有异议" in text
    supervision = print_views.content.organisation.supervision
    assert supervision and supervision.phone and supervision.email and supervision.address
    assert f"监督电话：{supervision.phone}" in text
    assert f"电子邮箱：{supervision.email}" in text
    assert f"来信地址：{squash(supervision.address)}" in text
    for contact in campaign.contacts:
        assert squash(contact.name) in text and (contact.phone or "") in text
    assert f"{squash(campaign.issuer)}{start}" in text  # the 落款: issuer and the period's start
    assert "扫码查看网上公示" in text
    assert not job.problems.items, job.problems.report()


def test_the_table_has_the_columns_a_publicity_carries_and_the_deeds(
    kit: tuple[PrintJob, dict[str, Path]],
) -> None:
    _, files = kit
    text = pdf_text(files[f"publicity/{MOST_BEAUTIFUL}"])
    # the demo publishes 性别, 民族, 政治面貌: those columns, in a 公示's order
    assert "序号姓名性别民族政治面貌单位及职务简要事迹" in text
    assert "序号名称窗口负责人工作人员简要事迹" in text  # windows: their own facts
    assert "一、最美服务窗口（3个）" in text and "二、最美服务明星（5名）" in text
    # 简要事迹: title——subtitle; the unit and post run together as a 公示 writes them
    assert "吴海波男满族群众税务综合窗口发票业务岗窗口里的“发票活字典”——记税务综合窗口" in text
    assert "税务综合窗口王晓明窗口负责人9人让每一位纳税人少跑一趟" in text
    # without a title, the story's opening (2026-party-honours has none)
    honours = pdf_text(files["publicity/2026-party-honours"])
    assert (
        "第一党支部现有党员31名，由综合受理大厅、税务综合窗口和“办不成事”反映窗口的党员组成。"
        in (honours)
    )


def test_a_story_opening_is_cut_at_a_sentence_or_a_clause() -> None:
    assert excerpt("短的事迹。") == "短的事迹。"
    sentence = "第一句话写了二十多个字符在这里面，还有更多。" + "后面的句子" * 10
    assert excerpt(sentence) == "第一句话写了二十多个字符在这里面，还有更多。"
    clause = "这一句很长很长很长很长很长很长很长很长很长，一直没有句号" + "还在继续" * 10
    assert excerpt(clause) == "这一句很长很长很长很长很长很长很长很长很长……"
    assert excerpt("字" * 50) == "字" * 40 + "……"
    longer = "字" * 44 + "。" + "后面的句子" * 10  # a sentence a little over 40 stays whole
    assert excerpt(longer) == "字" * 44 + "。"


# -- the 表彰名单 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("campaign_id", DECIDED)
def test_the_results_list_names_the_awarded_with_issuer_and_commendation_date(
    kit: tuple[PrintJob, dict[str, Path]], print_views: Views, campaign_id: str
) -> None:
    _, files = kit
    path = files[f"results/{campaign_id}"]
    campaign = print_views.content.campaigns[campaign_id]
    assert path.name == f"{campaign.name}表彰名单.pdf"
    text = pdf_text(path)
    assert squash(campaign.name) in text and "名单" in text
    awarded = [
        print_views.content.people[n.nominee].name
        for n in print_views.published_nominations(campaign_id)
        if n.result == NominationResult.AWARDED
    ]
    not_awarded = [
        print_views.content.people[n.nominee].name
        for n in print_views.published_nominations(campaign_id)
        if n.result == NominationResult.NOT_AWARDED
    ]
    assert awarded
    for name in awarded:
        assert squash(name) in text, name
    for name in not_awarded:
        assert f"{name}" not in text or any(name in a for a in awarded), name
    commendation = campaign.period(PeriodName.COMMENDATION)
    assert commendation is not None
    assert f"{squash(campaign.issuer)}{cn_date(commendation.start.date())}" in text
    assert "予以表彰" in text and "单位及职务" in text
    assert "性别" not in text and "民族" not in text  # name and post only


def test_results_title_does_not_say_表彰_twice(kit: tuple[PrintJob, dict[str, Path]]) -> None:
    _, files = kit
    text = pdf_text(files["results/2026-party-honours"])
    assert text.startswith("2026年“七一”评选表彰名单")
    assert "一、先进基层党组织（1个）" in text and "授予1个党组织“先进基层党组织”称号" in text


def test_nothing_to_print_is_a_reason_in_chinese(print_views: Views, tmp_path: Path) -> None:
    job = print_job(print_views, tmp_path)
    with pytest.raises(ValueError, match="公示期尚未开始，还没有拟表彰对象"):
        publicity(job, "2026-model-post")
    with pytest.raises(ValueError, match="该活动还没有获表彰对象"):
        results(job, MOST_BEAUTIFUL)
    campaign = print_views.content.campaigns[MOST_BEAUTIFUL]
    without = replace(
        campaign, timeline=tuple(p for p in campaign.timeline if p.name != PeriodName.PUBLICITY)
    )
    content = replace(
        print_views.content,
        campaigns={**print_views.content.campaigns, MOST_BEAUTIFUL: without},
    )
    with pytest.raises(ValueError, match="该活动没有公示期"):
        publicity(print_job(views_of(print_views, content), tmp_path), MOST_BEAUTIFUL)
    with pytest.raises(ValueError, match="没有编号为“nope”的评选活动"):
        publicity(job, "nope")
    assert not list(tmp_path.glob("*.pdf"))


# -- as printed -----------------------------------------------------------------------------------
def test_every_font_is_embedded(kit: tuple[PrintJob, dict[str, Path]]) -> None:
    _, files = kit
    for key, path in files.items():
        assert not unembedded_fonts(path), key


def test_every_page_renders_with_ink_on_it(
    kit: tuple[PrintJob, dict[str, Path]], tmp_path: Path
) -> None:
    _, files = kit
    for key, path in files.items():
        pages = render(path, tmp_path / key)
        assert len(pages) == page_count(path), key
        # a first page of title, text and tables is 5-10 % ink at 50 dpi; a last page may hold
        # only the closing paragraph and the 落款 (about 1 %)
        assert ink(pages[0]) > 0.03, f"{key} page 1: {ink(pages[0]):.3f}"
        for number, page in enumerate(pages, start=1):
            assert ink(page) > 0.008, f"{key} page {number}: {ink(page):.3f}"


def test_the_qr_code_opens_the_online_publicity(
    kit: tuple[PrintJob, dict[str, Path]], tmp_path: Path
) -> None:
    _, files = kit
    assert last_page_codes(files[f"publicity/{MOST_BEAUTIFUL}"], tmp_path) == [PUBLICITY_URL]


def test_without_a_site_url_no_qr_code_and_a_warning(print_views: Views, tmp_path: Path) -> None:
    job = print_job(print_views, tmp_path, site_url=None)
    [path] = publicity(job, MOST_BEAUTIFUL)
    assert last_page_codes(path, tmp_path / "png") == []
    assert "扫码" not in pdf_text(path)
    [warning] = job.problems.warnings
    assert warning.message == NO_SITE_URL
    assert warning.mark.path == print_views.content.campaigns[MOST_BEAUTIFUL].mark.path
    assert warning.mark.path.name == "index.md"


# -- privacy ----------------------------------------------------------------------------------
def test_no_private_value_and_no_hidden_field_is_printed(
    kit: tuple[PrintJob, dict[str, Path]], print_views: Views
) -> None:
    _, files = kit
    values = private_values()
    assert len(values) > 40  # phones, id numbers, notes
    hidden = set(print_views.content.organisation.person_fields)
    assert {"born", "joined_party"}.isdisjoint(hidden)  # the demo hides these two
    people = print_views.content.people
    timeline = {  # dates a notice prints anyway (陈静 joined the party on a 公示's last day)
        moment.date()
        for campaign in print_views.content.campaigns.values()
        for period in campaign.timeline
        for moment in (period.start, period.end)
    }
    for key, path in files.items():
        text = pdf_text(path)
        for value in values:
            assert squash(value) not in text, (key, value)
        assert "出生" not in text and "入党时间" not in text, key
        for person in people.values():
            if person.joined_party and person.joined_party not in timeline:
                assert cn_date(person.joined_party) not in text, (key, person.id)
    text = pdf_text(files[f"publicity/{MOST_BEAUTIFUL}"])  # titles only: no year from a story
    for person in people.values():
        if person.born and squash(person.name) in text:
            assert str(person.born) not in text, person.id


def test_a_stricter_policy_drops_its_columns_and_a_wider_one_adds_them(
    print_views: Views, tmp_path: Path
) -> None:
    organisation = print_views.content.organisation
    strict = replace(
        print_views.content, organisation=replace(organisation, person_fields=frozenset())
    )
    [path] = publicity(
        print_job(views_of(print_views, strict), tmp_path / "strict"), MOST_BEAUTIFUL
    )
    text = pdf_text(path)
    assert "序号姓名单位及职务简要事迹" in text
    for gone in ("性别", "民族", "出生", "政治面貌", "满族", "回族", "中共党员", "民主党派"):
        assert gone not in text, gone
    assert "吴海波税务综合窗口发票业务岗" in text
    wide = replace(
        print_views.content,
        organisation=replace(organisation, person_fields=organisation.person_fields | {"born"}),
    )
    [path] = publicity(print_job(views_of(print_views, wide), tmp_path / "wide"), MOST_BEAUTIFUL)
    text = pdf_text(path)
    born = print_views.content.people["wu-haibo"].born
    assert "序号姓名性别民族出生年份政治面貌单位及职务简要事迹" in text
    assert f"吴海波男满族{born}群众" in text


# -- long tables, the same bytes, literal text ---------------------------------------------------
SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = ["晓明", "丽华", "建国", "秀英", "志强", "海燕", "文军", "春梅", "国庆", "雪"]


def hundred_proposed(views: Views) -> Views:
    """The demo with 100 people proposed in 最美服务明星 (each a copy of one nominee)."""
    content = views.content
    model = next(
        n for n in content.nominations if n.campaign == MOST_BEAUTIFUL and n.category == "stars"
    )
    person = content.people[model.nominee]
    people = dict(content.people)
    nominations = [n for n in content.nominations if n.campaign != MOST_BEAUTIFUL]
    for index in range(100):
        person_id = f"row-{index:03d}"
        people[person_id] = replace(
            person, id=person_id, name=SURNAMES[index // 10] + GIVEN[index % 10]
        )
        nominations.append(
            replace(
                model,
                file_id=person_id,
                nominee=person_id,
                code=index + 1,
                result=NominationResult.PROPOSED,
                title=f"第{index + 1}号服务明星的事迹",
                subtitle="记示例市政务服务中心一名窗口工作人员",
            )
        )
    return views_of(views, replace(content, people=people, nominations=nominations))


def test_a_hundred_rows_run_over_pages_with_the_header_on_each(
    print_views: Views, tmp_path: Path
) -> None:
    views = hundred_proposed(print_views)
    job = print_job(views, tmp_path)
    [path] = publicity(job, MOST_BEAUTIFUL)  # its time: bench/print.py
    pages = page_texts(path)
    assert len(pages) >= 4
    names = [SURNAMES[i // 10] + GIVEN[i % 10] for i in range(100)]
    text = "".join(pages)
    for index, name in enumerate(names, start=1):
        assert f"{index}{name}" in text, name
    header = "序号姓名性别民族政治面貌单位及职务简要事迹"
    table_pages = [p for p in pages if "号服务明星的事迹" in p]
    assert len(table_pages) >= 3
    for number, page in enumerate(table_pages, start=1):
        assert page.count(header) == 1, f"page {number}"


def test_the_same_records_give_the_same_bytes(print_views: Views, tmp_path: Path) -> None:
    first = print_job(print_views, tmp_path / "first")
    second = print_job(print_views, tmp_path / "second")
    for make, campaign_id in ((publicity, MOST_BEAUTIFUL), (results, "2026-party-honours")):
        [one] = make(first, campaign_id)
        [two] = make(second, campaign_id)
        assert one.name == two.name
        assert one.read_bytes() == two.read_bytes(), one.name


HOSTILE_NAME = "#set text(red)<script>alert(1)</script>"
HOSTILE_TITLE = '*重点* #emph[强调] $x^2$ \\ "引号" [链接](x) @label'


def test_record_text_prints_as_written(print_views: Views, tmp_path: Path) -> None:
    content = print_views.content
    people = dict(content.people)
    people["wu-haibo"] = replace(people["wu-haibo"], name=HOSTILE_NAME)
    nominations = [
        replace(n, title=HOSTILE_TITLE, subtitle=None)
        if n.campaign == MOST_BEAUTIFUL and n.nominee == "wu-haibo"
        else n
        for n in content.nominations
    ]
    views = views_of(print_views, replace(content, people=people, nominations=nominations))
    job = print_job(views, tmp_path)
    [path] = publicity(job, MOST_BEAUTIFUL)
    text = pdf_text(path)
    assert squash(HOSTILE_NAME) in text
    assert squash(HOSTILE_TITLE) in text
    assert not job.problems.items, job.problems.report()


def test_a_character_the_fonts_lack_is_a_warning_naming_the_record(
    print_views: Views, tmp_path: Path
) -> None:
    content = print_views.content
    people = dict(content.people)
    people["wu-haibo"] = replace(people["wu-haibo"], name="吴䶮")
    views = views_of(print_views, replace(content, people=people))
    job = print_job(views, tmp_path)
    publicity(job, MOST_BEAUTIFUL)
    [warning] = job.problems.warnings
    assert warning.mark.path == people["wu-haibo"].mark.path
    assert "姓名“吴䶮”中的“䶮”不在印刷字体中" in warning.message
