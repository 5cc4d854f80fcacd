"""Everything a build needs before MkDocs writes a page, in one call.

Load and check the records, make the portraits, read the tallies; on any
error, stop with every message at once (nothing has been written yet). Then
record newly assigned voting codes and describe every generated page.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .boards.definitions import Board, load_boards
from .boards.evaluations import Rate, load_evaluations
from .boards.ratings import Month, load_ratings
from .media.placeholders import all_portraits
from .media.portraits import Portrait, PortraitCache, PortraitSettings
from .model.loader import LoadResult, load_content
from .model.records import Campaign, Content, Nomination, RecordKind
from .project.settings import CONFIG_NAME, SettingsError, read_settings
from .site.boardimages import IMAGES_FOLDER, board_images
from .site.files import is_source_file
from .site.pages import PageSpec, all_pages
from .site.views import Views, attachment_uri, visible_on
from .sources.bodycache import BodyChecker
from .sources.paths import LINKED_OUT, inside
from .sources.problems import Mark, Problem, Problems, os_reason
from .sources.richtext import Body, MarkdownOptions, check_body
from .sources.yamlfile import read_text, split_markdown
from .voting.codes import CodeLock, number_campaigns, write_lock
from .voting.proposing import check_proposals
from .voting.results import campaign_results
from .voting.reviews import campaign_reviews
from .voting.scoring import combined_scores
from .voting.tally import TallyResult

if TYPE_CHECKING:  # python-docx and openpyxl are imported by a build only, not by `honours check`
    from .office.attachments import Attachment
    from .office.export import TemplateFinder

# The folders of the project's cache (`cache_dir`, `.cache/`) this module fills.
PORTRAITS_FOLDER = "portraits"
BODIES_FOLDER = "bodies"

# A theme file by its path inside the theme folders (`office/person.docx`), the centre's before
# the package's; None when no folder has it (plugin: `theme_file`, cli: `Settings.theme_file`).
ThemeFile = Callable[[str], Path | None]


class ContentError(Exception):
    """The content has errors; the message lists all of them, in Chinese."""


@dataclass
class Prepared:
    views: Views
    pages: dict[str, PageSpec]
    portraits: dict[str, Portrait]
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # campaign id -> its 附件 as (src_uri under the site, the made file in the cache)
    attachments: dict[str, list[tuple[str, Path]]] = field(default_factory=dict)


@dataclass
class Gathered:
    """Records and everything derived from them, with every problem found on the way."""

    result: LoadResult
    locks: dict[str, CodeLock] = field(default_factory=dict)  # campaign id -> its codes.yml
    portraits: dict[str, Portrait] = field(default_factory=dict)
    tallies: dict[str, TallyResult] = field(default_factory=dict)
    months: dict[str, Month] = field(default_factory=dict)
    boards: dict[str, Board] = field(default_factory=dict)
    # (campaign id, nomination file id) -> combined score (综合评议), for campaigns with `scoring:`
    scores: dict[tuple[str, str], float] = field(default_factory=dict)
    # record id -> its 群众评议 rates (content/evaluations/*.csv), oldest period first
    evaluations: dict[str, tuple[Rate, ...]] = field(default_factory=dict)

    def views(
        self, today: date, attachments: Mapping[str, Sequence[tuple[str, str, int]]] | None = None
    ) -> Views:
        """The public views of what was gathered, as of `today` (records without errors)."""
        assert self.result.content is not None
        return Views(
            self.result.content,
            self.portraits,
            today,
            self.tallies,
            self.months,
            self.boards,
            attachments,
            self.scores,
            self.evaluations,
        )


def load(docs_dir: Path) -> tuple[LoadResult, dict[str, CodeLock]]:
    """The records, checked, with their voting codes (and each voting campaign's codes.yml)."""
    result = load_content(docs_dir)
    locks = number_campaigns(result.content, result.problems) if result.content else {}
    return result, locks


def gather(
    docs_dir: Path,
    cache_dir: Path,
    portraits: PortraitSettings,
    font: Path | None,
    markdown: MarkdownOptions | None = None,
    today: date | None = None,
) -> Gathered:
    """What `honours check` and the build both do: records, the HTML of every Markdown body
    (with the Markdown extensions of mkdocs.yml; by default those of the mkdocs.yml beside
    `docs_dir`), portraits, tallies, the committee's scores and the combined scores, ratings,
    boards, the 群众评议 rates. `cache_dir` is the project's cache (`.cache/`): the portraits
    and what each body's check found are kept there. `today` is the build date: from the day after a campaign's
    vote, its missing score sheets are an error."""
    gathered = Gathered(*load(docs_dir))
    content, problems = gathered.result.content, gathered.result.problems
    markdown = markdown or markdown_beside(docs_dir)
    check_bodies(docs_dir, content, markdown, problems, cache_dir / BODIES_FOLDER)
    if content is not None:  # every stage runs, so every problem is reported at once
        cache = PortraitCache(cache_dir / PORTRAITS_FOLDER, portraits)
        gathered.portraits = all_portraits(content, cache, problems, font)
        gathered.tallies = campaign_results(content, problems)
        reviews = campaign_reviews(content, problems, today)
        gathered.scores = combined_scores(content, gathered.tallies, reviews)
        check_proposals(content, gathered.tallies, reviews, problems)
        gathered.months = load_ratings(content, problems)
        gathered.boards = load_boards(content, set(gathered.months), problems)
        # the boards' pictures (`image:`): published with the portraits, by ImageSource.key
        gathered.portraits.update(
            board_images(gathered.boards, cache_dir / IMAGES_FOLDER, problems)
        )
        gathered.evaluations = load_evaluations(content, problems)
    return gathered


def prepare(
    docs_dir: Path,
    cache_dir: Path,
    settings: PortraitSettings,
    font: Path | None,
    today: date,
    markdown: MarkdownOptions | None = None,
    theme_file: ThemeFile | None = None,
) -> Prepared:
    """The views and every page of the site, or a ContentError with every message;
    `cache_dir` is the project's cache (`.cache/`, as `gather`). Each published campaign's 附件
    are made (or found) in the cache; `theme_file` finds a centre's own form templates
    (`office/<kind>.docx` in its theme), None: the package's only."""
    gathered = gather(docs_dir, cache_dir, settings, font, markdown, today)
    content, problems = gathered.result.content, gathered.result.problems
    if content is None or problems.errors:
        raise ContentError("内容检查未通过，网站没有生成：\n" + problems.report())
    made = make_attachments(content, visible_on(content, today), cache_dir, theme_file)
    views = gathered.views(
        today, {cid: [(a.title, a.file_name, a.size) for a in files] for cid, files in made.items()}
    )
    notes = []
    for campaign_id in views.visible_campaigns():
        lock = gathered.locks.get(campaign_id)
        if lock is None:
            continue
        added = len(lock.added)
        if write_lock(lock):
            notes.append(
                f"已为 {added} 个推荐对象分配投票编号，记录在 {lock.path}（请随内容一起提交）"
            )
    pages = {spec.src_uri: spec for spec in all_pages(views)}
    published = {
        cid: [(attachment_uri(cid, a.file_name), a.path) for a in files]
        for cid, files in made.items()
    }
    return Prepared(views, pages, gathered.portraits, problems.warnings, notes, published)


# -- the 附件 of campaign pages -------------------------------------------------------------------
def make_attachments(
    content: Content,
    campaigns: Mapping[str, Campaign],
    cache_dir: Path,
    theme_file: ThemeFile | None = None,
) -> dict[str, list[Attachment]]:
    """Each campaign's blank forms and 名额分配表, made (or found) in the cache. A centre's
    template that python-docx cannot use is a ContentError naming it, for every campaign at
    once, before anything is published."""
    from .office.attachments import AttachmentMaker  # python-docx and openpyxl: a build only
    from .office.export import TEMPLATE_FOLDER

    find = theme_file or (lambda _relative: None)

    def templates(kind: RecordKind) -> Path | None:
        return find(f"{TEMPLATE_FOLDER}/{RecordKind(kind).value}.docx")

    maker = AttachmentMaker(cache_dir, templates)
    problems = Problems()
    made: dict[str, list[Attachment]] = {}
    for campaign_id, campaign in campaigns.items():
        try:
            made[campaign_id] = maker.campaign(content, campaign)
        except OSError as exc:  # a template that cannot be read, a cache that cannot be written
            where = Path(exc.filename) if exc.filename else maker.folder
            problems.error(
                Mark(where), f"无法生成评选活动“{campaign.name}”的附件：{os_reason(exc)}"
            )
        except Exception as exc:  # whatever python-docx raises on a file it cannot take
            if not _broken_templates(campaign, templates, exc, problems):
                raise  # the package's own template failed: a bug, shown as one
    if problems.errors:
        raise ContentError("附件表格没有生成，网站没有生成：\n" + problems.report())
    maker.save()
    return made


def _broken_templates(
    campaign: Campaign, templates: TemplateFinder, error: Exception, problems: Problems
) -> bool:
    """Report the centre's templates used by the campaign's forms; False if it uses none (the
    package's own failed). A template python-docx cannot open is named with why; if each opens,
    all are named (one of them is not a form we can fill)."""
    from .office.docxform import default_template
    from .office.export import form_title
    from .office.openfile import office_problem

    used: dict[Path, list[str]] = {}
    for category in campaign.categories:
        kind = RecordKind(category.kind)
        path = templates(kind)
        if path is not None and path.resolve() != default_template(kind).resolve():
            title = form_title(campaign, category)
            used.setdefault(path, []).append(title)
    if not used:
        return False
    reasons = {path: office_problem(path, "docx") for path in used}
    broken = [path for path, reason in reasons.items() if reason] or list(used)
    for path in broken:
        # office_problem speaks of a returned form (…后再导入): here the file is a template
        written = reasons[path] or f"无法按它填写推荐表（{type(error).__name__}）"
        reason = written.replace("后再导入", "后再使用")
        forms = "、".join(f"“{title}”" for title in used[path])
        problems.error(
            Mark(path),
            f"表格模板无法使用：{reason}。附件{forms}没有生成；"
            "请修正此文件，或删除它以使用默认模板",
        )
    return True


# -- the Markdown bodies --------------------------------------------------------------------------
def check_bodies(
    docs_dir: Path,
    content: Content | None,
    markdown: MarkdownOptions,
    problems: Problems,
    cache: Path | None = None,
) -> None:
    """Every body the site publishes, rendered as the site renders it: what the cleaning will
    remove is a warning, an inline image or an overlong body an error (sources/richtext.py).
    With a `cache` folder, what each body's check found is kept there: an unchanged body is not
    rendered again (the messages are the same)."""
    checker = BodyChecker(markdown, cache)
    published_files(docs_dir, problems)
    bodies = record_bodies(content) if content is not None else []
    for body in [*bodies, *own_pages(docs_dir, problems)]:
        check_body(body, checker.removals, problems)
    checker.save()


def _story_label(content: Content, nomination: Nomination) -> str:
    """What staff call a nomination's story: 事迹材料 beside a summary, else 主要事迹."""
    campaign = content.campaigns.get(nomination.campaign)
    category = campaign.category(nomination.category) if campaign else None
    return category.story_label if category else "主要事迹"


def record_bodies(content: Content) -> list[Body]:
    """The bodies of the records: stories, notices, introductions, the home page's."""
    bodies = [
        Body(n.story, n.mark.path, n.body_line, _story_label(content, n))
        for n in content.nominations
        if n.published
    ]
    bodies += [
        Body(c.body, c.mark.path, c.body_line, "活动通知") for c in content.campaigns.values()
    ]
    bodies += [
        Body(
            p.intro, p.mark.path, p.body_line, "个人简介" if p.kind == RecordKind.PERSON else "简介"
        )
        for p in content.people.values()
    ]
    if content.intro:
        bodies.append(
            Body(content.intro, content.root / "index.md", content.intro_line, "首页介绍")
        )
    return [body for body in bodies if body.text.strip()]


def published_files(docs_dir: Path, problems: Problems) -> None:
    """Files MkDocs would publish as they are (own pages, assets/) must be regular files inside
    the content folder: MkDocs follows links (so /etc/passwd could become an asset) and stops
    with a traceback on a pipe."""
    root = docs_dir.resolve()
    for folder, dirs, files, prefix in _walk(root):
        folders = set(dirs)
        for name in sorted(dirs + files):
            relative = prefix + name
            if name in folders:  # a folder is published when a page in it would be
                relative += "/index.md"
            if is_source_file(relative):
                continue  # most files: decided on the text alone, no file looked at
            path = Path(folder, name)
            if path.is_symlink() and not inside(root, path):
                problems.error(Mark(path), LINKED_OUT)
            elif name not in folders and not path.is_file() and path.exists():
                problems.error(Mark(path), "无法读取文件：这不是普通文件（可能是管道或设备）")


def own_pages(docs_dir: Path, problems: Problems) -> list[Body]:
    """The editors' own pages: every Markdown file MkDocs publishes as it is (not a record).
    Hidden files and templates/ are left out, as MkDocs leaves them out."""
    root = docs_dir.resolve()
    found = []
    for folder, dirs, files, prefix in _walk(root):
        for name in [*dirs, *files]:  # a folder named x.md too, as a glob finds it
            if not fnmatch.fnmatchcase(name, "*.md"):
                continue
            relative = prefix + name
            parts = relative.split("/")
            hidden = any(part.startswith(".") for part in parts)
            if hidden or parts[0] == "templates" or is_source_file(relative):
                continue
            found.append(Path(folder, name))
    pages = []
    for path in sorted(found):
        if not inside(root, path):
            continue  # reported by published_files, never read
        text = read_text(path, problems)
        if text is None:
            continue  # not UTF-8, a pipe…: reported in Chinese before MkDocs would stumble
        source = split_markdown(text, path, Problems())  # MkDocs reads what ours would refuse
        if source is not None:
            pages.append(Body(source.body, path, source.body_line, "页面"))
        else:
            pages.append(Body(text.lstrip("\ufeff"), path, 1, "页面"))
    return pages


def _walk(root: Path) -> Iterator[tuple[str, list[str], list[str], str]]:
    """os.walk of the content folder, not into linked folders (each is checked whole, where it
    is linked), with each folder's path relative to `root` as a prefix (`people/photos/`):
    thousands of records are told apart by their text, without a Path object each."""
    for folder, dirs, files in os.walk(root):
        relative = os.path.relpath(folder, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        yield folder, dirs, files, prefix
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]


def markdown_beside(docs_dir: Path) -> MarkdownOptions:
    """The Markdown extensions of the mkdocs.yml beside the content folder, or MkDocs' own."""
    config = docs_dir.absolute().parent / CONFIG_NAME
    if config.is_file():
        try:
            return read_settings(config).markdown
        except SettingsError:
            pass
    return MarkdownOptions()
