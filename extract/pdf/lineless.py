"""Tables without vertical rules (web-system printouts): three readings, the best one kept.

- "header-anchored": columns from the positions of the header labels (一级指标 … 指标值),
  rows from the horizontal rules, or from text lines when there are none; the columns carry
  over to continuation pages that repeat no header.
- "pdfplumber-text": pdfplumber's text strategy for columns, its lines strategy for rows.
- "camelot-stream": camelot's stream flavour.

Each reading is scored by the indicator rows it yields (see `score`); the page keeps the best.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extract.model import Cell, Table
from extract.pdf.chars import Char, chars_to_lines, line_text, text_of
from extract.pdf.rulings import Edge, merge_edges
from normalizers.labels import header_line_roles, is_indicator_header, role_of


@dataclass(slots=True)
class Reading:
    table: Table
    engine: str
    score: float


def header_columns(chars: list[Char]) -> tuple[list[float], float, float] | None:
    """Column boundaries, and the top and bottom of the header, from a line of role labels (a
    fallback label taking its role as the assembly's header reading lets it: '活动 | 绩效指标 |
    指标性质 | 指标值', a form whose rules all went under a bilevel scan's threshold)."""
    for line in chars_to_lines(chars):
        groups = _label_groups(line)
        roles = header_line_roles([line_text(g) for g in groups])
        if is_indicator_header(roles):
            band = [c for c in chars if line[0].top - 2 * line[0].size < c.cy < line[0].bottom + 2 * line[0].size]
            groups = _label_groups(sorted(band, key=lambda c: c.x0), wrapped=True)
            xs = [g[0].x0 - 1.5 for g in groups] + [max(c.x1 for c in groups[-1]) + 200]
            top, bottom = min(c.top for c in band), max(c.bottom for c in band)
            body = [c for c in chars if c.top > bottom]
            for k in range(1, len(groups)):
                xs[k] = _gutter(body, max(c.x1 for c in groups[k - 1]), groups[k][0].x0, xs[k])
            xs[0] = min(_left_edge(body, xs[0]), xs[1] - 1.5)
            return xs, top, bottom
    return None


def _gutter(body: list[Char], lo: float, hi: float, at: float) -> float:
    """The boundary between two columns whose labels end at `lo` and start at `hi`: at the label's
    start (`at`), as a table that sets its labels where its text starts has it; but in the middle
    of the widest stretch between the labels that the fewest glyphs of the body cross where that
    is fewer than cross the label's start, or where text stands between that stretch and the
    label's start. A form centres its labels over columns whose text starts at the left (a ruled
    form read without its rules, which a bilevel scan's threshold erased): the boundary at the
    label cut every row's text in two, or gave a short text ('定性') to the column before."""
    crossing = [(c.x0, c.x1) for c in body if c.x1 > lo and c.x0 < hi]
    if not crossing or hi <= lo:
        return at

    def crossed(x: float) -> int:
        return sum(a < x < b for a, b in crossing)

    steps = [lo + (hi - lo) * i / 64 for i in range(65)]  # 1/64 of the gap: well under a glyph
    counts = [crossed(x) for x in steps]
    fewest = min(counts)
    best: tuple[int, int] = (0, 0)  # (steps, first step) of the widest run at the fewest crossings
    start = None
    for i, n in enumerate([*counts, fewest + 1]):
        if n == fewest and start is None:
            start = i
        elif n != fewest and start is not None:
            best = max(best, (i - start, start), key=lambda r: r[0])
            start = None
    width, first = best  # the fewest is reached somewhere: width >= 1
    middle, end = (steps[first] + steps[first + width - 1]) / 2, steps[first + width - 1]
    between = any(end < (a + b) / 2 < at for a, b in crossing)
    return middle if fewest < crossed(at) or between else at


def _left_edge(body: list[Char], at: float) -> float:
    """The table's left edge: the first label's start, or further left where a run of the body's
    text crosses it (the first column's text set from the left under a centred label)."""
    for line in chars_to_lines(body):
        for run in _label_groups(line):
            if run[0].x0 < at < max(c.x1 for c in run):
                at = run[0].x0 - 1.5
    return at


def _label_groups(chars: list[Char], wrapped: bool = False) -> list[list[Char]]:
    """Labels on a header line: runs of glyphs separated by more than half an em.

    With `wrapped`, glyphs of two-line labels ('指标性' over '质') join the label they sit under.
    """
    groups: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: c.x0):
        if groups:
            last = groups[-1]
            right = max(g.x1 for g in last)
            if c.x0 - right <= 0.5 * c.size or (wrapped and c.x0 < right):
                last.append(c)
                continue
        groups.append([c])
    return groups


def anchored(chars: list[Char], xs: list[float], rules: list[Edge], top: float, page: int) -> Table:
    """Cells from fixed columns and rule-separated (or line-separated) rows."""
    ys = sorted({round(e.pos, 1) for e in rules if e.pos > top - 1})
    body = [c for c in chars if c.cy > top]
    if len(ys) < 2:  # no rules: every text line a row; wrapped lines are merged later by role
        ys = [min(line, key=lambda c: c.top).top - 1 for line in chars_to_lines(body)] + [
            max(c.bottom for c in body) + 1
        ]
    cells: list[Cell] = []
    buckets: dict[tuple[int, int], list[Char]] = {}
    for c in body:
        r = _index(ys, c.cy)
        k = _index(xs, c.cx)
        if r is not None and k is not None:
            buckets.setdefault((r, k), []).append(c)
    for r in range(len(ys) - 1):
        for k in range(len(xs) - 1):
            own = buckets.get((r, k), [])
            cells.append(
                Cell(r, k, text_of(own, right=xs[k + 1]), page=page, bbox=(xs[k], ys[r], xs[k + 1], ys[r + 1]))
            )
    return Table(cells=cells, pages=[page])


def _index(bounds: list[float], v: float) -> int | None:
    for i in range(len(bounds) - 1):
        if bounds[i] <= v < bounds[i + 1]:
            return i
    return None


def table_rules(horizontal: list[Edge], x0: float, x1: float) -> list[Edge]:
    """Horizontal rules that run across most of the table's width."""
    width = x1 - x0
    return [e for e in merge_edges(horizontal) if e.b - e.a > 0.5 * width and e.a < x0 + 0.3 * width]


def pdfplumber_reading(path: Path, page: int, top: float) -> Table | None:
    import pdfplumber

    with pdfplumber.open(str(path), pages=[page]) as pdf:
        p = pdf.pages[0]
        region = p.crop((0, max(0, top - 2), p.width, p.height))
        found = region.find_tables({"vertical_strategy": "text", "horizontal_strategy": "lines"})
        if not found:
            return None
        best = max(found, key=lambda t: len(t.rows))
        rows = best.extract()
        cells = [
            Cell(r, k, (text or "").strip(), page=page) for r, row in enumerate(rows) for k, text in enumerate(row)
        ]
        return Table(cells=cells, pages=[page])


def camelot_reading(path: Path, page: int, top: float, height: float) -> Table | None:
    import camelot

    area = f"0,{height - top + 2},10000,0"  # camelot counts from the bottom of the page
    tables = camelot.read_pdf(str(path), pages=str(page), flavor="stream", table_areas=[area])
    if not tables:
        return None
    df = tables[0].df
    cells = [Cell(r, k, str(df.iat[r, k]).strip(), page=page) for r in range(df.shape[0]) for k in range(df.shape[1])]
    return Table(cells=cells, pages=[page])


def choose(
    candidates: list[tuple[str, Callable[[], Table | None]]],
    score: Callable[[Table], float],
    enough: Callable[[Table], bool] = lambda _t: False,
) -> tuple[Reading | None, dict[str, float | None]]:
    """Run the readings cheapest first and keep the best-scoring; stop as soon as one is `enough`
    (the expensive engines then never run, nor load). Also return every score measured (None: no
    table or failed)."""
    best: Reading | None = None
    scores: dict[str, float | None] = {}
    for engine, make in candidates:
        if best is not None and enough(best.table):
            break
        try:
            table = make()
        except Exception:  # an optional engine choking on a page is no reason to stop
            table = None
        scores[engine] = None if table is None else score(table)
        if table is not None and (best is None or scores[engine] > best.score):
            best = Reading(table, engine, scores[engine])
    return best, scores


def header_roles(table: Table) -> tuple[int, dict[str, int]] | None:
    """The first row naming at least three column roles, and the column of each role."""
    for r, row in enumerate(table.grid()):
        roles: dict[str, int] = {}
        for k, cell in enumerate(row):
            if cell is not None and cell.col == k and (role := role_of(cell.text)):
                roles.setdefault(role, k)
        if is_indicator_header(roles):
            return r, roles
    return None


def _counts(table: Table) -> tuple[int, int, int]:
    """(rows naming an indicator and giving its target, rows with only one of the two, roles)."""
    found = header_roles(table)
    if found is None:
        return 0, 0, 0
    r, roles = found
    l3, v = roles.get("level3"), roles.get("value")
    if l3 is None or v is None:
        return 0, 0, len(roles)
    good = half = 0
    for row in table.grid()[r + 1 :]:
        has_l3 = bool(row[l3] is not None and row[l3].text.strip())
        has_v = bool(row[v] is not None and row[v].text.strip())
        good += has_l3 and has_v
        half += has_l3 != has_v
    return good, half, len(roles)


def score(table: Table) -> float:
    """Rows that name an indicator and give its target, less half of those with only one of the two."""
    good, half, roles = _counts(table)
    return good - 0.5 * half + 0.1 * roles


def complete(table: Table) -> bool:
    """Every indicator row of the reading has both its name and its target: no other engine can
    do better on this page, so none is run."""
    good, half, _ = _counts(table)
    return good > 0 and half == 0
