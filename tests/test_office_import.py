"""`honours import` on the records: readings of returned forms and sheet rows become proposed
people and nomination records, shown as a dry run, written only when asked, and loaded back
as the records they came from."""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from generator.model.loader import LoadResult, load_content
from generator.model.records import Content, Person, PrivateStore, RecordKind
from generator.office.cells import record_cells
from generator.office.importer import plan_import
from generator.office.layout import FIELDS, SUMMARY_FIELDS, Key
from generator.office.proposals import Plan
from generator.office.readings import Photo, Reading
from generator.office.recordwriter import RecordEdit, record_text, write_record
from generator.sources.problems import Problems
from tests.conftest import REPO

CAMPAIGN = "2026-most-beautiful"
SUMMARY = "未写入任何文件：确认无误后加 --write 再运行。"
# What a form does not carry: the photo and its focus (a form's photo is a new picture), the
# introduction (the body of people/<id>.md) and the party branch a member belongs to.
NOT_ON_FORMS = {"id", "photo", "photo_focus", "mark", "field_marks", "body_line", "intro", "branch"}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root, ignore=shutil.ignore_patterns("boards", "ratings"))
    return root


def loaded(root: Path) -> tuple[Content, PrivateStore]:
    result: LoadResult = load_content(root)
    assert result.content is not None
    assert [p.format(root) for p in result.problems.errors] == []
    return result.content, result.private


def form(
    content: Content, private: PrivateStore, person_id: str, campaign: str = CAMPAIGN
) -> Reading:
    """The form a unit returns for a nomination, filled in with what the records say."""
    person = content.people[person_id]
    nomination = next(n for n in content.nominations_of(campaign) if n.nominee == person_id)
    category = content.campaigns[campaign].category(nomination.category)
    assert category is not None
    phone = private.people.get(person_id, {}).get("phone")
    cells = record_cells(person, nomination, content.campaigns[campaign], content.units, phone)
    fields = [item for item in FIELDS[category.kind] if item.key not in (Key.PHOTO, Key.STORY)]
    return Reading(
        source=Path(f"{person.name}.docx"),
        kind=category.kind,
        cells={item.key: cells[item.key] for item in fields},
        places={item.key: f"“{item.label}”栏" for item in fields},
        story=cells[Key.STORY],
    )


def row(source: Path, number: int, **cells: str) -> Reading:
    """A row of a 汇总表 with the given cells (by key name), columns A, B, … in summary order."""
    columns = {item.key: chr(ord("A") + i) for i, item in enumerate(SUMMARY_FIELDS)}
    keys = {Key(name): value for name, value in cells.items()}
    places = {key: f"{columns[key]}{number}" for key in keys}
    return Reading(source, None, dict(keys), places, row=f"第{number}行")


def plan(root: Path, readings: list[Reading]) -> tuple[Plan, Problems]:
    problems = Problems()
    return plan_import(root, CAMPAIGN, readings, problems), problems


def messages(problems: Problems, root: Path) -> list[str]:
    return [p.format(root) for p in problems.items]


def person_fields(person: Person) -> dict[str, object]:
    return {
        f.name: getattr(person, f.name)
        for f in dataclasses.fields(person)
        if f.name not in NOT_ON_FORMS
    }


def test_forms_into_empty_folders_give_the_records_back(content: Path) -> None:
    original, secrets = loaded(REPO / "content")
    readings = [form(original, secrets, n.nominee) for n in original.nominations_of(CAMPAIGN)]
    for path in (content / "people").glob("*.md"):
        path.unlink()
    for folder in (content / "campaigns").iterdir():
        if folder.name != CAMPAIGN:
            shutil.rmtree(folder)
    for path in (content / "campaigns" / CAMPAIGN).glob("*.md"):
        if path.name != "index.md":
            path.unlink()

    result, problems = plan(content, readings)
    assert messages(problems, content) == []
    assert {c.status for c in result.changes} == {"new"}
    assert result.table().splitlines()[-1] == f"共 24 条记录：新建 24，修改 0，不变 0。{SUMMARY}"
    assert "新建 people/jiang-li.md（蒋丽）" in result.table().splitlines()
    assert "新建 campaigns/2026-most-beautiful/jiang-li.md（蒋丽，最美服务明星）" in result.table()
    written = result.write()
    assert len(written) == 24

    imported, private = loaded(content)
    by_name = {p.name: p for p in imported.people.values()}
    nominations = {n.nominee: n for n in imported.nominations_of(CAMPAIGN)}
    assert len(by_name) == len(nominations) == 12
    for before in original.nominations_of(CAMPAIGN):
        person = original.people[before.nominee]
        again = by_name[person.name]
        assert person_fields(again) == person_fields(person)
        after = nominations[again.id]
        assert (after.category, after.title, after.subtitle, after.story) == (
            before.category,
            before.title,
            before.subtitle,
            before.story,
        )
        assert after.status == "nominated" and after.code is None and after.result is None
        phone = secrets.people[person.id]["phone"]
        assert private.people[again.id] == {"phone": phone}
    assert by_name["税务综合窗口"].id == "shui-wuzonghechuangkou"  # ids from the names

    # The same forms again: nothing to do, nothing touched.
    times = {path: path.stat().st_mtime_ns for path in written}
    again_plan, problems = plan(content, readings)
    assert messages(problems, content) == []
    assert [c.status for c in again_plan.changes] == ["unchanged"] * 24
    assert (
        again_plan.table().splitlines()[-1] == f"共 24 条记录：新建 0，修改 0，不变 24。{SUMMARY}"
    )
    assert again_plan.write() == []
    assert {path: path.stat().st_mtime_ns for path in written} == times


def test_the_records_own_forms_change_nothing(content: Path) -> None:
    records, secrets = loaded(content)
    readings = [form(records, secrets, n.nominee) for n in records.nominations_of(CAMPAIGN)]
    result, problems = plan(content, readings)
    assert messages(problems, content) == []
    assert {c.status for c in result.changes} == {"unchanged"}
    assert "不变 people/jiang-li.md（蒋丽）" in result.table().splitlines()


def test_an_empty_cell_never_erases_a_field(content: Path) -> None:
    records, secrets = loaded(content)
    reading = form(records, secrets, "feng-xiaoli")
    for key in (Key.BORN, Key.HONOURS, Key.PHONE, Key.TITLE, Key.JOINED_PARTY):
        reading.cells[key] = ""
    del reading.cells[Key.ETHNICITY]
    reading.story = ""
    sheet = row(
        content / "汇总表.xlsx", 5, category="stars", name="冯晓丽", unit="不动产登记综合受理窗口"
    )
    sheet.cells[Key.HONOURS] = "无"
    result, problems = plan(content, [reading, sheet])
    assert messages(problems, content) == []
    assert [c.status for c in result.changes] == ["unchanged", "unchanged"]


def test_a_month_matches_the_day_recorded(content: Path) -> None:
    records, secrets = loaded(content)
    reading = form(records, secrets, "feng-xiaoli")  # joined 2017-07-01
    reading.cells[Key.JOINED_PARTY] = "2017.07"
    reading.cells[Key.BORN] = "1989.03"
    result, problems = plan(content, [reading])
    assert messages(problems, content) == []
    assert [c.status for c in result.changes] == ["unchanged", "unchanged"]


COMMENTED = """\
---
# 蒋丽的记录（手写）
kind: person
name: 蒋丽
unit: centre         # 中心本级
position: “好差评”管理专员
gender: 女
born: 1987           # 身份证上的年份
ethnicity: 满族
political_status: 民主党派
photo: photos/jiang-li.jpg
photo_focus: [0.51, 0.31]
honours:
  - 2024年度示例市政务服务“好差评”工作先进个人   # 有证书
private:
  phone: "15000000415"
  id_number: "990102198705231487"
---
负责全中心“好差评”数据分析和差评回访整改，九三学社社员。
"""


def test_a_changed_field_is_shown_and_written_keeping_comments(content: Path) -> None:
    record = content / "people" / "jiang-li.md"
    record.write_text(COMMENTED, encoding="utf-8")
    records, secrets = loaded(content)
    reading = form(records, secrets, "jiang-li")
    reading.cells[Key.BORN] = "1988年5月"
    reading.cells[Key.PHONE] = "150 0000 0416"
    reading.cells[Key.HONOURS] = (
        "1. 2024年度示例市政务服务“好差评”工作先进个人\n2. 2025年度优秀党外干部"
    )
    result, problems = plan(content, [reading])
    assert messages(problems, content) == []
    table = result.table().splitlines()
    assert table == [
        "修改 people/jiang-li.md（蒋丽）",
        "    出生年份：1987 → 1988",
        "    联系电话：15000000415 → 150 0000 0416",
        "    所获主要荣誉：2024年度示例市政务服务“好差评”工作先进个人 → "
        "2024年度示例市政务服务“好差评”工作先进个人；2025年度优秀党外干部",
        "不变 campaigns/2026-most-beautiful/jiang-li.md（蒋丽，最美服务明星）",
        f"共 2 条记录：新建 0，修改 1，不变 1。{SUMMARY}",
    ]
    assert result.write() == [record]
    expected = (
        COMMENTED.replace("born: 1987  ", "born: 1988  ")
        .replace('"15000000415"', '"150 0000 0416"')
        .replace("有证书\n", "有证书\n  - 2025年度优秀党外干部\n")
    )
    assert record.read_text(encoding="utf-8") == expected
    again, private = loaded(content)
    assert again.people["jiang-li"].born == 1988
    assert private.people["jiang-li"]["phone"] == "150 0000 0416"


def test_bad_cells_are_all_reported_with_their_cells(content: Path) -> None:
    for person_id in ("wang-fang", "wang-fang-2"):
        (content / "people" / f"{person_id}.md").write_text(
            "---\nname: 王芳\nunit: hall-1f\n---\n", encoding="utf-8"
        )
    records, secrets = loaded(content)
    unit = form(records, secrets, "jiang-li")
    unit.cells[Key.UNIT] = "示例市政务服务中"
    date = form(records, secrets, "feng-xiaoli")
    date.cells[Key.JOINED_PARTY] = "去年七月"
    date.cells[Key.GENDER] = "女士"
    sheet = content / "汇总表.xlsx"
    readings = [
        unit,
        date,
        row(sheet, 7, category="最美明星", name="冯晓丽", unit="不动产登记综合受理窗口"),
        row(sheet, 8, category="最美服务明星", name="王芳", unit="综合受理大厅"),
        row(sheet, 9, category="最美服务明星", name="王芳"),
        row(sheet, 10, category="", name="李四", unit="综合受理大厅", born="八八年"),
    ]
    result, problems = plan(content, readings)
    assert messages(problems, content) == [
        "汇总表.xlsx!A10: 错误：“评选类别”：未填写，请写明本活动的类别之一"
        "（最美服务窗口、最美服务明星）",
        "汇总表.xlsx!A7: 错误：“评选类别”：“最美明星”不是本活动的类别，"
        "您是否想写“最美服务明星”？本活动类别：最美服务窗口、最美服务明星",
        "汇总表.xlsx!B8: 错误：姓名“王芳”对应多条记录：wang-fang（综合受理大厅）、"
        "wang-fang-2（综合受理大厅），请在表中写明单位或先合并记录",
        "汇总表.xlsx!B9: 错误：姓名“王芳”对应多条记录：wang-fang（综合受理大厅）、"
        "wang-fang-2（综合受理大厅），请在表中写明单位或先合并记录",
        "汇总表.xlsx!D10: 错误：“出生年月”：读不出出生年月“八八年”：请写成 1988年6月 或 1988.06",
        "冯晓丽.docx!“入党时间”栏: 错误：“入党时间”：读不出日期“去年七月”："
        "请写成 2001年7月1日 或 2001.07.01",
        "冯晓丽.docx!“性别”栏: 错误：“性别”：性别应为“男”或“女”，而不是“女士”",
        "蒋丽.docx!“工作单位”栏: 错误：单位“示例市政务服务中”不在 units.yml 中，"
        "您是否想写“示例市政务服务中心”？",
    ]
    with pytest.raises(AssertionError):
        result.write()


def test_a_form_of_the_wrong_kind_and_a_missing_unit(content: Path) -> None:
    records, secrets = loaded(content)
    window = form(records, secrets, "tax-window")
    window.cells[Key.CATEGORY] = "最美服务明星"
    newcomer = form(records, secrets, "jiang-li")
    newcomer.cells[Key.NAME] = "赵六"
    newcomer.cells[Key.UNIT] = ""
    result, problems = plan(content, [window, newcomer])
    assert messages(problems, content) == [
        "税务综合窗口.docx!“评选类别”栏: 错误：“评选类别”：类别“最美服务明星”只接受个人，"
        "而本表是窗口申报表",
        "蒋丽.docx!“工作单位”栏: 错误：“工作单位”：未填写，新建“赵六”的记录须写明单位",
    ]
    assert result.changes == []


def test_a_unit_over_its_quota(content: Path) -> None:
    records, secrets = loaded(content)
    sheet = content / "汇总表.xlsx"
    readings = [
        form(records, secrets, "feng-xiaoli"),  # already nominated: counted once
        row(sheet, 3, category="最美服务明星", name="王芳", unit="不动产登记综合受理窗口"),
        row(sheet, 4, category="最美服务明星", name="李四", unit="综合受理大厅"),
    ]
    result, problems = plan(content, readings)
    # The demo counts the stars per hall (per: [hall, town_centre]): 不动产登记大厅 (42 staff,
    # 1 place and 1 extra) holds 杨秀英's nomination and its window's, 冯晓丽 and 王芳.
    assert messages(problems, content) == [
        "汇总表.xlsx!I3: 错误：“不动产登记大厅”（含所属单位）推荐“最美服务明星”3名，超出名额1名"
        "（可推荐2名，含酌情增加1名）：杨秀英、冯晓丽、王芳",
    ]
    table = result.table().splitlines()
    assert "新建 people/wang-fang.md（王芳）" in table
    assert "新建 campaigns/2026-most-beautiful/li-si.md（李四，最美服务明星）" in table


def test_two_readings_of_one_person_merge(content: Path) -> None:
    sheet = content / "汇总表.xlsx"
    story = "王芳的事迹。" * 200
    docx = Reading(
        content / "王芳.docx",
        RecordKind.PERSON,
        {Key.CATEGORY: "最美服务明星", Key.NAME: "王 芳", Key.UNIT: "综合受理大厅"},
        story=story,
    )
    readings = [
        docx,
        row(sheet, 3, category="最美服务明星", name="王芳", unit="综合受理大厅", born="1990"),
        row(
            sheet,
            4,
            category="stars",
            name="王芳",
            unit="hall-1f",
            born="1991",
            gender="女",
            title="标题",
        ),
    ]
    result, problems = plan(content, readings)
    assert messages(problems, content) == []
    assert [(c.path.as_posix(), c.status) for c in result.changes] == [
        ("people/wang-fang.md", "new"),
        ("campaigns/2026-most-beautiful/wang-fang.md", "new"),
    ]
    result.write()
    text = (content / "people" / "wang-fang.md").read_text(encoding="utf-8")
    assert text == "---\nkind: person\nname: 王芳\nunit: hall-1f\ngender: 女\nborn: 1991\n---\n"
    nomination = (content / "campaigns" / CAMPAIGN / "wang-fang.md").read_text(encoding="utf-8")
    assert nomination == (
        "---\nnominee: wang-fang\ncategory: stars\nnominated_by: organisation\ntitle: 标题\n"
        f"status: nominated\n---\n{story}\n"
    )


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), colour).save(buffer, "PNG")
    return buffer.getvalue()


def smaller_copy(path: Path) -> bytes:
    """The photo as a pre-filled form carries it: smaller, re-encoded as JPEG."""
    image = Image.open(path).convert("RGB")
    image.thumbnail((image.width // 2, image.height // 2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def test_a_form_photo_of_the_record_photo_is_no_change(content: Path) -> None:
    records, secrets = loaded(content)
    photos = content / "people" / "photos"
    readings = []
    for person_id in ("jiang-li", "feng-xiaoli", "tax-window"):
        reading = form(records, secrets, person_id)
        reading.photo = Photo(smaller_copy(photos / f"{person_id}.jpg"), ".jpg")
        readings.append(reading)
    readings[0].photo = Photo(smaller_copy(photos / "zheng-kai.jpg"), ".jpg")  # someone else
    result, problems = plan(content, readings)
    assert messages(problems, content) == []
    assert [(c.path.as_posix(), c.status) for c in result.changes if c.status != "unchanged"] == [
        ("people/jiang-li.md", "changed"),
        ("people/photos/jiang-li.jpg", "changed"),
    ]


def test_a_form_photo_becomes_the_person_photo(content: Path) -> None:
    records, secrets = loaded(content)
    photos = content / "people" / "photos"
    (photos / "jiang-li.png").write_bytes(png("blue"))  # someone else's file: never overwritten
    reading = form(records, secrets, "jiang-li")
    reading.photo = Photo(png("red"), ".png")
    result, problems = plan(content, [reading])
    assert messages(problems, content) == []
    assert result.table().splitlines()[:5] == [
        "修改 people/jiang-li.md（蒋丽）",
        "    照片：photos/jiang-li.jpg → photos/jiang-li-2.png",
        "    人脸位置：0.51, 0.31 → （删除：按新照片重新确定）",
        "新建 people/photos/jiang-li-2.png（蒋丽的照片）",
        "不变 campaigns/2026-most-beautiful/jiang-li.md（蒋丽，最美服务明星）",
    ]
    assert (
        result.table().splitlines()[-1]
        == f"共 2 条记录：新建 0，修改 1，不变 1，照片 1 张。{SUMMARY}"
    )
    assert result.write() == [photos / "jiang-li-2.png", content / "people" / "jiang-li.md"]
    assert (photos / "jiang-li.png").read_bytes() == png("blue")
    again, _ = loaded(content)
    assert again.people["jiang-li"].photo == (photos / "jiang-li-2.png").resolve()
    assert again.people["jiang-li"].photo_focus is None

    # The same picture again, or a form's smaller copy of it: nothing; a new one replaces the
    # record's own photo, shown.
    result, problems = plan(content, [reading])
    assert {c.status for c in result.changes} == {"unchanged"}
    reading.photo = Photo(smaller_copy(photos / "jiang-li-2.png"), ".jpg")
    result, problems = plan(content, [reading])
    assert {c.status for c in result.changes} == {"unchanged"}
    reading.photo = Photo(png("green"), ".png")
    result, problems = plan(content, [reading])
    assert result.table().splitlines()[:4] == [
        "不变 people/jiang-li.md（蒋丽）",
        "修改 people/photos/jiang-li-2.png（蒋丽的照片）",
        "    照片：原照片 → 表中的照片",
        "不变 campaigns/2026-most-beautiful/jiang-li.md（蒋丽，最美服务明星）",
    ]
    result.write()
    assert (photos / "jiang-li-2.png").read_bytes() == png("green")


def test_an_unknown_campaign(content: Path) -> None:
    problems = Problems()
    result = plan_import(content, "2026-most-beautifull", [], problems)
    assert messages(problems, content) == [
        "campaigns/2026-most-beautifull/index.md:1:1: 错误：活动“2026-most-beautifull”不存在："
        "找不到 campaigns/2026-most-beautifull/index.md，您是否想写“2026-most-beautiful”？"
    ]
    assert result.changes == []


def test_a_namesake_elsewhere_and_a_broken_nomination_file(content: Path) -> None:
    broken = content / "campaigns" / CAMPAIGN / "li-si.md"
    broken.write_text("---\ncategory: [\n---\n", encoding="utf-8")
    sheet = content / "汇总表.xlsx"
    readings = [
        row(sheet, 3, category="最美服务明星", name="冯晓丽", unit="西湖镇便民服务中心"),
        row(sheet, 4, category="最美服务明星", name="李四", unit="综合受理大厅"),
    ]
    result, problems = plan(content, readings)
    assert messages(problems, content) == [
        "campaigns/2026-most-beautiful/li-si.md:1:1: 错误：推荐记录有错误，无法读取："
        "请先按 honours check 的提示改正，再导入",
        "汇总表.xlsx!I3: 警告：“冯晓丽”在其他单位已有记录：feng-xiaoli（不动产登记综合受理窗口）；"
        "将在“西湖镇便民服务中心”新建记录。如是同一人调动单位，请先修改原记录的 unit",
    ]
    assert [(c.path.as_posix(), c.status) for c in result.changes] == [
        ("people/feng-xiaoli-2.md", "new"),
        ("campaigns/2026-most-beautiful/feng-xiaoli-2.md", "new"),
        ("people/li-si.md", "new"),
    ]


def test_a_new_record_is_written_in_skeleton_order(tmp_path: Path) -> None:
    edit = RecordEdit(
        {
            "honours": ("甲", "乙"),
            "born": 1988,
            "unit": "hall-1f",
            "name": "王芳",
            "kind": "person",
        },
        private={"phone": "13800000000"},
    )
    order = ("kind", "name", "unit", "born", "honours", "private")
    assert record_text(None, edit, order) == (
        "---\nkind: person\nname: 王芳\nunit: hall-1f\nborn: 1988\nhonours:\n  - 甲\n  - 乙\n"
        'private:\n  phone: "13800000000"\n---\n'
    )
    existing = "---\nname: 王芳   # 姓名\nprivate:\n  id: x\n---\n正文\n"
    assert record_text(existing, RecordEdit({"born": 1988}, private={"phone": "1"}), order) == (
        '---\nname: 王芳   # 姓名\nborn: 1988\nprivate:\n  id: x\n  phone: "1"\n---\n正文\n'
    )
    assert record_text(existing, RecordEdit(body="新的"), order) == (
        "---\nname: 王芳   # 姓名\nprivate:\n  id: x\n---\n新的\n"
    )
    path = tmp_path / "people" / "wang-fang.md"
    write_record(path, edit, order)
    write_record(path, RecordEdit({"born": 1990}), order)
    assert path.read_text(encoding="utf-8").startswith(
        "---\nkind: person\nname: 王芳\nunit: hall-1f\nborn: 1990\n"
    )
