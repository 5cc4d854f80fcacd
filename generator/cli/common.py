"""What several `honours` commands share: the folder options, the project's settings as
`mkdocs build` reads them, the records as `honours check` reads them, a campaign by its id."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..build import Gathered, gather
from ..media.placeholders import FONT_PATH
from ..media.portraits import PortraitSettings
from ..project.settings import CONFIG_NAME, Settings, SettingsError, project_settings
from ..sources.messages import sentence, suggestion

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


def campaign_or_exit(campaigns: dict[str, Any], campaign_id: str) -> None:
    """Nothing if `campaign_id` names one of `campaigns`; else the error naming the nearest
    id and every one there is (click prints it and exits 1)."""
    if campaign_id not in campaigns:
        known = "、".join(campaigns)
        raise click.ClickException(
            sentence(
                f"没有编号为“{campaign_id}”的评选活动",
                suggestion(campaign_id, campaigns),
                f"现有：{known}",
            )
        )
