"""Benchmark of whole-site builds at scale (issue "Performance at scale").

Run it from the repository root:

    .venv/bin/python bench/build.py [N] [--rounds R] [--only PHASES] [--keep DIR] [--check]
    .venv/bin/python bench/build.py --scale 1000,10000 [--rounds R] [--check]

It writes a synthetic, fictional centre of N people (default 1,000) with N nominations over
5 campaigns, ~800-character Chinese stories and no photos (bench/centre.py; seeded, so the
same N always gives the same files; writing it is not timed), and beside it two references
with the same stories:

* blog: Material's blog plugin (`plugins: [search, blog]`), one post per published nomination,
  the people as authors in `.authors.yml` with `authors_profiles: true` (author pages);
* plain: MkDocs with Material and search, as many pages as our build writes HTML pages (the
  home page, the rest out of the nav), the stories over again.

Each variant has its own folder and `mkdocs.yml`. Every build is `mkdocs build -q` in a fresh
process with NO_MKDOCS_2_WARNING=1 and HONOURS_TODAY fixed (so every campaign's stage is the
same in every run); its wall time, CPU time (user + sys) and peak RSS come from `os.wait4` on
that process. The phases, interleaved R times (default 3), keeping the best wall of each:

* ours cold (no site/, no .cache/), ours warm (nothing changed), ours edit (one nomination's
  story edited, then a full build; the edit is checked in the page, then undone);
* blog cold, blog warm; plain cold, plain warm;
* check cold (`honours check` without .cache/), check warm, and check redraw (warm but
  without .cache/portraits/: every placeholder is drawn again); redraw − warm is the cost of
  the placeholders.

Then, once, serve: `mkdocs serve --dirty` (as `make serve` runs it) on a free port of
127.0.0.1; when the edited nomination's page answers, its story is edited and the page polled
over HTTP until the new text shows (the latency of one edit as staff see it, from the file's
write: the watcher's polling, the rebuild of what changed, the page served); then serve is
stopped.

It prints a table (best wall, the walls of each round, CPU of the best round, the largest peak
RSS of any round, the ratio to the phase's reference) and the targets: ours cold ≤ 0.5× blog
cold; ours warm ≤ 1.5× plain warm; an edit's page served in ≤ 5 s under serve (ours edit, a
whole `mkdocs build` after the edit, is information); check
warm ≤ 1.5 s at 1,000 people (≤ 10 s at 10,000); placeholders ≤ 2 s per 1,000 people; peak
memory of our build ≤ 1 GB. `--scale A,B` runs ours and check at each size and checks that
ours cold at B takes at most 1.05 × B/A the time at A (≤ 10.5× for 1,000 → 10,000). It exits 0
(it is a report) unless `--check` is given and a target fails; a failed build always stops it.
Run it on an otherwise idle machine: a build uses one core, so a wall well above its CPU time
means it waited for the CPU (the table says so), and the CPU column is the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import centre as synthetic

BIN = Path(sys.executable).parent  # the venv's bin: mkdocs and honours beside python
PHASES = ("ours", "blog", "plain", "check", "serve")

COLD_VS_BLOG = 0.5
WARM_VS_PLAIN = 1.5
EDIT_SECONDS = 5.0
PLACEHOLDER_SECONDS = 2.0  # per 1,000 people
MEMORY_MB = 1024.0
SCALE_SLACK = 1.05  # ours cold at B ≤ 1.05 × (B/A) × ours cold at A
SERVE_TIMEOUT = 900.0  # seconds for serve's first build, then for the edit to show


@dataclass
class Run:
    """One process: wall and CPU seconds (user + sys), peak RSS (KiB)."""

    wall: float
    cpu: float
    kib: int


@dataclass
class Phase:
    name: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def best(self) -> Run:
        return min(self.runs, key=lambda r: r.wall)

    @property
    def kib(self) -> int:
        return max(r.kib for r in self.runs)


# -- running one process ------------------------------------------------------------------------
def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", HONOURS_TODAY=synthetic.TODAY, PYTHONHASHSEED="0")
    return env


def compile_package() -> None:
    """Byte-compile the package, as `pip install` does: with PYTHONDONTWRITEBYTECODE set (as on
    some machines), an editable checkout would otherwise compile every module from source in
    every timed process (~0.3 s of each `honours check`), which no installed centre does."""
    package = Path(__file__).resolve().parent.parent / "generator"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def run(command: Sequence[str], cwd: Path, what: str) -> Run:
    """Run `command` to its end; its own rusage from wait4. A failure stops the benchmark."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=environment(), stdout=out, stderr=out)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            out.seek(0)
            sys.stderr.write(out.read().decode("utf-8", "replace")[-6000:])
            raise SystemExit(
                f"{what} failed with exit code {child.returncode}: {' '.join(command)}"
            )
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, usage.ru_maxrss)


def mkdocs_build(folder: Path, what: str) -> Run:
    return run([str(BIN / "mkdocs"), "build", "-q"], folder, what)


def clean(folder: Path) -> None:
    for name in ("site", ".cache"):
        shutil.rmtree(folder / name, ignore_errors=True)


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


# -- the variants -------------------------------------------------------------------------------
@dataclass
class Bench:
    n: int
    work: Path
    rounds: int
    only: set[str]
    centre: synthetic.Centre
    phases: dict[str, Phase] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    serve: dict[str, float] = field(default_factory=dict)

    @property
    def ours(self) -> Path:
        return self.work / "ours"

    @property
    def blog(self) -> Path:
        return self.work / "blog"

    @property
    def plain(self) -> Path:
        return self.work / "plain"

    def record(self, name: str, result: Run, note: str = "") -> None:
        phase = self.phases.setdefault(name, Phase(name))
        phase.runs.append(result)
        phase.note = note or phase.note
        print(
            f"  {name:<12} {result.wall:7.2f} s  cpu {result.cpu:7.2f} s  {result.kib / 1024:6.0f} MB"
        )

    def edited_page(self) -> tuple[Path, str]:
        """The edited nomination's file and the page's path in the site."""
        target = self.centre.edit_target()
        return (
            synthetic.nomination_path(self.ours, target),
            f"campaigns/{target.campaign}/{target.person.id}/",
        )


def prepare(bench: Bench) -> None:
    """Write the variants that will run (not timed)."""
    started = time.perf_counter()
    for folder in (bench.ours, bench.blog, bench.plain):  # plain: once ours counted its pages
        shutil.rmtree(folder, ignore_errors=True)
    synthetic.write_ours(bench.centre, bench.ours)
    if "blog" in bench.only:
        synthetic.write_blog(bench.centre, bench.blog)
    print(f"wrote the centre (and references) in {time.perf_counter() - started:.1f} s (not timed)")


def prepare_plain(bench: Bench) -> None:
    """Plain MkDocs with as many pages as our build writes (an untimed build when ours did not
    run yet)."""
    if "ours" not in bench.pages:
        print("  (an untimed build of ours, to count its pages)")
        clean(bench.ours)
        mkdocs_build(bench.ours, "ours")
        bench.pages["ours"] = html_pages(bench.ours / "site")
    shutil.rmtree(bench.plain, ignore_errors=True)
    synthetic.write_plain(bench.centre, bench.plain, bench.pages["ours"] - 1)  # and its 404


def edit(path: Path, original: str, marker: str) -> None:
    """The story with one more sentence (written in place, as an editor saves)."""
    path.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")


def one_round(bench: Bench, number: int) -> None:
    print(f"round {number}")
    if "ours" in bench.only:
        clean(bench.ours)
        bench.record("ours cold", mkdocs_build(bench.ours, "ours cold"))
        bench.pages["ours"] = html_pages(bench.ours / "site")
        bench.record("ours warm", mkdocs_build(bench.ours, "ours warm"))
        path, page = bench.edited_page()
        original = path.read_text(encoding="utf-8")
        marker = f"本轮修改标记{number}：她热心帮助群众办理业务，受到一致好评。"
        edit(path, original, marker)
        try:
            result = mkdocs_build(bench.ours, "ours edit")
            html = (bench.ours / "site" / page / "index.html").read_text(encoding="utf-8")
            if marker not in html:
                raise SystemExit(f"ours edit: the edit is not in site/{page}index.html")
        finally:
            path.write_text(original, encoding="utf-8")
        bench.record("ours edit", result, f"one story edited: {page}")
    if "blog" in bench.only:
        clean(bench.blog)
        bench.record("blog cold", mkdocs_build(bench.blog, "blog cold"))
        bench.pages["blog"] = html_pages(bench.blog / "site")
        bench.record("blog warm", mkdocs_build(bench.blog, "blog warm"))
    if "plain" in bench.only:
        if not bench.plain.is_dir():
            prepare_plain(bench)
        clean(bench.plain)
        bench.record("plain cold", mkdocs_build(bench.plain, "plain cold"))
        bench.pages["plain"] = html_pages(bench.plain / "site")
        bench.record("plain warm", mkdocs_build(bench.plain, "plain warm"))
    if "check" in bench.only:
        check = [str(BIN / "honours"), "check", "-f", "mkdocs.yml"]
        shutil.rmtree(bench.ours / ".cache", ignore_errors=True)
        bench.record("check cold", run(check, bench.ours, "honours check (cold)"))
        bench.record("check warm", run(check, bench.ours, "honours check (warm)"))
        # The centre has no photos: without .cache/portraits/, a warm check draws every
        # placeholder again and nothing else (bodies and records stay cached).
        shutil.rmtree(bench.ours / ".cache" / "portraits", ignore_errors=True)
        bench.record("check redraw", run(check, bench.ours, "honours check (placeholders)"))


# -- serve --------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError):
        return None


def poll(until: Callable[[], bool], timeout: float, alive: Callable[[], bool]) -> float | None:
    """Seconds until `until()` holds (polled every 0.1 s), None at the timeout or if serve died."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if until():
            return time.perf_counter() - started
        if not alive():
            return None
        time.sleep(0.1)
    return None


def measure_serve(bench: Bench) -> None:
    """mkdocs serve --dirty, as `make serve` runs it: its first build, then one edit until the
    page shows it; then SIGINT (serve shuts down and removes its temporary site). The process is
    reaped with wait4 for its rusage."""
    print("serve")
    clean(bench.ours)
    port = free_port()
    path, page = bench.edited_page()
    url = f"http://127.0.0.1:{port}/{page}"
    original = path.read_text(encoding="utf-8")
    marker = "服务修改标记：她热心帮助群众办理业务，受到一致好评。"
    command = [str(BIN / "mkdocs"), "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    reaped: list[object] = []  # the rusage, once the process has ended

    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=bench.ours, env=environment(), stdout=log, stderr=log)

        def alive() -> bool:
            if not reaped:
                pid, status, usage = os.wait4(child.pid, os.WNOHANG)
                if pid:
                    child.returncode = os.waitstatus_to_exitcode(status)
                    reaped.append(usage)
            return not reaped

        first = latency = None
        try:
            first = poll(lambda: fetch(url) is not None, SERVE_TIMEOUT, alive)
            if first is not None:
                time.sleep(1.0)  # let the watcher settle after the first build
                edit(path, original, marker)
                latency = poll(lambda: marker in (fetch(url) or ""), SERVE_TIMEOUT, alive)
        finally:
            path.write_text(original, encoding="utf-8")
            if alive():
                child.send_signal(signal.SIGINT)
                poll(lambda: not alive(), 30.0, lambda: True)
            if alive():
                child.kill()
                poll(lambda: not alive(), 30.0, lambda: True)
        wall = time.perf_counter() - started
        if first is None or latency is None:
            log.seek(0)
            sys.stderr.write(log.read().decode("utf-8", "replace")[-6000:])
            what = "did not answer" if first is None else "did not show the edit"
            raise SystemExit(f"serve: {url} {what} within {SERVE_TIMEOUT:.0f} s")
    usage = reaped[0] if reaped else None
    cpu = (usage.ru_utime + usage.ru_stime) if usage else 0.0  # type: ignore[attr-defined]
    kib = usage.ru_maxrss if usage else 0  # type: ignore[attr-defined]
    bench.serve = {"first": first, "latency": latency, "wall": wall}
    bench.record(
        "serve edit",
        Run(latency, cpu, kib),
        f"first build {first:.1f} s, then the edit shows after {latency:.1f} s; "
        f"cpu and peak MB of the whole serve ({wall:.0f} s)",
    )


# -- the report ---------------------------------------------------------------------------------
REFERENCES = {  # phase -> the phase its ratio is against
    "ours cold": "blog cold",
    "ours warm": "plain warm",
    "ours edit": "ours warm",
    "blog warm": "blog cold",
    "plain warm": "plain cold",
    "check warm": "check cold",
    "check redraw": "check warm",
}


def table(bench: Bench) -> list[str]:
    lines = [
        f"{'phase':<12} {'wall s':>7}  {'rounds (wall s)':<24} {'cpu s':>7} {'peak MB':>8} "
        f"{'ratio':>14}  notes"
    ]
    for name, phase in bench.phases.items():
        best = phase.best
        rounds = " ".join(f"{r.wall:.1f}" for r in phase.runs)
        reference = bench.phases.get(REFERENCES.get(name, ""))
        ratio = f"{best.wall / reference.best.wall:.2f}× {reference.name}" if reference else ""
        notes = [phase.note] if phase.note else []
        if name != "serve edit" and best.cpu and best.wall > 1.1 * best.cpu:  # one core each
            notes.insert(0, f"wall {best.wall / best.cpu:.2f}× cpu: waited for the CPU")
        mb = f"{phase.kib / 1024:.0f}" if phase.kib else "-"
        cpu = f"{best.cpu:.2f}" if best.cpu else "-"
        lines.append(
            f"{name:<12} {best.wall:>7.2f}  {rounds:<24} {cpu:>7} {mb:>8} {ratio:>14}  "
            f"{'; '.join(notes)}"
        )
    return lines


def check_target(n: int) -> float:
    """honours check warm: 1.5 s up to 1,000 people, 10 s up to 10,000, then in proportion."""
    if n <= 1000:
        return 1.5
    return 10.0 * max(1.0, n / 10000)


def verdicts(bench: Bench) -> list[tuple[str, str, bool]]:
    p, checks = bench.phases, []

    def wall(name: str) -> float:
        return p[name].best.wall

    if "ours cold" in p and "blog cold" in p:
        ratio = wall("ours cold") / wall("blog cold")
        checks.append(
            ("ours cold / blog cold", f"{ratio:.2f}×  (≤ {COLD_VS_BLOG})", ratio <= COLD_VS_BLOG)
        )
    if "ours warm" in p and "plain warm" in p:
        ratio = wall("ours warm") / wall("plain warm")
        checks.append(
            (
                "ours warm / plain warm",
                f"{ratio:.2f}×  (≤ {WARM_VS_PLAIN})",
                ratio <= WARM_VS_PLAIN,
            )
        )
    if "serve edit" in p:  # "ours edit" is a whole `mkdocs build`: information, no target
        checks.append(
            (
                "serve edit (page rebuilt)",
                f"{wall('serve edit'):.1f} s  (≤ {EDIT_SECONDS:.0f} s)",
                wall("serve edit") <= EDIT_SECONDS,
            )
        )
    if "check warm" in p:
        target = check_target(bench.n)
        checks.append(
            (
                "honours check warm",
                f"{wall('check warm'):.2f} s  (≤ {target:g} s)",
                wall("check warm") <= target,
            )
        )
    if "check redraw" in p and "check warm" in p:
        extra = wall("check redraw") - wall("check warm")
        target = PLACEHOLDER_SECONDS * max(1.0, len(bench.centre.people) / 1000)
        checks.append(
            (
                "placeholders (redraw − warm)",
                f"{extra:.2f} s  (≤ {target:g} s)",
                extra <= target,
            )
        )
    ours = [p[name] for name in ("ours cold", "ours warm", "ours edit") if name in p]
    if ours:
        peak = max(phase.kib for phase in ours) / 1024
        checks.append(
            ("ours peak memory", f"{peak:.0f} MB  (≤ {MEMORY_MB:.0f} MB)", peak <= MEMORY_MB)
        )
    return checks


def header(bench: Bench) -> str:
    c = bench.centre
    published = sum(m.published for m in c.nominations)
    pages = ", ".join(f"{k} {v}" for k, v in bench.pages.items()) or "-"
    import material
    import mkdocs

    return (
        f"centre: {len(c.people)} people, {len(c.units)} units, {len(c.campaigns)} campaigns, "
        f"{len(c.nominations)} nominations ({published} published); HTML pages: {pages}\n"
        f"MkDocs {mkdocs.__version__}, Material {material.__version__}, {os.cpu_count()} CPUs, "
        f"HONOURS_TODAY={synthetic.TODAY}; best of {bench.rounds} interleaved rounds"
    )


def report(bench: Bench) -> list[tuple[str, str, bool]]:
    print()
    print(header(bench))
    print()
    print("\n".join(table(bench)))
    if "ours cold" in bench.phases and "ours warm" in bench.phases:
        gap = bench.phases["ours cold"].best.wall - bench.phases["ours warm"].best.wall
        print(f"ours cold − warm: {gap:.2f} s (information: placeholders and a fresh site/)")
    print()
    checks = verdicts(bench)
    for name, value, ok in checks:
        print(f"{name:<34} {value:<40} {'PASS' if ok else 'FAIL'}")
    return checks


# -- the command --------------------------------------------------------------------------------
def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=1000, help="people (default 1000)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument(
        "--only",
        help=f"comma-separated phases to run, of {','.join(PHASES)} (default: all; with "
        "--scale: ours,check)",
    )
    parser.add_argument(
        "--scale", help="sizes A,B: ours and check at each, and the ratio of B to A"
    )
    parser.add_argument("--keep", type=Path, help="work here and keep the generated folders")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args(argv)
    args.only_given = args.only is not None
    args.only = {p.strip() for p in (args.only or ",".join(PHASES)).split(",") if p.strip()}
    if args.only - set(PHASES):
        parser.error(f"--only: unknown phase {', '.join(sorted(args.only - set(PHASES)))}")
    if args.count < 10 or args.rounds < 1:
        parser.error("N must be at least 10 and --rounds at least 1")
    return args


def benchmark(n: int, args: argparse.Namespace, work: Path, only: set[str]) -> Bench:
    started = time.perf_counter()
    bench = Bench(n, work, args.rounds, only, synthetic.centre(n))
    print(f"== N = {n}: {', '.join(p for p in PHASES if p in only)}; work in {work}")
    compile_package()
    prepare(bench)
    for number in range(1, args.rounds + 1):
        one_round(bench, number)
    if "serve" in only:
        measure_serve(bench)
    print(f"benchmark of N = {n} took {time.perf_counter() - started:.0f} s")
    return bench


def scale(args: argparse.Namespace, work: Path) -> list[tuple[str, str, bool]]:
    sizes = [int(s) for s in args.scale.split(",")]
    if len(sizes) != 2 or sizes[0] >= sizes[1]:
        raise SystemExit("--scale takes two sizes, the smaller first: --scale 1000,10000")
    only = args.only if args.only_given else {"ours", "check"}
    benches = [benchmark(n, args, work / f"n{n}", only) for n in sizes]
    checks = []
    for bench in benches:
        checks += report(bench)
    small, large = benches
    if "ours cold" in small.phases and "ours cold" in large.phases:
        factor = large.n / small.n
        target = SCALE_SLACK * factor
        print()
        for name in ("ours cold", "ours warm", "check warm"):
            if name in small.phases and name in large.phases:
                ratio = large.phases[name].best.wall / small.phases[name].best.wall
                print(f"{name} at {large.n} / at {small.n}: {ratio:.2f}× (N × {factor:g})")
        ratio = large.phases["ours cold"].best.wall / small.phases["ours cold"].best.wall
        ok = ratio <= target
        checks.append((f"ours cold {large.n} / {small.n}", f"{ratio:.2f}×  (≤ {target:.1f})", ok))
        print(f"{checks[-1][0]:<34} {checks[-1][1]:<40} {'PASS' if ok else 'FAIL'}")
    return checks


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    load = os.getloadavg()[0]
    print(f"load average before: {load:.2f} (anything else running skews the walls)")
    with tempfile.TemporaryDirectory(prefix="build-bench-") as temporary:
        work = args.keep.resolve() if args.keep else Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        if args.scale:
            checks = scale(args, work)
        else:
            checks = report(benchmark(args.count, args, work, args.only))
    print(f"\nthe whole benchmark took {time.perf_counter() - started:.0f} s")
    failed = not all(ok for _, _, ok in checks)
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
