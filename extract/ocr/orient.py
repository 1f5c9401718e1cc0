"""A scanned page turned upright: fed sideways or upside down (90/180/270°), then skewed by up to
about 6°. Three tests, each answering one question:

- Which way does the text read? A few of the page's widest lines across it, and as many lines
  running down it turned a quarter, are read by the recogniser, and upside down as needed; the
  direction whose lines read as words wins (`quarter_turns_by_reading`). The shape of the ink
  does not decide it: narrow columns whose labels wrap a glyph a line stack into blobs running
  down an upright page, and a line read turned can score high on a glyph or two ('C' at 0.91).
- How far is the page turned? The angle at which the row profile of the ink is sharpest
  (rules and lines of text make peaks), searched coarse then fine on a small image, then the
  rules' own slope (`raster.skew_angle`) for the last tenth of a degree.
- Is it upside down, on a page too short of text for the first test to settle? The recogniser
  reads a few text lines as they are and turned over; text upside down reads with a much lower
  score.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from extract.ocr.engine import LineRecognizer
from extract.ocr.raster import DPI, binarize, skew_angle
from extract.ocr.words import worded

MAX_SKEW = 6.0

# Lines sampled to read, found on the page at half its resolution (a quarter of the pixels to
# close and label; the crops are cut from the page itself): body text to titles (0.05-0.3 in
# thick; a 16 pt letter's line is 0.22 in), their glyphs joined across gaps of up to 0.06 in (a
# form set with spaced glyphs leaves 0.05 in between them). Closing along the line never joins
# one line to the next; a column's glyphs, a glyph a line, join across a gap as narrow, which is
# why the lines are read, not counted.
_HALF = DPI // 2
_READ_GAP = int(0.06 * _HALF)
_READ_THICK = (int(0.05 * _HALF), int(0.3 * _HALF))
_READ_GLYPHS = 12  # a line is read from its start, at most this many times its height: the cost bounded
_SPECK = int(0.0008 * _HALF * _HALF)  # 0.04 in square: dust and noise, no stroke of a glyph (page._clean's)
READ_LINES = 4  # lines read each way
READ_FLOOR = 0.8  # a line read below this score counts as not read
# A direction is taken when its lines read at least this many ideographs inside dictionary words,
# and twice as many as any other direction's. Measured on 280 pages (generated forms under eleven
# scan conditions, the real documents printed at 96-200 dpi, the sample scans), each turned four
# ways: four lines of text read 21-55 such ideographs in the page's own direction, 5-8 on a page
# of a few short cells (left to `upside_down`); in a wrong direction at most 10 (a column's
# glyphs read across when turned, labels printed a glyph a line: '年度绩效指标'), and never more
# than a third of the right direction's (3.8 times fewer at the closest).
SURE_WORDED = 8
# Lines across the page reading this many ideographs in words settle it upright at once: twice the
# most a wrong direction read in the measurement above (10), so no other direction could have
# read half as many; the lines down the page and the turned-over ones are then not read.
SURE_AT_ONCE = 2 * 10 + 1


def _without_rules(binary: np.ndarray, dpi: int) -> np.ndarray:
    long = int(0.3 * dpi)
    rules = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long, 1)))
    rules |= cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long)))
    return cv2.bitwise_and(binary, cv2.bitwise_not(cv2.dilate(rules, np.ones((3, 3), np.uint8))))


def _without_specks(ink: np.ndarray) -> np.ndarray:
    """Ink without specks: closed across `_READ_GAP`, a noisy scan's specks join into blobs as
    long as lines, which read as nothing and crowd out the lines that read."""
    _n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= _SPECK
    keep[0] = False
    return (keep[labels] * 255).astype(np.uint8)


def text_ink(binary: np.ndarray) -> np.ndarray:
    """The page's ink at half its resolution (a pixel of ink wherever the page has any), without
    its rules and specks: what its text lines are found in (`reading_lines`)."""
    h, w = binary.shape
    small = cv2.resize(binary, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    return _without_specks(_without_rules(np.where(small > 0, 255, 0).astype(np.uint8), _HALF))


def reading_lines(grey: np.ndarray, ink: np.ndarray, most: int = READ_LINES) -> list[np.ndarray]:
    """Crops of the page's widest text lines running across it, each cut to _READ_GLYPHS times
    its height. `ink`: the page's `text_ink`."""
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (_READ_GAP, 1)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    boxes = [
        (x, y, w, h) for x, y, w, h, _ in stats[1:n].tolist() if _READ_THICK[0] <= h <= _READ_THICK[1] and w >= 3 * h
    ]
    page_h, page_w = grey.shape
    crops = []
    for x, y, w, h in sorted(boxes, key=lambda b: -b[2])[:most]:
        w = min(w, _READ_GLYPHS * h)
        top, left = max(0, 2 * y - 4), max(0, 2 * x - 4)
        crops.append(grey[top : min(page_h, 2 * (y + h) + 4), left : min(page_w, 2 * (x + w) + 4)])
    return crops


def _over(lines: list[np.ndarray]) -> list[np.ndarray]:
    return [np.ascontiguousarray(line[::-1, ::-1]) for line in lines]


def worded_ideographs(recognizer: LineRecognizer, lines: list[np.ndarray]) -> int:
    """How many ideographs the lines read as inside dictionary words, in lines read at
    READ_FLOOR or above. Not the score: a line read turned is read as nothing or a glyph or two,
    at any score ('C' at 0.91). Not characters: digits and signs read as well upside down ('≥90%'
    as '%06≤' at 0.94). Not ideographs alone: a column's glyphs, joined across into a line when
    the page is turned a quarter, read as ideographs at 0.99 (the recogniser reads vertical text
    turned that way), but one a line of text, they make no words ('时展场业要作底支势')."""
    return sum(worded(text) for text, score in recognizer.recognize(lines) if score >= READ_FLOOR)


def quarter_turns_by_reading(grey: np.ndarray, binary: np.ndarray, recognizer: LineRecognizer) -> int | None:
    """Counter-clockwise quarter turns (0-3) after which the page's text reads as words, or None
    when no direction reads SURE_WORDED ideographs in words and twice as many as any other (a
    blank page, or one of a few short cells).

    The page's widest lines across it are read (direction 0), and its widest lines down it,
    turned a quarter counter-clockwise (1), unless the lines across already read SURE_AT_ONCE
    ideographs in words. The direction that read worse is read upside down too: a page fed
    turned the other way reads as nothing in 1 and as its columns' glyphs in 0, its text being
    in 3. The last direction is read only when that does not settle it."""
    ink = text_ink(binary)
    lines = {0: reading_lines(grey, ink)}
    read = {0: worded_ideographs(recognizer, lines[0])}
    if read[0] >= SURE_AT_ONCE:
        return 0
    lines[1] = reading_lines(np.ascontiguousarray(np.rot90(grey)), np.ascontiguousarray(np.rot90(ink)))
    read[1] = worded_ideographs(recognizer, lines[1])
    worse = min(read, key=lambda k: read[k])
    for k in (worse, 1 - worse):
        read[k + 2] = worded_ideographs(recognizer, _over(lines[k]))
        if (turns := _clear_winner(read)) is not None:
            return turns
    return None


def _clear_winner(read: dict[int, int]) -> int | None:
    best = max(read, key=lambda k: read[k])
    rest = max((v for k, v in read.items() if k != best), default=0)
    return best if read[best] >= SURE_WORDED and read[best] >= 2 * rest else None


def _sharpness(small: np.ndarray, angle: float) -> float:
    h, w = small.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    profile = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST).sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(profile)).sum())


def coarse_skew(binary: np.ndarray) -> float:
    """Degrees to turn the page by (counter-clockwise, as cv2 counts) for the sharpest row profile."""
    small = cv2.resize(binary, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=lambda a: _sharpness(small, a))
    fine = np.arange(best - 0.4, best + 0.41, 0.1)
    return float(max(fine, key=lambda a: _sharpness(small, a)))


def _turn(grey: np.ndarray, angle: float) -> np.ndarray:
    h, w = grey.shape
    # Grow the canvas so a turned page keeps its corners.
    rad = math.radians(abs(angle))
    nw, nh = int(w * math.cos(rad) + h * math.sin(rad)), int(h * math.cos(rad) + w * math.sin(rad))
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    m[0, 2] += (nw - w) / 2
    m[1, 2] += (nh - h) / 2
    return cv2.warpAffine(grey, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=255)


def upside_down(grey: np.ndarray, binary: np.ndarray, recognizer: LineRecognizer) -> bool:
    """Whether a few lines read better turned over than as they are (mean score)."""
    lines = reading_lines(grey, text_ink(binary), most=6)
    if not lines:
        return False
    score = float(np.mean([s for _, s in recognizer.recognize(lines)]))
    if score >= 0.9:  # text reads well as it is: no need to try it turned over
        return False
    return float(np.mean([s for _, s in recognizer.recognize(_over(lines))])) > score + 0.1


def upright(grey: np.ndarray, recognizer: LineRecognizer) -> tuple[np.ndarray, int, float]:
    """The page upright and level; the quarter turns (counter-clockwise) and degrees it took.

    The direction is the one its text reads in (`quarter_turns_by_reading`). A page no direction
    reads clearly in is kept as it is, levelled, and then tried upside down (`upside_down`)."""
    binary = binarize(grey)
    turns = quarter_turns_by_reading(grey, binary, recognizer)
    settled = turns is not None
    if turns:
        grey = np.ascontiguousarray(np.rot90(grey, turns))
        binary = np.ascontiguousarray(np.rot90(binary, turns))
    angle = coarse_skew(binary)
    if abs(angle) >= 0.25:
        grey = _turn(grey, angle)
        binary = binarize(grey)
    residual = skew_angle(binary)
    if abs(residual) >= 0.05:
        grey = _turn(grey, residual)
        binary = binarize(grey)
    angle += residual
    turns = turns or 0
    if not settled and upside_down(grey, binary, recognizer):
        grey, turns = np.ascontiguousarray(grey[::-1, ::-1]), turns + 2
    return grey, turns % 4, angle if abs(angle) >= 0.05 else 0.0


A4_SHORT_INCHES = 8.27


def find_sheet(grey: np.ndarray) -> np.ndarray | None:
    """Corners (tl, tr, br, bl) of a sheet of paper photographed on a darker ground, or None when
    the image is the sheet itself (a scanner's page: no ground shows around it)."""
    scale = 800 / max(grey.shape)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, mask = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    sheet = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(sheet) / (small.shape[0] * small.shape[1])
    if not 0.25 <= area <= 0.93:
        return None  # no ground around the sheet, or no sheet
    # The ground must show all round the sheet: a shadow across a scanned page also splits it
    # into bright and dark, but the page then reaches the image's edges.
    edge = np.concatenate([mask[0], mask[-1], mask[:, 0], mask[:, -1]])
    if np.count_nonzero(edge) > 0.1 * edge.size:
        return None
    poly = cv2.approxPolyDP(sheet, 0.02 * cv2.arcLength(sheet, True), True)
    quad = _four_sides(poly.reshape(-1, 2).astype(np.float64))
    if quad is None or not cv2.isContourConvex(quad.astype(np.float32).reshape(-1, 1, 2)):
        return None
    pts = quad.astype(np.float32) / scale
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.float32([pts[s.argmin()], pts[d.argmin()], pts[s.argmax()], pts[d.argmax()]])


def _four_sides(poly: np.ndarray) -> np.ndarray | None:
    """The sheet's corners from its outline: where its four longest sides meet.

    A corner in the lamp's shadow falls below the threshold and is cut off, which leaves a
    short fifth side; the four long sides still run where the sheet's edges are.
    """
    n = len(poly)
    if n < 4:
        return None
    sides = [(poly[i], poly[(i + 1) % n]) for i in range(n)]
    lengths = [float(np.linalg.norm(b - a)) for a, b in sides]
    longest = sorted(sorted(range(n), key=lambda i: -lengths[i])[:4])
    if sum(lengths[i] for i in longest) < 0.85 * sum(lengths):
        return None  # not a four-sided outline
    corners = [_meet(sides[a], sides[b]) for a, b in zip(longest, longest[1:] + longest[:1], strict=True)]
    return None if any(c is None for c in corners) else np.array(corners)


def _meet(p: tuple[np.ndarray, np.ndarray], q: tuple[np.ndarray, np.ndarray]) -> np.ndarray | None:
    """Where the lines through two sides cross (None for parallel sides)."""
    (a, b), (c, d) = p, q
    r, s = b - a, d - c
    cross = r[0] * s[1] - r[1] * s[0]
    if abs(cross) < 1e-9:
        return None
    t = ((c - a)[0] * s[1] - (c - a)[1] * s[0]) / cross
    return a + t * r


def flatten_sheet(grey: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The photographed sheet as a flat page at DPI (its short side taken as A4's)."""
    tl, tr, br, bl = corners
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    f = A4_SHORT_INCHES * DPI / min(width, height)
    w, h = int(width * f), int(height * f)
    target = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    matrix = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
