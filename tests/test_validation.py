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


# -- addresses: only http(s) links, only e-mail addresses ------------------------------------
CHANNEL_URL = "      url: https://vote.example.org/2026"
URLS = {  # id: (the url as written, the message after the field's name)
    "javascript": (
        "javascript:alert(1)",
        "应为以 http:// 或 https:// 开头的网址，而不是“javascript:alert(1)”",
    ),
    "javascript-upper-case": (
        "JavaScript:alert(1)",
        "应为以 http:// 或 https:// 开头的网址，而不是“JavaScript:alert(1)”",
    ),
    "data": (
        '"data:text/html,<script>1</script>"',
        "应为以 http:// 或 https:// 开头的网址，而不是“data:text/html,<script>1</script>”",
    ),
    "vbscript": (
        "vbscript:msgbox",
        "应为以 http:// 或 https:// 开头的网址，而不是“vbscript:msgbox”",
    ),
    "relative": ("vote/2026", "应为以 http:// 或 https:// 开头的网址，而不是“vote/2026”"),
    "no-host": (
        "https:///vote",
        "的网址缺少有效的域名（如 https://zwfw.example.gov.cn），而不是“https:///vote”",
    ),
    "credentials": (
        "https://admin:secret@vote.example.org/",
        "的网址不能含有用户名或密码（“@”及其之前的部分），请删去",
    ),
    "space": ('"https://vote.example.org/投 票"', "的网址含有空格或不可见的字符，请删去"),
    "control-character": (
        '"\\u0001https://vote.example.org/"',
        "含有不可见的控制字符（U+0001），请删去",
    ),
    "bad-port": (
        "https://vote.example.org:99999/",
        "的网址格式有误（域名或端口无效）：“https://vote.example.org:99999/”",
    ),
}


@pytest.mark.parametrize("case", URLS.values(), ids=URLS.keys())
def test_voting_channel_url_must_be_a_web_address(
    project: SiteProject, case: tuple[str, str]
) -> None:
    written, message = case
    project.edit(CAMPAIGN, CHANNEL_URL, f"      url: {written}")
    assert only(project) == (
        f"content/{CAMPAIGN}:42:12: 错误：字段“voting.channels[1].url”{message}"
    )


def test_good_addresses_are_kept(project: SiteProject) -> None:
    project.edit(CAMPAIGN, CHANNEL_URL, "      url: HTTPS://投票.example.org:8443/2026?a=1#b")
    project.write("organisation.yml", ORGANISATION_WITH_WEBSITE.format("https://zwfw.example.org"))
    result = load(project.content)[0]
    assert result.problems.items == []
    assert result.content is not None
    assert result.content.organisation.website == "https://zwfw.example.org"
    channel = result.content.campaigns["2026-model-post"].voting.channels[0]
    assert channel.url == "HTTPS://投票.example.org:8443/2026?a=1#b"


ORGANISATION_WITH_WEBSITE = "name: 测试市政务服务中心\nwebsite: {}\n"


def test_organisation_website_must_be_a_web_address(project: SiteProject) -> None:
    project.write("organisation.yml", ORGANISATION_WITH_WEBSITE.format("ftp://files.example.org"))
    assert only(project) == (
        "content/organisation.yml:2:10: 错误：字段“website”应为以 http:// 或 https:// 开头的网址，"
        "而不是“ftp://files.example.org”"
    )


@pytest.mark.parametrize(
    ("path", "old", "new", "message"),
    [
        (
            "organisation.yml",
            "  email: jiandu@example.org",
            "  email: jiandu#example.org",
            "content/organisation.yml:7:10: 错误：字段“supervision.email”应为电子邮箱地址"
            "（如 office@example.gov.cn），而不是“jiandu#example.org”",
        ),
        (
            CAMPAIGN,
            "    phone: 0000-11114444\n",
            "    phone: 0000-11114444\n    email: mailto:dangwei@example.org\n",
            f"content/{CAMPAIGN}:38:12: 错误：字段“contacts[1].email”应为电子邮箱地址"
            "（如 office@example.gov.cn），而不是“mailto:dangwei@example.org”",
        ),
    ],
    ids=["supervision", "campaign-contact"],
)
def test_contact_email_must_be_an_address(
    project: SiteProject, path: str, old: str, new: str, message: str
) -> None:
    project.edit(path, old, new)
    assert only(project) == message


# -- limits and single lines ------------------------------------------------------------------
LIMITS = {  # id: (file, old text, new text, the message)
    "person-name": (
        "people/li-hua.md",
        "name: 李华",
        "name: " + "李" * 51,
        "content/people/li-hua.md:2:7: 错误：字段“name”过长：最多 50 个字，现有 51 个字",
    ),
    "unit-name": (
        "units.yml",
        "name: 小办公室",
        "name: " + "办" * 60,
        "content/units.yml:13:11: 错误：字段“units[3].name”过长：最多 50 个字，现有 60 个字",
    ),
    "campaign-title": (
        CAMPAIGN,
        "short_title: 2026年度优秀党员示范岗",
        "short_title: " + "题" * 101,
        f"content/{CAMPAIGN}:3:14: 错误：字段“short_title”过长：最多 100 个字，现有 101 个字",
    ),
    "nomination-subtitle": (
        NOMINATION,
        "code: 7",
        "code: 7\nsubtitle: " + "副" * 120,
        f"content/{NOMINATION}:5:11: 错误：字段“subtitle”过长：最多 100 个字，现有 120 个字",
    ),
    "position": (
        "people/wang-xiaoming.md",
        "position: 综合受理岗",
        "position: " + "岗" * 101,
        "content/people/wang-xiaoming.md:4:11: 错误：字段“position”过长：最多 100 个字，现有 101 个字",
    ),
    "honour": (
        "people/wang-xiaoming.md",
        "  - 2022年度优质服务明星",
        "  - " + "荣" * 101,
        "content/people/wang-xiaoming.md:13:5: 错误：字段“honours[1]”过长：最多 100 个字，现有 101 个字",
    ),
    "name-with-a-newline": (
        "people/li-hua.md",
        "name: 李华",
        'name: "李\\n华"',
        "content/people/li-hua.md:2:7: 错误：字段“name”应为一行文字，不能换行",
    ),
    "title-with-a-line-separator": (
        NOMINATION,
        "title: 把群众的事当成自己的事",
        'title: "把群众的事\\u2028当成自己的事"',
        f"content/{NOMINATION}:3:8: 错误：字段“title”应为一行文字，不能换行",
    ),
    "bidirectional-override": (
        "people/li-hua.md",
        "name: 李华",
        'name: "李华\\u202e"',
        "content/people/li-hua.md:2:7: 错误：字段“name”含有不可见的控制字符（U+202E），请删去",
    ),
    "control-character-in-a-list": (
        CAMPAIGN,
        "  - 政治坚定。",
        '  - "政治坚定\\a。"',
        f"content/{CAMPAIGN}:23:9: 错误：字段“categories[1].criteria[1]”含有不可见的控制字符（U+0007），请删去",
    ),
    "negative-count": (
        "units.yml",
        "staff: 20",
        "staff: -20",
        "content/units.yml:15:12: 错误：字段“units[3].staff”不能为负数（现为 -20）",
    ),
}


@pytest.mark.parametrize("case", LIMITS.values(), ids=LIMITS.keys())
def test_limits_and_single_lines(project: SiteProject, case: tuple[str, str, str, str]) -> None:
    path, old, new, message = case
    project.edit(path, old, new)
    assert only(project) == message


def test_text_at_the_limit_and_multi_line_fields_pass(project: SiteProject) -> None:
    project.edit("people/li-hua.md", "name: 李华", "name: " + "李" * 50)
    project.edit(CAMPAIGN, "  - 政治坚定。", '  - "政治坚定，\\n作风优良。"')
    assert messages(project) == []


# -- YAML that is refused whole ----------------------------------------------------------------
BILLION_LAUGHS = "".join(
    [
        '---\nlol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n',
        *(f"lol{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 10)),
        "---\n",
    ]
)


def test_billion_laughs_is_one_error_and_never_expanded(project: SiteProject) -> None:
    project.write("people/li-hua.md", BILLION_LAUGHS)  # 10 anchors, 81 aliases: 9⁹ "lol" expanded
    assert only(project) == (
        "content/people/li-hua.md:2:7: 错误：不支持 YAML 锚点和引用（& 和 *），请把内容完整写出"
        "（本文件共 91 处，此为第一处）"
    )


@pytest.mark.parametrize(
    ("written", "tag"),
    [
        ('!!python/object/apply:os.system ["rm -rf /"]', "!!python/object/apply:os.system"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!!str 010", "!!str"),
        ("!local 1", "!local"),
    ],
)
def test_yaml_tags_are_forbidden(project: SiteProject, written: str, tag: str) -> None:
    project.edit("people/li-hua.md", "gender: 女", f"gender: {written}")
    assert only(project) == f"content/people/li-hua.md:4:9: 错误：不允许使用 YAML 标签“{tag}”"


def test_a_tag_written_many_times_is_one_error(project: SiteProject) -> None:
    project.edit("people/li-hua.md", "gender: 女", "gender: !x 女\nethnicity: !x 汉族")
    assert only(project) == (
        "content/people/li-hua.md:4:9: 错误：不允许使用 YAML 标签“!x”（本文件共 2 处，此为第一处）"
    )


def test_control_character_in_yaml(project: SiteProject) -> None:
    project.edit("people/li-hua.md", "gender: 女", "gender: 女\x07")
    assert only(project) == (
        "content/people/li-hua.md:4:10: 错误：含有不可见的控制字符（U+0007），请删去"
    )


def test_gbk_file_is_named_as_such(project: SiteProject) -> None:
    text = (project.content / "people/li-hua.md").read_text(encoding="utf-8")
    (project.content / "people/li-hua.md").write_bytes(text.encode("gbk"))
    assert only(project) == (
        "content/people/li-hua.md:2:7: 错误：文件不是 UTF-8 编码，看起来是 GBK/GB18030"
        "（常见于 Windows 记事本或 WPS 另存）：请另存为 UTF-8"
    )


def test_file_in_no_known_encoding(project: SiteProject) -> None:
    (project.content / "people/li-hua.md").write_bytes(b"---\nname: \xff\xfe\n---\n")
    assert only(project) == (
        "content/people/li-hua.md:2:7: 错误：文件不是 UTF-8 编码，请另存为 UTF-8"
    )


LINK_OUT = "错误：是指向 content/ 文件夹之外的符号链接，不会被读取：请换成文件本身"


def test_links_out_of_content_are_errors_and_never_read(project: SiteProject) -> None:
    """Every file the build lists may be a link to a FIFO outside content/: reading any of them
    would hang `honours check`, so it finishing proves none was opened."""
    import os

    fifo = project.root / "outside.fifo"
    os.mkfifo(fifo)
    away = project.root / "away"
    away.mkdir()
    (away / "index.md").symlink_to(fifo)
    # organisation.yml itself, a person, a whole campaign folder, a nomination, a board,
    # a rating file, a vote file: each replaced by (or added as) a link out.
    links = {
        "people/zhao-lei.md": fifo,
        "campaigns/2027-away": away,
        "campaigns/2026-model-post/zhao-lei.md": fifo,
        "boards/hall.yml": fifo,
        "ratings/2026-10.csv": fifo,
        "campaigns/2026-model-post/votes/sms-1.csv": fifo,
    }
    for relative, target in links.items():
        path = project.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)
    run = project.honours("check")  # with a timeout: a read would hang
    assert run.returncode == 1
    reported = sorted(line for line in run.stdout.splitlines() if LINK_OUT in line)
    expected = [
        "content/boards/hall.yml:1:1: " + LINK_OUT,
        "content/campaigns/2026-model-post/votes/sms-1.csv:1:1: " + LINK_OUT,
        "content/campaigns/2026-model-post/zhao-lei.md:1:1: " + LINK_OUT,
        "content/campaigns/2027-away/index.md:1:1: " + LINK_OUT,
        "content/people/zhao-lei.md:1:1: " + LINK_OUT,
        "content/ratings/2026-10.csv:1:1: " + LINK_OUT,
    ]
    assert reported == expected, run.stdout


def test_published_files_linked_out_of_content_are_errors(project: SiteProject) -> None:
    """MkDocs follows links: an asset or an own page linked to a file elsewhere would be
    published. Records' photo folders are the photo field's business, not reported twice."""
    secret = project.root / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    elsewhere = project.root / "elsewhere"
    elsewhere.mkdir()
    (project.content / "assets").mkdir()
    (project.content / "assets/notice.pdf").symlink_to(secret)
    (project.content / "about.md").symlink_to(secret)
    (project.content / "notes").symlink_to(elsewhere)
    (project.content / "people/photos/more").symlink_to(elsewhere)
    result = project.honours("check")
    assert result.returncode == 1
    reported = sorted(line for line in result.stdout.splitlines() if LINK_OUT in line)
    assert reported == [
        "content/about.md:1:1: " + LINK_OUT,
        "content/assets/notice.pdf:1:1: " + LINK_OUT,
        "content/notes:1:1: " + LINK_OUT,
    ], result.stdout
