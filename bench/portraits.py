"""Benchmark of the portrait pipeline against a bare Pillow floor.

Run it from the repository root:

    .venv/bin/python bench/portraits.py [N] [--workers W] [--rounds R] [--keep DIR] [--check]

It makes N synthetic 3000×4000 JPEG portraits (every 5th stored rotated with EXIF
Orientation 6, every 7th with 8; making them is not timed; with ``--keep DIR`` they are
kept and reused), then runs three phases:

* floor: bare Pillow doing the same outputs: one draft decode, EXIF transpose, a centre
  fit to 960×1280 and, for 960/480/240 wide (each from the previous), a JPEG (quality 82,
  optimized, progressive) and a WebP (quality 80, method 4), with the same
  ProcessPoolExecutor and ``pool.map(chunksize=1)`` as the pipeline. Every resample is
  LANCZOS, the fit too (its default, BICUBIC, would make the floor ~8 ms a photo cheaper
  than the pipeline's filter allows);
* cold: ``make_portraits`` on an empty cache (face detection runs: no photo_focus);
* warm: ``make_portraits`` again on that cache, which must decode and encode nothing:
  ``render`` is wrapped to count its calls, and the output files' sizes and mtimes are
  compared before and after.

Floor and cold are interleaved R times (default 3) and the best of each is kept: on a small
VM the wall of one run varies by 5–15 % with whatever else is running; warm runs once after
the last cold. Each phase runs in a fresh subprocess of this script so that its peak memory
is its own.

It prints wall time, CPU time (user + sys of the phase and its workers), per-photo p50/p95
(timed inside the workers), the peak RSS of the largest worker (``RUSAGE_CHILDREN`` of the
phase process after its pool has shut down; with the ``fork`` start method this includes the
pages a worker shares with its parent, e.g. OpenCV) and of the phase process itself, then the
ratios against the targets: cold ≤ 1.20× floor, warm < 0.05× cold with no render call and no
output file written, peak worker RSS < 200 MB. It exits 0 (it is a report) unless
``--check`` is given and a target fails (or a photo failed).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SIZE = (3000, 4000)  # upright width × height of the synthetic photos
OUTPUT = (960, 1280)  # the largest rendition: PortraitSettings' widths and aspect
WIDTHS = (960, 480, 240)
COLD_VS_FLOOR = 1.20
WARM_VS_COLD = 0.05
WORKER_MB = 200.0

Result = dict[str, Any]


# -- the synthetic photos (not timed) -------------------------------------------------------
def orientation_for(number: int) -> int:
    """EXIF orientation of photo `number` (from 1): 6 for every 5th, 8 for every 7th."""
    if number % 5 == 0:
        return 6
    return 8 if number % 7 == 0 else 1


def photo_name(number: int) -> str:
    return f"photo-{number:04d}-o{orientation_for(number)}.jpg"


def _write_photo(job: tuple[int, str]) -> None:
    sys.path.insert(0, str(BENCH))
    import synthetic

    number, path = job
    Path(path).write_bytes(synthetic.portrait(number, SIZE, orientation_for(number)))


def make_photos(folder: Path, count: int, workers: int) -> list[Path]:
    """The N photos in `folder`; existing ones are kept (they are deterministic)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / photo_name(n) for n in range(1, count + 1)]
    missing = [(n, str(p)) for n, p in enumerate(paths, start=1) if not p.is_file()]
    if missing:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(_write_photo, missing))
    return paths


# -- the floor (runs in the workers of the floor phase) -------------------------------------
def floor_photo(job: tuple[str, str]) -> float:
    """One photo the bare-Pillow way; returns the seconds it took."""
    source, out_dir = job
    started = time.perf_counter()
    with Image.open(source) as image:
        turned = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
        image.draft("RGB", OUTPUT[::-1] if turned else OUTPUT)  # the stored orientation
        upright = ImageOps.exif_transpose(image)
    current = ImageOps.fit(upright, OUTPUT, method=Image.Resampling.LANCZOS)
    stem = Path(out_dir) / Path(source).stem
    for width in WIDTHS:
        height = width * OUTPUT[1] // OUTPUT[0]
        if current.size != (width, height):
            current = current.resize((width, height), Image.Resampling.LANCZOS)
        current.save(f"{stem}-{width}.jpg", "JPEG", quality=82, optimize=True, progressive=True)
        current.save(f"{stem}-{width}.webp", "WEBP", quality=80, method=4)
    return time.perf_counter() - started


def run_floor(photos: list[Path], out_dir: Path, workers: int) -> Result:
    jobs = [(str(p), str(out_dir)) for p in photos]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        times = list(pool.map(floor_photo, jobs, chunksize=1))
    return {"wall": time.perf_counter() - started, "times": times}


# -- the pipeline ---------------------------------------------------------------------------
def build_content(photos: list[Path], root: Path) -> Any:
    """A minimal `Content`: one person per photo, no photo_focus (the detector runs)."""
    from generator.model.records import Content, Organisation, Person
    from generator.sources.problems import Mark

    organisation = Organisation(
        name="x",
        short_name=None,
        address=None,
        website=None,
        contacts=(),
        supervision=None,
        person_fields=frozenset(),
    )
    people = {
        p.stem: Person(id=p.stem, kind="person", name="测试", unit="u", mark=Mark(p), photo=p)
        for p in photos
    }
    return Content(
        root=root,
        organisation=organisation,
        units={},
        people=people,
        campaigns={},
        nominations=[],
    )


@contextmanager
def counting_renders(counter: Path) -> Iterator[None]:
    """Count `render` calls, in forked workers too: each call appends a byte to `counter`."""
    from generator import portraits

    original = portraits.render

    def counted(*args: Any, **kwargs: Any) -> dict[str, Any]:
        descriptor = os.open(counter, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(descriptor, b".")
        finally:
            os.close(descriptor)
        return original(*args, **kwargs)

    portraits.render = counted  # _render_job looks it up per call
    try:
        yield
    finally:
        portraits.render = original


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Size and mtime of every output file (the manifest is rewritten on every save)."""
    return {
        p.name: (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.iterdir()
        if p.is_file() and p.name != "manifest.json"
    }


def run_pipeline(photos: list[Path], cache_dir: Path, workers: int) -> Result:
    from generator.media.faces import detector_name
    from generator.media.portraits import PortraitCache, PortraitSettings, make_portraits
    from generator.sources.problems import Problems

    content = build_content(photos, cache_dir.parent)
    counter = cache_dir.parent / f".{cache_dir.name}-renders"
    counter.unlink(missing_ok=True)
    problems = Problems()
    before = snapshot(cache_dir) if cache_dir.is_dir() else {}
    started = time.perf_counter()
    with counting_renders(counter):
        cache = PortraitCache(cache_dir, PortraitSettings())
        portraits = make_portraits(content, cache, problems, workers=workers)
        cache.save()
    wall = time.perf_counter() - started
    after = snapshot(cache_dir)
    renders = counter.stat().st_size if counter.exists() else 0
    counter.unlink(missing_ok=True)
    keys = [cache.key(p, None) for p in photos]  # no re-hash: the sources are known now
    rendered = [cache.outputs[k] for k in keys if k in cache.outputs]
    return {
        "wall": wall,
        "times": [e["seconds"] for e in rendered] if renders else [],
        "renders": renders,
        "touched": sum(before.get(name) != stat for name, stat in after.items())
        + len(before.keys() - after.keys()),
        "portraits": len(portraits),
        "errors": len(problems.errors),
        "framing": dict(Counter(p.framing for p in portraits.values())),
        "detector": detector_name(),
        "keys": {p.stem: k for p, k in zip(photos, keys, strict=True)},
    }


# -- one phase, in its own process -----------------------------------------------------------
def run_phase(phase: str, photos_dir: Path, count: int, out_dir: Path, workers: int) -> Result:
    photos = [photos_dir / photo_name(n) for n in range(1, count + 1)]
    if phase != "warm":
        shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    if phase == "floor":
        result = run_floor(photos, out_dir, workers)
    else:
        result = run_pipeline(photos, out_dir, workers)
    result["phase"] = phase
    result["photos"] = len(photos)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the pool has shut down
    itself = resource.getrusage(resource.RUSAGE_SELF)
    result["worker_kib"] = children.ru_maxrss
    result["main_kib"] = itself.ru_maxrss
    result["cpu"] = sum(u.ru_utime + u.ru_stime for u in (children, itself))
    return result


def spawn_phase(phase: str, args: argparse.Namespace, work: Path, out: str) -> Result:
    """Run one phase in a fresh interpreter and read its JSON line."""
    photos_dir, out_dir, workers = work / "photos", work / out, args.workers
    command = [sys.executable, str(Path(__file__).resolve()), str(args.count), "--phase", phase]
    command += ["--photos", str(photos_dir), "--out", str(out_dir), "--workers", str(workers)]
    busy = busy_seconds()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    busy = busy_seconds() - busy
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"phase {phase} failed with exit code {done.returncode}")
    result: Result = json.loads(done.stdout.strip().splitlines()[-1])
    result["other"] = max(0.0, busy - result["cpu"]) if busy else None
    return result


def busy_seconds() -> float:
    """CPU seconds the whole machine has been busy, steal included (/proc/stat; 0 elsewhere)."""
    try:
        ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return 0.0
    idle = sum(ticks[3:5])  # idle, iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


# -- the report ----------------------------------------------------------------------------
def identical(floor_dir: Path, cache_dir: Path, keys: dict[str, str]) -> int:
    """How many photos got byte-identical outputs from the floor and the pipeline."""

    def same(stem: str, key: str) -> bool:
        names = [(f"{stem}-{w}.{e}", f"{key}-{w}.{e}") for w in WIDTHS for e in ("jpg", "webp")]
        return all(
            (floor_dir / a).is_file()
            and (cache_dir / b).is_file()
            and (floor_dir / a).read_bytes() == (cache_dir / b).read_bytes()
            for a, b in names
        )

    return sum(same(stem, key) for stem, key in keys.items())


def best(results: Sequence[Result]) -> Result:
    """The fastest round (and its CPU and per-photo times), with the largest peak memory."""
    chosen = dict(min(results, key=lambda r: r["wall"]))
    chosen["worker_kib"] = max(r["worker_kib"] for r in results)
    chosen["main_kib"] = max(r["main_kib"] for r in results)
    chosen["walls"] = [r["wall"] for r in results]
    return chosen


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def megabytes(kib: int) -> str:
    return f"{kib / 1024:.0f}" if kib else "-"


def milliseconds(values: Sequence[float], fraction: float) -> str:
    return f"{percentile(values, fraction) * 1000:.0f}" if values else "-"


def table(rows: Sequence[Result]) -> list[str]:
    lines = [
        f"{'phase':<6} {'wall s':>7} {'rounds (wall s)':<16} {'cpu s':>6} {'p50 ms':>7} "
        f"{'p95 ms':>7} {'worker MB':>9} {'main MB':>8}  notes"
    ]
    for r in rows:
        rounds = " ".join(f"{w:.2f}" for w in r["walls"])
        notes = []
        if "renders" in r:
            notes.append(f"renders {r['renders']}, files written {r['touched']}")
        if r.get("framing"):
            framing = ", ".join(f"{k} {v}" for k, v in sorted(r["framing"].items()))
            notes.append(f"framing: {framing}")
        if r.get("other") is not None:
            notes.insert(0, f"other load {r['other']:.2f} CPU s")
        if r.get("errors"):
            notes.append(f"ERRORS {r['errors']}")
        lines.append(
            f"{r['phase']:<6} {r['wall']:>7.2f} {rounds:<16} {r['cpu']:>6.2f} "
            f"{milliseconds(r['times'], 0.5):>7} "
            f"{milliseconds(r['times'], 0.95):>7} {megabytes(r['worker_kib']):>9} "
            f"{megabytes(r['main_kib']):>8}  {'; '.join(notes)}"
        )
    return lines


def verdicts(floor: Result, cold: Result, warm: Result) -> list[tuple[str, str, bool]]:
    cold_ratio = cold["wall"] / floor["wall"]
    warm_ratio = warm["wall"] / cold["wall"]
    cold_mb = (cold["worker_kib"] or cold["main_kib"]) / 1024  # N ≤ 2 runs in-process
    return [
        (
            "cold / floor",
            f"{cold_ratio:.2f}×  (target ≤ {COLD_VS_FLOOR:.2f})",
            cold_ratio <= COLD_VS_FLOOR,
        ),
        (
            "warm / cold",
            f"{warm_ratio:.3f}× (target < {WARM_VS_COLD:.2f}; renders {warm['renders']}, "
            f"files written {warm['touched']})",
            warm_ratio < WARM_VS_COLD and warm["renders"] == 0 and warm["touched"] == 0,
        ),
        ("cold worker peak", f"{cold_mb:.0f} MB  (target < {WORKER_MB:.0f})", cold_mb < WORKER_MB),
    ]


def header(args: argparse.Namespace, photos: list[Path], detector: str) -> str:
    import PIL

    rotated = sum(orientation_for(n) != 1 for n in range(1, len(photos) + 1))
    size = sum(p.stat().st_size for p in photos) / len(photos) / 1024
    return (
        f"{len(photos)} photos {SIZE[0]}×{SIZE[1]} ({rotated} EXIF-rotated, mean {size:.0f} KiB), "
        f"{args.workers} workers on {os.cpu_count()} CPUs, Pillow {PIL.__version__}, "
        f"detector {detector}; floor and cold: best of {args.rounds} interleaved rounds"
    )


# -- the command ---------------------------------------------------------------------------
def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=40, help="photos (default 40)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=3, help="floor/cold rounds (default 3)")
    parser.add_argument("--keep", type=Path, help="work here and keep photos and outputs")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--phase", choices=["floor", "cold", "warm"], help=argparse.SUPPRESS)
    parser.add_argument("--photos", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def benchmark(args: argparse.Namespace, work: Path) -> int:
    load = os.getloadavg()[0]
    started = time.perf_counter()
    photos = make_photos(work / "photos", args.count, args.workers)
    print(f"made {len(photos)} photos in {time.perf_counter() - started:.1f} s (not timed)")
    floors, colds = [], []
    for _ in range(args.rounds):
        floors.append(spawn_phase("floor", args, work, "floor"))
        colds.append(spawn_phase("cold", args, work, "cache"))
    warm = spawn_phase("warm", args, work, "cache")
    floor, cold, warm = best(floors), best(colds), best([warm])
    print(header(args, photos, cold["detector"]))
    print(f"load average before: {load:.2f} (anything else running skews the walls)")
    same = identical(work / "floor", work / "cache", cold["keys"])
    print(f"floor and pipeline outputs byte-identical for {same} of {len(photos)} photos")
    print()
    print("\n".join(table([floor, cold, warm])))
    print()
    checks = verdicts(floor, cold, warm)
    for name, value, ok in checks:
        print(f"{name:<21} {value:<64} {'PASS' if ok else 'FAIL'}")
    cpu = cold["cpu"] / floor["cpu"]
    print(f"{'cold / floor CPU':<21} {cpu:.2f}×  (information: workers + main, user + sys)")
    if abs(cold["wall"] / floor["wall"] - cpu) > 0.1 * cpu:
        print("note: the wall and CPU ratios differ by over 10 %: other processes probably took")
        print("      CPU during the fastest rounds (see 'other load'); rerun on a quiet machine.")
    failed = not all(ok for _, _, ok in checks) or cold["errors"] > 0
    return 1 if args.check and failed else 0


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))  # `generator` without installing it
    if args.phase:
        result = run_phase(args.phase, args.photos, args.count, args.out, args.workers)
        print(json.dumps(result))
        return 0
    if args.count < 1 or args.rounds < 1 or args.workers < 1:
        raise SystemExit("N, --rounds and --workers must be at least 1")
    if args.keep:
        return benchmark(args, args.keep.resolve())
    with tempfile.TemporaryDirectory(prefix="portraits-bench-") as work:
        return benchmark(args, Path(work))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
