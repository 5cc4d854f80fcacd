"""`honours print`: printed outputs and publicity (Typst, imported only when asked)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..project.settings import CONFIG_NAME
from ..sources.problems import display_path
from .common import config_file_option, folder_option, gather_project, settings_or_exit

PRINT_KINDS = ["publicity", "results", "certificates", "posters", "wechat", "board"]


@click.command(
    "print",
    help="生成印刷品和宣传材料：公示（PDF）、表彰名单、荣誉证书、投票海报、星级党员海报、"
    "微信公众号文章和短信。例：honours print 2026-most-beautiful；honours print star-board",
)
@config_file_option
@folder_option("--content", "content_dir", f"内容目录（默认：{CONFIG_NAME} 中的 docs_dir）")
@click.argument("target")
@click.option(
    "--only",
    type=click.Choice(PRINT_KINDS),
    help="只生成一种：publicity 公示，results 表彰名单，certificates 荣誉证书，"
    "posters 投票海报，wechat 公众号文章，board 星级党员海报",
)
@click.option("--sheet", is_flag=True, help="荣誉证书套打：只印文字，位置见证书模板")
@folder_option("--out", "out", "写入的文件夹（默认：print/<编号>）")
def print_command(
    config_file: Path | None,
    content_dir: Path | None,
    target: str,
    only: str | None,
    sheet: bool,
    out: Path | None,
) -> None:
    from ..printing.job import PrintJob  # Typst: only when asked
    from ..printing.kit import Kind, KitError, print_kit
    from ..printing.typeset import TypesetError, build_timestamp, template_folders

    settings = settings_or_exit(config_file, content_dir)
    gathered = gather_project(settings)
    content, problems = gathered.result.content, gathered.result.problems
    if content is None or problems.errors:
        click.echo(problems.report())
        click.echo("记录有错误，没有生成印刷品。")
        sys.exit(1)
    job = PrintJob(
        gathered.views(settings.today),
        template_folders([settings.custom_dir] if settings.custom_dir else []),
        build_timestamp(settings.today),
        out or Path("print") / target,
        settings.site_url,
    )
    try:
        printed = print_kit(job, target, Kind(only) if only else None, sheet)
    except (KitError, TypesetError) as exc:
        raise click.ClickException(str(exc)) from None
    if job.problems.items:
        click.echo(job.problems.report())
    for path in printed.files:
        click.echo(f"已写出 {display_path(path)}")
    for note in printed.skipped:
        click.echo(note)
    if not printed.files:
        click.echo("没有生成任何文件。")
        sys.exit(1)
    click.echo(f"共 {len(printed.files)} 个文件，在 {display_path(job.out)}。")
