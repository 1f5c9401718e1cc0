"""A scanned page's direction decided by reading its text as words (extract/ocr/orient.py): a
sideways page whose one line across read as a glyph at a high score is turned (the simulator's
seed 5, fed turned by 270°), and upright pages at low resolution whose labels stand a glyph a line
(read across when turned, they read as ideographs) are not."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from bench.metrics import scan_row_key, score_document
from budget_perf.pipeline import convert
from extract.ocr.engine import default_recognizer
from extract.ocr.orient import quarter_turns_by_reading
from extract.ocr.raster import binarize, to_dpi
from extract.ocr.words import worded
from samples.generators.scans import FONTS, print_pages, write

REAL = Path(__file__).resolve().parent.parent / "samples" / "real"


def _notes(doc: dict) -> str:
    return " ".join(i["message"] for i in doc["issues"] if i["code"] == "ocr_page")


def test_a_sideways_page_the_shape_test_called_upright_is_read_upright_with_its_rows(tmp_path) -> None:
    """Seed 5 fed turned by 270°: the blobs said sideways, but the one short line across the page
    read 'C' at 0.91, so the page was taken to read well as it was: it was never turned and no
    indicator table was found (no_indicator_table)."""
    path, truth = write(5, "rotate270", tmp_path)
    doc = json.loads(convert(path).model_dump_json())
    assert "页面旋转 90°" in _notes(doc)
    s = score_document(truth, doc, truth, scan_row_key)
    assert s.fn == 0 and s.fp == 0, s.misses


@pytest.fixture(scope="module")
def xian_page(tmp_path_factory) -> Path:
    """A real form's page whose labels are printed a glyph a line ('年度绩效指标' down a narrow
    cell), as a PDF of its own."""
    src = pdfium.PdfDocument(str(REAL / "xian_sfj_2026.pdf"))
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src, [49])
    out = tmp_path_factory.mktemp("orient") / "xian_p50.pdf"
    dst.save(str(out))
    dst.close()
    src.close()
    return out


@pytest.mark.parametrize("dpi", [96, 120])
def test_an_upright_page_at_low_resolution_is_not_turned(xian_page, tmp_path, dpi: int) -> None:
    """Printed at 96 and 120 dpi and read as an image (scaled to 200 dpi): not reported turned,
    while the same page fed sideways is."""
    (grey,) = print_pages(xian_page, dpi, FONTS[0])
    path = tmp_path / f"page_{dpi}.png"
    buf = io.BytesIO()
    Image.fromarray(grey).save(buf, "PNG", dpi=(dpi, dpi))
    path.write_bytes(buf.getvalue())
    doc = json.loads(convert(path).model_dump_json())
    assert "页面旋转" not in _notes(doc)
    assert doc["tables"] and doc["tables"][0]["indicators"]
    page = to_dpi(grey, dpi)
    for turns in (1, 3):
        sideways = np.ascontiguousarray(np.rot90(page, turns))
        assert quarter_turns_by_reading(sideways, binarize(sideways), default_recognizer()) == 4 - turns


def test_text_reads_as_words_and_a_columns_glyphs_do_not() -> None:
    """Readings taken from the measurements: a line of a page read as it stands, and the first
    glyphs of a paragraph's lines, read across when the page was turned a quarter (each at 0.99)."""
    assert worded("深入贯彻落实习近平总书记") >= 10
    assert worded("时展场业要作底支势") <= 2
    assert worded("≥90%") == 0
