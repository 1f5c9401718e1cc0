"""A scanned page's table drawn without vertical rules, read as the digital page reads one.

The digital page reads such a table from its characters' boxes and its horizontal rules
(`page_layout.read_lineless`: columns from the places of the header's labels, rows from the
rules or from the text lines; `extract/pdf/lineless.py`). A scan has no character boxes: here the
recognised text lines outside the ruled grids become them, and the rule masks' horizontal rules
become `Edge`s (`rules.row_rules`), so that one reading serves both.

Each glyph of a line stands where the recogniser's decoding put it (the frame it was read at),
in the piece of the line's ink it falls in: a line's ink parts into pieces at the gaps between
columns (and after some punctuation), and a piece's glyphs share it out, each reaching halfway to
its neighbours. The glyphs of a piece then touch, as a text layer's advance boxes do, and the gaps
between pieces are the page's own. The cells' texts are then the recogniser's, as a ruled cell's.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from extract.model import Table
from extract.ocr.doubt import cell_confidence, line_confidence
from extract.ocr.engine import LineReading, LineRecognizer, glyph_width
from extract.ocr.glyphs import cell_text, read_numbers_again
from extract.ocr.raster import ink_runs
from extract.ocr.rules import PT
from extract.page_layout import MARGIN, PageRun, read_lineless
from extract.pdf.chars import Char
from extract.pdf.lineless import header_columns
from extract.pdf.rulings import Edge
from extract.placement import Placed
from normalizers.grammar import is_ideograph
from normalizers.labels import LEVEL_LABELS
from schemas.models import Issue

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels at DPI

# A gap in a line's ink this wide (in ems) parts it into pieces: wider than the gaps inside a
# glyph ('川', about a quarter em) and between the glyphs of a word (a tenth to a sixth), narrower
# than the gutter between two columns, the padding of two cells (0.75 em on the lineless sample,
# where a column's text runs up to its padding).
PIECE_GAP = 0.4
# A line the first reading skipped as prose (wide) that parts at HEADER_GAP or more into
# HEADER_PIECES pieces may be a header row of column labels: prose leaves no gap an em wide.
HEADER_GAP = 1.0
HEADER_PIECES = 3
# Full-width punctuation sets its ink to one side of its slot: a closing mark at the left
# (ink, then the slot's blank), an opening one at the right. A glyph at a piece's edge gets its
# whole slot, so that '：' and '《' of '依据：《云南' meet as a text layer's boxes do.
INK_LEFT = frozenset("，。、；：？！）》」』】〕〉”’")
INK_RIGHT = frozenset("（《「『【〔〈“‘")
# A level's header label read without its numeral ('级指标' for '二级指标'): a stroke-only 一, 二 or
# 三 the scan lost from the ink as well (bilevel, degraded), so the label's piece starts an em
# late and the column under it would lose its first glyph to the column before.
_NUMERAL_LOST = frozenset(label[1:] for label in LEVEL_LABELS["header"])
# Without ideographs side by side to measure the em by, a line's ink is this share of an em tall
# (an ideograph's ink, 23-24 px under a pitch of 26 px at 200 dpi on the lineless sample).
INK_HEIGHT = 0.9


@dataclass(frozen=True, slots=True)
class FreeLine:
    """A text line outside the grids as read: its box on the page, the reading, and where the
    image it was read from lies (its left edge and width, in page pixels)."""

    box: Box
    reading: LineReading
    origin: float
    width: float

    def centres(self) -> list[float]:
        """Each character's middle on the page (pixels)."""
        return [self.origin + share * self.width for share in self.reading.centres]


def page_em(lines: list[FreeLine]) -> float | None:
    """The page's em in pixels: the median pitch of two ideographs side by side in a line (None
    with fewer than three such pairs)."""
    pitches = []
    for line in lines:
        pairs = itertools.pairwise(zip(line.reading.text, line.centres(), strict=True))
        pitches += [b - a for (c, a), (d, b) in pairs if is_ideograph(c) and is_ideograph(d)]
    return float(np.median(pitches)) if len(pitches) >= 3 else None


def em_of(lines: list[FreeLine], boxes: list[Box]) -> float:
    """The page's em (pixels), from its lines' pitch or else from their height."""
    em = page_em(lines)
    if em is None:
        heights = [b[3] - b[1] for b in boxes] or [1]
        em = float(np.median(heights)) / INK_HEIGHT
    return em


def _pieces(ink: np.ndarray, box: Box, gap: float) -> list[tuple[int, int]]:
    """The runs of ink along the line (page x), those nearer than `gap` pixels joined."""
    x0, y0, x1, y1 = box
    runs: list[tuple[int, int]] = []
    for a, b in ink_runs(ink[y0:y1, x0:x1].any(axis=0)):
        if runs and a - runs[-1][1] < gap:
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((a, b))
    return [(x0 + a, x0 + b) for a, b in runs]


def line_chars(line: FreeLine, ink: np.ndarray, em: float) -> list[tuple[Char, int]]:
    """The line's characters as `Char`s (points), each with its place in the reading's text;
    spaces the recogniser read are left to the geometry."""
    _, y0, _, y1 = line.box
    pieces = _pieces(ink, line.box, PIECE_GAP * em) or [(line.box[0], line.box[2])]
    owned: dict[int, list[tuple[int, str, float]]] = {}
    for i, (c, x) in enumerate(zip(line.reading.text, line.centres(), strict=True)):
        if not c.isspace():
            owned.setdefault(_nearest(pieces, x), []).append((i, c, x))
    out: list[tuple[Char, int]] = []
    for k, glyphs in sorted(owned.items()):
        a, b = pieces[k]
        # A glyph the scan lost some ink of (the left strokes of 三 on a degraded bilevel page)
        # still stands where the recogniser read it: the piece reaches to its slot. Not a mark
        # ('·', '.'), which may be a speck read beside the piece.
        (_, head, x_head), (_, tail, x_tail) = glyphs[0], glyphs[-1]
        if head.isalnum():
            a = min(a, x_head - glyph_width(head) * em / 2)
        if tail.isalnum():
            b = max(b, x_tail + glyph_width(tail) * em / 2)
        if "".join(c for _, c, _ in glyphs) in _NUMERAL_LOST:
            a -= em  # the numeral's slot: where the label, and the column under it, begins
        middles = [(p + q) / 2 for (_, _, p), (_, _, q) in itertools.pairwise(glyphs)]
        edges = np.clip(np.maximum.accumulate([a, *middles, b]), a, b)
        for j, (i, c, _) in enumerate(glyphs):
            left, right = float(edges[j]), float(edges[j + 1])
            if j == 0 and c in INK_RIGHT:
                left = min(left, right - em)
            if j == len(glyphs) - 1 and c in INK_LEFT:
                right = max(right, left + em)
            out.append((Char(c, left / PT, y0 / PT, right / PT, y1 / PT, em / PT), i))
    return out


def _nearest(pieces: list[tuple[int, int]], x: float) -> int:
    """The piece holding x, or the nearest one."""
    return min(range(len(pieces)), key=lambda k: max(pieces[k][0] - x, x - pieces[k][1], 0.0))


def could_be_header(box: Box, ink: np.ndarray, em: float) -> bool:
    """A line whose ink parts into labels as a header row's does: HEADER_PIECES pieces at gaps of
    an em or more."""
    return len(_pieces(ink, box, HEADER_GAP * em)) >= HEADER_PIECES


def lines_to_read(
    lines: list[FreeLine],
    skipped: list[Box],
    ink: np.ndarray,
    em: float,
    runs_on: bool,
    read: Callable[[list[Box]], list[FreeLine]],
    height: float,
) -> tuple[list[FreeLine], bool]:
    """The free lines the first reading skipped that a table without vertical rules needs, read;
    and whether the page may hold one (a header row of labels, or a table running on from the
    page before: `runs_on`). Read: every skipped line from the header row down to the page's
    bottom margin (the digital reading takes all the text below the header), or from the top
    margin on a page the table runs on to. The header is looked for in the lines read, then in
    skipped lines that part as a header row does; with none, only those are read. `height`: the
    page's, in pixels."""
    extra: list[FreeLine] = []
    if not runs_on:
        found = header_columns(_chars(lines, ink, em))
        if found is None:
            wanted = [b for b in skipped if could_be_header(b, ink, em)]
            if not wanted:
                return [], False
            extra = read(wanted)
            found = header_columns(_chars(lines + extra, ink, em))
            if found is None:
                return extra, False
        top = found[1] * PT - em
    else:
        top = MARGIN * height
    taken = {line.box for line in extra}
    rest = [b for b in skipped if b not in taken and b[3] >= top and b[1] < (1 - MARGIN) * height]
    return extra + (read(rest) if rest else []), True


def _chars(lines: list[FreeLine], ink: np.ndarray, em: float) -> list[Char]:
    return [c for line in lines for c, _ in line_chars(line, ink, em)]


def read_lineless_table(
    placed: list[Placed],
    lines: list[FreeLine],
    ink: np.ndarray,
    em: float,
    rules: list[Edge],
    page: PageReading,
    issues: list[Issue],
    run: PageRun,
) -> list[Placed]:
    """The page's blocks with a table drawn without vertical rules read from its free lines, if
    it holds one (`page_layout.read_lineless`); its cells read as a ruled cell's are (`_read_cells`)."""
    chars: list[Char] = []
    source: dict[int, tuple[int, int]] = {}  # id(char) -> (line, index in the line's text)
    for n, line in enumerate(lines):
        for c, i in line_chars(line, ink, em):
            chars.append(c)
            source[id(c)] = (n, i)
    out = read_lineless(placed, chars, rules, page.number, page.height, issues, run)
    before = {id(p.block) for p in placed}
    for p in out:
        if isinstance(p.block, Table) and id(p.block) not in before:
            _read_cells(p.block, _stretches(p.block, chars, source), lines, page)
    return out


@dataclass(frozen=True, slots=True)
class PageReading:
    """What reading a table's cells again needs of its page: the page's number and height (points),
    its recogniser, and the image of a line's box (as the first reading cropped it)."""

    number: int
    height: float
    recognizer: LineRecognizer
    image_of: Callable[[Box], np.ndarray]


@dataclass(frozen=True, slots=True)
class _Stretch:
    """The part of a recognised line inside one cell: the line, its first and last glyph, and the
    box of those glyphs (pixels)."""

    line: int
    first: int
    last: int
    box: Box


def _stretches(table: Table, chars: list[Char], source: dict[int, tuple[int, int]]) -> dict[int, list[_Stretch]]:
    """For each cell (its index in the table) the stretches of lines its characters come from,
    bucketed as the reading bucketed them (by their middles, in the cells' boxes)."""
    boxes = [c.bbox for c in table.cells if c.bbox is not None]
    if not boxes:
        return {}
    xs = sorted({b[0] for b in boxes} | {b[2] for b in boxes})
    ys = sorted({b[1] for b in boxes} | {b[3] for b in boxes})
    at = {(bisect.bisect_right(xs, c.bbox[0]) - 1, bisect.bisect_right(ys, c.bbox[1]) - 1): ci
          for ci, c in enumerate(table.cells) if c.bbox is not None}  # fmt: skip
    held: dict[int, dict[int, list[Char]]] = {}  # cell -> line -> its characters there
    for ch in chars:
        ci = at.get((bisect.bisect_right(xs, ch.cx) - 1, bisect.bisect_right(ys, ch.cy) - 1))
        if ci is not None:
            held.setdefault(ci, {}).setdefault(source[id(ch)][0], []).append(ch)
    out: dict[int, list[_Stretch]] = {}
    for ci, by_line in held.items():
        for n, own in by_line.items():
            index = [source[id(c)][1] for c in own]
            box = (round(min(c.x0 for c in own) * PT), round(own[0].top * PT),
                   round(max(c.x1 for c in own) * PT), round(own[0].bottom * PT))  # fmt: skip
            out.setdefault(ci, []).append(_Stretch(n, min(index), max(index), box))
        out[ci].sort(key=lambda s: (s.box[1], s.box[0]))
    return out


def _read_cells(table: Table, stretches: dict[int, list[_Stretch]], lines: list[FreeLine], page: PageReading) -> None:
    """Each cell's text from the stretches of the recognised lines it holds (the recogniser's own
    spacing kept), joined and repaired as a ruled cell's lines are; its confidence the weakest
    stretch's mean glyph probability. The ruled cell's second looks at numbers
    (`glyphs.read_numbers_again`) run on the stretches' images, but only to doubt: where they end
    on another reading, that is the cell's second reading and its confidence is capped. The
    first reading saw the stretch within its whole line, a crop of the stretch alone far less
    (a clean '90' cut to its own ink read '9' at 1.5x and 2x on a 300 dpi bilevel scan)."""
    jobs = [(ci, k, s) for ci, found in stretches.items() for k, s in enumerate(found)]
    first = []
    for _, _, s in jobs:
        reading = lines[s.line].reading
        first.append((reading.text[s.first : s.last + 1], line_confidence(reading, s.first, s.last)))
    looked = list(first)
    images = [page.image_of(s.box) for _, _, s in jobs]
    second = read_numbers_again(images, [("cell", 0, ci, k) for ci, k, _ in jobs], looked, page.recognizer)
    read: dict[int, tuple[list[tuple[str, float]], list[tuple[str, float]]]] = {}
    for (ci, _, _), one, other in zip(jobs, first, looked, strict=True):
        own = read.setdefault(ci, ([], []))
        own[0].append(one)
        own[1].append(other)
    for ci, (own, checked) in read.items():
        cell, text = table.cells[ci], cell_text(own)
        others = [cell_text(checked), *([cell_text(second[(0, ci)])] if (0, ci) in second else [])]
        again = next((other for other in others if other != text), None)
        cell.text = text
        cell.confidence = cell_confidence((s for _, s in own), disputed=again is not None)
        cell.second_reading = again
