"""A small real site, built by MkDocs, read back as HTML."""

from __future__ import annotations

import re

import pytest
from bs4 import Tag
from PIL import Image, ImageDraw

from .conftest import STORY, SiteProject, build_in, jpeg_markers, small_project

NOMINATION_PATH = "campaigns/2026-model-post/wang-xiaoming.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SiteProject:
    """The `project` fixture's site, built once (with --strict) for the tests that only read
    it; a test that edits the project builds its own."""
    site = small_project(tmp_path_factory.mktemp("site") / "project")
    build_in(site.root, strict=True)
    return site


def test_every_page_kind_is_built(built: SiteProject) -> None:
    site = built.root / "site"
    for url in [
        "",
        "campaigns",
        "campaigns/2026-model-post",
        "campaigns/2026-model-post/nominees",
        "campaigns/2026-model-post/wang-xiaoming",
        "campaigns/2026-model-post/tax-window",
        "people",
        "people/wang-xiaoming",
        "people/tax-window",
        "units",
        "units/hall",
    ]:
        assert (site / url / "index.html").is_file(), url


def test_profile_shows_public_fields_and_story(built: SiteProject) -> None:
    page = built.page("campaigns/2026-model-post/wang-xiaoming")
    article = page.select_one("article.hb-profile")
    assert article is not None
    assert article.select_one(".hb-profile__name").get_text() == "王晓明"
    facts = dict(
        zip(
            [d.get_text() for d in article.select("dt")],
            [d.get_text() for d in article.select("dd")],
            strict=True,
        )
    )
    assert facts["单位"] == "办事大厅"
    assert facts["职务"] == "综合受理岗"
    assert facts["性别"] == "男"
    assert facts["政治面貌"] == "中共党员"
    assert "民族" not in facts and "出生年份" not in facts  # not in the publish policy
    assert article.select_one(".hb-code strong").get_text() == "7"
    assert article.select_one(".hb-story__title").get_text() == "把群众的事当成自己的事"
    assert "热情服务群众" in article.select_one(".hb-story").get_text()
    assert [li.get_text() for li in article.select(".hb-honours li")] == ["2022年度优质服务明星"]
    assert page.title.get_text().startswith("王晓明｜2026年度优秀党员示范岗")


def test_vetoed_nomination_is_not_published(built: SiteProject) -> None:
    site = built.root / "site"
    assert not (site / "campaigns/2026-model-post/li-hua").exists()
    nominees = built.page("campaigns/2026-model-post/nominees")
    names = {n.get_text() for n in nominees.select(".hb-card__name")}
    assert names == {"王晓明", "税务综合窗口"}
    everything = "".join(p.read_text(errors="ignore") for p in site.rglob("*") if p.is_file())
    for secret in [
        "机密否决理由丁戊己",
        "13912345678",
        "110101198801011234",
        "内部备注甲乙丙",
        "13700001111",
    ]:
        assert secret not in everything


def test_no_source_data_or_original_photo_is_published(built: SiteProject) -> None:
    site = built.root / "site"
    files = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert not [f for f in files if f.endswith((".yml", ".yaml", ".csv"))]
    assert not [f for f in files if "photos/" in f]
    original = (built.content / "people/photos/wang.jpg").read_bytes()
    assert all((site / f).read_bytes() != original for f in files if f.endswith(".jpg"))


def test_portrait_is_upright_and_has_no_metadata(built: SiteProject) -> None:
    site = built.root / "site"
    page = built.page("campaigns/2026-model-post/wang-xiaoming")
    img = page.select_one("picture.hb-portrait img")
    assert img["alt"] == "王晓明"
    path = (site / "campaigns/2026-model-post/wang-xiaoming" / img["src"]).resolve()
    data = path.read_bytes()
    original = (built.content / "people/photos/wang.jpg").read_bytes()
    assert {0xE1, 0xFE} <= set(jpeg_markers(original))  # the source carries EXIF and a comment
    assert b"TestCam" not in data and b"13912345678" not in data
    assert not {0xE1, 0xE2, 0xED, 0xFE} & set(jpeg_markers(data))  # EXIF/XMP, ICC, IPTC, comment
    with Image.open(path) as image:
        assert image.size == (int(img["width"]), int(img["height"]))
        assert image.width * 4 == image.height * 3
        top = image.getpixel((image.width // 2, 5))
        bottom = image.getpixel((image.width // 2, image.height - 5))
    assert sum(top) < 200 < sum(bottom)  # the dark band is on top: orientation 6 was applied


def test_person_without_photo_gets_a_placeholder(built: SiteProject) -> None:
    site = built.root / "site"
    page = built.page("people/li-hua")
    placeholder = page.select_one("picture.hb-placeholder img")
    assert placeholder is not None and placeholder["alt"] == "李华"
    with Image.open((site / "people/li-hua" / placeholder["src"]).resolve()) as image:
        red = sum(
            1
            for r, g, b in image.convert("RGB").get_flattened_data()
            if r > 150 and g < 60 and b < 60
        )
        white = sum(
            1 for r, g, b in image.convert("RGB").get_flattened_data() if min(r, g, b) > 240
        )
    assert red > 1000 and white > 500  # a red circle with a white character on it


def test_profiles_are_not_in_the_navigation(built: SiteProject) -> None:
    page = built.page("campaigns/2026-model-post")
    nav_links = {a["href"] for a in page.select("nav.md-nav--primary a[href]")}
    nav_text = page.select_one("nav.md-nav--primary").get_text()
    assert "评选活动" in nav_text and "首页" in nav_text
    assert not any(
        "wang-xiaoming" in href or "people" in href or "units" in href for href in nav_links
    )


def test_campaign_page_marks_todays_stage(built: SiteProject) -> None:
    page = built.page("campaigns/2026-model-post")
    current = page.select_one(".hb-timeline__item--current")
    assert current is not None and "网络投票" in current.get_text()
    assert page.select_one(".hb-stage").get_text() == "当前阶段：投票中"
    assert "各单位：现将评选方案印发给你们。" in page.select_one(".hb-notice").get_text()
    categories = [h.get_text() for h in page.select(".hb-category h3")]
    assert categories == ["优秀党员示范岗", "最美服务窗口"]
    assert "50人以下的推荐1名" in page.select_one("#category-model-post").get_text()


def test_build_date_comes_from_the_environment(project: SiteProject) -> None:
    build_in(project.root, "2026-12-03")
    page = project.page("campaigns/2026-model-post")
    assert page.select_one(".hb-stage").get_text() == "当前阶段：公示中"
    build_in(project.root, "2026-11-01")
    assert (
        project.page("campaigns/2026-model-post").select_one(".hb-stage").get_text()
        == "当前阶段：即将开始"
    )


def test_campaign_is_hidden_before_it_is_published(project: SiteProject) -> None:
    site = build_in(project.root, "2026-10-01")
    assert not (site / "campaigns/2026-model-post/index.html").exists()
    assert not (site / "campaigns/2026-model-post/wang-xiaoming/index.html").exists()


def test_links_between_pages_resolve(built: SiteProject) -> None:
    site = built.root / "site"
    for html in site.rglob("index.html"):
        page = built.page(html.parent.relative_to(site).as_posix())
        for link in page.select(".md-content a[href]"):
            href = link["href"].split("#")[0]
            if not href or href.startswith(("http", "mailto:", "tel:", "sms:")):
                continue
            target = (html.parent / href).resolve()
            assert target.exists() and (target.is_file() or (target / "index.html").exists()), (
                html,
                href,
            )


def test_failed_build_keeps_the_previous_site(project: SiteProject) -> None:
    site = build_in(project.root)
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    project.edit("people/li-hua.md", "joined_party: 2015-05-04", "joined_party: 2015-13-04")
    result = project.mkdocs("build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert not any(p.name.startswith(".site") for p in project.root.iterdir())


def test_build_error_names_file_line_and_field(project: SiteProject) -> None:
    project.edit("people/li-hua.md", "joined_party: 2015-05-04", "joined_party: 2015-13-04")
    result = project.mkdocs("build")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "content/people/li-hua.md:6:15: 错误：字段“joined_party”的日期“2015-13-04”无效" in output
    assert not (project.root / "site").exists()


def test_nominees_grouped_by_category_and_by_unit(built: SiteProject) -> None:
    page = built.page("campaigns/2026-model-post/nominees")
    by_category = [g.h2.contents[0] for g in page.select('section[data-group="category"]')]
    by_unit = [g.h2.contents[0] for g in page.select('section[data-group="unit"]')]
    assert by_category == ["优秀党员示范岗", "最美服务窗口"]
    assert sorted(by_unit) == ["办事大厅", "税务窗口"]
    card = page.select_one('section[data-group="category"] .hb-card')
    assert card.select_one(".hb-card__title").get_text() == "把群众的事当成自己的事"
    assert card.select_one("img")["alt"] == "王晓明"


def test_editors_pages_and_assets_are_published_stray_data_is_not(project: SiteProject) -> None:
    project.write("about.md", "# 关于本站\n\n本站由中心办公室维护。\n")
    project.write("assets/logo.png", b"\x89PNG fake but published as is")
    project.write("votes.csv", "code,votes\n7,100\n")
    project.write("notes/raw.jpg", b"an original photo outside assets/")
    site = build_in(project.root, strict=True)
    assert (site / "about/index.html").is_file()
    assert (site / "assets/logo.png").is_file()
    assert not (site / "votes.csv").exists() and not (site / "notes").exists()
    nav = project.page("").select_one("nav.md-nav--primary").get_text()
    assert "关于本站" in nav


def decode_qr(svg: Tag) -> str:
    """Rasterise segno's one-path SVG (rows of horizontal strokes) and decode it with OpenCV."""
    import cv2
    import numpy

    size = int(re.search(r"h(\d+)v", svg.select("path")[0]["d"]).group(1))
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHh])([-\d. ]+)", svg.select_one("path.qrline")["d"]):
        values = [float(v) for v in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            draw.rectangle(
                (x * scale, (y - 0.5) * scale, (x + values[0]) * scale - 1, (y + 0.5) * scale - 1),
                fill=0,
            )
            x += values[0]
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(numpy.asarray(image.convert("RGB")))
    return str(text)


def test_profile_and_campaign_pages_carry_a_qr_code_of_their_address(built: SiteProject) -> None:
    for url in ["campaigns/2026-model-post/wang-xiaoming", "campaigns/2026-model-post"]:
        svg = built.page(url).select_one(".hb-qr svg")
        assert svg is not None, url
        assert decode_qr(svg) == f"https://example.org/{url}/"
    assert built.page("people/wang-xiaoming").select_one(".hb-qr") is None


def test_codes_stay_put_when_nominations_are_added(project: SiteProject) -> None:
    build_in(project.root)
    lock = project.content / "campaigns/2026-model-post/codes.yml"
    assert "tax-window: 1" in lock.read_text(encoding="utf-8")
    # A new nomination whose file sorts first, and a window without a code of its own.
    project.write("people/an-qi.md", "---\nkind: window\nname: 安琪窗口\nunit: tax-window\n---\n")
    project.write("campaigns/2026-model-post/an-qi.md", f"---\ncategory: window\n---\n{STORY}\n")
    site = build_in(project.root)
    codes = {
        card.select_one(".hb-card__name").get_text(): card.select_one(".hb-card__code").get_text()
        for card in project.page("campaigns/2026-model-post/nominees").select(
            'section[data-group="category"] .hb-card'
        )
    }
    assert codes == {"王晓明": "7号", "税务综合窗口": "1号", "安琪窗口": "2号"}
    assert not (site / "campaigns/2026-model-post/codes.yml").exists()
    # A withdrawn nomination keeps its number out of circulation.
    project.edit(
        "campaigns/2026-model-post/an-qi.md",
        "category: window",
        "category: window\nstatus: withdrawn",
    )
    project.write("people/bo-wen.md", "---\nkind: window\nname: 博文窗口\nunit: tax-window\n---\n")
    project.write("campaigns/2026-model-post/bo-wen.md", f"---\ncategory: window\n---\n{STORY}\n")
    build_in(project.root)
    assert "bo-wen: 3" in lock.read_text(encoding="utf-8")


def test_a_code_taken_from_the_lock_is_an_error(project: SiteProject) -> None:
    build_in(project.root)
    project.edit(NOMINATION_PATH, "code: 7", "code: 1")
    result = project.honours("check")
    assert (
        "wang-xiaoming.md:4:7: 错误：编号 1 已分配给 tax-window（见 codes.yml），为免混淆请另选编号"
        in result.stdout
    )


def test_closed_values_reach_pages_as_written(project: SiteProject) -> None:
    project.edit(NOMINATION_PATH, "category: model-post", "category: model-post\nresult: awarded")
    build_in(project.root)
    profile = project.page("campaigns/2026-model-post/wang-xiaoming")
    badge = profile.select_one(".hb-badge")
    assert badge is not None and badge["class"] == ["hb-badge", "hb-badge--awarded"]
    assert badge.get_text() == "获表彰"
    facts = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in profile.select("dt")}
    assert facts["推荐方式"] == "组织推荐"
    stage = project.page("campaigns/2026-model-post").select_one(".hb-stage")
    assert stage is not None and stage["class"] == ["hb-stage", "hb-stage--voting"]


def test_build_errors_read_well_with_and_without_a_suggestion(project: SiteProject) -> None:
    project.edit("people/li-hua.md", "unit: small-office", "unit: small-ofice")
    project.edit("people/tax-window.md", "unit: tax-window", "unit: archive")
    result = project.mkdocs("build")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert (
        "content/people/li-hua.md:3:7: 错误：字段“unit”的值“small-ofice”不是已登记的单位，"
        "您是否想写“small-office”？请先在 units.yml 中登记"
    ) in output
    assert (
        "content/people/tax-window.md:4:7: 错误：字段“unit”的值“archive”不是已登记的单位，"
        "请先在 units.yml 中登记"
    ) in output
