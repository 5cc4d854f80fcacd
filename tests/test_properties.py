"""Property tests: the loader and its parsers never raise, whatever they are given."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import load
from generator.sources.fields import Fields, parse_moment
from generator.sources.problems import Mark, Problems
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


# -- addresses: Fields.url and Fields.email -----------------------------------------------------
HERE = Mark(Path("x.yml"), 1, 1)


def read_field(kind: str, value: str) -> tuple[str | None, Problems]:
    """`value` read as the `kind` field (url or email) of a mapping, as a record's would be."""
    problems = Problems()
    fields = Fields(
        Mapping({"field": Scalar(value, HERE)}, HERE, {"field": HERE}), problems, HERE, ["field"]
    )
    read = fields.url("field") if kind == "url" else fields.email("field")
    return read, problems


def invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def any_case(words: list[str]) -> st.SearchStrategy[str]:
    """One of `words`, each letter in upper or lower case: `JavaScript`, `dAtA`."""
    return st.sampled_from(words).flatmap(
        lambda word: st.tuples(*(st.sampled_from([c.lower(), c.upper()]) for c in word)).map(
            "".join
        )
    )


# Text that looks like an address: schemes in any letter case, hosts, ports, users, paths.
SCHEMES = ["http", "https", "javascript", "data", "vbscript", "file", "ftp", "mailto", ""]
url_parts = st.tuples(
    st.text(st.sampled_from(list(" \t\n\r\x00\x01\x0b\x0c\x1f\x7f\u200b\u202e\u3000")), max_size=3),
    any_case(SCHEMES),
    st.sampled_from([":", "://", ":/", ":\\\\", "%3A//", ""]),
    st.text(st.sampled_from(list("abc.-_:@[]1/?#%\\ 例\t")), max_size=20),
)
urlish = url_parts.map("".join) | st.text(max_size=40)


@given(urlish)
def test_url_never_raises_and_accepts_only_web_addresses(text: str) -> None:
    value, problems = read_field("url", text)
    if value is None:
        return
    assert problems.items == []
    parts = urlsplit(value)
    assert parts.scheme.lower() in ("http", "https")
    assert value.lower().startswith(("http://", "https://"))
    assert parts.hostname
    assert "@" not in parts.netloc
    assert not any(invisible(char) for char in value)


labels = st.text(st.sampled_from(list("abz09-例")), min_size=1, max_size=8).filter(
    lambda label: label.strip("-") == label
)


@given(
    any_case(["http", "https"]),
    st.lists(labels, min_size=1, max_size=4).map(".".join),
    st.sampled_from(["", ":8080"]),
    st.text(st.sampled_from(list("abc/?#=&%-_.例")), max_size=20),
)
def test_web_addresses_are_accepted_as_written(
    scheme: str, host: str, port: str, path: str
) -> None:
    text = f"{scheme}://{host}{port}/{path}"
    value, problems = read_field("url", text)
    assert value == text and problems.items == []


DANGEROUS = ["javascript", "data", "vbscript"]


@given(
    any_case(DANGEROUS),
    st.text(
        st.characters(max_codepoint=0x20) | st.sampled_from(["\u00a0", "\u3000", "\ufeff"]),
        max_size=4,
    ),
    st.text(max_size=30),
)
def test_no_script_or_data_scheme_is_ever_accepted(scheme: str, before: str, rest: str) -> None:
    for text in (f"{before}{scheme}:{rest}", f"{before}{scheme}://{rest}"):
        value, problems = read_field("url", text)
        assert value is None
        assert problems.errors


@given(
    st.one_of(
        st.text(max_size=40),
        st.tuples(
            st.text(st.sampled_from(list('ab.+_-%" <>()@,;: 例\n')), max_size=10),
            st.sampled_from(["@", "@@", ""]),
            st.text(st.sampled_from(list("ab.-_例1@ \n")), max_size=12),
        ).map("".join),
    )
)
def test_email_never_raises_and_accepts_only_addresses(text: str) -> None:
    value, problems = read_field("email", text)
    if value is None:
        return
    assert problems.items == []
    local, _, domain = value.partition("@")
    assert local and "." in domain and "@" not in domain
    assert not any(invisible(char) for char in value)
    assert not set(value) & set('"<>()[],;:\\')
