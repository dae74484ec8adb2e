"""The names of the citation styles an outline may choose: shared by the loader and the resolver.

The loader validates `citation_style:` against these names and the resolver formats notes in
them, so both import this module rather than each other (`load` never imports `resolve`).
"""

from __future__ import annotations

CITATION_STYLES = ("chicago", "apa")  # each has a CSL file and templates in templates/csl/
DEFAULT_CITATION_STYLE = "chicago"
