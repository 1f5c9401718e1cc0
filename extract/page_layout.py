"""One page of positioned characters and ruling edges -> placed tables and paragraphs.

Shared by every reader whose pages come as glyph boxes and rule segments: the PDF text layer
(`extract/pdf/reader.py`) and web pages rendered as positioned boxes, a PDF-to-HTML
conversion's text lines and cell borders (`extract/html/positioned.py`). Ruled grids become
tables and the text outside them paragraphs; a page whose grids hold no indicator header is
tried as a table drawn without vertical rules (`extract/pdf/lineless.py`). The caller joins
its pages' placed blocks with `placement.join_across_pages`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from extract.model import Cell, Paragraph, Table
from extract.pdf.chars import Char, chars_to_lines, line_text, text_of
from extract.pdf.lineless import anchored, choose, complete, header_columns, header_roles, score, table_rules
from extract.pdf.rulings import Edge, Grid, find_grids
from extract.placement import Placed
from normalizers.labels import could_hold_level_labels, is_furniture
from schemas.models import Issue, issue

_FURNITURE = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$|^第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")
MARGIN = 0.09  # top and bottom share of the page where page numbers live

# Further readings of a table drawn without vertical rules, tried after the header-anchored
# one: (page number, top of the table, page height) -> [(engine name, reading)]. The PDF
# reader offers pdfplumber's and camelot's, which read the PDF file itself.
MoreReadings = Callable[[int, float, float], list[tuple[str, Callable[[], Table | None]]]]


@dataclass(slots=True)
class PageRun:
    """What one page tells the next: the columns of a lineless table still running."""

    lineless_columns: list[float] | None = None


def lay_out_page(
    chars: list[Char],
    horizontal: list[Edge],
    vertical: list[Edge],
    number: int,
    height: float,
    issues: list[Issue],
    run: PageRun,
    more_readings: MoreReadings | None = None,
) -> list[Placed]:
    """The page's tables and paragraphs, top to bottom (coordinates from the page's top left)."""
    grids = find_grids(horizontal, vertical)
    placed, free = _layout(chars, grids, number, height)
    if holds_indicator_header(placed):
        run.lineless_columns = None
        return placed
    return read_lineless(placed, free, horizontal, number, height, issues, run, more_readings)


def holds_indicator_header(placed: list[Placed]) -> bool:
    """Whether a table of the page opens with (or holds) an indicator header row: then no table
    drawn without vertical rules is looked for."""
    return any(isinstance(p.block, Table) and header_roles(p.block) for p in placed)


def read_lineless(
    placed: list[Placed],
    free: list[Char],
    horizontal: list[Edge],
    number: int,
    height: float,
    issues: list[Issue],
    run: PageRun,
    more_readings: MoreReadings | None = None,
) -> list[Placed]:
    """Read a table drawn without vertical rules from the page's free text (the characters outside
    every ruled table), if there is one. Shared by the readers of positioned text (PDF, HTML) and
    the OCR reader, whose recognised lines become characters (`extract/ocr/lineless.py`)."""
    if run.lineless_columns is None and not could_hold_level_labels("".join(c.text for c in free)):
        return placed  # no header row can start a table here, and none runs on from the page before
    found = header_columns(free)
    if found is not None:
        xs, top, _ = found
        continued = False
    elif run.lineless_columns is not None:
        xs, top, continued = run.lineless_columns, height * MARGIN, True
    else:
        return placed
    body = [c for c in free if top - 1 <= c.cy and c.bottom < height * (1 - MARGIN) and xs[0] <= c.cx]
    if continued:
        body = _below_running_lines(body)
    if not body:
        return placed
    rules = table_rules(horizontal, xs[0], min(xs[-1], max(c.x1 for c in body)))
    start = max([e.pos for e in rules if e.pos < top + 1] or [top - 1])
    rules = [e for e in rules if e.pos >= start - 0.5]

    def anchored_reading() -> Table:
        return anchored(body, xs, rules, start, number)

    candidates: list[tuple[str, Callable[[], Table | None]]] = [("header-anchored", anchored_reading)]
    if not continued and more_readings is not None:
        candidates += more_readings(number, start, height)
    best, scores = choose(candidates, score if not continued else (lambda t: float(len(t.cells))), complete)
    if best is None:
        return placed
    run.lineless_columns = xs if best.engine == "header-anchored" else None
    measured = "，".join(f"{e} {'无结果' if v is None else f'{v:.1f}'}" for e, v in scores.items())
    if len(scores) < len(candidates):
        measured += "；各行完整，未再运行其他引擎"
    kind = "续表，沿用上页列位置" if continued else f"得分：{measured}"
    issues.append(
        issue("info", "lineless_table", f"第 {number} 页的表格没有竖线，按 {best.engine} 读取（{kind}）", number)
    )
    used = {id(c) for c in body}
    rest = [p for p in placed if not isinstance(p.block, Paragraph) or p.top < start - 1]
    rest += [p for p in paragraphs([c for c in free if id(c) not in used], number, height) if p.top >= start - 1]
    bottom = max(c.bottom for c in body)
    table = Placed(best.table, number, start, bottom, xs if best.engine == "header-anchored" else None, height)
    kept = [p for p in rest if not (isinstance(p.block, Paragraph) and start - 1 <= p.top <= bottom)]
    return sorted([*kept, table], key=lambda p: p.top)


def _below_running_lines(body: list[Char]) -> list[Char]:
    """A continuation page's body without the lines the page prints above every part of the table
    (its title again, '金额单位：万元'): read into the table, they glue onto the first row's cells."""
    lines = chars_to_lines(body)
    skip: set[int] = set()
    for line in lines:
        if not is_furniture(line_text(line).strip()):
            break
        skip.update(id(c) for c in line)
    return [c for c in body if id(c) not in skip]


def _layout(chars: list[Char], grids: list[Grid], number: int, height: float) -> tuple[list[Placed], list[Char]]:
    """Tables from the grids and paragraphs from the text outside them; and those free characters."""
    in_cells: list[list[list[Char]]] = [[[] for _ in g.cells] for g in grids]
    free: list[Char] = []
    frames = [(gi, grid, *grid.bbox) for gi, grid in enumerate(grids)]
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) * 0.5, (ch.top + ch.bottom) * 0.5
        for gi, grid, x0, top, x1, bottom in frames:
            if x0 <= cx <= x1 and top <= cy <= bottom:
                idx = grid.cell_at(cx, cy)
                if idx is not None:
                    in_cells[gi][idx].append(ch)
                break  # inside a table's frame but in no cell: ignored
        else:
            free.append(ch)
    placed: list[Placed] = []
    for grid, cell_chars in zip(grids, in_cells, strict=True):
        if not any(cell_chars):
            continue  # an empty frame or a drawing
        cells = [
            Cell(
                row=gc.row,
                col=gc.col,
                rowspan=gc.rowspan,
                colspan=gc.colspan,
                text=text_of(cc, right=gc.bbox[2] - 2) if cc else "",
                page=number,
                bbox=gc.bbox,
            )
            for gc, cc in zip(grid.cells, cell_chars, strict=True)
        ]
        placed.append(Placed(Table(cells=cells, pages=[number]), number, grid.ys[0], grid.ys[-1], grid.xs, height))
    placed += paragraphs(free, number, height)
    return sorted(placed, key=lambda p: p.top), free


def paragraphs(chars: list[Char], number: int, height: float) -> list[Placed]:
    """Each line's runs of text as paragraphs; page numbers in the top and bottom margins dropped."""
    out: list[Placed] = []
    for line in chars_to_lines(chars):
        for run in _runs(line):
            text = line_text(run).strip()
            top = min(c.top for c in run)
            bottom = max(c.bottom for c in run)
            in_margin = bottom < height * MARGIN or top > height * (1 - MARGIN)
            if not text or (in_margin and _FURNITURE.match(text)):
                continue
            span = (min(c.x0 for c in run), max(c.x1 for c in run))
            out.append(Placed(Paragraph(text=text, page=number), number, top, bottom, span=span))
    return out


def _runs(line: list[Char], gap_em: float = 3.0) -> list[list[Char]]:
    """Text items placed apart on one line ('单位：…' left, '万元' right) are separate paragraphs."""
    runs = [[line[0]]]
    for c in line[1:]:
        prev = runs[-1][-1]
        if c.x0 - prev.x1 > gap_em * max(prev.size, c.size):
            runs.append([c])
        else:
            runs[-1].append(c)
    return runs
