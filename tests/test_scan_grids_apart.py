"""Two forms printed close under one another on a scanned page stay two tables: the next form's
title between them is text, and a glyph's strokes joined into a rule's length ('十字' side by side
in the header block below) are no rule ending on a column's line, which taken for one carried a
column rule of the form above down through the title and the next form's header block (a 天津
projects document printed at 200 dpi: the title read as a row, the page's table cut off from the
part on the page before)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from bench.scan_consistency import scanned_pdf
from extract.model import Paragraph, Table
from extract.registry import read
from samples.generators.scans import FONTS, print_pages

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pdf" / "004_tianjin_projects.pdf"


@pytest.fixture(scope="module")
def page_read(tmp_path_factory: pytest.TempPathFactory) -> list:
    src = pdfium.PdfDocument(str(SAMPLE))
    cut = pdfium.PdfDocument.new()
    cut.import_pages(src, [4])  # a form's end, the next form's title, header block and indicators
    tmp = tmp_path_factory.mktemp("apart")
    cut.save(str(tmp / "page.pdf"))
    scan = tmp / "scan.pdf"
    scan.write_bytes(scanned_pdf(print_pages(tmp / "page.pdf", 200, FONTS[0]), 200, "grey"))
    return read(scan).blocks


def test_the_title_between_two_forms_is_text(page_read: list) -> None:
    titles = [b.text for b in page_read if isinstance(b, Paragraph) and "绩效目标表" in b.text]
    assert len(titles) == 1 and titles[0].startswith("7.")
    assert not any("绩效目标表" in c.text for b in page_read if isinstance(b, Table) for c in b.cells)


def test_the_forms_above_and_below_the_title_are_tables_of_their_own(page_read: list) -> None:
    tables = [b for b in page_read if isinstance(b, Table)]
    assert len(tables) == 3  # the first form's end, the next one's header block, its indicators
    firsts = [min((c for c in t.cells if c.row == 0), key=lambda c: c.col).text for t in tables]
    assert firsts[0] == firsts[2] == "一级指标"
    assert firsts[1].startswith("571301")
