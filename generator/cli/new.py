"""`honours init` (a new centre) and `honours new …` (a new record, every field written out
with its explanation)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ..model.loader import load_content
from ..model.skeletons import new_campaign, new_nomination, new_person, new_team, slug
from ..model.stages import TodayError, build_date
from ..project.newcentre import CentreExists, init_centre
from ..sources.problems import display_path
from .common import CONTENT, folder_option


@click.command(help="新建一个中心：honours init 北岭县政务服务中心 --dir beiling")
@click.argument("name")
@folder_option("--dir", "folder", "写入的文件夹（不存在时新建）", Path("."))
def init(name: str, folder: Path) -> None:
    try:
        today = build_date()
    except TodayError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        created = init_centre(folder, name, today)
    except (CentreExists, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(
            f"无法写入“{display_path(folder)}”：{exc.strerror or exc}"
        ) from None
    for path in created.files:
        click.echo(f"已创建 {display_path(path)}")
    where = display_path(folder.absolute())
    steps = "" if where == "." else f"cd {where}\n"
    click.echo(
        f"新中心“{name.strip()}”已建好。接下来：\n{steps}honours check    # 检查记录\n"
        "mkdocs build     # 生成网站，输出在 site/"
    )


@click.group(help="新建记录：每个字段都已写出并附说明。")
def new() -> None:
    pass


@new.command("person", help="新建人员记录：honours new person 王晓明 --unit tax-window")
@CONTENT
@click.argument("name")
@click.option("--unit", required=True, help="所在单位编号（见 units.yml）")
@click.option("--id", "record_id", help="编号（默认取姓名拼音）")
def new_person_command(content_dir: Path, name: str, unit: str, record_id: str | None) -> None:
    _created(lambda: new_person(content_dir, name, unit, record_id))


@new.command(
    "team",
    help="新建集体记录：honours new team 政务服务中心抗疫先锋队 --unit centre "
    "--member wang-xiaoming --member 赵卫东",
)
@CONTENT
@click.argument("name")
@click.option("--unit", required=True, help="所在单位编号（见 units.yml）")
@click.option(
    "--member",
    "members",
    multiple=True,
    help="成员：人员编号（见 people/）或姓名，可写多次，按成员名单顺序",
)
@click.option("--id", "record_id", help="编号（默认取名称拼音）")
def new_team_command(
    content_dir: Path, name: str, unit: str, members: tuple[str, ...], record_id: str | None
) -> None:
    _created(lambda: new_team(content_dir, name, unit, list(members), record_id))


@new.command(
    "nomination",
    help="新建推荐：honours new nomination 2026-model-post wang-xiaoming --category model-post",
)
@CONTENT
@click.argument("campaign")
@click.argument("nominee")
@click.option("--category", required=True, help="类别编号")
def new_nomination_command(content_dir: Path, campaign: str, nominee: str, category: str) -> None:
    _created(lambda: new_nomination(content_dir, campaign, nominee, category))


@new.command(
    "campaign",
    help="新建评选活动：honours new campaign 2027年度优秀党员示范岗评选 --id 2027-model-post",
)
@CONTENT
@click.argument("title")
@click.option("--id", "campaign_id", help="活动编号（默认取标题拼音）")
def new_campaign_command(content_dir: Path, title: str, campaign_id: str | None) -> None:
    try:
        today = build_date()
    except TodayError as exc:
        raise click.ClickException(str(exc)) from None
    loaded = load_content(content_dir).content
    issuer = loaded.organisation.name if loaded else ""
    _created(lambda: new_campaign(content_dir, title, campaign_id or slug(title), today, issuer))


def _created(make: Callable[[], Path]) -> None:
    try:
        path = make()
    except (FileExistsError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"已创建 {path}，请打开填写。")
