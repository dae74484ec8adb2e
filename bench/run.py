"""Time briefgen against Pandoc and Typst on the same synthetic brief, in one run, on this machine.

Usage:  pip install -e '.[bench]' && python bench/run.py [--runs 5] [--sizes S,M,L] [--out bench/results.md]

Each measurement is a whole process (what a person at the terminal waits for): one warm-up run,
then `--runs` timed runs; the table gives the median with min and max. Tools that are missing are
reported as missing. Nothing here asserts anything about time; it prints what it measured.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for tool, args in (("pandoc", ["--version"]),):
        exe = shutil.which(tool)
        versions.append(f"{tool} {subprocess.run([exe, *args], capture_output=True, text=True).stdout.split()[1]}"
                        if exe else f"{tool} missing")
    try:
        import typst  # noqa: F401
        from importlib.metadata import version

        versions.append(f"typst (PyPI) {version('typst')}")
    except ImportError:
        versions.append("typst missing")
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} "
            f"{platform.release()}; " + ", ".join(versions))


def _time(cmd: list[str], *, cwd: Path, runs: int) -> tuple[float, float, float] | None:
    """Return (median, min, max) seconds of `runs` runs of `cmd` after one warm-up, or None if it fails."""
    first = subprocess.run(cmd, cwd=cwd, capture_output=True)
    if first.returncode != 0:
        sys.stderr.write(f"bench: `{' '.join(cmd)}` failed:\n{first.stderr.decode(errors='replace')[-800:]}\n")
        return None
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, capture_output=True, check=True)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples), min(samples), max(samples)


def _peak_rss_mib(cmd: list[str], *, cwd: Path) -> float:
    """Return the peak resident memory of the largest process `cmd` starts (itself or a worker)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([PY, "-c", probe, *cmd], cwd=cwd, capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="timed runs per measurement after a warm-up (default 5)")
    ap.add_argument("--sizes", default="S,M,L", help="comma-separated sizes (default S,M,L)")
    ap.add_argument("--out", type=Path, default=HERE / "results.md", help="where to write the Markdown table")
    args = ap.parse_args()
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    sys.path.insert(0, str(HERE))
    from generate import generate

    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    pandoc, has_typst = shutil.which("pandoc"), True
    try:
        import typst  # noqa: F401
    except ImportError:
        has_typst = False
    lines = [f"Machine: {_machine()}", "",
             f"Median of {args.runs} runs after a warm-up (min–max), whole processes, seconds.", "",
             "| size | briefgen build (PDF+DOCX+PPTX) | briefgen check | pandoc → DOCX | pandoc → PPTX | typst → PDF "
             "| pandoc+pandoc+typst | briefgen / others | briefgen / import floor |",
             "|---|---|---|---|---|---|---|---|---|"]
    floor = _time([PY, "-c", "import reportlab.platypus, docx, pptx, yaml"], cwd=work, runs=args.runs)
    assert floor is not None
    growth: dict[str, dict[str, float]] = {}
    notes: list[str] = []

    def cell(m: tuple[float, float, float] | None) -> str:
        return "missing" if m is None else f"{m[0]:.3f} ({m[1]:.3f}–{m[2]:.3f})"

    for size in sizes:
        root = generate(size, work, copies=8)
        bg = root / "briefgen"
        build = _time([PY, "-m", "briefgen.cli", "build", "briefs/brief.yaml", "-o", str(work / f"out-{size}")],
                      cwd=bg, runs=args.runs)
        check = _time([PY, "-m", "briefgen.cli", "check", "briefs/brief.yaml"], cwd=bg, runs=args.runs)
        pd = root / "pandoc"
        docx = _time([pandoc, "brief.md", "--citeproc", "-o", str(work / "p.docx")], cwd=pd, runs=args.runs) if pandoc else None
        pptx = _time([pandoc, "brief.md", "--citeproc", "-o", str(work / "p.pptx")], cwd=pd, runs=args.runs) if pandoc else None
        ty = (_time([PY, "-c", f"import typst; typst.compile('brief.typ', output={str(work / 't.pdf')!r})"],
                    cwd=root / "typst", runs=args.runs) if has_typst else None)
        others = sum(m[0] for m in (docx, pptx, ty) if m) if docx and pptx and ty else None
        ratio = f"{build[0] / others:.2f}×" if build and others else "n/a"
        vs_floor = f"{build[0] / floor[0]:.2f}×" if build else "n/a"
        lines.append(f"| {size} | {cell(build)} | {cell(check)} | {cell(docx)} | {cell(pptx)} | {cell(ty)} | "
                     f"{'missing' if others is None else f'{others:.3f}'} | {ratio} | {vs_floor} |")
        growth[size] = {"briefgen build": build[0] if build else float("nan"),
                        "briefgen check": check[0] if check else float("nan"),
                        "pandoc DOCX": docx[0] if docx else float("nan"),
                        "pandoc PPTX": pptx[0] if pptx else float("nan"),
                        "typst PDF": ty[0] if ty else float("nan")}
        if size == "L":
            rss = _peak_rss_mib([PY, "-m", "briefgen.cli", "build", "briefs/brief.yaml", "-o", str(work / "rss")], cwd=bg)
            notes.append(f"Peak RSS of the L build (largest process): {rss:.0f} MiB.")
        if size == "S":
            many = sorted(str(p.relative_to(bg)) for p in (bg / "many").glob("*.yaml"))
            one = _time([PY, "-m", "briefgen.cli", "build", *many, "-o", str(work / "many1"), "-j", "1"], cwd=bg, runs=args.runs)
            par = _time([PY, "-m", "briefgen.cli", "build", *many, "-o", str(work / "many"), ], cwd=bg, runs=args.runs)
            if one and par:
                notes.append(f"{len(many)} S outlines in one `briefgen build`: {one[0]:.3f} s on one core (`-j 1`), "
                             f"{par[0]:.3f} s on {os.cpu_count()} cores: {one[0] / par[0]:.2f}× speed-up.")
    lines += ["", f"Import floor (a Python process importing reportlab.platypus, docx, pptx, yaml): {cell(floor)}.", ""]
    if len(growth) > 1:
        lines += ["Growth (median time relative to S):", "", "| tool | " + " | ".join(growth) + " |",
                  "|---|" + "---|" * len(growth)]
        for tool in next(iter(growth.values())):
            base = growth[sizes[0]][tool]
            lines.append(f"| {tool} | " + " | ".join(f"{growth[s][tool] / base:.1f}×" for s in growth) + " |")
        lines.append("")
    lines += notes
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.write_text(text, encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
