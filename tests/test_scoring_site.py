"""Combined scoring through the real tools: `honours tally` (its 综合评议 table, `--propose`,
`--propose --write`) on a copy of the demo and on a small project, `honours check` and a real
`mkdocs build` (score sheets stop it like any content error, and are never published)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.build import gather
from generator.media.portraits import PortraitSettings

from .conftest import SiteProject, copy_demo, honours_in
from .test_scoring import REVIEW, SCORED, small_project

DEMO = "content/campaigns/2026-most-beautiful"
DEMO_TABLE = """\
2026年最美服务窗口和最美服务明星 综合评议
（群众投票占50%，评审占50%，按最高分折算为100分；综合得分相同时得票多者在前，再相同时编号小者在前）

最美服务窗口（名额 3，评委 5 人）
  排名  编号  姓名                    得票  得票折算分  评审得分  评审折算分  综合得分  拟表彰
     1     1  税务综合窗口            1464      100.00     89.90       95.74     97.87       ✓
     2     2  “办不成事”反映窗口      1327       90.64     93.90      100.00     95.32       ✓
     3     3  不动产登记综合受理窗口  1031       70.42     90.90       96.81     83.61       ✓
     4     4  企业开办“一窗通”窗口     628       42.90     88.00       93.72     68.31
     5     5  社保医保综合窗口         498       34.02     84.90       90.42     62.22

最美服务明星（名额 5，评委 5 人）
  排名  编号  姓名    得票  得票折算分  评审得分  评审折算分  综合得分  拟表彰
     1     7  冯晓丽  1366      100.00     91.10       96.00     98.00       ✓
     2    10  蒋丽    1247       91.29     92.90       97.89     94.59       ✓
     3     6  吴海波  1250       91.51     87.90       92.62     92.07       ✓
     4     9  杨秀英   968       70.86     94.90      100.00     85.43       ✓
     5     8  潘小军  1040       76.13     86.90       91.57     83.85       ✓
     6    11  郑凯     477       34.92     84.10       88.62     61.77
     7    12  姜一帆   394       28.84     85.90       90.52     59.68
"""
DEMO_PROPOSAL = """\
拟表彰名单（按综合得分，不超过名额）
  最美服务窗口（名额 3）：税务综合窗口（1号）、“办不成事”反映窗口（2号）、不动产登记综合受理窗口（3号）
  最美服务明星（名额 5）：冯晓丽（7号）、蒋丽（10号）、吴海波（6号）、杨秀英（9号）、潘小军（8号）
"""


def records(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.md"))}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


IGNORE = "如属组委会决定可不理会，否则请运行 honours tally 2026-most-beautiful --propose 核对"


def disagreements(root: Path) -> list[str]:
    """What `honours check` says of results the 综合评议 disagrees with."""
    said = honours_in(root, "check").output.splitlines()
    return [line for line in said if "结果与综合评议不一致" in line]


def test_tally_prints_the_demo_combined_ranking_and_its_proposal_is_the_demo_s(
    tmp_path: Path,
) -> None:
    root = copy_demo(tmp_path)
    before = records(root / DEMO)
    result = honours_in(root, "tally", "2026-most-beautiful", "--propose")
    assert result.exit_code == 0, result.output
    combined = result.output[result.output.index("2026年最美服务窗口和最美服务明星 综合评议") :]
    assert combined.startswith(DEMO_TABLE)
    assert DEMO_PROPOSAL in combined
    # the demo's records already say what the combined scores propose
    assert combined.endswith("推荐记录中的 result: proposed 已与拟表彰名单一致，无需修改。\n")
    assert records(root / DEMO) == before


def test_propose_write_changes_exactly_the_records_that_differ(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    folder = root / DEMO
    edit(folder / "zheng-kai.md", "status: candidate\n", "status: candidate\nresult: proposed\n")
    edit(folder / "pan-xiaojun.md", "result: proposed\n", "")
    edit(folder / "pan-xiaojun.md", "category: stars\n", "category: stars  # 推荐单位：东城街道\n")
    edit(folder / "jiang-yifan.md", "status: candidate\n", "status: candidate\nresult: awarded\n")
    before = records(folder)

    preview = honours_in(root, "tally", "2026-most-beautiful", "--propose")
    assert preview.exit_code == 0, preview.output
    assert preview.output.endswith(
        f"{DEMO_PROPOSAL}\n"
        "需要修改的推荐记录：\n"
        f"  {DEMO}/pan-xiaojun.md（潘小军）：加上 result: proposed\n"
        f"  {DEMO}/zheng-kai.md（郑凯）：去掉 result: proposed\n"
        f"  注意：{DEMO}/jiang-yifan.md（姜一帆）的结果已定为“获表彰”，与拟表彰名单不一致，未改动\n"
        "以上为预览，没有写入任何文件；确认无误后加 --write 写入。\n"
    )
    assert records(folder) == before
    # `honours check` warns at each of them (the committee may have decided so, but should know)
    assert disagreements(root) == [
        f"{DEMO}/jiang-yifan.md:7:9: 警告：结果与综合评议不一致：综合得分排名第 7，名额 5 名，"
        f"不在名额内，却写有 result: awarded；{IGNORE}",
        f"{DEMO}/pan-xiaojun.md:2:11: 警告：结果与综合评议不一致：综合得分排名第 5，名额 5 名，"
        f"在名额内，却没有写 result: proposed；{IGNORE}",
        f"{DEMO}/zheng-kai.md:7:9: 警告：结果与综合评议不一致：综合得分排名第 6，名额 5 名，"
        f"不在名额内，却写有 result: proposed；{IGNORE}",
    ]

    written = honours_in(root, "tally", "2026-most-beautiful", "--propose", "--write")
    assert written.exit_code == 0, written.output
    assert written.output.endswith(
        f"已写入 {DEMO}/pan-xiaojun.md\n已写入 {DEMO}/zheng-kai.md\n已写入 2 个文件。\n"
    )
    after = records(folder)
    assert {name for name in after if after[name] != before[name]} == {
        "pan-xiaojun.md",
        "zheng-kai.md",
    }
    pan = after["pan-xiaojun.md"].decode()
    assert pan.startswith(
        "---\ncategory: stars  # 推荐单位：东城街道\ntitle: 老街巷里的“跑腿小哥”\n"
        "subtitle: 记东城街道便民服务中心代办员潘小军\ncode: 8\nstatus: candidate\n"
        "result: proposed\n---\n"
    )  # the comment kept, the key in its place
    assert before["pan-xiaojun.md"].decode().split("---\n", 2)[2] == pan.split("---\n", 2)[2]
    assert "result:" not in after["zheng-kai.md"].decode().split("---\n", 2)[1]

    again = honours_in(root, "tally", "2026-most-beautiful", "--propose", "--write")
    assert again.exit_code == 0, again.output
    assert "推荐记录中的 result: proposed 已与拟表彰名单一致，无需修改。\n" in again.output
    assert f"已写入 {DEMO}/pan-xiaojun.md" not in again.output and "个文件。" not in again.output
    assert records(folder) == after
    assert [line.split(":")[0] for line in disagreements(root)] == [f"{DEMO}/jiang-yifan.md"]

    usage = honours_in(root, "tally", "2026-most-beautiful", "--write")
    assert usage.exit_code == 2 and "--write 只能与 --propose 一起使用" in usage.output


def scored_site(tmp_path: Path) -> SiteProject:
    """The small project of test_scoring with its vote export and two judges' sheets."""
    site = small_project(tmp_path / "project")
    site.write(f"{SCORED}/votes/online.csv", "编号,票数\n1,100\n2,80\n3,80\n4,10\n5,50\n6,40\n")
    rows = ["1,王晓明,87.35", "2,,90", "3,,80", "4,,70", "5,,91", "6,,95"]
    site.write(f"{REVIEW}/评委甲.csv", "编号,姓名,得分\n" + "\n".join(rows) + "\n")
    site.write(f"{REVIEW}/评委乙.csv", "编号,得分\n1,90\n2,90\n3,80\n4,70\n5,93\n6,95.5\n")
    return site


def test_votes_alone_propose_but_never_cut_a_tie(tmp_path: Path) -> None:
    site = scored_site(tmp_path)
    site.edit(f"{SCORED}/index.md", "scoring: {votes: 50, review: 50, public: true}\n", "")
    site.remove(f"{REVIEW}/评委甲.csv")
    site.remove(f"{REVIEW}/评委乙.csv")
    folder = site.content / SCORED
    before = records(folder)
    result = honours_in(site.root, "tally", "2026-scored", "--propose", "--write")
    assert result.exit_code == 0, result.output
    assert "综合评议" not in result.output
    assert result.output.endswith(
        "拟表彰名单（按得票，不超过名额）\n"
        "  服务之星（名额 2）：第 2 名并列（李华（2号）、赵敏（3号）均为 80 票），"
        "超出名额，请组委会研究决定；本类别的推荐记录不作修改\n"
        "  服务窗口（名额 1）：税务综合窗口（5号）\n\n"
        "需要修改的推荐记录：\n"
        f"  content/{SCORED}/tax-window.md（税务综合窗口）：加上 result: proposed\n"
        f"已写入 content/{SCORED}/tax-window.md\n已写入 1 个文件。\n"
    )
    after = records(folder)
    assert {name for name in after if after[name] != before[name]} == {"tax-window.md"}


def test_the_combined_scores_reach_the_views_and_no_sheet_reaches_the_site(
    tmp_path: Path,
) -> None:
    site = scored_site(tmp_path)
    tally = honours_in(site.root, "tally", "2026-scored", "--propose", "--write")
    assert tally.exit_code == 0, tally.output
    assert (
        "服务之星（名额 2，评委 2 人）\n"
        "  排名  编号  姓名    得票  得票折算分  评审得分  评审折算分  综合得分  拟表彰\n"
        "     1     1  王晓明   100      100.00     88.68       98.53     99.26       ✓\n"
        "     2     2  李华      80       80.00     90.00      100.00     90.00       ✓\n"
        "     3     3  赵敏      80       80.00     80.00       88.89     84.44\n"
        "     4     4  李华      10       10.00     70.00       77.78     43.89\n"
    ) in tally.output
    check = honours_in(site.root, "check")
    assert check.exit_code == 0, check.output
    assert "共 0 个错误，0 个警告。" in check.output

    gathered = gather(site.content, site.root / ".cache", PortraitSettings(), None)
    assert gathered.scores == {
        ("2026-scored", "wang-xiaoming"): 99.26,
        ("2026-scored", "li-hua"): 90.0,
        ("2026-scored", "zhao-min"): 84.44,
        ("2026-scored", "li-hua-2"): 43.89,
        ("2026-scored", "tax-window"): 98.29,
        ("2026-scored", "help-window"): 90.0,
    }
    views = gathered.views(date(2026, 11, 25))
    content = gathered.result.content
    assert content is not None
    shown = {n.file_id: views.nomination(n).score for n in content.nominations_of("2026-scored")}
    assert shown["wang-xiaoming"] == 99.26  # public: true

    built = site.build()
    files = [path for path in built.rglob("*") if path.is_file()]
    assert not [path for path in files if path.suffix.lower() == ".csv" or "review" in path.parts]
    texts = [
        p.read_text(encoding="utf-8", errors="ignore")
        for p in files
        if p.suffix in (".html", ".json", ".js")
    ]
    for private in ("87.35", "评委甲", "评委乙"):  # a judge's own score, the judges' names
        assert not [text for text in texts if private in text], private


def test_bad_sheets_stop_check_and_build_with_every_other_error(tmp_path: Path) -> None:
    site = scored_site(tmp_path)
    assert honours_in(site.root, "tally", "2026-scored").exit_code == 0
    site.edit(f"{REVIEW}/评委乙.csv", "3,80\n", "3,800\n")
    tally = honours_in(site.root, "tally", "2026-scored", "--propose", "--write")
    assert tally.exit_code == 1
    assert tally.output.endswith(
        f"content/{REVIEW}/评委乙.csv:4:3: 错误：得分应在 0 到 100 之间（现为 800）\n"
        "共 1 个错误，0 个警告。\n评审得分表有错误，综合评议没有计算。\n"
    )
    assert "result: proposed" not in (site.content / SCORED / "wang-xiaoming.md").read_text()
    site.edit(f"{SCORED}/zhao-min.md", "category: stars", "category: star")
    check = honours_in(site.root, "check")
    assert check.exit_code == 1
    lines = check.output.splitlines()
    assert f"content/{REVIEW}/评委乙.csv:4:3: 错误：得分应在 0 到 100 之间（现为 800）" in lines
    assert any(line.startswith(f"content/{SCORED}/zhao-min.md:2:11: 错误：") for line in lines), (
        lines
    )
    build = site.mkdocs("build")
    assert build.returncode != 0
    assert (
        f"{REVIEW}/评委乙.csv:4:3: 错误：得分应在 0 到 100 之间（现为 800）"
        in build.stdout + build.stderr
    )


def test_missing_sheets_are_an_error_only_once_the_vote_has_ended(tmp_path: Path) -> None:
    site = scored_site(tmp_path)
    assert honours_in(site.root, "tally", "2026-scored").exit_code == 0
    site.remove(f"{REVIEW}/评委甲.csv")
    site.remove(f"{REVIEW}/评委乙.csv")
    check = honours_in(site.root, "check")
    assert check.exit_code == 1
    assert (
        f"content/{REVIEW}:1:1: 错误：评选活动采用综合评议（scoring:），投票已于2026年11月18日结束，"
        "但还没有评审得分：请把评委的评分表（CSV 文件）放在 review/ 文件夹中，格式见 docs/votes.md"
    ) in check.output.splitlines()
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("2026-11-25", "2026-11-15"))
    check = honours_in(site.root, "check")
    assert check.exit_code == 0, check.output
    tally = honours_in(site.root, "tally", "2026-scored", "--propose")
    assert tally.exit_code == 1
    assert "review/ 中还没有评审得分表：评委评分后再运行 honours tally 2026-scored" in tally.output
    assert "还没有评审得分，无法按综合评议提出拟表彰名单" in tally.output
