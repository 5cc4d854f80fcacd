"""What every printed output is made from: the public views (the publish policy applied, as
on the site), the portraits, the templates, the build date and the site's address."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urljoin

from ..media.portraits import Portrait
from ..media.qrcodes import qr_svg
from ..site.pages.publicitytable import unit_shown as unit_shown  # one rule with the 公示's
from ..site.views import Views
from ..sources.datetext import cn_date
from ..sources.problems import Mark, Problems
from .fonts import missing
from .typeset import Format, typeset


def page_address(site_url: str, src_uri: str) -> str:
    """The published address of a page, as MkDocs makes it (directory URLs):
    campaigns/x/publicity.md → <site>/campaigns/x/publicity/."""
    path = src_uri.removesuffix(".md")
    path = path.removesuffix("index") if path.endswith("/index") or path == "index" else path + "/"
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", quote(path))


@dataclass
class PrintJob:
    views: Views
    folders: list[Path]  # the template folders, the package's first (typeset.template_folders)
    timestamp: datetime  # the build date: every output's creation date
    out: Path  # print/<id>/ by default
    site_url: str | None  # None: printed QR codes are left out (with a warning)
    problems: Problems = field(default_factory=Problems)
    written: list[Path] = field(default_factory=list)

    @property
    def portraits(self) -> dict[str, Portrait]:
        return self.views.portraits

    @property
    def date_text(self) -> str:
        """The build date as a notice writes it: 2026年11月20日."""
        return cn_date(self.views.today)

    def address(self, src_uri: str) -> str | None:
        return page_address(self.site_url, src_uri) if self.site_url else None

    def qr(self, src_uri: str) -> str | None:
        """A QR code (SVG text) of a page's published address; None without a site_url."""
        address = self.address(src_uri)
        return qr_svg(address) if address else None

    def portrait_file(self, person_id: str) -> Path | None:
        """The largest JPEG of a person's portrait (or their placeholder), from the cache."""
        portrait = self.portraits.get(person_id)
        if portrait is None:
            return None
        return portrait.files.get(portrait.largest.jpeg)

    def check_text(self, mark: Mark, what: str, text: str | None) -> None:
        """A warning, naming the record and the field, for characters the fonts cannot show."""
        gaps = missing(text or "")
        if gaps:
            self.problems.warning(
                mark, f"{what}“{text}”中的“{gaps}”不在印刷字体中，印出来会缺字，请核对"
            )

    def write(
        self,
        name: str,
        template: str,
        data: object,
        pictures: dict[str, bytes | Path] | None = None,
        output: Format = "pdf",
        ppi: float | None = None,
    ) -> list[Path]:
        """Typeset `template` into `out/name` (a PNG per page: name-1.png, name-2.png … when
        there are several); the files written."""
        pages = typeset(
            template,
            data,
            folders=self.folders,
            timestamp=self.timestamp,
            pictures=pictures,
            output=output,
            ppi=ppi,
        )
        self.out.mkdir(parents=True, exist_ok=True)
        paths = []
        for number, page in enumerate(pages, start=1):
            stem, suffix = name.rsplit(".", 1)
            path = self.out / (name if len(pages) == 1 else f"{stem}-{number}.{suffix}")
            path.write_bytes(page)
            paths.append(path)
        self.written.extend(paths)
        return paths
