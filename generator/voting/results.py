"""Each campaign's tally as the build uses it: read from results.yml, never stale.

`honours tally <campaign>` counts the vote files and writes `votes/results.yml`;
the build and `honours check` read that file, so what the site shows is what a
person reading the file sees. Vote files newer than the results (or changed
rules or candidates) are an error until the tally is run again.
"""

from __future__ import annotations

from ..model.records import Campaign, Content
from ..sources.paths import LINKED_OUT, inside
from ..sources.problems import Mark, Problems
from .tally import (
    RESULTS_NAME,
    TallyResult,
    candidates_of,
    read_results,
    results_are_current,
    vote_files,
)

VOTES_FOLDER = "votes"


def campaign_results(content: Content, problems: Problems) -> dict[str, TallyResult]:
    """The current tally of every campaign that has vote files."""
    results = {}
    for campaign in content.campaigns.values():
        result = _current(content, campaign, problems)
        if result is not None:
            results[campaign.id] = result
    return results


def _current(content: Content, campaign: Campaign, problems: Problems) -> TallyResult | None:
    folder = content.root / "campaigns" / campaign.id / VOTES_FOLDER
    if not folder.is_dir() or not vote_files(folder, problems):
        return None
    path = folder / RESULTS_NAME
    if not path.is_file():
        problems.error(Mark(folder), f"有投票文件但尚未计票：请运行 honours tally {campaign.id}")
        return None
    if not inside(content.root, path):
        problems.error(Mark(path), LINKED_OUT)
        return None
    result = read_results(path, problems)
    if result is None:
        return None
    candidates = candidates_of(content.nominations_of(campaign.id))
    if not results_are_current(result, folder, campaign, candidates):
        problems.error(
            Mark(path),
            f"计票结果已过期（投票文件、投票规则或候选名单有变化）：请重新运行 honours tally {campaign.id}",
        )
        return None
    return result
