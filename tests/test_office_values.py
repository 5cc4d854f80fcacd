"""Cell values as units type them in Word, WPS and Excel, read back as record values."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.model.records import Gender, RecordKind
from generator.office.layout import FIELDS, Key, field_of, normalise_label, summary_field
from generator.office.values import (
    EXCEL_EPOCH,
    Day,
    Unreadable,
    cell_text,
    read_count,
    read_day,
    read_gender,
    read_lines,
    read_phone,
    read_political_status,
    read_year,
    shown_date,
)

days = st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31))


@given(days)
def test_every_way_a_date_is_written_reads_as_that_date(day: date) -> None:
    written = [
        shown_date(day),
        f"{day.year}.{day.month:02d}.{day.day:02d}",
        f"{day.year}-{day.month}-{day.day}",
        f"{day.year}/{day.month:02d}/{day.day:02d}",
        f"{day.year}{day.month:02d}{day.day:02d}",
        f" {day.year}年 {day.month}月 {day.day}日 ",
    ]
    for text in written:
        assert read_day(text) == Day(day), text
    assert read_day(datetime(day.year, day.month, day.day)) == Day(day)
    assert read_day(float((day - EXCEL_EPOCH).days)) == Day(day)


@given(days)
def test_a_month_alone_matches_any_day_of_that_month(day: date) -> None:
    for text in (f"{day.year}.{day.month:02d}", f"{day.year}年{day.month}月"):
        read = read_day(text)
        assert read.precision == "month"
        assert read.matches(day)
        other = day.replace(day=1)  # 29 February has no twin in the next year
        assert not read.matches(other.replace(year=day.year + 1 if day.year < 2099 else 1990))
    assert read_year(f"{day.year}年{day.month}月") == day.year


@given(st.integers(min_value=1900, max_value=2100))
def test_a_year_reads_as_text_number_or_date(year: int) -> None:
    assert read_year(str(year)) == year
    assert read_year(f"{year}年") == year
    assert read_year(float(year)) == year


@given(st.text(max_size=30))
def test_readers_raise_only_unreadable(text: str) -> None:
    for reader in (read_day, read_year, read_count, read_gender, read_phone, read_political_status):
        try:
            reader(text)
        except Unreadable as exc:
            assert str(exc)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2001.13.01", "“2001.13.01”不是有效日期"),
        ("去年七月", "读不出日期“去年七月”：请写成 2001年7月1日 或 2001.07.01"),
        ("1850.01.01", "“1850.01.01”的年份不在 1900—2100 年之间"),
    ],
)
def test_a_date_that_cannot_be_read_says_why(text: str, message: str) -> None:
    with pytest.raises(Unreadable) as caught:
        read_day(text)
    assert str(caught.value) == message


def test_what_units_type_reads_as_the_record_value() -> None:
    assert read_count("8人") == 8 and read_count(12.0) == 12
    assert read_gender("女") is Gender.FEMALE and read_gender("男性") is Gender.MALE
    assert read_political_status("党员") == "中共党员"
    assert read_political_status("中共 预备党员") == "中共预备党员"
    assert read_phone(13912345678.0) == "13912345678"
    assert read_lines("1. 先进个人；\n（2）示范岗\n③ 优秀党员。") == (
        "先进个人",
        "示范岗",
        "优秀党员",
    )
    assert cell_text("  王芳\u3000") == "王芳"
    assert read_day(EXCEL_EPOCH + timedelta(days=36000)).value == date(1998, 7, 24)
    with pytest.raises(Unreadable, match="政治面貌“党外”不在可选范围内"):
        read_political_status("党外")


def test_labels_are_found_as_units_write_them() -> None:
    assert normalise_label("姓  名：") == "姓名"
    assert field_of(RecordKind.PERSON, "出生\n年月") is not None
    assert field_of(RecordKind.WINDOW, "负责人") is not None
    assert summary_field("推荐类别") is not None
    assert summary_field("手机") is not None and summary_field("手机").key is Key.PHONE  # type: ignore[union-attr]
    for kind, fields in FIELDS.items():  # no label names two fields of one form
        seen = [normalise_label(label) for f in fields for label in f.labels]
        assert len(seen) == len(set(seen)), kind


@pytest.mark.parametrize("text", ["²", "٢٠٠١.07.01", "1988.⁰6"])
def test_digits_other_than_ascii_are_unreadable_not_a_crash(text: str) -> None:
    for reader in (read_day, read_year, read_count):
        with pytest.raises(Unreadable):
            reader(text)


def test_full_width_digits_read_as_digits() -> None:
    assert read_day("２００１年７月１日") == Day(date(2001, 7, 1))
    assert read_year("１９８８.０６") == 1988
    assert read_count("８人") == 8
