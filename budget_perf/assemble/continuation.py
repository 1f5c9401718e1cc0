"""A table that goes on after a page break: the header of the table it continues, placed onto
its grid (the same grid, or the columns at the same places across the page)."""

from __future__ import annotations

from dataclasses import dataclass, field

from budget_perf.assemble.columns import Block, Header, furniture_row, opens_block
from extract.model import Cell, Table
from normalizers.text import clean
from schemas import IndicatorTable


@dataclass(slots=True)
class Open:
    """The last indicator table, kept open so that a following table can continue it."""

    table: IndicatorTable
    header: Header
    n_cols: int
    year: int | None
    spans: dict[int, tuple[float, float]] = field(default_factory=dict)  # grid column -> its x extent


def continued_header(table: Table, grid: list[list[Cell | None]], blocks: list[Block], last: Open) -> Header | None:
    """The last table's header as it applies to `table`, if `table` continues it: a table right
    after an indicator table with no header block of its own, whose columns are the last one's
    (the same grid, or, on a page whose grid lacks the header block's columns, the columns at the
    same places across the page)."""
    if not grid:
        return None
    if blocks:
        first = blocks[0]
        repeated = first.header.start <= 1 or all(
            furniture_row(row) or _blank(row) for row in grid[: first.header.start]
        )
        same = len(grid[0]) == last.n_cols and repeated and first.header.columns == last.header.columns
        return last.header if same else None
    if any(opens_block(row) for row in grid):
        return None
    if len(grid[0]) == last.n_cols:
        return last.header
    return _placed_header(last, column_spans(table))


def _blank(row: list[Cell | None]) -> bool:
    return not any(c is not None and clean(c.text) for c in row)


def column_spans(table: Table) -> dict[int, tuple[float, float]]:
    """Each grid column's x extent, from the cells one column wide."""
    spans: dict[int, tuple[float, float]] = {}
    for cell in table.cells:
        if cell.colspan == 1 and cell.bbox is not None and cell.col not in spans:
            spans[cell.col] = (cell.bbox[0], cell.bbox[2])
    return spans


def _placed_header(last: Open, spans: dict[int, tuple[float, float]]) -> Header | None:
    """The last header's roles moved onto the columns of a grid drawn at the same x positions:
    each new column lies within the extent of one old role's columns; None if a new column lies
    within none, or the name or target has no place."""
    if not spans or not last.spans:
        return None
    old = last.header
    extents: list[tuple[str, str, float, float]] = []
    for kind, cols_of in (("columns", old.columns), ("fields", old.fields), ("extra", old.extra)):
        for key, cols in cols_of.items():
            xs = [last.spans[c] for c in cols if c in last.spans]
            if xs:
                extents.append((kind, key, min(a for a, _ in xs), max(b for _, b in xs)))
    placed: dict[str, dict[str, list[int]]] = {"columns": {}, "fields": {}, "extra": {}}
    for col, (a, b) in sorted(spans.items()):
        inside = [(kind, key) for kind, key, x0, x1 in extents if x0 - _X_SLACK <= a and b <= x1 + _X_SLACK]
        if len(inside) == 1:
            kind, key = inside[0]
            placed[kind].setdefault(key, []).append(col)
    columns = placed["columns"]
    if "level3" not in columns or not {"value", "actual", "period_value"} & set(columns):
        return None
    return Header(start=0, row=0, columns=columns, fields=placed["fields"], extra=placed["extra"])


_X_SLACK = 3.0  # points: a rule drawn a hair apart on the next page is the same rule
