"""Make `seeds/estuary-report.pdf`, the small PDF report the `reports` test project quotes.

Run it from anywhere with the project's virtual environment (`python make_report_pdf.py`); the
PDF is committed, so this only needs running again when the report's text changes. ReportLab's
`invariant` mode makes the output the same bytes every time.

Each page is drawn line by line with the canvas (not Platypus), so that the tests know exactly
where every line break falls:

- page 1: a passage broken by line-end hyphenation (`recom-` / `mendation`) and a real hyphen
  at a line end (`long-` / `term`), which must keep its hyphen;
- page 2: two columns, drawn in the order left line, right line, left line..., so that the
  content stream's order is *not* the reading order; a quoted sentence runs from the foot of the
  left column to the head of the right one;
- page 3: ligature glyphs (U+FB01 fi, U+FB00 ff, U+FB02 fl) in the Carlito font, and a sentence
  that runs on to page 4.

`write_long_report(path, pages=200)` makes a long report of the same kind for the speed test.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONTS = HERE.parent.parent.parent / "templates" / "default" / "fonts"
WIDTH, HEIGHT = 595.27, 841.89  # A4 in points
LEFT, TOP = 72, 770
SIZE, LEADING = 11, 15

PAGE_1: list[tuple[str | None, list[str]]] = [
    ("Summary", [
        "The Skarra estuary flooded four times between 2019 and 2024, and each flood reached",
        "further inland than the last. This report reviews what the three river councils have",
        "done since the 2021 flood and what remains undone.",
        "Our review finds that the councils spent 31 million euros on defences, but that only",
        "40 per cent of the planned embankments were finished. We make one central recom-",
        "mendation: the councils should pool their budgets under a single estuary authority.",
        "Such an authority could commit to a long-",
        "term plan that no single council can afford on its own.",
    ]),
]

PAGE_2_HEADING = "1. What the councils built"
PAGE_2_LEFT = [
    "Between 2021 and 2024 the councils raised",
    "or repaired 14 kilometres of river wall.",
    "The western councils worked fastest: by",
    "the end of 2022 they had closed every gap",
    "in the wall that the 2021 flood had found.",
    "In the east, work stopped twice for want",
    "of funds, and the northern embankment was",
]
PAGE_2_RIGHT = [
    "completed in October 2023, six months late.",
    "Its cost rose from 9 to 12 million euros.",
    "The pumping station at Elin Quay, promised",
    "for 2023, has not been started. Residents",
    "of the quay told us that they still move",
    "their furniture upstairs whenever a spring",
    "tide is forecast.",
]
COLUMN_GAP = 30

PAGE_3: list[tuple[str | None, list[str]]] = [
    ("2. Financing the defences", [
        "The \ufb01nancing gap for the remaining embankments is 18 million euros. The councils",
        "have applied for national \ufb02ood funds twice and been refused both times, because",
        "each application covered one council's stretch of river alone. An e\ufb00ective bid",
        "must cover the whole estuary.",
        "Without new money, the remaining works will not begin",
    ]),
]

PAGE_4: list[tuple[str | None, list[str]]] = [
    (None, ["before 2027, when the next storm season is expected to peak."]),
    ("3. Recommendations", [
        "We recommend that the councils form the estuary authority by the end of 2025, give it",
        "the 18 million euros bid as its first task, and publish a yearly account of the works.",
    ]),
]


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Carlito", str(FONTS / "Carlito-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("Carlito-Bold", str(FONTS / "Carlito-Bold.ttf")))
    return "Carlito", "Carlito-Bold"


def _blocks(c: object, blocks: list[tuple[str | None, list[str]]], y: float, regular: str, bold: str) -> float:
    for heading, lines in blocks:
        if heading is not None:
            c.setFont(bold, 14)  # type: ignore[attr-defined]
            c.drawString(LEFT, y, heading)  # type: ignore[attr-defined]
            y -= 24
        c.setFont(regular, SIZE)  # type: ignore[attr-defined]
        for line in lines:
            c.drawString(LEFT, y, line)  # type: ignore[attr-defined]
            y -= LEADING
        y -= 10
    return y


def _two_columns(c: object, heading: str, left: list[str], right: list[str], y: float,
                 regular: str, bold: str) -> None:
    c.setFont(bold, 14)  # type: ignore[attr-defined]
    c.drawString(LEFT, y, heading)  # type: ignore[attr-defined]
    y -= 24
    c.setFont(regular, SIZE)  # type: ignore[attr-defined]
    column = (WIDTH - 2 * LEFT - COLUMN_GAP) / 2
    # one line of each column in turn: the content stream's order is not the reading order
    for a, b in zip(left, right):
        c.drawString(LEFT, y, a)  # type: ignore[attr-defined]
        c.drawString(LEFT + column + COLUMN_GAP, y, b)  # type: ignore[attr-defined]
        y -= LEADING


def write_report(path: Path) -> None:
    """Write the four-page test report to `path`."""
    from reportlab.pdfgen import canvas

    regular, bold = _fonts()
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT), invariant=1)
    c.setTitle("Holding the Line: Coastal Flood Resilience in the Skarra Estuary")
    c.setAuthor("Harbourside Policy Institute")
    c.setFont(bold, 20)
    c.drawString(LEFT, TOP, "Holding the Line")
    c.setFont(regular, 13)
    c.drawString(LEFT, TOP - 22, "Coastal Flood Resilience in the Skarra Estuary")
    c.drawString(LEFT, TOP - 40, "Harbourside Policy Institute, Report No. 7, March 2025")
    _blocks(c, PAGE_1, TOP - 80, regular, bold)
    c.showPage()
    _two_columns(c, PAGE_2_HEADING, PAGE_2_LEFT, PAGE_2_RIGHT, TOP, regular, bold)
    c.showPage()
    _blocks(c, PAGE_3, TOP, regular, bold)
    c.showPage()
    _blocks(c, PAGE_4, TOP, regular, bold)
    c.showPage()
    c.save()


def write_long_report(path: Path, *, pages: int = 200) -> None:
    """Write a `pages`-page report to `path`: full pages of text, every other one in two columns."""
    from reportlab.pdfgen import canvas

    regular, bold = _fonts()
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT), invariant=1)
    wide = ("Page {n} line {i}: the councils spent 31 million euros on defences and recom-",
            "mendations followed; the \ufb01nancing gap is 18 million euros for the e\ufb00ort.")
    narrow = "Column {side} line {i} of page {n}, river wall"
    for n in range(1, pages + 1):
        if n % 2:
            y = TOP
            c.setFont(regular, SIZE)
            for i in range(46):
                c.drawString(LEFT, y, wide[i % 2].format(n=n, i=i))
                y -= LEADING
        else:
            left = [narrow.format(side="A", i=i, n=n) for i in range(46)]
            right = [narrow.format(side="B", i=i, n=n) for i in range(46)]
            _two_columns(c, f"Section {n}", left, right, TOP, regular, bold)
        c.showPage()
    c.save()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "seeds" / "estuary-report.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_report(target)
    print(f"wrote {target}")
