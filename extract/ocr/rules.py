"""Ruling lines of a scanned page: masks from morphology, then the same `Edge`s the PDF reader
finds in drawing operators, mended where the scan lost stretches of them, then grids.

Thin or faint rules come out of a scanner broken in places, and a stretch may be missing. A merged
cell leaves a stretch of rule out too; the text tells them apart. Where a rule was lost, the two
cells it divided each hold their own text, one each side of the line and clear of it (cell
padding); a merged cell holds one text, on one side of the line or crossing it. And a rule never
ends inside a cell: a piece that does was cut short by the scan; nor does it end in the open, so
a rule that ends on a line (a tee) says a rule ran along that line there, whatever the text.
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np

from extract.ocr.raster import DPI, ink_runs
from extract.pdf.rulings import SNAP, Edge, Grid, cluster, find_grids, merge_edges
from extract.placement import STARTS_ABOVE, column_rules_map

PT = DPI / 72  # pixels per point
# A rule broken for less than this (points) is one rule: scans break thin rules for a few pixels,
# while a merged cell leaves a rule out for a whole row or column (14 pt and more).
BREAK = 6.0
# Two text lines closer than this share of a line's height are one paragraph wrapped; the texts
# of two rows sit further apart (the padding of both). The merged-row warning asks the same.
WRAPPED_GAP = 0.6


def rule_masks(binary: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Masks of horizontal and vertical rules: strokes longer than any glyph stroke.

    Scanned rules come broken by noise and JPEG blocks. A running mean along the rule's
    direction, kept where a 30 px window is at least 75% ink, bridges those gaps; it also joins
    the strokes of two or three neighbouring glyphs, so a horizontal rule must run 0.45 in
    (narrower than any column seen, longer than three glyphs) and a vertical one 0.18 in
    (taller than a glyph, shorter than a one-line row).
    """
    window = int(0.15 * DPI)
    out = []
    # The 75% test shortens a run by half a window in all: the opening allows for that, so the
    # lengths above are lengths on the page.
    long_h, long_v = int(0.45 * DPI) - window // 2, int(0.18 * DPI) - window // 2
    for size, length in (((window, 1), (long_h, 1)), ((1, window), (1, long_v))):
        dense = (cv2.blur(binary, size) >= 0.75 * 255).astype(np.uint8) * 255
        rules = cv2.morphologyEx(dense, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, length))
        # Give the ends back, or rules stop short of the ones they cross.
        grow = (window // 2 + 1, 1) if size[1] == 1 else (1, window // 2 + 1)
        out.append(cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, grow)))
    return out[0], out[1]


def _edges(mask: np.ndarray, horizontal: bool) -> list[Edge]:
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    edges = []
    for x, y, w, h, _ in stats[1:n]:
        if horizontal:
            edges.append(Edge((y + h / 2) / PT, x / PT, (x + w) / PT))
        else:
            edges.append(Edge((x + w / 2) / PT, y / PT, (y + h) / PT))
    return edges


def scan_grids(
    horizontal: np.ndarray, vertical: np.ndarray, ink: np.ndarray, columns_above: list[float] | None = None
) -> list[Grid]:
    """Grids from the rule masks; `ink` is the page's text without the rules; `columns_above`
    the column rules of a table the page before ended with, which this page may continue."""
    h_raw, v_raw = merge_edges(_edges(horizontal, True)), merge_edges(_edges(vertical, False))
    v_raw = _without_glyph_stems(v_raw, h_raw, ink)
    h_edges = _bridge(h_raw, v_raw, ink, True)
    v_edges = _bridge(v_raw, h_edges, ink, False)
    # Carrying a rule on stays inside the table the rule belongs to: never across the margin
    # to a page edge or to the table above.
    frames = [g.bbox for g in find_grids(h_edges, _anchored(v_edges, h_edges))]
    h_edges, v_edges = _closed(h_edges, frames, True), _closed(v_edges, frames, False)
    v_edges = _carried(v_edges, h_edges, ink, False, frames)
    h_edges = _carried(h_edges, _anchored(v_edges, h_edges), ink, True, frames)
    # Column rules keep their dangling ends until the row rules are complete: an end on the
    # line of a lost row rule is what says the row rule ran there.
    v_edges = _filled_in(v_edges, h_edges, ink, False, frames)
    h_edges = _filled_in(h_edges, v_edges, ink, True, frames)
    grids = find_grids(h_edges, _anchored(v_edges, h_edges))
    if columns_above and grids and (ghosts := _columns_carried_over(grids[0], columns_above, ink)):
        grids = find_grids(h_edges, _anchored(v_edges + ghosts, h_edges))
    return grids


def _without_glyph_stems(vertical: list[Edge], horizontal: list[Edge], ink: np.ndarray) -> list[Edge]:
    """Vertical pieces that are a glyph's stem, dropped: within one row (no row rule crosses the
    piece between its ends) and hugged by ink along it (`_glyph_like`: the strokes the stem
    carries, where cell padding keeps text off a rule). A tall stem ('标' at the foot of a
    one-line row) with a speck above it and the row rule below runs the length a vertical rule
    needs, its ends grown to the two row rules: it split the cell in two, and the table joined
    across pages took a column more, every row's target lost (a 150 dpi scan with noise)."""
    out = []
    for v in vertical:
        crossed = any(h.a - SNAP <= v.pos <= h.b + SNAP and v.a + SNAP < h.pos < v.b - SNAP for h in horizontal)
        if crossed or not _glyph_like(ink, v.pos, v.a, v.b, False):
            out.append(v)
    return out


def row_rules(horizontal: np.ndarray, vertical: np.ndarray, ink: np.ndarray) -> list[Edge]:
    """The page's horizontal rules as `Edge`s, bridged where the scan broke them: what a table
    drawn without vertical rules divides its rows by (`page_layout.read_lineless`)."""
    h_raw, v_raw = merge_edges(_edges(horizontal, True)), merge_edges(_edges(vertical, False))
    return _bridge(h_raw, v_raw, ink, True)


def _columns_carried_over(grid: Grid, columns: list[float], ink: np.ndarray) -> list[Edge]:
    """Column rules of the table the page before ended with, lost whole on this page's first
    table that goes on with it: a short continuation (a row or two) under a faint rule leaves a
    column rule too little ink to be found at all. Taken where the first table's frames are
    the earlier table's (after aligning the left frame) and, down the whole table, no text
    crosses the line and some row holds text on both sides of it, clear of it."""
    if grid.ys[0] > STARTS_ABOVE * ink.shape[0] / PT:
        return []
    found = column_rules_map(columns, grid.xs)  # None: other frames, or rules of its own
    if found is None:
        return []
    shift = grid.xs[0] - columns[0]
    missing = [x + shift for j, x in enumerate(columns) if j not in found]
    positions = sorted([*grid.xs, *missing])
    bands = list(itertools.pairwise(grid.ys))
    return [
        Edge(x, grid.ys[0], grid.ys[-1])
        for x in missing
        if not any(_crossed(ink, x, a, b, False) for a, b in bands)
        and any(_lost(ink, x, a, b, False, positions) for a, b in bands)
    ]


def _bridge(edges: list[Edge], crossing: list[Edge], ink: np.ndarray, horizontal: bool) -> list[Edge]:
    """Two pieces of one rule joined across the stretch between them where the scan lost it:
    a break shorter than BREAK with no rule crossing it (where a rule meets another, it may
    end), or any stretch the text says a rule divided."""
    positions = sorted({e.pos for e in edges})
    tees: dict[float, list[float]] = {}  # per line, looked up once it is asked for
    ruled: list[Edge] | None = None  # the crossing pieces that are rules, found once they are asked for
    out: list[Edge] = []
    for e in sorted(edges, key=lambda e: (round(e.pos / SNAP), e.a)):
        last = out[-1] if out else None
        if last is not None and abs(last.pos - e.pos) <= SNAP:
            short = e.a - last.b <= BREAK and not any(
                c.a - SNAP <= e.pos <= c.b + SNAP and last.b - SNAP <= c.pos <= e.a + SNAP for c in crossing
            )
            if not short and e.pos not in tees:
                if ruled is None:
                    # A glyph's strokes joined into a piece ('十字' side by side, a rule's length
                    # in all) may end on the line: no rule ends there, and taken for one it ran a
                    # column rule down through a title and the next form's header block.
                    ruled = [c for c in crossing if not _glyph_like(ink, c.pos, c.a, c.b, not horizontal)]
                tees[e.pos] = _tees(ruled, e.pos)
            teed = not short and any(last.b + SNAP < t < e.a - SNAP for t in tees[e.pos])
            if short or teed or _lost_in_each(ink, e.pos, last.b, e.a, crossing, horizontal, positions):
                out[-1] = Edge(last.pos, last.a, max(last.b, e.b))
                continue
        out.append(e)
    return out


def _lost_in_each(
    ink: np.ndarray, line: float, a: float, b: float, crossing: list[Edge], horizontal: bool, positions: list[float]
) -> bool:
    """Was the rule at `line` lost between `a` and `b`, in each cell the stretch crosses: a rule
    lost over several cells left each of them divided. Judged over the whole stretch at once,
    text crossing the line in one cell of five was too small a share of it to count: the
    stems of glyphs stacked two a line in a narrow label column ('绩效/目标/指标') and a title's
    stroke above were joined down a whole table through the '主管部门' its line crosses, the
    column split in two (a scanned 福州 form at 300 dpi: every level shifted right)."""
    lo, hi = _cells_around(crossing, line, a, b)
    cuts = sorted({c.pos for c in crossing if c.a - SNAP <= line <= c.b + SNAP and lo + SNAP < c.pos < hi - SNAP})
    return all(_lost(ink, line, x, y, horizontal, positions) for x, y in itertools.pairwise([lo, *cuts, hi]))


def _cells_around(crossing: list[Edge], line: float, a: float, b: float) -> tuple[float, float]:
    """The stretch a..b of a rule's line, inside one cell, widened to the crossing rules around
    it: a piece that ends inside a cell divided the whole cell, whose text may sit clear of the
    lost stretch (a name set left in its cell, the rule lost over the cell's right part)."""
    across = [c.pos for c in crossing if c.a - SNAP <= line <= c.b + SNAP]
    if any(a + 2 * SNAP < x < b - 2 * SNAP for x in across):
        return a, b  # over several cells: each is judged as it is (one may be merged)
    lo = max((x for x in across if x <= a + 2 * SNAP), default=a)
    hi = min((x for x in across if x >= b - 2 * SNAP), default=b)
    return lo, hi


def _carried(
    edges: list[Edge], crossing: list[Edge], ink: np.ndarray, horizontal: bool, frames: list[tuple]
) -> list[Edge]:
    """Rules that end inside a cell, carried on to the next crossing rule, and from there across
    further cells while the text says the rule was lost there too. Only pieces that cross two
    rules are surely rules; a shorter one (a glyph's stroke, or a fragment) stays as it is."""
    positions = sorted({e.pos for e in edges})
    out = []
    for e in edges:
        stops = sorted(c.pos for c in crossing if c.a - SNAP <= e.pos <= c.b + SNAP)
        inner = [x for x in stops if e.a - SNAP <= x <= e.b + SNAP]
        # A piece crossing fewer than two rules may be a glyph's stroke: it stays as it is.
        if len(inner) < 2:
            out.append(e)
            continue
        beyond_a = [x for x in reversed(stops) if x < e.a - SNAP]
        beyond_b = [x for x in stops if x > e.b + SNAP]
        tees = _tees(crossing, e.pos)
        a = _carry_end(e, e.a, inner[0], beyond_a, ink, horizontal, frames, positions, tees)
        b = _carry_end(e, e.b, inner[-1], beyond_b, ink, horizontal, frames, positions, tees)
        out.append(Edge(e.pos, a, b))
    return out


def _carry_end(
    e: Edge,
    end: float,
    last: float,
    beyond: list[float],
    ink: np.ndarray,
    horizontal: bool,
    frames: list[tuple],
    positions: list[float],
    tees: list[float],
) -> float:
    """Where the rule `e`, whose piece ends at `end` past its last crossing `last`, really ended;
    `beyond` are the crossings further on, nearest first. An end short of a crossing by less
    than a break reaches it; an end further inside a cell of its table, where no text crosses
    the line, went on at least to the next crossing, and on across cells whose text says the
    rule was lost there too, or through a tee (a rule ending on this one's line) to the next
    crossing. Not an end that is a glyph's stroke run on from the rule."""
    if not beyond or abs(end - last) <= SNAP:
        return end  # it ends where it meets a rule
    if _glyph_like(ink, e.pos, min(end, last), max(end, last), horizontal):
        return end
    reached = beyond[0]
    if abs(reached - end) > BREAK:
        lo, hi = sorted((end, reached))
        if not _inside(frames, horizontal, e.pos, lo, hi) or _crossed(ink, e.pos, lo, hi, horizontal):
            return end
    for x in beyond[1:]:
        lo, hi = sorted((reached, x))
        # A rule ending on this one at a crossing inside the table meets it in a tee, never in a
        # corner: this rule runs on past that crossing, and reaches any crossing that is a tee.
        teed = any(abs(t - x) <= SNAP for t in tees)
        past_tee = any(abs(t - reached) <= SNAP for t in tees) and not _crossed(ink, e.pos, lo, hi, horizontal)
        evidence = teed or past_tee or _lost(ink, e.pos, lo, hi, horizontal, positions)
        if not (_inside(frames, horizontal, e.pos, lo, hi) and evidence):
            break
        reached = x
    return reached


def _closed(edges: list[Edge], frames: list[tuple], horizontal: bool) -> list[Edge]:
    """A table's frame is a rectangle: each side drawn along most of its length (half or more)
    is drawn along all of it, so a corner the scan lost does not open the table."""
    added = []
    for x0, y0, x1, y1 in frames:
        (a0, a1), sides = ((x0, x1), (y0, y1)) if horizontal else ((y0, y1), (x0, x1))
        for side in sides:
            drawn = _drawn([e for e in edges if abs(e.pos - side) <= SNAP], a0, a1)
            if 0.5 * (a1 - a0) <= drawn < a1 - a0 - SNAP:
                added.append(Edge(side, a0, a1))
    return merge_edges(edges + added) if added else edges


def _filled_in(
    edges: list[Edge], crossing: list[Edge], ink: np.ndarray, horizontal: bool, frames: list[tuple]
) -> list[Edge]:
    """Rules put back across single cells where the scan lost them with no piece of theirs on
    one side to bridge from: a row rule gone across the first column, beyond a merged cell; a
    cell's side drawn along most of its length by a piece that reaches neither end.
    Along each rule's line, a cell's stretch with no rule is filled in where the text says a
    rule divided two cells there, or where a rule ends on the line at the stretch's end: the
    frame's bottom rule lost under the first columns, whose column rules still end on its line.
    Text speaks for row rules only: two texts side by side with no rule between them are as
    often one line of text with a space in it (a header's value across the columns below)."""
    positions = sorted({e.pos for e in edges})
    added = []
    for line in cluster([e.pos for e in edges]):
        stops = sorted({c.pos for c in crossing if c.a - SNAP <= line <= c.b + SNAP})
        pieces = [e for e in edges if abs(e.pos - line) <= SNAP]
        # Only the line of a rule of the same table: a piece of it there crosses two rules (a
        # cell's side), where a glyph's stroke taken for a rule crosses none, and the line of
        # another table's rule runs through this one's text gaps.
        sides = [e for e in pieces if sum(e.a - SNAP <= x <= e.b + SNAP for x in stops) >= 2]
        tees = _tees(crossing, line)
        for lo, hi in itertools.pairwise(stops):
            drawn = _drawn(pieces, lo, hi)
            frame = next((f for f in frames if _inside([f], horizontal, line, lo, hi)), None)
            if frame is None or not any(_inside([frame], horizontal, line, e.a, e.b) for e in sides):
                continue
            if drawn >= 0.5 * (hi - lo):
                # Most of a cell's top or foot drawn, by pieces short of both its ends and with
                # no glyph hanging on them: the rule. (A column rule's piece may be a glyph's
                # stroke, which in a narrow row covers most of a cell's side.)
                partial = [e for e in pieces if e.b > lo and e.a < hi]
                if (
                    horizontal
                    and drawn < hi - lo - 2 * SNAP
                    and not any(_glyph_like(ink, line, max(e.a, lo), min(e.b, hi), horizontal) for e in partial)
                ):
                    added.append(Edge(line, lo, hi))
                continue
            # The stretch may span several columns whose rules the scan broke just here: each
            # column's part is judged by its own text (one may be a merged cell).
            g0, g1 = (frame[1], frame[3]) if horizontal else (frame[0], frame[2])  # across the line
            cuts = sorted({c.pos for c in crossing if lo + SNAP < c.pos < hi - SNAP and c.a < g1 and c.b > g0})
            if cuts:
                for a, b in itertools.pairwise([lo, *cuts, hi]):
                    if horizontal and _lost(ink, line, a, b, horizontal, positions, _across(edges, a, b)):
                        added.append(Edge(line, a, b))
                continue
            # A rule ending on the line at either end of the stretch meets the line in a tee
            # (never a corner, inside a table): the line runs on both sides of it.
            teed = any(abs(t - lo) <= SNAP or abs(t - hi) <= SNAP for t in tees)
            if (teed and not _crossed(ink, line, lo, hi, horizontal)) or (
                horizontal and _lost(ink, line, lo, hi, horizontal, positions, _across(edges, lo, hi))
            ):
                added.append(Edge(line, lo, hi))
    return merge_edges(edges + added) if added else edges


def _drawn(pieces: list[Edge], lo: float, hi: float) -> float:
    """How much of the stretch lo..hi the pieces (of one line) cover."""
    return sum(max(0.0, min(e.b, hi) - max(e.a, lo)) for e in pieces)


def _across(edges: list[Edge], lo: float, hi: float) -> list[float]:
    """Positions of the rules drawn across the stretch lo..hi: how far up a merged cell's text
    may be (the neighbouring columns' row rules do not end this column's cells)."""
    return sorted({e.pos for e in edges if e.a < hi - SNAP and e.b > lo + SNAP})


def _tees(crossing: list[Edge], line: float) -> list[float]:
    """Where rules of the other direction end on `line` (within SNAP): rules in a table end on
    rules, so a rule ran along `line` there. An end with a piece of its own rule going on within
    a break past it is no end, only a gap the scan broke into it."""
    out = []
    for c in crossing:
        for end, onward in ((c.a, -1), (c.b, 1)):
            if abs(end - line) > SNAP:
                continue
            if not any(
                abs(o.pos - c.pos) <= SNAP
                and o is not c
                and 0 <= onward * ((o.a if onward > 0 else o.b) - end) <= BREAK
                for o in crossing
            ):
                out.append(c.pos)
    return out


def _inside(frames: list[tuple], horizontal: bool, line: float, lo: float, hi: float) -> bool:
    """Does the stretch lo..hi of the line lie within one table's frame?"""
    for x0, y0, x1, y1 in frames:
        (a0, a1), (p0, p1) = ((x0, x1), (y0, y1)) if horizontal else ((y0, y1), (x0, x1))
        if p0 - SNAP <= line <= p1 + SNAP and a0 - SNAP <= lo and hi <= a1 + SNAP:
            return True
    return False


def _lost(
    ink: np.ndarray,
    line: float,
    a: float,
    b: float,
    horizontal: bool,
    positions: list[float],
    reach: list[float] | None = None,
) -> bool:
    """Was the rule at `line` lost between `a` and `b`: text on both sides of the line there
    (each side as far as the next rule parallel to it), and none crossing it? With `reach`
    (the rules drawn across this stretch), the side before the line is looked at on up to the
    nearest of them when the next rule's row holds no text there: the merged cell above a lost
    rule may hold its text at its top, rows up, while the cell below holds its own next to it."""
    if b - a <= 0:
        return True  # overlapping pieces
    if _crossed(ink, line, a, b, horizontal):
        return False
    lower = max((p for p in positions if p < line - SNAP), default=line - 72)
    upper = min((p for p in positions if p > line + SNAP), default=line + 72)
    before, after = _sides(ink, line, a, b, horizontal, lower, upper)
    if reach is not None and int(np.count_nonzero(before)) < 12:
        lower = max((p for p in reach if p < line - SNAP), default=lower)
        before, _ = _sides(ink, line, a, b, horizontal, lower, upper)
    if int(np.count_nonzero(before)) < 12 or int(np.count_nonzero(after)) < 12:
        return False
    return not horizontal or not _wrapped(before.any(axis=1), after.any(axis=1))


def _wrapped(above: np.ndarray, below: np.ndarray) -> bool:
    """Are the text lines either side of a row rule's line one paragraph wrapped across it? Wrapped
    lines sit a fraction of a line apart; the texts of two rows sit apart by both rows' padding.
    Bands of ink far thinner than a line (a skewed rule's remnants, specks) are no text lines."""
    bands_above, bands_below = ink_runs(above), ink_runs(below)
    tallest = max(b - a for a, b in bands_above + bands_below)
    bands_above = [(a, b) for a, b in bands_above if b - a >= 0.25 * tallest]
    bands_below = [(a, b) for a, b in bands_below if b - a >= 0.25 * tallest]
    if not bands_above or not bands_below:
        return False
    (top, foot), (head, end) = bands_above[-1], bands_below[0]
    # The two pixels left out each side of the line count in the gap, unless a text line runs
    # on into them (a wrapped line set close to its neighbours' rule, ascending past it).
    gap = (len(above) - foot + 2 if foot < len(above) - 1 else 0) + (head + 2 if head > 1 else 0)
    # The taller of the two lines is the line's height: the one above may be cut off by the
    # parallel rule that bounds the look.
    return gap < WRAPPED_GAP * max(foot - top, end - head)


def _crossed(ink: np.ndarray, line: float, a: float, b: float, horizontal: bool) -> bool:
    """Does text cross the line between `a` and `b`: strokes close to it on both sides at once?"""
    hug = 0.03 * 72  # points
    before, after = _sides(ink, line, a, b, horizontal, line - hug, line + hug)
    if not before.size or not after.size:
        return False
    return float((before.any(axis=0) & after.any(axis=0)).mean()) > 0.02


def _glyph_like(ink: np.ndarray, line: float, a: float, b: float, horizontal: bool) -> bool:
    """Is the piece of rule between `a` and `b` a glyph's stroke: ink attached to it (within a
    point and a half) along a good part of it? Cell padding keeps text further from a rule."""
    before, after = _sides(ink, line, a, b, horizontal, line - 1.5, line + 1.5)
    if not before.size or not after.size:
        return False
    return float((before.any(axis=0) | after.any(axis=0)).mean()) > 0.15


def _sides(
    ink: np.ndarray, line: float, a: float, b: float, horizontal: bool, lower: float, upper: float
) -> tuple[np.ndarray, np.ndarray]:
    """The ink each side of the line between `a` and `b`, out to `lower` and `upper`; rows run
    along the line. Two pixels next to the line are left out: the rule's own remnants."""
    page = ink if horizontal else ink.T
    lo, hi, pos = int(a * PT), int(b * PT), int(line * PT)
    before = page[max(0, int(lower * PT)) : max(0, pos - 2), lo:hi]
    after = page[pos + 2 : max(pos + 2, int(upper * PT)), lo:hi]
    return before, after


def _anchored(vertical: list[Edge], horizontal: list[Edge]) -> list[Edge]:
    """Vertical rules cut to the span between the first and last horizontal rule they cross.

    A bridged rule can run on through a crossing into a tall glyph stroke above or below
    it; in a ruled table every column rule ends at a row rule, so dangling ends are dropped.
    """
    out = []
    for v in vertical:
        ys = [h.pos for h in horizontal if h.a - SNAP <= v.pos <= h.b + SNAP and v.a - SNAP <= h.pos <= v.b + SNAP]
        if len(ys) >= 2:
            out.append(Edge(v.pos, min(ys), max(ys)))
    return out
