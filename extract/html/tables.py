"""`<table>` markup into the common table model: rows and cells with rowspan and colspan placed
as a browser places them, each cell's text with its line breaks (<br>, block elements).

A table whose cells hold tables (or a positioned rendering) lays out a page, not data: it is a
layout table, and the flow reader reads its cells as text and its inner tables as tables.
"""

from __future__ import annotations

import re

from lxml import etree

from extract.html.tree import BLOCKS, SKIPPED, Styles, collapse, tag_of
from extract.model import Cell, Table

_SPAN = re.compile(r"\s*(\d+)")
_SECTIONS = {"thead": 0, "tbody": 1, "tfoot": 2}


def is_layout_table(table: etree._Element, pages: set[etree._Element]) -> bool:
    """Does a cell of the table hold another table or a positioned page?"""
    return any(tag_of(el) == "table" or el in pages for el in table.iterdescendants())


def rows_of(table: etree._Element) -> list[etree._Element]:
    """The table's own rows, the header section first and the footer last, as a browser shows them."""
    groups: list[list[etree._Element]] = [[], [], []]
    for child in table:
        tag = tag_of(child)
        if tag == "tr":
            groups[1].append(child)
        elif tag in _SECTIONS:
            groups[_SECTIONS[tag]] += [tr for tr in child if tag_of(tr) == "tr"]
    return groups[0] + groups[1] + groups[2]


def cells_of(tr: etree._Element, styles: Styles) -> list[etree._Element]:
    return [td for td in tr if tag_of(td) in ("td", "th") and not styles.hidden(td)]


def _span(value: str | None, default: int = 1) -> int:
    m = _SPAN.match(value or "")
    return int(m.group(1)) if m else default


def read_table(table: etree._Element, styles: Styles, widest: int) -> Table | None:
    """The table's cells on the grid a browser gives them; None if it holds no text at all.
    Spans are clamped to the grid: no colspan beyond the column limit, no rowspan beyond the
    last row (rowspan=0 reaches it)."""
    rows = [tr for tr in rows_of(table) if not styles.hidden(tr)]
    busy: dict[int, int] = {}  # column -> first row not covered by a rowspan from above
    cells: list[Cell] = []
    for r, tr in enumerate(rows):
        col = 0
        for td in cells_of(tr, styles):
            while busy.get(col, 0) > r:
                col += 1
            if col >= widest:
                break
            colspan = min(max(1, _span(td.get("colspan"))), widest - col)
            rowspan = _span(td.get("rowspan"))
            rowspan = len(rows) - r if rowspan == 0 else min(max(1, rowspan), len(rows) - r)
            cells.append(Cell(row=r, col=col, text=cell_text(td, styles), rowspan=rowspan, colspan=colspan))
            for c in range(col, col + colspan):
                busy[c] = r + rowspan
            col += colspan
    if not any(c.text for c in cells):
        return None
    return Table(cells=cells)


def cell_text(cell: etree._Element, styles: Styles) -> str:
    """The cell's lines: <br> and block elements break them; white space collapses as shown."""
    return "\n".join(text_lines(cell, styles))


def text_lines(el: etree._Element, styles: Styles) -> list[str]:
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = collapse("".join(current)).strip()
        if text:
            lines.append(text)
        current.clear()

    def visit(node: etree._Element) -> None:
        current.append(node.text or "")
        for child in node:
            tag = tag_of(child)
            if tag is not None and tag not in SKIPPED and not styles.hidden(child):
                if tag == "br":
                    flush()
                elif tag in BLOCKS:
                    flush()
                    visit(child)
                    flush()
                else:
                    visit(child)
            current.append(child.tail or "")

    visit(el)
    flush()
    return lines
