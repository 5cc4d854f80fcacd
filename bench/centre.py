"""A synthetic, fictional service centre for the build benchmark (bench/build.py).

    .venv/bin/python bench/centre.py N FOLDER      writes FOLDER/mkdocs.yml and FOLDER/content/

`centre(n)` describes a centre of `n` people and `n` nominations over 5 campaigns (seeded, so
the same `n` always gives the same files); `write_ours`, `write_blog` and `write_plain` turn it
into three MkDocs projects with the same stories: ours (the `honours` plugin), Material's blog
plugin (one post a nomination, the people as authors with profile pages) and plain MkDocs with
Material (a given number of pages, all out of the nav).

Everything is made up: names are common surnames with given-name characters drawn at random,
units and places are invented, phone numbers are fictional, stories are assembled from phrase
lists. No photos: every person gets the drawn placeholder.

The records keep the rules `honours check` enforces: at most the unit quota of nominations per
unit and category, stories within `deeds`, party categories only for party members of a year's
standing at the deadline, awarded within the quota, codes for campaigns with a vote.
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

TODAY = "2026-11-25"  # HONOURS_TODAY of every build: each campaign's stage is fixed
SITE_URL = "https://rongyu.example.gov.cn/"
CENTRE = "示例市政务服务中心"
STORY_CHARS = 800  # characters of Markdown a story aims at (punctuation included)

# -- names ----------------------------------------------------------------------------------
SURNAMES = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
    ("杨", "yang"), ("赵", "zhao"), ("黄", "huang"), ("周", "zhou"), ("吴", "wu"),
    ("徐", "xu"), ("孙", "sun"), ("胡", "hu"), ("朱", "zhu"), ("高", "gao"),
    ("林", "lin"), ("何", "he"), ("郭", "guo"), ("马", "ma"), ("罗", "luo"),
    ("梁", "liang"), ("宋", "song"), ("郑", "zheng"), ("谢", "xie"), ("韩", "han"),
    ("唐", "tang"), ("冯", "feng"), ("于", "yu"), ("董", "dong"), ("萧", "xiao"),
    ("程", "cheng"), ("曹", "cao"), ("袁", "yuan"), ("邓", "deng"), ("许", "xu"),
    ("傅", "fu"), ("沈", "shen"), ("曾", "zeng"), ("彭", "peng"), ("吕", "lv"),
    ("苏", "su"), ("卢", "lu"), ("蒋", "jiang"), ("蔡", "cai"), ("贾", "jia"),
    ("丁", "ding"), ("魏", "wei"), ("薛", "xue"), ("叶", "ye"), ("阎", "yan"),
    ("余", "yu"), ("潘", "pan"), ("杜", "du"), ("戴", "dai"), ("夏", "xia"),
    ("钟", "zhong"), ("汪", "wang"), ("田", "tian"), ("任", "ren"), ("姜", "jiang"),
    ("范", "fan"), ("方", "fang"), ("石", "shi"), ("姚", "yao"), ("谭", "tan"),
    ("廖", "liao"), ("邹", "zou"), ("熊", "xiong"), ("金", "jin"), ("陆", "lu"),
    ("欧阳", "ouyang"), ("司马", "sima"), ("上官", "shangguan"),
]  # fmt: skip
GIVEN = [
    ("晓", "xiao"), ("明", "ming"), ("丽", "li"), ("华", "hua"), ("建", "jian"),
    ("国", "guo"), ("文", "wen"), ("芳", "fang"), ("静", "jing"), ("敏", "min"),
    ("伟", "wei"), ("军", "jun"), ("红", "hong"), ("梅", "mei"), ("玲", "ling"),
    ("海", "hai"), ("涛", "tao"), ("燕", "yan"), ("霞", "xia"), ("平", "ping"),
    ("志", "zhi"), ("强", "qiang"), ("雪", "xue"), ("琳", "lin"), ("宇", "yu"),
    ("浩", "hao"), ("然", "ran"), ("思", "si"), ("佳", "jia"), ("欣", "xin"),
    ("慧", "hui"), ("婷", "ting"), ("磊", "lei"), ("鹏", "peng"), ("飞", "fei"),
    ("彬", "bin"), ("辉", "hui"), ("刚", "gang"), ("勇", "yong"), ("秀", "xiu"),
    ("英", "ying"), ("兰", "lan"), ("春", "chun"), ("秋", "qiu"), ("冬", "dong"),
    ("雨", "yu"), ("晨", "chen"), ("阳", "yang"), ("子", "zi"), ("嘉", "jia"),
    ("怡", "yi"), ("凯", "kai"), ("博", "bo"), ("航", "hang"), ("瑶", "yao"),
    ("倩", "qian"), ("颖", "ying"), ("俊", "jun"), ("杰", "jie"), ("峰", "feng"),
    ("诗", "shi"), ("琪", "qi"), ("蕾", "lei"), ("宁", "ning"), ("安", "an"),
    ("新", "xin"), ("永", "yong"), ("立", "li"), ("振", "zhen"), ("德", "de"),
]  # fmt: skip
ETHNICITIES = ["汉族"] * 17 + ["回族", "满族", "蒙古族", "壮族", "土家族"]
POSITIONS = [
    "综合受理岗", "窗口负责人", "首席代办员", "帮办代办员", "咨询导办员", "业务审核岗",
    "出件岗", "业务骨干", "值班长", "综合服务岗", "预审岗", "政策咨询员",
]  # fmt: skip
HONOUR_TITLES = [
    "示例市优质服务明星", "示例市青年岗位能手", "示例市优秀共产党员", "示例市三八红旗手",
    "示例市政务服务先进个人", "示例市服务标兵", "示例市巾帼建功标兵", "示例市优秀志愿者",
]  # fmt: skip

# -- units ----------------------------------------------------------------------------------
BUSINESSES = [
    "税务综合", "不动产登记", "社保", "医保", "公积金", "企业开办", "工程建设审批", "户政",
    "出入境", "交通运输", "市场监管", "卫生健康", "婚姻登记", "人才服务", "水电气报装",
    "残疾人服务", "退役军人服务", "教育服务", "文旅审批", "农业农村", "民政救助", "法律援助",
    "档案查询", "综合受理", "“办不成事”反映", "帮办代办", "跨省通办", "惠企政策兑现",
]  # fmt: skip
HALL_THEMES = ["综合受理", "企业服务", "不动产登记", "社会事务", "投资建设", "民生服务"]
PLACES = [
    "东城", "西湖", "南山", "北岭", "青石", "柳林", "桃源", "清河", "白沙", "金田",
    "松岗", "梅溪", "凤凰", "龙泉", "石桥", "长宁", "新华", "太平", "红星", "和平",
]  # fmt: skip
TOWN_KINDS = ["街道", "镇"]

# -- stories --------------------------------------------------------------------------------
OPENINGS = [
    "{name}同志{start}年参加工作，现任{unit}{position}。{years}年来，{he}始终把“让群众少跑一趟”作为自己的工作信条，是群众口中的“活地图”。",
    "{name}同志在{unit}工作已有{years}年，现任{position}。{he}把窗口当作服务群众的第一线，把每一件小事都当作大事来办。",
    "走进{unit}，总能看到{name}忙碌的身影。作为{position}，{he}{years}年如一日扎根窗口，用耐心和细心赢得了办事群众的信任。",
    "{name}同志现任{unit}{position}。参加工作{years}年来，{he}从一名普通受理员成长为窗口的业务骨干，先后带出徒弟{n1}名。",
]  # fmt: skip
HEADINGS = [
    "把群众的事当成自己的事", "在细微处见真情", "用创新破解办事难题", "以党员标准严格要求自己",
    "练就过硬本领", "甘当群众的“贴心人”", "让服务更有温度", "把“办不成”变成“办得成”",
]  # fmt: skip
SENTENCES = [
    "针对群众办事材料多、流程长的问题，{he}牵头梳理出{n1}项高频事项的“一次性告知单”，把办理时间由原来的{n2}个工作日压缩到{n3}分钟以内。",
    "{he}利用业余时间编写了《{business}业务一本通》，用图文方式讲清{n1}个常见问题，已印发{n4}余册。",
    "每周四下午，{he}组织窗口人员开展业务“微课堂”，三年来累计授课{n1}余次，窗口人员全部成为能办理全部事项的“全能型”受理员。",
    "今年以来，窗口共受理各类业务{n5}件，群众满意率保持在99.{n6}%以上，未发生一起有效投诉。",
    "在业务高峰期，{he}连续一个多月每天提前一小时到岗，延时服务成为常态。",
    "对行动不便的老年人和残疾人，{he}带头提供上门服务，累计上门{n1}余次。",
    "遇到政策理解有分歧的疑难问题，{he}总是说“先别急，我们一起想办法”，耐心讲解、反复核实，直到群众明白满意为止。",
    "{he}主动对接{place}等{n7}个街镇便民服务中心，推动{n1}项高频事项下沉到社区“就近办”。",
    "一位外地来的企业负责人因材料不全急得团团转，{he}主动加班帮助补齐材料，当天就为企业办好了营业执照。",
    "{he}把群众反映最集中的{n7}类问题整理成册，逐一研究解决办法，推动相关部门修订办事指南{n7}份。",
    "作为党员，{he}主动亮身份、作表率，在窗口设立“党员先锋岗”，承诺“首问负责、限时办结”。",
    "{he}坚持每天下班前把当天的办件逐一复核，{years}年来经手办件{n4}余件，无一差错。",
    "为方便上班族，{he}带头推行“午间不打烊”“周末延时办”，一年来为群众延时服务{n1}余次。",
    "面对新上线的业务系统，{he}第一个学会、第一个上手，还手把手教会了身边的同事。",
    "{he}发现部分自助设备操作提示不够清楚，主动整理操作要点，协调在设备旁张贴图示，方便群众自助办理。",
    "疫情期间，{he}主动请缨驻守窗口{n7}十余天，保障了群众急事急办。",
    "{he}推动{business}业务实现“全程网办”，网上办件比例由{n6}成提高到九成以上。",
    "一年来，{he}收到群众表扬信和锦旗{n7}件，“好差评”系统好评率100%。",
    "{he}坚持“窗口就是课堂”，把常见差错编成顺口溜，新人一学就会。",
    "对企业表达谢意的各种“心意”，{he}一律婉拒，始终以一名共产党员的标准严格要求自己。",
    "{he}牵头建立“接诉、转办、跟踪、回访”四步闭环工作法，每一件反映都登记编号、明确时限。",
    "{he}常说：“群众多跑一趟，就是我们的工作没做到位。”",
]  # fmt: skip
CLOSINGS = [
    "{he}用实际行动诠释了“不为不办找理由、只为办好想办法”的服务理念。",
    "平凡的岗位上，{he}用一件件小事擦亮了政务服务的“金字招牌”。",
    "{he}以实际行动践行了全心全意为人民服务的宗旨，展现了政务服务窗口的良好形象。",
]  # fmt: skip
TITLES = [
    "把群众的事当成自己的事", "窗口里的“贴心人”", "小窗口里的大担当", "用心办好每一件事",
    "让群众少跑腿", "一张笑脸迎群众", "窗口前的坚守", "把服务做到群众心坎上",
]  # fmt: skip
INTROS = [
    "从事窗口服务工作多年，熟悉{business}业务。",
    "窗口业务骨干，多次参加全市业务技能比武。",
    "长期在基层便民服务中心工作，熟悉社区群众办事需求。",
    "爱岗敬业，业余时间参加志愿服务。",
]  # fmt: skip


# -- the centre as data -----------------------------------------------------------------------
@dataclass
class Unit:
    id: str
    name: str
    kind: str
    staff: int
    parent: str | None = None
    floor: str | None = None
    branch: str | None = None  # the party branch its members belong to


@dataclass
class Person:
    id: str
    name: str
    unit: str
    position: str
    gender: str
    born: int
    ethnicity: str
    party: bool
    joined_party: date | None
    branch: str | None
    honours: list[str]
    intro: str
    phone: str
    start: int  # the year they started work, for the story


@dataclass
class Category:
    id: str
    name: str
    party: bool  # requires 中共党员 of a year's standing
    quota: int = 0
    unit_quota: str = ""  # the YAML of the rule
    allowed: int = 2  # what the rule allows every unit (units are all below 50 staff or so)


@dataclass
class Campaign:
    id: str
    title: str
    short_title: str
    year: int
    published: date
    stage: str  # announced | publicity | voting
    timeline: str  # the YAML of the timeline
    deadline: date
    categories: list[Category]
    voting: bool


@dataclass
class Nomination:
    campaign: str
    category: str
    person: Person
    story: str
    title: str
    subtitle: str
    status: str = "candidate"
    result: str | None = None
    code: int | None = None

    @property
    def published(self) -> bool:
        return self.status not in ("vetoed", "withdrawn")


@dataclass
class Centre:
    n: int
    units: list[Unit]
    people: list[Person]
    campaigns: list[Campaign]
    nominations: list[Nomination]
    unit_names: dict[str, str] = field(default_factory=dict)

    def edit_target(self) -> Nomination:
        """The nomination the one-edit phase edits: the first published one of the campaign in
        its vote (the stage where stories change and pages matter most)."""
        return next(
            n for n in self.nominations if n.campaign == self.campaigns[-1].id and n.published
        )


def units_for(n: int, rng: random.Random) -> list[Unit]:
    """Halls with windows, town centres, one party branch per hall: about 10 people a unit."""
    places = [a + b for a in PLACES for b in ("", "新区", "开发区", "高新区")]
    workplaces = max(10, n // 10)
    halls = max(2, workplaces // 20)
    towns = max(2, workplaces // 8)
    windows = workplaces - towns
    units = [Unit("centre", CENTRE, "hall", 300)]
    for h in range(1, halls + 1):
        floor = str((h - 1) % 6 + 1)
        theme = HALL_THEMES[(h - 1) % len(HALL_THEMES)]
        units.append(
            Unit(f"hall-{h}", f"第{h}{theme}大厅", "hall", 0, "centre", floor, f"branch-{h}")
        )
        units.append(Unit(f"branch-{h}", f"第{h}党支部", "branch", 0, "centre", floor))
    numbers: dict[str, int] = defaultdict(int)
    for w in range(1, windows + 1):
        hall = units[1 + 2 * ((w - 1) % halls)]
        business = BUSINESSES[rng.randrange(len(BUSINESSES))]
        numbers[business] += 1
        name = f"{business}{numbers[business]}号窗口"
        units.append(Unit(f"window-{w}", name, "window", 0, hall.id, hall.floor, hall.branch))
    for t in range(1, towns + 1):
        place = places[(t - 1) % len(places)]
        kind = TOWN_KINDS[t % 2]
        suffix = "" if t <= len(places) else f"第{(t - 1) // len(places) + 1}"
        name = f"{place}{kind}{suffix}便民服务中心"
        branch = f"branch-{(t - 1) % halls + 1}"
        units.append(Unit(f"town-{t}", name, "town_centre", 0, "centre", None, branch))
    return units


def make_name(rng: random.Random, taken: set[str]) -> tuple[str, str]:
    family, family_pinyin = SURNAMES[min(int(rng.expovariate(1 / 14)), len(SURNAMES) - 1)]
    parts = [GIVEN[rng.randrange(len(GIVEN))] for _ in range(1 if rng.random() < 0.3 else 2)]
    name = family + "".join(c for c, _ in parts)
    slug = f"{family_pinyin}-{''.join(p for _, p in parts)}"
    record_id, k = slug, 1
    while record_id in taken:
        k += 1
        record_id = f"{slug}-{k}"
    taken.add(record_id)
    return name, record_id


def people_for(n: int, units: list[Unit], rng: random.Random) -> list[Person]:
    workplaces = [u for u in units if u.kind in ("window", "town_centre")]
    taken: set[str] = set()
    people = []
    for i in range(n):
        unit = workplaces[i % len(workplaces)]
        name, record_id = make_name(rng, taken)
        born = rng.randrange(1966, 2001)
        party = rng.random() < 0.6
        joined = None
        if party:  # joined at 19–35, and by 2022-06-30 at the latest: a year's standing anywhere
            year = min(born + rng.randrange(19, 36), 2022)
            joined = date(year, rng.randrange(1, 7), rng.randrange(1, 29))
        start = min(born + rng.randrange(20, 26), 2020)
        honours = [
            f"{rng.randrange(2015, 2026)}年度{rng.choice(HONOUR_TITLES)}"
            for _ in range(rng.choice([0, 0, 0, 1, 1, 2]))
        ]
        intro = rng.choice(INTROS).format(business=rng.choice(BUSINESSES)) if i % 2 else ""
        people.append(
            Person(
                id=record_id,
                name=name,
                unit=unit.id,
                position=rng.choice(POSITIONS),
                gender=rng.choice(["男", "女"]),
                born=born,
                ethnicity=rng.choice(ETHNICITIES),
                party=party,
                joined_party=joined,
                branch=unit.branch if party else None,
                honours=honours,
                intro=intro,
                phone=f"1{rng.choice('3589')}0000{rng.randrange(10000):04d}",
                start=start,
            )
        )
    for unit in units:
        unit.staff = 0
    staff: dict[str, int] = defaultdict(int)
    for person in people:
        staff[person.unit] += 1
    for unit in units:  # a few more staff than records: not everyone is on the site
        if unit.kind in ("window", "town_centre"):
            unit.staff = staff[unit.id] + rng.randrange(0, 6)
    for unit in units:
        if unit.kind == "hall" and unit.id != "centre":
            unit.staff = sum(u.staff for u in units if u.parent == unit.id)
        if unit.kind == "branch":
            unit.staff = sum(1 for p in people if p.branch == unit.id)
    return people


BY_STAFF = """\
      by_staff:
        - below: 50
          count: 2
        - count: 3"""
TABLE = """\
      table:
        default: 2"""


def campaigns_for() -> list[Campaign]:
    """Five campaigns; on TODAY: three announced, one in publicity, one in its vote."""

    def cats(*items: tuple[str, str, bool, str]) -> list[Category]:
        return [Category(i, name, party, unit_quota=rule) for i, name, party, rule in items]

    return [
        Campaign(
            "2024-service-stars",
            "关于开展2024年度政务服务“优质服务明星”评选活动的通知",
            "2024年度优质服务明星",
            2024,
            date(2024, 5, 6),
            "announced",
            "  nomination: {start: 2024-05-06, end: 2024-05-20}\n"
            "  review: {start: 2024-05-21, end: 2024-05-31}\n"
            "  publicity: {start: 2024-06-03, end: 2024-06-09}\n"
            "  commendation: 2024-06-15",
            date(2024, 5, 20),
            cats(
                ("service-star", "优质服务明星", False, BY_STAFF),
                ("party-post", "党员示范岗", True, BY_STAFF),
            ),
            False,
        ),
        Campaign(
            "2025-model-post",
            "关于开展2025年度政务服务窗口“优秀党员示范岗”评选活动的通知",
            "2025年度优秀党员示范岗",
            2025,
            date(2025, 6, 10),
            "announced",
            "  nomination: {start: 2025-06-10, end: 2025-06-20}\n"
            "  review: {start: 2025-06-23, end: 2025-06-27}\n"
            "  publicity: {start: 2025-06-30, end: 2025-07-06}\n"
            "  commendation: 2025-07-10",
            date(2025, 6, 20),
            cats(
                ("model-post", "优秀党员示范岗", True, BY_STAFF),
                ("service-pioneer", "服务先锋", False, BY_STAFF),
            ),
            False,
        ),
        Campaign(
            "2026-party-honours",
            "关于做好2026年优秀共产党员和优质服务明星推荐评选工作的通知",
            "2026年“七一”评选表彰",
            2026,
            date(2026, 5, 20),
            "announced",
            "  nomination: {start: 2026-05-20, end: 2026-06-05}\n"
            "  review: {start: 2026-06-08, end: 2026-06-19}\n"
            "  publicity: {start: 2026-06-22, end: 2026-06-28}\n"
            "  commendation: 2026-06-30",
            date(2026, 6, 5),
            cats(
                ("model-member", "优秀共产党员", True, TABLE),
                ("star", "优质服务明星", False, TABLE),
            ),
            False,
        ),
        Campaign(
            "2026-most-beautiful",
            "关于开展2026年“最美服务明星”评选活动的实施方案",
            "2026年最美服务明星",
            2026,
            date(2026, 10, 12),
            "publicity",
            "  nomination: {start: 2026-10-12, end: 2026-10-30}\n"
            "  review: {start: 2026-11-02, end: 2026-11-06}\n"
            "  voting: {start: 2026-11-10T09:00+08:00, end: 2026-11-18T18:00+08:00}\n"
            "  publicity: {start: 2026-11-20, end: 2026-11-27}\n"
            "  commendation: 2026-12-05",
            date(2026, 10, 30),
            cats(
                ("stars", "最美服务明星", False, BY_STAFF),
                ("party-stars", "最美党员服务明星", True, BY_STAFF),
            ),
            True,
        ),
        Campaign(
            "2026-model-post",
            "关于开展2026年度政务服务窗口“优秀党员示范岗”评选活动的通知",
            "2026年度优秀党员示范岗",
            2026,
            date(2026, 10, 28),
            "voting",
            "  nomination: {start: 2026-11-02, end: 2026-11-10}\n"
            "  review: {start: 2026-11-11, end: 2026-11-18}\n"
            "  voting: {start: 2026-11-20T09:00+08:00, end: 2026-11-30T18:00+08:00}\n"
            "  publicity: {start: 2026-12-02, end: 2026-12-08}\n"
            "  commendation: 2026-12-15",
            date(2026, 11, 10),
            cats(
                ("model-post", "优秀党员示范岗", True, BY_STAFF),
                ("service-star", "优质服务明星", False, BY_STAFF),
            ),
            True,
        ),
    ]


def story(person: Person, unit: str, rng: random.Random) -> str:
    """About STORY_CHARS characters: an opening, two to four paragraphs (some under a bold
    heading), a closing sentence."""
    he = "他" if person.gender == "男" else "她"

    def fill(template: str) -> str:
        return template.format(
            name=person.name,
            he=he,
            unit=unit,
            position=person.position,
            start=person.start,
            years=2026 - person.start,
            business=rng.choice(BUSINESSES),
            place=rng.choice(PLACES),
            n1=rng.randrange(12, 160),
            n2=rng.randrange(2, 8),
            n3=rng.randrange(20, 90),
            n4=rng.randrange(2, 90) * 100,
            n5=f"{rng.randrange(11, 99) / 10:.1f}万",
            n6=rng.randrange(3, 9),
            n7=rng.choice("二三四五六七八九"),
        )

    opening = fill(rng.choice(OPENINGS))
    pool = [s for s in SENTENCES if person.party or "党员" not in s]
    sentences = rng.sample(pool, len(pool))
    closing = fill(rng.choice(CLOSINGS))
    paragraphs, length = [opening], len(opening) + len(closing)
    headings = rng.sample(HEADINGS, len(HEADINGS))
    while length < STORY_CHARS - 60 and sentences:
        count = min(rng.randrange(2, 5), len(sentences))
        text = "".join(fill(sentences.pop()) for _ in range(count))
        if rng.random() < 0.3:
            paragraphs.append(f"**{headings.pop()}**")
            length += len(paragraphs[-1])
        paragraphs.append(text)
        length += len(text)
    paragraphs.append(closing)
    return "\n\n".join(paragraphs)


def centre(n: int, seed: int = 2026) -> Centre:
    rng = random.Random(seed)
    units = units_for(n, rng)
    names = {u.id: u.name for u in units}
    people = people_for(n, units, rng)
    campaigns = campaigns_for()
    # every person is nominated once: campaign by turn, category by eligibility, within quotas
    used: dict[tuple[str, str, str], int] = defaultdict(int)
    nominations = []
    order = list(people)
    rng.shuffle(order)
    for i, person in enumerate(order):
        for step in range(len(campaigns)):
            campaign = campaigns[(i + step) % len(campaigns)]
            category = next(c for c in campaign.categories if c.party == person.party)
            key = (campaign.id, category.id, person.unit)
            if used[key] < category.allowed:
                used[key] += 1
                break
        else:
            raise SystemExit(f"no quota left for {person.id} in unit {person.unit}")
        unit = names[person.unit]
        title = rng.choice(TITLES)
        subtitle = f"记{unit}{person.name}"
        nominations.append(
            Nomination(campaign.id, category.id, person, story(person, unit, rng), title, subtitle)
        )
    for k, nomination in enumerate(nominations, start=1):  # a few never reach the site
        if k % 101 == 0:
            nomination.status = "withdrawn"
        elif k % 211 == 0:
            nomination.status = "vetoed"
    for campaign in campaigns:
        for category in campaign.categories:
            members = [
                m
                for m in nominations
                if m.campaign == campaign.id and m.category == category.id and m.published
            ]
            category.quota = max(3, len(members) // 10)
            if campaign.stage in ("announced", "publicity"):
                for m in members[: category.quota]:
                    m.result = "awarded" if campaign.stage == "announced" else "proposed"
                if campaign.stage == "announced":
                    for m in members[category.quota :]:
                        m.result = "not_awarded"
        if campaign.voting:
            published = [m for m in nominations if m.campaign == campaign.id and m.published]
            for code, m in enumerate(published, start=1):
                m.code = code
    return Centre(n, units, people, campaigns, nominations, names)


# -- writing the projects ------------------------------------------------------------------------
def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


OURS_YML = f"""\
site_name: {CENTRE}光荣榜（基准测试）
site_url: {SITE_URL}
docs_dir: content
theme:
  name: material
  language: zh
  font: false
  features:
    - navigation.top
  palette:
    primary: red
    accent: amber
plugins:
  - search
  - honours
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
"""

ORGANISATION = f"""\
# 基准测试数据：机构、人员、事迹均为虚构。
name: {CENTRE}
short_name: 示例市政务中心
address: 示例市人民路 100 号
website: https://zwfw.example.gov.cn
contacts:
  - name: 综合办公室
    phone: 0000-12345678
    email: office@example.gov.cn
    hours: 工作日 9:00—17:00
  - name: 机关党委办公室
    phone: 0000-12345682
    email: dangwei@example.gov.cn
supervision:
  phone: 0000-12345679
  email: jiandu@example.gov.cn
  address: 示例市人民路 100 号 3 楼纪检室
publish:
  person_fields: [gender, ethnicity, political_status]
"""

NOTICE = """\
各楼层大厅、各窗口单位，各街镇便民服务中心：

为表彰先进、树立典型，推动政务服务提质增效，{centre}决定开展{short}评选活动。现将有关事项通知如下。

## 一、评选范围

{centre}各楼层大厅、各专业窗口，各街镇便民服务中心直接服务企业和群众的工作人员。

## 二、评选标准

（一）政治坚定，爱岗敬业，模范遵守各项规章制度。

（二）把群众满意作为最高标准，业务做到“一口清”“问不倒”“零积压”“零投诉”。

（三）主动破解堵点难点问题，工作实绩突出，得到服务对象公认。

## 三、方法步骤

各单位按照评选标准认真遴选，在岗人员50人以下的单位每个类别推荐2名，50人以上的推荐3名。推荐表“主要事迹”栏800字左右。经审查把关、公示无异议后集中表彰。

## 四、工作要求

各单位要坚持标准、严格程序，确保推荐对象事迹突出、群众公认。对评选工作有异议的，可向中心纪检室反映（电话：0000-12345679）。

{centre}

{published}
"""

VOTING = """\
voting:
  channels:
    - kind: online
      name: “示政通”政务服务平台
      url: https://vote.zwfw.example.gov.cn/{id}
    - kind: sms
      number: "10690000"
      format: 编辑“投+编号”发送，如“投7”
  rules:
    - 每个手机号每天限投1票，每票限选1名候选人。
    - 严禁刷票、买票，一经查实取消候选资格。
  limits:
    per_phone_per_day: 1
  several_codes: reject
"""

CODES_HEADER = "# 投票编号：由系统分配并记录在此，以免以后重新编号。请勿修改，随内容一起提交。\n"


def person_md(person: Person) -> str:
    lines = [
        "---",
        "kind: person",
        f"name: {person.name}",
        f"unit: {person.unit}",
        f"position: {person.position}",
        f"gender: {person.gender}",
        f"born: {person.born}",
        f"ethnicity: {person.ethnicity}",
        f"political_status: {'中共党员' if person.party else '群众'}",
    ]
    if person.joined_party:
        lines.append(f"joined_party: {person.joined_party.isoformat()}")
    if person.branch:
        lines.append(f"branch: {person.branch}")
    if person.honours:
        lines.append("honours:")
        lines += [f"  - {h}" for h in person.honours]
    lines += ["private:", f'  phone: "{person.phone}"', "---", person.intro]
    return "\n".join(lines) + "\n"


def campaign_md(campaign: Campaign) -> str:
    lines = [
        "---",
        f"title: {campaign.title}",
        f"short_title: {campaign.short_title}",
        f"year: {campaign.year}",
        f"issuer: {CENTRE}",
        f"document_no: 示政务发〔{campaign.year}〕{campaign.published.day + 10}号",
        f"published: {campaign.published.isoformat()}",
        "categories:",
    ]
    for c in campaign.categories:
        lines += [
            f"  - id: {c.id}",
            f"    name: {c.name}",
            "    kind: person",
            f"    quota: {c.quota}",
            "    unit_quota:",
            c.unit_quota,
        ]
        if c.party:
            lines += ["    requires:", "      political_status: [中共党员]", "      party_years: 1"]
        lines += ["    deeds:", "      min: 300", "      max: 1200"]
        if campaign.stage == "publicity":
            lines += ["    title_required: true", "    subtitle_required: true"]
        lines += [
            "    criteria:",
            "      - 政治坚定，爱岗敬业，模范遵守各项规章制度。",
            "      - 业务精通，服务热情，做到“一口清”“零积压”“零投诉”。",
        ]
    lines += ["timeline:", campaign.timeline]
    if campaign.voting:
        lines.append(VOTING.format(id=campaign.id).rstrip("\n"))
    lines += [
        "veto:",
        "  - 被新闻媒体负面报道、造成不良影响的；",
        "  - 被群众投诉且经核实确有过错的。",
        "contacts:",
        "  - name: 机关党委办公室",
        "    phone: 0000-12345682",
        "---",
    ]
    published = f"{campaign.published.year}年{campaign.published.month}月{campaign.published.day}日"
    notice = NOTICE.format(centre=CENTRE, short=campaign.short_title, published=published)
    return "\n".join(lines) + "\n" + notice


def nomination_md(m: Nomination, campaign: Campaign) -> str:
    lines = ["---", f"category: {m.category}"]
    if campaign.stage == "publicity":
        lines += [f"title: {m.title}", f"subtitle: {m.subtitle}"]
    lines.append(f"status: {m.status}")
    if m.result:
        lines.append(f"result: {m.result}")
    if m.status == "vetoed":
        lines.append("veto_reason: 经核实，评选期间有群众有效投诉。")
    lines.append("---")
    return "\n".join(lines) + "\n" + m.story + "\n"


def nomination_path(root: Path, m: Nomination) -> Path:
    return root / "content" / "campaigns" / m.campaign / f"{m.person.id}.md"


def write_ours(c: Centre, root: Path) -> None:
    """mkdocs.yml and content/ for the honours plugin."""
    content = root / "content"
    write(root / "mkdocs.yml", OURS_YML)
    write(content / "organisation.yml", ORGANISATION)
    write(
        content / "index.md",
        f"{CENTRE}“光荣榜”集中展示中心及各街镇便民服务中心开展的评选表彰活动。\n\n"
        "> 本站为基准测试站点，所有单位、人物、事迹、电话和网址均为虚构。\n",
    )
    units = ["# 基准测试数据：单位均为虚构。", "units:"]
    for u in c.units:
        units += [f"  - id: {u.id}", f"    name: {u.name}", f"    kind: {u.kind}"]
        if u.floor:
            units.append(f'    floor: "{u.floor}"')
        units.append(f"    staff: {u.staff}")
        if u.parent:
            units.append(f"    parent: {u.parent}")
    write(content / "units.yml", "\n".join(units) + "\n")
    for person in c.people:
        write(content / "people" / f"{person.id}.md", person_md(person))
    for campaign in c.campaigns:
        folder = content / "campaigns" / campaign.id
        write(folder / "index.md", campaign_md(campaign))
        mine = [m for m in c.nominations if m.campaign == campaign.id]
        for m in mine:
            write(nomination_path(root, m), nomination_md(m, campaign))
        if campaign.voting:  # the lock file a previous build would have written
            codes = [f"  {m.person.id}: {m.code}" for m in mine if m.code is not None]
            write(folder / "codes.yml", CODES_HEADER + "codes:\n" + "\n".join(codes) + "\n")


BLOG_YML = f"""\
site_name: {CENTRE}光荣榜（博客对照）
site_url: {SITE_URL}
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
  features:
    - navigation.top
plugins:
  - search
  - blog:
      authors_profiles: true
nav:
  - index.md
  - blog/index.md
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
"""


def write_blog(c: Centre, root: Path) -> None:
    """Material's blog plugin: one post per published nomination, the people as authors."""
    docs = root / "docs"
    write(root / "mkdocs.yml", BLOG_YML)
    write(docs / "index.md", f"# {CENTRE}光荣榜\n\n本站为基准测试站点，内容均为虚构。\n")
    write(docs / "blog" / "index.md", "# 事迹\n")
    campaigns = {k.id: k for k in c.campaigns}
    authors = ["authors:"]
    for person in c.people:
        authors += [
            f"  {person.id}:",
            f"    name: {person.name}",
            f"    description: {c.unit_names[person.unit]}{person.position}",
            "    avatar: /assets/avatar.png",
        ]
    write(docs / "blog" / ".authors.yml", "\n".join(authors) + "\n")
    for m in c.nominations:
        if not m.published:
            continue
        campaign = campaigns[m.campaign]
        post = [
            "---",
            f"date: {campaign.deadline.isoformat()}",
            "authors:",
            f"  - {m.person.id}",
            f"slug: {m.campaign}-{m.person.id}",
            "---",
            f"# {m.person.name}：{m.title}",
            "",
            m.story,
        ]
        write(docs / "blog" / "posts" / f"{m.campaign}-{m.person.id}.md", "\n".join(post) + "\n")


PLAIN_YML = f"""\
site_name: {CENTRE}光荣榜（MkDocs 对照）
site_url: {SITE_URL}
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
  features:
    - navigation.top
plugins:
  - search
nav:
  - index.md
not_in_nav: |
  /pages/
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
"""


def write_plain(c: Centre, root: Path, pages: int) -> None:
    """Plain MkDocs with Material: `pages` pages in all (the home page and pages - 1 stories,
    the nominations' stories over again as needed), all but the home page out of the nav."""
    docs = root / "docs"
    write(root / "mkdocs.yml", PLAIN_YML)
    write(docs / "index.md", f"# {CENTRE}光荣榜\n\n本站为基准测试站点，内容均为虚构。\n")
    stories = [m for m in c.nominations if m.published]
    for k in range(pages - 1):
        m = stories[k % len(stories)]
        text = f"# {m.person.name}：{m.title}\n\n{m.story}\n"
        write(docs / "pages" / f"page-{k + 1:05d}.md", text)


if __name__ == "__main__":
    count, folder = int(sys.argv[1]), Path(sys.argv[2])
    write_ours(centre(count), folder)
    print(f"wrote {folder / 'mkdocs.yml'} and {folder / 'content'}")
