"""Voting codes (投票编号): unique in a campaign and stable once published.

A nomination's own `code:` wins. Others get the lowest free number, and the
build records it in the campaign's `codes.yml` (a lock file, like a package
lock: commit it), so that a later build never renumbers anyone. The lock
keeps codes of nominations that were later withdrawn or removed, so their
numbers are never given to somebody else.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..model.records import Content, Nomination
from ..sources.atomic import atomic_file
from ..sources.fields import Fields
from ..sources.paths import LINKED_OUT, inside
from ..sources.problems import Mark, Problems
from ..sources.yamlfile import read_yaml_file

LOCK_NAME = "codes.yml"
HEADER = "# 投票编号：由系统分配并记录在此，以免以后重新编号。请勿修改，随内容一起提交。\n"


@dataclass
class CodeLock:
    path: Path
    codes: dict[str, int] = field(default_factory=dict)  # nomination file id -> code
    added: dict[str, int] = field(default_factory=dict)  # assigned by this run, not yet written


def number_campaigns(content: Content, problems: Problems) -> dict[str, CodeLock]:
    """A build step: every campaign with a vote gets its voting codes (records are replaced).

    Returns each such campaign's lock, with the codes this run assigned in `added`."""
    locks: dict[str, CodeLock] = {}
    numbered: list[Nomination] = []
    for campaign in content.campaigns.values():
        nominations = content.nominations_of(campaign.id)
        if campaign.period("voting") is None:  # no vote, no voting numbers (codes written are kept)
            numbered.extend(nominations)
            continue
        lock = locks[campaign.id] = read_lock(content.root / "campaigns" / campaign.id, problems)
        numbered.extend(assign_codes(nominations, lock, problems))
    content.nominations = numbered
    return locks


def read_lock(folder: Path, problems: Problems) -> CodeLock:
    lock = CodeLock(folder / LOCK_NAME)
    if not lock.path.is_file():
        return lock
    if not inside(folder.parents[1], lock.path):  # content/campaigns/<id>
        problems.error(Mark(lock.path), LINKED_OUT)
        return lock
    top = Fields(read_yaml_file(lock.path, problems), problems, Mark(lock.path), ["codes"])
    node = top.raw("codes")
    entries = top.mapping("codes", list(getattr(node, "items", {})))
    if entries is None:
        return lock
    for file_id in entries.items:
        code = entries.integer(file_id, required=True, minimum=1)
        if code is not None:
            lock.codes[file_id] = code
    return lock


def assign_codes(
    nominations: list[Nomination], lock: CodeLock, problems: Problems
) -> list[Nomination]:
    """Check the codes written in records and give every published nomination one."""
    taken: dict[int, str] = {}
    for nomination in nominations:
        if nomination.code is None:
            continue
        if nomination.code in taken:
            problems.error(
                nomination.mark_of("code"),
                f"编号 {nomination.code} 与 {taken[nomination.code]}.md 重复，同一活动中编号不能重复",
            )
        else:
            taken[nomination.code] = nomination.file_id
    reserved = {code: file_id for file_id, code in lock.codes.items()}
    for nomination in nominations:
        owner = reserved.get(nomination.code or 0)
        if owner is not None and owner != nomination.file_id and owner not in taken.values():
            problems.error(
                nomination.mark_of("code"),
                f"编号 {nomination.code} 已分配给 {owner}（见 {LOCK_NAME}），为免混淆请另选编号",
            )
    result = []
    for nomination in nominations:
        if nomination.code is None and nomination.published:
            code = lock.codes.get(nomination.file_id)
            if code is None or code in taken:
                code = next(
                    n
                    for n in range(1, len(taken) + len(reserved) + 2)
                    if n not in taken and n not in reserved
                )
                lock.added[nomination.file_id] = code
                reserved[code] = nomination.file_id
            taken[code] = nomination.file_id
            nomination = replace(nomination, code=code)
        result.append(nomination)
    return result


def write_lock(lock: CodeLock) -> bool:
    """Record newly assigned codes; True when the file changed."""
    if not lock.added:
        return False
    codes = dict(sorted({**lock.codes, **lock.added}.items(), key=lambda item: item[1]))
    text = HEADER + yaml.safe_dump({"codes": codes}, allow_unicode=True, sort_keys=False)
    with atomic_file(lock.path) as handle:
        handle.write(text.encode("utf-8"))
    lock.codes, lock.added = codes, {}
    return True
