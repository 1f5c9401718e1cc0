"""Ink a reading does not account for: a small printed mark the recogniser never output (an ASCII
'.' typed after a name before a '；') makes the line's confidence doubtful, whatever its score;
the glyphs' own small strokes, quotes and the marks the reading has do not."""

from __future__ import annotations

import numpy as np
import pytest
from scan_helpers import SANS, SERIF

from extract.ocr.doubt import UNREAD_MARK_CONFIDENCE, line_confidence
from extract.ocr.engine import LineReading, default_recognizer, read_lines
from extract.ocr.unread import unread_marks


def typeset(line: str, font: str, size: int = 29) -> np.ndarray:
    """A line of text in the samples' faces at `size` px (29: 10.5 pt at 200 dpi), on a canvas
    as wide as it needs, with half its height of paper either side (as a line is cropped)."""
    from PIL import Image, ImageDraw, ImageFont

    from samples.generators.scans import _font_path

    face = ImageFont.truetype(str(_font_path(font)), size)
    width = int(face.getlength(line))
    img = Image.new("L", (width + size, size + 15), 250)
    ImageDraw.Draw(img).text((size // 2, 4), line, font=face, fill=20)
    return np.asarray(img)


def _without_dot(reading: LineReading) -> LineReading:
    """The reading as the recogniser gives it where it drops the '.' (the yardstick's pages):
    the glyph and its place taken out, the others where the recogniser put them."""
    keep = [i for i, c in enumerate(reading.text) if c != "."]
    return LineReading("".join(reading.text[i] for i in keep), reading.score,
                       tuple(reading.centres[i] for i in keep), tuple(reading.scores[i] for i in keep))  # fmt: skip


@pytest.mark.parametrize(
    ("font", "size"),  # 9, 10.5 and 13 pt at 200 dpi; the serif at 10.5 and 13 pt is a known miss
    [(SANS, 25), (SANS, 29), (SANS, 36), (SERIF, 25)],  # (unread._accounted: the '；' decoded before its ink)
)
def test_a_dot_the_reading_lacks_is_found(font: str, size: int) -> None:
    grey = typeset("调查样本数量.；实施周期", font, size=size)
    (read,) = read_lines(default_recognizer(), [grey])
    dropped = _without_dot(read)
    assert dropped.text == "调查样本数量；实施周期"
    marks = unread_marks(grey, dropped.text, dropped.centres)
    assert len(marks) == 1
    assert dropped.centres[5] < marks[0] < dropped.centres[6]  # between 量 and ；


@pytest.mark.parametrize("font", [SERIF, SANS])
@pytest.mark.parametrize(
    "line",
    [
        "调查样本数量.；实施周期",
        "“穗智管”系统、急难愁盼信息化",
        "≥99.5%；年度指标值：≥85%。3、1-产出",
        "合格率达到100%。",
    ],
)
def test_a_line_read_whole_has_no_unread_mark(font: str, line: str) -> None:
    """The recogniser's own placing of the glyphs it reads accounts for all the line's ink."""
    grey = typeset(line, font)
    (reading,) = read_lines(default_recognizer(), [grey])
    if reading.text.replace(" ", "") == line:
        assert reading.unread == ()


def test_the_recogniser_dropping_the_dot_is_noted() -> None:
    """Where the recogniser reads the line without its '.', `read_lines` notes the mark."""
    grey = typeset("数据企业调查样本数量.；实施周期指标值", SANS)
    (reading,) = read_lines(default_recognizer(), [grey])
    assert bool(reading.unread) == ("." not in reading.text)


def test_dust_is_no_mark() -> None:
    """A speck under a tenth of a glyph's height beside the glyphs is no printed mark."""
    grey = typeset("调查样本数量；实施周期", SERIF).copy()
    (reading,) = read_lines(default_recognizer(), [grey])
    rows = np.flatnonzero((grey < 128).any(axis=1))
    right = int(np.flatnonzero((grey < 128).any(axis=0))[-1])
    grey[rows[-1] - 1 : rows[-1] + 1, right + 8 : right + 10] = 20  # 2 x 2 px after the line
    assert reading.text == "调查样本数量；实施周期"
    assert unread_marks(grey, reading.text, reading.centres) == ()


def test_an_unread_mark_caps_the_confidence_of_the_stretch_holding_it() -> None:
    reading = LineReading("数量；实施", 0.99, (0.1, 0.3, 0.5, 0.7, 0.9), (0.99,) * 5, unread=(0.4,))
    assert line_confidence(reading) == UNREAD_MARK_CONFIDENCE
    assert line_confidence(reading, 0, 1) == UNREAD_MARK_CONFIDENCE  # up to the next glyph
    assert line_confidence(reading, 3, 4) == pytest.approx(0.99)  # another stretch of the line
    assert line_confidence(LineReading("数量", 0.97, (0.3, 0.7), (0.96, 0.98))) == pytest.approx(0.97)
