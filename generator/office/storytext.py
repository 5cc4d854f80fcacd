"""A nomination's story between Markdown and a Word cell's paragraphs of runs.

The story is Markdown as staff write it in `content/`: paragraphs separated by blank lines,
**bold** (the demo's subheadings are whole bold paragraphs), *italic*. A Word form holds the
same story as paragraphs of runs, each bold, italic or plain. Only this much is carried both
ways, so that a story written out to a form and read back is the same Markdown, character for
character; a heading (`## 小标题`) becomes a bold paragraph, which reads back as `**小标题**`.

The reader of Markdown is deliberately small: `*`, `**` and `***` toggle italic, bold or both;
a marker with no partner in its paragraph is an ordinary character; a backslash before ASCII
punctuation makes it literal. The writer leaves text as typed unless that reader would take
part of it as markup, and then escapes it, so any text a unit types in Word (asterisks,
backslashes, a leading #) comes back as typed, and a story from `content/` is unchanged.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.DOTALL)
_HEADING_START = re.compile(r"^#{1,6}[ \t]")
_PUNCTUATION = frozenset(string.punctuation)


@dataclass(frozen=True)
class Run:
    """A stretch of a paragraph with one formatting, as Word keeps it."""

    text: str
    bold: bool = False
    italic: bool = False


def story_runs(markdown: str) -> list[list[Run]]:
    """The story's paragraphs, each a list of runs (adjacent runs differ in formatting)."""
    text = markdown.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(text):
        runs = _block_runs(block)
        if runs:
            paragraphs.append(runs)
    return paragraphs


def _block_runs(block: str) -> list[Run]:
    heading = _HEADING.match(block)
    if heading:
        return merged([Run(r.text, True, r.italic) for r in _inline(heading.group(1))])
    return _inline(block)


def story_markdown(paragraphs: list[list[Run]]) -> str:
    """The paragraphs as Markdown: blank lines between paragraphs, empty paragraphs dropped,
    each paragraph's surrounding whitespace (Word's indent of two full-width spaces) trimmed."""
    blocks = []
    for paragraph in paragraphs:
        runs = _trimmed(merged(paragraph))
        if not runs:
            continue
        # Escapes only when they are needed: "5*8小时" stays as typed, as in `content/`.
        escaped = _paragraph_markdown(runs, escape=True)
        plain = _paragraph_markdown(runs, escape=False)
        blocks.append(plain if _block_runs(plain) == _block_runs(escaped) else escaped)
    return "\n\n".join(blocks)


def merged(runs: list[Run]) -> list[Run]:
    """Runs as few as the formatting allows: whitespace-only runs plain, adjacent runs with
    the same formatting joined, empty runs dropped."""
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if not run.text.strip():
            run = Run(run.text)
        if out and (out[-1].bold, out[-1].italic) == (run.bold, run.italic):
            out[-1] = Run(out[-1].text + run.text, run.bold, run.italic)
        else:
            out.append(run)
    return out


def _trimmed(runs: list[Run]) -> list[Run]:
    """The paragraph without leading or trailing whitespace."""
    runs = list(runs)
    while runs and not runs[0].text.strip():
        runs.pop(0)
    while runs and not runs[-1].text.strip():
        runs.pop()
    if runs:
        first, last = runs[0], runs[-1]
        runs[0] = Run(first.text.lstrip(), first.bold, first.italic)
        last = runs[-1]
        runs[-1] = Run(last.text.rstrip(), last.bold, last.italic)
    return runs


def _paragraph_markdown(runs: list[Run], *, escape: bool) -> str:
    """One paragraph. Markers hug the text they format (Markdown ignores `** a**`): the
    whitespace around a formatted run stays outside them. Between two formatted runs the
    markers only toggle what changes (`**a*b***` for bold "a" then bold italic "b"), so no
    more than three asterisks ever stand together."""
    out: list[str] = []
    state = (False, False)
    for run in runs:
        text = _escaped(run.text) if escape else run.text
        wanted = (run.bold, run.italic)
        if wanted == (False, False):
            out.append(_toggle(state, wanted) + text)
            state = wanted
            continue
        core = text.strip()
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        if lead:
            out.append(_toggle(state, (False, False)) + lead)
            state = (False, False)
        out.append(_toggle(state, wanted) + core)
        state = wanted
        if trail:
            out.append(_toggle(state, (False, False)) + trail)
            state = (False, False)
    out.append(_toggle(state, (False, False)))
    block = "".join(out)
    if escape and _HEADING_START.match(block):
        block = "\\" + block  # a paragraph typed as "# 文字" in Word is text, not a heading
    return block


def _toggle(old: tuple[bool, bool], new: tuple[bool, bool]) -> str:
    """The markers that turn formatting `old` (bold, italic) into `new`."""
    return "**" * (old[0] != new[0]) + "*" * (old[1] != new[1])


def _escaped(text: str) -> str:
    """Text with every asterisk and backslash escaped: read back by `_inline` as themselves,
    wherever they stand (a backslash before a closing marker included)."""
    return text.replace("\\", "\\\\").replace("*", "\\*")


@dataclass
class _Marker:
    width: int  # 1, 2 or 3 asterisks
    bold: bool = False  # paired as a bold marker
    italic: bool = False  # paired as an italic marker


def _inline(text: str) -> list[Run]:
    """A paragraph's runs: asterisk markers paired in order, bold (`**`) and italic (`*`)
    separately, `***` being both; an unpaired marker is literal text."""
    pieces: list[str | _Marker] = []
    literal: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _PUNCTUATION:
            literal.append(text[index + 1])
            index += 2
            continue
        if char == "*":
            end = index
            while end < len(text) and text[end] == "*":
                end += 1
            width = end - index
            if width <= 3:
                if literal:
                    pieces.append("".join(literal))
                    literal = []
                pieces.append(_Marker(width))
            else:
                literal.append(text[index:end])
            index = end
            continue
        literal.append(char)
        index += 1
    if literal:
        pieces.append("".join(literal))

    markers = [p for p in pieces if isinstance(p, _Marker)]
    for kind, widths in (("bold", (2, 3)), ("italic", (1, 3))):
        candidates = [m for m in markers if m.width in widths]
        if len(candidates) % 2:
            candidates = candidates[:-1]  # the last one has no partner
        for marker in candidates:
            setattr(marker, kind, True)

    runs: list[Run] = []
    bold = italic = False
    for piece in pieces:
        if isinstance(piece, str):
            runs.append(Run(piece, bold, italic))
            continue
        used = (2 if piece.bold else 0) + (1 if piece.italic else 0)
        if piece.width > used:  # part of the marker was not paired: those asterisks are text
            runs.append(Run("*" * (piece.width - used), bold, italic))
        bold ^= piece.bold
        italic ^= piece.italic
    return merged(runs)
