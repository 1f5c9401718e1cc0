"""Which text lines outside a scanned page's tables are read.

Titles, unit lines and headings feed the header fields: lines just above a table, and short
lines, are always read. Full-width prose is most of a report page's OCR time, and most of it
feeds nothing; but a target section written as prose ("绩效指标：为全市…培训师资 30 名左右，…")
is where a form without an indicator table prints its targets, and the digital reader sees
those paragraphs. So prose is read in two passes: first the head of each paragraph's first line
(a few glyphs, cheap), then every line of the paragraphs whose head opens a target label.
"""

from __future__ import annotations

import re

from extract.ocr.raster import DPI
from normalizers.prose import GOAL_LABELS, INDICATOR_LABELS

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels

# "年度绩效指标：" is the longest label and its colon: seven glyphs. One more for the
# recogniser's sake (a glyph at the crop's edge is the one it drops).
HEAD_GLYPHS = 8
# A paragraph's last line stops short of the block's right edge; a line that runs to within
# two glyphs of it goes on in the next line (justified Chinese text fills the measure).
FULL_LINE_SLACK = 2.0
# Line spacing inside a paragraph is about half a line; paragraphs are set further apart.
PARAGRAPH_GAP = 0.8

_OPENS_TARGET = re.compile(
    rf"^\s*(?:{'|'.join(sorted({*GOAL_LABELS, *INDICATOR_LABELS}, key=len, reverse=True))})\s*(?:[:：]|$)"
)


def worth_reading(box: Box, table_tops: list[float], page_width: int) -> bool:
    """Lines just above a table (within about two inches: titles, '单位：'), or short lines."""
    x0, _, x1, y1 = box
    above_a_table = any(0 <= top - y1 <= 2.2 * DPI for top in table_tops)
    return above_a_table or (x1 - x0) < 0.45 * page_width


def paragraphs(lines: list[Box]) -> list[list[Box]]:
    """Prose lines (top to bottom) grouped into paragraphs: a line starts a new one when it sits
    further below the last than line spacing allows, starts further right (a first-line indent),
    or when the last line stopped short of the measure."""
    out: list[list[Box]] = []
    right = max((b[2] for b in lines), default=0)
    for box in sorted(lines, key=lambda b: b[1]):
        if out:
            last = out[-1][-1]
            height = max(last[3] - last[1], box[3] - box[1])
            gap = box[1] - last[3]
            indented = box[0] - last[0] > height
            stopped = right - last[2] > FULL_LINE_SLACK * height
            if gap <= PARAGRAPH_GAP * height and not indented and not stopped:
                out[-1].append(box)
                continue
        out.append([box])
    return out


def head(box: Box) -> Box:
    """The first HEAD_GLYPHS glyphs of a line (full-width glyphs are about as wide as tall)."""
    x0, y0, x1, y1 = box
    return (x0, y0, min(x1, x0 + HEAD_GLYPHS * (y1 - y0)), y1)


def opens_target(text: str) -> bool:
    """Whether a paragraph head reads as a target label ("绩效指标：", "年度目标:")."""
    return bool(_OPENS_TARGET.match(text.replace(" ", "")))
