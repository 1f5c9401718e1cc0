"""Comparison signs told by their shape (extract/ocr/signs.py): glyphs cut from real documents'
pages as PDFium prints them in the fonts the documents embed (SimSun, FangSong, FangSong_GB2312,
方正书宋: the slanted-bar '⩾' of Song faces), and glyphs that must stay what they are."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from scan_helpers import SANS, SERIF, typeset

REAL = Path(__file__).resolve().parent.parent / "samples" / "real"


@cache
def _page_text(pdf: str, page: int) -> tuple[str, list[tuple[float, float, float, float]]]:
    """The page's characters, one per PDFium character index, and their boxes (points)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(REAL / pdf))
    text = doc[page - 1].get_textpage()
    n = text.count_chars()
    return "".join(chr(raw.FPDFText_GetUnicode(text, i)) for i in range(n)), [text.get_charbox(i) for i in range(n)]


def _printed(pdf: str, page: int, run: str, dpi: int, nth: int = 0) -> np.ndarray:
    """The line image of the `nth` run of characters matching `run` (a regular expression) on a
    page, printed grey at `dpi` with the font the document embeds, cut as the reader cuts a
    cell's line: its ink with a few pixels of paper around it."""
    import pypdfium2 as pdfium

    chars, boxes = _page_text(pdf, page)
    match = list(re.finditer(run, chars))[nth]
    spans = boxes[match.start() : match.end()]
    left, right = min(b[0] for b in spans), max(b[2] for b in spans)
    bottom, top = min(b[1] for b in spans), max(b[3] for b in spans)
    doc = pdfium.PdfDocument(str(REAL / pdf))
    sheet = doc[page - 1]
    width, height = sheet.get_size()
    pad = 1.5  # points of paper around the run (a cell's rule may stand 2 points off)
    crop = (left - pad, bottom - pad, width - right - pad, height - top - pad)
    grey = np.asarray(sheet.render(scale=dpi / 72, crop=crop, grayscale=True).to_pil().convert("L"))
    ink = np.flatnonzero((grey < 200).any(axis=1))
    return grey[max(0, ink[0] - 4) : ink[-1] + 5]


# The documents' signs: (document, page, run, sign), the run starting with the sign.
SIGNS = [
    ("xian_sfj_2026.pdf", 50, r"≥1000", "≥"),  # FangSong, the slanted bar apart
    ("xian_sfj_2026.pdf", 50, r"≥40000", "≥"),
    ("xian_sfj_2026.pdf", 59, r"[≥≤]\d+", None),
    ("gz_zwfw_2026_zhengti.pdf", 2, r"≤100%", "≤"),  # FangSong_GB2312: the bar runs into the arm
    ("gz_zwfw_2026_zhengti.pdf", 2, r"≤1%", "≤"),
    ("gz_zwfw_2026_zhengti.pdf", 2, r"≥90%", "≥"),
    ("gz_zwfw_2026_xiangmu.pdf", 1, r"≥\d+", "≥"),  # 方正书宋
    ("bj_lvhua_2026_baobiao.pdf", 12, r"≥", "≥"),  # SimSun, alone in its operator column
    ("bj_lvhua_2026_baobiao.pdf", 12, r"≤", "≤"),
]


@pytest.mark.parametrize("dpi", [200, 300])
@pytest.mark.parametrize(("pdf", "page", "run", "sign"), SIGNS)
def test_a_song_faces_sign_is_told_by_its_shape(pdf: str, page: int, run: str, sign: str | None, dpi: int) -> None:
    from extract.ocr.signs import lead_glyph, sign_of

    line = _printed(pdf, page, run, dpi)
    expected = sign or _page_text(pdf, page)[0][re.search(run, _page_text(pdf, page)[0]).start()]
    glyph, _, _ = lead_glyph(line)
    assert sign_of(glyph) == expected


# Digits and letters first on a line, from the same documents: none is a sign.
NOT_SIGNS = [
    ("xian_sfj_2026.pdf", 50, r"(?<!\d)2\d*"),
    ("xian_sfj_2026.pdf", 50, r"(?<![\d≥≤])[1-9]\d+"),
    ("gz_zwfw_2026_zhengti.pdf", 2, r"(?<![\d≥≤.])100%"),
    ("gz_zwfw_2026_zhengti.pdf", 2, r"(?<![\d≥≤.])[2-9]\d*"),
    ("gz_zwfw_2026_xiangmu.pdf", 1, r"(?<![\d≥≤.])7\d*"),
    ("gz_zwfw_2026_xiangmu.pdf", 1, r"(?<![\d≥≤.])[3-9]\d*"),
    ("bj_lvhua_2026_baobiao.pdf", 12, r"(?<![\d.])29"),
    ("bj_lvhua_2026_baobiao.pdf", 12, r"(?<![\d.])4(?!\d)"),
    ("bj_lvhua_2026_baobiao.pdf", 12, r"次"),
    ("bj_lvhua_2026_baobiao.pdf", 12, r"定性"),
]


@pytest.mark.parametrize("dpi", [200, 300])
@pytest.mark.parametrize(("pdf", "page", "run"), NOT_SIGNS)
def test_digits_and_ideographs_are_no_signs(pdf: str, page: int, run: str, dpi: int) -> None:
    from extract.ocr.signs import lead_glyph, sign_of

    for nth in range(min(3, len(re.findall(run, _page_text(pdf, page)[0])))):
        glyph, _, _ = lead_glyph(_printed(pdf, page, run, dpi, nth))
        assert sign_of(glyph) is None


@pytest.mark.parametrize("font", [SERIF, SANS])
@pytest.mark.parametrize("blur", [0.0, 1.0])
@pytest.mark.parametrize(
    ("printed", "sign"),
    [("≥150", "≥"), ("≤98处", "≤"), (">150", ">"), ("<98处", "<"), ("=100%", "="), ("2150", None), ("7天", None),
     ("1500", None), ("4.5", None), ("0.3", None), ("3次", None), ("5%", None), ("8人", None), ("9", None),
     ("二级", None), ("次", None)],
)  # fmt: skip
def test_signs_and_digits_typeset_in_the_simulators_faces(
    printed: str, sign: str | None, font: str, blur: float
) -> None:
    from extract.ocr.signs import lead_glyph, sign_of

    glyph, _, _ = lead_glyph(typeset(printed, font, blur))
    assert sign_of(glyph) == sign


class _Reader:
    """A recogniser that reads a line with its first glyph painted over as `without`."""

    name = "fake"

    def __init__(self, without: str) -> None:
        self.without = without
        self.calls = 0

    def recognize(self, lines: list[np.ndarray]) -> list[tuple[str, float]]:
        self.calls += len(lines)
        return [(self.without, 0.99) for _ in lines]


@pytest.mark.parametrize(
    ("read", "without", "expected", "sure"),
    [
        ("1000", "1000", "≥1000", True),  # the sign dropped
        ("21000", "1000", "≥1000", True),  # the sign read as a digit
        (">1000", None, "≥1000", True),  # its bar missed
        ("》1000", None, "≥1000", True),  # read as a book-title bracket
        ("W", None, "≥", True),  # alone, read as a letter
        ("", None, "≥", True),  # alone, not read
        ("1000", "100", "≥1000", False),  # the rest read otherwise: the second reading only
    ],
)
def test_a_sign_the_reading_lacks_is_written_in_where_the_reading_agrees(
    read: str, without: str | None, expected: str, sure: bool
) -> None:
    from extract.ocr.signs import signs_unread

    line = _printed("xian_sfj_2026.pdf", 50, r"≥1000", 200)
    if not read.endswith("1000"):
        line = _printed("bj_lvhua_2026_baobiao.pdf", 12, r"≥", 200)
    reader = _Reader(without or "")
    seen = signs_unread([line], [(read, 0.99)], [0], reader)[0]
    assert (seen.reading, seen.sure) == (expected, sure)
    assert reader.calls == (1 if without is not None else 0)


@pytest.mark.parametrize(
    ("pdf", "page", "run", "read"),
    [
        ("xian_sfj_2026.pdf", 50, r"(?<![\d≥≤])[1-9]\d+", None),  # digits read as digits
        ("xian_sfj_2026.pdf", 50, r"≥1000", "≥1000"),  # the sign read
        ("bj_lvhua_2026_baobiao.pdf", 12, r"次", "次"),
    ],
)
def test_a_reading_with_its_sign_or_no_sign_shown_is_left_alone(pdf: str, page: int, run: str, read) -> None:
    from extract.ocr.signs import signs_unread

    line = _printed(pdf, page, run, 200)
    text = read or re.search(run, _page_text(pdf, page)[0]).group()
    reader = _Reader("")
    assert signs_unread([line], [(text, 0.99)], [0], reader) == {}
    assert reader.calls == 0


def test_a_strict_sign_read_with_a_bar_is_only_disputed() -> None:
    """A '>' whose shape the check tells, read '≥': the recogniser is not overruled; the cell is
    flagged with the glyph's reading second."""
    from extract.ocr.signs import signs_unread

    seen = signs_unread([typeset(">150", SERIF)], [("≥150", 0.9)], [0], _Reader(""))[0]
    assert (seen.reading, seen.sure) == (">150", False)


def test_a_lone_sign_broken_into_specks_is_found_in_its_cell() -> None:
    """A lone '≤' of one-pixel strokes (SimSun at 200 dpi) in its cell's ink as scanned: one mark
    as tall as a line's glyphs; specks of dust scattered over the cell are none."""
    from extract.ocr.page import _lone_mark
    from extract.ocr.raster import binarize

    line = _printed("bj_lvhua_2026_baobiao.pdf", 12, r"≤", 200)
    cell = np.full((60, 120), 255, np.uint8)
    cell[20 : 20 + line.shape[0], 10 : 10 + line.shape[1]] = line
    box = _lone_mark(binarize(cell), height=16.0)
    assert box is not None and 0.6 * 16 <= box[3] - box[1] <= 16 * 1.3
    dust = np.full((60, 120), 255, np.uint8)
    dust[[5, 40, 52], [8, 70, 110]] = 30
    dust[[6, 41, 53], [8, 70, 110]] = 30
    assert _lone_mark(binarize(dust), height=16.0) is None


@pytest.mark.parametrize("font", [SERIF, SANS])
def test_a_lone_sign_read_unsure_as_any_glyph_is_told_by_its_shape(font: str) -> None:
    """A lone '≤' of one-pixel strokes read 'K' at 0.27 (no known misreading of a sign): the
    recogniser unsure of one glyph, its shape decides. Read sure, or a real letter read unsure,
    it stays as read."""
    from extract.ocr.signs import signs_unread

    sign, letter = typeset("≤", font), typeset("K", font)
    reader = _Reader("")
    found = signs_unread([sign, sign, letter], [("K", 0.27), ("K", 0.99), ("K", 0.27)], [0, 1, 2], reader)
    assert {i: (s.reading, s.sure) for i, s in found.items()} == {0: ("≤", True)}
