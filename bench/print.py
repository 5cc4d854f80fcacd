"""Benchmark `honours print` at a city's scale, against issue 13's targets.

    python bench/print.py [PEOPLE]      (default 200)

Makes (not timed) a project from the demo's organisation, units and photos with PEOPLE made-up
people nominated in one campaign `bench`, then in a fresh process per output (the records
read and the portraits made first, not timed) times:

* 200 荣誉证书 (one PDF, a page each) — ≤ 10 s;
* 100 voting posters (1080×1920 PNGs) and the hall sheet — ≤ 20 s;
* one 公示 of 100 rows — ≤ 2 s;

and reports each process's peak memory (ru_maxrss) against ≤ 400 MB.
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TARGETS = {"certificates": 10.0, "posters": 20.0, "publicity": 2.0}
TARGET_MB = 400.0
COUNTS = {"certificates": 200, "posters": 100, "publicity": 100}
VOTING_DAY, PUBLICITY_DAY = date(2026, 11, 25), date(2026, 12, 3)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂华玉萍红娥玲芬燕"


def project(folder: Path, people: int) -> Path:
    """content/ with the demo's organisation, units and photos, and `people` candidates."""
    content = folder / "content"
    (content / "people" / "photos").mkdir(parents=True)
    for name in ("organisation.yml", "units.yml"):
        shutil.copy(REPO / "content" / name, content / name)
    photos = sorted((REPO / "content/people/photos").glob("*.jpg"))[:12]
    for photo in photos:
        shutil.copy(photo, content / "people/photos" / photo.name)
    source = (REPO / "content/campaigns/2026-model-post/index.md").read_text("utf-8")
    _, front, body = source.split("---\n", 2)
    meta = yaml.safe_load(front)
    for category in meta["categories"]:
        for key in ("unit_quota", "requires", "deeds"):
            category.pop(key, None)
        category["quota"] = people
    meta["timeline"]["publicity"] = {"start": "2026-12-01", "end": "2026-12-08"}
    meta["timeline"]["commendation"] = "2026-12-15"
    campaign = content / "campaigns" / "bench"
    campaign.mkdir(parents=True)
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    (campaign / "index.md").write_text(f"---\n{text}---\n{body}", encoding="utf-8")
    units = [u["id"] for u in yaml.safe_load((content / "units.yml").read_text("utf-8"))["units"]]
    category = meta["categories"][0]["id"]
    rng = random.Random(13)
    for number in range(1, people + 1):
        name = SURNAMES[number % len(SURNAMES)] + GIVEN[number // len(SURNAMES) % len(GIVEN)]
        name += GIVEN[number % len(GIVEN)]
        person = {
            "kind": "person",
            "name": name,
            "unit": rng.choice(units[1:8]),
            "position": "综合受理岗",
            "gender": rng.choice("男女"),
            "born": rng.randint(1970, 1998),
            "ethnicity": "汉族",
            "political_status": "中共党员",
            "joined_party": date(2010, 7, 1),
            "photo": f"photos/{photos[number % len(photos)].name}",
        }
        front = yaml.safe_dump(person, allow_unicode=True, sort_keys=False)
        (content / "people" / f"p{number:04d}.md").write_text(f"---\n{front}---\n", "utf-8")
        nomination = {
            "nominee": f"p{number:04d}",
            "category": category,
            "title": f"{name}：把群众的事当成自己的事",
            "code": number,
            "status": "candidate",
        }
        front = yaml.safe_dump(nomination, allow_unicode=True, sort_keys=False)
        (campaign / f"p{number:04d}.md").write_text(f"---\n{front}---\n事迹。\n", "utf-8")
    return content


def run_one(kind: str, content: Path) -> None:
    """In the child: gather (not timed), then one output, timed; prints JSON."""
    from generator.build import gather
    from generator.media.portraits import PortraitSettings
    from generator.model.records import NominationResult
    from generator.printing.certificates import certificates
    from generator.printing.job import PrintJob
    from generator.printing.notices import publicity
    from generator.printing.posters import voting_posters
    from generator.printing.typeset import build_timestamp, template_folders

    gathered = gather(content, content.parent / ".cache", PortraitSettings(), None)
    assert gathered.result.content is not None, gathered.result.problems.report()
    assert not gathered.result.problems.errors, gathered.result.problems.report()
    data = gathered.result.content
    count = COUNTS[kind]
    result = {"posters": None, "certificates": NominationResult.AWARDED}.get(
        kind, NominationResult.PROPOSED
    )
    nominations = [replace(n, result=result) for n in data.nominations[:count]]
    gathered.result.content = replace(data, nominations=nominations)
    today = VOTING_DAY if kind == "posters" else PUBLICITY_DAY
    views = gathered.views(today)
    out = content.parent / "print" / kind
    job = PrintJob(
        views, template_folders(), build_timestamp(today), out, "https://example.gov.cn/"
    )
    make = {"certificates": certificates, "posters": voting_posters, "publicity": publicity}[kind]
    started = time.perf_counter()
    written = make(job, "bench")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak": peak, "files": len(written)}))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--run"]:
        run_one(argv[1], Path(argv[2]))
        return 0
    people = int(argv[0]) if argv else 200
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        content = project(Path(folder), people)
        for kind, target in TARGETS.items():
            run = subprocess.run(
                [sys.executable, __file__, "--run", kind, str(content)],
                capture_output=True,
                text=True,
            )
            if run.returncode != 0:
                raise SystemExit(run.stdout + run.stderr)
            figures = json.loads(run.stdout.strip().splitlines()[-1])
            passed = figures["seconds"] <= target and figures["peak"] <= TARGET_MB
            ok = ok and passed
            print(
                f"{kind}: {COUNTS[kind]} → {figures['files']} files in {figures['seconds']:.2f} s "
                f"(≤ {target:g}), peak {figures['peak']:.0f} MB (≤ {TARGET_MB:g}) "
                + ("PASS" if passed else "FAIL")
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
