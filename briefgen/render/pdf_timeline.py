"""A vertical vector timeline for the PDF: dates on the left, an axis with markers, wrapped labels on the right."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from .pdf_tags import artifact


@dataclass(frozen=True, slots=True)
class TimelineStyle:
    """How a timeline looks: the style of its dates (their size places the markers) and its colours."""

    date: ParagraphStyle
    axis: Color
    marker: Color
    ring: Color
    row_gap: float = 7.0
    gutter: float = 11.0  # from the date column to the axis, and from the axis to the labels
    marker_radius: float = 3.4


class TimelineFlowable(Flowable):
    """Rows of (date, label) paragraphs already in date order, drawn along one vertical axis.

    The flowable splits between rows, so a long timeline continues on the next page with its
    axis running off the bottom of one part and into the top of the next; a row taller than a
    page splits inside its label, and the rest of the label continues without date or marker
    (a row whose date is None). The paragraphs are made once by the caller and only wrapped
    here, however often platypus asks for a size. The axis and markers are artifacts; the
    paragraphs carry their own structure nodes.
    """

    def __init__(
        self,
        rows: tuple[tuple[Paragraph | None, Paragraph], ...],
        *,
        style: TimelineStyle,
        continues_above: bool = False,
        continues_below: bool = False,
        date_width: float | None = None,
    ) -> None:
        super().__init__()
        self.rows = rows
        self.tstyle = style
        self.continues_above = continues_above
        self.continues_below = continues_below
        self.date_width = date_width  # the date column of the part above, when a row was cut
        self._laid: list[tuple[Paragraph | None, Paragraph, float]] = []
        self._date_w = 0.0

    # Widest date decides the date column, capped so labels keep most of the width.
    def _date_width(self, avail: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        widest = max((sum(stringWidth(f.text, f.fontName, f.fontSize) for f in d.frags if hasattr(f, "text"))
                      for d, _ in self.rows if d is not None), default=0.0)
        return min(widest + 2.0, avail * 0.28)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        st = self.tstyle
        self._date_w = self._date_width(availWidth) if self.date_width is None else self.date_width
        label_x = self._date_w + 2 * st.gutter
        label_w = max(availWidth - label_x, 40.0)
        self._laid = []
        total = 0.0
        for i, (dp, lp) in enumerate(self.rows):
            _, dh = dp.wrap(self._date_w, availHeight) if dp is not None else (0.0, 0.0)
            _, lh = lp.wrap(label_w, availHeight)
            h = max(dh, lh) + (st.row_gap if i < len(self.rows) - 1 else 0.0)
            self._laid.append((dp, lp, h))
            total += h
        self.width, self.height = availWidth, total
        return availWidth, total

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        used, fit = 0.0, 0
        for _, _, h in self._laid:
            if used + h - self.tstyle.row_gap > availHeight:
                break
            used += h
            fit += 1
        if fit == len(self.rows):
            return []
        if fit == 0:
            return self._split_first_row(availWidth, availHeight)
        return [
            TimelineFlowable(self.rows[:fit], style=self.tstyle,
                             continues_above=self.continues_above, continues_below=True),
            TimelineFlowable(self.rows[fit:], style=self.tstyle,
                             continues_above=True, continues_below=self.continues_below),
        ]

    def _split_first_row(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split the first row inside its label, if it is taller than the whole frame."""
        dp, lp, h = self._laid[0]
        frame = getattr(self, "_frame", None)
        if frame is not None and not frame._atTop and h - self.tstyle.row_gap <= frame._aH:
            return []  # the next page has room for the row whole
        if dp is not None and dp.height > availHeight:
            return []
        label_w = max(availWidth - self._date_w - 2 * self.tstyle.gutter, 40.0)
        parts = lp.split(label_w, availHeight)
        if len(parts) != 2:
            return []
        head, tail = parts
        return [
            TimelineFlowable(((dp, head),), style=self.tstyle, date_width=self._date_w,
                             continues_above=self.continues_above, continues_below=True),
            TimelineFlowable(((None, tail), *self.rows[1:]), style=self.tstyle, date_width=self._date_w,
                             continues_above=True, continues_below=self.continues_below),
        ]

    def _marker_y(self, top: float) -> float:
        # Centre the marker on the first line's x-height, so it sits level with the date.
        fs = self.tstyle.date.fontSize
        return top - fs + fs * 0.32

    def draw(self) -> None:
        st = self.tstyle
        canv = self.canv
        axis_x = self._date_w + st.gutter
        label_x = axis_x + st.gutter
        tops: list[float] = []
        y = self.height
        for _, _, h in self._laid:
            tops.append(y)
            y -= h
        if not tops:
            return
        first = self.height if self.continues_above else self._marker_y(tops[0])
        last = 0.0 if self.continues_below else self._marker_y(tops[-1])
        canv.saveState()
        canv.setStrokeColor(st.axis)
        canv.setLineWidth(1.2)
        with artifact(canv):
            canv.line(axis_x, first, axis_x, last)
        for (dp, lp, _), top in zip(self._laid, tops):
            if dp is None:  # the rest of the label above: no date, no marker
                lp.drawOn(canv, label_x, top - lp.height)
                continue
            dp.drawOn(canv, 0, top - dp.height)
            lp.drawOn(canv, label_x, top - lp.height)
            canv.setFillColor(st.marker)
            canv.setStrokeColor(st.ring)
            canv.setLineWidth(1.6)
            with artifact(canv):
                canv.circle(axis_x, self._marker_y(top), st.marker_radius, stroke=1, fill=1)
        canv.restoreState()
