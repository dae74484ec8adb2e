"""The characters documents cannot hold: one definition for the loader and every writer."""

from __future__ import annotations

import re

# XML 1.0 cannot hold C0 controls other than tab, newline and carriage return, lone surrogates,
# or U+FFFE and U+FFFF. lxml raises on them and Office refuses the file, so every writer drops
# them (`clean`), and the loader warns where an input had them.
_XML_ILLEGAL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
XML_ILLEGAL = re.compile(f"[{_XML_ILLEGAL_CHARS}]")
# What the loader drops from input text: those, and DEL, which XML allows but nothing prints.
CONTROL = re.compile(f"[{_XML_ILLEGAL_CHARS}\x7f]")


def control_codes(text: str) -> str:
    """Return the code points of the `CONTROL` characters in `text`, sorted, for a message: "U+0000, U+0007"."""
    return ", ".join(sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(text)}))


def clean(text: str) -> str:
    """Return `text` without the characters XML 1.0 cannot hold (`XML_ILLEGAL`)."""
    return XML_ILLEGAL.sub("", text)
