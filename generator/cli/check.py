"""`honours check`: every record checked, every problem listed at once."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..model.stages import stage_of
from ..project.settings import CONFIG_NAME
from ..sources.problems import display_path
from .common import config_file_option, folder_option, gather_project, settings_or_exit


@click.command(
    help="检查全部记录，一次列出所有问题。与 mkdocs build 读同一个 mkdocs.yml："
    "内容目录、照片缓存、照片比例、构建日期。"
)
@config_file_option
@folder_option(
    "--content",
    "content_dir",
    f"内容目录（默认：{CONFIG_NAME} 中的 docs_dir；没有 {CONFIG_NAME} 时为 content）",
)
@click.option("--strict", is_flag=True, help="有警告时也以失败退出")
def check(config_file: Path | None, content_dir: Path | None, strict: bool) -> None:
    settings = settings_or_exit(config_file, content_dir)
    # On stderr: stdout is the report, one problem a line.
    if settings.config_file is not None:
        click.echo(f"使用配置文件：{display_path(settings.config_file)}", err=True)
        if not settings.plugin_enabled:
            click.echo(
                f"注意：{display_path(settings.config_file)} 的 plugins 中没有 honours，"
                "mkdocs build 不会生成光荣榜页面",
                err=True,
            )
    else:
        click.echo(f"没有找到 {CONFIG_NAME}，按默认设置检查", err=True)
    if not settings.docs_dir.is_dir():
        raise click.ClickException(f"找不到内容目录“{display_path(settings.docs_dir)}”")
    gathered = gather_project(settings)
    result, problems = gathered.result, gathered.result.problems
    click.echo(problems.report())
    if problems.errors or (strict and problems.warnings):
        sys.exit(1)
    if result.content is not None:
        content = result.content
        published = sum(1 for n in content.nominations if n.published)
        click.echo(
            f"检查通过：{len(content.people)} 条人员记录，{len(content.campaigns)} 个评选活动，{published} 个公开的推荐对象。"
        )
        views = gathered.views(settings.today)
        shown = [
            f"{c.name}（{stage_of(c, settings.today).label}）"
            for c in views.visible_campaigns().values()
        ]
        click.echo(
            f"按构建日期 {settings.today.isoformat()}，网站上显示 {len(shown)} 个评选活动"
            + (f"：{'、'.join(shown)}" if shown else "")
        )
