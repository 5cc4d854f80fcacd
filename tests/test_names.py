"""Names: surnames (compound ones, special readings) and the ids `honours new person` makes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypinyin import lazy_pinyin

from generator.media.placeholders import surname as placeholder_surname
from generator.model.skeletons import new_person, slug
from generator.sources.names import (
    COMPOUND_SURNAMES,
    FALLBACK,
    SURNAME_READINGS,
    name_slug,
    surname,
)

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("王晓明", "wang-xiaoming"),
        ("欧阳娜娜", "ouyang-nana"),
        ("单田芳", "shan-tianfang"),
        ("曾国藩", "zeng-guofan"),
        ("仇英", "qiu-ying"),
        ("解缙", "xie-jin"),
        ("区志航", "ou-zhihang"),
        ("朴树", "piao-shu"),
        ("查良镛", "zha-liangyong"),
        ("乐嘉", "yue-jia"),
        ("盖叫天", "ge-jiaotian"),
        ("缪可馨", "miao-kexin"),
        ("尉迟恭", "yuchi-gong"),
        ("万俟卨", "moqi-xie"),
        ("单于平", "chanyu-ping"),  # the compound surname, not 单 shan
        ("司马光", "sima-guang"),
        ("吕布", "lv-bu"),
        ("王", "wang"),
        (" 李华 ", "li-hua"),
        ("阿依古丽·买买提", "ayiguli-maimaiti"),  # a name in parts: a word a part
        ("Anna Li", "anna-li"),
        ("Zoë 陈", "zoe-chen"),
        ("？？", FALLBACK),
        ("", FALLBACK),
    ],
)
def test_name_slug(name: str, expected: str) -> None:
    assert name_slug(name) == expected


def test_surname() -> None:
    assert [surname(n) for n in ["欧阳娜娜", "王晓明", "尉迟恭", "万俟卨", " 单田芳", ""]] == [
        "欧阳",
        "王",
        "尉迟",
        "万俟",
        "单",
        "",
    ]
    assert placeholder_surname is surname  # the placeholders draw the same surname


def test_titles_keep_their_ids_and_people_read_surnames(tmp_path: Path) -> None:
    assert slug("欧阳娜娜") == "ou-yangnana"  # campaign titles are no names: unchanged
    path = new_person(tmp_path, "欧阳娜娜", "hall")
    assert path.name == "ouyang-nana.md"
    assert new_person(tmp_path, "欧阳娜娜", "hall").name == "ouyang-nana-2.md"


def test_every_surname_reading_is_an_id_and_differs_from_pypinyin() -> None:
    for family, reading in SURNAME_READINGS.items():
        assert ID.fullmatch(reading), family
        assert len(family) == 1 or family in COMPOUND_SURNAMES, family
    # only readings pypinyin gets wrong on the character alone, or compound ones
    assert all(
        "".join(lazy_pinyin(family)) != reading
        for family, reading in SURNAME_READINGS.items()
        if len(family) == 1
    )


han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
names = st.one_of(
    st.text(han, min_size=1, max_size=4),
    st.tuples(st.sampled_from(sorted(COMPOUND_SURNAMES | set(SURNAME_READINGS))), st.text(han)).map(
        "".join
    ),
)


@given(names)
def test_any_chinese_name_gives_an_id(name: str) -> None:
    """A URL-safe id, led by the surname's reading; the fallback only when nothing is readable."""
    made = name_slug(name)
    assert ID.fullmatch(made) and "--" not in made and not made.endswith("-")
    readable = [c for c in name if lazy_pinyin(c) != [c]]
    if not readable:
        assert made == FALLBACK
        return
    assert made != FALLBACK
    family = surname(name)
    reading = SURNAME_READINGS.get(family)
    if reading is not None:
        assert made == reading or made.startswith(f"{reading}-")


@given(st.text(max_size=12))
def test_any_text_gives_an_id(text: str) -> None:
    assert ID.fullmatch(name_slug(text))
