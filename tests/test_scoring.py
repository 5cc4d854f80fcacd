"""Combined scoring (综合评议): the committee's score sheets read from real files, with their
exact messages and places, and the combination checked against a reference implementation."""

from __future__ import annotations

import random
import shutil
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import load
from generator.model.records import Content
from generator.model.scoring import Normalise, Scoring, TieBreak
from generator.site.files import is_source_file
from generator.sources.problems import Problems
from generator.voting.reviews import Reviews, read_reviews
from generator.voting.scoring import combine, hundredths, rule_text, shown

from .conftest import (
    CAMPAIGN,
    MKDOCS_YML,
    NOMINATIONS,
    ORGANISATION,
    PEOPLE,
    STORY,
    UNITS,
    SiteProject,
    jpeg,
)

SCORED = "campaigns/2026-scored"
REVIEW = f"{SCORED}/review"
SCORED_INDEX = """\
---
title: 关于开展2026年度“服务之星”评选活动的通知
short_title: 2026年度服务之星
year: 2026
issuer: 测试市政务服务中心
published: 2026-11-01
categories:
  - id: stars
    name: 服务之星
    kind: person
    quota: 2
  - id: windows
    name: 服务窗口
    kind: window
    quota: 1
timeline:
  nomination: {start: 2026-11-02, end: 2026-11-05}
  voting: {start: 2026-11-10T09:00+08:00, end: 2026-11-18T18:00+08:00}
  publicity: {start: 2026-11-20, end: 2026-11-27}
voting:
  channels:
    - kind: online
      name: 测试政务平台
      url: https://vote.example.org/2026
  rules:
    - 群众投票结果与评审意见综合计算，各占50%。
scoring: {votes: 50, review: 50, public: true}
---
各单位：现将评选方案印发给你们。
"""
MORE_PEOPLE = {
    "zhao-min": "---\nname: 赵敏\nunit: hall\n---\n",
    "li-hua-2": "---\nname: 李华\nunit: hall\n---\n",
    "help-window": "---\nkind: window\nname: 帮办窗口\nunit: tax-window\n---\n",
}
# file id -> (category, code): 1 王晓明, 2 李华, 3 赵敏, 4 李华 (another), 5 税务综合窗口, 6 帮办窗口
SCORED_NOMINATIONS = {
    "wang-xiaoming": ("stars", 1),
    "li-hua": ("stars", 2),
    "zhao-min": ("stars", 3),
    "li-hua-2": ("stars", 4),
    "tax-window": ("windows", 5),
    "help-window": ("windows", 6),
}
CODES = "1、2、3、4、5、6"
CANDIDATES = (
    "王晓明（1号）、李华（2号）、赵敏（3号）、李华（4号）、税务综合窗口（5号）、帮办窗口（6号）"
)
STARS, WINDOWS = (1, 2, 3, 4), (5, 6)


def small_project(root: Path) -> SiteProject:
    """conftest's `project` (the fixture's files), and a campaign with `scoring:` and six
    candidates, two of them named 李华."""
    site = SiteProject(root)
    root.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    site.write("organisation.yml", ORGANISATION)
    site.write("units.yml", UNITS)
    for person_id, text in {**PEOPLE, **MORE_PEOPLE}.items():
        site.write(f"people/{person_id}.md", text)
    site.write("people/photos/wang.jpg", jpeg())
    site.write("campaigns/2026-model-post/index.md", CAMPAIGN)
    for nominee, text in NOMINATIONS.items():
        site.write(f"campaigns/2026-model-post/{nominee}.md", text)
    site.write(f"{SCORED}/index.md", SCORED_INDEX)
    for file_id, (category, code) in SCORED_NOMINATIONS.items():
        site.write(
            f"{SCORED}/{file_id}.md",
            f"---\ncategory: {category}\ncode: {code}\nstatus: candidate\n---\n{STORY}\n",
        )
    return site


def sheet(*rows: str) -> str:
    return "".join(f"{row}\n" for row in rows)


def full(judge_column: str = "", skip: tuple[int, ...] = ()) -> list[str]:
    """Rows scoring every candidate (code,score), each judge's 80 + code."""
    return [f"{judge_column}{code},{80 + code}" for code in (*STARS, *WINDOWS) if code not in skip]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteProject, Content]:
    site = small_project(tmp_path_factory.mktemp("scoring") / "project")
    result = load(site.content)[0]
    assert result.content is not None and result.problems.errors == [], result.problems.report()
    return site, result.content


def review(
    loaded: tuple[SiteProject, Content],
    files: Mapping[str, str | bytes],
    today: date | None = None,
    campaign: str = "2026-scored",
) -> tuple[Reviews | None, list[str]]:
    """The reviews read from `files` (written fresh into the campaign's review/), and every
    problem as `honours check` prints it (paths from content/)."""
    site, content = loaded
    folder = site.content / "campaigns" / campaign / "review"
    shutil.rmtree(folder, ignore_errors=True)
    for name, text in files.items():
        site.write(f"campaigns/{campaign}/review/{name}", text)
    problems = Problems()
    found = read_reviews(content, content.campaigns[campaign], problems, today)
    return found, [p.format(site.content) for p in problems.items]


# -- reading the sheets ---------------------------------------------------------------------------


def test_one_file_per_judge_and_the_mean_kept_exact(loaded: tuple[SiteProject, Content]) -> None:
    files = {
        "评委甲.csv": sheet(
            "编号,姓名,得分", "1,王晓明,90", "2,李华,85.5", "3,赵敏,８８", "4,,70分"
        )
        + sheet("5,,91.25", "6,帮办窗口,90"),
        # GBK, as Excel writes “CSV（逗号分隔）” on Chinese Windows; CRLF; a code as 2号
        "评委乙.csv": "编号,得分\r\n1,91\r\n2号,86\r\n3,89\r\n4,71\r\n5,92\r\n6,90\r\n".encode(
            "gbk"
        ),
        "评委丙.csv": "\ufeff"
        + sheet("姓名,编号,得分", "王晓明,1,92", "李华,2,87", "赵敏,3,90", "李华,4,72"),
    }
    found, problems = review(loaded, files)
    assert problems == []
    assert found is not None
    assert found.means == {
        1: Fraction(91),
        2: Fraction(517, 6),  # (85.5 + 86 + 87) / 3 = 86.1666…, kept exact
        3: Fraction(89),
        4: Fraction(71),
        5: Fraction(733, 8),  # (91.25 + 92) / 2
        6: Fraction(90),
    }
    assert found.judges == {"stars": 3, "windows": 2}


def test_one_sheet_with_a_judge_column(loaded: tuple[SiteProject, Content]) -> None:
    rows = [*full("甲,"), *full("乙,")]
    found, problems = review(loaded, {"评审汇总.csv": sheet("评委,编号,得分", *rows)})
    assert problems == []
    assert found is not None and found.means == {code: Fraction(80 + code) for code in range(1, 7)}
    assert found.judges == {"stars": 2, "windows": 2}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("99,80", f"2:1: 错误：编号“99”不是本活动候选人的编号（候选人编号：{CODES}）"),
        ("一号,80", f"2:1: 错误：编号“一号”应写作数字（候选人编号：{CODES}）"),
        ("1,101", "2:3: 错误：得分应在 0 到 100 之间（现为 101）"),
        ("1,-1", "2:3: 错误：得分应在 0 到 100 之间（现为 -1）"),
        ("1,九十", "2:3: 错误：得分“九十”不是数字"),
        ("1,85.125", "2:3: 错误：得分最多保留两位小数（现为 85.125）"),
        ("1,", "2:3: 错误：缺少得分"),
        (",80", "2:1: 错误：缺少候选人的编号或姓名"),
    ],
)
def test_a_bad_cell_is_reported_at_its_place(
    loaded: tuple[SiteProject, Content], row: str, message: str
) -> None:
    found, problems = review(loaded, {"甲.csv": sheet("编号,得分", row, *full(skip=(1,)))})
    assert found is None
    where = f"{REVIEW}/甲.csv:"
    # a row that names no candidate leaves the judge without a score for 王晓明 too
    missing = (
        f"{where}3:1: 错误：评委“甲”没有给“服务之星”的候选人王晓明（1号）评分："
        "评委须为所评类别的每位候选人打分"
    )
    expected = [where + message] + ([missing] if not row.startswith("1,") else [])
    assert problems == expected


def test_names_unknown_ambiguous_or_not_matching_the_code(
    loaded: tuple[SiteProject, Content],
) -> None:
    files = {
        "甲.csv": sheet("姓名,得分", "王小明,90", "李华,80", "赵敏,80"),
        "乙.csv": sheet("编号,姓名,得分", "1,赵敏,90"),
    }
    found, problems = review(loaded, files)
    assert found is None
    assert problems == [
        f"{REVIEW}/乙.csv:2:3: 错误：姓名“赵敏”与编号 1 的候选人“王晓明”不一致：请核对编号",
        f"{REVIEW}/甲.csv:2:1: 错误：“王小明”不是本活动的候选人，您是否想写“王晓明”？"
        f"候选人有：{CANDIDATES}",
        f"{REVIEW}/甲.csv:3:1: 错误：姓名“李华”对应多位候选人：李华（2号）、李华（4号），"
        "请加上“编号”列区分",
        f"{REVIEW}/甲.csv:4:1: 错误：评委“甲”没有给“服务之星”的候选人王晓明（1号）、李华（2号）、"
        "李华（4号）评分：评委须为所评类别的每位候选人打分",
    ]


def test_a_judge_scoring_a_candidate_twice(loaded: tuple[SiteProject, Content]) -> None:
    files = {
        "汇总.csv": sheet("评委,编号,得分", *full("甲,"), *full("乙,"), "乙,6,70"),
        "甲.csv": sheet("编号,得分", "1,95"),
    }
    found, problems = review(loaded, files)
    assert found is None
    assert problems == [
        f"{REVIEW}/汇总.csv:14:3: 错误：评委“乙”已在第 13 行给帮办窗口（6号）评过分："
        "同一评委对同一候选人只能评一次",
        f"{REVIEW}/甲.csv:2:1: 错误：评委“甲”已在汇总.csv 第 2 行给王晓明（1号）评过分："
        "同一评委对同一候选人只能评一次",
    ]


def test_a_judge_who_misses_a_candidate_of_a_category_they_score(
    loaded: tuple[SiteProject, Content],
) -> None:
    files = {
        "甲.csv": sheet("编号,得分", *full(skip=(3, 4))),
        "乙.csv": sheet("编号,得分", "1,80", "2,80", "3,80", "4,80"),  # no windows: fine
        "丙.csv": sheet("评委,编号,得分", "丙,5,80", ",6,80"),
    }
    found, problems = review(loaded, files)
    assert found is None
    assert problems == [
        f"{REVIEW}/丙.csv:2:1: 错误：评委“丙”没有给“服务窗口”的候选人帮办窗口（6号）评分："
        "评委须为所评类别的每位候选人打分",
        f"{REVIEW}/丙.csv:3:1: 错误：缺少评委",
        f"{REVIEW}/甲.csv:2:1: 错误：评委“甲”没有给“服务之星”的候选人赵敏（3号）、李华（4号）评分："
        "评委须为所评类别的每位候选人打分",
    ]


def test_headers(loaded: tuple[SiteProject, Content]) -> None:
    files = {
        "甲.csv": sheet("序号,候选,分", "1,王晓明,90"),
        "乙.csv": sheet("编号,得分,Score", "1,90,90"),
    }
    found, problems = review(loaded, files)
    assert found is None
    assert problems == [
        f"{REVIEW}/乙.csv:1:1: 错误：有多列都可作“得分”：第 2 列“得分”、第 3 列“Score”，请只留一列",
        f"{REVIEW}/甲.csv:1:1: 错误：缺少“得分”列（表头可写：得分、score、评分、分数、评审得分）",
        f"{REVIEW}/甲.csv:1:1: 错误：缺少“编号”或“姓名”列"
        "（表头可写：编号、code、候选人编号、投票编号、姓名、name、名称、候选人）",
    ]


def test_files_that_are_not_sheets(loaded: tuple[SiteProject, Content]) -> None:
    files: dict[str, str | bytes] = {
        "甲.csv": sheet("编号,得分", *full()),
        "乙.xlsx": b"PK\x03\x04 a workbook",
        "说明.txt": "评委名单见纸质材料",
        "丙.csv": b"PK\x03\x04 saved as .csv",
        "丁.csv": sheet("编号,得分", '1,"90'),
    }
    found, problems = review(loaded, files)
    assert found is None
    assert problems == [
        f"{REVIEW}/丁.csv:2:3: 错误：CSV 格式有误：引号没有闭合（从这里起直到文件末尾都在引号里）",
        f"{REVIEW}/丙.csv:1:1: 错误：是 Excel 工作簿，不是 CSV：请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”",
        f"{REVIEW}/乙.xlsx:1:1: 错误：是 Excel 工作簿，不是 CSV：请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”",
        f"{REVIEW}/说明.txt:1:1: 警告：不是评审得分表，已忽略：评审得分表应为 CSV 文件"
        "（Excel 中“另存为”“CSV UTF-8（逗号分隔）”）",
    ]


NO_SHEETS = (
    f"{REVIEW}:1:1: 错误：评选活动采用综合评议（scoring:），投票已于2026年11月18日结束，"
    "但还没有评审得分：请把评委的评分表（CSV 文件）放在 review/ 文件夹中，格式见 docs/votes.md"
)


@pytest.mark.parametrize(
    "files",
    [{}, {"甲.csv": ""}, {"甲.csv": sheet("编号,得分")}],
    ids=["no folder", "empty file", "header only"],
)
def test_no_sheets_is_fine_until_the_vote_has_ended(
    loaded: tuple[SiteProject, Content], files: dict[str, str]
) -> None:
    assert review(loaded, files, date(2026, 11, 18)) == (None, [])  # the last day of the vote
    assert review(loaded, files) == (None, [])  # honours tally: not yet scored
    assert review(loaded, files, date(2026, 11, 19)) == (None, [NO_SHEETS])


def test_a_category_nobody_scored_once_the_vote_has_ended(
    loaded: tuple[SiteProject, Content],
) -> None:
    files = {"甲.csv": sheet("编号,得分", "1,90", "2,90", "3,90", "4,90")}
    found, problems = review(loaded, files, date(2026, 11, 25))
    assert found is None
    assert problems == [
        f"{REVIEW}:1:1: 错误：评审得分表中没有“服务窗口”的评分：采用综合评议的活动，"
        "每个类别的候选人都要有评审得分"
    ]
    found, problems = review(loaded, files, date(2026, 11, 15))  # still voting: in progress
    assert problems == [] and found is not None and found.judges == {"stars": 1, "windows": 0}


def test_sheets_of_a_campaign_without_scoring_are_ignored(
    loaded: tuple[SiteProject, Content],
) -> None:
    found, problems = review(
        loaded,
        {"甲.csv": sheet("编号,得分", "7,90"), "乙.xlsx": b"PK\x03\x04"},
        campaign="2026-model-post",
    )
    assert found is None
    assert problems == [
        "campaigns/2026-model-post/review:1:1: 警告：评选活动没有设置综合评议（scoring:），"
        "review/ 中的评审得分表不会使用，已忽略"
    ]


def test_score_sheets_are_never_published() -> None:
    assert is_source_file("campaigns/2026-scored/review/评委1.csv")
    assert is_source_file("campaigns/2026-scored/review/评审汇总.CSV")


# -- the combination ------------------------------------------------------------------------------


def test_the_demo_rule_in_words() -> None:
    assert rule_text(Scoring(50, 50)) == (
        "群众投票占50%，评审占50%，按最高分折算为100分；综合得分相同时得票多者在前，再相同时编号小者在前"
    )
    assert rule_text(Scoring(2, 1, Normalise.RANK_POINTS, TieBreak.REVIEW)) == (
        "群众投票占66.67%，评审占33.33%，按名次计分（n 名候选人中第 k 名得 (n−k+1)÷n×100 分，"
        "并列者同分）；综合得分相同时评审得分高者在前，再相同时编号小者在前"
    )


def test_a_worked_example() -> None:
    """docs/votes.md's example: 50/50, ties by votes, a quota of 2."""
    votes = {1: 1200, 2: 1000, 3: 600}
    reviews = {1: Fraction(78), 2: Fraction(95), 3: Fraction(90)}
    rows = combine(Scoring(50, 50), votes, reviews, 2)
    assert [
        (r.rank, r.code, shown(r.vote_part), shown(r.review_part), shown(r.combined), r.proposed)
        for r in rows
    ] == [
        (1, 2, "83.33", "100.00", "91.67", True),
        (2, 1, "100.00", "82.11", "91.05", True),
        (3, 3, "50.00", "94.74", "72.37", False),
    ]
    points = combine(Scoring(50, 50, Normalise.RANK_POINTS), votes, reviews, 2)
    assert [(r.code, r.vote_part, r.review_part, r.combined) for r in points] == [
        (2, Fraction(200, 3), Fraction(100), Fraction(250, 3)),
        (1, Fraction(100), Fraction(100, 3), Fraction(200, 3)),
        (3, Fraction(100, 3), Fraction(200, 3), Fraction(50)),
    ]


def test_ties_and_rounding() -> None:
    # equal combined scores: more votes first (ties: votes), else higher review (ties: review)
    votes, reviews = {4: 100, 9: 50}, {4: Fraction(50), 9: Fraction(100)}
    assert [r.code for r in combine(Scoring(1, 1), votes, reviews, None)] == [4, 9]
    assert [r.code for r in combine(Scoring(1, 1, ties=TieBreak.REVIEW), votes, reviews, 1)] == [
        9,
        4,
    ]
    # equal in everything: the lower code; competition ranks share points (1, 2, 2, 4)
    same = combine(Scoring(1, 1, Normalise.RANK_POINTS), {8: 5, 3: 5, 5: 9, 1: 1}, {}, 4)
    assert [(r.code, r.vote_part) for r in same] == [
        (5, 100),
        (3, 75),
        (8, 75),
        (1, 25),
    ]
    assert all(r.review_part == 100 for r in same)  # no review scores: every part is 0, rank 1
    # a top of 0 gives 0, not a division by zero
    assert {r.vote_part for r in combine(Scoring(1, 1), {1: 0, 2: 0}, {}, 1)} == {0}
    assert hundredths(Fraction(12345, 1000)) == Fraction(1235, 100)  # half up: 12.345 → 12.35
    assert shown(Fraction(2, 3) * 100) == "66.67" and shown(Fraction(5)) == "5.00"


# -- properties -----------------------------------------------------------------------------------

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reference(
    weights: tuple[int, int],
    normalise: str,
    ties: str,
    votes: Mapping[int, int],
    reviews: Mapping[int, Fraction],
    quota: int | None,
) -> list[tuple[int, Fraction, int, bool]]:
    """The rule as docs/votes.md states it, written again from the words."""
    codes = sorted(set(votes) | set(reviews))
    v = {c: Fraction(votes.get(c, 0)) for c in codes}
    r = {c: reviews.get(c, Fraction(0)) for c in codes}

    def scaled(values: dict[int, Fraction]) -> dict[int, Fraction]:
        if normalise == "top_share":
            top = max(values.values())
            return {c: 100 * x / top if top > 0 else Fraction(0) for c, x in values.items()}
        n = len(values)
        rank = {c: 1 + sum(1 for y in values.values() if y > x) for c, x in values.items()}
        return {c: Fraction(100 * (n - rank[c] + 1), n) for c in values}

    sv, sr = scaled(v), scaled(r)
    total = {c: (weights[0] * sv[c] + weights[1] * sr[c]) / sum(weights) for c in codes}
    second = v if ties == "votes" else r
    order = sorted(codes, key=lambda c: (-total[c], -second[c], c))
    return [(c, total[c], i + 1, quota is not None and i < quota) for i, c in enumerate(order)]


scorings = st.builds(
    Scoring,
    votes=st.integers(0, 5),
    review=st.integers(0, 5),
    normalise=st.sampled_from(list(Normalise)),
    ties=st.sampled_from(list(TieBreak)),
).filter(lambda s: s.votes + s.review > 0)
codes = st.integers(1, 40)
vote_maps = st.dictionaries(codes, st.integers(0, 30), min_size=1, max_size=12)
review_maps = st.dictionaries(codes, st.integers(0, 10_000).map(lambda n: Fraction(n, 100)))
quotas = st.none() | st.integers(1, 15)


@PROPERTY
@given(scorings, vote_maps, review_maps, quotas, st.randoms(use_true_random=False))
def test_property_combine_matches_the_reference_and_keeps_the_quota(
    scoring: Scoring,
    votes: dict[int, int],
    reviews: dict[int, Fraction],
    quota: int | None,
    rng: random.Random,
) -> None:
    rows = combine(scoring, votes, reviews, quota)
    n = len(set(votes) | set(reviews))
    proposed = [row for row in rows if row.proposed]
    assert len(proposed) == (0 if quota is None else min(quota, n))  # never over the quota
    assert proposed == rows[: len(proposed)]
    assert [row.rank for row in rows] == list(range(1, n + 1))
    for row in rows:
        assert 0 <= row.vote_part <= 100 and 0 <= row.review_part <= 100
        assert 0 <= row.combined <= 100
    expected = reference(
        (scoring.votes, scoring.review),
        scoring.normalise.value,
        scoring.ties.value,
        votes,
        reviews,
        quota,
    )
    assert [(r.code, r.combined, r.rank, r.proposed) for r in rows] == expected
    # the order the rows come in changes nothing
    shuffled_votes = list(votes.items())
    shuffled_reviews = list(reviews.items())
    rng.shuffle(shuffled_votes)
    rng.shuffle(shuffled_reviews)
    assert combine(scoring, dict(shuffled_votes), dict(shuffled_reviews), quota) == rows


judges = st.lists(
    st.sampled_from(["甲", "乙", "丙", "丁", "评委5"]), min_size=1, max_size=4, unique=True
)
NAMES = {1: "王晓明", 3: "赵敏", 5: "税务综合窗口", 6: "帮办窗口"}  # 2 and 4 are both 李华


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    judges,
    st.data(),
    st.randoms(use_true_random=False),
    st.sampled_from(["utf-8", "utf-8-sig", "gbk"]),
)
def test_property_sheets_in_any_order_and_split_give_the_same_scores(
    loaded: tuple[SiteProject, Content],
    panel: list[str],
    data: st.DataObject,
    rng: random.Random,
    encoding: str,
) -> None:
    """The same scores as one sheet with a 评委 column, as one file per judge, or split into
    files at random; rows in random order, by code or by name: the same means, the same
    combined ranking as the scores themselves give."""
    scores = {
        (judge, code): Fraction(data.draw(st.integers(0, 10_000)), 100)
        for judge in panel
        for code in range(1, 7)
    }

    def row(judge: str | None, key: tuple[str, int]) -> str:
        """评委 (when the sheet has the column), 姓名 or 编号 (one of them), 得分."""
        code = key[1]
        by_name = code in NAMES and rng.random() < 0.5
        cells = [NAMES[code] if by_name else "", "" if by_name else str(code), shown(scores[key])]
        return ",".join([judge, *cells] if judge is not None else cells)

    keys = list(scores)
    rng.shuffle(keys)
    forms: list[dict[str, str]] = [
        {"汇总.csv": sheet("评委,姓名,编号,得分", *(row(key[0], key) for key in keys))},
        {
            f"{judge}.csv": sheet("姓名,编号,得分", *(row(None, k) for k in keys if k[0] == judge))
            for judge in panel
        },
    ]
    parts = data.draw(st.integers(1, 4))
    split = {f"part{index}.csv": "评委,姓名,编号,得分\n" for index in range(parts)}
    for index, key in enumerate(keys):
        split[f"part{index % parts}.csv"] += row(key[0], key) + "\n"
    forms.append(split)
    means = {
        code: sum((scores[(judge, code)] for judge in panel), Fraction(0)) / len(panel)
        for code in range(1, 7)
    }
    votes = {code: data.draw(st.integers(0, 50)) for code in STARS}
    expected = combine(Scoring(50, 50), votes, {c: means[c] for c in STARS}, 2)
    for files in forms:
        found, problems = review(
            loaded, {name: text.encode(encoding) for name, text in files.items()}
        )
        assert problems == [] and found is not None
        assert found.means == means
        assert combine(Scoring(50, 50), votes, {c: found.means[c] for c in STARS}, 2) == expected
