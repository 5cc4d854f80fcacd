"""Voting notice, 公示 and results pages, each in the state the build date puts it in."""

from __future__ import annotations

from .conftest import SiteProject
from .test_site import decode_qr

CAMPAIGN = "campaigns/2026-model-post"


def at(project: SiteProject, day: str) -> None:
    project.build(env={"HONOURS_TODAY": day})


def text(project: SiteProject, url: str, selector: str = "article") -> str:
    found = project.page(url).select_one(selector)
    assert found is not None, (url, selector)
    return " ".join(found.get_text().split())


def test_vote_page_before_during_and_after(project: SiteProject) -> None:
    at(project, "2026-11-15")
    assert (
        "投票尚未开始，将于 2026年11月20日 09:00 至 2026年11月30日 18:00（北京时间） 进行。"
        in text(project, f"{CAMPAIGN}/vote")
    )
    at(project, "2026-11-25")
    page = project.page(f"{CAMPAIGN}/vote")
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
    at(project, "2026-12-01")
    page = project.page(f"{CAMPAIGN}/vote")
    assert "投票已结束" in page.select_one(".hb-window").get_text()
    assert page.select_one(".hb-channels") is None


def test_profile_tells_how_to_vote_only_while_voting(project: SiteProject) -> None:
    at(project, "2026-11-25")
    box = text(project, f"{CAMPAIGN}/wang-xiaoming", ".hb-how-to-vote")
    assert "王晓明的编号是 7" in box and "10690000" in box and "报编号 7" in box
    at(project, "2026-12-03")
    assert project.page(f"{CAMPAIGN}/wang-xiaoming").select_one(".hb-how-to-vote") is None


def test_publicity_lists_proposed_awardees_only_in_its_window(project: SiteProject) -> None:
    project.edit(
        f"{CAMPAIGN}/wang-xiaoming.md", "status: candidate", "status: candidate\nresult: proposed"
    )
    at(project, "2026-11-25")
    assert "王晓明" not in text(project, f"{CAMPAIGN}/publicity")
    at(project, "2026-12-03")
    page = project.page(f"{CAMPAIGN}/publicity")
    assert [a.get_text() for a in page.select("table a")] == ["王晓明"]
    objection = text(project, f"{CAMPAIGN}/publicity", ".hb-objection")
    assert (
        "0000-11113333" in objection
        and "jiandu@example.org" in objection
        and "0000-11114444" in objection
    )
    at(project, "2026-12-10")
    assert "公示期满" in text(project, f"{CAMPAIGN}/publicity")
    assert project.page(f"{CAMPAIGN}/publicity").select_one(".hb-objection") is None


def test_results_page_lists_the_awarded(project: SiteProject) -> None:
    at(project, "2026-12-10")
    assert "评选结果尚未公布，预计于 2026年12月15日 表彰" in text(
        project, f"{CAMPAIGN}/results", ".md-content"
    )
    project.edit(
        f"{CAMPAIGN}/wang-xiaoming.md", "status: candidate", "status: candidate\nresult: awarded"
    )
    at(project, "2026-12-16")
    page = project.page(f"{CAMPAIGN}/results")
    assert [n.get_text() for n in page.select(".hb-card__name")] == ["王晓明"]
    assert page.select_one(".hb-card picture img") is not None


def test_campaign_and_home_link_to_the_live_page(project: SiteProject) -> None:
    for day, label, target in [
        ("2026-11-05", "推荐对象", "nominees/"),
        ("2026-11-25", "投票入口", "vote/"),
        ("2026-12-03", "公示名单", "publicity/"),
        ("2026-12-20", "评选结果", "results/"),
    ]:
        at(project, day)
        button = project.page(CAMPAIGN).select_one(".hb-actions a")
        assert (button.get_text(), button["href"]) == (label, target), day
        home = project.page("").select_one(".hb-campaign__more")
        assert (home.get_text(), home["href"]) == (label, f"{CAMPAIGN}/{target}"), day
