"""ReportLab imported through briefgen.render: the one deferred pattern behaves like the real one."""

from __future__ import annotations

import re
import subprocess
import sys


def test_uri_pattern_is_deferred_and_matches_like_the_compiled_one():
    code = """
import re
real = re.compile
from briefgen.render import renderer
renderer("pdf")
import reportlab.platypus.paragraph as p
assert re.compile is real, "re.compile must be restored"
assert type(p.uri_pat).__name__ == "_Deferred", type(p.uri_pat)
pattern = real(p.uri_pat._args[0], p.uri_pat._args[1])
for uri in ("http://example.com/a?b=c", "https://xn--80ak6aa92e.com", "mailto:x@y", "ftp://[::1]:21/x", "nope"):
    a, b = p.uri_pat.match(uri), pattern.match(uri)
    assert (a and a.groups()) == (b and b.groups()), uri
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_other_patterns_compile_as_usual():
    from briefgen.render import _reportlab

    assert isinstance(_reportlab._compile("a+b", re.I), re.Pattern)
