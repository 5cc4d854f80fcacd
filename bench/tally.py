"""Benchmark the vote tally on a large, realistic SMS log.

    python bench/tally.py [ROWS] [CANDIDATES]      (default 1,000,000 rows, 3,000 candidates)

Generates `sms-bench.csv` in a temporary folder (not timed): repeated phones
written in several ways, noisy messages (`投7号`, `7号 张伟`, ` 07 `, full-width
digits), several time formats, about 2% invalid rows (no code, unknown or
several codes, bad or out-of-window times) and some exact duplicates. Then a
fresh process tallies it, so that the figures are the tally's own: wall time
and peak memory (ru_maxrss), with PASS/FAIL against the targets, and CPU time.

    python bench/tally.py --tally FOLDER CANDIDATES   tallies the vote files already in FOLDER
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.model.records import Campaign, Category, Period, Voting
from generator.sources.fields import BEIJING
from generator.sources.problems import Mark, Problems
from generator.voting.tally import Candidate, tally_campaign

TARGET_SECONDS = 10.0
TARGET_MB = 500.0
START = datetime(2026, 11, 20, 9, 0, tzinfo=BEIJING)
END = datetime(2026, 11, 30, 18, 0, tzinfo=BEIJING)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def campaign(folder: Path) -> Campaign:
    mark = Mark(folder / "index.md")
    return Campaign(
        id="bench",
        title="基准测试",
        short_title=None,
        year=2026,
        issuer="测试",
        document_no=None,
        published=date(2026, 11, 1),
        categories=(Category("post", "示范岗", "person", mark),),
        timeline=(Period("voting", START, END, True),),
        voting=Voting(per_phone_per_day=3, per_phone=20),
        veto=(),
        contacts=(),
        body="",
        mark=mark,
    )


def candidates(count: int) -> list[Candidate]:
    return [Candidate(code, f"nominee-{code}", "post") for code in range(1, count + 1)]


def message(rng: random.Random, code: int) -> str:
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    return rng.choice(
        [
            f"投{code}号",
            f"投{code}号",
            f"{code}",
            f"{code}号 {name}",
            f" 0{code} ",
            f"投票{str(code).translate(FULL_WIDTH)}",
            f"投{code}号，{name}加油！",
            f"支持{code}号{name}",
        ]
    )


def phone_text(rng: random.Random, phone: str) -> str:
    roll = rng.random()
    if roll < 0.8:
        return phone
    if roll < 0.9:
        return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    return f"+86 {phone}"


def time_text(rng: random.Random, moment: datetime) -> str:
    roll = rng.random()
    if roll < 0.85:
        return f"{moment:%Y-%m-%d %H:%M:%S}"
    if roll < 0.95:
        return f"{moment.year}/{moment.month}/{moment.day} {moment.hour}:{moment:%M}"
    return moment.isoformat()


def invalid_row(rng: random.Random, phone: str, moment: datetime, codes: int) -> list[str]:
    kind = rng.randrange(5)
    if kind == 0:
        return [time_text(rng, moment), phone, "你好，请问怎么投票"]
    if kind == 1:
        return [time_text(rng, moment), phone, f"投{codes + rng.randrange(1, 500)}号"]
    if kind == 2:
        return [
            time_text(rng, moment),
            phone,
            f"投{rng.randrange(1, codes)}号和{rng.randrange(1, codes)}号",
        ]
    if kind == 3:
        return [f"{moment:%Y-%m-%d} 25:61", phone, f"投{rng.randrange(1, codes)}号"]
    return [time_text(rng, END + timedelta(hours=rng.randrange(1, 48))), phone, "投1号"]


def generate(path: Path, rows: int, codes: int, seed: int = 2026) -> None:
    """Write the SMS log: popular candidates get more votes, active phones vote often."""
    rng = random.Random(seed)
    phones = [
        f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}" for _ in range(max(rows // 4, 1))
    ]
    span = int((END - START).total_seconds())
    weights = [1 / (rank + 1) ** 0.8 for rank in range(codes)]
    popular = rng.choices(range(1, codes + 1), weights=weights, k=rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("发送时间,手机号码,短信内容\n")
        previous = ""
        for index in range(rows):
            phone = phones[
                min(int(rng.paretovariate(1.2)) - 1, len(phones) - 1)
                if rng.random() < 0.3
                else rng.randrange(len(phones))
            ]
            moment = START + timedelta(seconds=rng.randrange(span))
            if rng.random() < 0.02:
                cells = invalid_row(rng, phone, moment, codes)
            else:
                cells = [
                    time_text(rng, moment),
                    phone_text(rng, phone),
                    message(rng, popular[index]),
                ]
            line = ",".join(f'"{c}"' if "," in c or "，" in c else c for c in cells) + "\n"
            if previous and rng.random() < 0.005:
                line = previous  # a double export
            handle.write(line)
            previous = line


def run_tally(folder: Path, codes: int) -> int:
    """The measured part, in its own process."""
    problems = Problems()
    started, cpu = time.perf_counter(), time.process_time()
    result = tally_campaign(campaign(folder), candidates(codes), folder, problems)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    megabytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    audit = result.channels["sms"]
    reasons = ", ".join(f"{k} {v}" for k, v in audit.rejected.items())
    print(
        f"rows read {audit.rows:,}: valid {audit.valid:,}, rejected {audit.invalid:,} ({reasons})"
    )
    print(f"problems: {len(problems.errors)} errors, {len(problems.warnings)} warnings")
    time_ok, memory_ok = seconds < TARGET_SECONDS, megabytes < TARGET_MB
    print(
        f"tally wall time {seconds:.2f} s (target < {TARGET_SECONDS:.0f} s): {'PASS' if time_ok else 'FAIL'}"
    )
    print(f"tally CPU time {cpu:.2f} s (steadier than wall time on a shared machine)")
    print(
        f"peak memory {megabytes:.0f} MB (target < {TARGET_MB:.0f} MB): {'PASS' if memory_ok else 'FAIL'}"
    )
    return 0 if time_ok and memory_ok else 1


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--tally":
        return run_tally(Path(sys.argv[2]), int(sys.argv[3]))
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    codes = int(sys.argv[2]) if len(sys.argv) > 2 else 3_000
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        generate(folder / "sms-bench.csv", rows, codes)
        size = (folder / "sms-bench.csv").stat().st_size / 1e6
        print(
            f"generated {rows:,} SMS rows over {codes:,} candidates ({size:.0f} MB) in {time.perf_counter() - started:.1f} s (not timed)"
        )
        done = subprocess.run(
            [sys.executable, __file__, "--tally", str(folder), str(codes)], check=False
        )
        return done.returncode


if __name__ == "__main__":
    sys.exit(main())
