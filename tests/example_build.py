"""The example briefs of briefs/, built once per test session and shared read-only.

Many test modules read the examples' PDF, DOCX, PPTX and evidence report back; building them
costs a few seconds, so the session builds every example once (check, then every format, as
`briefgen build briefs/*.yaml` does) and each module reads the same files. A test that needs to
change a file copies it first: `ExampleBuild.verify_unchanged` runs when the session ends and
fails if any shared file was modified.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.model import Brief
from briefgen.pipeline import Checked, Report

REPO = Path(__file__).resolve().parents[1]
OUTLINES = tuple(sorted((REPO / "briefs").glob("*.yaml")))
STEMS = tuple(p.stem for p in OUTLINES)
SUFFIXES = (".pdf", ".docx", ".pptx", ".evidence.json")


@dataclass(frozen=True)
class ExampleBuild:
    """What one build of every example left: the report and the folder holding the files."""

    out: Path
    report: Report
    checked: dict[str, Checked]
    messages: dict[str, tuple[str, ...]]  # the build's messages about each written file, by file name
    _digests: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def briefs(self) -> dict[str, Brief]:
        return {stem: c.brief for stem, c in self.checked.items()}

    def path(self, stem: str, suffix: str) -> Path:
        """Return the built file of example `stem`, e.g. `path("students", ".pptx")`."""
        return self.out / f"{stem}{suffix}"

    def verify_unchanged(self) -> None:
        changed = sorted(name for name, digest in self._digests.items() if _digest(self.out / name) != digest)
        added = sorted(p.name for p in self.out.iterdir() if p.name not in self._digests)
        assert not changed and not added, f"a test changed the shared example build: {changed or added}"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def build_examples(out: Path) -> ExampleBuild:
    """Build every example outline into `out`, as `briefgen build briefs/*.yaml -o out` would."""
    from briefgen.load.project import Options
    from briefgen.pipeline import build

    report = build(list(OUTLINES), options=Options(root=REPO), out_dir=out)
    assert report.ok, [d.message for d in report.diagnostics if d.is_error]
    checked = {c.path.stem: c for c in report.checked}
    assert tuple(checked) == STEMS
    messages = {w.path.name: w.messages for w in report.written}
    digests = {p.name: _digest(p) for p in out.iterdir()}
    return ExampleBuild(out=out, report=report, checked=checked, messages=messages, _digests=digests)
