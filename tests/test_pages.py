"""Page kinds: each has its fragment, a typed context with exactly the fragment's variables, and
its settings. Builds no site and makes no portraits."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from pathlib import Path

import jinja2
import pytest
from jinja2 import meta, nodes

import generator
from generator.boards.definitions import load_boards
from generator.boards.ratings import load_ratings
from generator.build import load
from generator.site.pages import PageContext, PageKind, PageSpec, all_pages
from generator.site.views import Views
from generator.voting.results import campaign_results

from .conftest import REPO

FRAGMENTS = Path(generator.__file__).parent / "theme" / "fragments"  # the package's theme
# What FragmentRenderer gives every fragment besides the context.
RENDER_NAMES = {"body", "url", "page_title", "qr", "address", "absolute", "qr_svg"}
NO_TOC = {"profile", "person", "nominees", "unit", "people", "units"}


@pytest.fixture(scope="module")
def specs() -> list[PageSpec]:
    result = load(REPO / "content")[0]
    content, problems = result.content, result.problems
    assert content is not None
    months = load_ratings(content, problems)
    boards = load_boards(content, set(months), problems)
    tallies = campaign_results(content, problems)
    views = Views(content, {}, date(2026, 11, 25), tallies, months, boards)
    return list(all_pages(views))


def fragment_variables(kind: PageKind) -> set[str]:
    """The names the fragment (and the partials it includes) looks up, less those it sets
    itself and those every page gets."""
    return template_variables(f"{kind}.html") - RENDER_NAMES


def template_variables(name: str) -> set[str]:
    path = FRAGMENTS / name
    if not path.is_file():  # `{% include … ignore missing %}`
        return set()
    tree = jinja2.Environment().parse(path.read_text(encoding="utf-8"))
    targets = [node.target for node in tree.find_all(nodes.Assign)]
    assigned = {t.name for t in targets if isinstance(t, nodes.Name)}
    found = meta.find_undeclared_variables(tree) - assigned
    for include in tree.find_all(nodes.Include):
        if isinstance(include.template, nodes.Const):
            found |= template_variables(include.template.value.removeprefix("fragments/"))
    return found


@pytest.mark.parametrize("kind", list(PageKind))
def test_every_kind_has_a_fragment(kind: PageKind) -> None:
    assert (FRAGMENTS / f"{kind}.html").is_file()


def test_the_demo_has_every_kind_each_context_with_its_fragments_variables(
    specs: list[PageSpec],
) -> None:
    assert {spec.kind for spec in specs} == set(PageKind)
    assert len({spec.src_uri for spec in specs}) == len(specs)
    for spec in specs:
        assert isinstance(spec.context, PageContext)
        names = {f.name for f in fields(spec.context)}
        assert names == fragment_variables(spec.kind), spec.src_uri


def test_screens_have_their_own_template_and_stay_out_of_search(specs: list[PageSpec]) -> None:
    for spec in specs:
        screen = spec.kind == "screen"
        assert spec.template == ("screen.html" if screen else "honours.html")
        assert spec.search_exclude == screen
        assert spec.hide == (("toc",) if spec.kind in NO_TOC else ())
