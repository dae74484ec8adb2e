"""Text in XML: the characters XML 1.0 cannot hold, and escaping as lxml writes it."""

from __future__ import annotations

import re

# XML 1.0 cannot hold C0 controls other than tab, newline and carriage return, lone surrogates,
# or U+FFFE and U+FFFF. lxml raises on them and Office refuses the file, so every writer drops
# them (`clean`); a loader can reject them with the same pattern.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Return `text` without the characters XML 1.0 cannot hold (`XML_ILLEGAL`)."""
    return XML_ILLEGAL.sub("", text)


_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Return `text` cleaned, with every run of white space (newlines too) collapsed to one space."""
    return _SPACES.sub(" ", clean(text)).strip()


def esc(text: str) -> str:
    """Return `text` escaped for XML character data, as lxml writes it (CR as `&#13;`)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def attr(text: str) -> str:
    """Return `text` escaped for a double-quoted XML attribute value, as lxml writes it."""
    return text.translate(_ATTR_ESCAPES)


XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
