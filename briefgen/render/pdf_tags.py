"""Tagged PDF on ReportLab: structure nodes, marked content written while drawing, and the
structure tree, ParentTree and XMP metadata written into the document when it is saved.

Nodes are made while the story is built, in the brief's order, so the tree reads in model
order whatever order the pages are painted in; drawing only adds marked-content ids (MCIDs) and
link annotations to nodes that already exist. A paragraph split over two pages keeps one node.
Everything that is not content (running header, page numbers, rules, backgrounds, the
timeline's axis, a repeated table header) is painted inside an Artifact.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

# The onDraw callback that paragraph fragments call at the start and end of each link.
LINK_CALLBACK = "briefgen_link"


class Node:
    """A structure element: its role (`P`, `H2`, `LI`, ...), attributes and kids in reading order.

    A kid is a Node, a marked-content id `(page, mcid)`, or an `Annot`. `links` holds the Link
    nodes of a paragraph, attached among its kids where each link is drawn.
    """

    __slots__ = ("attrs", "kids", "links", "open_link", "role")

    def __init__(self, role: str, **attrs: str) -> None:
        self.role = role
        self.kids: list[Any] = []
        self.attrs = attrs
        self.links: list[Node] = []
        self.open_link: Node | None = None  # a link of this paragraph cut by a page break

    def add(self, role: str, **attrs: str) -> "Node":
        """Return a new node appended to this node's kids."""
        node = Node(role, **attrs)
        self.kids.append(node)
        return node

    def __repr__(self) -> str:
        return f"Node({self.role!r}, {len(self.kids)} kids)"


class Annot:
    """An annotation as a kid of its Link node: its reference and the page it sits on."""

    __slots__ = ("annotation", "page", "ref")

    def __init__(self, ref: Any, page: int, annotation: Any) -> None:
        self.ref, self.page, self.annotation = ref, page, annotation


class _Text(PDFTextObject):  # type: ignore[misc]
    """A text object whose BT ... ET holds the marked content of the paragraph being drawn.

    ReportLab leaves out the space at each line break, so that text read from the structure
    tree would run words together across lines ("Statesin"); each laid-out line here ends with
    a space, which is invisible at the end of a line, except a line that ends inside a word
    (`canvas._joined` holds their numbers).
    """

    def __init__(self, canvas: "TaggingCanvas", x: float = 0, y: float = 0, direction: Any = None) -> None:
        super().__init__(canvas, x, y, direction=direction)
        node = canvas._pending
        self.tag: Node | None = None
        self._joined, self._line = canvas._joined, 0
        if node is not None and not canvas._artifacts:
            self.tag = node
            self._code.append(canvas._bdc(node.open_link or node))

    def _textOut(self, text: str, TStar: int = 0) -> None:
        if TStar:
            if self.tag is not None and self._line not in self._joined and not text.endswith(" "):
                text += " "
            self._line += 1
        super()._textOut(text, TStar)


def _compress_now(page: Any) -> None:
    """Give a finished page its content stream at once, encoded as ReportLab encodes it at save.

    ReportLab keeps every page's content as text until the document is saved (a 700-page brief
    held about 6 MB that way) and then makes each page's stream in `PDFPage.check_format`. This
    makes the same stream when the page ends, with the same filters (Flate, then ASCII85 by
    ReportLab's default `rl_config.useA85`) already applied and named, so that
    `PDFStream.format` applies no other: the file is byte-identical.
    """
    if page.Override_default_compilation or page.Contents or not page.stream or not page.compression:
        return
    filters = [pdfdoc.PDFBase85Encode, pdfdoc.PDFZCompress] if rl_config.useA85 else [pdfdoc.PDFZCompress]
    content = page.stream
    for f in reversed(filters):  # the last filter is applied first, as `PDFStream.format` does
        content = f.encode(content)
    stream = pdfdoc.PDFStream(content=content)
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(f.pdfname) for f in filters])
    stream.__Comment__ = "page stream"
    page.Contents = stream
    page.stream = None


class TaggingCanvas(Canvas):  # type: ignore[misc]
    """A canvas that writes marked content and, at save, the structure tree of `root`.

    `mark(node)` wraps page-level painting in the node's marked content, `text(node)` does it
    inside the text objects drawn meanwhile (a paragraph), and `artifact()` wraps decoration.
    """

    def __init__(self, *args: Any, root: Node, title: str, **kwargs: Any) -> None:
        kwargs.setdefault("pdfVersion", (1, 7))  # PDF/UA-1 builds on PDF 1.7 (ISO 32000-1)
        super().__init__(*args, **kwargs)
        self.root, self._title, self._lang = root, title, kwargs.get("lang") or ""
        self._page = 0  # 0-based index of the page being drawn
        self._mcid = 0  # next MCID on it
        self._mcids: list[list[Node]] = [[]]  # per page, the node of each MCID
        self._annots: list[tuple[Any, Node]] = []  # (annotation, its Link node), in order made
        self._links: list[list[Any]] = []  # [Link node, closed] drawn but not yet given all annotations
        self._pending: Node | None = None
        self._joined: frozenset[int] = frozenset()
        self._artifacts = 0
        if hasattr(self, "setNamedCB"):  # ReportLab 5; 4.x looks the callback up as an attribute
            self.setNamedCB(LINK_CALLBACK, getattr(self, LINK_CALLBACK))

    # -- marked content

    def _bdc(self, node: Node) -> str:
        mcid = self._mcid
        self._mcid += 1
        self._mcids[self._page].append(node)
        node.kids.append((self._page, mcid))
        return f"/{node.role} <</MCID {mcid}>> BDC"

    @contextlib.contextmanager
    def mark(self, node: Node) -> Iterator[None]:
        """Paint what the block draws as marked content of `node` (nothing inside an artifact)."""
        if self._artifacts:
            yield
            return
        self.addLiteral(self._bdc(node))
        if node.role == "Link":
            self._links.append([node, True])
        outer, self._pending = self._pending, None  # text drawn inside belongs to `node` alone
        try:
            yield
        finally:
            self._pending = outer
            self.addLiteral("EMC")

    @contextlib.contextmanager
    def text(self, node: Node, joined: frozenset[int] = frozenset()) -> Iterator[None]:
        """Mark the text objects drawn inside the block (a paragraph's text) as content of
        `node`; the lines numbered in `joined` end inside a word."""
        outer = self._pending, self._joined
        self._pending, self._joined = node, joined
        try:
            yield
        finally:
            self._pending, self._joined = outer

    @contextlib.contextmanager
    def artifact(self, kind: str = "", subtype: str = "") -> Iterator[None]:
        """Paint what the block draws as an artifact, of `/Type kind` and `/Subtype subtype` if given."""
        if self._artifacts:
            self._artifacts += 1
        else:
            props = f"/Type /{kind}" + (f" /Subtype /{subtype}" if subtype else "") if kind else ""
            self.addLiteral(f"/Artifact <<{props}>> BDC" if props else "/Artifact BMC")
            self._artifacts = 1
        try:
            yield
        finally:
            self._artifacts -= 1
            if not self._artifacts:
                self.addLiteral("EMC")

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        return _Text(self, x, y, direction=direction)

    def drawText(self, aTextObject: PDFTextObject) -> None:
        if getattr(aTextObject, "tag", None) is not None:
            aTextObject._code.append("EMC")
            aTextObject.tag = None
        super().drawText(aTextObject)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        # A line painted while a paragraph draws is its underline: decoration.
        if self._pending is not None and not self._artifacts:
            with self.artifact():
                super().line(x1, y1, x2, y2)
        else:
            super().line(x1, y1, x2, y2)

    def briefgen_link(self, canv: Canvas, kind: str, label: str) -> None:
        """Called from a paragraph's text at the start (`+i`) and end (`-i`) of its link i."""
        tx = self._curr_tx_info["tx"]
        node = getattr(tx, "tag", None)
        if node is None:
            return  # an artifact
        link = node.links[int(label[1:])]
        tx._code.append("EMC")
        if label[0] == "+":
            node.kids.append(link)  # between the paragraph's own marked content, where it is drawn
            node.open_link = link
            self._links.append([link, False])
            tx._code.append(self._bdc(link))
        else:
            node.open_link = None
            for entry in self._links:
                if entry[0] is link:
                    entry[1] = True
            tx._code.append(self._bdc(node))

    def showPage(self) -> None:
        super().showPage()
        _compress_now(self._doc.Pages.pages[-1])
        self._page += 1
        self._mcid = 0
        self._mcids.append([])

    # -- annotations

    def tag_annotation(self, annotation: Any, href: str) -> bool:
        """Give the annotation just added, a link to `href`, to the Link node drawn for it.

        ReportLab adds a paragraph's link annotations line by line, after the line's text, in
        the order of the links; so the first Link node open for the same target is its owner,
        and a closed one has then had its last annotation. Returns False when no Link owns it.
        """
        for i, (node, closed) in enumerate(self._links):
            if node.attrs.get("href") == href:
                node.kids.append(Annot(self._annotationrefs[-1], self._page, annotation))
                self._annots.append((annotation, node))
                annotation.Contents = node.attrs.get("contents", "")
                if closed:
                    del self._links[i]
                return True
        return False

    # -- the structure tree

    def write_structure(self) -> None:
        """Write the structure tree, ParentTree, page and annotation keys, MarkInfo and XMP.

        A node with no content anywhere below it is left out, but for a table cell (an empty
        cell still holds its place in the row).
        """
        doc = self._doc
        pages = doc.Pages.pages
        npages = len(pages)
        names: dict[int, str] = {}  # id(node) -> name of its StructElem
        ids: list[tuple[str, str]] = []

        kept: set[int] = set()

        def mark_kept(node: Node) -> bool:
            keep = node.role in ("TD", "TH")
            for kid in node.kids:
                keep = (mark_kept(kid) if isinstance(kid, Node) else True) or keep
            if keep:
                kept.add(id(node))
            return keep

        mark_kept(self.root)

        def build(node: Node, parent: str) -> str:
            name = f"SE{len(names) + 1}"
            names[id(node)] = name
            elem = _StructElem()
            doc.Reference(elem, name)  # numbered before its kids, as the tree is read
            kids: list[Any] = []
            for kid in node.kids:
                if isinstance(kid, Node):
                    if id(kid) in kept:
                        kids.append(build(kid, name))
                else:
                    kids.append(kid)
            if "id" in node.attrs:
                ids.append((node.attrs["id"], name))
            node.kids = []
            if parent == "StructTreeRoot":  # numbered once the tree is made
                elem.defer(node.role, node.attrs, parent, kids)
            else:
                elem.content = _struct_elem(doc, node.role, node.attrs, parent, kids)
            return name

        doc.Reference(_StructTreeRoot(build(self.root, "StructTreeRoot"), npages + len(self._annots), ids),
                      "StructTreeRoot")
        for i, page in enumerate(pages):
            # PDFPage writes only the keys it lists; these two are per page.
            page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
            page.StructParents = i
            page.Tabs = pdfdoc.PDFName("S")
        for j, (annotation, _) in enumerate(self._annots):
            annotation.StructParent = npages + j
        doc.Reference(_ParentTree([[names.get(id(n)) for n in owners] for owners in self._mcids[:npages]],
                                  [names.get(id(node)) for _, node in self._annots]), "ParentTree")
        cat = doc.Catalog
        cat.StructTreeRoot = pdfdoc.PDFObjectReference("StructTreeRoot")
        cat.MarkInfo = pdfdoc.PDFDictionary({"Marked": "true"})
        cat.Metadata = doc.Reference(_Metadata(xmp(self._title, self._lang)), "Metadata")
        # The elements now hold all the tree says: let the nodes go before ReportLab formats the
        # file (about 13 MB for a 700-page brief, while the save needs twice the file's size).
        self.root.kids.clear()
        self._mcids, self._annots, self._links = [], [], []


# The structure objects format themselves: a brief has a thousand or more elements, and
# ReportLab's generic dictionaries (checked, sorted and formatted key by key) made writing
# them cost a quarter of a render.


def _ref(document: Any, name: str | None) -> bytes:
    if name is None:
        return b"null"
    return b"%d %d R" % document.idToObjectNumberAndVersion[name]


def _page(document: Any, page: int) -> bytes:
    return _ref(document, f"Page{page + 1}")


def _string(document: Any, text: str) -> bytes:
    return pdfdoc.format(pdfdoc.PDFString(text), document)  # type: ignore[no-any-return]


class _StructElem(pdfdoc.PDFObject):  # type: ignore[misc]
    """A structure element, formatted as soon as its kids and its parent have their object
    numbers: a 700-page brief has tens of thousands of elements, which would otherwise be held
    as lists until the save and then again as the file's pieces. It lets its bytes go when
    ReportLab writes them (once, into the file's pieces)."""

    def __init__(self) -> None:
        self.content = b""
        self._deferred: tuple[str, dict[str, str], str, list[Any]] | None = None

    def defer(self, role: str, attrs: dict[str, str], parent: str, kids: list[Any]) -> None:
        """Format the element when the file is written: its parent has no number yet."""
        self._deferred = (role, attrs, parent, kids)

    def format(self, document: Any) -> bytes:
        if not self.content and self._deferred is not None:
            self.content = _struct_elem(document, *self._deferred)
        content = self.content
        self.content, self._deferred = b"", None
        return content


def _struct_elem(document: Any, role: str, attrs: dict[str, str], parent: str, kids: list[Any]) -> bytes:
    """Return a StructElem dictionary; `kids` holds element names, (page, mcid) pairs and `Annot`s."""
    first: int | None = None
    out: list[bytes] = []
    for kid in kids:
        if isinstance(kid, str):
            out.append(_ref(document, kid))
        elif isinstance(kid, Annot):
            out.append(b"<< /Obj %s /Pg %s /Type /OBJR >>" % (
                pdfdoc.format(kid.ref, document), _page(document, kid.page)))
        else:
            page, mcid = kid
            if first is None:
                first = page
            if page == first:
                out.append(b"%d" % mcid)
            else:  # content of this element on a later page
                out.append(b"<< /MCID %d /Pg %s /Type /MCR >>" % (mcid, _page(document, page)))
    a = attrs
    extra = b""
    if "title" in a:
        extra += b" /T " + _string(document, a["title"])
    if "alt" in a:
        extra += b" /Alt " + _string(document, a["alt"])
    if "lang" in a:
        extra += b" /Lang " + _string(document, a["lang"])
    if "scope" in a:
        extra += b" /A << /O /Table /Scope /%s >>" % a["scope"].encode()
    if "numbering" in a:
        extra += b" /A << /ListNumbering /%s /O /List >>" % a["numbering"].encode()
    if "id" in a:
        extra += b" /ID " + _string(document, a["id"])
    pg = b"" if first is None else b" /Pg " + _page(document, first)
    return b"<< /K [ %s ] /P %s%s /S /%s%s /Type /StructElem >>" % (
        b" ".join(out), _ref(document, parent), pg, role.encode(), extra)


class _StructTreeRoot(pdfdoc.PDFObject):  # type: ignore[misc]
    def __init__(self, document_elem: str, next_key: int, ids: list[tuple[str, str]]) -> None:
        self.elem, self.next_key, self.ids = document_elem, next_key, ids

    def format(self, document: Any) -> bytes:
        idtree = b""
        if self.ids:
            entries = sorted(self.ids, key=lambda e: e[0].encode("utf-16-be"))
            idtree = b" /IDTree << /Names [ %s ] >>" % b" ".join(
                _string(document, ident) + b" " + _ref(document, name) for ident, name in entries)
        return b"<< %s/K [ %s ] /ParentTree %s /ParentTreeNextKey %d /Type /StructTreeRoot >>" % (
            idtree[1:] + b" " if idtree else b"", _ref(document, self.elem), _ref(document, "ParentTree"),
            self.next_key)


class _ParentTree(pdfdoc.PDFObject):  # type: ignore[misc]
    """The number tree from each page's key to the owners of its MCIDs, then from each
    annotation's key to its Link element."""

    def __init__(self, pages: list[list[str | None]], annots: list[str | None]) -> None:
        self.pages, self.annots = pages, annots

    def format(self, document: Any) -> bytes:
        nums = [b"%d [ %s ]" % (i, b" ".join(_ref(document, n) for n in owners))
                for i, owners in enumerate(self.pages)]
        nums += [b"%d %s" % (len(self.pages) + j, _ref(document, n)) for j, n in enumerate(self.annots)]
        return b"<< /Nums [ %s ] >>" % b"\n".join(nums)


class _Metadata(pdfdoc.PDFObject):  # type: ignore[misc]
    """The XMP stream, never compressed: readers and checkers look for it as plain text."""

    def __init__(self, content: bytes) -> None:
        self.content = content

    def format(self, document: Any) -> bytes:
        return (b"<< /Length %d /Subtype /XML /Type /Metadata >>\nstream\n" % len(self.content)
                + self.content + b"endstream\n")


def xmp(title: str, lang: str) -> bytes:
    """Return the XMP packet: the title, the language and the PDF/UA-1 identification."""
    language = f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>\n" if lang else ""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>\n'
        f"{language}"
        "<pdfuaid:part>1</pdfuaid:part>\n"
        "</rdf:Description>\n"
        "</rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>\n'
    ).encode()


def mark(canv: Any, node: Node | None) -> Any:
    """`canv.mark(node)` on a tagging canvas with a node; otherwise a block that does nothing."""
    if node is None or not isinstance(canv, TaggingCanvas):
        return contextlib.nullcontext()
    return canv.mark(node)


def text(canv: Any, node: Node | None, joined: frozenset[int] = frozenset()) -> Any:
    """`canv.text(node, joined)` on a tagging canvas with a node; otherwise a block that does nothing."""
    if node is None or not isinstance(canv, TaggingCanvas):
        return contextlib.nullcontext()
    return canv.text(node, joined)


def artifact(canv: Any, kind: str = "", subtype: str = "") -> Any:
    """`canv.artifact(...)` on a tagging canvas; otherwise a block that does nothing."""
    if not isinstance(canv, TaggingCanvas):
        return contextlib.nullcontext()
    return canv.artifact(kind, subtype)
