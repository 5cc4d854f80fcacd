"""The board sections that are not a list of people: `campaign:` (what a campaign shows at its
stage), `notice:` (a short Markdown text) and `image:` (a picture), and the `from:`/`until:`
dates any section may carry. Read here, checked against the records; what each shows on the
build date is decided in site/boardviews.py, the image is made in site/boardimages.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..model.records import Content
from ..sources.fields import Fields, shown
from ..sources.messages import sentence, suggestion
from ..sources.paths import picture_file
from ..sources.problems import Mark
from ..sources.richtext import Body, BodyRenderer, check_body, clean, removals

# What a `campaign:` section may show: `auto` follows the campaign's stage on the build date
# (its candidates while voting, its 公示, then its awarded); the others show one stage only.
SHOW = {
    "auto": "按活动阶段自动显示",
    "voting": "只在投票期间显示",
    "publicity": "只在公示期间显示",
    "results": "只在结果公布后显示",
}
# The stage (model/stages.StageKey's value) each single-stage `show:` keeps.
_SHOWN_STAGE = {"voting": "voting", "publicity": "publicity", "results": "announced"}
NOTICE_LIMIT = 300  # characters of a notice's Markdown: a screen shows it in large type
IMAGE_EXAMPLE = "images/hall.png"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A picture in cleaned HTML (nh3 writes every tag whole, `>` in a value escaped): a notice is
# text, so the pictures the cleaning keeps (the site's own) are taken out too.
_PICTURE = re.compile(r"<img\b[^>]*>")


@dataclass(frozen=True)
class Follow:
    """`campaign: {id, show}`: a campaign's candidates, 公示 or awarded, as its stage is."""

    campaign: str
    show: str = "auto"

    def shows(self, stage: str) -> bool:
        """Whether the section shows the campaign at `stage` (a StageKey value)."""
        return self.show == "auto" or _SHOWN_STAGE.get(self.show) == stage


@dataclass(frozen=True)
class ImageSource:
    """`image: images/hall.png`: a picture inside content/, as the board names it."""

    path: Path  # resolved, inside content/
    written: str  # as the board writes it
    field: str  # sections[3].image
    mark: Mark  # where the board writes it

    @property
    def key(self) -> str:
        """What the made image is known by among the build's portraits: never a record's id
        (an id has no colon)."""
        return f"image:{self.path}"


def read_follow(item: Fields, content: Content) -> Follow | None:
    source = item.mapping("campaign", ["id", "show"])
    if source is None:
        item.error(
            "campaign", "不能为空：应写 id（评选活动编号），如 campaign: {id: 2026-model-post}"
        )
        return None
    campaign_id = source.identifier("id", required=True)
    show = source.choice("show", SHOW, default="auto") or "auto"
    if campaign_id is None:
        return None
    if campaign_id not in content.campaigns:
        source.error(
            "id",
            sentence(
                f"的值“{campaign_id}”不是已有的评选活动", suggestion(campaign_id, content.campaigns)
            ),
        )
        return None
    return Follow(campaign_id, show)


@lru_cache(maxsize=1)
def _renderer() -> BodyRenderer:
    return BodyRenderer()


def notice_html(text: str) -> str:
    """A notice as the site shows it: Markdown rendered and cleaned as every body is
    (sources/richtext.py), with the Markdown of MkDocs itself, and without pictures."""
    return _PICTURE.sub("", clean(_renderer().html(text)))


def read_notice(item: Fields) -> str | None:
    """The notice's Markdown, at most NOTICE_LIMIT characters; what the cleaning will take out
    of it is said as for every body (a warning, at its line; a picture written into the text as
    data: an error), and so is a picture of the site's own: a notice shows text only, a
    picture is a section of its own (`image:`)."""
    text = item.text("notice", required=True, limit=NOTICE_LIMIT, lines=True)
    if text is None:
        return None
    where = f"字段“{item.path('notice')}”"
    mark = item.mark_of("notice")
    # A block (`notice: |`) starts on the line after its key: removals are looked for from there.
    body = Body(text, mark.path, mark.line, where)
    check_body(body, lambda written: removals(_renderer().html(written)), item.problems)
    if re.search(r"<img\b[^>]*\bsrc=", clean(_renderer().html(text))):
        item.warning(
            "notice",
            f"中的图片不会显示：通知公告只显示文字；图片请单独写一栏 image:（如 image: {IMAGE_EXAMPLE}）",
        )
    return text


def read_image(item: Fields, board: Path, root: Path) -> ImageSource | None:
    """The picture, only when it is a regular file inside `root` (the resolved `content/`),
    checked as a record's photo is (sources/paths.picture_file)."""
    written = item.text("image", required=True)
    wording = ("图片", IMAGE_EXAMPLE, f"boards/{IMAGE_EXAMPLE}")
    path = picture_file(item, "image", written, board.parent, root, wording)
    if path is None or written is None:
        return None
    return ImageSource(path, written, item.path("image"), item.mark_of("image"))


def read_dates(item: Fields) -> tuple[date | None, date | None]:
    """`from:` and `until:`, both inclusive; a section outside them is not shown."""
    start, end = _date(item, "from"), _date(item, "until")
    if start is not None and end is not None and end < start:
        item.error(
            "until", f"（{end.isoformat()}）早于 from（{start.isoformat()}）：该栏目将不会显示"
        )
    return start, end


def _date(item: Fields, key: str) -> date | None:
    written = item.text(key)
    if written is None:
        return None
    try:
        if not _DATE.match(written):
            raise ValueError
        return date.fromisoformat(written)
    except ValueError:
        item.error(key, f"应为日期，写作 YYYY-MM-DD（如 2026-11-30），而不是“{shown(written)}”")
        return None
