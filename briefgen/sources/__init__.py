"""Sources as they come: plain text, saved web pages and PDF reports, extracted and located.

`extract(path)` returns an |Extracted|: the text briefgen quotes from, where each offset sits
(the page of a PDF, the nearest heading of a web page), what the file's metadata suggests, and
how the text was produced. `match.find(quote, extracted)` finds a quote in it. Heavy libraries
(pypdfium2, lxml, readability-lxml) are imported only when a file must be extracted.
"""

from __future__ import annotations

from .extracted import HYPHENATION, KINDS, LIGATURE, Extracted, Flag, Heading, Metadata
from .read import EXTRACTOR_VERSION, Limits, cache_dir, extract, kind_of

__all__ = ["EXTRACTOR_VERSION", "HYPHENATION", "KINDS", "LIGATURE", "Extracted", "Flag", "Heading", "Limits",
           "Metadata", "cache_dir", "extract", "kind_of"]
