"""`honours init`: a new centre, ready to build.

`mkdocs.yml` names only the Material theme and the `honours` plugin (the
plugin brings its own templates), and `content/` holds the centre, its units,
one person and one campaign with one nomination, published on the build date
so that the new site shows it. The person and the nomination are the commented
skeletons of `honours new`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..model.skeletons import new_nomination, new_person
from ..sources.problems import display_path
from .settings import CONFIG_NAME

CONTENT = "content"
UNIT = "centre"
PERSON_NAME = "王晓明"
CATEGORY = "service-star"

MKDOCS_YML = """\
# {name}光荣榜：网站设置。生成网站：mkdocs build；检查记录：honours check
site_name: {name}光荣榜
# site_url: https://rongyu.example.gov.cn/   # 网站正式地址；填写后推荐对象页面显示二维码
docs_dir: content
theme:
  name: material
  language: zh
  font: false          # 不使用谷歌字体：大厅屏幕多在内网
plugins:
  - search
  - honours
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
"""

ORGANISATION = """\
name: {name}                  # 中心名称（必填），显示在网站标题中
short_name:                   # 简称（可选），用于窄屏
address:                      # 对外地址（可选）
website:                      # 中心网站（可选）
contacts:                     # 对外联系方式，显示在首页；每项：name、phone、email、hours
  - name: 综合办公室
    phone: 请填写电话
supervision:                  # 监督电话、邮箱、地址（至少填一项）：群众反映问题和异议
  phone: 请填写监督电话
publish:
  person_fields: [gender, political_status]   # 网站上公开的个人信息：gender 性别、born 出生年份、ethnicity 民族、political_status 政治面貌、joined_party 入党时间
"""

UNITS = """\
# 单位：大厅、部门、街镇便民服务中心、党支部、窗口。每个单位一项。
units:
  - id: {unit}                # 编号（必填）：小写字母、数字和“-”
    name: {name}              # 名称（必填）
    kind: hall                # hall 大厅 | department 部门 | town_centre 街镇便民服务中心 | branch 党支部 | window 窗口
    staff: 0                  # 在岗人数，用于按人数分配推荐名额
    # parent:                 # 上级单位编号
"""

HOME = """\
{name}“光荣榜”集中展示本中心开展的评选表彰活动：从推荐报送、审查把关到公示和表彰，每一项活动的通知、评选标准、推荐对象和结果都在这里公开，接受办事群众和社会各界监督。
"""

CAMPAIGN = """\
---
title: 关于开展{year}年度“优质服务标兵”评选活动的通知   # 通知标题（必填）
short_title: {year}年度优质服务标兵     # 简称，用于列表和导航
year: {year}                           # 年度（必填）
issuer: {name}                         # 发文单位（必填）
document_no:                           # 文号
published: {published}                 # 发布日期（必填）：从这一天起在网站上显示
categories:                            # 评选类别（至少一个）
  - id: {category}                     # 类别编号
    name: 优质服务标兵                  # 类别名称
    kind: person                       # 评选对象：person 个人 | window 窗口 | branch 党支部
    quota: 10                          # 表彰名额
    criteria:                          # 评选标准
      - 热情服务办事群众，业务熟练，办事高效。
timeline:                              # 活动安排：每个阶段写一个日期，或 {{start: , end: }}
  nomination: {{start: {published}, end: {nomination_end}}}
  review: {{start: {review_start}, end: {review_end}}}
  publicity: {{start: {publicity_start}, end: {publicity_end}}}
  commendation: {commendation}
contacts: []                           # 联系人，每项：name、phone、email
---
各窗口、各科室：

为表彰先进、树立典型，经研究，决定开展{year}年度“优质服务标兵”评选活动。请各单位认真组织推荐，于{nomination_end_text}前报送推荐材料。

（通知正文：请改为正式通知。）
"""

README = """\
# {name}光荣榜

评选表彰活动的记录在 `content/` 中（格式见 honour-board 的 docs/content.md）。

```sh
mkdocs build     # 生成网站，输出在 site/
honours check    # 检查全部记录，一次列出所有问题
```

`mkdocs serve` 可在 http://127.0.0.1:8000/ 边改边看。新建记录：
`honours new person 姓名 --unit {unit}`、`honours new nomination 活动编号 人员编号 --category 类别编号`。
示例人员、活动和推荐对象请改为真实记录，或删除后重新建立。
"""

GITIGNORE = """\
/site/
/.site.*/
/.cache/
"""


class CentreExists(Exception):
    """The folder already holds a centre; nothing was written."""


@dataclass(frozen=True)
class NewCentre:
    folder: Path
    files: list[Path]
    campaign_id: str


def init_centre(folder: Path, name: str, today: date) -> NewCentre:
    """Write a new centre into `folder` (created if needed). Refuses a folder that already has a
    mkdocs.yml or a content/ folder."""
    name = name.strip()
    if not name:
        raise ValueError("请写出中心名称，如：honours init 北岭县政务服务中心")
    for existing in (folder / CONFIG_NAME, folder / CONTENT):
        if existing.exists():
            raise CentreExists(
                f"“{display_path(folder)}”中已有 {existing.name}，没有写入任何文件（请换一个文件夹）"
            )
    content = folder / CONTENT
    content.mkdir(parents=True)
    year = today.year
    campaign_id = f"{year}-{CATEGORY}"
    nomination_end = today + timedelta(days=14)
    files = [
        _write(folder / CONFIG_NAME, MKDOCS_YML.format(name=name)),
        _write(folder / "README.md", README.format(name=name, unit=UNIT)),
        _write(folder / ".gitignore", GITIGNORE),
        _write(content / "organisation.yml", ORGANISATION.format(name=name)),
        _write(content / "units.yml", UNITS.format(name=name, unit=UNIT)),
        _write(content / "index.md", HOME.format(name=name)),
        _write(
            content / "campaigns" / campaign_id / "index.md",
            CAMPAIGN.format(
                year=year,
                name=name,
                category=CATEGORY,
                published=today.isoformat(),
                nomination_end=nomination_end.isoformat(),
                nomination_end_text=f"{nomination_end.month}月{nomination_end.day}日",
                review_start=(today + timedelta(days=15)).isoformat(),
                review_end=(today + timedelta(days=21)).isoformat(),
                publicity_start=(today + timedelta(days=22)).isoformat(),
                publicity_end=(today + timedelta(days=28)).isoformat(),
                commendation=(today + timedelta(days=35)).isoformat(),
            ),
        ),
    ]
    person = new_person(content, PERSON_NAME, UNIT)  # the id from the name, as `honours new` does
    files += [person, new_nomination(content, campaign_id, person.stem, CATEGORY)]
    return NewCentre(folder, files, campaign_id)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
