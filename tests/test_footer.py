"""The footer every page carries (generated pages, the centre's own pages, 404), from
organisation.yml: 主办单位, address, contacts, 监督电话, the filing numbers; escaped, with tel:
links, without third-party attribution; and the strict reading of its fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from generator.build import load

from .conftest import SiteProject

HOSTILE = "<script>alert(1)</script>"
FOOTER_ORGANISATION = f"""\
name: 测试市政务服务中心
host: "{HOSTILE}主办"
address: 测试市人民路 1 号 <b>东楼</b>
contacts:
  - name: 办公室
    phone: 0000-11112222 转 801
    hours: 工作日 9:00—17:00
supervision:
  phone: 0000-11113333
  email: jiandu@example.org
icp_filing: 测ICP备12345678号-2
police_filing: 测公网安备 11010502000001号
site_code: "1100000088"
publish:
  person_fields: [gender, political_status]
"""
ABOUT = "# 关于本站\n\n本站由 [Material for MkDocs](https://squidfunk.github.io/mkdocs-material/) 生成。\n"


def footer(soup: BeautifulSoup) -> Tag:
    found = soup.find("footer")
    assert isinstance(found, Tag), "no <footer>"
    return found


def pages_of_every_kind(project: SiteProject) -> dict[str, BeautifulSoup]:
    return {
        "home": project.page(""),
        "campaign": project.page("campaigns/2026-model-post"),
        "profile": project.page("campaigns/2026-model-post/wang-xiaoming"),
        "own page": project.page("about"),
        "404": project.page("404.html"),
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SiteProject:
    """The test site with every footer field filled, a hostile 主办单位 and an about page."""
    from .conftest import CAMPAIGN, MKDOCS_YML, NOMINATIONS, PEOPLE, UNITS, jpeg

    site = SiteProject(tmp_path_factory.mktemp("footer") / "project")
    site.root.mkdir()
    (site.root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    site.write("organisation.yml", FOOTER_ORGANISATION)
    site.write("units.yml", UNITS)
    for person_id, text in PEOPLE.items():
        site.write(f"people/{person_id}.md", text)
    site.write("people/photos/wang.jpg", jpeg())
    site.write("campaigns/2026-model-post/index.md", CAMPAIGN)
    for nominee, text in NOMINATIONS.items():
        site.write(f"campaigns/2026-model-post/{nominee}.md", text)
    site.write("about.md", ABOUT)
    site.build()
    return site


def test_every_page_has_the_footer_with_every_field(built: SiteProject) -> None:
    for kind, soup in pages_of_every_kind(built).items():
        foot = footer(soup)
        facts = {
            dt.get_text(strip=True): [
                dd.get_text(" ", strip=True) for dd in dt.find_next_siblings("dd")
            ]
            for dt in foot.select(".hb-footer__facts dt")
        }
        assert facts["主办单位"] == [f"{HOSTILE}主办"], kind
        assert facts["地址"] == ["测试市人民路 1 号 <b>东楼</b>"], kind
        assert facts["联系方式"] == ["办公室 0000-11112222 转 801 （工作日 9:00—17:00）"], kind
        assert facts["监督电话"] == ["0000-11113333", "电子邮箱： jiandu@example.org"], kind
        filings = foot.select_one(".hb-footer__filings")
        assert filings is not None, kind
        assert "网站标识码：1100000088" in filings.get_text(), kind
        icp = filings.find("a", string="测ICP备12345678号-2")
        assert icp is not None and icp["href"] == "https://beian.miit.gov.cn/", kind
        police = filings.find("a", string="测公网安备 11010502000001号")
        assert police is not None, kind
        assert police["href"] == "https://beian.mps.gov.cn/#/query/webSearch?code=11010502000001"


def test_footer_values_are_escaped_text(built: SiteProject) -> None:
    for kind, soup in pages_of_every_kind(built).items():
        foot = footer(soup)
        assert foot.find("script") is None, kind
        assert foot.find("b") is None, kind
    html = (built.root / "site" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;主办" in html
    assert HOSTILE not in html


def test_phone_numbers_are_tel_links_up_to_the_extension(built: SiteProject) -> None:
    foot = footer(built.page(""))
    links = {a.get_text(strip=True): a["href"] for a in foot.select('a[href^="tel:"]')}
    assert links == {
        "0000-11112222 转 801": "tel:000011112222",
        "0000-11113333": "tel:000011113333",
    }
    assert foot.find("a", href="mailto:jiandu@example.org") is not None


def test_no_third_party_attribution_and_credits_on_the_about_page(built: SiteProject) -> None:
    for kind, soup in pages_of_every_kind(built).items():
        text = footer(soup).get_text(" ", strip=True)
        assert "Material" not in text and "Made with" not in text, kind
        assert not footer(soup).select('a[href*="squidfunk"]'), kind
        about = footer(soup).select_one(".hb-footer__about a")
        assert about is not None and about.get_text(strip=True) == "关于本站", kind
    assert "Made with" not in (built.root / "site" / "index.html").read_text(encoding="utf-8")


def test_the_demo_credits_material_and_mkdocs_on_its_about_page(demo: SiteProject) -> None:
    about = demo.page("about")
    article = about.select_one("article")
    assert article is not None
    credits = {a.get_text(strip=True): a["href"] for a in article.find_all("a")}
    assert credits["Material for MkDocs"] == "https://squidfunk.github.io/mkdocs-material/"
    assert credits["MkDocs"] == "https://www.mkdocs.org/"
    link = footer(demo.page("")).select_one(".hb-footer__about a")
    assert link is not None and link["href"] == "about/"
    assert "Material" not in footer(demo.page("")).get_text()


def test_host_defaults_to_the_centre_and_optional_fields_stay_out(project: SiteProject) -> None:
    """The conftest organisation.yml has no host, address or filing numbers."""
    project.build()
    foot = footer(project.page(""))
    first = foot.select_one(".hb-footer__facts dd")
    assert first is not None and first.get_text(strip=True) == "测试市政务服务中心"
    assert foot.select_one(".hb-footer__filings") is None
    assert foot.select_one(".hb-footer__about") is None  # no about page
    assert [dt.get_text(strip=True) for dt in foot.select("dt")] == [
        "主办单位",
        "联系方式",
        "监督电话",
    ]


def test_police_filing_url_given_is_kept(project: SiteProject) -> None:
    project.write(
        "organisation.yml",
        "name: 测试中心\npolice_filing: 测公网安备11010502000001号\n"
        "police_filing_url: https://beian.example.gov.cn/record?code=11010502000001\n",
    )
    result = load(project.content)[0]
    assert result.problems.items == []
    assert result.content is not None
    organisation = result.content.organisation
    assert (
        organisation.police_filing_url == "https://beian.example.gov.cn/record?code=11010502000001"
    )
    assert organisation.host_name == "测试中心"


BAD = {  # id: (the lines written, the message expected)
    "icp": (
        "icp_filing: 12345678",
        "content/organisation.yml:2:13: 错误：字段“icp_filing”应为ICP 备案号，照备案证书原样填写"
        "（如 京ICP备12345678号 或 京ICP备12345678号-1），而不是“12345678”",
    ),
    "police": (
        "police_filing: 公安备案 123",
        "content/organisation.yml:2:16: 错误：字段“police_filing”应为公安机关备案号，照备案证书原样"
        "填写（如 京公网安备 11010502000001号），而不是“公安备案 123”",
    ),
    "site-code": (
        "site_code: 12345",
        "content/organisation.yml:2:12: 错误：字段“site_code”应为网站标识码，照备案证书原样填写"
        "（如 1100000088，共 10 位），而不是“12345”",
    ),
    "police-url-alone": (
        "police_filing_url: https://beian.example.gov.cn/",
        "content/organisation.yml:2:20: 错误：字段“police_filing_url”只在写了 police_filing"
        "（公安机关备案号）时使用",
    ),
    "police-url-javascript": (
        "police_filing: 测公网安备 11010502000001号\npolice_filing_url: javascript:alert(1)",
        "content/organisation.yml:3:20: 错误：字段“police_filing_url”应为以 http:// 或 https:// "
        "开头的网址，而不是“javascript:alert(1)”",
    ),
    "host-too-long": (
        "host: " + "长" * 51,
        "content/organisation.yml:2:7: 错误：字段“host”过长：最多 50 个字，现有 51 个字",
    ),
    "host-two-lines": (
        'host: "主办\\n单位"',
        "content/organisation.yml:2:7: 错误：字段“host”应为一行文字，不能换行",
    ),
    "unknown-key": (
        "icp_filling: 测ICP备12345678号",
        "content/organisation.yml:2:1: 错误：未知字段“icp_filling”，您是否想写“icp_filing”？",
    ),
}


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_bad_footer_fields_are_named_in_chinese(
    project: SiteProject, case: tuple[str, str]
) -> None:
    written, message = case
    project.write("organisation.yml", f"name: 测试市政务服务中心\n{written}\n")
    result = load(project.content)[0]
    assert [p.format(project.root) for p in result.problems.items] == [message]


def test_a_bad_filing_number_stops_the_build(project: SiteProject) -> None:
    project.edit("organisation.yml", "publish:", "icp_filing: ICP备\npublish:")
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert (
        "content/organisation.yml:8:13: 错误：字段“icp_filing”应为ICP 备案号"
        in result.stdout + result.stderr
    )
    assert not (Path(project.root) / "site" / "index.html").exists()
