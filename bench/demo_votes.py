"""Write the demo's vote files: the exports a platform, an SMS gateway and a hotline give.

Deterministic (seeded); the phone numbers are made up. Run from the repository:
    .venv/bin/python bench/demo_votes.py && .venv/bin/honours tally 2026-most-beautiful && .venv/bin/honours tally 2026-model-post
"""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta
from pathlib import Path

CONTENT = Path(__file__).resolve().parent.parent / "content" / "campaigns"

# code -> how popular (relative), chosen so that the committee's proposals lead their categories.
MOST_BEAUTIFUL = {1: 9, 2: 8, 3: 7, 4: 4, 5: 3, 6: 8, 7: 9, 8: 7, 9: 6, 10: 8, 11: 3, 12: 2}
MODEL_POST = {code: 3 + (code * 7) % 6 for code in range(1, 14)}


def phones(rng: random.Random, count: int) -> list[str]:
    return [f"1{rng.choice('3589')}{rng.randrange(10**9):09d}" for _ in range(count)]


def moments(rng: random.Random, start: datetime, end: datetime, count: int) -> list[datetime]:
    span = int((end - start).total_seconds())
    return sorted(start + timedelta(seconds=rng.randrange(span)) for _ in range(count))


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))


def sms_rows(
    rng: random.Random,
    weights: dict[int, int],
    start: datetime,
    end: datetime,
    prefix: str,
    count: int,
) -> list[list[str]]:
    codes = list(weights)
    people = phones(rng, count // 2)
    rows = []
    for moment in moments(rng, start - timedelta(hours=6), end + timedelta(hours=3), count):
        code = rng.choices(codes, [weights[c] for c in codes])[0]
        message = rng.choice(
            [
                f"{prefix}{code}",
                f"{prefix}{code}",
                f"投{code}号",
                f" {code:02d} ",
                f"{prefix}{chr(0xFF10 + code % 10) if code < 10 else code}",
            ]
        )
        roll = rng.random()
        if roll < 0.02:
            message = f"{prefix}{code} {prefix}{rng.choice(codes)}"  # several codes
        elif roll < 0.035:
            message = f"{prefix}{max(codes) + rng.randrange(1, 5)}"  # not a candidate
        elif roll < 0.045:
            message = "你好，请问怎么投票"  # no code at all
        phone = rng.choice(people)
        rows.append([moment.strftime("%Y-%m-%d %H:%M:%S"), phone, message])
        if rng.random() < 0.01:
            rows.append(rows[-1][:])  # the gateway exported it twice
    return rows


def hotline_rows(
    rng: random.Random, weights: dict[int, int], start: datetime, end: datetime, count: int
) -> list[list[str]]:
    codes = list(weights)
    rows = []
    for moment in moments(rng, start, end, count):
        if not 9 <= moment.hour < 17:
            moment = moment.replace(hour=rng.randrange(9, 17))
        code = rng.choices(codes, [weights[c] for c in codes])[0]
        rows.append([moment.strftime("%Y/%m/%d %H:%M"), phones(rng, 1)[0], str(code)])
    return rows


def online_rows(rng: random.Random, weights: dict[int, int], scale: int) -> list[list[str]]:
    return [
        [str(code), str(weight * scale + rng.randrange(scale))] for code, weight in weights.items()
    ]


def main() -> None:
    rng = random.Random(20261125)
    folder = CONTENT / "2026-most-beautiful" / "votes"
    start, end = datetime(2026, 11, 10, 9), datetime(2026, 11, 18, 18)
    write_csv(
        folder / "online.csv", ["编号", "票数"], online_rows(rng, MOST_BEAUTIFUL, 120), "gb18030"
    )
    write_csv(
        folder / "sms.csv",
        ["发送时间", "手机号码", "短信内容"],
        sms_rows(rng, MOST_BEAUTIFUL, start, end, "最美", 2400),
        "utf-8-sig",
    )
    write_csv(
        folder / "hotline.csv",
        ["来电时间", "来电号码", "编号"],
        hotline_rows(rng, MOST_BEAUTIFUL, start, end, 180),
        "gb18030",
    )
    folder = CONTENT / "2026-model-post" / "votes"
    start, now = datetime(2026, 11, 20, 9), datetime(2026, 11, 25, 8)
    write_csv(
        folder / "online.csv",
        ["候选人编号", "得票数"],
        online_rows(rng, MODEL_POST, 60),
        "utf-8-sig",
    )
    write_csv(
        folder / "sms-1120-1124.csv",
        ["时间", "手机号", "内容"],
        sms_rows(rng, MODEL_POST, start, now, "投", 1500),
        "gb18030",
    )


if __name__ == "__main__":
    main()
