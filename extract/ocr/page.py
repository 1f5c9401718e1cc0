"""One scanned page to placed tables and paragraphs.

Rules come from morphology on the binarised page and become the same `Edge`s the PDF
reader finds in drawing operators, so `find_grids` builds cells (with spans) unchanged.
Text lines are found by projection inside each cell and outside the grids, trimmed to
their ink, and recognised together in one batch call.
"""

from __future__ import annotations

import itertools
import re

import cv2
import numpy as np

from extract.model import Cell, Paragraph, Table
from extract.ocr import free_text, sideways
from extract.ocr.doubt import cell_confidence, line_confidence
from extract.ocr.engine import LineReading, LineRecognizer, read_lines
from extract.ocr.glyphs import cell_text, fix_ocr, read_numbers_again
from extract.ocr.lineless import FreeLine, PageReading, em_of, lines_to_read, read_lineless_table
from extract.ocr.orient import READ_FLOOR
from extract.ocr.raster import DPI, binarize, despeckle, ink_runs, paper_level
from extract.ocr.rules import PT, WRAPPED_GAP, row_rules, rule_masks, scan_grids
from extract.page_layout import PageRun, holds_indicator_header
from extract.pdf.rulings import Grid
from extract.placement import Placed
from normalizers.text import fold_width
from schemas.models import Issue

_FURNITURE = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$|^第\s*\d+\s*页")


def _clean(binary: np.ndarray, grey: np.ndarray, rules: np.ndarray | None = None) -> np.ndarray:
    """Drop scanner dust: small specks with no larger ink nearby.

    A decimal point or a 、 is as small as dust but sits beside a glyph; dust stands alone.
    Removing only isolated specks keeps "5.00" from becoming "500". `grey` is the page the
    binary image was thresholded from (a printed dot is as dark as the glyphs, dust is not).
    Ink under `rules` (the rule masks) is no glyph: a speck beside a cell's rule is dust, and
    left there it stretched the line it ended to the rule, where it was read '。' or '：'.
    """
    _n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    area = stats[:, cv2.CC_STAT_AREA]
    small = area < int(0.0008 * DPI * DPI)  # about 5x5 px at 200 dpi
    small[0] = False
    big_mask = (~small[labels] & (labels > 0)).astype(np.uint8)
    if rules is not None:
        big_mask[rules > 0] = 0
    near = cv2.dilate(big_mask, np.ones((int(0.06 * DPI),) * 2, np.uint8)) > 0
    keep = ~small
    keep[np.unique(labels[near & small[labels]])] = True
    keep |= small & _printed_marks(stats, labels, ~small, grey, rules)
    keep[0] = False
    return (keep[labels] * 255).astype(np.uint8)


def _printed_marks(
    stats: np.ndarray, labels: np.ndarray, glyphs: np.ndarray, grey: np.ndarray, rules: np.ndarray | None = None
) -> np.ndarray:
    """Which components are printed marks too small to pass for more than dust: beside a glyph,
    the '·' of '元/人·月' sits in a full-width slot, farther from its neighbours than a decimal
    point from its digit; the two bars of '=' in a proportional face stand a space off the
    digit after them ('= 8万平方米', each bar 12 x 2 px at 200 dpi). A speck the size of a
    dot in the band of a glyph's middle fifth, or a bar (three times as wide as tall, a third
    of a glyph wide) in its middle three fifths, within a glyph's height of it, is kept; so is
    a punctuation mark's stroke ('“', '、') within a glyph's rows, next to it (PUNCTUATION_REACH).
    Alone, a glyph of a small face in a cell of its own: a '1' (one stroke at least half a
    glyph tall, three times as tall as wide) or an '=' (two such bars, one over the other, a
    bar's length apart at most); dust is a speck, never a stroke that long nor a matched pair.
    (A scanned 北京 form lost its targets '1' and its operators '=' as dust, at 200 and 400 dpi
    but not 300.) Off the rule masks only, where a broken rule leaves strokes of its own. Each
    must be printed (its darkest pixel as dark as the glyphs' ink, where a JPEG's speck is a
    faint grey); dust elsewhere is not."""
    x, y, w, h = (stats[:, i] for i in range(4))
    sized = glyphs & (h >= 0.05 * DPI) & (h <= 0.25 * DPI) & (w <= 0.25 * DPI)
    if not sized.any():
        return np.zeros(len(stats), bool)
    em = float(np.median(h[sized]))
    band = np.zeros((int((y + h).max()) + 1, int((x + w).max()) + 1), np.uint8)  # 2: middle fifth, 1: middle 3/5
    foot = np.zeros_like(band, dtype=bool)
    reach = int(FOOT_REACH * em)
    for i in np.flatnonzero(sized):
        mid, x0, x1 = y[i] + h[i] / 2, max(0, int(x[i] - h[i])), int(x[i] + w[i] + h[i])
        for share, level in ((0.3, 1), (0.1, 2)):
            rows = slice(int(mid - share * h[i]), int(mid + share * h[i]) + 1)
            np.maximum(band[rows, x0:x1], level, out=band[rows, x0:x1])
        foot[int(mid) : int(y[i] + 1.1 * h[i]) + 1, max(0, int(x[i]) - reach) : int(x[i] + w[i]) + reach] = True
    cx, cy = x + w // 2, y + h // 2
    area = stats[:, cv2.CC_STAT_AREA]
    dotlike = (w <= 0.4 * em) & (h <= 0.4 * em) & (area >= 0.01 * em * em)
    dot = dotlike & (band[cy, cx] == 2)
    # A full-width mark ('、', '。', '，') opening a wrapped line (or closing one after a thin
    # digit): it sits at the foot of the left of its one-em slot, about 0.6 em from the next
    # glyph's ink (16 px of a 9 pt face at 200 dpi, beyond the dust's 12 px). Kept: a mark of a
    # punctuation mark's size (`em` here is the median height of the ink's parts, about 0.7 of
    # the face's size: '、' in Noto Sans is 0.45 of it wide) in the lower half of a glyph's band,
    # its nearer side within `FOOT_REACH` of the glyph, and at least a fiftieth of `em` squared
    # (a scanner's dust is a pixel or two). '6、' wrapped as '6' over '、2-效益指标' lost its '、'.
    marklike = (w <= 0.5 * em) & (h <= 0.6 * em) & (area >= 0.02 * em * em)
    dot |= marklike & (foot[cy, x] | foot[cy, x + w - 1])
    # Full-width punctuation sets its ink in the half of its slot next to the glyph it belongs
    # to, within the glyph's rows, each stroke as small as dust: a sharp scan (printed at 300-400
    # dpi, read at 200) thins a '“' to two blobs of ~20 px at the top of the line, 0.35 and 0.6 em
    # before the glyph, beyond the reach of `_clean`'s fixed neighbourhood, and every
    # '“世界急救日”' lost its opening quote; the glyph after it may be all strokes ('“三救”').
    punctuation = (w <= 0.4 * em) & (h <= 0.5 * em) & (area >= 0.01 * em * em)
    if punctuation.any():
        dot |= punctuation & _beside_glyphs(stats, glyphs, em, band.shape, rules)[cy, cx]
    barlike = (w >= 3 * h) & (w >= 0.3 * em) & (w <= 0.8 * em)
    bar = barlike & (band[cy, cx] >= 1)
    stroke = (h >= 3 * w) & (h >= 0.5 * em) & (h <= 1.2 * em)
    alone = stroke | _paired(barlike & ~glyphs, x, y, w, h)
    if rules is not None and alone.any():
        for i in np.flatnonzero(alone):
            alone[i] = not rules[y[i] : y[i] + h[i], x[i] : x[i] + w[i]].any()
    mark = dot | bar | alone
    if not mark.any():
        return mark
    ink = _median(grey, sized[labels])
    paper = _median(grey, labels == 0)
    for i in np.flatnonzero(mark):
        box = (slice(y[i], y[i] + h[i]), slice(x[i], x[i] + w[i]))
        mark[i] = float(grey[box][labels[box] == i].min()) <= ink + 0.3 * (paper - ink)
    return mark


# How far from a glyph a mark at its foot may stand, in glyph heights: a full-width slot is about
# 1.1 glyph heights, and a '、' or '。' sits at its left, its middle a third of an em in.
FOOT_REACH = 1.2


# How far from a glyph (in ems) the middle of a punctuation mark's stroke may lie: half the
# mark's slot, and the side bearings of both glyphs.
PUNCTUATION_REACH = 0.75


def _beside_glyphs(
    stats: np.ndarray, glyphs: np.ndarray, em: float, shape: tuple[int, int], rules: np.ndarray | None
) -> np.ndarray:
    """Where a punctuation mark may stand: in the rows of a line (an em tall about the middle of
    each piece of a glyph, or the piece's own rows if taller) and within PUNCTUATION_REACH of
    it. Every piece of ink up to a glyph's size counts, not whole glyphs only: the glyph after a
    '“' may be all strokes ('三', its bars each a piece shorter than any glyph). Not a piece on
    the rule masks (a broken rule's stretch): a speck beside a rule is dust."""
    x, y, w, h = (stats[:, i].astype(np.int64) for i in range(4))
    pieces = glyphs & (h <= 0.25 * DPI) & (w <= 0.25 * DPI) & (np.maximum(w, h) >= 0.3 * em)
    out = np.zeros(shape, bool)
    reach = int(PUNCTUATION_REACH * em)
    for i in np.flatnonzero(pieces):
        if rules is not None and rules[y[i] : y[i] + h[i], x[i] : x[i] + w[i]].any():
            continue
        mid = y[i] + h[i] / 2
        top, foot = int(min(y[i], mid - em / 2)), int(max(y[i] + h[i], mid + em / 2))
        out[max(0, top) : foot, max(0, x[i] - reach) : x[i] + w[i] + reach] = True
    return out


def _paired(barlike: np.ndarray, x: np.ndarray, y: np.ndarray, w: np.ndarray, h: np.ndarray) -> np.ndarray:
    """Bars with a twin of nearly their length straight above or below, nearer than that length:
    the two strokes of an '='."""
    out = np.zeros(len(x), bool)
    bars = np.flatnonzero(barlike)
    if len(bars) < 2:
        return out
    bx, by, bw, bh = (v[bars].astype(np.int64) for v in (x, y, w, h))
    longer = np.maximum(bw[:, None], bw[None, :])
    alike = np.abs(bw[:, None] - bw[None, :]) <= 0.25 * longer
    overlap = np.minimum(bx[:, None] + bw[:, None], bx + bw) - np.maximum(bx[:, None], bx)
    gap = np.maximum(by[:, None], by) - np.minimum(by[:, None] + bh[:, None], by + bh)
    twin = alike & (overlap >= 0.75 * np.minimum(bw[:, None], bw)) & (gap > 0) & (gap <= longer)
    out[bars] = twin.any(axis=1)
    return out


def _median(grey: np.ndarray, mask: np.ndarray) -> float:
    """np.median(grey[mask]) from the masked histogram, without copying the page's pixels
    (a page-wide copy cost 25 ms on every noisy page)."""
    counts = np.cumsum(cv2.calcHist([grey], [0], mask.astype(np.uint8), [256], [0, 256]).ravel())
    n = int(counts[-1])
    low, high = np.searchsorted(counts, [(n - 1) // 2 + 1, n // 2 + 1])
    return (float(low) + float(high)) / 2


def _runs(profile: np.ndarray, min_len: int, max_gap: int) -> list[tuple[int, int]]:
    """Runs of ink in a profile, those at most `max_gap` apart joined, at least `min_len` long."""
    runs: list[tuple[int, int]] = []
    for a, b in ink_runs(profile):
        if runs and a - runs[-1][1] <= max_gap:
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((a, b))
    return [(a, b) for a, b in runs if b - a >= min_len]


def _lines(ink: np.ndarray, x0: int, y0: int, split_gap: float | None = None) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of the text lines in an ink crop whose top-left is (x0, y0); with
    `split_gap`, the free text across a page, parted into boxes at gaps that many line heights
    wide, its bands of two lines parted (`_parted`)."""
    boxes = []
    count = np.count_nonzero(ink, axis=1)
    bands = _runs(count > 0, min_len=int(0.03 * DPI), max_gap=2)
    for a, b in _parted(bands, count) if split_gap is not None else bands:
        cols = ink[a:b].sum(axis=0) > 0
        gap = int((split_gap or 1e9) * (b - a))
        for c, d in _runs(cols, min_len=1, max_gap=gap):
            boxes.append((x0 + c, y0 + a, x0 + d, y0 + b))
    return boxes


# A band of free text this many times the page's usual line height holds two lines or more.
TWO_LINES = 1.6
# Rows whose ink is at most this share of the band's usual row: specks, not text.
SPECK_ROWS = 0.05


def _parted(bands: list[tuple[int, int]], count: np.ndarray) -> list[tuple[int, int]]:
    """Bands of rows the specks of a noisy scan joined, parted again. Across a page's width a few
    specks the cleaning keeps beside glyphs (or a noisy paper's dots) fill every one of the few
    blank rows between two lines, which were then read as one line two lines tall (a wrapped
    cell's second line lost, the text of two rows garbled). In a band much taller than the
    page's usual line, rows that hold a twentieth of its usual row's ink or less are blank."""
    if len(bands) < 3:
        return bands
    usual = float(np.median([b - a for a, b in bands]))
    out: list[tuple[int, int]] = []
    for a, b in bands:
        rows = count[a:b]
        parts = (
            _runs(rows > SPECK_ROWS * float(np.median(rows)), min_len=int(0.03 * DPI), max_gap=2)
            if b - a >= TWO_LINES * usual
            else []
        )
        out += [(a + c, a + d) for c, d in parts] or [(a, b)]
    return out


def _crop(grey: np.ndarray, box: tuple[int, int, int, int], pad: int = 4) -> np.ndarray:
    """The line's image with a margin of paper around it.

    The recogniser drops a glyph that touches the image's edge, most often a stroke-only one
    (一, 二, 工 at either end: "一级指标" read as "级指标"). Half the line's height of paper on
    either side keeps it; the margin is painted in the paper's own shade rather than taken from
    the page, where a cell's rule may be.
    """
    x0, y0, x1, y1 = box
    h, w = grey.shape
    crop = grey[max(0, y0 - pad) : min(h, y1 + pad), max(0, x0 - pad) : min(w, x1 + pad)]
    side = _side(box, pad)
    return cv2.copyMakeBorder(crop, 0, 0, side, side, cv2.BORDER_CONSTANT, value=paper_level(crop))


def _blank_read_again(
    recognizer: LineRecognizer, images: list[np.ndarray], readings: list[LineReading]
) -> list[LineReading]:
    """Lines read as nothing, read again with paper above and below them too (half the line's
    height each way, as `_crop` gives each side): a lone glyph on a wrapped cell's last line ('率'
    under '培训宣传普及合格') cut to its ink makes an image nearly square, which the recogniser
    read as nothing at 0.0 on a sharp scan (printed at 400 dpi) and as '率' at 0.99 with the
    margin. The new reading is kept only where it is sure (READ_FLOOR) and holds a glyph that is
    no mark: a speck stays unread, and so does a faint lone '1', which with the margin reads '-'
    at 0.9 (a 7 pt '1' printed at 400 dpi, read at 200)."""
    blank = [k for k, r in enumerate(readings) if not r.text.strip()]
    if not blank:
        return readings
    again = read_lines(recognizer, [_margined(images[k]) for k in blank])
    out = list(readings)
    for k, reading in zip(blank, again, strict=True):
        if reading.score >= READ_FLOOR and any(c.isalnum() for c in reading.text):
            out[k] = reading
    return out


def _margined(image: np.ndarray) -> np.ndarray:
    """A line's image with half its height of paper above and below it."""
    pad = image.shape[0] // 2
    return cv2.copyMakeBorder(image, pad, pad, 0, 0, cv2.BORDER_CONSTANT, value=paper_level(image))


def _side(box: tuple[int, int, int, int], pad: int) -> int:
    return max(pad, (box[3] - box[1]) // 2)


def _free_line(box: tuple[int, int, int, int], reading: LineReading, page_width: int, pad: int = 4) -> FreeLine:
    """A free line as read, with where `_crop`'s image of it lies on the page."""
    left, right = max(0, box[0] - pad), min(page_width, box[2] + pad)
    side = _side(box, pad)
    return FreeLine(box, reading, left - side, right - left + 2 * side)


def read_scanned_page(
    grey: np.ndarray,
    number: int,
    recognizer: LineRecognizer,
    columns_above: list[float] | None = None,
    run: PageRun | None = None,
    issues: list[Issue] | None = None,
    bilevel: bool = False,
) -> tuple[list[Placed], int, list[str]]:
    """Placed tables and paragraphs of one page, how many prose lines were left unread, and
    warnings (rows that look merged by a rule the scan lost). `columns_above`: the column
    rules of a table the page before ended with; `run`: what the page before tells of a table
    drawn without vertical rules, updated for the next; `issues`: where the note of such a
    table's reading goes."""
    run = PageRun() if run is None else run
    # Despeckling (a 3x3 median that keeps one-pixel strokes) takes out sensor noise and JPEG
    # ringing before the text is looked at: on the noisy sample scans the median lifted indicator
    # rows read exactly from 120 to 125 of 127. Rules come from the page as scanned: the plain
    # median erased a rule one pixel wide, and the rule masks were measured on the raw page.
    scanned, as_scanned = binarize(grey), grey
    horizontal, vertical = rule_masks(scanned)
    grey = despeckle(grey, bilevel)
    height_pt = grey.shape[0] / PT
    rules = cv2.dilate(horizontal | vertical, np.ones((5, 5), np.uint8))
    binary = _clean(binarize(grey), grey, rules)
    ink = cv2.bitwise_and(binary, cv2.bitwise_not(rules))
    grids = scan_grids(horizontal, vertical, ink, columns_above)

    jobs: list[tuple[tuple, tuple[int, int, int, int]]] = []  # (where, box)
    free = ink.copy()
    empty: list[tuple[int, int]] = []  # cells with no line: (grid, cell)
    for gi, grid in enumerate(grids):
        gx0, gy0, gx1, gy1 = (int(v * PT) for v in grid.bbox)
        free[max(0, gy0 - 3) : gy1 + 3, max(0, gx0 - 3) : gx1 + 3] = 0
        for ci, cell in enumerate(grid.cells):
            x0, y0, x1, y1 = (int(v * PT) for v in cell.bbox)
            inner = ink[y0 + 3 : y1 - 2, x0 + 3 : x1 - 2]
            found = _lines(inner, x0 + 3, y0 + 3) if inner.size and int(np.count_nonzero(inner)) >= 12 else []
            for li, box in enumerate(found):  # empty cells cost nothing
                jobs.append((("cell", gi, ci, li), box))
            if not found:
                empty.append((gi, ci))
    probes = len(jobs)  # jobs from here on are lone marks (`_lone_mark`), kept only as signs and
    # read from the page as scanned: despeckling erased the one-pixel strokes they are drawn in
    height = float(np.median([b[3] - b[1] for _, b in jobs])) if jobs else 0.0
    for gi, ci in empty if height else []:
        x0, y0, x1, y1 = (int(v * PT) for v in grids[gi].cells[ci].bbox)
        inner = scanned[y0 + 3 : y1 - 2, x0 + 3 : x1 - 2] & ~rules[y0 + 3 : y1 - 2, x0 + 3 : x1 - 2]
        if (mark := _lone_mark(inner, height)) is not None:
            mx0, my0, mx1, my1 = mark
            jobs.append((("cell", gi, ci, 0), (x0 + 3 + mx0, y0 + 3 + my0, x0 + 3 + mx1, y0 + 3 + my1)))
    probes = range(probes, len(jobs))
    tops = [grid.ys[0] * PT for grid in grids]
    prose: list[tuple[int, int, int, int]] = []
    for pi, box in enumerate(_lines(free, 0, 0, split_gap=3.0)):
        if free_text.worth_reading(box, tops, grey.shape[1]):
            jobs.append((("free", pi), box))
        else:
            prose.append(box)
    blocks = free_text.paragraphs(prose)
    jobs += [(("head", bi), free_text.head(block[0])) for bi, block in enumerate(blocks)]
    images = [_crop(as_scanned if k in probes else grey, box) for k, (_, box) in enumerate(jobs)]
    readings = _blank_read_again(recognizer, images, read_lines(recognizer, images))
    texts = [(r.text, r.score) for r in readings]
    second = read_numbers_again(
        images, [where for where, _ in jobs], texts, recognizer, [r.number_doubt for r in readings]
    )
    opened = [blocks[where[1]] for (where, _), (text, _) in zip(jobs, texts, strict=True)
              if where[0] == "head" and free_text.opens_target(fix_ocr(text))]  # fmt: skip
    target_lines = [box for block in opened for box in block]
    if target_lines:  # the second pass: every line of the target paragraphs
        more = read_lines(recognizer, [_crop(grey, box) for box in target_lines])
        jobs += [(("free", len(jobs) + k), box) for k, box in enumerate(target_lines)]
        readings += more
        texts += [(r.text, r.score) for r in more]
    read_now = set(target_lines)
    skipped = [box for box in prose if box not in read_now]

    cell_lines: dict[tuple[int, int], list[tuple[str, float]]] = {}
    cell_boxes: dict[tuple[int, int], list[tuple[int, int, int, int]]] = {}
    placed: list[Placed] = []
    free_lines: list[FreeLine] = []
    for k, ((where, box), (text, score), reading) in enumerate(zip(jobs, texts, readings, strict=True)):
        if k in probes and fold_width(text.strip()) not in LONE_SIGNS:
            second.pop((where[1], where[2]), None)  # a speck, or a glyph not told: the cell stays empty
            continue
        if where[0] == "cell":  # its confidence the reading's own, doubted by what its ink shows
            cell_lines.setdefault((where[1], where[2]), []).append((text, line_confidence(reading)))
            cell_boxes.setdefault((where[1], where[2]), []).append(box)
        elif where[0] == "free":
            free_lines.append(_free_line(box, reading, grey.shape[1]))
            placed += _paragraph(text, score, box, number, height_pt)
    for key, boxes in cell_boxes.items():
        if sideways.is_stack(boxes) and (turned := sideways.read_turned(grey, boxes, recognizer)):
            cell_lines[key] = [turned]
    for gi, grid in enumerate(grids):
        cells = []
        for ci, gc in enumerate(grid.cells):
            lines = cell_lines.get((gi, ci), [])
            again = second.get((gi, ci))
            confidence = cell_confidence((s for _, s in lines), disputed=again is not None)
            cells.append(
                Cell(
                    row=gc.row, col=gc.col, rowspan=gc.rowspan, colspan=gc.colspan, text=cell_text(lines),
                    page=number, bbox=gc.bbox, confidence=confidence,
                    second_reading=cell_text(again) if again is not None else None,
                )
            )  # fmt: skip
        if any(c.text for c in cells):
            placed.append(
                Placed(Table(cells=cells, pages=[number]), number, grid.ys[0], grid.ys[-1], grid.xs, height_pt)
            )
    if holds_indicator_header(placed):
        run.lineless_columns = None
    else:
        # A table without vertical rules runs on here only if the page before ended with it low
        # on the page (`columns_above`, as `placement.columns_running_on` says): the page after
        # one that ended mid-page is not read whole for it.
        runs_on = run.lineless_columns is not None and columns_above is not None
        page = PageReading(number, height_pt, recognizer, lambda box: _crop(grey, box))
        notes = [] if issues is None else issues
        placed, skipped = _lineless(placed, free_lines, skipped, ink, (horizontal, vertical), page, runs_on, run, notes)
    warnings = [
        f"第 {number} 页表格第 {r + 1} 行有 {n} 个单元格的文字分成相隔较远的上下两段，"
        "可能漏检了一条横线、两行被合成了一行，请核对原件"
        for gi, grid in enumerate(grids)
        for r, n in _merged_rows(grid, {ci: boxes for (g, ci), boxes in cell_boxes.items() if g == gi})
    ]
    return sorted(placed, key=lambda p: p.top), len(skipped), warnings


def _lineless(
    placed: list[Placed],
    free_lines: list[FreeLine],
    skipped: list[tuple[int, int, int, int]],
    ink: np.ndarray,
    masks: tuple[np.ndarray, np.ndarray],
    page: PageReading,
    runs_on: bool,
    run: PageRun,
    issues: list[Issue],
) -> tuple[list[Placed], list[tuple[int, int, int, int]]]:
    """A table drawn without vertical rules, on a page whose grids hold no indicator header: the
    skipped free lines it needs read (`lineless.lines_to_read`; paragraphs too, where no table
    takes them), then the digital page's reading of such a table (`lineless.read_lineless_table`)
    over the free lines and the horizontal rules (`masks`: the rule masks, horizontal and
    vertical). Returns the page's blocks and the lines still unread."""

    def read(boxes: list[tuple[int, int, int, int]]) -> list[FreeLine]:
        found = read_lines(page.recognizer, [page.image_of(box) for box in boxes])
        return [_free_line(box, r, ink.shape[1]) for box, r in zip(boxes, found, strict=True)]

    em = em_of(free_lines, [*(line.box for line in free_lines), *skipped])
    extra, may_hold = lines_to_read(free_lines, skipped, ink, em, runs_on, read, ink.shape[0])
    for line in extra:
        placed = placed + _paragraph(line.reading.text, line.reading.score, line.box, page.number, page.height)
    taken = {line.box for line in extra}
    skipped = [b for b in skipped if b not in taken]
    if may_hold:
        rules = row_rules(*masks, ink)
        placed = read_lineless_table(placed, free_lines + extra, ink, em, rules, page, issues, run)
    return placed, skipped


def _paragraph(text: str, score: float, box: tuple[int, int, int, int], number: int, height: float) -> list[Placed]:
    """A free line read as a paragraph, unless it is empty, a doubtful speck, or a page number in
    the top or bottom margin (`height`: the page's, in points)."""
    text = text.strip()
    if not text or (score < 0.6 and len(text) <= 2):
        return []
    top, bottom = box[1] / PT, box[3] / PT
    margin = bottom < 0.09 * height or top > 0.91 * height
    if margin and _FURNITURE.match(text):
        return []
    span = (box[0] / PT, box[2] / PT)
    return [Placed(Paragraph(text=text, page=number), number, top, bottom, span=span)]


# What a lone mark in a cell is kept as: a comparison sign an operator column prints by itself
# ('≥' in a 北京 form's 指标性质 column), read by the recogniser or told by its shape.
LONE_SIGNS = frozenset({"≥", "≤", ">", "<", "="})


def _lone_mark(ink: np.ndarray, height: float) -> tuple[int, int, int, int] | None:
    """The box (x0, y0, x1, y1) of the one glyph-sized mark in a cell's ink as scanned (before
    despeckling and dust removal), where the cleaned ink found no line: a lone '≤' of one-pixel
    strokes breaks into specks that pass for dust, and an '=' of a small face stands shorter
    than a line. `height`: the page's line height. The mark is all the cell's ink, 0.3 to 1.3
    line heights tall and at most 1.5 wide; ink scattered wider is dust or a rule's remnant."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    parts = [stats[i] for i in range(1, n) if stats[i][cv2.CC_STAT_AREA] >= 2]
    if not parts or sum(int(p[cv2.CC_STAT_AREA]) for p in parts) < 6:
        return None
    x0 = min(int(p[0]) for p in parts)
    y0 = min(int(p[1]) for p in parts)
    x1 = max(int(p[0] + p[2]) for p in parts)
    y1 = max(int(p[1] + p[3]) for p in parts)
    if not (0.3 * height <= y1 - y0 <= 1.3 * height and x1 - x0 <= 1.5 * height):
        return None
    return x0, y0, x1, y1


def _merged_rows(grid: Grid, boxes: dict[int, list[tuple[int, int, int, int]]]) -> list[tuple[int, int]]:
    """Grid rows where two or more one-row cells hold text in two bands with a gap between them,
    and the gaps share a height (where the lost rule ran): wrapped lines sit a fifth of a line
    apart, the text of two rows that a lost rule joined sits most of a line apart (the padding of
    both rows). The gaps, not their middles, are compared: above the lost rule one cell may hold
    a wrapped paragraph and its neighbour one line."""
    gaps: dict[int, list[tuple[int, int]]] = {}
    for ci, cell_boxes in boxes.items():
        cell = grid.cells[ci]
        if cell.rowspan != 1 or len(cell_boxes) < 2:
            continue
        ordered = sorted(cell_boxes, key=lambda b: b[1])
        height = float(np.median([b[3] - b[1] for b in ordered]))
        for a, b in itertools.pairwise(ordered):
            if b[1] - a[3] > WRAPPED_GAP * height:
                gaps.setdefault(cell.row, []).append((a[3], b[1]))
    out = []
    for row, spans in gaps.items():
        together = max(sum(1 for lo, hi in spans if lo <= start < hi) for start, _ in spans)
        if together >= 2:
            out.append((row, together))
    return sorted(out)
