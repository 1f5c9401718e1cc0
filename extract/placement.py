"""Blocks with their position on the page, and the joining of tables that run across pages.

Shared by the PDF reader and the OCR reader: both place blocks, then join.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.model import Block, Table


@dataclass(slots=True)
class Placed:
    """A block with where it sits, for ordering and for joining tables across pages."""

    block: Block
    page: int
    top: float
    bottom: float
    xs: list[float] | None = None  # column rules of a table
    page_height: float = 0.0


def join_across_pages(placed: list[Placed]) -> list[Block]:
    """Join a table ending low on a page to one starting high on the next with the same columns."""
    blocks: list[Block] = []
    last_table: Placed | None = None
    for i, item in enumerate(placed):
        prev = placed[i - 1] if i else None
        column_map = None
        if (
            isinstance(item.block, Table)
            and last_table is not None
            and prev is last_table
            and item.page == last_table.page + 1
            and last_table.bottom > 0.6 * last_table.page_height
            and item.top < 0.4 * item.page_height
        ):
            column_map = _column_map(last_table.xs, item.xs)
        if column_map is not None:
            assert isinstance(last_table.block, Table) and isinstance(item.block, Table)
            _append_rows(last_table.block, item.block, column_map)
            last_table = Placed(last_table.block, item.page, item.top, item.bottom, last_table.xs, item.page_height)
            placed[i] = last_table
            continue
        blocks.append(item.block)
        last_table = item if isinstance(item.block, Table) else None
    return blocks


def _column_map(a: list[float] | None, b: list[float] | None, tol: float = 3.5) -> list[int] | None:
    """Index in `a` of each column rule of `b`, if every rule of `b` is one of `a`'s and the frames agree.

    A continuation page may lack inner rules that only the header block needed, and a scanned
    page may sit a few points to the side of the one before: rules are compared after
    aligning the left frames.
    """
    if a is None or b is None:
        return None
    shift = b[0] - a[0]
    if abs((b[-1] - shift) - a[-1]) > tol:
        return None
    out = []
    for x in b:
        j = min(range(len(a)), key=lambda k: abs(a[k] - (x - shift)))
        if abs(a[j] - (x - shift)) > tol:
            return None
        out.append(j)
    return out


def _append_rows(head: Table, tail: Table, column_map: list[int]) -> None:
    offset = head.n_rows
    for cell in tail.cells:
        start, stop = column_map[cell.col], column_map[cell.col + cell.colspan]
        cell.row += offset
        cell.col, cell.colspan = start, stop - start
    head.cells += tail.cells
    head.pages.append(tail.cells[0].page if tail.cells else head.pages[-1])
