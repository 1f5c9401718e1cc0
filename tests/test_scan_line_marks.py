"""Small printed marks a scan's cleaning must keep, and what a second look must not take away.

A full-width mark ('、', '。', '，') that opens a wrapped line sits at the foot of the left of its
one-em slot, about 0.6 em from the next glyph's ink: beyond the dust radius (12 px at 200 dpi)
for a 9 pt face and larger. Dust removal erased it, the line's box started at the next glyph, and
a list item's number lost its end ('6、' wrapped as '6' over '、2-效益指标' read '62-效益指标'; on a
noisy page the bare '2' was then taken for a '≥')."""

from __future__ import annotations

import numpy as np
import pytest
from scan_helpers import SANS, SERIF, typeset


def _cleaned_line_box(grey: np.ndarray) -> tuple[int, int, int, int]:
    from extract.ocr.page import _clean, _lines
    from extract.ocr.raster import binarize

    boxes = _lines(_clean(binarize(grey), grey), 0, 0)
    assert len(boxes) == 1
    return boxes[0]


def _left_ink(grey: np.ndarray) -> int:
    return int(np.flatnonzero((grey < 128).any(axis=0))[0])


@pytest.mark.parametrize("font", [SERIF, SANS])
@pytest.mark.parametrize("mark", ["、", "。", "，"])
@pytest.mark.parametrize("size", [25, 29, 36])  # 9, 10.5 and 13 pt at 200 dpi
def test_a_full_width_mark_opening_a_line_is_kept(font: str, mark: str, size: int) -> None:
    grey = typeset(f"{mark}2-效益指标；22-社会效益", font, size=size)
    x0, *_ = _cleaned_line_box(grey)
    assert x0 <= _left_ink(grey) + 1  # the line starts at the mark, not at the '2'


def test_the_line_opening_with_the_mark_reads_it() -> None:
    from extract.ocr.engine import default_recognizer
    from extract.ocr.page import _crop

    grey = typeset("、2-效益指标；22-社会效益", SERIF)
    ((text, _),) = default_recognizer().recognize([_crop(grey, _cleaned_line_box(grey))])
    assert text.startswith("、2-效益")


def test_dust_before_a_line_is_still_dust() -> None:
    """A scanner's speck (a pixel or two, as dark as ink) where such a mark would stand is no
    mark: too small for a printed one."""
    grey = typeset("2-效益指标；22-社会效益", SERIF).copy()
    left = _left_ink(grey)
    rows = np.flatnonzero((grey < 128).any(axis=1))
    grey[rows[-1] - 2 : rows[-1], left - 14 : left - 12] = 40
    x0, *_ = _cleaned_line_box(grey)
    assert x0 >= left - 1
