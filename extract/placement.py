"""Blocks with their position on the page, and the joining of tables that run across pages.

Shared by the PDF reader and the OCR reader: both place blocks, then join.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.model import Block, Cell, Paragraph, Table
from extract.pdf.lineless import header_roles

# A table that goes on over a page break ends in the page's lower part and goes on in the next
# page's upper part (shares of the page's height).
ENDS_BELOW = 0.6
STARTS_ABOVE = 0.4


@dataclass(slots=True)
class Placed:
    """A block with where it sits, for ordering and for joining tables across pages."""

    block: Block
    page: int
    top: float
    bottom: float
    xs: list[float] | None = None  # column rules of a table
    page_height: float = 0.0
    span: tuple[float, float] | None = None  # a paragraph's left and right edges


def join_across_pages(placed: list[Placed]) -> list[Block]:
    """Join a table ending low on a page to one starting high on the next with the same columns.

    Lines just under the first part, each inside one cell of its last row, are that cell's text
    run over the page's bottom rule (an exporter that does not split a merged cell's lines at
    the break): they join the cell, not the text between the tables. Lines at the top of the
    next page that also stand above the first part on its page (a running header: the form's
    title printed on every page) stay text and do not part the two, unless the second part
    holds an indicator header row of its own: then it is the next form under the same title.
    The second part may lack column rules of the first (its rows need fewer), or have rules the
    first lacks (a break inside a header block whose rows merge those columns): with the same
    frame, and the second part not opening with an indicator header row (then it is a table of
    its own, as a form's indicator table under its header-block table), the parts share the
    rules of both.
    """
    blocks: list[Block] = []
    last_table: Placed | None = None
    spills: list[tuple[Placed, Cell]] = []  # lines under the last table, each with its cell
    tail: Placed | None = None  # the last item still in the last table's run: it, a spill, a running header
    headed = False  # a running header stands between the last table and this item
    for i, item in enumerate(placed):
        prev = placed[i - 1] if i else None
        right_after = last_table is not None and prev is tail
        if right_after and (cell := _spilt_from(item, last_table, [s for s, _ in spills])) is not None:
            spills.append((item, cell))
            blocks.append(item.block)
            tail = item
            continue
        if right_after and _running_header(item, last_table, placed):
            blocks.append(item.block)
            tail = item
            headed = True
            continue
        column_map = None
        if (
            isinstance(item.block, Table)
            and last_table is not None
            and right_after
            and item.page == last_table.page + 1
            and last_table.bottom > ENDS_BELOW * last_table.page_height
            and item.top < STARTS_ABOVE * item.page_height
            and not (headed and header_roles(item.block) is not None and not _repeats_header(item, last_table))
        ):
            column_map = column_rules_map(last_table.xs, item.xs)
            own_header = header_roles(item.block)
            if (
                column_map is None
                and (own_header is None or own_header[0] > 0)  # a table headed by its own header row stands alone
                and (widened := _union_of_rules(last_table.xs, item.xs)) is not None
            ):
                union, head_map, column_map = widened
                _remap_columns(last_table.block, head_map)
                last_table.xs = union
        if column_map is not None:
            assert isinstance(last_table.block, Table) and isinstance(item.block, Table)
            if spills:
                spilt = {id(s.block) for s, _ in spills}
                blocks = [b for b in blocks if id(b) not in spilt]  # the lines that spilt
            for spill, cell in spills:
                assert isinstance(spill.block, Paragraph)
                cell.text = f"{cell.text}\n{spill.block.text}" if cell.text else spill.block.text
            _append_rows(last_table.block, item.block, column_map)
            last_table = Placed(last_table.block, item.page, item.top, item.bottom, last_table.xs, item.page_height)
            placed[i] = tail = last_table
            spills = []
            headed = False
            continue
        blocks.append(item.block)
        last_table = tail = item if isinstance(item.block, Table) else None
        spills = []
        headed = False
    return blocks


def _repeats_header(item: Placed, table: Placed) -> bool:
    """The part opens with the very header row the table has (a header repeated on every page, as
    a multi-project table prints it under its running title): the table goes on, it is not the
    next form under the same title, which opens with a header block of its own."""
    assert isinstance(item.block, Table) and isinstance(table.block, Table)
    own, first = header_roles(item.block), header_roles(table.block)
    if own is None or first is None or own[0] != 0:
        return False
    again, header = item.block.grid()[0], table.block.grid()[first[0]]
    if len(again) != len(header):
        return False
    return all(_printed_again(a, h) for a, h in zip(again, header, strict=True))


def _printed_again(again: Cell | None, cell: Cell | None) -> bool:
    """A header cell as a later page prints it: the same text; a cell merged down beside the rows
    ('绩效指标' over the whole indicator block) shows only the lines the repeated row has room for."""
    a, h = "".join((again.text if again else "").split()), "".join((cell.text if cell else "").split())
    return a == h or (cell is not None and cell.rowspan > 1 and bool(a) and h.startswith(a))


def _running_header(item: Placed, table: Placed, placed: list[Placed]) -> bool:
    """A line at the top of the page after the table's that is also printed above the table on
    its own page (the lines between them were all such lines too)."""
    if not isinstance(item.block, Paragraph) or item.page != table.page + 1 or not item.block.text:
        return False
    return any(
        isinstance(p.block, Paragraph)
        and p.page == table.page
        and p.bottom <= table.top + 1
        and p.block.text == item.block.text
        for p in placed
    )


def columns_running_on(placed: list[Placed]) -> list[float] | None:
    """The column rules of a table a page ends with (low on the page, as `join_across_pages`
    asks), which the next page may continue: what that page's faint rules are looked for by."""
    tables = [p for p in placed if isinstance(p.block, Table)]
    if not tables or tables[-1].xs is None or tables[-1].bottom <= ENDS_BELOW * tables[-1].page_height:
        return None
    return list(tables[-1].xs)


def _spilt_from(item: Placed, table: Placed, spills: list[Placed]) -> Cell | None:
    """The cell of the table's last row whose text the line is, run over the bottom rule: a short
    line right under the table (or under a line that spilt before it), inside that cell."""
    if not isinstance(item.block, Paragraph) or item.page != table.page or item.span is None:
        return None
    middle = (item.top + item.bottom) / 2
    above = max([table.bottom, *(s.bottom for s in spills if s.bottom < middle)])
    # A glyph box may reach over the rule (a font's ascent); its middle lies under it.
    if above < middle and item.top - above < item.bottom - item.top:
        return _cell_under(table, item)
    return None


def _cell_under(table: Placed, item: Placed, tol: float = 2.0) -> Cell | None:
    """The cell of the table's last row on its last page whose columns hold the line."""
    assert isinstance(table.block, Table) and item.span is not None
    x0, x1 = item.span
    for cell in table.block.cells:
        box = cell.bbox
        last_row = cell.page == table.page and box is not None and abs(box[3] - table.bottom) <= tol
        if last_row and box[0] - tol <= x0 and x1 <= box[2] + tol:
            return cell
    return None


def column_rules_map(a: list[float] | None, b: list[float] | None, tol: float = 3.5) -> list[int] | None:
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


def _union_of_rules(a: list[float] | None, b: list[float] | None, tol: float = 3.5):
    """Where the frames agree but the second part has column rules the first lacks (a page break
    inside a header block whose rows all merge those columns): the rules of both, and the index
    in them of each of the first part's and of the second part's rules."""
    if a is None or b is None or len(a) < 2 or len(b) < 2:
        return None
    shift = b[0] - a[0]
    if abs((b[-1] - shift) - a[-1]) > tol:
        return None
    union = list(a)
    for x in b:
        if min(abs(u - (x - shift)) for u in union) > tol:
            union.append(x - shift)
    union.sort()

    def where(xs: list[float], offset: float) -> list[int]:
        return [min(range(len(union)), key=lambda k: abs(union[k] - (x - offset))) for x in xs]

    return union, where(a, 0.0), where(b, shift)


def _remap_columns(table: Table, column_map: list[int]) -> None:
    """The table's cells on a finer set of column rules (`column_map`: each old rule's new index)."""
    for cell in table.cells:
        start, stop = column_map[cell.col], column_map[cell.col + cell.colspan]
        cell.col, cell.colspan = start, stop - start


def _append_rows(head: Table, tail: Table, column_map: list[int]) -> None:
    offset = head.n_rows
    for cell in tail.cells:
        start, stop = column_map[cell.col], column_map[cell.col + cell.colspan]
        cell.row += offset
        cell.col, cell.colspan = start, stop - start
    head.cells += tail.cells
    head.pages.append(tail.cells[0].page if tail.cells else head.pages[-1])
