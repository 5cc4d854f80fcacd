"""The theme's templates, checked before a page is written.

A centre may override any template in its `custom_dir`. An override with a
syntax error, or one that extends, includes or imports a template that does
not exist, stops the build with the file and line in Chinese:
`theme/fragments/profile.html:12: 错误：模板语法有误（…）`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

import jinja2
from jinja2 import nodes

from ..sources.problems import display_path

# Folders of a custom_dir that hold files served as they are, not templates.
STATIC_FOLDERS = ("assets",)


class TemplateProblem(Exception):
    """A template that cannot be used, as `file:line: 错误：…`."""


def page_templates(custom_dir: str | Path | None) -> tuple[list[str], list[str]]:
    """The templates a centre's custom_dir holds: (page templates, fragments), by template name."""
    pages: list[str] = []
    fragments: list[str] = []
    if custom_dir is None or not Path(custom_dir).is_dir():
        return pages, fragments
    for path in sorted(Path(custom_dir).rglob("*.html")):
        name = path.relative_to(custom_dir).as_posix()
        if name.split("/")[0] in STATIC_FOLDERS:
            continue
        (fragments if name.startswith("fragments/") else pages).append(name)
    return pages, fragments


def fragment_names(dirs: Iterable[str | Path]) -> list[str]:
    """Every `fragments/*.html` found in these theme folders."""
    names = {
        f"fragments/{path.name}"
        for folder in dirs
        if (Path(folder) / "fragments").is_dir()
        for path in (Path(folder) / "fragments").glob("*.html")
    }
    return sorted(names)


def check_templates(
    env: jinja2.Environment, names: Iterable[str], own: Iterable[str | Path]
) -> None:
    """Load and compile each template and, inside our own folders (`own`: the custom_dir and the
    package's theme), every template it extends, includes or imports by name, recursively.

    Raises TemplateProblem with every problem found."""
    folders = [os.path.abspath(folder) for folder in own]
    problems: list[str] = []
    seen: set[str] = set()

    def ours(filename: str | None) -> bool:
        return filename is not None and any(
            os.path.abspath(filename).startswith(folder + os.sep) for folder in folders
        )

    def visit(name: str, referrer: tuple[str, int] | None) -> None:
        if name in seen:
            return
        seen.add(name)
        try:
            template = env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(syntax_problem(exc))
            return
        except jinja2.TemplateNotFound:
            problems.append(_at(referrer, f"找不到模板“{name}”"))
            return
        if not ours(template.filename):
            return
        assert env.loader is not None and template.filename is not None
        source = env.loader.get_source(env, name)[0]
        for reference, line in referenced(env.parse(source, name, template.filename)):
            visit(reference, (template.filename, line))

    for name in names:
        visit(name, None)
    if problems:
        raise TemplateProblem("\n".join(problems))


def referenced(tree: nodes.Template) -> list[tuple[str, int]]:
    """The templates a template names literally (extends, include, import, from … import), with
    their lines; an `ignore missing` include and computed names are left out."""
    found = []
    for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        if getattr(node, "ignore_missing", False):
            continue
        target = getattr(node, "template", None)
        if isinstance(target, nodes.Const) and isinstance(target.value, str):
            found.append((target.value, node.lineno))
    return found


def syntax_problem(exc: jinja2.TemplateSyntaxError) -> str:
    where = exc.filename or exc.name or "模板"
    return f"{display_path(Path(where))}:{exc.lineno}: 错误：模板语法有误（{exc.message}）"


def describe(exc: jinja2.TemplateError, name: str) -> str:
    """A template that failed while rendering `name`, at the template line where it failed."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return syntax_problem(exc)
    location = _template_frame(exc.__traceback__)
    if isinstance(exc, jinja2.TemplateNotFound):
        return _at(location, f"找不到模板“{exc.name}”")
    return _at(location or (name, 0), f"模板出错（{exc.message or type(exc).__name__}）")


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """Jinja rewrites tracebacks so that template code shows its own file and line: the last such
    frame is where the template failed."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _at(location: tuple[str, int] | None, message: str) -> str:
    if location is None:
        return f"错误：{message}"
    filename, line = location
    shown = display_path(Path(filename))
    return f"{shown}:{line}: 错误：{message}" if line else f"{shown}: 错误：{message}"
