"""What a Markdown body may contain on the published site, and the cleaning that enforces it.

Stories, notices and introductions arrive as text pasted from Word and WeChat. Every body is
rendered to HTML and then cleaned with nh3 (Ammonia) against one allowlist: the elements and
attributes staff really use, and those Markdown's admonitions, tables, attr_list, md_in_html,
footnotes and abbreviations produce. `clean` is what the site publishes; `removals` says, from
the same constants, what `clean` takes out, so that `check_body` can tell staff in Chinese, with
file and line, before anything is published. Titles and names are never HTML: `plain_text` and
`text_markup` make them plain, escaped text for templates that do not escape.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import nh3
from markupsafe import Markup, escape

from .problems import Mark, Problems

# -- the allowlist ----------------------------------------------------------------------------
# Elements kept (their unlisted attributes are dropped).
TAGS = frozenset(
    {
        *(f"h{level}" for level in range(1, 7)),
        "p", "br", "hr", "blockquote", "pre", "code",
        "ul", "ol", "li", "dl", "dt", "dd",
        "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
        "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
        "kbd", "abbr", "q", "cite",
        "a", "img",
        "div", "span", "details", "summary", "figure", "figcaption",
    }
)  # fmt: skip
# Elements removed with everything inside them (the rest of what is not allowed loses only its
# tags, and its text stays).
CONTENT_TAGS = frozenset(
    {
        "script", "style", "template", "noscript", "iframe", "frame", "frameset", "noframes",
        "object", "embed", "applet", "param", "base", "meta", "link", "title",
        "form", "input", "button", "select", "option", "optgroup", "textarea", "datalist",
        "output", "svg", "math", "audio", "video", "source", "track", "canvas", "xmp",
        "noembed", "plaintext",
    }
)  # fmt: skip
# Attributes kept on every allowed element, and on some.
GLOBAL_ATTRIBUTES = frozenset({"class", "id"})
ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "abbr": frozenset({"title"}),
    "th": frozenset({"style", "align", "colspan", "rowspan", "scope"}),
    "td": frozenset({"style", "align", "colspan", "rowspan"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start"}),
    "details": frozenset({"open"}),
}
URL_ATTRIBUTES = frozenset({"href", "src"})
# Links may go to these schemes or be relative; images must be files of the site itself.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms"})
# The only style kept: a table column's alignment, as Markdown tables write it.
STYLE_PROPERTIES = frozenset({"text-align"})
# Ids that begin so belong to the page around the body (Material's `__config`, `__drawer`…): a
# body that took one could hijack the site's own script.
RESERVED_ID_PREFIX = "__"
# Characters of Markdown a body may have; a longer one is an error.
BODY_LIMIT = 50_000
SCHEMES_IN_WORDS = "http、https、mailto、tel、sms 或站内地址"

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr", "keygen", "frame"}
)  # fmt: skip
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_URL_NOISE = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL
_URL_EDGES = "".join(map(chr, range(0x21)))  # and control characters and spaces around it


def clean(fragment: str) -> str:
    """The HTML fragment with everything outside the allowlist removed, as it reads back: an
    element whose tags were dropped can leave markup that a parser nests otherwise
    (`<h1><x><h1></h1></h1>` becomes `<h1><h1></h1></h1>`, which reads as two headings), so
    the cleaning is repeated until what it writes is what a browser will read."""
    cleaned = _clean_once(fragment)
    for _ in range(3):
        again = _clean_once(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def _clean_once(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=set(TAGS),
        clean_content_tags=set(CONTENT_TAGS),
        attributes={"*": set(GLOBAL_ATTRIBUTES), **{t: set(a) for t, a in ATTRIBUTES.items()}},
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
    )


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """What the allowlist says beyond names: no reserved ids, images only from the site."""
    if attribute == "id" and value.startswith(RESERVED_ID_PREFIX):
        return None
    if tag == "img" and attribute == "src" and not _site_relative(value):
        return None
    return value


def _site_relative(url: str) -> bool:
    """A URL inside the site: no scheme and no host (`//host`, or `/\\host`, which browsers read
    as one)."""
    url = _URL_NOISE.sub("", url).strip(_URL_EDGES)
    return not _SCHEME.match(url) and not re.match(r"^[/\\]{2}", url)


@lru_cache(maxsize=1024)
def _url_kept(url: str) -> bool:
    """Whether nh3 keeps `url` as a link: asked of nh3 itself, so that the two cannot disagree."""
    probe = nh3.clean(
        f'<a href="{html.escape(url, quote=True)}"></a>',
        tags={"a"},
        attributes={"a": {"href"}},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
    )
    return "href=" in probe


def style_properties(style: str) -> list[str]:
    """The property names of a style attribute, in order (quotes and brackets respected)."""
    names, depth, quote, start = [], 0, "", 0
    declarations = []
    for index, char in enumerate(style):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            declarations.append(style[start:index])
            start = index + 1
    declarations.append(style[start:])
    for declaration in declarations:
        name, colon, _ = declaration.partition(":")
        if colon or name.strip():
            names.append(name.strip())
    return names


# -- what the cleaning removes ------------------------------------------------------------------
class RemovalKind(Enum):
    ELEMENT = "element"  # removed with its content
    TAG = "tag"  # its tags removed, its text kept
    ATTRIBUTE = "attribute"
    URL = "url"  # a link to a scheme not allowed
    INLINE_IMAGE = "inline_image"  # an image written into the text as data: (an error)
    OUTSIDE_IMAGE = "outside_image"  # an image from another site
    STYLE = "style"  # style properties other than text-align
    RESERVED_ID = "reserved_id"


@dataclass(frozen=True)
class Removal:
    kind: RemovalKind
    tag: str
    attribute: str = ""
    value: str = ""

    @property
    def is_error(self) -> bool:
        return self.kind is RemovalKind.INLINE_IMAGE

    @property
    def needle(self) -> str:
        """A pattern to look for in the Markdown source to find where the removed part was
        written: a tag as a tag (`<p`, not `<pre`), an attribute as an attribute (`style=`, not
        the `style` of `<style>`), a value as it was written."""
        if self.kind in (RemovalKind.ELEMENT, RemovalKind.TAG):
            return rf"<{re.escape(self.tag)}(?![\w:.-])"
        if self.kind in (RemovalKind.URL, RemovalKind.INLINE_IMAGE, RemovalKind.OUTSIDE_IMAGE):
            return re.escape(self.value.strip()[:40])
        if self.kind is RemovalKind.RESERVED_ID:
            return re.escape(self.value)
        return rf"(?<![\w:.</-]){re.escape(self.attribute)}(?=\s*=|[\s/>}}]|$)"

    def message(self, label: str) -> str:
        """In Chinese, `label` naming the body (主要事迹, 活动通知…)."""
        tag, attribute = f"<{self.tag}>", self.attribute
        match self.kind:
            case RemovalKind.ELEMENT:
                return f"{label}中的 {tag} 已删除"
            case RemovalKind.TAG:
                return f"{label}中的 {tag} 标签已删除（其中的文字保留）"
            case RemovalKind.ATTRIBUTE:
                return f"{label}中 {tag} 的 {attribute} 属性已删除"
            case RemovalKind.URL:
                return (
                    f"{label}中 {tag} 的地址“{_shown(self.value)}”已删除："
                    f"只能使用 {SCHEMES_IN_WORDS}"
                )
            case RemovalKind.INLINE_IMAGE:
                return (
                    f"{label}中不能直接嵌入图片（data: 地址），已删除：请把图片另存为文件放进 "
                    "content/ 再引用；人员照片请写在记录的 photo 字段"
                )
            case RemovalKind.OUTSIDE_IMAGE:
                return (
                    f"{label}中的外部图片“{_shown(self.value)}”已删除：网站只显示自己的图片，"
                    "请把图片下载后放进 content/ 再引用"
                )
            case RemovalKind.STYLE:
                return f"{label}中 {tag} 的样式“{self.value}”已删除：表格单元格只能设置对齐方式"
            case RemovalKind.RESERVED_ID:
                return (
                    f"{label}中 {tag} 的 id“{self.value}”已删除："
                    f"以“{RESERVED_ID_PREFIX}”开头的 id 留给网站本身使用"
                )


def _shown(value: str, limit: int = 40) -> str:
    """A value as quoted in a message: one line, at most `limit` characters, control characters
    named (a terminal would act on them, and a reader could not see them)."""
    value = " ".join(value.split())
    value = "".join(
        f"[U+{ord(char):04X}]" if unicodedata.category(char) == "Cc" else char for char in value
    )
    return value if len(value) <= limit else value[: limit - 1] + "…"


def removals(fragment: str) -> list[Removal]:
    """What `clean` removes from `fragment`, in document order (comments, never shown, are
    removed without a word)."""
    finder = _RemovalFinder()
    finder.feed(fragment.replace("\0", "\ufffd"))  # as nh3 and browsers read a NUL
    finder.close()
    return finder.found


_RAW_TEXT = (
    "script",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "textarea",
    "title",
)


class _RemovalFinder(HTMLParser):
    # Elements whose content is text up to their end tag, as nh3 (and a browser running
    # scripts) reads them: `<noscript><p title="</noscript><img onerror=…>">` has a real <img>.
    CDATA_CONTENT_ELEMENTS = _RAW_TEXT  # type: ignore[misc]  # typeshed calls it Final

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Removal] = []
        self._skipping: str | None = None  # the removed element we are inside
        self._depth = 0

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping == tag:
            self._depth -= 1
            if self._depth == 0:
                self._skipping = None

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self._skipping is not None:
            if tag == self._skipping and not closed and tag not in _VOID:
                self._depth += 1
            return
        if tag not in TAGS:
            if tag in CONTENT_TAGS:
                self.found.append(Removal(RemovalKind.ELEMENT, tag))
                if not closed and tag not in _VOID:
                    self._skipping, self._depth = tag, 1
            else:
                self.found.append(Removal(RemovalKind.TAG, tag))
            return
        allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(tag, frozenset())
        seen: set[str] = set()
        for name, raw in attrs:
            if name in seen:  # the HTML parser keeps the first of a repeated attribute
                continue
            seen.add(name)
            value = raw or ""
            if name not in allowed:
                self.found.append(Removal(RemovalKind.ATTRIBUTE, tag, name))
            elif name in URL_ATTRIBUTES:
                self._url(tag, name, value)
            elif name == "id" and value.startswith(RESERVED_ID_PREFIX):
                self.found.append(Removal(RemovalKind.RESERVED_ID, tag, name, value))
            elif name == "style":
                dropped = [p for p in style_properties(value) if p not in STYLE_PROPERTIES]
                if dropped:
                    self.found.append(Removal(RemovalKind.STYLE, tag, name, "、".join(dropped)))

    def _url(self, tag: str, name: str, value: str) -> None:
        if not _url_kept(value):
            scheme = _SCHEME.match(_URL_NOISE.sub("", value).strip(_URL_EDGES))
            inline = tag == "img" and scheme is not None and scheme.group(1).lower() == "data"
            kind = RemovalKind.INLINE_IMAGE if inline else RemovalKind.URL
            self.found.append(Removal(kind, tag, name, value))
        elif tag == "img" and name == "src" and not _site_relative(value):
            self.found.append(Removal(RemovalKind.OUTSIDE_IMAGE, tag, name, value))


# -- plain text for titles --------------------------------------------------------------------
def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, as a reader sees it: tags gone, entities decoded, runs of
    white space made one space, control characters (a NUL pasted into a heading) gone."""
    reader = _TextReader()
    reader.feed(fragment)
    reader.close()
    text = " ".join("".join(reader.parts).split())
    return "".join(char for char in text if unicodedata.category(char) != "Cc")


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def text_markup(text: object) -> Markup:
    """Text as HTML that shows exactly that text, for templates that print values as they are
    (a `Markup` is printed as is, and escaping it again changes nothing)."""
    return escape(text)


# -- Markdown as the site renders it ----------------------------------------------------------
# What MkDocs always adds to the extensions of mkdocs.yml.
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True)
class MarkdownOptions:
    """The Markdown extensions of mkdocs.yml (`markdown_extensions`) and their settings."""

    extensions: tuple[Any, ...] = BUILTIN_EXTENSIONS  # names, or Extension objects
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


class BodyRenderer:
    """Markdown to HTML with the site's extensions; an extension that does not load is skipped
    (the build says what is wrong with it)."""

    def __init__(self, options: MarkdownOptions | None = None) -> None:
        options = options or MarkdownOptions()
        configs = {str(k): dict(v) for k, v in options.configs.items() if isinstance(v, Mapping)}
        loaded: list[Any] = []
        self.skipped: list[str] = []
        for extension in options.extensions:
            try:
                markdown.Markdown(
                    extensions=[*loaded, extension],
                    extension_configs=_configs_of(configs, loaded, extension),
                )
            except Exception:  # an extension that is not installed or not configured right
                self.skipped.append(str(extension))
                continue
            loaded.append(extension)
        self._md = markdown.Markdown(
            extensions=loaded, extension_configs=_configs_of(configs, loaded)
        )

    def html(self, text: str) -> str:
        self._md.reset()
        return str(self._md.convert(text))


def _configs_of(
    configs: Mapping[str, dict[str, Any]], loaded: Iterable[Any], extra: Any = None
) -> dict[str, dict[str, Any]]:
    names = {e for e in [*loaded, extra] if isinstance(e, str)}
    return {name: config for name, config in configs.items() if name in names}


# -- checking a body ------------------------------------------------------------------------
@dataclass(frozen=True)
class Body:
    """A Markdown body as written in its file."""

    text: str
    path: Path
    first_line: int  # the line of the file the body starts on
    label: str  # what staff call it: 主要事迹, 活动通知, 个人简介, 简介, 首页介绍, 页面


def check_body(body: Body, find: Callable[[str], Sequence[Removal]], problems: Problems) -> None:
    """Say what the cleaning will remove from the body as the site renders it (`find` is
    `removals(render(text))`, or a `BodyChecker`'s, which remembers it): a warning for each
    kind of removal (with how many), at the line of the file where it was written; an error for
    an image written into the text and for a body over `BODY_LIMIT`."""
    if len(body.text) > BODY_LIMIT:
        problems.error(
            Mark(body.path, body.first_line, 1),
            f"{body.label}太长（{len(body.text)} 字，最多 {BODY_LIMIT} 字）：请删去多余的内容，"
            "或把表格、附件另做成页面",
        )
        return
    found: dict[str, tuple[Removal, int]] = {}
    for removal in find(body.text):
        message = removal.message(body.label)
        first, count = found.get(message, (removal, 0))
        found[message] = (first, count + 1)
    if not found:
        return  # nothing to place: the file is not read again
    lines = body_lines(body)
    for message, (removal, count) in found.items():
        mark = _locate(removal.needle, lines, body)
        shown = f"{message}（共 {count} 处）" if count > 1 else message
        if removal.is_error:
            problems.error(mark, shown)
        else:
            problems.warning(mark, shown)


def body_lines(body: Body) -> list[str]:
    """The lines of the file from the body's first line on (the body's own text if the file
    no longer reads). Lines end at line feeds only, as editors count them: `str.splitlines`
    would also end one at a form feed, a vertical tab or U+2028 written in the text."""
    try:
        text = body.path.read_text(encoding="utf-8-sig")  # CRLF and CR read as LF
    except (OSError, UnicodeDecodeError):
        text = body.text
    else:
        text = "\n".join(text.split("\n")[body.first_line - 1 :])
    return text.replace("\0", "\ufffd").split("\n")  # a NUL as removals() reads it


def _locate(needle: str, lines: list[str], body: Body) -> Mark:
    """Where `needle` (a pattern) is first written: as it is, else with character references
    read (`&#106;avascript:` is `javascript:`); else the body's first line."""
    if needle:
        pattern = re.compile(needle, re.IGNORECASE)
        for number, line in enumerate(lines):
            match = pattern.search(line)
            if match:
                return Mark(body.path, body.first_line + number, match.start() + 1)
        for number, line in enumerate(lines):
            text, columns = _unescaped(line)
            match = pattern.search(text)
            if match:
                return Mark(body.path, body.first_line + number, columns[match.start()] + 1)
    return Mark(body.path, body.first_line, 1)


_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def _unescaped(line: str) -> tuple[str, list[int]]:
    """The line with its character references read, and for each character of that text the
    index in `line` where it was written."""
    text: list[str] = []
    columns: list[int] = []
    position = 0
    for match in _REFERENCE.finditer(line):
        text.extend(line[position : match.start()])
        columns.extend(range(position, match.start()))
        decoded = html.unescape(match.group())
        text.extend(decoded)
        columns.extend([match.start()] * len(decoded))
        position = match.end()
    text.extend(line[position:])
    columns.extend(range(position, len(line)))
    return "".join(text), columns
