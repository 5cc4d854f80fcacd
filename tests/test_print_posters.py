"""Voting posters: a 1080×1920 PNG per candidate and the A3 hall poster, from the demo.

At the demo's build date (2026-11-25) 2026-model-post is voting (20–30 November),
2026-most-beautiful has closed its vote (10–18 November) and 2026-party-honours has none;
2026-most-beautiful is seen voting, with two categories, through views of 2026-11-12.
"""

from __future__ import annotations

import copy
import dataclasses
import io
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader

from generator.printing.job import PrintJob
from generator.printing.posters import (
    CLOSED,
    NO_VOTE,
    POSTER_SIZE,
    hall_poster,
    phone_posters,
    poster_data,
    voting_posters,
)
from generator.site.views import Views

from .conftest import print_job
from .pdfcheck import (
    ink,
    pdf_text,
    private_values,
    qr_codes,
    raw_text,
    render,
    squash,
    unembedded_fonts,
    views_of,
)

CAMPAIGN = "2026-model-post"  # voting at the demo's build date
VOTE_URL = "https://vote.zwfw.example.gov.cn/2026-model-post"  # its online platform
SMS_RULE = "短信编辑“投+编号”发送至 10690000"
A3 = (841.89, 1190.55)  # points


# -- helpers ----------------------------------------------------------------------------------
def candidates(views: Views, campaign_id: str) -> list[tuple[int, str]]:
    """(code, name) of each candidate with a code, as the vote page lists them."""
    return sorted(
        (n.code, views.person(n.nominee).name)
        for n in views.published_nominations(campaign_id)
        if n.status == "candidate" and n.code is not None
    )


# -- fixtures ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def posters(print_views: Views, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return voting_posters(print_job(print_views, tmp_path_factory.mktemp("posters")), CAMPAIGN)


@pytest.fixture(scope="module")
def sheet(posters: list[Path]) -> Path:
    (pdf,) = [p for p in posters if p.suffix == ".pdf"]
    return pdf


# -- the phone posters ------------------------------------------------------------------------
def test_one_poster_per_candidate(print_views: Views, posters: list[Path]) -> None:
    expected = candidates(print_views, CAMPAIGN)
    assert len(expected) == 13 and (7, "高远") in expected
    names = [p.name for p in posters if p.suffix == ".png"]
    assert names == [f"投票海报-{code:02d}-{name}.png" for code, name in expected]
    assert (7, "高远") in expected and "投票海报-07-高远.png" in names


def test_posters_are_1080_by_1920_and_not_blank(posters: list[Path]) -> None:
    for path in (p for p in posters if p.suffix == ".png"):
        with Image.open(path) as image:
            assert image.size == POSTER_SIZE == (1080, 1920), path.name
            # the red page, the portrait and the text: over 70 % ink
            assert 0.4 < ink(image) < 0.95, (path.name, ink(image))
            # red and gold: the background is the red of the site
            r, g, b = ImageStat.Stat(image.convert("RGB").crop((6, 950, 14, 970))).mean
            assert r > 100 and g < 60 and b < 60, (path.name, (r, g, b))


def test_poster_qr_code_opens_the_online_vote(posters: list[Path]) -> None:
    for path in (p for p in posters if p.suffix == ".png"):
        with Image.open(path) as image:
            assert qr_codes(image) == [VOTE_URL], path.name


def test_poster_qr_code_is_the_vote_page_without_a_platform(
    print_views: Views, tmp_path: Path
) -> None:
    """A campaign without an online platform: the QR code opens the site's vote page."""
    content = copy.copy(print_views.content)
    campaign = content.campaigns[CAMPAIGN]
    voting = dataclasses.replace(
        campaign.voting, channels=tuple(c for c in campaign.voting.channels if c.kind != "online")
    )
    content.campaigns = {
        **content.campaigns,
        CAMPAIGN: dataclasses.replace(campaign, voting=voting),
    }
    job = print_job(views_of(print_views, content, today="2026-11-25"), tmp_path)
    data, pictures = poster_data(job, content.campaigns[CAMPAIGN])
    assert data.online is None
    (path,) = phone_posters(
        job, dataclasses.replace(data, candidates=data.candidates[:1]), pictures
    )
    with Image.open(path) as image:
        assert qr_codes(image) == ["https://rongyu.example.gov.cn/campaigns/2026-model-post/vote/"]

    # no platform and no site address: no QR code, and a warning says so
    job = print_job(views_of(print_views, content, today="2026-11-25"), tmp_path, site_url=None)
    data, pictures = poster_data(job, content.campaigns[CAMPAIGN])
    assert data.qr is None and "qr.svg" not in pictures
    assert any("二维码" in w.message for w in job.problems.warnings)


def test_poster_data_speaks_as_the_vote_page(print_views: Views, tmp_path: Path) -> None:
    job = print_job(print_views, tmp_path)
    data, pictures = poster_data(job, print_views.content.campaigns[CAMPAIGN])
    assert data.state == "open"
    assert data.period == "2026年11月20日 09:00 至 2026年11月30日 18:00（北京时间）"
    assert data.sms_number == "10690000" and data.sms_rule == SMS_RULE
    assert data.hotline == "0000-12345680" and data.hotline_hours == "工作日 9:00—17:00"
    gao = next(c for c in data.candidates if c.code == 7)
    assert (gao.name, gao.unit, gao.position, gao.message) == (
        "高远",
        "不动产登记大厅",
        "登簿审核岗",
        "投7",
    )
    # the portraits are the pipeline's JPEGs, as they are: the one 480 pixels wide
    portrait = print_views.portraits["gao-yuan"]
    assert gao.portrait is not None and pictures[gao.portrait] in portrait.files.values()
    with Image.open(pictures[gao.portrait]) as image:
        assert image.format == "JPEG" and image.size == (480, 640)
    assert not job.problems.items

    # before the vote opens, the posters are made too
    before = print_job(views_of(print_views, today="2026-11-19"), tmp_path)
    assert poster_data(before, print_views.content.campaigns[CAMPAIGN])[0].state == "before"


def test_a_character_outside_the_fonts_is_a_warning(print_views: Views, tmp_path: Path) -> None:
    content = copy.copy(print_views.content)
    person = content.people["gao-yuan"]
    content.people = {**content.people, "gao-yuan": dataclasses.replace(person, name="高𪚥")}
    job = print_job(views_of(print_views, content, today="2026-11-25"), tmp_path)
    data, _ = poster_data(job, content.campaigns[CAMPAIGN])
    assert "高𪚥" in [c.name for c in data.candidates]
    (warning,) = job.problems.warnings
    assert "高𪚥" in warning.message and warning.mark.path.name == "gao-yuan.md"


# -- the hall poster --------------------------------------------------------------------------
def test_hall_poster_lists_every_candidate_and_how_to_vote(print_views: Views, sheet: Path) -> None:
    assert sheet.name == "2026年度优秀党员示范岗投票海报.pdf"
    text = raw_text(sheet)
    flat = pdf_text(sheet)
    for code, name in candidates(print_views, CAMPAIGN):
        assert name in text
        assert f"{code}号" in flat, code
    assert SMS_RULE.replace(" ", "") in flat
    assert "10690000" in text and "0000-12345680" in text
    assert "2026年11月20日09:00至2026年11月30日18:00" in flat
    assert "扫码投票" in text
    for value in private_values():
        assert squash(value) not in flat


def test_hall_poster_is_one_a3_page_with_fonts_embedded(sheet: Path, tmp_path: Path) -> None:
    reader = PdfReader(sheet)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A3, abs=0.5)
    assert unembedded_fonts(sheet) == []
    (page,) = render(sheet, tmp_path)
    assert 0.1 < ink(page) < 0.8, ink(page)  # the red heading, the codes and text: about 26 %
    assert qr_codes(page) == [VOTE_URL]


def test_hall_poster_groups_by_category(print_views: Views, tmp_path: Path) -> None:
    """2026-most-beautiful while it votes: windows, then people, each by code."""
    views = views_of(print_views, today="2026-11-12")
    job = print_job(views, tmp_path)
    data, pictures = poster_data(job, views.content.campaigns["2026-most-beautiful"])
    assert [name for name, _ in data.groups] == ["最美服务窗口", "最美服务明星"]
    assert data.by_category
    (pdf,) = hall_poster(job, data, pictures)
    flat = pdf_text(pdf)
    windows, people = (members for _, members in data.groups)
    order = [
        flat.index("最美服务窗口（"),
        flat.index(windows[0].name),
        flat.index("最美服务明星（"),
        flat.index(people[0].name),
    ]
    assert order == sorted(order)
    assert "短信编辑“最美+编号”发送至10690000" in flat
    assert len(PdfReader(pdf).pages) == 1


# -- determinism and refusals -----------------------------------------------------------------
def test_same_input_same_bytes(print_views: Views, posters: list[Path], tmp_path: Path) -> None:
    again = voting_posters(print_job(print_views, tmp_path), CAMPAIGN)
    assert [p.name for p in again] == [p.name for p in posters]
    for first, second in zip(posters, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_no_posters_after_the_vote(print_views: Views, tmp_path: Path) -> None:
    job = print_job(print_views, tmp_path)
    with pytest.raises(ValueError) as closed:
        voting_posters(job, "2026-most-beautiful")
    assert str(closed.value) == CLOSED == "投票已结束，不再生成投票海报"
    with pytest.raises(ValueError) as none:
        voting_posters(job, "2026-party-honours")
    assert str(none.value) == NO_VOTE == "该活动没有投票"
    assert not list(tmp_path.iterdir())


def test_posters_open_as_pngs(posters: list[Path]) -> None:
    """Each PNG is a plain PNG a phone opens (read back from bytes, as WeChat does)."""
    for path in (p for p in posters if p.suffix == ".png"):
        with Image.open(io.BytesIO(path.read_bytes())) as image:
            assert image.format == "PNG"


def test_print_job_records_what_it_wrote(print_views: Views, tmp_path: Path) -> None:
    job: PrintJob = print_job(views_of(print_views, today="2026-11-12"), tmp_path)
    data, pictures = poster_data(job, job.views.content.campaigns["2026-most-beautiful"])
    written = phone_posters(
        job, dataclasses.replace(data, candidates=data.candidates[:2]), pictures
    )
    assert job.written == written
    assert [p.name for p in written] == [
        "投票海报-01-税务综合窗口.png",
        "投票海报-02-“办不成事”反映窗口.png",
    ]
