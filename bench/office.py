"""Benchmark the office round trip at a city's scale.

    python bench/office.py [ROWS] [FORMS]      (default 500 rows in the 汇总表, 200 Word forms)

Makes (not timed) a project from the demo's units and a campaign like 2026-most-beautiful
without unit quotas, a 汇总表 of ROWS new nominations and FORMS filled-in Word forms (each with
a photo and a story of about 1,000 characters). Then, each in a fresh process, with wall time
and peak memory (ru_maxrss of the child) against the targets of issue 12:

1. `honours import` of the 汇总表 and the forms (a dry run: read, match, plan, and the check of
   the records as they would be written) — ≤ 10 s, ≤ 300 MB;
2. the same with `--write` (not timed), then `honours forms` of the campaign: ROWS filled-in
   forms, the blank forms and both sheets — ≤ 20 s, ≤ 300 MB.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.model.loader import load_content  # noqa: E402
from generator.model.records import RecordKind  # noqa: E402
from generator.office.docxform import write_form  # noqa: E402
from generator.office.layout import Key  # noqa: E402
from generator.office.sheets import write_summary  # noqa: E402

IMPORT_SECONDS, EXPORT_SECONDS, TARGET_MB = 10.0, 20.0, 300.0
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂华玉萍红娥玲芬燕"
STORY = (
    "该同志扎根窗口一线，熟悉各类业务办理流程，坚持首问负责、一次性告知和限时办结制度，"
    "全年受理业务三千余件，办件准确率百分之百，没有一件群众有效投诉。"
)


def project(folder: Path) -> Path:
    """The demo's organisation and units, and a campaign `bench` of two categories."""
    content = folder / "content"
    content.mkdir(parents=True)
    for name in ("organisation.yml", "units.yml"):
        shutil.copy(REPO / "content" / name, content / name)
    source = (REPO / "content/campaigns/2026-most-beautiful/index.md").read_text("utf-8")
    _, front, body = source.split("---\n", 2)
    meta = yaml.safe_load(front)
    for category in meta["categories"]:
        category.pop("unit_quota", None)
        category.pop("deeds", None)
        category["quota"] = 1000
    campaign = content / "campaigns" / "bench"
    campaign.mkdir(parents=True)
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    (campaign / "index.md").write_text(f"---\n{text}---\n{body}", encoding="utf-8")
    (content / "people").mkdir()
    return content


def rows_and_forms(content: Path, rows: int, forms: int, out: Path) -> list[Path]:
    """The 汇总表 (one file) and the Word forms, for `rows` made-up people."""
    demo = load_content(REPO / "content").content
    assert demo is not None
    units = [u for u in demo.units.values() if u.kind != "branch"]
    photos = [p.photo for p in demo.people.values() if p.photo and p.kind == RecordKind.PERSON]
    rng = random.Random(12)
    names: set[str] = set()
    cells: list[dict[Key, str]] = []
    while len(cells) < rows:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name in names:
            continue
        names.add(name)
        cells.append(
            {
                Key.CATEGORY: "最美服务明星",
                Key.NAME: name,
                Key.GENDER: rng.choice("男女"),
                Key.BORN: f"{rng.randint(1965, 2000)}.{rng.randint(1, 12):02d}",
                Key.ETHNICITY: "汉族",
                Key.POLITICAL_STATUS: rng.choice(("中共党员", "群众", "共青团员")),
                Key.UNIT: rng.choice(units).name,
                Key.POSITION: "综合受理岗",
                Key.PHONE: f"139{rng.randint(0, 99999999):08d}",
                Key.HONOURS: "2024年度优质服务明星",
                Key.TITLE: f"{name}：把群众的事当成自己的事",
                Key.SUBTITLE: "记一名窗口工作人员",
            }
        )
    out.mkdir(parents=True)
    summary = out / "汇总表.xlsx"
    write_summary(summary, heading="基准测试推荐名单汇总表", rows=cells)
    files = [summary]
    for number, row in enumerate(cells[:forms]):
        path = out / f"form-{number:03d}.docx"
        story = "\n\n".join([STORY] * 12)  # about 1,000 characters
        write_form(
            path,
            kind=RecordKind.PERSON,
            heading="2026年最美服务明星推荐表",
            cells={**row, Key.STORY: story},
            photo=photos[number % len(photos)],
        )
        files.append(path)
    return files


# Runs one command and prints its peak memory: a process of its own per measurement, so that
# ru_maxrss of its children is that command's alone (not the largest of every run so far).
MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(f'PEAK {peak}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def timed(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, the command's peak MB and its output."""
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-c", MEASURE, *args], cwd=cwd, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed:\n{run.stdout}{run.stderr}")
    peak = int(run.stderr.rsplit("PEAK ", 1)[1]) / 1024
    return wall, peak, run.stdout


def report(what: str, wall: float, peak: float, seconds: float) -> bool:
    ok = wall <= seconds and peak <= TARGET_MB
    verdict = "PASS" if ok else "FAIL"
    print(f"{what}: {wall:.2f} s (≤ {seconds:g}), peak {peak:.0f} MB (≤ {TARGET_MB:g}) {verdict}")
    return ok


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else 500
    forms = int(argv[1]) if len(argv) > 1 else 200
    honours = str(Path(sys.executable).parent / "honours")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        content = project(root)
        made = time.perf_counter()
        files = rows_and_forms(content, rows, forms, root / "returned")
        print(f"made a {rows}-row 汇总表 and {forms} forms in {time.perf_counter() - made:.1f} s")
        command = [honours, "import", "--content", str(content), "bench", *map(str, files)]
        wall, peak, output = timed(command, root)
        ok = report(f"import {rows} rows + {forms} forms (dry run)", wall, peak, IMPORT_SECONDS)
        print("  " + next(line for line in output.splitlines() if line.startswith("共 ")))
        timed([*command, "--write"], root)
        export = [honours, "forms", "--content", str(content), "bench", "--out", "forms"]
        wall, peak, _ = timed(export, root)
        written = len(list((root / "forms").rglob("*.docx")))
        ok = report(f"forms: {written} Word forms and 2 sheets", wall, peak, EXPORT_SECONDS) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
