"""The WeChat article and SMS of a campaign stage (generator/printing/wechat.py), from the demo
at its build date: 2026-model-post is in voting (candidates), 2026-most-beautiful in its 公示
(publicity), 2025-model-post announced (results).

An article is pasted into the 公众号 editor, which strips <style>, <script> and classes: every
element carries its style inline, the portraits lie beside it, a record's value is only ever
text, and nothing private or hidden by the publish policy is in it."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag
from PIL import Image

from generator.build import load
from generator.model.records import (
    NominationResult,
    NominationStatus,
    Period,
    PeriodName,
    RecordKind,
)
from generator.printing.job import PrintJob
from generator.printing.typeset import TypesetError
from generator.printing.wechat import (
    ARTICLE,
    SMS,
    SMS_LIMIT,
    Article,
    Entry,
    counter,
    render,
    short_period,
    sms_text,
    wechat_article,
)
from generator.site.views import Views
from generator.sources.fields import BEIJING

from .conftest import DEMO_SITE_URL, REPO, jpeg_markers, print_job
from .pdfcheck import private_values, views_of

CANDIDATES = "2026-model-post"  # voting 2026-11-20 09:00 to 11-30 18:00: open on 2026-11-25
PUBLICITY = "2026-most-beautiful"  # 公示 2026-11-20 to 11-27
RESULTS = "2025-model-post"  # announced
DEMO = {CANDIDATES: "candidates", PUBLICITY: "publicity", RESULTS: "results"}
ISSUER = "【示例市政务服务中心】"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_TITLE = '<b>粗体</b>" onmouseover="alert(2)'
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
# What a pasted fragment must not hold: the editor drops them, or they run code.
FORBIDDEN = ("style", "script", "link", "iframe", "object", "embed", "form", "base")
UNSTYLED = ("meta", "br")  # elements that show nothing themselves


@pytest.fixture(scope="module")
def kit(print_views: Views, tmp_path_factory: pytest.TempPathFactory) -> tuple[PrintJob, Path]:
    """Each demo campaign's article for its stage on the build date (stage=None)."""
    out = tmp_path_factory.mktemp("wechat")
    job = print_job(print_views, out)
    for campaign_id in DEMO:
        wechat_article(job, campaign_id)
    return job, out


def folder(kit: tuple[PrintJob, Path], campaign_id: str) -> Path:
    return kit[1] / f"wechat-{DEMO[campaign_id]}"


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(soup: BeautifulSoup) -> str:
    return soup.get_text(" ", strip=True)


def expected(views: Views, campaign_id: str) -> list[tuple[str, int | None]]:
    """(name, code) of those the stage shows, in the article's order (the categories', then
    by code), read from the views, not from the article."""
    stage = DEMO[campaign_id]
    order = [c.id for c in views.content.campaigns[campaign_id].categories]
    chosen = []
    nominations = sorted(
        views.published_nominations(campaign_id),
        key=lambda n: (order.index(n.category), n.code or 0),
    )
    for n in nominations:
        if (
            (stage == "candidates" and n.status == NominationStatus.CANDIDATE)
            or (
                stage == "publicity"
                and n.result in (NominationResult.PROPOSED, NominationResult.AWARDED)
            )
            or (stage == "results" and n.result == NominationResult.AWARDED)
        ):
            chosen.append((views.person(n.nominee).name, n.code))
    assert chosen
    return chosen


@pytest.fixture(scope="module")
def secrets(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The demo's private values: its people/*.md `private:` blocks, and its veto reasons, read
    from a copy of content/ (loading numbers the codes, which may write codes.yml)."""
    content = tmp_path_factory.mktemp("private") / "content"
    shutil.copytree(REPO / "content", content)
    found = {*private_values(content), *load(content)[0].private.veto_reasons.values()}
    return {s for s in found if len(s) >= 4}


# -- the stage of the build date ---------------------------------------------------------------


def test_each_demo_campaign_gets_the_article_of_its_stage(kit: tuple[PrintJob, Path]) -> None:
    job, out = kit
    assert sorted(p.name for p in out.iterdir()) == [
        "wechat-candidates",
        "wechat-publicity",
        "wechat-results",
    ]
    for campaign_id in DEMO:
        here = folder(kit, campaign_id)
        assert (here / ARTICLE).is_file() and (here / SMS).is_file()
        assert set(job.written) >= {here / ARTICLE, here / SMS}
    assert not job.problems.errors and not job.problems.warnings


def test_nothing_to_publish_is_a_chinese_error(print_views: Views, tmp_path: Path) -> None:
    job = print_job(print_views, tmp_path)
    with pytest.raises(ValueError, match=r"即将开始.*没有可发布的微信文章"):
        wechat_article(job, "2027-star-window")  # before its nomination even starts
    with pytest.raises(ValueError, match="尚未公示"):
        wechat_article(job, CANDIDATES, "publicity")  # its 公示 starts on 2026-12-02
    with pytest.raises(ValueError, match="不设群众投票"):
        wechat_article(job, "2026-party-honours", "candidates")
    with pytest.raises(ValueError, match="没有评选活动“no-such”"):
        wechat_article(job, "no-such")
    with pytest.raises(ValueError, match="阶段“vote”无效"):
        wechat_article(job, PUBLICITY, "vote")
    assert list(tmp_path.iterdir()) == []  # nothing written on the way


def test_a_stage_may_be_asked_for(print_views: Views, tmp_path: Path) -> None:
    """The 公示 of a campaign already announced is still there to publish again."""
    job = print_job(print_views, tmp_path)
    paths = wechat_article(job, RESULTS, "publicity")
    assert paths[0] == tmp_path / "wechat-publicity" / ARTICLE
    assert "关于2025年度优秀党员示范岗拟表彰对象的公示" in text_of(soup_of(paths[0]))


# -- a fragment the 公众号 editor keeps as it is ------------------------------------------------


@pytest.mark.parametrize("campaign_id", list(DEMO))
def test_article_is_a_fragment_with_inline_styles(
    kit: tuple[PrintJob, Path], campaign_id: str
) -> None:
    here = folder(kit, campaign_id)
    html = (here / ARTICLE).read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(FORBIDDEN)
    assert "<style" not in html.lower() and "<script" not in html.lower()
    assert soup.find("meta", charset="utf-8"), "a browser opening the file reads it as UTF-8"
    root = soup.find("section")
    assert isinstance(root, Tag)
    assert "font-size:16px" in root["style"] and "line-height:1.75" in root["style"]
    heading = soup.find("h1")
    assert heading is not None and "color:#b71c1c" in heading["style"]
    for element in soup.find_all(True):
        assert "class" not in element.attrs, element
        assert not [a for a in element.attrs if a.lower().startswith("on")], element
        if element.name in UNSTYLED:
            continue
        assert element.get("style"), f"{element.name} without a style: {element}"
    shows_text = [
        e
        for e in soup.find_all(True)
        if any(isinstance(c, NavigableString) and c.strip() for c in e.children)
    ]
    assert shows_text and all(e.get("style") for e in shows_text)


@pytest.mark.parametrize("campaign_id", list(DEMO))
def test_portraits_lie_beside_the_article(kit: tuple[PrintJob, Path], campaign_id: str) -> None:
    job, _ = kit
    here = folder(kit, campaign_id)
    images = soup_of(here / ARTICLE).find_all("img")
    names = [name for name, _ in expected(job.views, campaign_id)]
    assert [img["alt"] for img in images] == names
    shown = set()
    for img in images:
        src = str(img["src"])
        assert re.fullmatch(r"images/[a-z0-9-]+\.jpg", src), src
        assert str(img["style"]).startswith("width:100%")
        data = (here / src).read_bytes()
        assert 0xE1 not in jpeg_markers(data), f"{src} carries EXIF/XMP"
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.format == "JPEG"
            assert not picture.getexif()
        person_id = Path(src).stem
        source = job.portrait_file(person_id)
        assert source is not None and source.read_bytes() == data
        shown.add(here / src)
    assert set((here / "images").iterdir()) == shown  # nothing else in the folder


# -- what each stage says ----------------------------------------------------------------------


def test_candidates_with_codes_and_how_to_vote(kit: tuple[PrintJob, Path]) -> None:
    job, _ = kit
    soup = soup_of(folder(kit, CANDIDATES) / ARTICLE)
    text = text_of(soup)
    assert "2026年度优秀党员示范岗候选对象投票" in text
    assert "2026年11月20日 09:00 至 2026年11月30日 18:00" in text
    assert "10690000" in text and "0000-12345680" in text  # SMS and hotline
    assert "https://vote.zwfw.example.gov.cn/2026-model-post" in text  # the online platform
    assert "每个手机号每天限投1票" in text  # the rules
    sections = soup.select("section > section")
    candidates = expected(job.views, CANDIDATES)
    assert len(sections) == len(candidates) == 13
    for section, (name, code) in zip(sections, candidates, strict=True):
        card = text_of(BeautifulSoup(str(section), "html.parser"))
        assert name in card and f"{code}号" in card
        assert f"短信编辑“投{code}”发送至10690000" in card
    assert "短信编辑“投7”发送至10690000" in text
    assert str(job.address(f"campaigns/{CANDIDATES}/vote.md")) in text
    assert str(job.address(f"campaigns/{CANDIDATES}/index.md")) in text


def test_publicity_with_period_and_objection_channels(kit: tuple[PrintJob, Path]) -> None:
    job, _ = kit
    text = text_of(soup_of(folder(kit, PUBLICITY) / ARTICLE))
    assert "关于2026年最美服务窗口和最美服务明星拟表彰对象的公示" in text
    assert "2026年11月20日 至 2026年11月27日" in text
    assert "示政务发〔2026〕27号" in text
    for contact in ("0000-12345679", "jiandu@example.gov.cn", "示例市人民路 100 号 3 楼纪检室"):
        assert contact in text  # the 监督 contact
    for name, _ in expected(job.views, PUBLICITY):
        assert name in text
    assert "窗口里的“发票活字典”" in text and "——记税务综合窗口发票业务岗吴海波" in text
    assert "发票业务岗" in text and "民族：满族" in text  # position, an allowed fact
    assert "8名（个）" in text and "最美服务窗口（3个）" in text and "最美服务明星（5名）" in text
    assert "短信编辑" not in text  # no vote once voting is over
    assert str(job.address(f"campaigns/{PUBLICITY}/publicity.md")) in text
    assert text.endswith("示例市政务服务中心 2026年11月25日")


def test_results_name_the_awarded(kit: tuple[PrintJob, Path]) -> None:
    job, _ = kit
    text = text_of(soup_of(folder(kit, RESULTS) / ARTICLE))
    assert "2025年度优秀党员示范岗表彰名单" in text
    assert "于2025年7月1日对以下6名先进典型予以表彰" in text
    for name, _ in expected(job.views, RESULTS):
        assert name in text
    assert str(job.address(f"campaigns/{RESULTS}/results.md")) in text


@pytest.mark.parametrize("campaign_id", list(DEMO))
def test_sms_is_one_message(kit: tuple[PrintJob, Path], campaign_id: str) -> None:
    job, _ = kit
    text = (folder(kit, campaign_id) / SMS).read_text(encoding="utf-8")
    assert len(text) <= SMS_LIMIT
    assert text.startswith(ISSUER)
    assert "\n" not in text and "<" not in text
    page = {"candidates": "vote", "publicity": "publicity", "results": "results"}
    address = job.address(f"campaigns/{campaign_id}/{page[DEMO[campaign_id]]}.md")
    assert address is not None and text.endswith(f"详见 {address}")
    for name, _ in expected(job.views, campaign_id):
        assert name in text  # the demo's lists fit whole


def test_sms_of_each_stage_says_what_it_must(kit: tuple[PrintJob, Path]) -> None:
    def sms(campaign_id: str) -> str:
        return (folder(kit, campaign_id) / SMS).read_text(encoding="utf-8")

    assert sms(PUBLICITY).startswith(
        "【示例市政务服务中心】2026年最美服务窗口和最美服务明星拟表彰对象公示：税务综合窗口、"
    )
    assert "等8名（个）。公示期2026年11月20日至27日" in sms(PUBLICITY)
    assert "监督电话0000-12345679" in sms(PUBLICITY)
    assert "投票时间2026年11月20日9:00至30日18:00" in sms(CANDIDATES)
    assert "7号高远" in sms(CANDIDATES)
    assert "短信编辑“投+编号”发送至10690000" in sms(CANDIDATES)
    assert "被评为“优秀党员示范岗”，于2025年7月1日受到表彰" in sms(RESULTS)


def test_sms_keeps_to_its_length(kit: tuple[PrintJob, Path]) -> None:
    """Names that do not fit give way to 等N名; the optional clauses go first."""
    job, _ = kit
    view = job.views.campaign(job.views.content.campaigns[PUBLICITY])
    entry = Entry(
        id="x",
        name="欧阳" + "长" * 10,
        kind=RecordKind.PERSON,
        image=None,
        unit=None,
        position=None,
        facts=(),
        title=None,
        subtitle=None,
        code=None,
        vote=None,
        votes=None,
    )
    many = [dataclasses.replace(entry, id=f"p{i}") for i in range(40)]
    article = Article(
        stage="publicity",
        campaign=view,
        groups=[("最美服务明星", "40名", many)],
        count=40,
        counter="名",
        period="",
        state="open",
        channels=view.voting,
        rules=view.rules,
        example=None,
        supervision=job.views.supervision(),
        contacts=view.contacts,
        voted=True,
        address=job.address(f"campaigns/{PUBLICITY}/publicity.md"),
        campaign_address=None,
        issuer=view.issuer,
        date=job.date_text,
    )
    text = sms_text(article, "2026年11月20日至27日", None)
    assert len(text) <= SMS_LIMIT
    assert "等40名。公示期2026年11月20日至27日，监督电话0000-12345679。" in text
    assert "如有异议" not in text
    assert text.count("欧阳") < 40
    short = dataclasses.replace(article, groups=[("最美服务明星", "2名", many[:2])], count=2)
    assert "如有异议请向监督部门反映" in sms_text(short, "2026年11月20日至27日", None)


def test_short_periods() -> None:
    def period(start: str, end: str, has_time: bool = False) -> Period:
        return Period(
            PeriodName.PUBLICITY,
            datetime.fromisoformat(start).replace(tzinfo=BEIJING),
            datetime.fromisoformat(end).replace(tzinfo=BEIJING),
            has_time,
        )

    assert short_period(period("2026-11-20", "2026-11-27")) == "2026年11月20日至27日"
    assert short_period(period("2026-11-28", "2026-12-03")) == "2026年11月28日至12月3日"
    assert short_period(period("2026-12-28", "2027-01-03")) == "2026年12月28日至2027年1月3日"
    assert short_period(period("2026-12-15", "2026-12-15")) == "2026年12月15日"
    assert (
        short_period(period("2026-11-20T09:00", "2026-11-20T18:00", True))
        == "2026年11月20日9:00至18:00"
    )
    person, window, branch = RecordKind.PERSON, RecordKind.WINDOW, RecordKind.BRANCH
    assert counter({person}) == "名" and counter({window, branch}) == "个"
    assert counter({person, window}) == "名（个）"


# -- nothing private, nothing hidden, nothing executed ------------------------------------------


def test_nothing_private_or_hidden(kit: tuple[PrintJob, Path], secrets: set[str]) -> None:
    job, _ = kit
    assert secrets
    hidden_labels = ("出生年份", "入党时间")  # born, joined_party: not in organisation.yml's policy
    assert not set(job.views.policy) & {"born", "joined_party"}
    people = job.views.content.people
    for campaign_id in DEMO:
        here = folder(kit, campaign_id)
        for path in (here / ARTICLE, here / SMS):
            text = path.read_text(encoding="utf-8")
            for secret in secrets:
                assert secret not in text, (path.name, secret)
            assert not PHONE.search(text) and not ID_NUMBER.search(text), path
            for label in hidden_labels:
                assert label not in text
        shown = expected(job.views, campaign_id)
        text = (here / ARTICLE).read_text(encoding="utf-8")
        for person in people.values():
            if person.name in {name for name, _ in shown} and person.born:
                assert f"{person.born}年" not in text, person.name


def test_hostile_name_and_title_stay_text(print_views: Views, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    person = content / "people/wu-haibo.md"
    person.write_text(
        person.read_text(encoding="utf-8").replace("name: 吴海波", f'name: "{HOSTILE_NAME}"'),
        encoding="utf-8",
    )
    nomination = content / f"campaigns/{PUBLICITY}/wu-haibo.md"
    hostile_yaml = HOSTILE_TITLE.replace('"', '\\"')
    nomination.write_text(
        nomination.read_text(encoding="utf-8").replace(
            "title: 窗口里的“发票活字典”", f'title: "{hostile_yaml}"'
        ),
        encoding="utf-8",
    )
    loaded = load(content)[0]
    assert loaded.content is not None and not loaded.problems.errors, loaded.problems.report()
    assert loaded.content.people["wu-haibo"].name == HOSTILE_NAME
    views = views_of(print_views, loaded.content)
    job = print_job(views, tmp_path / "out")
    paths = wechat_article(job, PUBLICITY)
    html = paths[0].read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert [img["src"] for img in soup.find_all("img")] == [
        f"images/{p.stem}.jpg" for p in paths if p.suffix == ".jpg"
    ]
    assert not soup.find_all("b") and not soup.find_all(FORBIDDEN)
    for element in soup.find_all(True):
        assert not [a for a in element.attrs if a.lower().startswith("on")], element
    assert HOSTILE_NAME in soup.get_text() and HOSTILE_TITLE in soup.get_text()
    assert soup.find("img", alt=HOSTILE_NAME) is not None  # the attribute holds it as text
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    sms = paths[-1].read_text(encoding="utf-8")
    assert HOSTILE_NAME in sms and len(sms) <= SMS_LIMIT  # plain text: shown as typed


# -- the template: the centre's own, errors in Chinese ---------------------------------------


def test_a_centres_template_replaces_the_package_one(print_views: Views, tmp_path: Path) -> None:
    theme = tmp_path / "theme" / "print"
    theme.mkdir(parents=True)
    (theme / "wechat.html").write_text(
        '<section style="color:#000">{{ campaign.name }}：'
        "{% for c, size, entries in groups %}{% for e in entries %}{{ e.name }}、"
        "{% endfor %}{% endfor %}</section>\n",
        encoding="utf-8",
    )
    job = print_job(print_views, tmp_path / "out")
    job.folders = [*job.folders, theme]
    html = wechat_article(job, RESULTS)[0].read_text(encoding="utf-8")
    assert html.startswith('<section style="color:#000">2025年度优秀党员示范岗：王晓明、')

    (theme / "wechat.html").write_text("{% if %}\n", encoding="utf-8")
    with pytest.raises(TypesetError, match=r"微信文章模板 .*wechat\.html 第1行有误"):
        wechat_article(job, RESULTS)
    (theme / "wechat.html").write_text("{{ no_such_thing }}\n", encoding="utf-8")
    with pytest.raises(TypesetError, match="用了没有的数据"):
        wechat_article(job, RESULTS)
    with pytest.raises(TypesetError, match="找不到微信文章模板"):
        render([tmp_path / "empty"], None)  # type: ignore[arg-type]


def test_without_a_site_address(print_views: Views, tmp_path: Path) -> None:
    job = print_job(print_views, tmp_path, site_url=None)
    paths = wechat_article(job, PUBLICITY)
    assert "https://" not in text_of(soup_of(paths[0]))
    sms = paths[-1].read_text(encoding="utf-8")
    assert "详见" not in sms and sms.endswith("监督电话0000-12345679。")
    assert DEMO_SITE_URL not in sms


def test_same_input_same_bytes(kit: tuple[PrintJob, Path], tmp_path: Path) -> None:
    job, out = kit
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    again = print_job(job.views, tmp_path)
    for campaign_id in DEMO:
        wechat_article(again, campaign_id)
    after = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before
    # Written over itself, with a portrait left from an earlier article: the same files again.
    stale = tmp_path / "wechat-results/images/someone-else.jpg"
    stale.write_bytes(b"old")
    wechat_article(again, RESULTS)
    assert not stale.exists()
    assert {
        p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()
    } == before
