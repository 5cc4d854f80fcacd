"""`honours tally`: the votes counted, the 综合评议 where a campaign has `scoring:`, and with
`--propose` the 拟表彰名单 by quota (`--write` writes it into the nominations)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..build import load
from ..model.records import Campaign, Content
from ..sources.problems import Problems, display_path, os_reason
from ..voting.proposing import NotScored, propose_campaign
from ..voting.results import VOTES_FOLDER
from ..voting.reviews import read_reviews
from ..voting.scoring import CombinedRow, campaign_rows, format_combined
from ..voting.tally import (
    RESULTS_NAME,
    TallyResult,
    candidates_of,
    format_report,
    tally_campaign,
    write_results,
)
from .common import CONTENT, campaign_or_exit


@click.command(
    help="计票：统计 votes/ 中的投票文件，写出 votes/results.yml；活动采用综合评议（scoring:）时，"
    "再列出结合 review/ 中评审得分的综合得分。--propose 按名额列出拟表彰名单及需要修改的推荐记录，"
    "加 --write 写入。例：honours tally 2026-most-beautiful --propose"
)
@CONTENT
@click.argument("campaign_id")
@click.option(
    "--propose",
    is_flag=True,
    help="按名额提出拟表彰名单（有综合评议时按综合得分，否则按票数），"
    "列出 result: proposed 需要加上或去掉的推荐记录（只列出，不写入）",
)
@click.option("--write", is_flag=True, help="与 --propose 一起用：把拟表彰名单写入推荐记录")
def tally(content_dir: Path, campaign_id: str, propose: bool, write: bool) -> None:
    if write and not propose:
        raise click.UsageError("--write 只能与 --propose 一起使用")
    result, _ = load(content_dir)
    content = result.content
    if content is None or result.problems.errors:
        click.echo(result.problems.report())
        sys.exit(1)
    campaign_or_exit(content.campaigns, campaign_id)
    campaign = content.campaigns[campaign_id]
    problems = Problems()
    folder = content.root / "campaigns" / campaign_id / VOTES_FOLDER
    candidates = candidates_of(content.nominations_of(campaign_id))
    counted = tally_campaign(campaign, candidates, folder, problems)
    names = {pid: person.name for pid, person in content.people.items()}
    categories = {c.id: c.name for c in campaign.categories}
    click.echo(format_report(counted, names, category_names=categories, title=campaign.name))
    if problems.items:
        click.echo(problems.report())
    if problems.errors:
        click.echo("有文件错误，计票结果没有写出。")
        sys.exit(1)
    write_results(counted, folder / RESULTS_NAME)
    click.echo(f"计票结果已写入 {display_path(folder / RESULTS_NAME)}")
    code_names = {c.code: names.get(c.nominee, c.nominee) for c in candidates}
    rows = _combined(content, campaign, counted, code_names) if campaign.scoring else None
    if propose:
        _propose(content, campaign, counted, rows, code_names, write)


def _combined(
    content: Content, campaign: Campaign, counted: TallyResult, names: dict[int, str]
) -> dict[str, list[CombinedRow]] | None:
    """Print the 综合评议 of a campaign with `scoring:`: its rows, or None before any score
    sheet; errors in the sheets are printed and end the command."""
    problems = Problems()
    reviews = read_reviews(content, campaign, problems)
    if problems.items:
        click.echo(problems.report())
    if problems.errors:
        click.echo("评审得分表有错误，综合评议没有计算。")
        sys.exit(1)
    if reviews is None:
        click.echo(
            f"\nreview/ 中还没有评审得分表：评委评分后再运行 honours tally {campaign.id}，"
            "即可得出综合评议结果。"
        )
        return None
    rows = campaign_rows(campaign, counted, reviews.means, content)
    click.echo("\n" + format_combined(campaign, rows, reviews, names), nl=False)
    return rows


def _propose(
    content: Content,
    campaign: Campaign,
    counted: TallyResult,
    rows: dict[str, list[CombinedRow]] | None,
    names: dict[int, str],
    write: bool,
) -> None:
    """`--propose`: print the proposal (voting/proposing.py); with `--write`, write its
    changes (only `proposed` is added or removed, comments kept)."""
    from ..office.recordwriter import NOMINATION_ORDER, RecordEdit, Unwritable, write_record

    try:
        proposal = propose_campaign(content, campaign, counted, rows, names)
    except NotScored as exc:
        raise click.ClickException(str(exc)) from None
    changes = proposal.changes
    click.echo("\n".join(proposal.lines))
    if not write:
        if changes:
            click.echo("以上为预览，没有写入任何文件；确认无误后加 --write 写入。")
        return
    for change in changes:
        path = change.nomination.mark.path
        edit = (
            RecordEdit({"result": "proposed"})
            if change.proposed
            else RecordEdit(remove=("result",))
        )
        try:
            write_record(path, edit, NOMINATION_ORDER)
        except (Unwritable, OSError) as exc:
            reason = (
                os_reason(exc) if isinstance(exc, OSError) else "ruamel.yaml 无法读取其开头的字段"
            )
            raise click.ClickException(f"无法写入“{display_path(path)}”：{reason}") from None
        click.echo(f"已写入 {display_path(path)}")
    if changes:
        click.echo(f"已写入 {len(changes)} 个文件。")
