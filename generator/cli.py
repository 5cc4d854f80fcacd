"""The `honours` command: the same core as the MkDocs plugin."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from filelock import FileLock, Timeout

from .build import BODIES_FOLDER, PORTRAITS_FOLDER, Gathered, gather, load
from .media.placeholders import FONT_PATH
from .media.portraits import PortraitSettings
from .media.qrcodes import CACHE_NAME as QR_FOLDER
from .model.loader import load_content
from .model.records import Campaign, Content
from .model.skeletons import new_campaign, new_nomination, new_person, new_team, slug
from .model.stages import TodayError, build_date, stage_of
from .office import ATTACHMENTS_FOLDER
from .project.newcentre import CentreExists, init_centre
from .project.settings import CONFIG_NAME, Settings, SettingsError, project_settings
from .site import publish
from .site.boardimages import IMAGES_FOLDER
from .site.fragmentcache import FRAGMENTS_FOLDER
from .site.incremental import PAGES_FOLDER, TEMPLATES_FOLDER
from .site.search import SEARCH_FOLDER
from .sources.messages import sentence, suggestion
from .sources.problems import Problems, display_path, os_reason
from .sources.store import KEEP_RUNS, clear, usage
from .voting.proposing import NotScored, propose_campaign
from .voting.results import VOTES_FOLDER
from .voting.reviews import read_reviews
from .voting.scoring import CombinedRow, campaign_rows, format_combined
from .voting.tally import (
    RESULTS_NAME,
    TallyResult,
    candidates_of,
    format_report,
    tally_campaign,
    write_results,
)

Command = TypeVar("Command", bound=Callable[..., Any])


def folder_option(
    flag: str, name: str, help: str, default: Path | None = None
) -> Callable[[Command], Command]:
    return click.option(
        flag,
        name,
        type=click.Path(file_okay=False, path_type=Path),
        default=default,
        show_default=default is not None,
        help=help,
    )


CONTENT = folder_option("--content", "content_dir", "内容目录", Path("content"))


@click.group(help="光荣榜：检查记录、新建记录。")
def main() -> None:
    pass


config_file_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"MkDocs 配置文件（默认：当前文件夹的 {CONFIG_NAME}）",
)


def gather_project(settings: Settings) -> Gathered:
    """What `honours check` and `honours print` read: the records, bodies, portraits, tallies
    and boards, as the build reads them with these settings."""
    return gather(
        settings.docs_dir,
        settings.cache_path,
        PortraitSettings(aspect=settings.portrait_aspect),
        settings.theme_file(FONT_PATH),
        settings.markdown,
        settings.today,
    )


def settings_or_exit(config_file: Path | None, content_dir: Path | None) -> Settings:
    """The project's settings, as `mkdocs build` reads them; what is wrong in mkdocs.yml, in
    Chinese, and exit 1."""
    try:
        return project_settings(config_file, content_dir)
    except SettingsError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


@main.command(
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


# -- the cache ------------------------------------------------------------------------------------
# What each folder of the cache holds, as staff would say it (a folder not named here is listed
# by its name alone).
CACHE_FOLDERS = {
    PORTRAITS_FOLDER: "照片和头像",
    BODIES_FOLDER: "正文检查结果",
    QR_FOLDER: "二维码",
    FRAGMENTS_FOLDER: "生成好的页面片段",
    TEMPLATES_FOLDER: "编译好的主题模板",
    PAGES_FOLDER: "预览时的页面（make serve）",
    ATTACHMENTS_FOLDER: "活动页面的附件（空白推荐表、名额分配表）",
    SEARCH_FOLDER: "站内搜索的页面条目",
    IMAGES_FOLDER: "荣誉榜（大厅屏幕）的图片",
}
PRUNING = (
    f"连续 {KEEP_RUNS} 次生成未使用的条目会自动删除"
    "（每次 honours check 或 mkdocs build 算一次）；删除缓存总是安全的，下次生成会重新制作。"
)


@main.command(
    "cache",
    help="查看缓存：每个缓存文件夹的文件数和大小；--clear 清除全部缓存。"
    f"与 mkdocs build 读同一个 {CONFIG_NAME} 中的 cache_dir。",
)
@config_file_option
@folder_option(
    "--content",
    "content_dir",
    f"内容目录（没有 {CONFIG_NAME} 时，缓存在它旁边的 .cache）",
)
@click.option("--clear", "clear_all", is_flag=True, help="删除全部缓存（下次生成网站需要更长时间）")
def cache_command(config_file: Path | None, content_dir: Path | None, clear_all: bool) -> None:
    settings = settings_or_exit(config_file, content_dir)
    folder = settings.cache_path
    shown = display_path(folder)
    folders = list(usage(folder))
    files, size = sum(u.files for u in folders), sum(u.size for u in folders)
    refused = unsafe_cache(settings, folder) if clear_all else None
    if refused:
        raise click.ClickException(f"没有删除任何文件：缓存目录“{shown}”{refused}")
    if not folders:
        click.echo(f"缓存目录“{shown}”中没有缓存。")
        return
    if not clear_all:
        click.echo(f"缓存目录：{shown}")
        width = max(len(u.name) for u in folders)
        for used in folders:
            what = CACHE_FOLDERS.get(used.name)
            label = f"  {used.name.ljust(width)}  {used.files} 个文件，{size_text(used.size)}"
            click.echo(label + (f"（{what}）" if what else ""))
        click.echo(f"合计：{files} 个文件，{size_text(size)}")
        click.echo(PRUNING)
        click.echo("清除全部缓存：honours cache --clear")
        return
    lock_file, _ = publish.lock_paths(folder, settings.site_dir.resolve())
    if _build_running(lock_file):
        raise click.ClickException(
            "网站正在生成（mkdocs build），没有删除任何文件：请等它结束后再清除缓存"
        )
    failed = clear(folder)
    if failed:
        names = "、".join(display_path(p) for p in failed[:3])
        more = f" 等 {len(failed)} 项" if len(failed) > 3 else ""
        raise click.ClickException(f"缓存目录“{shown}”中有文件无法删除：{names}{more}")
    click.echo(
        f"已清除缓存目录“{shown}”（{files} 个文件，{size_text(size)}）。"
        "下次生成网站和检查需要更长时间：照片、二维码等都要重新制作。"
    )


def unsafe_cache(settings: Settings, folder: Path) -> str | None:
    """Why the cache folder must not be deleted, or None: it has to be a folder of its own inside
    the project, and hold none of the project's own files (mkdocs.yml, content/, the theme) nor
    the site."""
    project, cache = settings.root.resolve(), folder.resolve()
    if cache == project:
        return "就是项目文件夹本身：请在 mkdocs.yml 的 honours 插件设置中把 cache_dir 改为单独的文件夹，如 .cache"
    if not cache.is_relative_to(project):
        return f"不在项目文件夹“{display_path(project)}”之内：请手动检查后删除"
    kept = [settings.docs_dir, settings.config_file, settings.custom_dir, settings.site_dir]
    for path in (p.resolve() for p in kept if p is not None):
        if path.is_relative_to(cache) or cache.is_relative_to(path):
            return f"包含或位于“{display_path(path)}”：请把 cache_dir 改为单独的文件夹，如 .cache"
    return None


def _build_running(lock_file: Path) -> bool:
    """Whether a build holds its lock in the cache folder (site/publish.py takes it)."""
    if not lock_file.is_file():
        return False
    lock = FileLock(lock_file)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


def size_text(size: int) -> str:
    """Bytes as staff read them: 980 B, 12.3 KB, 4.5 MB, 1.2 GB."""
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024:
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


@main.command(
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
    _campaign_or_exit(content.campaigns, campaign_id)
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
    from .office.recordwriter import NOMINATION_ORDER, RecordEdit, Unwritable, write_record

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


@main.command(help="新建一个中心：honours init 北岭县政务服务中心 --dir beiling")
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


@main.group(help="新建记录：每个字段都已写出并附说明。")
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


# -- office forms and sheets ----------------------------------------------------------------------
@main.command(
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
    from .office.export import TEMPLATE_FOLDER, write_forms  # python-docx: only when asked

    settings = settings_or_exit(config_file, content_dir)
    result, _ = load(settings.docs_dir)
    content = result.content
    if content is None or result.problems.errors:
        click.echo(result.problems.report())
        click.echo("记录有错误，表格没有生成。")
        sys.exit(1)
    _campaign_or_exit(content.campaigns, campaign_id)
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


@main.command(
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
    from .office.intake import import_files  # python-docx and openpyxl: only when asked

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


def _campaign_or_exit(campaigns: dict[str, Any], campaign_id: str) -> None:
    if campaign_id not in campaigns:
        known = "、".join(campaigns)
        raise click.ClickException(
            sentence(
                f"没有编号为“{campaign_id}”的评选活动",
                suggestion(campaign_id, campaigns),
                f"现有：{known}",
            )
        )


# -- printed outputs ------------------------------------------------------------------------------
PRINT_KINDS = ["publicity", "results", "certificates", "posters", "wechat", "board"]


@main.command(
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
    from .printing.job import PrintJob  # Typst: only when asked
    from .printing.kit import Kind, KitError, print_kit
    from .printing.typeset import TypesetError, build_timestamp, template_folders

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


if __name__ == "__main__":  # python -m generator.cli, as well as the honours command
    main()
