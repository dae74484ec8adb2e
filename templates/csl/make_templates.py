"""Write templates/csl/templates.json: citeproc-py's output for every shape of source, per style.

Each template is the reference of a stand-in source whose fields and date parts are placeholders
(see README.md beside this file); briefgen fills them with a source's own values at build time.

Run `python templates/csl/make_templates.py` after changing a CSL file or upgrading citeproc-py
(`pip install -e '.[test]'` installs it). tests/resolve/test_csl_templates.py checks that the
shipped file still equals what citeproc-py produces.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))


def build() -> dict[str, str]:
    from briefgen.resolve.notes import CSL_LOCALES, STYLES, all_shapes, render_template, template_key

    out: dict[str, str] = {}
    for locale in sorted(set(CSL_LOCALES.values())):
        for style, spec in STYLES.items():
            for layout in sorted({spec.note_layout, "bibliography"}):
                for shape in all_shapes():
                    out[template_key(shape, style, layout, locale)] = render_template(shape, style, layout, locale)
    return out


def main() -> None:
    (HERE / "templates.json").write_text(json.dumps(build(), indent=1, ensure_ascii=True, sort_keys=True) + "\n",
                                         encoding="utf-8")
    print(f"wrote {HERE / 'templates.json'}")


if __name__ == "__main__":
    main()
