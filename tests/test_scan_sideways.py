"""A cell whose text is printed turned a quarter (河北's exports set the merged 一级指标 cell
'效益指标' sideways, reading bottom to top) is read as the label, not backwards ('标指益效');
text set upright one glyph per line keeps its reading (extract/ocr/sideways.py)."""

from __future__ import annotations

import itertools
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from extract.model import Table
from extract.ocr.engine import default_recognizer
from extract.ocr.page import read_scanned_page
from extract.ocr.sideways import fills, is_stack, read_turned, stack_ems
from samples.generators.scans import FONTS, print_pages

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pdf" / "005_hebei_system_export.pdf"


@pytest.fixture(scope="module")
def printed_page(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    """The export's second page (its 效益指标 cell is set sideways), printed grey at 200 dpi."""
    src = pdfium.PdfDocument(str(SAMPLE))
    cut = pdfium.PdfDocument.new()
    cut.import_pages(src, [1])
    path = tmp_path_factory.mktemp("sideways") / "page.pdf"
    cut.save(str(path))
    (grey,) = print_pages(path, 200, FONTS[0])
    return grey


@pytest.fixture(scope="module")
def turned_label(printed_page: np.ndarray) -> np.ndarray:
    """The sideways 效益指标 cell's ink as printed, cut from the page where the reader found it."""
    binary = (printed_page < 128).astype(np.uint8)
    placed, _, _ = read_scanned_page(printed_page, 1, default_recognizer())
    cell = next(c for p in placed if isinstance(p.block, Table) for c in p.block.cells if c.text == "效益指标")
    x0, y0, x1, y1 = (int(v * 200 / 72) for v in cell.bbox)
    ys, xs = np.nonzero(binary[y0 + 4 : y1 - 4, x0 + 4 : x1 - 4])
    return printed_page[y0 + 4 + ys.min() : y0 + 5 + ys.max(), x0 + 4 + xs.min() : x0 + 5 + xs.max()]


def test_a_sideways_level1_cell_reads_as_its_label(printed_page: np.ndarray) -> None:
    placed, _, _ = read_scanned_page(printed_page, 1, default_recognizer())
    texts = {c.text for p in placed if isinstance(p.block, Table) for c in p.block.cells}
    assert "效益指标" in texts
    assert "标指益效" not in texts


def _stack(line: np.ndarray, n: int) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """An upright line's n glyphs set one under another, and the glyphs' boxes."""
    h, w = line.shape
    cuts = np.linspace(0, w, n + 1).astype(int)
    glyphs = [line[:, a:b] for a, b in itertools.pairwise(cuts)]
    width = max(g.shape[1] for g in glyphs)
    gap = h // 4
    rows = [cv2.copyMakeBorder(g, gap, 0, 0, width - g.shape[1], cv2.BORDER_CONSTANT, value=255) for g in glyphs]
    image = cv2.copyMakeBorder(np.vstack(rows), 8, 8, 8, 8, cv2.BORDER_CONSTANT, value=255)
    boxes = [(8, 8 + i * (h + gap) + gap, 8 + glyphs[i].shape[1], 8 + (i + 1) * (h + gap)) for i in range(n)]
    return image, boxes


def test_upright_glyphs_set_one_per_line_keep_their_reading(turned_label: np.ndarray) -> None:
    recognizer = default_recognizer()
    # The sideways cell, turned upright, is an upright line of the four glyphs; stacked upright
    # again they are a narrow column's '效/益/指/标'.
    line = cv2.rotate(turned_label, cv2.ROTATE_90_CLOCKWISE)
    assert recognizer.recognize([line])[0][0] == "效益指标"
    image, boxes = _stack(line, 4)
    assert is_stack(boxes)
    stack = recognizer.recognize([image[b[1] : b[3], b[0] : b[2]] for b in boxes])
    assert "".join(t for t, _ in stack) == "效益指标"
    assert read_turned(image, boxes, recognizer) is None


def test_lines_wider_than_a_glyph_are_no_stack() -> None:
    assert not is_stack([(0, 0, 30, 30)])
    assert is_stack([(0, 0, 30, 30), (2, 36, 31, 66)])
    assert not is_stack([(0, 0, 90, 30), (0, 36, 30, 66)])  # a line of three glyphs
    assert not is_stack([(0, 0, 30, 30), (60, 36, 90, 66)])  # side by side, not one over another


def test_two_turned_glyphs_cut_as_one_line_count_as_two(turned_label: np.ndarray) -> None:
    # Turned glyphs set close are cut as one line twice as tall ('标指' over '益', '效'): the
    # stack holds as many glyphs as its lines' heights give, and the turned reading is taken.
    assert fills("效益指标", stack_ems([(0, 0, 24, 48), (0, 52, 23, 73), (1, 77, 24, 100)]))
    assert not fills("效", stack_ems([(0, 0, 24, 48), (0, 52, 23, 73), (1, 77, 24, 100)]))
    assert fills(
        "产出指标（50分）", stack_ems([(264, 1465, 290, 1578), (263, 1582, 287, 1603), (263, 1606, 287, 1628)])
    )
    # The turned column cut in four glyph slots, top to bottom, the top two as one line.
    height, width = turned_label.shape
    tops = np.linspace(0, height, 5).astype(int)
    boxes = [(0, tops[0], width, tops[2]), (0, tops[2], width, tops[3]), (0, tops[3], width, tops[4])]
    assert is_stack(boxes)
    assert read_turned(turned_label, boxes, default_recognizer()) == ("效益指标", pytest.approx(1.0, abs=0.1))
