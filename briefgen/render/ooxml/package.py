"""The parts of a package, their relationships and content types, and the order they are written in.

A template is opened and prepared by python-docx or python-pptx; `snapshot` then keeps what
their package holds as immutable `Part`s, which every render shares. A render replaces the
parts it fills (the document, the slides) and `write_package` zips the result the way those
libraries save a package: `[Content_Types].xml`, the package relationships, then every part
reachable from them, depth first, each followed by its relationships.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any, Collection, Iterable, Mapping, Sequence

from .names import CONTENT_TYPES, CT_RELATIONSHIPS, CT_XML, PACKAGE_RELATIONSHIPS, RT_HYPERLINK
from .text import XML_DECLARATION, attr
from .zip import write_zip


@dataclass(frozen=True, slots=True)
class Rel:
    """One relationship: its id, type, and target (a part's name, or an external URL)."""

    r_id: str
    reltype: str
    target: str
    external: bool = False


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a package: name (`/word/document.xml`), content type, bytes, relationships."""

    name: str
    content_type: str
    blob: bytes
    rels: tuple[Rel, ...] = ()


def snapshot(package: Any, package_rels: Any, *, filled: Collection[str] = ()) -> tuple[tuple[Rel, ...], dict[str, Part]]:
    """Return the relationships and parts of a python-docx or python-pptx package, as it would save them.

    `package_rels` is the package's own relationships (`package.rels` in python-docx; python-pptx
    keeps them in `package._rels`). The parts named in `filled`, which every render fills
    itself, are kept without their bytes (serializing a large part costs milliseconds).
    """
    parts = {str(part.partname): part_of(part, blob=str(part.partname) not in filled) for part in package.iter_parts()}
    return _rels(package_rels), parts


def part_of(part: Any, *, blob: bool = True) -> Part:
    """Return one python-docx or python-pptx part as a `Part` (without its bytes unless `blob`)."""
    return Part(str(part.partname), part.content_type, part.blob if blob else b"", _rels(part.rels))


def _rels(rels: Any) -> tuple[Rel, ...]:
    return tuple(Rel(rel.rId, rel.reltype, rel.target_ref if rel.is_external else str(rel.target_part.partname),
                     rel.is_external) for rel in rels.values())


class Rels:
    """The relationships of one part while a render adds to them."""

    def __init__(self, rels: Iterable[Rel] = ()) -> None:
        self.items: list[Rel] = list(rels)
        self._ids = {rel.r_id for rel in self.items}
        self._free = 1  # no id below it is free: ids are only ever added
        self._links: dict[str, str] = {}
        for rel in self.items:
            if rel.reltype == RT_HYPERLINK and rel.external:
                self._links.setdefault(rel.target, rel.r_id)

    def add(self, reltype: str, target: str, *, external: bool = False) -> str:
        """Relate this part to `target` (a part name, or an `external` URL); return the new id."""
        while f"rId{self._free}" in self._ids:
            self._free += 1
        r_id = f"rId{self._free}"
        self._ids.add(r_id)
        self.items.append(Rel(r_id, reltype, target, external))
        return r_id

    def link(self, url: str) -> str:
        """Return the id of the hyperlink to `url`, related once per address."""
        r_id = self._links.get(url)
        if r_id is None:
            r_id = self._links[url] = self.add(RT_HYPERLINK, url, external=True)
        return r_id


def relative_ref(target: str, source: str) -> str:
    """Return part name `target` relative to the folder of part (or package, "/") `source`."""
    base = posixpath.dirname(source) if source != "/" else "/"
    return target[1:] if base == "/" else posixpath.relpath(target, base)


def rels_member(source: str) -> str:
    """Return the zip member holding the relationships of part `source` ("/" for the package's)."""
    if source == "/":
        return "_rels/.rels"
    folder, name = posixpath.split(source)
    return posixpath.join(folder, "_rels", name + ".rels")[1:]


def _rid_number(r_id: str) -> int:
    return int(r_id[3:]) if r_id.startswith("rId") and r_id[3:].isdigit() else 0


def rels_xml(source: str, rels: Iterable[Rel], *, in_id_order: bool) -> bytes:
    """Return the relationships part of `source`: in id order (as python-pptx writes it) or in
    the order given (as python-docx writes it)."""
    items = sorted(rels, key=lambda r: (_rid_number(r.r_id), r.r_id)) if in_id_order else list(rels)
    out = [XML_DECLARATION, f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">']
    for rel in items:
        target = rel.target if rel.external else relative_ref(rel.target, source)
        mode = ' TargetMode="External"' if rel.external else ""
        out.append(f'<Relationship Id="{attr(rel.r_id)}" Type="{attr(rel.reltype)}" Target="{attr(target)}"{mode}/>')
    out.append("</Relationships>")
    return "".join(out).encode("utf-8")


def content_types_xml(parts: Iterable[Part], *, default_types: Collection[tuple[str, str]]) -> bytes:
    """Return `[Content_Types].xml` for `parts`: a `Default` for each (extension, type) pair the
    library writes as one (`default_types`, its `opc.spec.default_content_types`), else an `Override`."""
    defaults = {"rels": CT_RELATIONSHIPS, "xml": CT_XML}
    overrides: dict[str, str] = {}
    for part in parts:
        ext = posixpath.splitext(part.name)[1][1:].lower()
        if (ext, part.content_type) in default_types:
            defaults[ext] = part.content_type
        else:
            overrides[part.name] = part.content_type
    out = [XML_DECLARATION, f'<Types xmlns="{CONTENT_TYPES}">']
    out += [f'<Default Extension="{attr(ext)}" ContentType="{attr(ct)}"/>' for ext, ct in sorted(defaults.items())]
    out += [f'<Override PartName="{attr(name)}" ContentType="{attr(ct)}"/>' for name, ct in sorted(overrides.items())]
    out.append("</Types>")
    return "".join(out).encode("utf-8")


def reachable(package_rels: Sequence[Rel], parts: Mapping[str, Part]) -> list[Part]:
    """Return the parts reachable from the package's relationships, depth first, each once."""
    order: list[Part] = []
    seen: set[str] = set()
    stack = [iter(package_rels)]
    while stack:
        rel = next(stack[-1], None)
        if rel is None:
            stack.pop()
            continue
        if rel.external or rel.target in seen or rel.target not in parts:
            continue
        seen.add(rel.target)
        part = parts[rel.target]
        order.append(part)
        stack.append(iter(part.rels))
    return order


def write_package(package_rels: Sequence[Rel], parts: Mapping[str, Part], *,
                  default_types: Collection[tuple[str, str]], in_id_order: bool) -> bytes:
    """Return the zipped package: content types, package relationships, then each reachable
    part followed by its relationships (if it has any)."""
    order = reachable(package_rels, parts)
    entries = [("[Content_Types].xml", content_types_xml(order, default_types=default_types)),
               ("_rels/.rels", rels_xml("/", package_rels, in_id_order=in_id_order))]
    for part in order:
        entries.append((part.name[1:], part.blob))
        if part.rels:
            entries.append((rels_member(part.name), rels_xml(part.name, part.rels, in_id_order=in_id_order)))
    return write_zip(entries)
