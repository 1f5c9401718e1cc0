"""Ink a line's reading does not account for: a small printed mark the recogniser never output.

The recogniser drops some marks it sees whole: an ASCII '.' typed after a name before a '；'
('数据企业调查样本数量.；' read '数据企业调查样本数量；' at 0.98), a '、' between two items.
Such a reading is wrong at a high score, and nothing in its decoding says so (the '.' reached
1% of a blank frame's probability). The image does: the mark stands in a column run of ink of
its own (blank columns either side), and no character of the reading was decoded there.

Only small marks are looked for (a dot, a comma, a '、': at most MARK_SIZE glyph heights either
way, at least DUST_SIZE); a glyph's stroke set apart by blank columns (the left of 川, the dot of
心) has the character it belongs to decoded beside it, and the check accounts for a run with any
character decoded inside it or within REACH of it — except a mark, which only a character decoded
over its own run accounts for, the one nearest it (the '；' after the '.' is decoded over the
'；'). Every size is a share of the line's glyph height (its ink's rows), measured on the scan
yardstick's lines at 200 dpi, the resolution every page is read at.
"""

from __future__ import annotations

import cv2
import numpy as np

from extract.ocr.raster import ink_runs
from normalizers.grammar import is_ideograph

# A mark: a dot, comma, '、' or '。' is a quarter of a glyph's height or less either way (the
# '.' of '数量.；' at 200 dpi: 3 x 3 px under a 24 px glyph); a '-' or a '1' is longer.
MARK_SIZE = 0.35
# Dust the despeckling left: under a tenth of a glyph's height either way (2 px at 200 dpi
# under a 24 px glyph; the '.' is 3 px).
DUST_SIZE = 0.1
# How far from a mark's run a character decoded in the paper beside it may sit: half a glyph
# (a full-width mark's slot is a glyph wide, its ink at one side).
REACH = 0.5
# A mark on the baseline ('.', ',', '、', '。') lies wholly in the lower half of the line's ink;
# quotes stand at its top, the side dots of 办 at its middle. Its foot is within a fifth of a
# glyph of the line's (a glyph's descent below the baseline).
BASELINE = 0.5
FOOT = 0.2
# A small glyph's thin strokes part under the threshold into runs a blank column or two apart
# (a '。' in three, 1 px apart under a 24 px glyph).
SPLIT_GAP = 0.1
# An ideograph's ink is no wider than the line's glyph height (its strokes fill a square em box
# less its side bearings: 0.8-0.96 of the glyph height on the yardstick's lines).
GLYPH_WIDTH = 1.05


def unread_marks(image: np.ndarray, text: str, centres: tuple[float, ...]) -> tuple[float, ...]:
    """The places (a share of the image's width, as `LineReading.centres`) of the small marks
    in the line's ink that no character of the reading accounts for."""
    if not text or len(centres) != len(text):
        return ()
    ink = _ink(image)
    rows = np.flatnonzero(ink.any(axis=1))
    if len(rows) == 0:
        return ()
    glyph = float(rows[-1] - rows[0] + 1)
    width = ink.shape[1]
    xs = [c * width for c in centres]
    runs = _small_runs_joined(ink_runs(ink.any(axis=0)), SPLIT_GAP * glyph, MARK_SIZE * glyph)
    found = []
    for x0, x1 in runs:
        band = np.flatnonzero(ink[:, x0:x1].any(axis=1))
        w, h = x1 - x0, band[-1] - band[0] + 1
        if not (DUST_SIZE * glyph <= max(w, h) and max(w, h) <= MARK_SIZE * glyph):
            continue
        if band[0] < rows[0] + BASELINE * glyph or band[-1] < rows[-1] - FOOT * glyph:
            continue  # off the baseline: a quote's stroke, the side dots of 办
        if _accounted(x0, x1, xs, runs, glyph) or _stroke_of_ideograph((x0, x1), runs, text, xs, glyph):
            continue
        found.append((x0 + x1) / 2 / width)
    return tuple(found)


def _accounted(x0: int, x1: int, xs: list[float], runs: list[tuple[int, int]], glyph: float) -> bool:
    """Whether a character was decoded over the mark's run [x0, x1), or in the blank columns
    between it and the runs either side of it, within REACH of it (a glyph's frame may fall in
    the paper beside its ink: a '。' is drawn in the left of its full-width slot, a ',' or '.'
    decoded after its ink). A mark whose neighbour was decoded in the blank between them is
    taken as read: the '.' of '数量.；' set in the serif face at 10.5 pt and larger, where the
    '；' was decoded 2 px before its own ink, is missed (assigning such a glyph to the nearer run
    flagged five right lines of the yardstick's, a ',' or '。' decoded after its ink)."""
    reach = REACH * glyph
    before = max((b for _, b in runs if b <= x0), default=0)
    after = min((a for a, _ in runs if a >= x1), default=x1 + reach)
    return any(max(before, x0 - reach) <= x < min(after, x1 + reach) for x in xs)


def _stroke_of_ideograph(
    run: tuple[int, int], runs: list[tuple[int, int]], text: str, xs: list[float], glyph: float
) -> bool:
    """Whether the run is a stroke of an ideograph beside it (the dots of 心 in 息, the left of
    小): joined with the run next to it, left or right, it spans no more than an ideograph's ink
    (GLYPH_WIDTH) and holds an ideograph's decoded place. A '.' after 量 widens 量's run to
    1.17 glyph heights; the dot of 息 leaves it at 0.96."""
    k = runs.index(run)
    for other in (runs[k - 1] if k else None, runs[k + 1] if k + 1 < len(runs) else None):
        if other is None:
            continue
        x0, x1 = min(run[0], other[0]), max(run[1], other[1])
        if x1 - x0 <= GLYPH_WIDTH * glyph and any(
            is_ideograph(c) and x0 <= x < x1 for c, x in zip(text, xs, strict=True)
        ):
            return True
    return False


def _small_runs_joined(runs: list[tuple[int, int]], gap: float, small: float) -> list[tuple[int, int]]:
    """Runs of a small glyph's fragments joined (a thin '。' parts into three under the
    threshold): neighbours at most `gap` apart whose union is at most `small` wide. A mark beside
    a glyph stays apart from it, however close: the glyph is wider."""
    out: list[tuple[int, int]] = []
    for a, b in runs:
        if out and a - out[-1][1] <= gap and b - out[-1][0] <= small:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _ink(image: np.ndarray) -> np.ndarray:
    """The line image's ink: Otsu's threshold over the crop (a line image is glyphs on paper)."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return binary > 0
