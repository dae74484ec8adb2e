"""Figures in the DOCX: inline pictures (`w:drawing`/`wp:inline`) with their alt text, the image
parts they embed, and the numbered caption's SEQ field.

A PNG or JPEG picture is embedded as it is; a locator map or a chart is the PNG of the drawing the
PDF prints (`figure_raster`); an SVG is embedded as Office's `asvg:svgBlip` with that PNG as the
fallback older readers show. A map or chart fills the text width, keeping its aspect; a picture
does too but is never enlarged past its own size (|pdf_figures.picture_fit|); neither stands
taller than `MAX_HEIGHT` text widths, so it fits a page with its caption. A decorative
picture carries Office's decorative mark instead of alt text. A chart's alt text ends with its
data, one point a line, since a picture of a chart is not read out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from ..model import Figure
from .ooxml.names import CT_JPEG, CT_PNG, CT_SVG, DECORATIVE_EXT, PIC, RT_IMAGE, SVG, SVG_BLIP_URI, WP, A
from .ooxml.package import Part
from .ooxml.text import attr, clean

if TYPE_CHECKING:
    from ..theme import Theme
    from .ooxml.package import Rels

EMU_PER_POINT = 12700
MAX_HEIGHT = 1.2  # a picture stands at most this many text widths tall, so it fits a page with its caption


@dataclass(frozen=True, slots=True)
class Media:
    """One file a picture embeds: its extension, content type and bytes."""

    ext: str
    content_type: str
    blob: bytes

    def name(self, n: int) -> str:
        """Return the part name of the `n`-th distinct media file: `/word/media/image<n>.<ext>`."""
        return f"/word/media/image{n}.{self.ext}"


@dataclass(frozen=True, slots=True)
class Picture:
    """What a figure shows in Word: the picture (`main`), an SVG it stands in for (`svg`), and its
    printed size in EMU."""

    main: Media
    svg: Media | None
    cx: int
    cy: int


def picture(fig: Figure, *, theme: "Theme", width_twips: int) -> Picture:
    """Return the media and size of `fig` in a text column `width_twips` wide."""
    from .figure_raster import figure_raster
    from .pdf_figures import picture_fit

    width = width_twips / 20  # points
    max_height = width * MAX_HEIGHT
    raster = figure_raster(fig, theme=theme, width=width, max_height=max_height)
    if raster is not None:
        main = Media("png", CT_PNG, raster.png)
        svg = Media("svg", CT_SVG, fig.image.data) if fig.image is not None and fig.image.kind == "svg" else None
        w, h = raster.width, raster.height
    else:
        assert fig.image is not None
        kind = fig.image.kind
        main = Media("png" if kind == "png" else "jpeg", CT_PNG if kind == "png" else CT_JPEG, fig.image.data)
        svg = None
        w, h = picture_fit(fig.image, width, max_height)
    return Picture(main, svg, round(w * EMU_PER_POINT), round(h * EMU_PER_POINT))


def alt_text(fig: Figure, *, labels: Iterable[tuple[str, str]] = (), language: str = "en") -> str:
    """Return the picture's `descr`: the alt text, and for a chart its data, one point a line,
    in the brief's words (`labels`, `Brief.labels`; the English catalogue's where they lack one)
    and typography ("Niger : 100 (note 2)" in French)."""
    alt = " ".join(fig.alt.split())
    chart = fig.chart
    if chart is None or fig.decorative:
        return alt
    from ..i18n import base_language, fill, words
    from ..text.typography import apply
    from .pdf_figures import number

    said = words(labels)
    head = chart.title + (f" ({chart.unit})" if chart.unit else "")
    rows = [fill(said["chart_alt_value"], label=p.label, value=p.text or number(p.value, chart.language)) + " "
            + fill(said["chart_alt_note"], number=str(p.ref.number)) for p in chart.points]
    head_line = apply(head + ":", base_language(language)) if head else ""
    return "\n".join(x for x in (alt, head_line, *rows) if x)


def digest(media: Media) -> str:
    """Return a key under which identical media files are embedded once."""
    return hashlib.sha256(media.blob).hexdigest() + "." + media.ext


def inline(pic: Picture, *, r_id: str, svg_r_id: str | None, doc_id: int, name: str, descr: str,
           decorative: bool) -> str:
    """Return a run holding the inline picture `pic` (embedded as relationship `r_id`), its
    drawing properties `wp:docPr` numbered `doc_id` and described by `descr`, or marked
    decorative. The namespaces are declared here, as a reference document may not declare them."""
    cx, cy = pic.cx, pic.cy
    description = "" if decorative else f' descr="{attr(clean(descr))}"'
    mark = DECORATIVE_EXT if decorative else ""
    svg = ""
    if svg_r_id is not None:
        svg = (f'<a:extLst><a:ext uri="{SVG_BLIP_URI}"><asvg:svgBlip xmlns:asvg="{SVG}" '
               f'r:embed="{attr(svg_r_id)}"/></a:ext></a:extLst>')
    label = attr(clean(name))
    return (
        f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" xmlns:wp="{WP}" xmlns:a="{A}" '
        f'xmlns:pic="{PIC}"><wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{doc_id}" name="{label}"{description}>{mark}</wp:docPr>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic><a:graphicData uri="{PIC}"><pic:pic><pic:nvPicPr><pic:cNvPr id="{doc_id}" name="{label}"/>'
        f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{attr(r_id)}">{svg}</a:blip>'
        '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
    )


class Pictures:
    """The pictures of one render: each figure's run, and the image parts and relationships of
    the document they embed, each distinct file once, named in the order first used."""

    def __init__(self, rels: "Rels", *, theme: "Theme", labels: Iterable[tuple[str, str]] = (),
                 language: str = "en") -> None:
        self.rels, self.theme = rels, theme
        self.labels, self.language = tuple(labels), language  # the brief's words, for chart data in alt texts
        self.parts: list[Part] = []
        self._embedded: dict[str, str] = {}  # digest -> relationship id
        self._count = 0

    def _embed(self, media: Media) -> str:
        key = digest(media)
        r_id = self._embedded.get(key)
        if r_id is None:
            name = media.name(len(self.parts) + 1)
            self.parts.append(Part(name, media.content_type, media.blob))
            r_id = self._embedded[key] = self.rels.add(RT_IMAGE, name)
        return r_id

    def run(self, fig: Figure, *, width_twips: int) -> str:
        """Return the run showing `fig`'s picture in a column `width_twips` wide."""
        pic = picture(fig, theme=self.theme, width_twips=width_twips)
        r_id = self._embed(pic.main)
        svg_r_id = self._embed(pic.svg) if pic.svg is not None else None
        self._count += 1
        # ids above those a reference document's own header pictures are likely to use
        doc_id = 1000 + self._count
        name = f"Figure {fig.number}" if fig.number else f"Picture {self._count}"
        return inline(pic, r_id=r_id, svg_r_id=svg_r_id, doc_id=doc_id, name=name, descr=alt_text(fig, labels=self.labels, language=self.language),
                      decorative=fig.decorative)
