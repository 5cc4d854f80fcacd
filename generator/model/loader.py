"""Loading all of `content/` into records, with every problem collected."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..sources.fields import Fields, hidden_character, shown
from ..sources.paths import LINKED_OUT, inside
from ..sources.problems import Mark, Problems
from ..sources.yamlfile import read_markdown
from .campaigns import CONTACT_KEYS, read_campaign, read_contact, read_contacts, read_nomination
from .limits import NAME
from .people import read_person
from .records import (
    PUBLISHABLE_PERSON_FIELDS,
    Content,
    Organisation,
    PrivateStore,
    Unit,
    UnitKind,
)
from .rules import check_content

# The footer's filing numbers, as issued (docs/content.md): 京ICP备12345678号, 京ICP备12345678号-1;
# 京公网安备 11010502000001号; 网站标识码 1100000088 (ten letters or digits).
ICP_FILING = re.compile(r"^\S{1,6}ICP[备证]\s*\d{4,12}号(?:-\d{1,3})?$")
POLICE_FILING = re.compile(r"^\S{1,6}公网安备\s*(\d{10,16})号$")
SITE_CODE = re.compile(r"^[0-9A-Za-z]{10}$")
# The national system's page of a 公安机关备案号, by its digits (when no police_filing_url).
POLICE_FILING_PAGE = "https://beian.mps.gov.cn/#/query/webSearch?code={digits}"

ORGANISATION_KEYS = [
    "name",
    "short_name",
    "address",
    "website",
    "contacts",
    "supervision",
    "publish",
    "host",
    "icp_filing",
    "police_filing",
    "police_filing_url",
    "site_code",
]
UNIT_KEYS = ["id", "name", "kind", "floor", "staff", "parent"]
DEFAULT_PERSON_FIELDS = frozenset({"gender", "political_status"})


@dataclass
class LoadResult:
    content: Content | None  # None when the content can't be read at all
    private: PrivateStore
    problems: Problems


def load_content(root: Path) -> LoadResult:
    """Read and check every record under `root` (the `content/` folder)."""
    root = root.resolve()
    problems = Problems()
    private = PrivateStore()
    organisation = _organisation(root / "organisation.yml", problems)
    units = _units(root / "units.yml", problems)  # None: missing or unreadable (reported)

    people = {}
    unreadable: set[str] = set()
    for path in _inside(root, (root / "people").glob("*.md"), problems):
        if path.name == "index.md":
            problems.error(
                Mark(path), "people/index.md 是保留名称（人员名录页面由系统生成），请改名"
            )
            continue
        person, secret = read_person(path, problems, root)
        if person is None:
            unreadable.add(path.stem)
            continue
        people[person.id] = person
        if secret:
            private.people[person.id] = secret

    campaigns = {}
    nominations = []
    folders = sorted(f for f in (root / "campaigns").glob("*/") if f.is_dir())
    for index in _inside(
        root, [f / "index.md" for f in folders if _present(f / "index.md")], problems
    ):
        campaign = read_campaign(index, problems)
        if campaign is None:
            continue
        campaigns[campaign.id] = campaign
        for path in _inside(root, index.parent.glob("*.md"), problems):
            if path.name == "index.md":
                continue
            nomination, reason = read_nomination(path, campaign, problems)
            if nomination is not None:
                nominations.append(nomination)
                if reason:
                    private.veto_reasons[(campaign.id, nomination.file_id)] = reason
    for folder in folders:
        if _present(folder / "index.md"):
            continue  # read above, or reported as a link out
        if not inside(root, folder):
            problems.error(Mark(folder), LINKED_OUT)  # a link out, never listed
        elif any(folder.glob("*.md")):
            problems.error(
                Mark(folder / "index.md"),
                f"活动目录“campaigns/{folder.name}”缺少 index.md（活动通知）",
            )

    intro, intro_line = "", 1
    home_page = root / "index.md"
    if _inside(root, [home_page] if _present(home_page) else [], problems):
        home = read_markdown(home_page, problems)
        intro, intro_line = (home.body, home.body_line) if home else ("", 1)

    if organisation is None:
        return LoadResult(None, private, problems)
    content = Content(
        root, organisation, units or {}, people, campaigns, nominations, intro, unreadable,
        intro_line=intro_line, units_unreadable=units is None,
    )  # fmt: skip
    check_content(content, problems)
    return LoadResult(content, private, problems)


def _organisation(path: Path, problems: Problems) -> Organisation | None:
    if not _present(path):
        problems.error(
            Mark(path),
            "缺少 organisation.yml（中心名称、联系方式、监督电话），请参照 docs/content.md 创建",
        )
        return None
    if not _inside(path.parent, [path], problems):
        return None
    fields = Fields.of_file(path, problems, ORGANISATION_KEYS)
    if fields is None:
        return None
    name = fields.text("name", required=True, limit=NAME)
    supervision_fields = fields.mapping("supervision", CONTACT_KEYS)
    supervision = (
        read_contact(supervision_fields, name_required=False) if supervision_fields else None
    )
    if (
        supervision_fields
        and supervision
        and not (supervision.phone or supervision.email or supervision.address)
    ):
        fields.error("supervision", "至少要写 phone、email、address 之一")
    person_fields = DEFAULT_PERSON_FIELDS
    publish = fields.mapping("publish", ["person_fields"])
    if publish is not None and publish.has("person_fields"):
        listed = publish.text_list("person_fields")
        for key in listed:
            if key not in PUBLISHABLE_PERSON_FIELDS:
                options = "、".join(f"{k}（{v}）" for k, v in PUBLISHABLE_PERSON_FIELDS.items())
                publish.error("person_fields", f"中的“{key}”无效，可选：{options}")
        person_fields = frozenset(k for k in listed if k in PUBLISHABLE_PERSON_FIELDS)
    footer = _footer(fields)
    if name is None:
        return None
    return Organisation(
        name=name,
        short_name=fields.text("short_name", limit=NAME),
        address=fields.text("address"),
        website=fields.url("website"),
        contacts=read_contacts(fields, "contacts"),
        supervision=supervision,
        person_fields=person_fields,
        **footer,
    )


def _footer(fields: Fields) -> dict[str, str | None]:
    """The footer's optional fields: 主办单位 and the filing numbers, each in the form it is
    issued in, so that a typo is caught here rather than shown on every page."""
    host = fields.text("host", limit=NAME)
    icp = _filing(
        fields, "icp_filing", ICP_FILING, "ICP 备案号", "京ICP备12345678号 或 京ICP备12345678号-1"
    )
    police = _filing(
        fields, "police_filing", POLICE_FILING, "公安机关备案号", "京公网安备 11010502000001号"
    )
    police_url = fields.url("police_filing_url")
    if police_url and not police and not fields.has("police_filing"):
        fields.error("police_filing_url", "只在写了 police_filing（公安机关备案号）时使用")
    match = POLICE_FILING.match(police) if police else None
    if match and not police_url:
        police_url = POLICE_FILING_PAGE.format(digits=match.group(1))
    site_code = _filing(fields, "site_code", SITE_CODE, "网站标识码", "1100000088，共 10 位")
    return {
        "host": host,
        "icp_filing": icp,
        "police_filing": police,
        "police_filing_url": police_url if police else None,
        "site_code": site_code,
    }


def _filing(fields: Fields, key: str, form: re.Pattern[str], what: str, example: str) -> str | None:
    """A filing number as issued, or None (absent, or reported)."""
    value = fields.text(key)
    if value is not None and hidden_character(value) is None and not form.match(value):
        fields.error(key, f"应为{what}，照备案证书原样填写（如 {example}），而不是“{shown(value)}”")
        return None
    return value


def _units(path: Path, problems: Problems) -> dict[str, Unit] | None:
    """The units, or None when units.yml is missing or can't be read (which is reported, and
    then no record is said to name a unit that is not registered)."""
    if not _present(path):
        problems.error(
            Mark(path), "缺少 units.yml（单位、窗口、党支部名单），请参照 docs/content.md 创建"
        )
        return None
    if not _inside(path.parent, [path], problems):
        return None
    top = Fields.of_file(path, problems, ["units"])
    if top is None:
        return None
    units: dict[str, Unit] = {}
    for item in top.mappings("units", UNIT_KEYS, required=True):
        unit_id = item.identifier("id", required=True)
        name = item.text("name", required=True, limit=NAME)
        kind = item.enum("kind", UnitKind, required=True)
        staff = item.integer("staff") or 0
        if unit_id is None or name is None or kind is None:
            continue
        if unit_id in units:
            item.error("id", f"重复：单位“{unit_id}”在第 {units[unit_id].mark.line} 行已经定义过")
            continue
        units[unit_id] = Unit(
            unit_id, name, kind, item.text("floor"), staff, item.identifier("parent"), item.mark
        )
    for unit in units.values():
        if unit.parent and unit.parent not in units:
            problems.error(unit.mark, f"单位“{unit.id}”的上级单位“{unit.parent}”不存在")
        seen = {unit.id}
        parent = units.get(unit.parent or "")
        while parent is not None:
            if parent.id in seen:
                problems.error(unit.mark, f"单位“{unit.id}”的上级单位形成了循环")
                break
            seen.add(parent.id)
            parent = units.get(parent.parent or "")
    return units


def _inside(root: Path, paths: Iterable[Path], problems: Problems) -> list[Path]:
    """The files of a listing that really are in `content/`; a link out is an error, never read.

    A file that is not a link is where its folder is: each folder is resolved once, not each of
    its thousand records."""
    kept = []
    folders: dict[Path, bool] = {}
    for path in sorted(paths):
        if path.parent not in folders:
            folders[path.parent] = inside(root, path.parent)
        if folders[path.parent] and (not path.is_symlink() or inside(root, path)):
            kept.append(path)
        else:
            problems.error(Mark(path), LINKED_OUT)
    return kept


def _present(path: Path) -> bool:
    """Something is there (a file, a folder, a pipe, a link): reading it says what is wrong."""
    return path.exists() or path.is_symlink()
