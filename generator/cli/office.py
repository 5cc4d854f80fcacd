"""Office forms and sheets: `honours forms` writes them (Word, Excel), `honours import` reads
back what the units return. python-docx and openpyxl are imported only when asked."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..build import load
from ..project.settings import CONFIG_NAME
from ..sources.problems import Problems, display_path
from .common import CONTENT, campaign_or_exit, config_file_option, folder_option, settings_or_exit


@click.command(
    help="生成推荐表格：每个类别的空白推荐表（Word），每个推荐对象已填好的推荐表，推荐名单汇总表"
    "和名额分配表（Excel）。例：honours forms 2026-most-beautiful"
)
@config_file_option
@folder_option("--content", "content_dir", f"内容目录（默认：{CONFIG_NAME} 中的 docs_dir）")
@click.argument("campaign_id")
@folder_option("--out", "out", "写入的文件夹（默认：forms/<活动编号>）")
def forms(
    config_file: Path | None, content_dir: Path | None, campaign_id: str, out: Path | None
) -> None:
    from ..office.export import TEMPLATE_FOLDER, write_forms  # python-docx: only when asked

    settings = settings_or_exit(config_file, content_dir)
    result, _ = load(settings.docs_dir)
    content = result.content
    if content is None or result.problems.errors:
        click.echo(result.problems.report())
        click.echo("记录有错误，表格没有生成。")
        sys.exit(1)
    campaign_or_exit(content.campaigns, campaign_id)
    folder = out or Path("forms") / campaign_id
    written = write_forms(
        content,
        result.private,
        campaign_id,
        folder,
        lambda kind: settings.theme_file(f"{TEMPLATE_FOLDER}/{kind}.docx"),
    )
    for item in written:
        click.echo(f"已写出{item.what}：{display_path(item.path)}")
    click.echo(f"共 {len(written)} 个文件。推荐表含联系电话等内部信息，请勿发布到网站。")


@click.command(
    "import",
    help="导入各单位交回的推荐表（.docx）和汇总表（.xlsx），先列出将新建、修改的记录；"
    "加 --write 才写入。例：honours import 2026-most-beautiful 回收/*.docx 汇总表.xlsx",
)
@CONTENT
@click.argument("campaign_id")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--write", is_flag=True, help="确认无误后写入记录")
def import_command(
    content_dir: Path, campaign_id: str, files: tuple[Path, ...], write: bool
) -> None:
    from ..office.intake import import_files  # python-docx and openpyxl: only when asked

    problems = Problems()
    plan = import_files(content_dir, campaign_id, list(files), problems)
    if problems.items:
        click.echo(problems.report())
    if problems.errors:
        click.echo("有错误，没有写入任何文件。")
        sys.exit(1)
    click.echo(plan.table(dry_run=not write))
    if write:
        written = plan.write()
        for path in written:
            click.echo(f"已写入 {display_path(path)}")
        click.echo(
            f"已写入 {len(written)} 个文件。" if written else "记录已是最新，没有写入任何文件。"
        )
