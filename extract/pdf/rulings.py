"""Ruling lines to table grids: segments -> snapped, merged edges -> grids -> cells with spans.

The same idea as pdfplumber's table.py (snap_edges -> merge_edges -> intersections -> cells),
kept to what budget tables need and written to run in a few milliseconds a page.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

from extract.pdf.frame import Frame
from extract.pdf.objects import PageObjects, walk

SNAP = 2.0  # points: edges closer than this are one edge
MIN_EDGE = 4.0  # shorter strokes are glyph parts or tick marks, not rules
AXIS_TOL = 0.8


@dataclass(slots=True)
class Edge:
    pos: float  # y of a horizontal edge, x of a vertical one (top-left coordinates)
    a: float  # start along the edge
    b: float  # end along the edge


@dataclass(slots=True)
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: tuple[float, float, float, float]


@dataclass(slots=True)
class Grid:
    xs: list[float]
    ys: list[float]
    cells: list[GridCell]
    slot: list[list[int]]  # slot[row][col] -> index into cells

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_at(self, x: float, y: float) -> int | None:
        c = bisect_right(self.xs, x) - 1
        r = bisect_right(self.ys, y) - 1
        if 0 <= r < len(self.ys) - 1 and 0 <= c < len(self.xs) - 1:
            return self.slot[r][c]
        return None


def page_segments(
    page, page_height: float, frame: Frame | None = None, objects: PageObjects | None = None
) -> tuple[list[Edge], list[Edge]]:
    """Axis-aligned segments of every top-level path on the page, split into horizontal and
    vertical, in display space (`frame` turns a /Rotate'd page upright). Paths inside form
    XObjects are left out: their coordinates are relative, and rules there are rare."""
    turned = frame is not None and not frame.identity
    horizontal: list[Edge] = []
    vertical: list[Edge] = []
    px, py = pdfium_c.c_float(), pdfium_c.c_float()
    left, bottom, right, top = (pdfium_c.c_float() for _ in range(4))
    m = pdfium_c.FS_MATRIX()
    count, get_segment = pdfium_c.FPDFPath_CountSegments, pdfium_c.FPDFPath_GetPathSegment
    get_point, get_kind, closes = (
        pdfium_c.FPDFPathSegment_GetPoint,
        pdfium_c.FPDFPathSegment_GetType,
        pdfium_c.FPDFPathSegment_GetClose,
    )
    moveto = pdfium_c.FPDF_SEGMENT_MOVETO
    for obj in (objects or walk(page)).paths:
        n = count(obj)
        if n <= 0:
            continue
        pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        box = (left.value, bottom.value, right.value, top.value)
        if turned:
            box = frame.box(*box)
        if n <= 2 or (box[2] - box[0] < 3 or box[3] - box[1] < 3):
            _add_box_edges(*box, page_height, horizontal, vertical)
            continue
        pdfium_c.FPDFPageObj_GetMatrix(obj, m)
        a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
        last: tuple[float, float] | None = None
        start: tuple[float, float] | None = None
        for i in range(n):
            seg = get_segment(obj, i)
            get_point(seg, px, py)
            u, v = px.value, py.value
            x, y = a * u + c * v + e, b * u + d * v + f
            if turned:
                x, y = frame.point(x, y)
            if get_kind(seg) == moveto:
                last = start = (x, y)
                continue
            if last is not None:
                _add_segment(last, (x, y), page_height, horizontal, vertical)
            last = (x, y)
            if start is not None and closes(seg):
                _add_segment((x, y), start, page_height, horizontal, vertical)
    return horizontal, vertical


def _add_box_edges(left, bottom, right, top, page_height, horizontal, vertical) -> None:
    """A simple stroke or a hairline-filled rectangle: one edge along its long side."""
    w, h = right - left, top - bottom
    if h <= SNAP * 1.5 and w >= MIN_EDGE:
        horizontal.append(Edge(page_height - (top + bottom) / 2, left, right))
    elif w <= SNAP * 1.5 and h >= MIN_EDGE:
        vertical.append(Edge((left + right) / 2, page_height - top, page_height - bottom))
    elif w >= MIN_EDGE and h >= MIN_EDGE:  # a rectangle drawn as one short path
        horizontal += [Edge(page_height - top, left, right), Edge(page_height - bottom, left, right)]
        vertical += [
            Edge(left, page_height - top, page_height - bottom),
            Edge(right, page_height - top, page_height - bottom),
        ]


def _add_segment(p, q, page_height, horizontal, vertical) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= AXIS_TOL and abs(x1 - x0) >= MIN_EDGE:
        horizontal.append(Edge(page_height - (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x0 - x1) <= AXIS_TOL and abs(y1 - y0) >= MIN_EDGE:
        vertical.append(Edge((x0 + x1) / 2, page_height - max(y0, y1), page_height - min(y0, y1)))


def merge_edges(edges: list[Edge]) -> list[Edge]:
    """Snap edges at nearly the same position to one position, then join touching runs."""
    out: list[Edge] = []
    cluster: list[Edge] = []
    for e in sorted(edges, key=lambda e: e.pos):
        if cluster and e.pos - cluster[0].pos > SNAP:
            out += _join_runs(cluster)
            cluster = []
        cluster.append(e)
    return out + _join_runs(cluster) if cluster else out


def _join_runs(cluster: list[Edge]) -> list[Edge]:
    pos = sum(e.pos for e in cluster) / len(cluster)
    runs: list[Edge] = []
    for e in sorted(cluster, key=lambda e: e.a):
        if runs and e.a <= runs[-1].b + SNAP:
            runs[-1].b = max(runs[-1].b, e.b)
        else:
            runs.append(Edge(pos, e.a, e.b))
    return runs


def cluster(values: list[float]) -> list[float]:
    """The positions of the lines `values` lie on: the first of each group within SNAP."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


class _DisjointSets:
    """Union-find with path halving: which edges touch, which grid slots form one cell."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def find_grids(horizontal: list[Edge], vertical: list[Edge]) -> list[Grid]:
    """Connected groups of crossing edges that enclose at least one cell."""
    hs, vs = merge_edges(horizontal), merge_edges(vertical)
    sets = _DisjointSets(len(hs) + len(vs))

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.a - SNAP <= v.pos <= h.b + SNAP and v.a - SNAP <= h.pos <= v.b + SNAP:
                sets.join(i, len(hs) + j)
    groups: dict[int, tuple[list[Edge], list[Edge]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(sets.find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(sets.find(len(hs) + j), ([], []))[1].append(v)
    grids = [g for gh, gv in groups.values() if len(gh) >= 2 and len(gv) >= 2 if (g := _grid(gh, gv))]
    return sorted(grids, key=lambda g: g.ys[0])


def _covers(edges: list[Edge], pos: float, lo: float, hi: float) -> bool:
    """Is there an edge at `pos` covering the middle of the span [lo, hi]?"""
    mid = (lo + hi) / 2
    return any(abs(e.pos - pos) <= SNAP and e.a - SNAP <= mid <= e.b + SNAP for e in edges)


def _grid(hs: list[Edge], vs: list[Edge]) -> Grid | None:
    xs = cluster([v.pos for v in vs])
    ys = cluster([h.pos for h in hs])
    if len(xs) < 2 or len(ys) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    # Union slots that no rule separates: merged cells.
    sets = _DisjointSets(n_rows * n_cols)

    v_at = {i: [v for v in vs if abs(v.pos - x) <= SNAP] for i, x in enumerate(xs)}
    h_at = {i: [h for h in hs if abs(h.pos - y) <= SNAP] for i, y in enumerate(ys)}
    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not _covers(v_at[c + 1], xs[c + 1], ys[r], ys[r + 1]):
                sets.join(r * n_cols + c + 1, r * n_cols + c)
            if r + 1 < n_rows and not _covers(h_at[r + 1], ys[r + 1], xs[c], xs[c + 1]):
                sets.join((r + 1) * n_cols + c, r * n_cols + c)
    boxes: dict[int, list[int]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            root = sets.find(r * n_cols + c)
            box = boxes.setdefault(root, [r, c, r, c])
            box[0], box[1] = min(box[0], r), min(box[1], c)
            box[2], box[3] = max(box[2], r), max(box[3], c)
    cells: list[GridCell] = []
    slot = [[0] * n_cols for _ in range(n_rows)]
    for r0, c0, r1, c1 in sorted(boxes.values()):
        idx = len(cells)
        cells.append(GridCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                slot[r][c] = idx
    # A region that encloses nothing but one big box with no inner rules is a frame, not a table.
    if len(cells) < 2:
        return None
    return Grid(xs, ys, cells, slot)
