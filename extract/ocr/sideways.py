"""Cells whose text is printed turned by 90° (a merged 一级指标 cell set sideways, '效益指标'
reading bottom to top). Cut into lines across the cell, such text becomes a stack of one-glyph
lines, each a turned glyph the recogniser often still names, so the stack read top to bottom
gives the label backwards ('标指益效'). Text set upright one glyph per line (a narrow column's
'效/益/指/标') gives the same stack, read rightly so.

Which of the two it is, the glyphs tell, turned. Text set sideways so as to read bottom to top
has its glyphs turned a quarter counter-clockwise; the stack turned a quarter clockwise then reads
as an upright line, and turned the other way as glyphs upside down, which the recogniser reads as
nothing sure. An upright stack turned clockwise gives glyphs lying on their right side; the
recogniser reads them no better than upside-down ones, while turned counter-clockwise they are
read, top to bottom, as the stack already is (measured on a scanned 河北 export's '效益指标' and
the same glyphs stacked upright: the turned ways read '效益指标' 0.99995 and '' for the first,
'' and '效益指标' 0.9997 for the second). So the clockwise reading replaces the stack's only when it
reads sure, as long as the stack is (in glyphs, by its size), and the other way does not; a stack of text
turned clockwise (reading top to bottom) is kept as read."""

from __future__ import annotations

import cv2
import numpy as np

from extract.ocr.engine import LineRecognizer, glyph_width
from extract.ocr.raster import paper_level

Box = tuple[int, int, int, int]

# A line of one glyph: about as wide as tall (a turned ideograph is as square as an upright one).
ONE_GLYPH = 1.4
# A sure reading: the recogniser's mean glyph score on upright text is above this, on glyphs it
# cannot make out far below.
SURE = 0.9


def is_stack(boxes: list[Box]) -> bool:
    """Two lines or more, each a single glyph, one over another."""
    if len(boxes) < 2:
        return False
    heights = [b[3] - b[1] for b in boxes]
    em = float(np.median(heights))
    single = all(b[2] - b[0] <= ONE_GLYPH * em for b in boxes)
    xs = [(b[0] + b[2]) / 2 for b in boxes]
    aligned = max(xs) - min(xs) <= em
    return single and aligned


def stack_ems(boxes: list[Box]) -> float:
    """How long the stack is in glyphs: a glyph, turned or not, is about as tall as the stack is
    wide (the lines' median width), and turned glyphs set close are cut as one line
    ('标指' one 48 px line over 24 px ones; '）分05（标' one 113 px line: a generated label with
    its weight note at 200 dpi)."""
    em = float(np.median([b[2] - b[0] for b in boxes]))
    return (max(b[3] for b in boxes) - min(b[1] for b in boxes)) / max(em, 1.0)


def fills(text: str, ems: float) -> bool:
    """A reading as long as the stack, in ems (a digit or a Latin letter half a glyph,
    `glyph_width`): within a quarter of its length, or a glyph for a short stack. A reading of
    fewer glyphs (the stack's own '产' for '产出指标') or of more (an upright stack read on its side)
    is not the stack's text."""
    read = sum(glyph_width(c) for c in text)
    return abs(read - ems) <= max(1.0, ems / 4)


def read_turned(grey: np.ndarray, boxes: list[Box], recognizer: LineRecognizer) -> tuple[str, float] | None:
    """The stack's text read as one turned line, when that reading is the better one (else the
    lines as read upright are kept)."""
    ems = stack_ems(boxes)
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad = max(4, (x1 - x0) // 2)
    h, w = grey.shape
    crop = grey[max(0, y0 - 4) : min(h, y1 + 4), max(0, x0 - 4) : min(w, x1 + 4)]
    crop = cv2.copyMakeBorder(crop, pad, pad, 0, 0, cv2.BORDER_CONSTANT, value=paper_level(crop))
    turned = [cv2.rotate(crop, cv2.ROTATE_90_CLOCKWISE), cv2.rotate(crop, cv2.ROTATE_90_COUNTERCLOCKWISE)]
    (clockwise, c_score), (counter, a_score) = recognizer.recognize(turned)
    clockwise, counter = clockwise.strip(), counter.strip()
    upright = fills(clockwise, ems) and c_score >= SURE
    other_way = fills(counter, ems) and a_score >= SURE
    if upright and not other_way:
        return clockwise, c_score
    return None
