"""The office forms' fields: which label of a Word form or column of an Excel sheet holds which
record field, in one place for writing the files and for reading them back.

A 推荐表 (person), 申报表 (window, team) or 推荐表 (party branch) is a table of label cells, each
followed by the cell that holds its value; the 推荐名单汇总表 has a column per field. Both are
addressed by label, never by position, so a form a unit restyled in Word or WPS still reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from ..model.records import RecordKind


class Key(StrEnum):
    """A value a form or a sheet carries."""

    CATEGORY = "category"  # nomination: the category, by its name
    NOMINATOR = "nominator"  # nomination: the 推荐单位, when not the nominee's own unit
    NAME = "name"
    GENDER = "gender"
    BORN = "born"
    ETHNICITY = "ethnicity"
    POLITICAL_STATUS = "political_status"
    JOINED_PARTY = "joined_party"
    JOINED_CENTRE = "joined_centre"  # 到中心工作时间: 工作满一年 counts from it
    ROLES = "roles"  # 从事党务工作, 常驻窗口工作: what a category may require
    UNIT = "unit"  # the unit's name as units.yml gives it
    POSITION = "position"
    LEADER = "leader"
    LEADER_POSITION = "leader_position"
    STAFF = "staff"
    SECRETARY = "secretary"
    MEMBERS = "members"
    # A team's form: its 负责人 and 成员人数 are what its `members:` list says, for the
    # committee to read (never read back); the 成员名单 is the list itself
    TEAM_LEADER = "team_leader"  # 负责人: the members whose role is 队长 (or 负责人 …)
    TEAM_SIZE = "team_size"  # 成员人数
    TEAM_MEMBERS = "team_members"  # 成员名单: 王晓明（队长）、孙丽华、赵卫东（志愿者）
    CITATION = "citation"  # a team's one-line citation (事迹简介)
    PHONE = "phone"  # private: never published
    HONOURS = "honours"
    TITLE = "title"  # nomination
    SUBTITLE = "subtitle"  # nomination
    PHOTO = "photo"  # the form's photo cell
    STORY = "story"  # nomination: the body, as Markdown


# Where a key's value lives in the records.
Target = Literal["person", "private", "nomination"]
NOMINATION_KEYS = frozenset({Key.CATEGORY, Key.NOMINATOR, Key.TITLE, Key.SUBTITLE, Key.STORY})
PRIVATE_KEYS = frozenset({Key.PHONE})


def target(key: Key) -> Target:
    if key in NOMINATION_KEYS:
        return "nomination"
    return "private" if key in PRIVATE_KEYS else "person"


@dataclass(frozen=True)
class FormField:
    key: Key
    label: str
    aliases: tuple[str, ...] = ()  # other labels a unit's form or sheet may use
    hint: str = ""  # shown in an empty form's cell, e.g. 如 1988年6月

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


CATEGORY = FormField(Key.CATEGORY, "评选类别", ("推荐类别", "申报类别", "类别"))
NAME = FormField(Key.NAME, "姓名", ("名字",))
UNIT = FormField(Key.UNIT, "工作单位", ("单位", "所在单位", "所属单位"))
NOMINATOR = FormField(Key.NOMINATOR, "推荐单位", ("报送单位", "推荐部门"))
PHONE = FormField(Key.PHONE, "联系电话", ("电话", "手机", "手机号码", "联系方式"))
HONOURS = FormField(Key.HONOURS, "所获主要荣誉", ("主要荣誉", "获奖情况", "曾获荣誉"), "每项一行")
TITLE = FormField(Key.TITLE, "事迹标题", ("主标题", "标题"))
SUBTITLE = FormField(Key.SUBTITLE, "副标题", ("事迹副标题",))
PHOTO = FormField(Key.PHOTO, "照片", ("近期照片", "免冠照片"))
STORY = FormField(Key.STORY, "主要事迹", ("事迹材料", "主要事迹材料", "先进事迹"))

_EVERY_FORM = (PHONE, PHOTO, HONOURS, TITLE, SUBTITLE, STORY)  # the end of each kind's form

FIELDS: dict[RecordKind, tuple[FormField, ...]] = {
    RecordKind.PERSON: (
        CATEGORY,
        NOMINATOR,
        NAME,
        FormField(Key.GENDER, "性别"),
        FormField(Key.BORN, "出生年月", ("出生年份", "出生日期", "出生年"), "如 1988年6月"),
        FormField(Key.ETHNICITY, "民族"),
        FormField(Key.POLITICAL_STATUS, "政治面貌"),
        FormField(Key.JOINED_PARTY, "入党时间", ("入党日期", "入党年月"), "如 2010年7月1日"),
        FormField(
            Key.JOINED_CENTRE, "到中心工作时间", ("进入中心时间", "来中心工作时间"), "如 2019年3月"
        ),
        UNIT,
        FormField(Key.POSITION, "职务", ("岗位", "职务（岗位）", "职务岗位")),
        FormField(Key.ROLES, "工作类别", ("岗位类别",), "从事党务工作、常驻窗口工作，每项一行"),
        *_EVERY_FORM,
    ),
    RecordKind.WINDOW: (
        CATEGORY,
        NOMINATOR,
        FormField(Key.NAME, "窗口名称", ("窗口",)),
        UNIT,
        FormField(Key.LEADER, "窗口负责人", ("负责人",)),
        FormField(Key.LEADER_POSITION, "负责人职务", ("负责人岗位",)),
        FormField(Key.STAFF, "在岗人数", ("工作人员数", "人数")),
        *_EVERY_FORM,
    ),
    RecordKind.BRANCH: (
        CATEGORY,
        NOMINATOR,
        FormField(Key.NAME, "党支部名称", ("支部名称", "党组织名称")),
        UNIT,
        FormField(Key.SECRETARY, "支部书记", ("党支部书记", "书记")),
        FormField(Key.MEMBERS, "党员人数", ("支部党员人数",)),
        *_EVERY_FORM,
    ),
    RecordKind.TEAM: (
        CATEGORY,
        NOMINATOR,
        FormField(Key.NAME, "集体名称", ("团队名称", "队伍名称", "集体")),
        FormField(Key.UNIT, "所在单位", ("工作单位", "单位", "所属单位")),
        FormField(Key.TEAM_LEADER, "负责人", ("队长", "集体负责人")),
        FormField(Key.TEAM_SIZE, "成员人数", ("人数", "队员人数")),
        PHONE,
        PHOTO,
        FormField(
            Key.TEAM_MEMBERS,
            "成员名单",
            ("队员名单", "主要成员", "成员"),
            "姓名（队内职务），以顿号分隔",
        ),
        FormField(Key.CITATION, "事迹简介", ("一句话事迹",), "一句话，不超过300字"),
        HONOURS,
        TITLE,
        SUBTITLE,
        STORY,
    ),
}

FORM_NAMES = {  # what each kind's form is called, after the category's name
    RecordKind.PERSON: "推荐表",
    RecordKind.WINDOW: "申报表",
    RecordKind.BRANCH: "推荐表",
    RecordKind.TEAM: "申报表",
}

# The opinion boxes at the foot of every form: each is signed, sealed and dated on paper.
OPINIONS = ("推荐单位意见", "主管部门意见", "评选委员会意见")
SEAL = "（盖章）"
DATE_LINE = "年    月    日"

# The 推荐名单汇总表: one row per nomination, every kind in one sheet.
_PERSONAL = (
    Key.GENDER,
    Key.BORN,
    Key.ETHNICITY,
    Key.POLITICAL_STATUS,
    Key.JOINED_PARTY,
    Key.JOINED_CENTRE,
)
SUMMARY_FIELDS: tuple[FormField, ...] = (
    CATEGORY,
    FormField(
        Key.NAME,
        "姓名（名称）",
        ("姓名", "名称", "窗口名称", "党支部名称", "集体名称", "推荐对象"),
    ),
    *(f for f in FIELDS[RecordKind.PERSON] if f.key in _PERSONAL),  # 性别 … 入党时间
    UNIT,
    next(f for f in FIELDS[RecordKind.PERSON] if f.key is Key.POSITION),  # 职务
    NOMINATOR,
    PHONE,
    HONOURS,
    TITLE,
    SUBTITLE,
)
SERIAL = "序号"
SUMMARY_TITLE = "推荐名单汇总表"
QUOTA_TITLE = "名额分配表"


def field_of(kind: RecordKind, label: str) -> FormField | None:
    """The field of a kind's form whose label (or an alias) is `label`, as a cell reads."""
    return _find(FIELDS[kind], label)


def summary_field(label: str) -> FormField | None:
    return _find(SUMMARY_FIELDS, label)


def _find(fields: tuple[FormField, ...], label: str) -> FormField | None:
    wanted = normalise_label(label)
    for item in fields:
        if wanted in (normalise_label(text) for text in item.labels):
            return item
    return None


def normalise_label(text: str) -> str:
    """A label as compared: no spaces (Word pads 姓  名), no colon or asterisk, full-width
    brackets as half-width."""
    table = str.maketrans({"（": "(", "）": ")", "：": "", ":": "", "*": "", "＊": ""})
    return "".join(text.split()).translate(table)
