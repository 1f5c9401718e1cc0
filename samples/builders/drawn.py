"""A PDF drawn the way budget systems export: every line of text placed by hand inside drawn
rules, narrow columns wrapped character by character, the header row repeated on each page,
a row cut by the page break, a fake-bold title (drawn twice) and a rotated label."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

FONT = "STSong-Light"  # not embedded, as budget systems export
# An embedded font for variants: the tool's own fallback font, embedded as a subset with its
# ToUnicode map; its glyphs are boxes, but the text layer is real.
EMBEDDED = "BudgetPerfFallbackEmbedded"
_font = FONT
SIZE = 9.0
LEAD = 11.0
PAD = 2.5
PAGE_W, PAGE_H = 595.0, 842.0
MARGIN_TOP, MARGIN_BOTTOM = 60.0, 60.0


@dataclass
class Spec:
    """A table: column widths, header rows (repeated on each page) and body rows of (text, rowspan, colspan)."""

    widths: list[float]
    header: list[list[tuple[str, int, int]]]
    body: list[list[tuple[str, int, int]]]
    rotated: set[str] = field(default_factory=set)  # texts drawn turned 90°
    # "grid": every cell boxed; "horizontal": only lines between rows (web printouts); "none": no rules
    rules: str = "grid"
    landscape: bool = False
    # A merged cell cut by a page break: its text printed again on the new page (Beijing's export)
    # instead of left empty there.
    repeat_merged: bool = False
    # The title and the lines above the table printed again at the top of every page.
    repeat_title: bool = False


def _wrap(text: str, width: float, size: float = SIZE) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for ch in para:
            if line and pdfmetrics.stringWidth(line + ch, _font, size) > width - 2 * PAD:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
    return lines


@dataclass
class _Cell:
    row: int
    col: int
    rs: int
    cs: int
    text: str
    lines: list[str] = field(default_factory=list)


def _place(rows: list[list[tuple[str, int, int]]]) -> list[_Cell]:
    """Cells with their grid position, skipping slots covered by spans from above."""
    taken: set[tuple[int, int]] = set()
    cells = []
    for r, items in enumerate(rows):
        c = 0
        for text, rs, cs in items:
            while (r, c) in taken:
                c += 1
            cells.append(_Cell(r, c, rs, cs, text))
            taken |= {(rr, cc) for rr in range(r, r + rs) for cc in range(c, c + cs)}
            c += cs
    return cells


@dataclass
class _Piece:
    """The part of one row drawn on one page."""

    page: int
    row: int
    top: float
    bottom: float
    first_line: int
    n_lines: int


class _Drawer:
    def __init__(self, canvas: Canvas, spec: Spec, x0: float) -> None:
        self.c, self.spec = canvas, spec
        self.page_w, self.page_h = (PAGE_H, PAGE_W) if spec.landscape else (PAGE_W, PAGE_H)
        self.xs = [x0]
        for w in spec.widths:
            self.xs.append(self.xs[-1] + w)

    def _lines(self, cell: _Cell) -> list[str]:
        if cell.text in self.spec.rotated:
            return [cell.text]
        return _wrap(cell.text, self.xs[cell.col + cell.cs] - self.xs[cell.col])

    def layout(self, rows: list[list[tuple[str, int, int]]]) -> tuple[list[_Cell], list[int]]:
        cells = _place(rows)
        n = len(rows)
        lines_needed = [1] * n
        for cell in cells:
            cell.lines = self._lines(cell)
            if cell.rs == 1:
                lines_needed[cell.row] = max(lines_needed[cell.row], len(cell.lines))
        for cell in cells:  # a merged cell taller than its rows stretches the last of them
            if cell.rs > 1:
                have = sum(lines_needed[cell.row : cell.row + cell.rs])
                lines_needed[cell.row + cell.rs - 1] += max(0, len(cell.lines) - have)
        return cells, lines_needed

    def paginate(self, lines_needed: list[int], y: float, page: int, repeat_height: float) -> list[_Piece]:
        pieces: list[_Piece] = []
        for row, need in enumerate(lines_needed):
            done = 0
            while done < need:
                fit = int((y - MARGIN_BOTTOM - 2 * PAD) // LEAD)
                if fit < 1:
                    page, y = page + 1, self.page_h - MARGIN_TOP - repeat_height
                    continue
                take = min(fit, need - done)  # a row that does not fit is cut here
                height = take * LEAD + 2 * PAD
                pieces.append(_Piece(page, row, y, y - height, done, take))
                done += take
                y -= height
        return pieces

    def draw_cells(self, cells: list[_Cell], pieces: list[_Piece]) -> None:
        by_row: dict[int, list[_Piece]] = {}
        for p in pieces:
            by_row.setdefault(p.row, []).append(p)
        for cell in cells:
            own = [p for r in range(cell.row, cell.row + cell.rs) for p in by_row[r]]
            pages = sorted({p.page for p in own})
            for k, pg in enumerate(pages):
                part = [p for p in own if p.page == pg]
                top, bottom = part[0].top, part[-1].bottom
                if cell.rs == 1:
                    lines = cell.lines[part[0].first_line : part[0].first_line + part[0].n_lines]
                elif self.spec.repeat_merged:
                    lines = cell.lines[: sum(p.n_lines for p in part)]  # what the part has room for
                else:
                    lines = cell.lines if k == 0 else []
                self._box(pg, cell, top, bottom, lines)

    def _box(self, page: int, cell: _Cell, top: float, bottom: float, lines: list[str]) -> None:
        self.ops.setdefault(page, []).append((cell, top, bottom, lines))

    def render(self, footer: bool = True) -> None:
        c = self.c
        for page in sorted(set(self.ops) | set(self.texts)):  # a page of prose alone is a page too
            self.ops.setdefault(page, [])
            for cell, top, bottom, lines in self.ops[page]:
                x0, x1 = self.xs[cell.col], self.xs[cell.col + cell.cs]
                c.setLineWidth(0.6)
                if self.spec.rules == "grid":
                    c.rect(x0, bottom, x1 - x0, top - bottom, stroke=1, fill=0)
                elif self.spec.rules == "horizontal":
                    c.line(x0, top, x1, top)
                    c.line(x0, bottom, x1, bottom)
                c.setFont(_font, SIZE)
                if cell.text in self.spec.rotated and lines:
                    c.saveState()
                    c.translate(x0 + (x1 - x0) / 2 + SIZE / 3, bottom + PAD)
                    c.rotate(90)
                    c.drawString(0, 0, lines[0])
                    c.restoreState()
                    continue
                y = top - PAD - SIZE
                for line in lines:
                    c.drawString(x0 + PAD, y, line)
                    y -= LEAD
            for text, x, y, size in self.texts.get(page, []):
                c.setFont(_font, size)
                c.drawString(x, y, text)
            c.setFont(_font, 8)
            c.drawCentredString(self.page_w / 2, 30, f"- {page} -")
            c.showPage()


def _furniture(text: list, title: str, lines_above: list[tuple[str, str]], y: float, page_w: float) -> float:
    """The title (a line break in it wraps it) and the lines above the table from `y` down; the
    y below them."""
    for line in title.split("\n"):
        for dx in (0.0, 0.3):  # fake bold: the title drawn twice, a hair apart
            text.append((line, 60 + dx, y, 12))
        y -= 16
    y -= 6
    for left, right in lines_above:
        text.append((left, 60, y, SIZE))
        if right:
            text.append((right, page_w - 60 - pdfmetrics.stringWidth(right, _font, SIZE), y, SIZE))
        y -= 14
    return y


def draw_pdf(
    path: Path,
    title: str,
    lines_above: list[tuple[str, str]],
    spec: Spec,
    prose: list[str] = (),
    embed: bool = False,
    canvas_class: type = Canvas,
) -> None:
    """Prose, a fake-bold title, unit lines, then the table; every page gets a '- n -' footer.
    `canvas_class`: reportlab's Canvas, or one with its drawing calls that writes another format
    (`samples/generators/html.py` draws the same pages as positioned HTML)."""
    global _font
    if embed:
        from reportlab.pdfbase.ttfonts import TTFont

        fallback = Path(__file__).resolve().parents[2] / "extract" / "pdf" / "fallback.ttf"
        pdfmetrics.registerFont(TTFont(EMBEDDED, str(fallback)))
        _font = EMBEDDED
    else:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _font = FONT
    drawer = _Drawer(None, spec, 60)
    page_w, page_h = drawer.page_w, drawer.page_h
    drawer.c = canvas = canvas_class(str(path), pagesize=(page_w, page_h), invariant=1)
    drawer.ops, drawer.texts = {}, {}
    text = drawer.texts.setdefault(1, [])
    y = page_h - MARGIN_TOP
    for para in prose:
        for line in _wrap(para, page_w - 120 + 2 * PAD, 10.5):
            text.append((line, 60, y, 10.5))
            y -= 16
        y -= 4
    y = _furniture(text, title, lines_above, y, page_w)
    furniture = (
        page_h - MARGIN_TOP - _furniture([], title, lines_above, page_h - MARGIN_TOP, page_w)
        if spec.repeat_title
        else 0.0
    )
    n_header = len(spec.header)
    cells, needed = drawer.layout(spec.header + spec.body)
    repeat = needed[n_header - 1] * LEAD + 2 * PAD  # the indicator header row, repeated on each page
    pieces = drawer.paginate(needed, y - 4, 1, repeat + furniture)
    # Repeat the indicator header at the top of every later page that goes on with the indicator
    # rows (a page that goes on with the header block repeats nothing).
    header_cells = [c for c in cells if c.row == n_header - 1]
    first = min(p.page for p in pieces)  # prose may push the whole table onto a later page
    for page in sorted({p.page for p in pieces} - {first}):
        if min(p.row for p in pieces if p.page == page) < n_header:
            continue
        top = page_h - MARGIN_TOP - furniture
        for cell in header_cells:  # a cell merged down beside the rows ('绩效指标') gets the lines that fit
            drawer._box(page, cell, top, top - repeat, cell.lines[: needed[n_header - 1]])
    if spec.repeat_title:
        for page in sorted({p.page for p in pieces} - {first}):
            _furniture(drawer.texts.setdefault(page, []), title, lines_above, page_h - MARGIN_TOP, page_w)
    drawer.draw_cells(cells, pieces)
    drawer.render()
    canvas.save()
