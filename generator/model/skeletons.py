"""`honours new`: record skeletons with every field present and explained."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ..sources.names import name_slug

PERSON = """---
kind: person                 # person 个人 | window 窗口 | branch 党支部 | team 集体
name: {name}                 # 姓名（必填）
unit: {unit}                 # 所在单位编号，见 units.yml（必填）
position:                    # 职务，如：综合受理岗 窗口负责人
gender:                      # 性别：男 | 女
born:                        # 出生年份，如 1988
ethnicity:                   # 民族，如 汉族
political_status:            # 政治面貌：中共党员 | 中共预备党员 | 共青团员 | 民主党派 | 无党派人士 | 群众
joined_party:                # 入党时间，如 2010-07-01
joined_centre:               # 到中心工作时间，如 2018-03-01（“在中心工作满一年”据此计算）
roles: []                    # 岗位情况：party_work 从事党务工作 | resident_window 常驻窗口工作
photo:                       # 照片，相对本文件的路径，如 photos/{id}.jpg（须在 content/ 之内）
# photo_focus: [0.5, 0.3]    # 人脸位置（相对照片宽、高的比例），一般不用写；[0.5, 0.3, 0.1] 再给出脸宽
honours: []                  # 所获主要荣誉，每项一行，以“- ”开头
private:                     # 以下内容不会发布，也不会出现在任何页面上
  phone: ""                  # 联系电话
  id_number: ""              # 身份证号
---
（可选）一段简短的个人介绍。
"""

TEAM = """---
kind: team                   # 集体：抗疫先锋队、志愿服务队、突击队等
name: {name}                 # 集体名称（必填）
unit: {unit}                 # 所在单位编号，见 units.yml（必填）
citation:                    # 一句话事迹（不超过300字），显示在集体页面的开头
members:                     # 成员名单（必填），按排列顺序每人一项：
{members}
photo:                       # 集体照，相对本文件的路径，如 photos/{id}.jpg；横幅照片按原比例显示，不裁剪
honours: []                  # 集体所获主要荣誉，每项一行，以“- ”开头
private:                     # 以下内容不会发布，也不会出现在任何页面上
  phone: ""                  # 联系电话
---
（可选）一段简短的集体介绍。
"""
TEAM_EXAMPLE = """\
  - person:                  # 有人员记录的成员写人员编号（见 people/），如 wang-xiaoming
    role: 队长               # 队内职务（可选）：队长、队员、志愿者……
  - name:                    # 中心以外、没有人员记录的成员（如社区志愿者）写姓名
    role: 队员"""

NOMINATION = """---
nominee: {nominee}           # 人员编号，见 people/（默认为文件名）
category: {category}         # 推荐类别编号，见本活动 index.md 的 categories
nominated_by: organisation   # 推荐方式：organisation 组织推荐 | self 个人自荐 | election 民主选举
# unit:                      # 推荐单位编号（默认为本人所在单位），用于核对推荐名额
title:                       # 事迹主标题
subtitle:                    # 事迹副标题
# code:                      # 投票编号（不写则自动分配）
status: nominated            # nominated 已推荐 | candidate 候选 | vetoed 一票否决 | withdrawn 已撤回
# result:                    # 评选结果：proposed 拟表彰 | awarded 获表彰 | not_awarded 未获表彰
# veto_reason:               # 否决原因（不会发布）
# grade:                     # 评定等次，须为类别 grades 之一，如 五星（分等次的类别获表彰时必填）
submitted:                   # 报送日期，如 2026-06-03（晚于推荐截止日视为自动放弃）
# accepted_late:             # 经同意补报的理由（不会发布）；逾期报送时填写
review: []                   # 评审程序，按先后每步一项：by 步骤、date 日期、opinion 意见，如
#  - by: 支委会审核
#    date: 2026-06-03
#    opinion: 同意推荐
# summary: |                 # 推荐表“主要事迹”栏（类别有 summary 字数要求时必填），第三人称
#   ……
---
（事迹材料正文：类别有 summary 时为另附的先进事迹材料，否则即主要事迹；用第三人称）
"""

CAMPAIGN = """---
title: {title}               # 通知标题（必填）
short_title:                 # 简称，用于列表和导航
year: {year}                 # 年度（必填）
issuer: {issuer}             # 发文单位（必填）
document_no:                 # 文号，如 示政务发〔{year}〕1号
published: {today}           # 发布日期（必填）：从这一天起在网站上显示
categories:                  # 评选类别（至少一个）
  - id: model-post           # 类别编号
    name: 优秀党员示范岗      # 类别名称
    kind: person             # 评选对象：person 个人 | window 窗口 | branch 党支部 | team 集体
    quota: 10                # 表彰名额
    unit_quota:              # 各单位推荐名额：按人数（by_staff）或名额表（table）
      # per: hall            # 按大厅（含所属窗口）核算名额；不写则按推荐单位本身
      by_staff:
        - below: 50          # 现有工作人员 50 人以下的推荐 1 名
          count: 1
        - count: 2           # 其余推荐 2 名
      # extra: {{hall-2f: 1}}  # 可根据实际情况酌情增加的名额：单位编号: 名数
    requires:                # 推荐条件
      political_status: [中共党员]
      party_years: 1         # 党龄（以推荐截止日计）
      # years_at_centre: 1   # 在中心工作满 N 年（以人员 joined_centre 计到推荐截止日）
      # roles: [party_work]  # 须有的岗位：party_work 从事党务工作 | resident_window 常驻窗口工作
    deeds:                   # 主要事迹字数（有 summary 时为另附的事迹材料字数）
      min: 300
      max: 800
      recommended: 500
    # summary:               # 推荐表“主要事迹”栏字数，如“原则上控制在200—400字”
    #   min: 200
    #   max: 400
    # grades: [五星, 四星, 三星]  # 评定等次，从高到低；获表彰者须写 grade
    # rotating: true         # 流动奖牌：每期评定后移交新的获得者
    title_required: false    # 是否要求事迹主标题
    subtitle_required: false # 是否要求事迹副标题
    criteria:                # 评选标准
      - 政治坚定，模范履行党员义务。
timeline:                    # 活动安排：每个阶段写一个日期，或 {{start: , end: }}
  nomination: {{start: {today}, end: {today}}}
  # review: {{start: , end: }}
  # voting: {{start: {today}T09:00+08:00, end: {today}T18:00+08:00}}
  # publicity: {{start: , end: }}
  # commendation:
voting:                      # 投票方式（可选）
  channels: []               # 每项：kind（online | sms | hotline）、name、url（http:// 或 https:// 网址）、number、format、hours
  rules: []                  # 投票规则，每项一行
# scoring:                   # 综合评议：群众投票与评审得分按权重合计，见 docs/votes.md
#   votes: 50                # 投票所占权重
#   review: 50               # 评审所占权重（评分表放在 review/ 文件夹）
#   normalise: top_share     # top_share 按最高分折算为100分 | rank_points 按名次计分
#   ties: votes              # 得分相同时：votes 得票多者在前 | review 评审得分高者在前
#   public: false            # 是否在公示中公布综合得分
show_review: false           # 是否在推荐对象页面公开评审程序（各推荐的 review）
# publicity:
#   closing: 公示期满，无异议。  # 公示期满后在公示页面显示的文字（不写则用标准文字）
veto: []                     # 一票否决情形，每项一行
contacts: []                 # 联系人，每项：name、phone、email
---
（通知正文）
"""


def slug(title: str) -> str:
    """An id from the pinyin of a title: 最美窗口 → zui-meichuangkou (a person's id from their
    name is `names.name_slug`, which reads surnames as surnames)."""
    from pypinyin import lazy_pinyin  # ~0.6 s to import: only when an id is made

    syllables = [re.sub(r"[^a-z0-9]", "", s.lower()) for s in lazy_pinyin(title)]
    syllables = [s for s in syllables if s]
    if not syllables:
        return "record"
    return "-".join([syllables[0], "".join(syllables[1:])]) if len(syllables) > 1 else syllables[0]


def unique(base: str, folder: Path) -> str:
    existing = {p.stem for p in folder.glob("*")} if folder.is_dir() else set()
    candidate, number = base, 2
    while candidate in existing:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def new_person(content: Path, name: str, unit: str, record_id: str | None = None) -> Path:
    folder = content / "people"
    record_id = record_id or unique(name_slug(name), folder)
    return _write(folder / f"{record_id}.md", PERSON.format(name=name, unit=unit, id=record_id))


def new_team(
    content: Path,
    name: str,
    unit: str,
    members: list[str] | None = None,
    record_id: str | None = None,
) -> Path:
    """A team's record: each of `members` a `person:` when people/ has a record of that id,
    else a `name:`; without members, an example to fill in (it must be, to pass the check)."""
    folder = content / "people"
    record_id = record_id or unique(slug(name), folder)
    lines = []
    for member in members or []:
        key = "person" if (folder / f"{member}.md").is_file() else "name"
        lines.append(f"  - {key}: {_yaml_text(member)}")
    text = TEAM.format(
        name=_yaml_text(name), unit=unit, id=record_id, members="\n".join(lines) or TEAM_EXAMPLE
    )
    return _write(folder / f"{record_id}.md", text)


def _yaml_text(text: str) -> str:
    """`text` as a YAML scalar: quoted when YAML would read it otherwise (a leading quote
    mark, a colon and space, a # after a space …)."""
    plain = text.strip()
    special = plain[:1] in "\"'[]{}&*!|>%@`#,?:-" or ": " in plain or " #" in plain
    if plain and not special:
        return plain
    return '"' + plain.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_nomination(content: Path, campaign: str, nominee: str, category: str) -> Path:
    folder = content / "campaigns" / campaign
    if not (folder / "index.md").is_file():
        raise FileNotFoundError(f"活动“{campaign}”不存在：找不到 {folder / 'index.md'}")
    return _write(folder / f"{nominee}.md", NOMINATION.format(nominee=nominee, category=category))


def new_campaign(
    content: Path, title: str, campaign_id: str, today: date, issuer: str = ""
) -> Path:
    folder = content / "campaigns" / campaign_id
    text = CAMPAIGN.format(title=title, year=today.year, today=today.isoformat(), issuer=issuer)
    return _write(folder / "index.md", text)


def _write(path: Path, text: str) -> Path:
    if path.exists():
        raise FileExistsError(f"文件已存在：{path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
