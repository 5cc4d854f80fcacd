"""What staff paste into a body is cleaned, what staff type into a title is text: hostile
records and pages build into a site where nothing runs, and staff are told, with file and line,
what was removed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from generator.sources.richtext import (
    BODY_LIMIT,
    CONTENT_TAGS,
    TAGS,
    BodyRenderer,
    MarkdownOptions,
    RemovalKind,
    clean,
    plain_text,
    removals,
    style_properties,
)

from .conftest import MKDOCS_YML, STORY, SiteProject
from .safety import (
    EXTENSIONS,
    assert_policy,
    assert_safe_html,
    assert_safe_site,
    html_pages,
    parse,
    problems_of,
    template_scripts,
)

NOMINATION = "campaigns/2026-model-post/wang-xiaoming.md"
PROFILE = "campaigns/2026-model-post/wang-xiaoming"
HOSTILE_TITLE = '<script>alert("title")</script>把群众的事当成自己的事'
# The story starts on line 7; each hostile line is where its warning points.
HOSTILE_STORY = f"""\
---
category: model-post
title: {HOSTILE_TITLE}
code: 7
status: candidate
---
{STORY}

<script>alert("story")</script>

<img src="x.png" onerror="alert('img')">

[链接](JaVaScRiPt:alert(1)) 和 [数据](data:text/html;base64,PHNjcmlwdD4=)

<svg><script>alert("svg")</script></svg><iframe src="https://evil.example/"></iframe>

<base href="https://evil.example/">

<meta http-equiv="refresh" content="0;url=https://evil.example/">

挂了属性的段落
{{ onclick="alert('attr')" }}

<div id="__config" style="position:fixed">{{"base": "https://evil.example/"}}</div>
"""
STORY_WARNINGS = [
    f"content/{NOMINATION}:9:1: 警告：主要事迹中的 <script> 已删除",
    f"content/{NOMINATION}:11:18: 警告：主要事迹中 <img> 的 onerror 属性已删除",
    f"content/{NOMINATION}:13:6: 警告：主要事迹中 <a> 的地址“JaVaScRiPt:alert(1)”已删除：只能使用 http、https、mailto、tel、sms 或站内地址",
    f"content/{NOMINATION}:13:34: 警告：主要事迹中 <a> 的地址“data:text/html;base64,PHNjcmlwdD4=”已删除：只能使用 http、https、mailto、tel、sms 或站内地址",
    f"content/{NOMINATION}:15:1: 警告：主要事迹中的 <svg> 已删除",
    f"content/{NOMINATION}:15:41: 警告：主要事迹中的 <iframe> 已删除",
    f"content/{NOMINATION}:17:1: 警告：主要事迹中的 <base> 已删除",
    f"content/{NOMINATION}:19:1: 警告：主要事迹中的 <meta> 已删除",
    f"content/{NOMINATION}:22:3: 警告：主要事迹中 <p> 的 onclick 属性已删除",
    f"content/{NOMINATION}:24:10: 警告：主要事迹中 <div> 的 id“__config”已删除：以“__”开头的 id 留给网站本身使用",
    f"content/{NOMINATION}:24:20: 警告：主要事迹中 <div> 的 style 属性已删除",
]
HOSTILE_CAMPAIGN_BODY = """\
各单位：现将评选方案印发给你们。

<a href="vbscript:msgbox(1)">方案</a><object data="x.swf"></object>
"""
HOSTILE_INTRO = '热心肠的老窗口。<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="照片">\n'
HOSTILE_HOME = """\
欢迎访问。

<embed src="x.swf"><form action="https://evil.example/"><input name="q"></form>
"""
HOSTILE_PAGE = """\
---
title: <script>alert("page")</script>关于我们
description: '"><script>alert("description")</script>'
author: <b onmouseover="alert(1)">作者</b>
---
# 关于

<iframe src="javascript:alert(1)"></iframe>
"""
HOSTILE_HEADING_PAGE = """\
# <b>指南</b> &lt;i&gt;斜&lt;/i&gt;

## 小节 <script>alert("toc")</script>

正文 <a href=" javascript:alert('space')">链接</a>
"""
OTHER_WARNINGS = [
    "content/campaigns/2026-model-post/index.md:55:10: 警告：活动通知中 <a> 的地址“vbscript:msgbox(1)”已删除：只能使用 http、https、mailto、tel、sms 或站内地址",
    "content/campaigns/2026-model-post/index.md:55:36: 警告：活动通知中的 <object> 已删除",
    "content/index.md:3:1: 警告：首页介绍中的 <embed> 已删除",
    "content/index.md:3:20: 警告：首页介绍中的 <form> 已删除",
    "content/about.md:8:1: 警告：页面中的 <iframe> 已删除",
    "content/guide.md:3:7: 警告：页面中的 <script> 已删除",
    "content/guide.md:5:14: 警告：页面中 <a> 的地址“javascript:alert('space')”已删除：只能使用 http、https、mailto、tel、sms 或站内地址",
]
INLINE_IMAGE_ERROR = "content/people/wang-xiaoming.md:19:19: 错误：个人简介中不能直接嵌入图片（data: 地址），已删除：请把图片另存为文件放进 content/ 再引用；人员照片请写在记录的 photo 字段"


def with_extensions(project: SiteProject) -> None:
    (project.root / "mkdocs.yml").write_text(MKDOCS_YML + EXTENSIONS, encoding="utf-8")


def write_hostile(project: SiteProject, person: bool = False) -> None:
    """Hostile bodies in every kind of record and in two editors' pages (the person's inline
    image is an error, so it is written only when asked)."""
    project.write(NOMINATION, HOSTILE_STORY)
    project.edit(
        "campaigns/2026-model-post/index.md",
        "各单位：现将评选方案印发给你们。\n",
        HOSTILE_CAMPAIGN_BODY,
    )
    project.write("index.md", HOSTILE_HOME)
    project.write("about.md", HOSTILE_PAGE)
    project.write("guide.md", HOSTILE_HEADING_PAGE)
    if person:
        project.edit("people/wang-xiaoming.md", "热心肠的老窗口。\n", HOSTILE_INTRO)


# -- the cleaning ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "fragment",
    [
        "<script>alert(1)</script><p>文字</p>",
        '<img src="x.png" onerror="alert(1)">',
        "<svg><script>alert(1)</script></svg>",
        '<iframe src="https://evil.example/"></iframe>',
        '<base href="https://evil.example/">',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<object data="x.swf"></object><embed src="x.swf">',
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        '<form action="https://evil.example/"><button formaction="javascript:alert(1)">x</button></form>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
        "<scr<script>ipt>alert(1)</script>",
        '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    ],
)
def test_nothing_that_runs_survives_the_cleaning(fragment: str) -> None:
    cleaned = clean(fragment)
    assert_safe_html(parse(cleaned), own_scripts=())
    assert removals(cleaned) == []
    assert removals(fragment) != []


def test_what_is_removed_is_named() -> None:
    fragment = (
        '<p onclick="x" id="__drawer" class="intro">a</p><font color="red">b</font>'
        '<img src="data:image/png;base64,AA"><img src="https://cdn.example/x.png">'
        '<table><tr><td style="text-align: left; color: red">c</td></tr></table><style>p{}</style>'
    )
    found = [(r.kind, r.tag, r.attribute, r.value) for r in removals(fragment)]
    assert found == [
        (RemovalKind.ATTRIBUTE, "p", "onclick", ""),
        (RemovalKind.RESERVED_ID, "p", "id", "__drawer"),
        (RemovalKind.TAG, "font", "", ""),
        (RemovalKind.INLINE_IMAGE, "img", "src", "data:image/png;base64,AA"),
        (RemovalKind.OUTSIDE_IMAGE, "img", "src", "https://cdn.example/x.png"),
        (RemovalKind.STYLE, "td", "style", "color"),
        (RemovalKind.ELEMENT, "style", "", ""),
    ]
    assert clean(fragment) == (
        '<p class="intro">a</p>b<img><img>'
        '<table><tbody><tr><td style="text-align:left">c</td></tr></tbody></table>'
    )


def test_links_images_and_alignment_that_staff_use_are_kept() -> None:
    fragment = (
        '<a href="https://zwfw.example.gov.cn/" title="官网">官网</a> <a href="mailto:a@example.org">信</a> '
        '<a href="tel:0000-1111">电话</a> <a href="sms:10690000">短信</a> <a href="../about/">关于</a> '
        '<a href="#fn:1">1</a> <img src="../assets/pic.png" alt="图" title="图" width="100" height="80">'
        '<table><tr><th style="text-align: center;" colspan="2">表</th></tr></table>'
    )
    assert removals(fragment) == []
    cleaned = parse(clean(fragment))
    assert [a["href"] for a in cleaned.find_all("a")] == [
        "https://zwfw.example.gov.cn/",
        "mailto:a@example.org",
        "tel:0000-1111",
        "sms:10690000",
        "../about/",
        "#fn:1",
    ]
    assert cleaned.img.attrs == {
        "src": "../assets/pic.png",
        "alt": "图",
        "title": "图",
        "width": "100",
        "height": "80",
    }
    assert cleaned.th["style"] == "text-align:center" and cleaned.th["colspan"] == "2"


def test_every_markdown_construct_staff_use_comes_through_whole() -> None:
    renderer = BodyRenderer(
        MarkdownOptions(
            ("toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition",
             "footnotes", "abbr", "def_list", "pymdownx.details"),
            {"toc": {"permalink": True}},
        )
    )  # fmt: skip
    rendered = renderer.html(RICH_BODY)
    assert removals(rendered) == []
    before, after = parse(rendered), parse(clean(rendered))
    assert shape(after) == shape(before)


def shape(soup: object) -> list[tuple[str, dict[str, object]]]:
    """Every element with its attributes (a style as its property names)."""
    elements = []
    for element in soup.find_all(True):  # type: ignore[attr-defined]
        attributes = dict(element.attrs)
        if "style" in attributes:
            attributes["style"] = style_properties(attributes["style"])
        elements.append((element.name, attributes))
    return elements


def test_markdown_extensions_that_do_not_load_are_skipped() -> None:
    renderer = BodyRenderer(MarkdownOptions(("tables", "no_such_extension", "admonition")))
    assert renderer.skipped == ["no_such_extension"]
    assert 'class="admonition note"' in renderer.html('!!! note "注意"\n    正文\n')


def test_plain_text_of_a_heading() -> None:
    assert plain_text("A &amp; <b>B</b>\n &lt;script&gt; <script>x()</script>") == "A & B <script>"


# Fragments that mix what is allowed with what is not, nested, with hostile attribute values.
_ATTRIBUTE_VALUES = st.one_of(
    st.sampled_from(
        [
            "javascript:alert(1)",
            " JaVa\tScRiPt:alert(1)",
            "data:text/html,x",
            "data:image/png;base64,AA",
            "https://evil.example/x.png",
            "//evil.example/x",
            "/\\evil.example/x",
            "../pic.png",
            "#fn:1",
            "__config",
            "text-align: left;",
            "color: red; text-align:center",
            'x"y',
            "a;b",
            "mailto:a@b.c",
        ]
    ),
    st.text(alphabet="<>/=\"' a:;&#()\\-_x", max_size=12),
)
_ATTRIBUTES = st.lists(
    st.tuples(
        st.sampled_from(
            ["class", "id", "href", "src", "style", "onclick", "onerror", "title", "alt",
             "width", "align", "data-md-component", "open", "start", "colspan", "xmlns"]
        ),
        _ATTRIBUTE_VALUES,
    ),
    max_size=3,
)  # fmt: skip
_TAG_NAMES = st.sampled_from(sorted(TAGS | CONTENT_TAGS | {"font", "center", "o:p", "body"}))
_TEXT = st.text(alphabet="文字<>&;#x/ ", max_size=8)


def _element(tag: str, attributes: list[tuple[str, str]], children: list[str]) -> str:
    written = "".join(f' {name}="{value.replace(chr(34), "&quot;")}"' for name, value in attributes)
    return f"<{tag}{written}>{''.join(children)}</{tag}>"


_FRAGMENTS = st.recursive(
    _TEXT,
    lambda children: st.builds(_element, _TAG_NAMES, _ATTRIBUTES, st.lists(children, max_size=3)),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_FRAGMENTS, st.text(alphabet="<>/=\"' abcdefimnoprstv:;&#\n", max_size=60)))
def test_the_cleaning_is_idempotent_and_removes_what_it_names(fragment: str) -> None:
    cleaned = clean(fragment)
    assert removals(cleaned) == []
    assert clean(cleaned) == cleaned
    assert problems_of(parse(cleaned), own_scripts=()) == []


# -- whole sites ---------------------------------------------------------------------------------
def test_a_hostile_site_publishes_nothing_that_runs(project: SiteProject) -> None:
    with_extensions(project)
    own_scripts = template_scripts(project.build("--strict"))
    assert own_scripts  # Material's own inline scripts: the comparison below compares something
    write_hostile(project)
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr
    for line in STORY_WARNINGS + OTHER_WARNINGS:
        assert f"WARNING -  {line}" in result.stderr
    site = project.root / "site"
    assert assert_safe_site(site, own_scripts) > 10
    for _, soup in html_pages(site):
        assert_policy(soup)
    story = project.page(PROFILE).select_one(".hb-story")
    assert story is not None and "热情服务群众" in story.get_text()
    assert "挂了属性的段落" in story.get_text()
    links = project.page("guide").select("article a")
    assert [a.attrs for a in links if a.get_text() == "链接"] == [{}]  # the link, without its href


def test_check_prints_the_same_warnings_and_strict_fails(project: SiteProject) -> None:
    with_extensions(project)
    write_hostile(project)
    result = project.honours("check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for line in STORY_WARNINGS + OTHER_WARNINGS:
        assert line in lines
    assert project.honours("check", "--strict").returncode == 1


def test_titles_and_names_are_text_in_every_template(project: SiteProject) -> None:
    """Titles, names and front matter with markup show as the characters typed: in <title>, the
    header, the nav of every page and of the 404 page, meta and og tags, the table of contents,
    the search index, and once escaped (not twice) in our own fragments."""
    with_extensions(project)
    write_hostile(project)
    name = '王晓明<svg onload="alert(5)">'
    short = "<img src=x onerror=alert(2)>2026年度示范岗"
    project.edit("people/wang-xiaoming.md", "name: 王晓明", f"name: '{name}'")
    project.edit(
        "campaigns/2026-model-post/index.md",
        "short_title: 2026年度优秀党员示范岗",
        f"short_title: '{short}'",
    )
    site = project.build()
    own = template_scripts(site)  # nothing hostile may have become a script: the check below
    for _, soup in html_pages(site):
        assert_safe_html(soup)

    profile = project.page(PROFILE)
    heading = f"{name}｜{short}"
    assert profile.title.get_text() == f"{heading} - 测试中心光荣榜"
    assert profile.select_one("[data-md-component=header-topic]").get_text(strip=True) == heading
    assert profile.find("meta", property="og:title")["content"] == heading
    assert HOSTILE_TITLE in profile.find("meta", attrs={"name": "description"})["content"]
    assert HOSTILE_TITLE in profile.find("meta", property="og:description")["content"]
    assert profile.select_one(".hb-profile__name").get_text() == name  # the fragment: escaped once
    assert profile.select_one(".hb-story__title").get_text() == HOSTILE_TITLE

    about = project.page("about")
    assert about.title.get_text() == '<script>alert("page")</script>关于我们 - 测试中心光荣榜'
    assert about.find("meta", attrs={"name": "description"})["content"] == (
        '"><script>alert("description")</script>'
    )
    assert about.find("meta", attrs={"name": "author"})["content"] == (
        '<b onmouseover="alert(1)">作者</b>'
    )

    guide = project.page("guide")
    assert guide.title.get_text() == "指南 <i>斜</i> - 测试中心光荣榜"
    assert {a.get_text(strip=True) for a in guide.select(".md-nav--secondary a")} == {
        '小节 alert("toc")'  # the heading's text (the script itself is gone from the body)
    }

    for page in (project.page(""), project.page("campaigns"), parse_file(site / "404.html")):
        nav = [a.get_text(strip=True) for a in page.select(".md-nav--primary .md-nav__link")]
        assert short in nav
        assert '<script>alert("page")</script>关于我们' in nav
        assert "指南 <i>斜</i>" in nav
        assert all("<" not in (s.string or "") for s in page.find_all("script") if s.get("src"))

    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    titles = {entry["title"] for entry in index["docs"]}
    # Plain text in the index: search-worker.js escapes what it shows (tests/test_search.py).
    assert "<img src=x onerror=alert(2)>2026年度示范岗" in titles
    assert own == template_scripts(site)


def parse_file(path: Path) -> object:
    return parse(path.read_text(encoding="utf-8"))


def test_an_image_written_into_a_body_is_an_error(project: SiteProject) -> None:
    write_hostile(project, person=True)
    result = project.honours("check")
    assert result.returncode == 1
    assert INLINE_IMAGE_ERROR in result.stdout.splitlines()
    build = project.mkdocs("build")
    assert build.returncode != 0
    assert INLINE_IMAGE_ERROR in build.stdout + build.stderr
    assert not (project.root / "site").exists()


def test_a_body_over_the_limit_is_an_error(project: SiteProject) -> None:
    project.write("guide.md", "# 指南\n\n" + "长" * (BODY_LIMIT + 1) + "\n")
    result = project.honours("check")
    assert result.returncode == 1
    assert (
        f"content/guide.md:1:1: 错误：页面太长（{BODY_LIMIT + 8} 字，最多 {BODY_LIMIT} 字）："
        "请删去多余的内容，或把表格、附件另做成页面"
    ) in result.stdout.splitlines()


RICH_BODY = """\
## 事迹概要 {: #summary .lead }

| 年份 | 荣誉 |
|:-----|-----:|
| 2024 | 优质服务明星 |

![窗口照片](../../assets/window.png){ width="320" }

!!! note "备注"
    群众满意率 *99%*。

??? tip "更多"
    可展开的内容。

他获得 HTML 表彰[^1]。
{: .highlight }

<div class="cards" markdown>
**加粗** 与 `代码`，<abbr title="政务服务">政务</abbr>，<sup>上标</sup><sub>下标</sub>。
</div>

服务时间
:   工作日 9:00—17:00

> 引用一句群众的话。

---

1. 第一
2. 第二

```
代码块
```

[^1]: 2024 年度表彰。

*[HTML]: 超文本标记语言
"""


def test_a_page_with_every_allowed_construct_renders_as_before(project: SiteProject) -> None:
    with_extensions(project)
    png = io.BytesIO()
    Image.new("RGB", (320, 200), (180, 30, 30)).save(png, "PNG")
    project.write("assets/window.png", png.getvalue())
    project.write(
        NOMINATION,
        "---\ncategory: model-post\ntitle: 窗口\ncode: 7\nstatus: candidate\n---\n"
        f"{STORY}\n\n{RICH_BODY}",
    )
    project.write("rich.md", f"# 丰富的页面\n\n{RICH_BODY.replace('../../assets', 'assets')}")
    check = project.honours("check", "--strict")
    assert check.returncode == 0, check.stdout
    project.build("--strict")
    for page in (project.page(PROFILE).select_one(".hb-story"), project.page("rich")):
        assert page is not None
        assert page.select_one("h2#summary.lead") is not None
        assert [th["style"] for th in page.select("th")] == ["text-align:left", "text-align:right"]
        image = page.select_one("img[alt=窗口照片]")
        assert image is not None and image["width"] == "320" and image["src"].endswith("window.png")
        assert page.select_one("div.admonition.note > p.admonition-title").get_text() == "备注"
        assert page.select_one("div.admonition.note em").get_text() == "99%"
        assert page.select_one("details.tip > summary").get_text() == "更多"
        assert page.select_one("p.highlight sup[id^=fnref] a.footnote-ref") is not None
        assert page.select_one("div.footnote li[id^=fn] a.footnote-backref") is not None
        assert page.select_one("abbr[title=超文本标记语言]") is not None
        cards = page.select_one("div.cards")
        assert cards is not None and cards.strong is not None and cards.code is not None
        assert cards.select_one("abbr[title=政务服务]") is not None
        assert cards.sup is not None and cards.sub is not None
        assert page.select_one("dl dt").get_text() == "服务时间"
        assert page.blockquote is not None and page.hr is not None
        assert [li.get_text() for li in page.select("ol > li")][:2] == ["第一", "第二"]
        assert page.select_one("pre code").get_text().strip() == "代码块"
        assert page.select_one("a.headerlink[href='#summary']") is not None
