"""The PDF renderer imports ReportLab plainly: the standard library is left as it was."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_pdf_renderer_patches_nothing_in_the_standard_library():
    code = """
import re
real = re.compile
from briefgen.render import renderer
renderer("pdf")
import reportlab.platypus.paragraph as p
assert re.compile is real, "re.compile was replaced"
assert type(p.uri_pat) is re.Pattern, type(p.uri_pat)
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
