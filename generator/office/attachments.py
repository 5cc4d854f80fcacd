"""The 附件 a campaign's page links: each category's blank form (DOCX) and the 名额分配表
(XLSX), made once into `.cache/attachments/` and published under the campaign's URL.

They hold nothing private: a blank form and the quota of each unit. An entry's key hashes
what the files are made from (the campaign's categories, the units, the form templates, the
libraries' versions and `VERSION`), so a change to any of them makes the files again; an
entry unused by the last runs is pruned, folder and all.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from ..model.records import Campaign, Content, RecordKind
from ..sources.store import Store, digest
from . import ATTACHMENTS_FOLDER
from .docxform import default_template
from .export import TemplateFinder, blank_form, blank_story, form_title, quota_sheet, story_title
from .layout import QUOTA_TITLE

# Bump when what the files hold changes (2: the quota sheet lists holders, `per`; 3: a blank
# 事迹材料 for a category that asks for a summary on its form).
VERSION = "3"
STORY_SUFFIX = "-story.docx"
QUOTA_FILE = "quota.xlsx"


@dataclass(frozen=True)
class Attachment:
    title: str  # 2026年最美服务明星推荐表
    file_name: str  # its name under the campaign's URL: stars.docx
    path: Path  # the made file, in the cache
    size: int  # bytes

    @property
    def format(self) -> str:
        return self.file_name.rsplit(".", 1)[-1].upper()


class AttachmentMaker:
    """Makes (or finds made) every campaign's attachments for one build."""

    def __init__(self, cache_dir: Path, templates: TemplateFinder | None = None) -> None:
        self.folder = cache_dir / ATTACHMENTS_FOLDER
        self.templates = templates or (lambda _kind: None)
        libraries = f"{version('python-docx')}/{version('openpyxl')}"
        self.store = Store(self.folder, f"{VERSION}/{libraries}")

    def campaign(self, content: Content, campaign: Campaign) -> list[Attachment]:
        planned = [(form_title(campaign, c), f"{c.id}.docx", c) for c in campaign.categories]
        planned += [
            (story_title(campaign, c), f"{c.id}{STORY_SUFFIX}", c)
            for c in campaign.categories
            if c.asks_summary
        ]
        key = digest(
            repr((campaign.year, campaign.name, campaign.categories)),
            repr(sorted(content.units.items())),
            *(self._template_bytes(RecordKind(c.kind)) for c in campaign.categories),
        )
        folder = self.folder / key
        names = [name for _, name, _ in planned] + [QUOTA_FILE]
        if self.store.get(key) != names or not all((folder / n).is_file() for n in names):
            folder.mkdir(parents=True, exist_ok=True)
            for _, name, category in planned:
                if name.endswith(STORY_SUFFIX):
                    blank_story(folder / name, category)
                else:
                    blank_form(folder / name, campaign, category, self.templates(category.kind))
            quota_sheet(folder / QUOTA_FILE, content, campaign)
            self.store.put(key, names)
        titles = [title for title, _, _ in planned] + [f"{campaign.name}{QUOTA_TITLE}"]
        return [
            Attachment(title, name, folder / name, (folder / name).stat().st_size)
            for title, name in zip(titles, names, strict=True)
        ]

    def save(self) -> None:
        """Keep the manifest; drop the folders of pruned entries."""
        self.store.save()
        if not self.folder.is_dir():
            return
        for child in self.folder.iterdir():
            if child.is_dir() and child.name not in self.store.entries:
                shutil.rmtree(child, ignore_errors=True)

    def _template_bytes(self, kind: RecordKind) -> bytes:
        path = self.templates(kind)
        return (path or default_template(kind)).read_bytes()
