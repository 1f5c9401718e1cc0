"""Comparison signs told by their shape: '≥', '≤', '>', '<' and '=' as a line's first glyph or
alone in a cell, where the recogniser read something else or nothing.

Song and FangSong faces (SimSun, FangSong_GB2312, 方正书宋, Noto Serif CJK) draw '≥' as '⩾': the
bar slanted along the lower arm, thin, set close to it. The recogniser reads it as '>', '》',
'2', 'W' or drops it ('≥1000' read '1000'); a lone one in an operator column breaks into specks
that pass for dust. What is measured here is the glyph's own geometry, in fractions of its
height, so the same tests hold at 150 dpi and at 400:

- a chevron opening to the left ('>' family): the top edge falls in a straight line from the
  top-left corner to a point at the right (`_falls_straight`), the left edge holds the arms'
  two ends with paper between them at mid-height, the right edge only the point;
- '≥' against '>': the ink below the point against the ink above it. A '>' is symmetric (about
  1); a '≥' carries its bar below (about 2), level or slanted, apart or run into the lower arm;
- '=': two level bars of one length, one over the other.

A shape that passes the chevron's tests but whose ink below the point is between the two is
`AMBIGUOUS`: the caller flags it and writes nothing in. A digit fails the chevron: '2', '3',
'5', '7' and '9' have their top across the middle or at the right, '1' and '4' a stem,
'0', '6' and '8' ink at mid-height on the left.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extract.ocr.engine import LineRecognizer
from extract.ocr.orient import READ_FLOOR
from extract.ocr.raster import ink_runs
from normalizers.text import fold_width

AMBIGUOUS = "?"

# Ink below a chevron's point against the ink above it (each arm's stroke counted where it
# lies): a '>' is symmetric (1.0 as drawn; 0.87-1.16 measured at 200 and 300 dpi), a '≥' carries
# its bar below (1.48-2.9 measured, SimSun, FangSong, 方正书宋, Times and Noto faces, the bar apart
# or run into the arm). Between the two the shape is not told.
STRICT_MOST = 1.25
WITH_BAR_LEAST = 1.45


@dataclass(frozen=True)
class Glyph:
    """A glyph's ink (True where inked) and its grey image, both cut to its box."""

    ink: np.ndarray
    grey: np.ndarray


# How much darker than the paper a pixel must be to be ink, as a share of the ink's contrast: a
# thin stroke at 200 dpi is grey (its core 0.4-0.6 of the contrast from a thick digit's black;
# the slanted bar of a '⩾' printed at 300 dpi and scanned at 200, 0.3-0.5). Noise and a JPEG's
# ringing stay within 0.15.
INK_SHARE = 0.3


def ink_of(grey: np.ndarray) -> np.ndarray:
    """Ink of a small grey image: darker than the paper by INK_SHARE of the contrast between the
    paper and its darkest ink, so a thin stroke a soft print left grey is kept."""
    paper = float(np.percentile(grey, 90))
    dark = float(grey.min())
    if paper - dark < 40:  # no ink at all: paper and noise
        return np.zeros(grey.shape, bool)
    return grey < paper - INK_SHARE * (paper - dark)


def _faint_ink(grey: np.ndarray) -> np.ndarray:
    """Ink down to half INK_SHARE of the contrast: the steps of a one-pixel arm at a shallow
    slope, some of which fall short of the ink threshold, join up again (for tracing an edge,
    not for weighing ink)."""
    paper = float(np.percentile(grey, 90))
    return grey < paper - INK_SHARE / 2 * (paper - float(grey.min()))


def _rows_of(column: np.ndarray) -> list[tuple[int, int]]:
    return ink_runs(column)


def _falls_straight(ink: np.ndarray, point: int) -> bool:
    """Whether the glyph's top edge falls in a straight line from its top-left corner towards
    the point at its right edge (`point`: the point's top row): the upper arm of a '>' (or
    '≥'). Over the left four fifths of the columns the top ink row is fitted with a line
    (Theil-Sen: the lower arm's tip, which in a '⩾' may stand a column left of the upper arm's
    start, does not tilt it); the line must start in the top sixth and fall by half the point's
    depth or more, and four columns in five must stay within a tenth of the height of it (a
    pixel at least: a stroke's step). An arch ('2', '3'), a level bar ('7', '5') or a rising
    edge ('4') fails."""
    h, w = ink.shape
    span = max(3, round(0.8 * w))
    inked = ink[:, :span].any(axis=0)
    cols = np.flatnonzero(inked)
    if len(cols) < 3:
        return False
    tops = ink[:, cols].argmax(axis=0).astype(float)
    i, j = np.triu_indices(len(cols), 1)
    slope = float(np.median((tops[j] - tops[i]) / (cols[j] - cols[i])))
    start = float(np.median(tops - slope * cols))
    near = np.abs(tops - (slope * cols + start)) <= max(1.0, 0.1 * h)
    return slope * (span - 1) >= 0.5 * point and start <= h / 6 and near.mean() >= 0.8


def _open_left(ink: np.ndarray) -> bool:
    """The left edge (its first columns, a sixth of the width) holds the two arms' ends, one in
    the top quarter and one in the lower half, with paper between them over 0.4 of the height
    or more: the mouth of a '>' (0.47-0.9 measured on '≥', '≤' and '<' of five faces at 200 and
    300 dpi). A '0', '6', '8' or '9' has its side there, a '1' or a '4' a stem, an ideograph
    ('次') strokes closer together."""
    h, w = ink.shape
    edge = ink[:, : max(1, round(w / 6))].any(axis=1)
    runs = _rows_of(edge)
    if len(runs) < 2:
        return False
    first, last = runs[0], runs[-1]
    return first[0] <= 0.25 * h and last[0] >= 0.5 * h and last[0] - first[1] >= 0.4 * h


def _pointed_right(ink: np.ndarray) -> tuple[int, int] | None:
    """The point's rows where the right edge (its last columns, a sixth of the width) holds ink
    first below the top fifth, in a run of at most half the height: the vertex of the two
    arms, (first, past the last). A '≥' drawn with a level bar (Times) ends its bar there too,
    below the point: only the topmost run is the point; a '⩾' whose bar ran into its lower arm
    (FangSong at 200 dpi) runs on below it. A '2', '3', '5', '7' or '9' is inked at its top
    right, a ')' runs down its whole right side."""
    h, w = ink.shape
    edge = ink[:, w - max(1, round(w / 6)) :].any(axis=1)
    runs = _rows_of(edge)
    if not runs:
        return None
    top, bottom = runs[0]
    if top < 0.2 * h or bottom - top > 0.5 * h or top > 0.7 * h:
        return None
    return top, bottom


def _below_over_above(grey: np.ndarray, ink: np.ndarray, point: tuple[int, int]) -> float:
    """The ink's darkness below the point's middle row against above it: a '>' about 1, a '≥'
    (its bar below) about 2. Darkness, not pixel counts: the grey of a bar run into the arm
    counts for what it holds."""
    paper = float(np.percentile(grey, 90))
    dark = np.where(ink | (grey < paper - 8), paper - grey.astype(np.float32), 0.0)
    middle = (point[0] + point[1] - 1) / 2
    rows = np.arange(grey.shape[0])
    above = float(dark[rows < middle].sum())
    below = float(dark[rows > middle].sum())
    return below / max(above, 1e-6)


def _strokes_only(ink: np.ndarray) -> bool:
    """A chevron's strokes and nothing else: no column left of the point (the right edge's
    sixth) holds a run of ink more than 0.6 of the glyph's height (an ideograph's or a digit's
    stem; a '⩾' whose bar ran into its lower arm runs 0.55 at most there), and the middle
    column crosses two strokes or three (the arms, and a '≥''s bar where it stands apart)."""
    h, w = ink.shape
    left = w - max(1, round(w / 6))
    longest = max((b - a for c in range(left) for a, b in _rows_of(ink[:, c])), default=0)
    return longest <= 0.6 * h and 2 <= len(_rows_of(ink[:, w // 2])) <= 3


def chevron(glyph: Glyph) -> str | None:
    """'>' or '≥' for a glyph opening to the left (its point at the right), AMBIGUOUS where the
    ink below the point is between a '>''s and a '≥''s, None for anything else."""
    ink = glyph.ink
    h, w = ink.shape
    if h < 6 or w < max(4, 0.45 * h) or w > 1.3 * h:
        return None
    if not _strokes_only(ink):
        return None
    point = _pointed_right(ink)
    if point is None or not (_falls_straight(_faint_ink(glyph.grey), point[0]) and _open_left(ink)):
        return None
    ratio = _below_over_above(glyph.grey, ink, point)
    if ratio <= STRICT_MOST:
        return ">"
    if ratio >= WITH_BAR_LEAST:
        return "≥"
    return AMBIGUOUS


_MIRRORED = {">": "<", "≥": "≤", AMBIGUOUS: AMBIGUOUS}


def two_bars(glyph: Glyph) -> bool:
    """An '=': at most 0.8 as tall as wide, and down its middle (the mean of its columns but the
    outermost tenths) two dark bands with a lighter one between them, each inked across three
    quarters of the glyph's width or more, their lengths within 0.15 of the width of each
    other (two level bars of one length). The light band is
    lighter than the bars by a quarter of the contrast at least: at 200 dpi the two bars of a
    small '＝' stand two pixels apart and the gap between them is grey, not paper. Off the
    bars the middle columns hold no dark ink. A '二' has bars of two lengths; a '-' or a '—' is
    one band."""
    grey = glyph.grey.astype(np.float32)
    h, w = grey.shape
    if w < 4 or h < 3 or h > 0.8 * w:
        return False
    middle = grey[:, int(0.1 * w) : max(int(np.ceil(0.9 * w)), int(0.1 * w) + 1)]
    profile = middle.mean(axis=1)
    paper, dark = float(max(profile.max(), np.percentile(glyph.grey, 90))), float(profile.min())
    if paper - dark < 40:
        return False
    inked = profile < paper - 0.5 * (paper - dark)
    bands = _rows_of(inked)
    if len(bands) != 2:
        return False
    (a0, a1), (b0, b1) = bands
    between = float(profile[a1:b0].max())
    if between < max(float(profile[a0:a1].min()), float(profile[b0:b1].min())) + 0.25 * (paper - dark):
        return False
    dark_in = middle < paper - 0.5 * (paper - dark)
    if dark_in[:a0].any() or dark_in[a1:b0].any() or dark_in[b1:].any():
        return False  # ink off the bars: strokes of two glyphs run together ('600')
    top, bottom = ((grey[a:b].min(axis=0) < paper - 0.5 * (paper - dark)).sum() for a, b in bands)
    return bool(min(top, bottom) >= 0.75 * w and abs(int(top) - int(bottom)) <= 0.15 * w)


def sign_of(glyph: Glyph) -> str | None:
    """The comparison sign a glyph is drawn as ('≥', '≤', '>', '<', '='), AMBIGUOUS where it is
    a '≥'- or '≤'-like chevron told from neither a strict nor a non-strict one, None where it is
    no sign (a digit, a letter, an ideograph, a speck)."""
    if two_bars(glyph):
        return "="
    right = chevron(glyph)
    if right is not None:
        return right
    left = chevron(Glyph(glyph.ink[:, ::-1], glyph.grey[:, ::-1]))
    return _MIRRORED[left] if left is not None else None


def glyph_columns(ink: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The line's glyphs as boxes (x0, y0, x1, y1) of ink components overlapping in x, left to
    right (a '≥''s chevron and bar are one; so are a '%''s rings and stroke). A rule's remnant
    is left out: a component longer than one and a half of the line's tallest component and
    thinner than a quarter of it (an underline, the edge of a cell's rule in the line's margin)."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    found = [tuple(int(v) for v in stats[i][:4]) for i in range(1, n) if stats[i][cv2.CC_STAT_AREA] >= 2]
    if not found:
        return []
    tallest = max(h for *_, h in found)
    boxes = sorted((b for b in found if not (b[2] > 1.5 * tallest and b[3] < 0.25 * tallest)), key=lambda b: b[0])
    spans: list[list[int]] = []
    for x, y, w, h in boxes:
        if spans and x < spans[-1][2]:
            s = spans[-1]
            s[1], s[2], s[3] = min(s[1], y), max(s[2], x + w), max(s[3], y + h)
        else:
            spans.append([x, y, x + w, y + h])
    return [(a, b, c, d) for a, b, c, d in spans]


def lead_glyph(grey: np.ndarray) -> tuple[Glyph, tuple[int, int, int, int], float] | None:
    """A line image's first glyph, its box in the image (x0, y0, x1, y1) and the line's glyph
    height (the median height of its glyphs at least half as tall as the tallest: digits and
    ideographs, not points and commas). Specks (less than a tenth of the glyph height either
    way) are passed over. None where the line holds no glyph."""
    ink = ink_of(grey)
    boxes = glyph_columns(ink)
    if not boxes:
        return None
    tallest = max(b[3] - b[1] for b in boxes)
    height = float(np.median([b[3] - b[1] for b in boxes if b[3] - b[1] >= 0.5 * tallest]))
    boxes = [b for b in boxes if max(b[2] - b[0], b[3] - b[1]) >= max(2.0, 0.2 * height)]
    if not boxes:
        return None
    x0, y0, x1, y1 = boxes[0]
    return Glyph(ink[y0:y1, x0:x1], grey[y0:y1, x0:x1]), boxes[0], height


# What a recogniser makes of a comparison sign it does not read as one: a '⩾' read as the
# book-title bracket, a 'W' or an 'M' (the slanted bar a third stroke), a '2', a '>' (the bar
# missed), a '＝' as a corner bracket; or nothing at all.
SIGN_MISREADS = frozenset("2>V<=ZWMwm》《〉〈»«』『")
# A line's first glyph is weighed as a sign only when it is glyph-sized: as tall as 0.4 of the
# line's glyphs at least (a point, a comma, a speck is not) and 1.2 at most (two lines run
# together, an ideograph with a tail).
SIGN_HEIGHT = (0.4, 1.2)


@dataclass(frozen=True)
class SignSeen:
    """What a line's first glyph shows against its reading: `reading`, the line as it should be
    read; `sure`, whether it is written in (else it is the second reading only)."""

    reading: str
    sure: bool


def _sign_candidate(grey: np.ndarray, text: str, score: float = 1.0) -> tuple[str, tuple[int, int, int, int]] | None:
    """The sign the line's first glyph is drawn as and the glyph's box, where the reading does
    not start with that sign and starts with a digit, a misread of a sign or nothing, or is one
    glyph the recogniser is unsure of (below READ_FLOOR: a lone '≤' of one-pixel strokes read
    'K' at 0.27; its misreadings are many, the shape test is strict)."""
    folded = fold_width(text.strip())
    unsure = len(folded) == 1 and score < READ_FLOOR
    if folded and not (folded[0].isdigit() or folded[0] in SIGN_MISREADS or folded[0] in "≥≤" or unsure):
        return None
    found = lead_glyph(grey)
    if found is None:
        return None
    glyph, box, height = found
    if not SIGN_HEIGHT[0] * height <= glyph.ink.shape[0] <= SIGN_HEIGHT[1] * height:
        return None
    sign = sign_of(glyph)
    if sign is None or (folded and folded[0] == sign):
        return None
    return sign, box


def signs_unread(
    images: list[np.ndarray], texts: list[tuple[str, float]], lines: list[int], recognizer: LineRecognizer
) -> dict[int, SignSeen]:
    """Lines (of `lines`) whose first glyph is a comparison sign the reading does not have.

    Read as a misread of a sign ('》', 'W', '>' for a '≥' whose bar was missed) or as nothing
    at all (a lone sign), the reading's first character is the sign: written in. Read with a
    digit first, the line is read again with the glyph painted over: reading the same, the sign
    was dropped ('≥1000' read '1000') and is written in before it; reading without the first
    character, the sign was read as that digit ('≥20' read '220') and is written in for it;
    anything else, the sign is the second reading only. A reading with '≥' where the glyph
    shows a '>' (or the other way round with '≤', '<' read) is not overruled: the glyph is the
    second reading. Where the glyph is a chevron whose bar cannot be told (AMBIGUOUS), the second
    reading carries '?' in the sign's place and nothing is written in."""
    found = {i: c for i in lines if (c := _sign_candidate(images[i], *texts[i])) is not None}
    out: dict[int, SignSeen] = {}
    erase = []
    for i, (sign, _) in found.items():
        text = texts[i][0].strip()
        first = fold_width(text)[:1]
        shown = sign if sign != AMBIGUOUS else "?"
        if first.isdigit():
            erase.append(i)
        elif sign == AMBIGUOUS or (first in "≥≤" and sign in "<>"):
            out[i] = SignSeen(shown + text[1:], sure=False)
        else:
            out[i] = SignSeen(sign + text[1:], sure=True)
    if erase:
        crops = []
        for i in erase:
            image, x1 = images[i], found[i][1][2]
            painted = image.copy()
            painted[:, : x1 + 1] = int(np.percentile(image, 90))
            crops.append(painted)
        for i, (without, _) in zip(erase, recognizer.recognize(crops), strict=True):
            sign, text = found[i][0], texts[i][0].strip()
            shown = sign if sign != AMBIGUOUS else "?"
            if _digits(without) == _digits(text):
                out[i] = SignSeen(shown + text, sure=sign != AMBIGUOUS)
            elif _digits(without) == _digits(text[1:]):
                out[i] = SignSeen(shown + text[1:], sure=sign != AMBIGUOUS)
            else:
                out[i] = SignSeen(shown + text, sure=False)
    return out


def _digits(text: str) -> str:
    """What a number's reading must keep: its digits, points and percent signs."""
    return "".join(c for c in fold_width(text) if c.isdigit() or c in ".%")
