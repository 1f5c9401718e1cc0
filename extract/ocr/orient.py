"""A scanned page turned upright: fed sideways or upside down (90/180/270°), then skewed by up to
about 6°. Three cheap tests, each answering one question:

- Which way do the text lines run? Closing the ink along a direction shorter than the gap
  between lines but longer than the gap between characters joins each line into one long blob
  along the text direction only (Chinese characters sit closer within a line than lines do).
  A page the blobs call sideways is turned only if its text reads better turned (`reads_turned`).
- How far is the page turned? The angle at which the row profile of the ink is sharpest
  (rules and lines of text make peaks), searched coarse then fine on a small image, then the
  rules' own slope (`raster.skew_angle`) for the last tenth of a degree.
- Is it upside down? The recogniser reads a few text lines as they are and turned over; text
  upside down reads with a much lower score.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from extract.ocr.engine import LineRecognizer
from extract.ocr.raster import DPI, binarize, skew_angle

_GAP = int(0.025 * DPI)  # 5 px at 200 dpi: wider than a gap between glyphs, narrower than between lines
_CHAR = (int(0.05 * DPI), int(0.2 * DPI))  # a line's height: 10-40 px at 200 dpi
MAX_SKEW = 6.0


def _text_blobs(binary: np.ndarray, along_x: bool) -> list[tuple[int, int, int, int]]:
    """Boxes of ink closed along one axis that look like text lines running along it."""
    kernel = (_GAP, 1) if along_x else (1, _GAP)
    closed = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
    n, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    out = []
    for x, y, w, h, _ in stats[1:n]:
        length, thick = (w, h) if along_x else (h, w)
        if _CHAR[0] <= thick <= _CHAR[1] and length >= 3 * thick:
            out.append((int(x), int(y), int(w), int(h)))
    return out


def _without_rules(binary: np.ndarray) -> np.ndarray:
    long = int(0.3 * DPI)
    rules = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long, 1)))
    rules |= cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long)))
    return cv2.bitwise_and(binary, cv2.bitwise_not(cv2.dilate(rules, np.ones((3, 3), np.uint8))))


def text_runs_vertically(binary: np.ndarray) -> bool:
    """True when the page's text lines run top to bottom (the page was fed turned by 90°)."""
    ink = _without_rules(binary)
    across, down = len(_text_blobs(ink, True)), len(_text_blobs(ink, False))
    return down > 2 * max(across, 3)


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


def _sample_lines(grey: np.ndarray, binary: np.ndarray, most: int = 6) -> list[np.ndarray]:
    """Crops of the widest text lines of the page, for the upside-down test."""
    blobs = sorted(_text_blobs(_without_rules(binary), True), key=lambda b: -b[2])[:most]
    h, w = grey.shape
    return [grey[max(0, y - 4) : min(h, y + bh + 4), max(0, x - 4) : min(w, x + bw + 4)] for x, y, bw, bh in blobs]


def upside_down(grey: np.ndarray, binary: np.ndarray, recognizer: LineRecognizer) -> bool:
    lines = _sample_lines(grey, binary)
    if not lines:
        return False
    upright = recognizer.recognize(lines)
    score = float(np.mean([s for _, s in upright]))
    if score >= 0.9:  # text reads well as it is: no need to try it turned over
        return False
    turned = recognizer.recognize([np.ascontiguousarray(line[::-1, ::-1]) for line in lines])
    return float(np.mean([s for _, s in turned])) > score + 0.1


def _mean_score(recognizer: LineRecognizer, lines: list[np.ndarray]) -> float:
    return float(np.mean([s for _, s in recognizer.recognize(lines)])) if lines else 0.0


def reads_turned(grey: np.ndarray, binary: np.ndarray, recognizer: LineRecognizer) -> bool:
    """Whether the page's text reads better turned by a quarter (either way) than as it is.

    The shape test (`text_runs_vertically`) counts blobs of ink, and narrow columns whose labels
    wrap a glyph or two a line stack into blobs that run down an upright page; the recogniser
    settles it: text as it is reads with a high score, a sideways line's glyphs with a low one.
    A page with no line across to read is taken as the shape test says."""
    as_is = _sample_lines(grey, binary, most=4)
    if not as_is:
        return True
    score = _mean_score(recognizer, as_is)
    if score >= 0.9:  # reads well as it is: upright (or upside down, settled later)
        return False
    turned = _sample_lines(np.ascontiguousarray(np.rot90(grey)), np.ascontiguousarray(np.rot90(binary)), most=4)
    flipped = [np.ascontiguousarray(line[::-1, ::-1]) for line in turned]
    return max(_mean_score(recognizer, turned), _mean_score(recognizer, flipped)) > score + 0.1


def upright(grey: np.ndarray, recognizer: LineRecognizer) -> tuple[np.ndarray, int, float]:
    """The page upright and level; the quarter turns (counter-clockwise) and degrees it took."""
    binary = binarize(grey)
    turns = 0
    if text_runs_vertically(binary) and reads_turned(grey, binary, recognizer):
        grey, binary, turns = np.ascontiguousarray(np.rot90(grey)), np.ascontiguousarray(np.rot90(binary)), 1
    angle = coarse_skew(binary)
    if abs(angle) >= 0.25:
        grey = _turn(grey, angle)
        binary = binarize(grey)
    residual = skew_angle(binary)
    if abs(residual) >= 0.05:
        grey = _turn(grey, residual)
        binary = binarize(grey)
    angle += residual
    if upside_down(grey, binary, recognizer):
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
