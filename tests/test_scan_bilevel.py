"""Bilevel scans (a scanner set to black and white: a fixed threshold) lose what prints lighter
than the threshold: strokes thinned to dashes one or two pixels long, light-grey rules gone
whole. The reader copes with what is left: no median over a bilevel page's strokes
(`raster.despeckle`), and a ruled form whose rules all went is read as a table without rules,
its columns where its text runs (`extract/pdf/lineless.header_columns`)."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium

from bench.scan_consistency import BILEVEL_THRESHOLD, scanned_pdf
from extract.model import Table
from extract.ocr.engine import default_recognizer, read_lines
from extract.ocr.page import _crop
from extract.ocr.raster import despeckle, pdf_page_is_bilevel, two_tone
from extract.pdf.chars import Char
from extract.pdf.lineless import anchored, header_columns
from tests.scan_helpers import SERIF, typeset


def _bilevel(grey: np.ndarray) -> np.ndarray:
    return np.where(grey < BILEVEL_THRESHOLD, 0, 255).astype(np.uint8)


def test_a_bilevel_page_is_told_from_the_pdf_and_from_its_pixels() -> None:
    page = np.full((300, 200), 250, np.uint8)
    page[100:130, 20:180] = np.linspace(0, 240, 160, dtype=np.uint8)  # shades, as a grey scan has
    for mode, bilevel in (("bilevel", True), ("grey", False), ("jpeg", False)):
        doc = pdfium.PdfDocument(scanned_pdf([page], 200, mode))
        assert pdf_page_is_bilevel(doc[0]) is bilevel, mode
        doc.close()
    assert two_tone(_bilevel(page)) and not two_tone(page)


def test_small_type_scanned_bilevel_keeps_its_strokes_and_its_sign() -> None:
    """'≤500' in the serif face at 7.5 pt, thresholded as a scanner does: its slanted bars are
    dashes a pixel or two long. The median erased them (and most of the type: '≤500' read '500');
    a bilevel page keeps every stroke, and the sign is read."""
    grey = _bilevel(typeset("≤500 人民调解", SERIF, size=21))
    assert np.array_equal(despeckle(grey, bilevel=True), grey)
    recognizer = default_recognizer()

    def read(image: np.ndarray) -> str:
        ys, xs = np.nonzero(image < 128)
        box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
        (reading,) = read_lines(recognizer, [_crop(image, box)])
        return reading.text.replace(" ", "")

    assert read(despeckle(grey, bilevel=True)) == "≤500人民调解"
    assert not read(despeckle(grey)).startswith("≤")  # the control: the median took the bars


def _word(text: str, x0: float, top: float, size: float = 9.0) -> list[Char]:
    return [Char(c, x0 + i * size, top, x0 + (i + 1) * size, top + size, size) for i, c in enumerate(text)]


def test_labels_centred_over_their_columns_part_the_rows_where_their_text_does() -> None:
    """A ruled form read without its rules (all under the threshold): '活动 | 绩效指标 | 指标性质 |
    指标值', its labels centred over columns whose text starts at the left. '绩效指标' names the
    indicator where no label does (as the assembly reads the header), and each boundary falls in
    the gutter between the columns' texts, not at a label's start, which cut every name in two."""
    starts = [40.0, 200.0, 420.0, 520.0, 660.0]  # the columns' left edges (points)
    labels = ["活动", "绩效指标", "指标性质", "指标值"]
    chars: list[Char] = []
    for label, a, b in zip(labels, starts, starts[1:], strict=False):
        chars += _word(label, (a + b) / 2 - 4.5 * len(label), 100)
    rows = [("重大植树活动保障", "产出指标数量指标白皮松车梁木等苗木", "定量", "413200"),
            ("全民义务植树补助", "效益指标社会效益指标提高苗木品质", "定性", "效果显著")]  # fmt: skip
    for r, row in enumerate(rows):
        for text, a in zip(row, starts, strict=False):
            chars += _word(text, a + 3, 130 + 20 * r)
    found = header_columns(chars)
    assert found is not None
    xs, _, bottom = found
    table: Table = anchored([c for c in chars if c.top > bottom], xs, [], bottom, 1)
    got = [[cell.text for cell in table.cells if cell.row == r] for r in range(2)]
    assert got == [list(row) for row in rows]
