"""The honours command on real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model.skeletons import slug

from .conftest import BIN, REPO, SiteProject, run


def test_check_passes_on_a_valid_site(project: SiteProject) -> None:
    result = project.honours("check")
    assert result.returncode == 0, result.stdout
    assert "检查通过：3 条人员记录，1 个评选活动，2 个公开的推荐对象。" in result.stdout


def test_check_on_a_missing_folder(project: SiteProject) -> None:
    result = project.honours("check", "--content", "nowhere")
    assert result.returncode == 1
    assert "找不到内容目录“nowhere”" in result.stderr


def test_new_person_takes_an_id_from_pinyin_and_checks(project: SiteProject) -> None:
    result = project.honours("new", "person", "王晓明", "--unit", "hall")
    assert result.returncode == 0, result.stderr
    created = project.content / "people/wang-xiaoming-2.md"  # wang-xiaoming exists already
    assert created.is_file()
    assert "name: 王晓明" in created.read_text(encoding="utf-8")
    assert project.honours("check").returncode == 0


def test_new_nomination_and_campaign_are_valid_records(project: SiteProject) -> None:
    assert project.honours("new", "campaign", "测试评选", "--id", "2027-test").returncode == 0
    assert project.honours("new", "person", "周强", "--unit", "hall").returncode == 0
    result = project.honours(
        "new", "nomination", "2027-test", "zhou-qiang", "--category", "model-post"
    )
    assert result.returncode == 0, result.stderr
    check = project.honours("check")
    # The skeleton is valid but for the rules it must meet: a party member with a real story.
    errors = [line for line in check.stdout.splitlines() if ": 错误：" in line]
    assert len(errors) == 3 and all("2027-test/zhou-qiang.md" in line for line in errors), (
        check.stdout
    )


def test_new_refuses_to_overwrite(project: SiteProject) -> None:
    result = project.honours("new", "person", "李华", "--unit", "hall", "--id", "li-hua")
    assert result.returncode == 1
    assert "文件已存在" in result.stderr


def test_slug() -> None:
    assert slug("王晓明") == "wang-xiaoming"
    assert slug("欧阳娜娜") == "ou-yangnana"
    assert slug("A组") == "a-zu"


def test_init_writes_a_centre_that_checks(tmp_path: Path) -> None:
    result = run(BIN / "honours", "init", "北岭县政务服务中心", "--dir", "beiling", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "已创建 beiling/mkdocs.yml" in result.stdout
    centre = tmp_path / "beiling"
    assert "site_name: 北岭县政务服务中心光荣榜" in (centre / "mkdocs.yml").read_text("utf-8")
    assert "name: 北岭县政务服务中心" in (centre / "content/organisation.yml").read_text("utf-8")
    check = run(BIN / "honours", "check", cwd=centre)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "使用配置文件：mkdocs.yml" in check.stderr
    assert "（推荐报送中）" in check.stdout  # published on the build date, so the site shows it


@pytest.mark.parametrize("existing", ["mkdocs.yml", "content"])
def test_init_refuses_a_folder_with_a_centre(tmp_path: Path, existing: str) -> None:
    folder = tmp_path / "beiling"
    folder.mkdir()
    if existing == "content":
        (folder / "content").mkdir()
    else:
        (folder / existing).write_text("site_name: 旧网站\n", "utf-8")
    before = sorted(folder.rglob("*"))
    result = run(BIN / "honours", "init", "北岭县政务服务中心", "--dir", "beiling", cwd=tmp_path)
    assert result.returncode == 1
    assert f"“beiling”中已有 {existing}，没有写入任何文件" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(folder.rglob("*")) == before


def test_init_in_the_current_folder_refuses_the_demo() -> None:
    result = run(BIN / "honours", "init", "北岭县政务服务中心", cwd=REPO)
    assert result.returncode == 1
    assert "“.”中已有 mkdocs.yml" in result.stderr
