"""Voting notice, 公示 and results pages, each in the state the build date puts it in."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import SiteProject, build_in, honours_here, small_project
from .test_site import decode_qr

CAMPAIGN = "campaigns/2026-model-post"
# The days on which the tests that only read the unedited small project look at it.
DAYS = [
    "2026-11-05",
    "2026-11-15",
    "2026-11-25",
    "2026-12-01",
    "2026-12-03",
    "2026-12-10",
    "2026-12-20",
]


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The small project, unedited, built once on each of DAYS: the site of each day."""
    site = small_project(tmp_path_factory.mktemp("dated") / "project")
    return {day: build_in(site.root, day, site.root / f"site-{day}") for day in DAYS}


def at(project: SiteProject, day: str) -> Path:
    return build_in(project.root, day)


def page_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(site: Path, url: str, selector: str = "article") -> str:
    found = page_of(site, url).select_one(selector)
    assert found is not None, (url, selector)
    return " ".join(found.get_text().split())


def test_vote_page_before_during_and_after(dated: dict[str, Path]) -> None:
    assert (
        "投票尚未开始，将于 2026年11月20日 09:00 至 2026年11月30日 18:00（北京时间） 进行。"
        in text(dated["2026-11-15"], f"{CAMPAIGN}/vote")
    )
    page = page_of(dated["2026-11-25"], f"{CAMPAIGN}/vote")
    assert "投票进行中" in page.select_one(".hb-window").get_text()
    channels = [h.get_text() for h in page.select(".hb-channel h3")]
    assert channels == ["网络投票", "短信投票", "热线投票"]
    assert decode_qr(page.select_one(".hb-channel--online svg")) == "https://vote.example.org/2026"
    assert "10690000" in page.select_one(".hb-channel--sms").get_text()
    rows = [
        [td.get_text() for td in tr.select("td")]
        for tr in page.select("table.hb-candidates tbody tr")
    ]
    assert rows == [["7", "王晓明", "办事大厅"], ["1", "税务综合窗口", "税务窗口"]]
    page = page_of(dated["2026-12-01"], f"{CAMPAIGN}/vote")
    assert "投票已结束" in page.select_one(".hb-window").get_text()
    assert page.select_one(".hb-channels") is None


def test_profile_tells_how_to_vote_only_while_voting(dated: dict[str, Path]) -> None:
    box = text(dated["2026-11-25"], f"{CAMPAIGN}/wang-xiaoming", ".hb-how-to-vote")
    assert "王晓明的编号是 7" in box and "10690000" in box and "报编号 7" in box
    assert (
        page_of(dated["2026-12-03"], f"{CAMPAIGN}/wang-xiaoming").select_one(".hb-how-to-vote")
        is None
    )


def test_publicity_lists_proposed_awardees_only_in_its_window(project: SiteProject) -> None:
    project.edit(
        f"{CAMPAIGN}/wang-xiaoming.md", "status: candidate", "status: candidate\nresult: proposed"
    )
    assert "王晓明" not in text(at(project, "2026-11-25"), f"{CAMPAIGN}/publicity")
    site = at(project, "2026-12-03")
    page = page_of(site, f"{CAMPAIGN}/publicity")
    assert [a.get_text() for a in page.select("table a")] == ["王晓明"]
    objection = text(site, f"{CAMPAIGN}/publicity", ".hb-objection")
    assert (
        "0000-11113333" in objection
        and "jiandu@example.org" in objection
        and "0000-11114444" in objection
    )
    site = at(project, "2026-12-10")
    assert "公示期已于" in text(site, f"{CAMPAIGN}/publicity")  # the standard 期满 line
    assert page_of(site, f"{CAMPAIGN}/publicity").select_one(".hb-objection") is None


def test_results_page_lists_the_awarded(dated: dict[str, Path], project: SiteProject) -> None:
    assert "评选结果尚未公布，预计于 2026年12月15日 表彰" in text(
        dated["2026-12-10"], f"{CAMPAIGN}/results", ".md-content"
    )
    project.edit(
        f"{CAMPAIGN}/wang-xiaoming.md", "status: candidate", "status: candidate\nresult: awarded"
    )
    page = page_of(at(project, "2026-12-16"), f"{CAMPAIGN}/results")
    assert [n.get_text() for n in page.select(".hb-card__name")] == ["王晓明"]
    assert page.select_one(".hb-card picture img") is not None


def test_campaign_and_home_link_to_the_live_page(dated: dict[str, Path]) -> None:
    for day, label, target in [
        ("2026-11-05", "推荐对象", "nominees/"),
        ("2026-11-25", "投票入口", "vote/"),
        ("2026-12-03", "公示名单", "publicity/"),
        ("2026-12-20", "评选结果", "results/"),
    ]:
        button = page_of(dated[day], CAMPAIGN).select_one(".hb-actions a")
        assert (button.get_text(), button["href"]) == (label, target), day
        home = page_of(dated[day], "").select_one(".hb-campaign__more")
        assert (home.get_text(), home["href"]) == (label, f"{CAMPAIGN}/{target}"), day


SMS = "发送时间,手机号码,短信内容\r\n" + "".join(
    f"2026-11-2{day} 10:0{minute}:00,1390000{day}{minute}{n:02d},投{code}\r\n"
    for day, minute, n, code in [
        (1, 1, 1, 7),
        (1, 2, 2, 7),
        (2, 1, 3, 1),
        (2, 2, 4, 7),
        (2, 3, 5, 99),
    ]
)


def with_votes(project: SiteProject) -> None:
    project.edit(
        f"{CAMPAIGN}/index.md",
        "  limits: {per_phone_per_day: 1}",
        "  limits: {per_phone_per_day: 1}\n  show_counts: true",
    )
    project.write(f"{CAMPAIGN}/votes/sms.csv", SMS.encode("utf-8-sig"))
    project.write(f"{CAMPAIGN}/votes/online.csv", "编号,票数\n7,100\n1,40\n".encode("gb18030"))


def test_tally_then_build_agree(project: SiteProject) -> None:
    with_votes(project)
    project.edit(
        f"{CAMPAIGN}/wang-xiaoming.md", "status: candidate", "status: candidate\nresult: proposed"
    )
    result = honours_here(project, "tally", "2026-model-post")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "7 王晓明 100 3 103 1" in lines  # online 100 + SMS 3 (no hotline file: no column)
    assert "1 税务综合窗口 40 1 41 1" in lines
    assert any("编号不存在 1" in line for line in lines)
    assert (project.content / f"{CAMPAIGN}/votes/results.yml").is_file()
    site = at(project, "2026-12-03")
    page = page_of(site, f"{CAMPAIGN}/publicity")
    assert [td.get_text() for td in page.select("table tbody tr td.hb-number")] == ["103"]
    published = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert not [p for p in published if "votes" in p or p.endswith((".csv", ".yml"))]
    assert "13900001" not in "".join(p.read_text(errors="ignore") for p in site.rglob("*.html"))


def test_counts_stay_hidden_while_voting_or_when_not_shown(project: SiteProject) -> None:
    with_votes(project)
    project.edit(
        f"{CAMPAIGN}/wang-xiaoming.md", "status: candidate", "status: candidate\nresult: proposed"
    )
    assert honours_here(project, "tally", "2026-model-post").returncode == 0
    site = at(project, "2026-11-25")
    assert page_of(site, f"{CAMPAIGN}/nominees").select_one(".hb-card__votes") is None
    project.edit(f"{CAMPAIGN}/index.md", "  show_counts: true", "  show_counts: false")
    assert honours_here(project, "tally", "2026-model-post").returncode == 0
    site = at(project, "2026-12-03")
    assert page_of(site, f"{CAMPAIGN}/publicity").select_one("td.hb-number") is None


def test_votes_without_a_tally_or_with_a_stale_one_stop_the_build(project: SiteProject) -> None:
    with_votes(project)
    result = project.mkdocs("build")
    assert result.returncode == 1
    assert (
        "content/campaigns/2026-model-post/votes:1:1: 错误：有投票文件但尚未计票：请运行 honours tally 2026-model-post"
        in result.stderr
    )
    assert honours_here(project, "tally", "2026-model-post").returncode == 0
    build_in(project.root)  # mkdocs.yml's date
    project.write(f"{CAMPAIGN}/votes/online.csv", "编号,票数\n7,101\n1,40\n")
    result = project.mkdocs("build")
    assert result.returncode == 1
    assert "votes/results.yml:1:1: 错误：计票结果已过期" in result.stderr
    assert honours_here(project, "check").returncode == 1


def test_a_malformed_vote_file_writes_no_results(project: SiteProject) -> None:
    with_votes(project)
    project.write(f"{CAMPAIGN}/votes/online.csv", "编号,票数\n7,很多\n")
    result = honours_here(project, "tally", "2026-model-post")
    assert result.returncode == 1
    assert "content/campaigns/2026-model-post/votes/online.csv:2:" in result.stdout
    assert "计票结果没有写出" in result.stdout
    assert not (project.content / f"{CAMPAIGN}/votes/results.yml").exists()


def test_tally_of_an_unknown_campaign(project: SiteProject) -> None:
    result = honours_here(project, "tally", "2026-model-pots")
    assert result.returncode == 1
    assert "没有编号为“2026-model-pots”的评选活动，您是否想写“2026-model-post”？" in result.stderr


def test_tally_of_an_unknown_campaign_without_a_suggestion(project: SiteProject) -> None:
    result = honours_here(project, "tally", "heroes")
    assert result.returncode == 1
    assert "没有编号为“heroes”的评选活动，现有：2026-model-post" in result.stderr
