"""A campaign's own word for a step of its timeline (群众评议 for a public vote): shown in the
timeline and as the stage while it runs; too long a word is an error naming its place."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from generator.model.loader import load_content
from generator.model.stages import stage_of
from generator.site.views import Views
from tests.conftest import REPO, SiteProject

CAMPAIGN = "2027-star-window"  # the demo's: its vote is a 群众评议


def test_the_demo_calls_its_vote_a_public_review() -> None:
    result = load_content(REPO / "content")
    assert result.content is not None and not result.problems.errors
    campaign = result.content.campaigns[CAMPAIGN]
    voting = campaign.period("voting")
    assert voting is not None and voting.label == "群众评议"
    assert campaign.period("publicity").label == "公示"  # type: ignore[union-attr]
    assert stage_of(campaign, date(2027, 1, 6)).label == "群众评议中"
    assert stage_of(campaign, date(2027, 1, 15)).label == "公示中"
    views = Views(result.content, {}, date(2027, 1, 6))
    view = views.campaign(campaign)
    assert [p.label for p in view.timeline][2] == "群众评议"
    assert view.stage.label == "群众评议中"


def test_a_label_too_long_is_an_error_at_its_place(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    index = root / "campaigns" / CAMPAIGN / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("label: 群众评议", "label: " + "评" * 51), encoding="utf-8")
    result = load_content(root)
    messages = [p.format(root) for p in result.problems.errors]
    assert len(messages) == 1, messages
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "label: 群众评议" in t)
    assert messages[0].startswith(f"campaigns/{CAMPAIGN}/index.md:{line}:")
    assert "timeline.voting.label" in messages[0]


def test_the_vote_page_says_the_campaigns_word(demo: SiteProject) -> None:
    """The demo's 2027 campaign has not opened its 群众评议 on the build date: the vote page's
    breadcrumb, heading, state line and title use the campaign's word, the channels stay votes."""
    page = demo.page(f"campaigns/{CAMPAIGN}/vote/")
    heading = page.select_one("article.hb-vote h1 small")
    state = page.select_one("article.hb-vote p.hb-window")
    crumb = page.select_one("article.hb-vote p.hb-breadcrumb")
    assert heading is not None and heading.get_text() == "群众评议"
    assert state is not None and state.get_text(" ", strip=True).startswith("群众评议尚未开始")
    assert crumb is not None and crumb.get_text(strip=True).endswith("› 群众评议")
    title = page.select_one("title")
    assert title is not None and title.get_text().startswith("2027年度星级服务窗口 群众评议")
    assert "投票尚未开始" not in page.get_text()
    other = demo.page("campaigns/2026-model-post/vote/")  # a campaign with no word of its own
    small = other.select_one("article.hb-vote h1 small")
    assert small is not None and small.get_text() == "投票"
