"""One test per kind of bad input: the exact Chinese message and its position."""

from __future__ import annotations

import pytest

from generator.build import load

from .conftest import STORY, SiteProject

NOMINATION = "campaigns/2026-model-post/wang-xiaoming.md"
CAMPAIGN = "campaigns/2026-model-post/index.md"


def messages(project: SiteProject) -> list[str]:
    result = load(project.content)[0]
    return [p.format(project.root) for p in result.problems.items]


def only(project: SiteProject) -> str:
    found = messages(project)
    assert len(found) == 1, found
    return found[0]


def test_valid_fixture_has_no_problems(project: SiteProject) -> None:
    assert messages(project) == []


def test_broken_yaml(project: SiteProject) -> None:
    project.edit(NOMINATION, "title: 把群众的事当成自己的事", "title: [把群众的事")
    assert only(project) == f"content/{NOMINATION}:3:8: 错误：YAML 格式错误：方括号“[ ]”没有闭合"


def test_mapping_value_in_plain_text(project: SiteProject) -> None:
    project.edit(NOMINATION, "title: 把群众的事当成自己的事", "title: 标题: 副标题")
    assert (
        only(project)
        == f"content/{NOMINATION}:3:10: 错误：YAML 格式错误：此处不能出现冒号；值中含有“: ”时请给整个值加引号"
    )


def test_unknown_key_suggests_the_right_one(project: SiteProject) -> None:
    project.edit(NOMINATION, "category: model-post", "catagory: model-post")
    found = messages(project)
    assert f"content/{NOMINATION}:2:1: 错误：未知字段“catagory”，您是否想写“category”？" in found


def test_unknown_nested_key_names_the_field_path(project: SiteProject) -> None:
    project.edit(CAMPAIGN, "    quota: 2\n", "    quota: 2\n    quotas: 3\n")
    assert (
        only(project)
        == f"content/{CAMPAIGN}:13:5: 错误：未知字段“categories[1].quotas”，您是否想写“quota”？"
    )


def test_impossible_date(project: SiteProject) -> None:
    project.edit("people/li-hua.md", "joined_party: 2015-05-04", "joined_party: 2024-13-01")
    found = messages(project)
    assert found[0] == (
        "content/people/li-hua.md:6:15: 错误：字段“joined_party”的日期“2024-13-01”无效："
        "应写作 YYYY-MM-DD（如 2024-06-25），可加时间 2024-06-25T09:00+08:00"
    )


def test_slashed_date_is_not_a_date(project: SiteProject) -> None:
    project.edit(CAMPAIGN, "published: 2026-11-01", "published: 2026/11/01")
    assert only(project).startswith(
        f"content/{CAMPAIGN}:7:12: 错误：字段“published”的日期“2026/11/01”无效"
    )


def test_duplicate_key(project: SiteProject) -> None:
    project.edit("people/li-hua.md", "gender: 女\n", "gender: 女\ngender: 男\n")
    assert only(project) == "content/people/li-hua.md:5:1: 错误：字段“gender”重复（第 4 行已写过）"


def test_anchors_and_aliases(project: SiteProject) -> None:
    project.edit("people/li-hua.md", "gender: 女", "gender: &g 女")
    assert (
        only(project)
        == "content/people/li-hua.md:4:9: 错误：不支持 YAML 锚点和引用（& 和 *），请把内容完整写出"
    )


def test_tab(project: SiteProject) -> None:
    project.edit("people/li-hua.md", "  phone:", "\tphone:")
    assert only(project) == "content/people/li-hua.md:9:1: 错误：含有制表符（Tab），请改用空格缩进"


def test_no_is_text_not_false(project: SiteProject) -> None:
    project.edit("people/li-hua.md", "gender: 女", "gender: no")
    assert (
        only(project)
        == "content/people/li-hua.md:4:9: 错误：字段“gender”的值“no”无效，可选：男、女"
    )


def test_leading_zeros_are_decimal(project: SiteProject) -> None:
    project.edit(NOMINATION, "code: 7", "code: 010010")
    result = load(project.content)[0]
    assert result.content is not None
    codes = {n.nominee: n.code for n in result.content.nominations}
    assert codes["wang-xiaoming"] == 10010


def test_year_must_be_a_year(project: SiteProject) -> None:
    project.edit("people/li-hua.md", "born: 1990", "born: 90")
    assert (
        only(project)
        == "content/people/li-hua.md:7:7: 错误：字段“born”应为四位年份（如 1988），而不是“90”"
    )


def test_missing_required_field(project: SiteProject) -> None:
    project.edit("people/li-hua.md", "name: 李华\n", "")
    assert only(project) == "content/people/li-hua.md:2:1: 错误：缺少必填字段“name”"


def test_missing_photo(project: SiteProject) -> None:
    project.remove("people/photos/wang.jpg")
    assert (
        only(project)
        == "content/people/wang-xiaoming.md:10:8: 错误：字段“photo”指向的照片“photos/wang.jpg”不存在"
    )


def test_corrupt_photo_is_reported_by_check(project: SiteProject) -> None:
    project.write("people/photos/wang.jpg", b"<html>not a photo</html>")
    result = project.honours("check")
    assert result.returncode == 1
    assert (
        "content/people/wang-xiaoming.md:10:8: 错误：照片“wang.jpg”不是可识别的图片（支持 JPEG、PNG、WebP、GIF、HEIC）"
        in result.stdout
    )


def test_truncated_photo_is_reported_by_check(project: SiteProject) -> None:
    path = project.content / "people/photos/wang.jpg"
    path.write_bytes(path.read_bytes()[:2000])
    result = project.honours("check")
    assert result.returncode == 1
    assert (
        "content/people/wang-xiaoming.md:10:8: 错误：照片“wang.jpg”已损坏或不完整" in result.stdout
    )


BOTH_WAYS = {  # id: (file, old text, new text, the message)
    "choice": (
        NOMINATION,
        "category: model-post",
        "category: model-post\nresult: awarde",
        f"content/{NOMINATION}:3:9: 错误：字段“result”的值“awarde”无效，您是否想写“awarded”？"
        "可选：proposed（拟表彰）、awarded（获表彰）、not_awarded（未获表彰）",
    ),
    "choice-unlike-any": (
        NOMINATION,
        "category: model-post",
        "category: model-post\nresult: 优秀",
        f"content/{NOMINATION}:3:9: 错误：字段“result”的值“优秀”无效，"
        "可选：proposed（拟表彰）、awarded（获表彰）、not_awarded（未获表彰）",
    ),
    "key-unlike-any": (
        NOMINATION,
        "category: model-post",
        "category: model-post\nxyz: 1",
        f"content/{NOMINATION}:3:1: 错误：未知字段“xyz”",
    ),
    "unit": (
        "people/li-hua.md",
        "unit: small-office",
        "unit: small-ofice",
        "content/people/li-hua.md:3:7: 错误：字段“unit”的值“small-ofice”不是已登记的单位，"
        "您是否想写“small-office”？请先在 units.yml 中登记",
    ),
    "unit-unlike-any": (
        "people/li-hua.md",
        "unit: small-office",
        "unit: archive",
        "content/people/li-hua.md:3:7: 错误：字段“unit”的值“archive”不是已登记的单位，"
        "请先在 units.yml 中登记",
    ),
    "nominee": (
        NOMINATION,
        "category: model-post",
        "nominee: wang-xiaomin\ncategory: model-post",
        f"content/{NOMINATION}:2:10: 错误：字段“nominee”所指的“wang-xiaomin”在 people/ 中不存在，"
        "您是否想写“wang-xiaoming”？请先建立人员记录",
    ),
    "nominee-unlike-any": (
        NOMINATION,
        "category: model-post",
        "nominee: zhang-san\ncategory: model-post",
        f"content/{NOMINATION}:2:10: 错误：字段“nominee”所指的“zhang-san”在 people/ 中不存在，"
        "请先建立人员记录",
    ),
    "category": (
        NOMINATION,
        "category: model-post",
        "category: model-pots",
        f"content/{NOMINATION}:2:11: 错误：字段“category”的值“model-pots”不是本活动的类别，"
        "您是否想写“model-post”？本活动类别：model-post、window",
    ),
    "category-unlike-any": (
        NOMINATION,
        "category: model-post",
        "category: heroes",
        f"content/{NOMINATION}:2:11: 错误：字段“category”的值“heroes”不是本活动的类别，"
        "本活动类别：model-post、window",
    ),
}


@pytest.mark.parametrize("case", BOTH_WAYS.values(), ids=BOTH_WAYS.keys())
def test_unknown_value_with_and_without_a_suggestion(
    project: SiteProject, case: tuple[str, str, str, str]
) -> None:
    """A suggestion where a known value is close; a well-punctuated message either way."""
    path, old, new, message = case
    project.edit(path, old, new)
    assert only(project) == message


def test_unknown_nominee_named_by_the_file_name(project: SiteProject) -> None:
    project.write(
        "campaigns/2026-model-post/zhang-san.md", f"---\ncategory: model-post\n---\n{STORY}\n"
    )
    assert only(project) == (
        "content/campaigns/2026-model-post/zhang-san.md:2:1: 错误：文件名所指的“zhang-san”"
        "在 people/ 中不存在，请先建立人员记录"
    )


def test_nominee_of_the_wrong_kind(project: SiteProject) -> None:
    project.edit(
        "campaigns/2026-model-post/tax-window.md", "category: window", "category: model-post"
    )
    assert only(project) == (
        "content/campaigns/2026-model-post/tax-window.md:2:11: 错误：类别“优秀党员示范岗”只接受个人，而“税务综合窗口”是窗口"
    )


def test_story_too_short(project: SiteProject) -> None:
    project.edit(NOMINATION, STORY, "太短了。")
    assert (
        only(project)
        == f"content/{NOMINATION}:2:1: 错误：主要事迹只有 3 字，类别“优秀党员示范岗”要求至少 100 字"
    )


def test_story_shorter_than_recommended_is_a_warning(project: SiteProject) -> None:
    project.edit(NOMINATION, STORY, STORY[:120])
    assert (
        only(project)
        == f"content/{NOMINATION}:2:1: 警告：主要事迹只有 104 字，类别“优秀党员示范岗”建议 150 字左右"
    )
    assert project.honours("check").returncode == 0
    assert project.honours("check", "--strict").returncode == 1


def test_markup_does_not_count(project: SiteProject) -> None:
    story = "**加粗** <b>标签</b> [链接](https://example.org/very-long-address) ## 标题\n" * 15
    project.edit(NOMINATION, STORY, story)
    # 加粗 标签 链接 标题: 8 characters a line; tags, link targets and marks do not count
    assert only(project).endswith("警告：主要事迹只有 120 字，类别“优秀党员示范岗”建议 150 字左右")


def test_title_required(project: SiteProject) -> None:
    project.edit(
        CAMPAIGN,
        "    name: 优秀党员示范岗\n",
        "    name: 优秀党员示范岗\n    subtitle_required: true\n",
    )
    assert (
        only(project)
        == f"content/{NOMINATION}:2:1: 错误：类别“优秀党员示范岗”要求填写副标题：缺少字段“subtitle”"
    )


def test_political_status_not_eligible(project: SiteProject) -> None:
    project.edit("people/wang-xiaoming.md", "political_status: 中共党员", "political_status: 群众")
    assert only(project) == (
        f"content/{NOMINATION}:2:1: 错误：“王晓明”的政治面貌为“群众”，不符合类别“优秀党员示范岗”的条件（中共党员）"
    )


def test_party_years_counted_at_the_deadline(project: SiteProject) -> None:
    project.edit("people/wang-xiaoming.md", "joined_party: 2010-07-01", "joined_party: 2025-11-11")
    assert only(project) == (
        f"content/{NOMINATION}:2:1: 错误：“王晓明”于 2025-11-11 入党，到推荐截止日 2026-11-10 党龄不满 1 年，"
        "不符合类别“优秀党员示范岗”的条件"
    )
    project.edit("people/wang-xiaoming.md", "joined_party: 2025-11-11", "joined_party: 2025-11-10")
    assert messages(project) == []


def test_over_unit_quota(project: SiteProject) -> None:
    project.edit("campaigns/2026-model-post/li-hua.md", "status: vetoed", "status: candidate")
    project.write(
        "people/zhou-qiang.md",
        "---\nname: 周强\nunit: small-office\npolitical_status: 中共党员\njoined_party: 2001-07-01\n---\n",
    )
    project.write(
        "campaigns/2026-model-post/zhou-qiang.md", f"---\ncategory: model-post\n---\n{STORY}\n"
    )
    assert only(project) == (
        "content/campaigns/2026-model-post/zhou-qiang.md:2:1: 错误：超出推荐名额：“小办公室”（20 人）在类别“优秀党员示范岗”中可推荐 1 名，"
        "现推荐 2 名（li-hua、zhou-qiang）"
    )


def test_withdrawn_nominations_do_not_count_against_quota(project: SiteProject) -> None:
    project.edit("campaigns/2026-model-post/li-hua.md", "status: vetoed", "status: withdrawn")
    project.write(
        "people/zhou-qiang.md",
        "---\nname: 周强\nunit: small-office\npolitical_status: 中共党员\njoined_party: 2001-07-01\n---\n",
    )
    project.write(
        "campaigns/2026-model-post/zhou-qiang.md", f"---\ncategory: model-post\n---\n{STORY}\n"
    )
    assert messages(project) == []


def test_duplicate_code(project: SiteProject) -> None:
    project.edit(
        "campaigns/2026-model-post/tax-window.md", "status: candidate", "status: candidate\ncode: 7"
    )
    assert only(project) == (
        f"content/{NOMINATION}:4:7: 错误：编号 7 与 tax-window.md 重复，同一活动中编号不能重复"
    )


def test_codes_are_assigned_when_absent(project: SiteProject) -> None:
    result = load(project.content)[0]
    assert result.content is not None
    codes = {n.nominee: n.code for n in result.content.nominations}
    assert codes == {"li-hua": None, "tax-window": 1, "wang-xiaoming": 7}


def test_vetoed_cannot_be_awarded(project: SiteProject) -> None:
    project.edit(
        "campaigns/2026-model-post/li-hua.md", "status: vetoed", "status: vetoed\nresult: awarded"
    )
    assert (
        only(project)
        == "content/campaigns/2026-model-post/li-hua.md:4:9: 错误：状态为“vetoed”的推荐不能是 awarded（获表彰）"
    )


def test_upper_case_id(project: SiteProject) -> None:
    (project.content / "people/li-hua.md").rename(project.content / "people/Li-Hua.md")
    found = messages(project)
    assert (
        "content/people/Li-Hua.md:1:1: 错误：文件名“Li-Hua.md”不能作编号：只能用小写字母、数字和连字符“-”"
        in found
    )


def test_reserved_nominee_name(project: SiteProject) -> None:
    project.write("campaigns/2026-model-post/nominees.md", "---\ncategory: model-post\n---\n")
    assert any(
        "nominees.md:1:1: 错误：文件名“nominees.md”是保留名称" in m for m in messages(project)
    )


def test_every_problem_at_once_sorted_by_file_and_line(project: SiteProject) -> None:
    project.edit("people/li-hua.md", "born: 1990", "born: 90")
    project.edit("people/li-hua.md", "gender: 女", "gender: x")
    project.edit(CAMPAIGN, "published: 2026-11-01", "published: 2026-11-31")
    project.edit("units.yml", "staff: 20", "staff: twenty")
    found = messages(project)
    assert [m.split(": 错误")[0] for m in found] == [
        f"content/{CAMPAIGN}:7:12",
        "content/people/li-hua.md:4:9",
        "content/people/li-hua.md:7:7",
        "content/units.yml:15:12",
    ]


def test_check_prints_every_error_and_exits_1(project: SiteProject) -> None:
    project.edit("people/li-hua.md", "born: 1990", "born: 90")
    project.edit("people/wang-xiaoming.md", "gender: 男", "gender: 公")
    result = project.honours("check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("content/people/li-hua.md:7:7: 错误")
    assert lines[1].startswith("content/people/wang-xiaoming.md:5:9: 错误")
    assert lines[-1] == "共 2 个错误，0 个警告。"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("missing", ["organisation.yml", "units.yml"])
def test_missing_top_level_file(project: SiteProject, missing: str) -> None:
    project.remove(missing)
    assert any(
        m.startswith(f"content/{missing}:1:1: 错误：缺少 {missing}") for m in messages(project)
    )
