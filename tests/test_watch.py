"""`briefgen watch` rebuilds on every kind of input, keeps the last good files, stops cleanly (issue 21)."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers_project import copy_mini, edit

from briefgen.theme import new_theme

pytestmark = pytest.mark.slow


class Watcher:
    def __init__(self, root: Path):
        self.proc = subprocess.Popen([sys.executable, "-m", "briefgen.cli", "watch", "briefs/council.yaml", "-o", "out"],
                                     cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        # one stream, so lines arrive in the order they were written
        threading.Thread(target=self._pump, args=(self.proc.stdout,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 60) -> list[str]:
        seen = []
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            seen.append(line)
            if text in line:
                return seen
        raise AssertionError(f"no {text!r} within {timeout} s; saw {''.join(seen)}")


def test_watch_rebuilds_on_each_input_keeps_good_files_on_errors_and_stops_on_ctrl_c(tmp_path):
    root = copy_mini(tmp_path)
    new_theme("house", folder=root)
    w = Watcher(root)
    try:
        w.wait_for("watching")
        pdf = root / "out" / "council.pdf"
        versions = [pdf.read_bytes()]

        def changed_by(action) -> None:
            action()
            w.wait_for("wrote out/council.evidence.json")
            versions.append(pdf.read_bytes())
            assert versions[-1] != versions[-2]

        changed_by(lambda: edit(root / "briefs/council.yaml", "What the council decided", "What the council chose"))
        changed_by(lambda: edit(root / "seeds/facts.yaml", "attributed_to: the mayor, Ana Ruiz", "attributed_to: Mayor Ana Ruiz"))
        changed_by(lambda: edit(root / "seeds/sources.yaml", "Harbour town restores its lighthouse",
                                "Harbour town restores the lighthouse"))
        edit(root / "templates/house/theme.yaml", 'primary: "1F3A5F"', 'primary: "2E1F5F"')
        changed_by(lambda: edit(root / "briefs/council.yaml", "theme: default", "theme: house"))
        changed_by(lambda: edit(root / "templates/house/theme.yaml", 'primary: "2E1F5F"', 'primary: "1F3F2A"'))
        good = {p.name: p.read_bytes() for p in (root / "out").iterdir()}
        edit(root / "briefs/council.yaml", "[@mayor-quote]", "[@mayor-qoute]")
        w.wait_for("nothing was written")
        assert {p.name: p.read_bytes() for p in (root / "out").iterdir()} == good
        edit(root / "briefs/council.yaml", "[@mayor-qoute]", "[@mayor-quote]")
        w.wait_for("wrote out/council.evidence.json")
        edit(root / "seeds/lighthouse.txt", "240,000 euros", "250,000 euros")  # a source breaks a quote
        w.wait_for("nothing was written")
        assert {p.name: p.read_bytes() for p in (root / "out").iterdir()} == good
    finally:
        w.proc.send_signal(signal.SIGINT)
        code = w.proc.wait(timeout=30)
    w.wait_for("stopped watching", timeout=5)
    w.proc.stdout.close()
    assert code == 0
    assert sorted(p.name for p in (root / "out").iterdir()) == [
        "council.docx", "council.evidence.json", "council.pdf", "council.pptx"]
