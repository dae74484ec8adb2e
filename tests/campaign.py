"""A bad-input campaign: mutate every key of every input kind and see what briefgen does.

Run it by hand (it takes minutes, so it is not part of the test suite):

    python tests/campaign.py [--limit N] [--only KIND] [--per-key N] [--show]

For each case it copies the `tests/projects/mini` project (with a theme of its own), applies one
mutation (a key deleted, or its value replaced by a hostile one; a whole file replaced; a CLI
option), runs `briefgen check` and then `briefgen build -j 1` in this process, and counts a
failure when either exits 3 or prints a traceback, when `check` passes but `build` fails, when
a failed build leaves files behind, or when a case takes over 30 s (a hang). It prints the
number of cases tried and the failures, grouped by what went wrong. Every failure it finds
belongs in `tests/data/bad/` (with its expected message) or in a regression test.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import signal
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterator
from unittest import mock

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import briefgen.theme  # noqa: E402
from briefgen.cli import main  # noqa: E402

MINI = HERE / "projects" / "mini"
OUTLINE = "briefs/council.yaml"

VALUES: list[Any] = [
    None, "", " ", 0, -1, 1.5, 10**30, float("inf"), True, False, "no", "on", "yes", "null", "~",
    [], {}, [1, 2], {"a": 1}, "x" * 20_000, "\x00", "\x07", "\ufeff", "\u202e", "\u200b", "🇳🇪", "مرحبا",
    "中文", "Ωμέγα", "<b>bold</b>", "<font name=x>", "&", "&amp;", "]]>", "[@nope]", "[@", "@", "**", "![x](y.png)",
    "### heading [@council-vote]", "| a | b |\n|---|---|\n| 1 | 2 |", "%s%d{}", "${HOME}", "\\", "'", '"',
    "0000-01-01", "0000-05", "9999-12-31", "2108-01-01", "1969-12-31", "2024-02-30", "2024-13", "24-05-01",
    "../../../etc/passwd", "/dev/zero", "/etc/hostname", "seeds", "mla", "Chicago", "apa", "UPPER-CASE",
    "a-b-c", "-x", "x-", "1.10", "1e3", "0x1F", "#FFFFFF", "ZZZZZZ", "123456", "a4", "letter",
]

FILES = {
    "outline": "briefs/council.yaml",
    "facts": "seeds/facts.yaml",
    "sources": "seeds/sources.yaml",
    "theme": "templates/campaign/theme.yaml",
    "audience": "templates/audiences/public.yaml",
}
# Figures (issue 17): the outline's second section gains these, with the pictures they name written
# into the case's project; every key of them is mutated like the outline's own, and each picture
# is replaced by hostile bytes.
FIGURES: list[Any] = [
    {"image": "img/photo.png", "alt": "A photo", "caption": "The vote [@council-vote]", "credit": "Photo: test"},
    {"image": "img/drawing.svg", "alt": "A drawing"},
    {"image": "img/photo.png", "decorative": True},
    {"map": {"highlight": ["ESP", "PRT"], "region": [-12, 34, 6, 46], "label": "Iberia",
             "places": [{"name": "Madrid", "lon": -3.7, "lat": 40.4}]}, "caption": "Where [@council-vote]"},
    {"chart": {"kind": "column", "title": "Cost", "unit": "euros",
               "data": [{"label": "Lighthouse", "value": 240000, "fact": "restoration-cost"}]}},
]
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
       b'<rect width="10" height="10" fill="#c55038"/></svg>')
IMAGE_BLOBS = [
    b"", b"not a picture", b"\x89PNG\r\n\x1a\n", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"\xff\xd8\xff\xe0garbage",
    b"GIF89a\x01\x00\x01\x00", b"<svg/>", b'<svg xmlns="http://www.w3.org/2000/svg"/>',
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><text>&b;</text></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><image href="file:///etc/passwd"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1e400 1"/>',
    b'<svg xmlns="http://www.w3.org/2000/svg" width="-5" height="nan"/>',
    b"\xef\xbb\xbf" + SVG, SVG.replace(b"viewBox", b"viewbox"),
]


def _png(width: int = 4, height: int = 3) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 56)).save(buf, "PNG")
    return buf.getvalue()


def _bomb_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def _with_figures(root: Path, figures: Any) -> None:
    """Give the case's outline `figures` in its second section, and write the pictures they name."""
    img = root / "briefs" / "img"
    img.mkdir(exist_ok=True)
    (img / "photo.png").write_bytes(_png())
    (img / "drawing.svg").write_bytes(SVG)
    outline = root / OUTLINE
    data = yaml.safe_load(outline.read_text(encoding="utf-8"))
    data["sections"][1]["figures"] = figures
    outline.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _figure_cases(per_key: int) -> Iterator["Case"]:
    import copy
    import random

    # every figure's keys (not only the first three items, as `_paths` takes of a list)
    for path in [(i, *sub) for i, figure in enumerate(FIGURES) for sub in [()] + list(_paths(figure))]:
        values = list(VALUES)
        if per_key:
            random.Random(repr(("figures", path))).shuffle(values)
            values = values[:per_key]
        for value in ["DELETE", *values]:
            def apply(root: Path, path: tuple[Any, ...] = path, value: Any = value) -> None:
                tree = copy.deepcopy(FIGURES)
                _set(tree, path, value, delete=value == "DELETE")
                _with_figures(root, tree)
            yield Case("figures", f"figures:{'.'.join(map(str, path))} = {str(value)[:40]!r}", apply)
    for name in ("photo.png", "drawing.svg"):
        for blob in [*IMAGE_BLOBS, _bomb_png(), _png(2, 2)]:
            def picture(root: Path, name: str = name, blob: bytes = blob) -> None:
                _with_figures(root, copy.deepcopy(FIGURES))
                (root / "briefs" / "img" / name).write_bytes(blob)
            yield Case("figures", f"figures: {name} = {blob[:30]!r}", picture)
    for markdown in ("![A photo](img/photo.png)", '![A photo](img/photo.png "Cap [@council-vote]")', "![](img/photo.png)",
                     "![x](img/nope.png)", "![x](../../../etc/passwd)", "![x](/etc/hostname)", "![x](img)",
                     '![x](img/drawing.svg "unclosed [@")', "![x](<img/photo.png>)"):
        def body(root: Path, markdown: str = markdown) -> None:
            _with_figures(root, [])
            outline = root / OUTLINE
            data = yaml.safe_load(outline.read_text(encoding="utf-8"))
            data["sections"][1]["body"] = data["sections"][1]["body"] + "\n" + markdown + "\n"
            outline.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        yield Case("figures", f"figures: body {markdown!r}", body)


WHOLE_FILE = [b"", b"\xef\xbb\xbf", b"\xff\xfe\x00\x00garbage", b"- a\n- b\n", b"key: [unclosed\n", b"a: 1\na: 2\n",
              b"\ttitle: x\n", b"&a [*a, *a]\n", b"!!python/object:os.system ls\n", "x: é\r\n".encode("latin-1")]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Yield the key path of every value in a parsed YAML tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield prefix + (k,)
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node[:3]):  # three items of a list stand for the rest
            yield prefix + (i,)
            yield from _paths(v, prefix + (i,))


def _set(tree: Any, path: tuple[Any, ...], value: Any, delete: bool = False) -> None:
    for key in path[:-1]:
        tree = tree[key]
    if delete:
        del tree[path[-1]]
    else:
        tree[path[-1]] = value


class Case:
    def __init__(self, kind: str, what: str, apply: Callable[[Path], None], args: tuple[str, ...] = ()):
        self.kind, self.what, self.apply, self.args = kind, what, apply, args


def cases(per_key: int = 0) -> Iterator[Case]:
    """Yield every case; with `per_key`, only that many values per key (the same ones every run)."""
    import random

    for kind, rel in FILES.items():
        base = (briefgen.theme.TEMPLATES / "default" / "theme.yaml") if kind == "theme" else \
            (briefgen.theme.TEMPLATES / "audiences" / "public.yaml") if kind == "audience" else MINI / rel
        tree = yaml.safe_load(base.read_text(encoding="utf-8"))
        for path in _paths(tree):
            values = list(VALUES)
            if per_key:
                random.Random(repr((kind, path))).shuffle(values)
                values = values[:per_key]
            for value in ["DELETE", *values]:
                def apply(root: Path, path: tuple[Any, ...] = path, value: Any = value, rel: str = rel) -> None:
                    data = yaml.safe_load((root / rel).read_text(encoding="utf-8"))
                    _set(data, path, value, delete=value == "DELETE")
                    (root / rel).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
                yield Case(kind, f"{kind}:{'.'.join(map(str, path))} = {str(value)[:40]!r}", apply)
        for blob in WHOLE_FILE:
            def whole(root: Path, blob: bytes = blob, rel: str = rel) -> None:
                (root / rel).write_bytes(blob)
            yield Case(kind, f"{kind}: whole file {blob[:30]!r}", whole)
    yield from _figure_cases(per_key)
    for args in (("--format", ""), ("--format", "pdf,,pdf"), ("--format", "html"), ("-j", "0"), ("-j", "-3"),
                 ("-j", "1000"), ("-o", "/dev/null"), ("-o", "/proc/x"), ("-o", ""), ("--root", "/nonexistent"),
                 ("--root", "/"), ("--diagnostics", "xml"), ("--strict",), ("--allow-outside",), ("--debug",)):
        yield Case("cli", f"cli: {' '.join(args)}", lambda root: None, args)


def _audiences(folder: Path) -> Any:
    """Point audience profile look-ups at `folder` (the case's own copy of the profiles)."""
    import briefgen.checks.audience as audience

    stack = contextlib.ExitStack()
    stack.enter_context(mock.patch.object(audience, "AUDIENCES", folder))
    for fn in (audience.load_profile, audience.available):
        if fn.__kwdefaults__ and "root" in fn.__kwdefaults__:
            stack.enter_context(mock.patch.dict(fn.__kwdefaults__, {"root": folder}))
        elif fn.__defaults__:
            stack.enter_context(mock.patch.object(fn, "__defaults__", (folder,)))
    return stack


class _Hang(Exception):
    pass


def run(case: Case) -> list[str]:
    """Return what went wrong with `case` (nothing when briefgen behaved)."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "mini"
        shutil.copytree(MINI, root)
        templates = root / "templates"
        shutil.copytree(briefgen.theme.TEMPLATES, templates)
        shutil.copytree(templates / "default", templates / "campaign")
        outline = root / OUTLINE
        outline.write_text(outline.read_text(encoding="utf-8").replace("theme: default", "theme: campaign"),
                           encoding="utf-8")
        case.apply(root)
        out = root / "out"
        err = io.StringIO()

        def alarm(*_: object) -> None:
            raise _Hang

        old = signal.signal(signal.SIGALRM, alarm)
        signal.alarm(30)
        try:
            with mock.patch.object(briefgen.theme, "TEMPLATES", templates), \
                    _audiences(templates / "audiences"), \
                    contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                checked = main(["check", str(outline), "--root", str(root), *[a for a in case.args if a in
                                ("--strict", "--allow-outside", "--debug")]])
                built = main(["build", str(outline), "--root", str(root), "-o", str(out), "-j", "1", *case.args])
        except _Hang:
            return ["hang (over 30 s)"]
        except BaseException as exc:  # --debug re-raises a bug
            return [f"raised {type(exc).__name__}: {exc}"[:200]]
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
        text = err.getvalue()
        if 3 in (checked, built):
            problems.append("exit 3: " + next((line for line in text.splitlines() if "internal error" in line), "?")[:160])
        if "Traceback" in text:
            problems.append("traceback")
        if checked == 0 and built not in (0, 2) and not case.args:
            problems.append("check ok but build failed: " + (text.strip().splitlines() or ["?"])[0][:160])
        if built == 1 and out.is_dir() and any(out.iterdir()):
            problems.append("failed build left files")
    return problems


def _main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--limit", type=int, default=0, help="try at most N cases")
    p.add_argument("--only", help="only cases of this kind (outline, facts, sources, theme, audience, figures, cli)")
    p.add_argument("--show", action="store_true", help="print every failing case")
    p.add_argument("--per-key", type=int, default=12, metavar="N",
                   help="hostile values tried per key, the same ones every run (default 12; 0: all %d)" % len(VALUES))
    args = p.parse_args()
    tried = 0
    failures: Counter[str] = Counter()
    failing: list[str] = []
    for case in cases(args.per_key):
        if args.only and case.kind != args.only:
            continue
        if args.limit and tried >= args.limit:
            break
        tried += 1
        problems = run(case)
        if problems:
            failing.append(f"{case.what}: {'; '.join(problems)}")
            for problem in problems:
                failures[problem.split(":")[0]] += 1
        if args.show and problems:
            print(failing[-1], flush=True)
    print(f"{tried} cases tried, {len(failing)} failing")
    for what, n in failures.most_common():
        print(f"  {n:5d}  {what}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(_main())
