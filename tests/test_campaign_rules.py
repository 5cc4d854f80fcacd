"""Issue 14's nomination rules: the two texts (summary and story), the deadline, the review
trail, the third person, grades, and eligibility by years at the centre and roles. Each with
its exact Chinese message at its file:line:column, every problem of a project in one run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import load
from generator.model.records import Deeds
from generator.model.storyrules import INSTITUTIONAL, NOT_A_PRONOUN, first_person
from generator.sources.textcount import count_characters

from .conftest import REPO, STORY, SiteProject, honours_in

CAMPAIGN = "campaigns/2026-model-post/index.md"
WANG = "campaigns/2026-model-post/wang-xiaoming.md"
WINDOW = "campaigns/2026-model-post/tax-window.md"
DEEDS = "    deeds: {min: 100, max: 800, recommended: 150}\n"


def messages(project: SiteProject) -> list[str]:
    result = load(project.content)[0]
    return [p.format(project.root) for p in result.problems.items]


def nominate(project: SiteProject, front: str, story: str = STORY, file: str = WANG) -> None:
    """The nomination's front matter (its first key on line 2) and story (after it)."""
    project.write(file, f"---\n{front}---\n{story}\n")


def add_to_campaign(project: SiteProject, after: str, lines: str) -> None:
    project.edit(CAMPAIGN, after, after + lines)


# -- 1. Two texts ---------------------------------------------------------------------------------

SUMMARY_RULE = "    summary: {min: 20, max: 60, recommended: 30}\n"
FRONT = "category: model-post\ncode: 7\nstatus: candidate\n"


def test_a_summary_rule_asks_for_a_summary_and_renames_the_story(project: SiteProject) -> None:
    add_to_campaign(project, DEEDS, SUMMARY_RULE)
    nominate(project, FRONT, "太短了。")
    assert messages(project) == [
        f"content/{WANG}:2:1: 错误：事迹材料只有 3 字，类别“优秀党员示范岗”要求至少 100 字",
        f"content/{WANG}:2:1: 错误：类别“优秀党员示范岗”要求填写主要事迹（20—60字）：缺少字段“summary”",
    ]


@pytest.mark.parametrize(
    ("length", "message"),
    [
        (10, "错误：主要事迹只有 10 字，类别“优秀党员示范岗”要求至少 20 字"),
        (61, "错误：主要事迹有 61 字，类别“优秀党员示范岗”要求不超过 60 字"),
        (25, "警告：主要事迹只有 25 字，类别“优秀党员示范岗”建议 30 字左右"),
        (30, None),
        (60, None),
    ],
)
def test_the_summary_is_counted_against_its_rule(
    project: SiteProject, length: int, message: str | None
) -> None:
    add_to_campaign(project, DEEDS, SUMMARY_RULE)
    summary = "服务，" * (length // 2) + "群" * (length % 2)  # punctuation does not count
    assert count_characters(summary) == length
    nominate(project, f"{FRONT}summary: {summary}\n")
    assert messages(project) == ([f"content/{WANG}:5:10: {message}"] if message else [])


def test_a_block_summary_is_counted_without_its_line_breaks(project: SiteProject) -> None:
    add_to_campaign(project, DEEDS, SUMMARY_RULE)
    nominate(project, f"{FRONT}summary: |\n  {'甲' * 15}\n  {'乙' * 10}\n")
    assert messages(project) == [
        f"content/{WANG}:5:10: 警告：主要事迹只有 25 字，类别“优秀党员示范岗”建议 30 字左右"
    ]


def test_a_summary_without_a_rule_is_not_checked(project: SiteProject) -> None:
    nominate(project, f"{FRONT}summary: 短。\n")
    assert messages(project) == []


def test_a_rule_without_a_minimum_does_not_ask_for_a_summary(project: SiteProject) -> None:
    add_to_campaign(project, DEEDS, "    summary: {max: 400}\n")
    nominate(project, FRONT, "太短了。")
    assert messages(project) == [
        f"content/{WANG}:2:1: 错误：事迹材料只有 3 字，类别“优秀党员示范岗”要求至少 100 字"
    ]


def test_a_minimum_alone_is_named_in_words(project: SiteProject) -> None:
    add_to_campaign(project, DEEDS, "    summary: {min: 200}\n")
    assert messages(project) == [
        f"content/{WANG}:2:1: 错误：类别“优秀党员示范岗”要求填写主要事迹（不少于200字）：缺少字段“summary”"
    ]


def test_the_story_is_still_the_main_deeds_without_a_summary_rule(project: SiteProject) -> None:
    nominate(project, f"{FRONT}summary: {'服务' * 20}\n", "太短了。")
    assert messages(project) == [
        f"content/{WANG}:2:1: 错误：主要事迹只有 3 字，类别“优秀党员示范岗”要求至少 100 字"
    ]


def test_a_vetoed_nomination_needs_no_summary(project: SiteProject) -> None:
    add_to_campaign(project, DEEDS, SUMMARY_RULE)
    nominate(project, f"{FRONT}summary: {'服务' * 15}\n")
    assert messages(project) == []  # li-hua, vetoed, has no summary: never published


# -- 2. The deadline ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            "submitted: 2026-11-12\n",
            "content/{f}:5:12: 错误：于 2026-11-12 报送，晚于推荐截止日 2026-11-10：逾期视为自动放弃；"
            "如经同意补报，请写 accepted_late（理由）",
        ),
        ("submitted: 2026-11-12\naccepted_late: 因参加全市业务培训，经机关党委同意补报\n", None),
        ("submitted: 2026-11-10\n", None),
        ("submitted: 2026-11-02\n", None),
        (
            "accepted_late: 经同意补报\n",
            "content/{f}:5:16: 警告：字段“accepted_late”不起作用：没有写报送日期（submitted）",
        ),
        (
            "submitted: 2026-11-08\naccepted_late: 经同意补报\n",
            "content/{f}:6:16: 警告：字段“accepted_late”不起作用：于 2026-11-08 报送，未晚于推荐截止日 2026-11-10",
        ),
        (
            "submitted: 2026-10-30\n",
            "content/{f}:5:12: 警告：于 2026-10-30 报送，早于推荐开始日 2026-11-02，请核对报送日期",
        ),
    ],
)
def test_submitted_against_the_nomination_period(
    project: SiteProject, fields: str, expected: str | None
) -> None:
    nominate(project, FRONT + fields)
    assert messages(project) == ([expected.format(f=WANG)] if expected else [])


def test_a_withdrawn_late_nomination_has_given_up(project: SiteProject) -> None:
    nominate(project, "category: model-post\nstatus: withdrawn\nsubmitted: 2026-11-12\n")
    assert messages(project) == []


def test_without_a_nomination_period_submitted_is_not_checked(project: SiteProject) -> None:
    project.edit(CAMPAIGN, "  nomination: {start: 2026-11-02, end: 2026-11-10}\n", "")
    nominate(project, FRONT + "submitted: 2027-01-01\naccepted_late: 经同意\n")
    assert [m for m in messages(project) if "submitted" in m or "报送" in m] == []


# -- 3. The review trail --------------------------------------------------------------------------

REVIEW = """\
submitted: 2026-11-05
review:
  - by: 支委会审核
    date: {first}
    opinion: 同意推荐
  - by: 机关党委考评
    date: 2026-11-15
  - by: 党委会议
    date: {last}
    opinion: 同意表彰
"""


def test_a_review_in_time_has_no_problem(project: SiteProject) -> None:
    nominate(project, FRONT + REVIEW.format(first="2026-11-05", last="2026-12-02"))
    assert messages(project) == []


def test_a_step_before_the_form_was_submitted_is_usual(project: SiteProject) -> None:
    """经支委会审核后上报: the branch reviews the form before it reaches the organisers."""
    nominate(project, FRONT + REVIEW.format(first="2026-11-04", last="2026-11-18"))
    assert messages(project) == []


def test_a_step_before_nominations_open_is_a_warning_at_its_date(project: SiteProject) -> None:
    nominate(project, FRONT + REVIEW.format(first="2026-11-01", last="2026-11-18"))
    assert messages(project) == [
        f"content/{WANG}:8:11: 警告：字段“review”第 1 步“支委会审核”的日期 2026-11-01 早于推荐开始日 2026-11-02，请核对日期"
    ]


def test_a_step_after_the_publicity_starts_is_a_warning(project: SiteProject) -> None:
    nominate(project, FRONT + REVIEW.format(first="2026-11-05", last="2026-12-03"))
    assert messages(project) == [
        f"content/{WANG}:13:11: 警告：字段“review”第 3 步“党委会议”的日期 2026-12-03 晚于公示开始日 2026-12-02，审核应在公示前完成"
    ]


def test_without_a_publicity_the_vote_is_the_limit_in_its_own_word(project: SiteProject) -> None:
    project.edit(CAMPAIGN, "  publicity: {start: 2026-12-02, end: 2026-12-08}\n", "")
    nominate(project, FRONT + REVIEW.format(first="2026-11-05", last="2026-11-21"))
    assert messages(project) == [
        f"content/{WANG}:13:11: 警告：字段“review”第 3 步“党委会议”的日期 2026-11-21 晚于网络投票开始日 2026-11-20，审核应在网络投票前完成"
    ]
    project.edit(
        CAMPAIGN, "end: 2026-11-30T18:00+08:00}", "end: 2026-11-30T18:00+08:00, label: 群众评议}"
    )
    assert messages(project) == [
        f"content/{WANG}:13:11: 警告：字段“review”第 3 步“党委会议”的日期 2026-11-21 晚于群众评议开始日 2026-11-20，审核应在群众评议前完成"
    ]


def test_a_review_without_submitted_is_checked_against_the_timeline(
    project: SiteProject,
) -> None:
    review = REVIEW.replace("submitted: 2026-11-05\n", "")
    nominate(project, FRONT + review.format(first="2026-11-03", last="2026-11-18"))
    assert messages(project) == []


# -- 4. The third person --------------------------------------------------------------------------

THIRD = "她扎根窗口一线，热情服务群众，" * 12  # 156 characters that count


def test_a_story_in_the_first_person_is_a_warning_at_its_line(project: SiteProject) -> None:
    story = (
        f"{THIRD}\n\n她常说：“我们多跑腿，群众少跑路。”\n\n今年以来，我和同事们共受理业务3000余件。"
    )
    nominate(project, FRONT, story)
    assert messages(project) == [
        f"content/{WANG}:10:6: 警告：主要事迹应使用第三人称：第 10 行“今年以来，我和同事们共受理业……”"
    ]


def test_with_a_summary_rule_the_story_is_named_the_deeds_material(project: SiteProject) -> None:
    add_to_campaign(project, DEEDS, SUMMARY_RULE)
    summary = "她热情服务群众，我们窗口全年受理业务三千余件，群众满意率百分之百，获评先进窗口。"
    nominate(project, f"{FRONT}summary: {summary}\n", f"我在窗口工作十年。{THIRD}")
    assert messages(project) == [
        f"content/{WANG}:5:10: 警告：字段“summary”（主要事迹）应使用第三人称：“她热情服务群众，我们窗口全年受理业……”",
        f"content/{WANG}:7:1: 警告：事迹材料应使用第三人称：第 7 行“我在窗口工作十年。……”",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "她常说：“我们多跑腿，群众少跑路。”",
        "群众称赞她‘比我自己还上心’。",
        "老人说「我的事就是她的事」。",
        "她把『我为群众办实事』写在工作笔记上。",
        '她的口头禅是"我来办"。',
        "她常说：“有人问‘我该找谁’，就找我。”",
        "她坚持自我提高，忘我工作，舍小我、顾大我。",
        "我国、我省、我市、我区、我县、我局、我中心的政务服务改革中，她始终冲在前面。",
        "> 我为群众办实事，群众为我点赞。",
    ],
)
def test_quotations_and_institutions_do_not_warn(project: SiteProject, sentence: str) -> None:
    nominate(project, FRONT, f"{THIRD}\n\n{sentence}")
    assert messages(project) == []


def test_an_unclosed_quotation_ends_with_its_paragraph(project: SiteProject) -> None:
    nominate(project, FRONT, f"她说：“我们一起想办法。\n\n{THIRD}我们窗口")
    assert messages(project) == [
        f"content/{WANG}:8:181: 警告：主要事迹应使用第三人称：第 8 行“……，热情服务群众，我们窗口”"
    ]


def test_institutional_words_are_listed_in_the_module() -> None:
    assert {"我国", "我市", "我区", "我县", "我局", "我中心", "我省"} <= set(INSTITUTIONAL)
    assert "自我" in NOT_A_PRONOUN
    assert first_person("我委托同事代办。") is not None  # 委托 is a verb: 我 is the subject


def test_a_window_or_a_vetoed_person_is_not_checked_for_the_third_person(
    project: SiteProject,
) -> None:
    nominate(project, "category: window\nstatus: candidate\n", f"我们窗口{STORY}", file=WINDOW)
    project.edit("campaigns/2026-model-post/li-hua.md", "---\n他", "---\n我们说，他")
    assert messages(project) == []


QUOTES = [("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ('"', '"')]
INSIDE = "我们的他她工作群众，。、！？ 我国市自大小\n"
AROUND = "他她工作群众服务窗口，。、！？ 0123abc\n"


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=AROUND, max_size=30),
    st.sampled_from(QUOTES),
    st.text(alphabet=INSIDE, max_size=30),
    st.text(alphabet=AROUND, max_size=30),
)
def test_quoted_text_never_warns(
    before: str, quote: tuple[str, str], inside: str, after: str
) -> None:
    # one paragraph (no blank line): a quotation stays open to its end
    inside = "\n".join(line for line in inside.split("\n") if line.strip())
    assert first_person(f"{before}{quote[0]}{inside}{quote[1]}{after}") is None


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=AROUND, max_size=40),
    st.sampled_from(["我", "我们", "我的"]),
    st.text(alphabet=AROUND, max_size=40),
)
def test_a_pronoun_in_running_text_is_found_where_it_is(
    before: str, pronoun: str, after: str
) -> None:
    found = first_person(before + pronoun + after)
    assert found is not None
    assert found.line == before.count("\n")
    assert found.column == len(before) - before.rfind("\n") - 1
    assert pronoun[0] in found.excerpt and len(found.excerpt) <= 2 * 8 + 1 + 4


# -- 5. Grades ------------------------------------------------------------------------------------

GRADES = "    kind: window\n"
WINDOW_FRONT = "category: window\nstatus: candidate\n"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("grade: 五星\nresult: awarded\n", None),
        ("result: not_awarded\n", None),
        (
            "grade: 五星级\n",
            "content/{f}:4:8: 错误：字段“grade”的值“五星级”不是类别“最美服务窗口”的等次，您是否想写“五星”？可选：五星、四星、三星",
        ),
        (
            "grade: 特等\n",
            "content/{f}:4:8: 错误：字段“grade”的值“特等”不是类别“最美服务窗口”的等次，可选：五星、四星、三星",
        ),
        (
            "result: awarded\n",
            "content/{f}:4:9: 错误：类别“最美服务窗口”按等次表彰（五星、四星、三星），结果为 awarded（获表彰）的推荐须写明等次：缺少字段“grade”",
        ),
        (
            "result: proposed\n",
            "content/{f}:4:9: 错误：类别“最美服务窗口”按等次表彰（五星、四星、三星），结果为 proposed（拟表彰）的推荐须写明等次：缺少字段“grade”",
        ),
    ],
)
def test_grades(project: SiteProject, fields: str, expected: str | None) -> None:
    add_to_campaign(project, GRADES, "    grades: [五星, 四星, 三星]\n")
    nominate(project, WINDOW_FRONT + fields, file=WINDOW)
    assert messages(project) == ([expected.format(f=WINDOW)] if expected else [])


def test_a_grade_where_the_category_has_none(project: SiteProject) -> None:
    nominate(project, FRONT + "grade: 五星\n")
    assert messages(project) == [
        f"content/{WANG}:5:8: 错误：类别“优秀党员示范岗”不分等次（没有 grades），不能写字段“grade”"
    ]


# -- 6. Eligibility -------------------------------------------------------------------------------

REQUIRES = "      party_years: 1\n"
PERSON = "people/wang-xiaoming.md"


def test_years_at_the_centre_need_joined_centre(project: SiteProject) -> None:
    add_to_campaign(project, REQUIRES, "      years_at_centre: 2\n")
    assert messages(project) == [
        f"content/{WANG}:2:1: 错误：类别“优秀党员示范岗”要求在中心工作满 2 年，但“王晓明”的记录缺少 joined_centre（到中心工作时间）"
    ]


def test_years_at_the_centre_are_counted_at_the_deadline(project: SiteProject) -> None:
    add_to_campaign(project, REQUIRES, "      years_at_centre: 2\n")
    project.edit(
        PERSON,
        "joined_party: 2010-07-01\n",
        "joined_party: 2010-07-01\njoined_centre: 2024-11-11\n",
    )
    assert messages(project) == [
        f"content/{WANG}:2:1: 错误：“王晓明”于 2024-11-11 到中心工作，到推荐截止日 2026-11-10 在中心工作不满 2 年，"
        "不符合类别“优秀党员示范岗”的条件"
    ]
    project.edit(PERSON, "joined_centre: 2024-11-11", "joined_centre: 2024-11-10")
    assert messages(project) == []


def test_an_invalid_joined_centre_is_reported_once_at_the_person(project: SiteProject) -> None:
    add_to_campaign(project, REQUIRES, "      years_at_centre: 1\n")
    project.edit(
        PERSON,
        "joined_party: 2010-07-01\n",
        "joined_party: 2010-07-01\njoined_centre: 2024-13-01\n",
    )
    found = messages(project)
    assert len(found) == 1 and found[0].startswith(
        "content/people/wang-xiaoming.md:10:16: 错误：字段“joined_centre”的日期“2024-13-01”无效"
    )


def test_each_required_role_missing_is_an_error(project: SiteProject) -> None:
    add_to_campaign(project, REQUIRES, "      roles: [party_work, resident_window]\n")
    assert messages(project) == [
        f"content/{WANG}:2:1: 错误：类别“优秀党员示范岗”只接受从事党务工作的人员，“王晓明”的记录中 roles 未包含 party_work（从事党务工作）",
        f"content/{WANG}:2:1: 错误：类别“优秀党员示范岗”只接受常驻窗口工作的人员，“王晓明”的记录中 roles 未包含 resident_window（常驻窗口工作）",
    ]
    project.edit(
        PERSON, "joined_party: 2010-07-01\n", "joined_party: 2010-07-01\nroles: [resident_window]\n"
    )
    assert messages(project) == [
        f"content/{WANG}:2:1: 错误：类别“优秀党员示范岗”只接受从事党务工作的人员，“王晓明”的记录中 roles 未包含 party_work（从事党务工作）",
    ]
    project.edit(PERSON, "roles: [resident_window]", "roles: [resident_window, party_work]")
    assert messages(project) == []


def test_a_mistyped_role_is_said_once_at_the_record(project: SiteProject) -> None:
    """A role that is none of the known ones is an error where it is written; the category's
    requirement is then not said missing a second time at the nomination."""
    add_to_campaign(project, REQUIRES, "      roles: [party_work]\n")
    project.edit(
        PERSON, "joined_party: 2010-07-01\n", "joined_party: 2010-07-01\nroles: [party_wrok]\n"
    )
    found = messages(project)
    assert len(found) == 1, found
    assert found[0].startswith(
        "content/people/wang-xiaoming.md:10:8: 错误：字段“roles”中的“party_wrok”无效，您是否想写“party_work”？"
    ), found


def test_the_nominee_field_carries_the_message_when_written(project: SiteProject) -> None:
    add_to_campaign(project, REQUIRES, "      roles: [party_work]\n")
    nominate(project, "nominee: wang-xiaoming\n" + FRONT)
    assert messages(project) == [
        f"content/{WANG}:2:10: 错误：类别“优秀党员示范岗”只接受从事党务工作的人员，“王晓明”的记录中 roles 未包含 party_work（从事党务工作）",
    ]


def test_roles_and_years_are_a_persons_facts_only(project: SiteProject) -> None:
    add_to_campaign(
        project, GRADES, "    requires: {years_at_centre: 3, roles: [resident_window]}\n"
    )
    assert messages(project) == []


# -- All at once ----------------------------------------------------------------------------------


def test_every_problem_of_a_project_in_one_run(project: SiteProject) -> None:
    add_to_campaign(project, DEEDS, SUMMARY_RULE)
    add_to_campaign(project, REQUIRES, "      years_at_centre: 1\n      roles: [party_work]\n")
    add_to_campaign(project, GRADES, "    grades: [五星, 四星, 三星]\n")
    nominate(
        project,
        FRONT + "submitted: 2026-11-12\nreview:\n  - by: 支委会审核\n    date: 2026-11-11\n",
        f"我在窗口工作。{THIRD}",
    )
    nominate(project, WINDOW_FRONT + "result: awarded\n", file=WINDOW)
    result = honours_in(project.root, "check")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "content/" in line] == [
        f"content/{WINDOW}:4:9: 错误：类别“最美服务窗口”按等次表彰（五星、四星、三星），结果为 awarded（获表彰）的推荐须写明等次：缺少字段“grade”",
        f"content/{WANG}:2:1: 错误：类别“优秀党员示范岗”只接受从事党务工作的人员，“王晓明”的记录中 roles 未包含 party_work（从事党务工作）",
        f"content/{WANG}:2:1: 错误：类别“优秀党员示范岗”要求在中心工作满 1 年，但“王晓明”的记录缺少 joined_centre（到中心工作时间）",
        f"content/{WANG}:2:1: 错误：类别“优秀党员示范岗”要求填写主要事迹（20—60字）：缺少字段“summary”",
        f"content/{WANG}:5:12: 错误：于 2026-11-12 报送，晚于推荐截止日 2026-11-10：逾期视为自动放弃；如经同意补报，请写 accepted_late（理由）",
        f"content/{WANG}:10:1: 警告：事迹材料应使用第三人称：第 10 行“我在窗口工作。她扎……”",
    ]
    assert "共 5 个错误，1 个警告。" in result.output


# -- The demo -------------------------------------------------------------------------------------

PARTY = "campaigns/2026-party-honours"


@pytest.fixture(scope="module")
def demo_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-rules") / "content"
    shutil.copytree(REPO / "content", root)
    return root


def demo_messages(content: Path) -> list[str]:
    return [p.format(content.parent) for p in load(content)[0].problems.items]


def test_the_demo_passes(demo_content: Path) -> None:
    assert demo_messages(demo_content) == []


def test_the_demo_campaign_states_its_notice(demo_content: Path) -> None:
    content = load(demo_content)[0].content
    assert content is not None
    campaign = content.campaigns["2026-party-honours"]
    assert campaign.show_review and campaign.deadline is not None
    categories = {c.id: c for c in campaign.categories}
    assert categories["model-member"].requires.years_at_centre == 1
    assert categories["party-worker"].requires.roles == ("party_work",)
    assert categories["service-star"].requires.roles == ("resident_window",)
    assert all(c.summary == Deeds(200, 400) for c in campaign.categories)
    nominations = content.nominations_of("2026-party-honours")
    assert len(nominations) == 14
    for n in nominations:
        assert n.summary is not None and 200 <= count_characters(n.summary) <= 400
        assert len(n.summary) <= 400 and first_person(n.summary) is None
        assert count_characters(n.story) > count_characters(n.summary)  # the longer 事迹材料
        assert n.submitted is not None and [s.by for s in n.review] == [
            "支委会审核",
            "机关党委考评",
            "机关党委会议",
        ]
        assert n.review[0].day >= n.submitted
    late = [n.file_id for n in nominations if n.submitted and n.submitted > campaign.deadline]
    assert late == ["tang-lei"] and all(
        n.accepted_late == (n.file_id == "tang-lei") for n in nominations
    )


def test_the_demo_fails_as_it_should_when_its_records_are_broken(
    demo_content: Path, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(demo_content, content)
    late = content / PARTY / "tang-lei.md"
    text = late.read_text(encoding="utf-8")
    late.write_text(
        "\n".join(x for x in text.split("\n") if not x.startswith("accepted_late:")),
        encoding="utf-8",
    )
    people = content / "people"
    for person, line in (
        ("qian-fang", "roles: [party_work]\n"),
        ("li-jiaqi", "joined_centre: 2019-07-10\n"),
    ):
        path = people / f"{person}.md"
        path.write_text(path.read_text(encoding="utf-8").replace(line, ""), encoding="utf-8")
    assert demo_messages(content) == [
        f"content/{PARTY}/li-jiaqi.md:2:1: 错误：类别“优秀共产党员（党员示范岗）”要求在中心工作满 1 年，但“李佳琪”的记录缺少 joined_centre（到中心工作时间）",
        f"content/{PARTY}/qian-fang.md:2:1: 错误：类别“优秀党务工作者”只接受从事党务工作的人员，“钱芳”的记录中 roles 未包含 party_work（从事党务工作）",
        f"content/{PARTY}/tang-lei.md:6:12: 错误：于 2026-06-08 报送，晚于推荐截止日 2026-06-05：逾期视为自动放弃；如经同意补报，请写 accepted_late（理由）",
    ]
