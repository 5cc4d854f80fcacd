"""`honours cache`: what each cache folder holds, and `--clear` to delete it all."""

from __future__ import annotations

from pathlib import Path

import click
from filelock import FileLock, Timeout

from ..build import BODIES_FOLDER, PORTRAITS_FOLDER
from ..media.qrcodes import CACHE_NAME as QR_FOLDER
from ..office import ATTACHMENTS_FOLDER
from ..project.settings import CONFIG_NAME, Settings
from ..site import publish
from ..site.boardimages import IMAGES_FOLDER
from ..site.fragmentcache import FRAGMENTS_FOLDER
from ..site.incremental import PAGES_FOLDER, TEMPLATES_FOLDER
from ..site.search import SEARCH_FOLDER
from ..sources.problems import display_path
from ..sources.store import KEEP_RUNS, clear, usage
from .common import config_file_option, folder_option, settings_or_exit

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


@click.command(
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
