"""briefgen installs as a package: a wheel built from this checkout works outside it (issue 21)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_the_wheel_lists_every_package_under_briefgen():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "briefgen").rglob("__init__.py")}
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages in pyproject.toml"


@pytest.mark.slow
def test_a_wheel_installed_outside_the_checkout_builds_a_new_project_and_the_example(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(wheels), str(REPO)], check=True, capture_output=True, cwd=tmp_path, timeout=300)
    (wheel,) = wheels.glob("briefgen-*.whl")
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    # The wheel comes first on the path; the runtime dependencies are this environment's.
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"}
    work = tmp_path / "work"
    work.mkdir()

    def briefgen(*args: str, cwd: Path) -> str:
        proc = subprocess.run([sys.executable, "-c", "import sys, briefgen.cli; print(briefgen.__file__, file=sys.stderr); "
                               "sys.exit(briefgen.cli.main())", *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr.splitlines()[0].startswith(str(site)), proc.stderr  # not the checkout
        return proc.stdout

    briefgen("new", "demo", cwd=work)
    outline = next((work / "demo" / "briefs").glob("*.yaml"))
    briefgen("build", str(outline.relative_to(work / "demo")), cwd=work / "demo")
    assert sorted(p.suffix for p in (work / "demo" / "build").iterdir()) == [".docx", ".json", ".pdf", ".pptx"]
    example = work / "example"
    for folder in ("briefs", "seeds"):
        shutil.copytree(REPO / folder, example / folder)
    out = briefgen("build", "briefs/policymakers.yaml", cwd=example)
    assert re.search(r"wrote build/policymakers\.pdf \(\d+ pages\)", out), out
