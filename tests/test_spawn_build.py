"""A parallel build whose workers start with `spawn`, as on macOS and Windows, writes every file.

Spawned workers start from a fresh interpreter: they get their warm-up and work functions,
and every task, pickled, and they import the build's main script again as `__mp_main__`. The
build runs from a script file guarded by `if __name__ == "__main__"`, as a console script is.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from helpers_project import copy_mini

SCRIPT = textwrap.dedent("""\
    import sys
    from pathlib import Path

    from briefgen import pipeline
    from briefgen.load.project import Options
    from briefgen.render.jobs import start

    def main(root, out):
        outline = root / "briefs" / "council.yaml"
        pool = start([outline], pipeline.FORMATS, 2, method="spawn")
        print(pool.method, pool.size)
        report = pipeline.build([outline], options=Options(root=root), out_dir=out, pool=pool)
        assert report.ok, report.diagnostics
        for w in report.written:
            print(w.path.name)

    if __name__ == "__main__":
        main(Path(sys.argv[1]), Path(sys.argv[2]))
""")


@pytest.mark.slow
def test_a_build_on_spawned_workers_writes_the_same_three_files_as_one_process(tmp_path):
    root = copy_mini(tmp_path)
    script = tmp_path / "build_spawned.py"
    script.write_text(SCRIPT, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), str(root), str(tmp_path / "spawned")],
                         capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "spawn 2"
    assert sorted(lines[1:]) == ["council.docx", "council.evidence.json", "council.pdf", "council.pptx"]

    one = subprocess.run([sys.executable, "-m", "briefgen.cli", "build", str(root / "briefs/council.yaml"),
                          "--root", str(root), "-o", str(tmp_path / "one"), "-j", "1"],
                         capture_output=True, text=True, timeout=180)
    assert one.returncode == 0, one.stderr
    for name in ("council.pdf", "council.docx", "council.pptx"):
        spawned = (tmp_path / "spawned" / name).read_bytes()
        assert spawned and spawned == (tmp_path / "one" / name).read_bytes(), name
