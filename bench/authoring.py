"""Benchmarks of the author's loop: PDF sources (issue 20) and `briefgen watch` (issue 21).

Called by bench/run.py; each function returns Markdown lines. Nothing here asserts a time.
"""

from __future__ import annotations

import os
import queue
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

PY = sys.executable
BRIEFGEN = [PY, "-m", "briefgen.cli"]
PAGES = 200


def _report_pdf(path: Path, pages: int = PAGES) -> None:
    """Write a `pages`-page text PDF with ReportLab: two numbered paragraphs a page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["BodyText"]
    story = []
    for page in range(1, pages + 1):
        for k in range(2):
            story.append(Paragraph(
                f"Finding {page}.{k}: the estuary survey of section {page} counted {page * 7 + k} nesting pairs "
                "along the northern shore, and the authority recorded the tide gauges twice a day for the whole "
                "season, so that the count can be compared with the records of the previous decade. " * 3, style))
        story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(story)


def _project(root: Path) -> Path:
    (root / "seeds").mkdir(parents=True)
    (root / "briefs").mkdir()
    _report_pdf(root / "seeds" / "survey.pdf")
    (root / "seeds" / "sources.yaml").write_text(
        "sources:\n  - id: survey\n    file: survey.pdf\n    title: Estuary survey\n    published: 2025-03\n",
        encoding="utf-8")
    facts = ["sources: sources.yaml", "facts:"]
    for page in (3, 97, 150, 199):
        facts += [f"  - id: pairs-{page}", f"    claim: The survey of section {page} counted {page * 7} nesting pairs.",
                  "    evidence:", "      - source: survey",
                  f"        quote: the estuary survey of section {page} counted {page * 7} nesting pairs"]
    (root / "seeds" / "facts.yaml").write_text("\n".join(facts) + "\n", encoding="utf-8")
    body = " ".join(f"Section {p} had {p * 7} pairs [@pairs-{p}]." for p in (3, 97, 150, 199))
    (root / "briefs" / "brief.yaml").write_text(
        "title: Estuary survey\ndate: 2025-04-01\nfacts: ../seeds/facts.yaml\nsections:\n"
        f"  - heading: Findings\n    body: {body}\n", encoding="utf-8")
    return root / "briefs" / "brief.yaml"


def _time(cmd: list[str], *, cwd: Path, env: dict[str, str]) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"`{' '.join(cmd)}` failed: {proc.stderr[-400:]}")
    return wall


def sources(work: Path, *, runs: int) -> list[str]:
    """Time `briefgen check` on a project quoting a 200-page PDF: first extraction, and cached."""
    root = work / "sources"
    shutil.rmtree(root, ignore_errors=True)
    outline = _project(root)
    cold, warm = [], []
    for k in range(runs):
        env = {**os.environ, "BRIEFGEN_CACHE": str(work / f"cache-{k}")}
        cold.append(_time([*BRIEFGEN, "check", str(outline.relative_to(root))], cwd=root, env=env))
        warm.append(_time([*BRIEFGEN, "check", str(outline.relative_to(root))], cwd=root, env=env))
    return [f"- `briefgen check` of a project quoting a {PAGES}-page PDF report: first extraction "
            f"{statistics.median(cold):.2f} s ({min(cold):.2f}–{max(cold):.2f}; target < 10 s), cached "
            f"{statistics.median(warm):.3f} s ({min(warm):.3f}–{max(warm):.3f}; target < 1 s)."]


class _Watch:
    def __init__(self, cmd: list[str], cwd: Path):
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 60) -> float:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.05)
            except queue.Empty:
                continue
            if text in line:
                return time.perf_counter()
        raise TimeoutError(text)

    def drain(self) -> int:
        """Drop the lines read so far; return how many."""
        n = 0
        while True:
            try:
                self.lines.get_nowait()
                n += 1
            except queue.Empty:
                return n

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def watch(project: Path, *, runs: int) -> list[str]:
    """Time a `briefgen watch` rebuild after a one-word edit of the S outline (all formats, PDF only)."""
    outline = project / "briefs" / "brief.yaml"
    original = outline.read_text(encoding="utf-8")
    out: list[str] = []
    for label, extra, last in (("all three formats", [], "evidence.json"), ("`--format pdf`", ["--format", "pdf"],
                                                                             "evidence.json")):
        w = _Watch([*BRIEFGEN, "watch", "briefs/brief.yaml", "-o", "watch-out", *extra], project)
        samples = []
        try:
            w.wait_for("watching")
            for k in range(runs):
                # one word changed in the subtitle, as an author saving a fix would
                time.sleep(0.5)
                w.drain()  # every line of the previous rebuild
                t = time.perf_counter()
                outline.write_text(original.replace("A review", f"A review{k}", 1), encoding="utf-8")
                samples.append(w.wait_for(last) - t)
        finally:
            w.stop()
            outline.write_text(original, encoding="utf-8")
        out.append(f"- `briefgen watch`, rebuild of S after a one-word edit, {label}: "
                   f"{statistics.median(samples):.3f} s ({min(samples):.3f}–{max(samples):.3f}; target "
                   f"{'0.3' if not extra else '0.15'} s), from the file's save to the last file written.")
    typst = shutil.which("typst")
    out.append("- `typst watch` beside it: " + ("not measured here" if typst else
                                               "missing (the typst command line is not installed; the PyPI "
                                               "package has no watch mode)") + ".")
    return out
