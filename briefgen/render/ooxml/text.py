"""Text in XML: the characters XML 1.0 cannot hold, and escaping as lxml writes it."""

from __future__ import annotations

import re

from ...text.clean import XML_ILLEGAL, clean  # noqa: F401  (the one definition, re-exported)

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
