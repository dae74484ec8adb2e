"""Dump what `briefgen check` prints for every outline we have, to compare before and after a change.

For each outline under briefs/, tests/projects/*/briefs/ and the bad-input corpus tests/data/bad
(plus the benchmark's generated S and L projects under /tmp/perf-S and /tmp/perf-L when they
exist), runs `check` in-process four ways (plain, `--diagnostics json`, `--evidence`, `--strict`)
and writes each exit code, stdout and stderr to OUT. In-process on purpose: a cache that leaks
from one file to the next shows as a difference.

    python bench/check_diagnostics.py . /tmp/before.txt   # on the old commit
    python bench/check_diagnostics.py . /tmp/after.txt    # on the new one
    cmp /tmp/before.txt /tmp/after.txt
"""
import contextlib
import io
import os
import sys
from pathlib import Path

REPO = Path(sys.argv[1]).resolve()
out = Path(sys.argv[2])
sys.path.insert(0, str(REPO))
from briefgen.cli import main  # noqa: E402 - after the path is set

cases = []
for p in sorted((REPO / "briefs").glob("*.yaml")):
    cases.append((p, REPO))
for proj in sorted((REPO / "tests/projects").iterdir()):
    for p in sorted((proj / "briefs").glob("*.yaml")):
        cases.append((p, proj))
bad = REPO / "tests/data/bad"
for p in sorted([p for p in bad.glob("*.yaml")] + [p / "outline.yaml" for p in bad.iterdir() if (p / "outline.yaml").is_file()]):
    cases.append((p, bad))
for s in ("S", "L"):
    root = Path(f"/tmp/perf-{s}/{s}/briefgen")
    if (root / "briefs/brief.yaml").is_file():
        cases.append((root / "briefs/brief.yaml", root))
chunks = []
for outline, root in cases:
    for extra in ([], ["--diagnostics", "json"], ["--evidence"], ["--strict"]):
        o, e = io.StringIO(), io.StringIO()
        cwd = os.getcwd()
        os.chdir(root)
        try:
            with contextlib.redirect_stdout(o), contextlib.redirect_stderr(e):
                try:
                    code = main(["check", str(outline.relative_to(root)), "--root", str(root), *extra])
                except SystemExit as x:
                    code = f"exit {x.code}"
        finally:
            os.chdir(cwd)
        chunks.append(f"=== {outline.relative_to(root.parent)} {extra} -> {code}\n--- stdout\n{o.getvalue()}--- stderr\n{e.getvalue()}")
out.write_text("".join(chunks), encoding="utf-8")
print(len(cases), "cases,", len(chunks), "runs ->", out)
