"""Property tests: the loader and its parsers never raise, whatever they are given."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import load
from generator.sources.fields import parse_moment
from generator.sources.problems import Problems
from generator.sources.textcount import count_characters
from generator.sources.yamlfile import Mapping, Scalar, Sequence, parse_yaml

YAML_ALPHABET = st.sampled_from(list("ab:- \n\t[]{}&*!|>'\"#,.?%@`~0123456789名字：“”\r"))
yaml_text = st.text(YAML_ALPHABET, max_size=120)

KEYS = [
    "name",
    "unit",
    "kind",
    "born",
    "gender",
    "photo",
    "honours",
    "private",
    "joined_party",
    "nmae",
]
scalars = st.one_of(
    st.sampled_from(
        [
            "no",
            "yes",
            "010010",
            "2024-13-01",
            "2024-06-25",
            "1988",
            "~",
            "",
            "男",
            "window",
            "[",
            "&a x",
        ]
    ),
    st.text(max_size=8),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)
    ),
    max_leaves=6,
)


def _dump(value: object, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        return (
            "".join(f"{pad}{k}:\n{_dump(v, indent + 2)}" for k, v in value.items())
            or f"{pad}{{}}\n"
        )
    if isinstance(value, list):
        return "".join(f"{pad}-\n{_dump(v, indent + 2)}" for v in value) or f"{pad}[]\n"
    return f"{pad}{value}\n"


@given(yaml_text)
def test_parse_yaml_returns_nodes_or_problems(text: str) -> None:
    problems = Problems()
    node = parse_yaml(text, Path("x.yml"), problems)
    assert node is None or isinstance(node, Scalar | Sequence | Mapping)
    for problem in problems.items:
        assert problem.mark.line >= 1 and problem.mark.column >= 1


@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=6), yaml_text)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_loader_gives_records_or_messages(
    tmp_path: Path, front: dict[str, object], noise: str
) -> None:
    root = tmp_path / "content"
    (root / "people").mkdir(parents=True, exist_ok=True)
    (root / "organisation.yml").write_text("name: 中心\n", encoding="utf-8")
    (root / "units.yml").write_text(
        _dump({"units": [{"id": "u", "name": "单位", "kind": "hall"}]}), encoding="utf-8"
    )
    (root / "people" / "p.md").write_text(
        f"---\n{_dump(front)}{noise}\n---\n正文\n", encoding="utf-8"
    )
    result = load(root)[0]
    assert result.content is not None
    person = result.content.people.get("p")
    assert person is not None or result.problems.errors
    for problem in result.problems.items:
        assert problem.message and problem.mark.path.name == "p.md"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_dates_parse_to_themselves(day: date) -> None:
    moment = parse_moment(day.isoformat())
    assert moment is not None and moment.date() == day


@given(st.text(max_size=20))
def test_parse_moment_never_raises(text: str) -> None:
    moment = parse_moment(text)
    assert moment is None or moment.tzinfo is not None


@given(st.text(max_size=200))
def test_count_is_bounded_by_length(text: str) -> None:
    assert 0 <= count_characters(text) <= len(text)


@given(
    st.text(
        alphabet=st.characters(
            whitelist_categories=["Lo"], min_codepoint=0x4E00, max_codepoint=0x9FFF
        ),
        max_size=50,
    ),
    st.text(" \n*#>-_", max_size=20),
)
def test_spaces_and_marks_do_not_count(han: str, marks: str) -> None:
    assert count_characters(marks + han + marks) == len(han)
