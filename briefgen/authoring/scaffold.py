"""A new topic project: a sample source, a small verified fact library and an outline that builds at once."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

from ..diagnostics import BriefgenError, error
from ..resources import templates_dir

EXAMPLE = "brenmoor-solar-farm"

# The starter project of each language: templates/starter/<language>/, whose files are copied
# as they are but for `{title}` and `{date}` in the outline and the README. The sample article is
# original, written for it; the town and its people are invented. The title a brief gets without
# `--topic`, per language (a new language is a folder there and a line here):
TITLES = {"en": "Brenmoor's community solar farm", "fr": "La centrale solaire citoyenne de Brenmoor"}
FILES = ("seeds/sources.yaml", f"seeds/{EXAMPLE}.txt", "seeds/facts.yaml", "briefs/brief.yaml", "README.md")
_SCHEMAS = {"seeds/sources.yaml": ("sources", 1), "seeds/facts.yaml": ("facts", 1), "briefs/brief.yaml": ("outline", 1)}


def scaffold(dest: Path, *, topic: str | None = None, today: _dt.date | None = None,
             language: str = "en") -> list[Path]:
    """Write a new project into `dest` and return the files written, in order.

    The project checks clean and builds at once: a sample source, four facts quoting it, and an
    outline (titled `topic` when given, dated `today`) citing them, all written in `language`
    (one of |TITLES|: `en`, `fr`). Raises |BriefgenError| when `dest` is a file or a folder
    that is not empty: nothing is ever overwritten.
    """
    folder = templates_dir() / "starter" / language
    if dest.exists() and not dest.is_dir():
        raise BriefgenError([error(f"`{dest}` is a file, not a folder",
                                   help="name a new folder for the project")])
    if dest.is_dir() and any(dest.iterdir()):
        raise BriefgenError([error(f"the folder `{dest}` is not empty",
                                   help="name a new or empty folder; `briefgen new` never overwrites files")])
    title = " ".join((topic or "").split()) or TITLES[language]
    values = {"title": json.dumps(title, ensure_ascii=False),
              "date": (today or _dt.date.today()).isoformat()}
    from ..load.schema import json_schema

    def schema_line(kind: str, depth: int) -> str:
        # read by the YAML extension of VS Code and other editors: completion and checks as you type
        return f"# yaml-language-server: $schema={'../' * depth}.schema/{kind}.json\n"

    files = []
    for relative in FILES:
        text = (folder / relative).read_text(encoding="utf-8")
        if relative in ("briefs/brief.yaml", "README.md"):
            text = text.replace("{date}", values["date"])  # before the title, which may hold anything
            text = text.replace("{title}", values["title"] if relative.endswith(".yaml") else title)
        if relative in _SCHEMAS:
            text = schema_line(*_SCHEMAS[relative]) + text
        files.append((relative, text))
    files += [(f".schema/{kind}.json", json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n")
              for kind in ("outline", "facts", "sources", "theme", "audience")]
    written = []
    for relative, text in files:
        path = dest / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
            fh.write(text)
        written.append(path)
    return written
