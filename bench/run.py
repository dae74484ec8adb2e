"""Time briefgen against Pandoc and Typst on the same synthetic brief, in one run, on this machine.

Usage:  pip install -e '.[bench]' && python bench/run.py [--runs 5] [--runs-large 3] [--sizes S,M,L]
                                                        [--out bench/results.md] [--keep DIR]

Each measurement is a whole process (what a person at the terminal waits for): one warm-up run,
then the timed runs, interleaved: each round runs every command of a size once, so that a ratio
of briefgen to the other tools is taken round by round under the same load and summarised as
median (min–max); tables give the median with min and max, the peak resident memory of the
process (largest of it and its workers) and its CPU time, which shows whether it used more than
one core. Size L gets `--runs-large` runs (default 3) to keep the default run to a few minutes.
Tools that are missing are reported as missing and commands that fail as failed, never skipped.
Nothing here asserts anything about time: it prints what it measured and how that compares with
the budget of issue 14.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONTS = HERE.parent / "templates" / "default" / "fonts"
PY = sys.executable
BRIEFGEN = [PY, "-m", "briefgen.cli"]
FLOOR = "import reportlab.platypus, docx, pptx, yaml"
# Children may cache bytecode even where the caller's environment says not to: an installed
# package has its .pyc files, and timing Python compiling briefgen's sources at every run
# (about 40 ms a process) would measure the checkout, not the tool. The warm-up writes them.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
# Typst from PyPI is a Python binding without a `typst` executable: one process that compiles once.
TYPST = ("import sys, typst; typst.compile('brief.typ', output=sys.argv[1], font_paths=[sys.argv[2]])")


@dataclass(frozen=True, slots=True)
class Timing:
    """A measured command: wall seconds of each timed run, peak RSS (MiB) and CPU seconds per run."""

    samples: tuple[float, ...]
    rss_mib: float
    cpu: float

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def cell(self) -> str:
        return f"{self.median:.3f} ({min(self.samples):.3f}–{max(self.samples):.3f})"


@dataclass(frozen=True, slots=True)
class Absent:
    """A measurement that could not be made: the tool is missing or the command failed."""

    why: str

    def cell(self) -> str:
        return self.why


Result = Timing | Absent


def _run_once(cmd: list[str], *, cwd: Path) -> tuple[float, int, float, float, str]:
    """Run `cmd` and return (wall seconds, exit code, peak RSS MiB, CPU seconds, stderr tail).

    `os.wait4` gives this child's own resource usage (its peak RSS is the largest of it and the
    workers it waited for), so every measurement is of a fresh process and nothing accumulates.
    """
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-600:].decode(errors="replace")
    return wall, proc.returncode, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, tail


def measure(cmd: list[str], *, cwd: Path, runs: int) -> Result:
    """Return the Timing of `runs` runs of `cmd` after one warm-up, or Absent if it fails."""
    return interleaved({"cmd": (cmd, cwd)}, runs=runs)["cmd"]


def interleaved(commands: dict[str, tuple[list[str], Path]], *, runs: int) -> dict[str, Result]:
    """Time every command `runs` times, round by round, after one warm-up run of each.

    Round k runs each command once, in order, so that the k-th samples of two commands were
    taken a few seconds apart under the same load: their ratio (`ratios`) is what a shared,
    noisy machine can still measure. A command that fails is Absent and leaves the rounds.
    """
    results: dict[str, Result] = {}
    live: dict[str, tuple[list[str], Path]] = {}
    for name, (cmd, cwd) in commands.items():
        _, code, _, _, tail = _run_once(cmd, cwd=cwd)
        if code != 0:
            sys.stderr.write(f"bench: `{' '.join(cmd)}` failed with exit {code}:\n{tail}\n")
            results[name] = Absent(f"failed (exit {code})")
        else:
            live[name] = (cmd, cwd)
    samples: dict[str, list[float]] = {name: [] for name in live}
    rss = dict.fromkeys(live, 0.0)
    cpu: dict[str, list[float]] = {name: [] for name in live}
    for _ in range(runs):
        for name, (cmd, cwd) in list(live.items()):
            wall, code, peak, used, tail = _run_once(cmd, cwd=cwd)
            if code != 0:
                sys.stderr.write(f"bench: `{' '.join(cmd)}` failed with exit {code}:\n{tail}\n")
                results[name] = Absent(f"failed (exit {code})")
                del live[name]
                continue
            samples[name].append(wall)
            rss[name] = max(rss[name], peak)
            cpu[name].append(used)
    for name in live:
        results[name] = Timing(tuple(samples[name]), rss[name], statistics.median(cpu[name]))
    return {name: results[name] for name in commands}


def ratios(numerator: Result, denominators: list[Result]) -> tuple[float, ...]:
    """Return, round by round, `numerator`'s time over the sum of the `denominators`' times."""
    if not isinstance(numerator, Timing) or not all(isinstance(d, Timing) for d in denominators):
        return ()
    rounds = zip(numerator.samples, *(d.samples for d in denominators))  # type: ignore[union-attr]
    return tuple(first / sum(rest) for first, *rest in rounds)


def spread(values: tuple[float, ...], digits: int = 2) -> str:
    """Return "median (min–max)" of `values`, or "n/a"."""
    if not values:
        return "n/a"
    return f"{statistics.median(values):.{digits}f}× ({min(values):.{digits}f}–{max(values):.{digits}f})"


# ---------------------------------------------------------------- machine


def _first_line(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unknown"


def machine() -> list[str]:
    """Return Markdown bullet lines describing this machine and the versions of every tool timed."""
    cpu = "unknown CPU"
    mem = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    pkgs = []
    for name in ("briefgen", "reportlab", "python-docx", "python-pptx", "PyYAML", "typst"):
        try:
            pkgs.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pkgs.append(f"{name} missing")
    pandoc = shutil.which("pandoc")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    return [f"- CPU: {cpu}, {os.cpu_count()} logical cores ({usable} usable), {mem} RAM; "
            f"load average at the end of the run {load} (1/5/15 min: other work on the machine skews timings)",
            f"- OS: {platform.system()} {platform.release()} ({platform.machine()}); Python {platform.python_version()}",
            f"- Tools: {_first_line([pandoc, '--version']) if pandoc else 'pandoc missing'}; " + ", ".join(pkgs)]


# ---------------------------------------------------------------- the run


# Prints the modules that `briefgen check OUTLINE` imports beyond a bare interpreter's, one a line.
_CHECK_MODULES = """
import sys
before = set(sys.modules)
from briefgen.cli import main
try:
    main(["check", sys.argv[1]])
except SystemExit:
    pass
import importlib.util

def importable(name):  # not the pseudo-modules extensions register (cython_runtime, typing.io)
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False

print("\\n".join(sorted(m for m in set(sys.modules) - before if importable(m))), file=sys.stderr)
"""


def check_floor(outline: str, *, cwd: Path) -> list[str]:
    """Return the command that imports every module `briefgen check outline` imports and does nothing
    else: the part of the check's time that no change to its own work can remove."""
    done = subprocess.run([PY, "-c", _CHECK_MODULES, outline], cwd=cwd, env=ENV, capture_output=True, text=True)
    return [PY, "-c", "import sys, importlib\nfor m in sys.argv[1:]: importlib.import_module(m)", *done.stderr.split()]


def _has_jobs_flag() -> bool:
    out = subprocess.run([*BRIEFGEN, "build", "--help"], capture_output=True, text=True)
    return "--jobs" in out.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="timed runs per measurement after a warm-up (default 5)")
    ap.add_argument("--runs-large", type=int, default=3, help="timed runs for size L (default 3)")
    ap.add_argument("--sizes", default="S,M,L", help="comma-separated sizes (default S,M,L)")
    ap.add_argument("--per-format", default="S,M", metavar="SIZES",
                    help="sizes that also time each format alone (default S,M; L adds minutes)")
    ap.add_argument("--copies", type=int, default=8, help="S outlines in the many-outlines build (default 8)")
    ap.add_argument("--out", type=Path, default=HERE / "results.md", help="where to write the Markdown results")
    ap.add_argument("--keep", type=Path, default=None, help="generate inputs and outputs here and keep them")
    ap.add_argument("--no-loop", action="store_true",
                    help="skip the author's-loop measurements (a 200-page PDF source, `briefgen watch`)")
    args = ap.parse_args()
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    sys.path.insert(0, str(HERE))
    from generate import UNITS, generate

    per_format = {s.strip().upper() for s in args.per_format.split(",") if s.strip()}
    bad = [s for s in sizes if s not in UNITS]
    if bad:
        ap.error(f"unknown size {', '.join(bad)}; choose from S, M, L")
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    pandoc = shutil.which("pandoc")
    has_typst = importlib.util.find_spec("typst") is not None
    started = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {msg}", file=sys.stderr, flush=True)

    floor = measure([PY, "-c", FLOOR], cwd=work, runs=args.runs)
    results: dict[str, dict[str, Result]] = {}
    runs_of: dict[str, int] = {}
    extra: list[str] = []
    for size in sizes:
        runs = args.runs_large if size == "L" else args.runs
        runs_of[size] = runs
        root = generate(size, work, copies=args.copies, font_dir=FONTS)
        bg, pd, ty = root / "briefgen", root / "pandoc", root / "typst"
        out = work / f"out-{size}"
        out.mkdir(exist_ok=True)  # the other tools write here too, whether or not briefgen's build did
        commands: dict[str, tuple[list[str], Path]] = {
            "briefgen build": ([*BRIEFGEN, "build", "briefs/brief.yaml", "-o", str(out)], bg)}
        r: dict[str, Result] = {}
        for fmt in ("pdf", "docx", "pptx"):
            name = f"briefgen build --format {fmt}"
            if size in per_format:
                commands[name] = ([*BRIEFGEN, "build", "briefs/brief.yaml", "-o", str(out), "--format", fmt], bg)
            else:
                r[name] = Absent("not run (see --per-format)")
        commands["briefgen check"] = ([*BRIEFGEN, "check", "briefs/brief.yaml"], bg)
        if size == "S":  # the budget's check: the project's own example, not the synthetic brief
            commands["briefgen check (example)"] = ([*BRIEFGEN, "check", "briefs/policymakers.yaml"], HERE.parent)
            commands["its imports alone"] = (check_floor("briefs/policymakers.yaml", cwd=HERE.parent), HERE.parent)
        for fmt in ("docx", "pptx"):
            if pandoc:
                commands[f"pandoc → {fmt.upper()}"] = ([pandoc, "brief.md", "--citeproc", "-o",
                                                         str(out / f"pandoc.{fmt}")], pd)
            else:
                r[f"pandoc → {fmt.upper()}"] = Absent("missing")
        if has_typst:
            commands["typst → PDF"] = ([PY, "-c", TYPST, str(out / "typst.pdf"), str(FONTS)], ty)
        else:
            r["typst → PDF"] = Absent("missing (pip install typst)")
        log(f"{size}: briefgen, pandoc and typst, {runs} interleaved rounds")
        r.update(interleaved(commands, runs=runs))
        order = ["briefgen build", *(f"briefgen build --format {f}" for f in ("pdf", "docx", "pptx")),
                 "briefgen check", "briefgen check (example)", "its imports alone", "pandoc → DOCX", "pandoc → PPTX", "typst → PDF"]
        r = {name: r[name] for name in order if name in r}
        results[size] = r
        if size == "S":
            log(f"S: {args.copies} outlines in one build")
            many = sorted(str(p.relative_to(bg)) for p in (bg / "many").glob("*.yaml"))
            par = measure([*BRIEFGEN, "build", *many, "-o", str(work / "many")], cwd=bg, runs=runs)
            one = (measure([*BRIEFGEN, "build", *many, "-o", str(work / "many1"), "--jobs", "1"], cwd=bg, runs=runs)
                   if _has_jobs_flag() else Absent("not available (no --jobs)"))
            cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
            if isinstance(par, Timing) and isinstance(one, Timing):
                extra.append(f"- {len(many)} S outlines in one `briefgen build`: {one.cell()} s with `--jobs 1`, "
                             f"{par.cell()} s with the default (one process per core, {cores} cores): "
                             f"**{one.median / par.median:.2f}× speed-up**; CPU time {par.cpu:.2f} s "
                             f"= {par.cpu / par.median:.2f} cores busy on average, peak RSS {par.rss_mib:.0f} MiB.")
            else:
                extra.append(f"- {len(many)} S outlines in one `briefgen build`: default {par.cell()}; "
                             f"`--jobs 1` {one.cell()}.")
    if not args.no_loop:
        from authoring import sources, watch

        if "S" in sizes:
            log("S: briefgen watch")
            extra += watch(work / "S" / "briefgen", runs=args.runs)
        log("a 200-page PDF source")
        extra += sources(work, runs=max(1, args.runs // 2))
    log("done")

    lines = ["Machine:", "", *machine(), "",
             f"Whole processes, seconds: median of {args.runs} runs after a warm-up (min–max)"
             + (f"; size L: {args.runs_large} runs" if "L" in sizes and args.runs_large != args.runs else "")
             + ". RSS is the peak resident memory of the largest process (briefgen or one of its workers); CPU is user+system seconds.", ""]
    for size in sizes:
        lines += [f"**{size}** ({UNITS[size]}× S):", "", "| command | time (s) | RSS (MiB) | CPU (s) |", "|---|---|---|---|"]
        for name, m in results[size].items():
            rss = f"{m.rss_mib:.0f}" if isinstance(m, Timing) else ""
            cpu = f"{m.cpu:.2f}" if isinstance(m, Timing) else ""
            lines.append(f"| {name} | {m.cell()} | {rss} | {cpu} |")
        lines.append("")
    lines += [f"Import floor (`python -c \"{FLOOR}\"`): {floor.cell()} s.", ""]

    def med(size: str, name: str) -> float:
        m = results.get(size, {}).get(name)
        return m.median if isinstance(m, Timing) else math.nan

    lines += ["Ratios are taken round by round (each round runs every command of a size once, one after "
              "the other), then summarised as median (min–max): the machine's load changes less within a round.", "",
              "| size | briefgen build | pandoc DOCX + pandoc PPTX + Typst PDF | briefgen / others, by round | briefgen / import floor |",
              "|---|---|---|---|---|"]
    fl = floor.median if isinstance(floor, Timing) else math.nan
    for size in sizes:
        b = med(size, "briefgen build")
        others = med(size, "pandoc → DOCX") + med(size, "pandoc → PPTX") + med(size, "typst → PDF")
        lines.append(f"| {size} | {b:.3f} | {others:.3f} | {spread(peer_ratios(results, size))} | {b / fl:.2f}× |"
                     .replace("nan", "n/a"))
    lines.append("")
    if len(sizes) > 1:
        steps = list(zip(sizes, sizes[1:])) + ([(sizes[0], sizes[-1])] if len(sizes) > 2 else [])
        lines += ["Growth of the median time:", "", "| command | " + " | ".join(f"{a}→{b}" for a, b in steps) + " |",
                  "|---|" + "---|" * len(steps)]
        for name in results[sizes[0]]:
            cells = [f"{med(b, name) / med(a, name):.1f}×".replace("nan×", "n/a") for a, b in steps]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["Other measurements:", "", *extra]
    if "L" in results and isinstance(results["L"]["briefgen build"], Timing):
        lines.append(f"- Peak RSS of the L build (all three formats): {results['L']['briefgen build'].rss_mib:.0f} MiB.")
    lines += ["", "Budget (issue 14):", "", *targets(sizes, results)]
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.write_text(text, encoding="utf-8")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


PEERS = ("pandoc → DOCX", "pandoc → PPTX", "typst → PDF")


def peer_ratios(results: dict[str, dict[str, Result]], size: str) -> tuple[float, ...]:
    """Return the round-by-round ratios of the `size` build to Pandoc DOCX + Pandoc PPTX + Typst PDF."""
    r = results.get(size, {})
    if "briefgen build" not in r or not all(p in r for p in PEERS):
        return ()
    return ratios(r["briefgen build"], [r[p] for p in PEERS])


def targets(sizes: list[str], results: dict[str, dict[str, Result]]) -> list[str]:
    """Return one line per item of issue 14's budget: the measured value and whether it is met.

    A ratio target is judged on the median of the round-by-round ratios (their range is shown).
    """
    out = []

    def line(label: str, value: float, limit: float, unit: str = "×", shown: str = "", below: bool = False) -> None:
        if math.isnan(value):
            out.append(f"- {label}: not measured")
            return
        shown = shown or (f"{value:.0f}{unit}" if unit == " MiB" else f"{value:.2f}{unit}")
        ok = value < limit if below else value <= limit
        out.append(f"- {label}: {shown} (target {'<' if below else '≤'} {limit}{unit}) {'met' if ok else '**not met**'}")

    def median_of(values: tuple[float, ...]) -> float:
        return statistics.median(values) if values else math.nan

    def timed(size: str, name: str) -> Result | None:
        return results.get(size, {}).get(name)

    if "S" in sizes:
        s = peer_ratios(results, "S")
        line("S build / (Pandoc DOCX + Pandoc PPTX + Typst PDF)", median_of(s), 0.75, shown=spread(s))
        example = timed("S", "briefgen check (example)")
        if isinstance(example, Timing):
            line("`briefgen check` on the example (briefs/policymakers.yaml)", example.median, 0.15, " s",
                 shown=f"{example.cell()} s")
            floor = timed("S", "its imports alone")
            if isinstance(floor, Timing):
                out.append(f"  - of which importing the modules it uses, and doing nothing else: {floor.cell()} s "
                           "(the floor no change to the check's own work can lower)")
    if "M" in sizes:
        m = peer_ratios(results, "M")
        line("M build / (Pandoc DOCX + Pandoc PPTX + Typst PDF)", median_of(m), 1.0, shown=spread(m))
    if "L" in sizes:
        build = timed("L", "briefgen build")
        if isinstance(build, Timing):
            line("L build peak RSS", build.rss_mib, 150, " MiB", below=True)
        check = timed("L", "briefgen check")
        if isinstance(check, Timing):
            out.append(f"- L check: {check.cell()} s (3.3 s before issue 14: to improve)")
    if "S" in sizes and "L" in sizes:
        s_build, l_build = timed("S", "briefgen build"), timed("L", "briefgen build")
        if isinstance(s_build, Timing) and isinstance(l_build, Timing):
            line("L build / S build (growth)", l_build.median / s_build.median, 100)
    return out


if __name__ == "__main__":
    main()
