"""Rules of a scanned page mended where the scan lost stretches of them, and only there: drawn
masks (rules) and ink (text blocks) straight into `scan_grids`, so each case is exact."""

from __future__ import annotations

import numpy as np
import pytest

from extract.ocr.rules import PT, scan_grids

COLS = (60.0, 160.0, 260.0, 360.0)  # points: three columns
ROWS = (100.0, 120.0, 140.0, 160.0)  # three one-line rows


def _page() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    shape = (int(220 * PT), int(420 * PT))
    return np.zeros(shape, np.uint8), np.zeros(shape, np.uint8), np.zeros(shape, np.uint8)


def _px(v: float) -> int:
    return round(v * PT)


def _ruled(horizontal: np.ndarray, vertical: np.ndarray) -> None:
    for y in ROWS:
        horizontal[_px(y), _px(COLS[0]) : _px(COLS[-1]) + 1] = 255
    for x in COLS:
        vertical[_px(ROWS[0]) : _px(ROWS[-1]) + 1, _px(x)] = 255


def _text(ink: np.ndarray, row: int, col: int, top: float = 5.0, height: float = 10.0) -> None:
    """A line of text in a cell: padded from its rules."""
    y0, x0 = ROWS[row] + top, COLS[col] + 4
    ink[_px(y0) : _px(y0 + height), _px(x0) : _px(x0 + 50)] = 255


def _cells(grids) -> list[tuple[int, int, int, int]]:
    (grid,) = grids
    return sorted((c.row, c.col, c.rowspan, c.colspan) for c in grid.cells)


FULL = [(r, c, 1, 1) for r in range(3) for c in range(3)]


def _filled(ink: np.ndarray) -> None:
    for r in range(3):
        for c in range(3):
            _text(ink, r, c)


def _middle_rule_lost(*middle: tuple[int, float, float]) -> list[tuple[int, int, int, int]]:
    """Cells of a page whose columns 0 and 2 hold one line per row, whose column 1 holds the
    lines `middle` (row, top, height), and whose row rule at ROWS[1] is gone across column 1."""
    h, v, ink = _page()
    _ruled(h, v)
    for r in range(3):
        for c in (0, 2):
            _text(ink, r, c)
    for row, top, height in middle:
        _text(ink, row, 1, top=top, height=height)
    h[_px(ROWS[1]), _px(COLS[1]) - 3 : _px(COLS[2]) + 4] = 0
    return _cells(scan_grids(h, v, ink))


def test_an_intact_grid_is_read_as_drawn() -> None:
    h, v, ink = _page()
    _ruled(h, v)
    _filled(ink)
    assert _cells(scan_grids(h, v, ink)) == FULL


@pytest.mark.parametrize("gap", [3.0, 5.0])
def test_short_breaks_in_rules_are_joined(gap: float) -> None:
    h, v, ink = _page()
    _ruled(h, v)
    _filled(ink)
    h[_px(ROWS[1]), _px(100) : _px(100 + gap)] = 0  # mid-cell, where the cell boundary is tested
    v[_px(125) : _px(125 + gap), _px(COLS[1])] = 0
    assert _cells(scan_grids(h, v, ink)) == FULL


def test_a_lost_stretch_between_two_cells_with_text_is_bridged() -> None:
    h, v, ink = _page()
    _ruled(h, v)
    _filled(ink)
    h[_px(ROWS[1]), _px(COLS[1]) - 3 : _px(COLS[2]) + 4] = 0  # a whole cell's width of row rule
    v[_px(ROWS[1]) - 3 : _px(ROWS[3]) - 4, _px(COLS[2])] = 0  # most of a column rule's lower part
    assert _cells(scan_grids(h, v, ink)) == FULL


def test_a_merged_cell_stays_merged() -> None:
    """The same stretch of rule missing, but one text in the middle of the two rows: a cell
    drawn across both rows, not a lost rule."""
    assert (0, 1, 2, 1) in _middle_rule_lost((0, 14.0, 10.0))  # across the rule's line


def test_a_merged_cell_with_one_short_text_stays_merged() -> None:
    assert (0, 1, 2, 1) in _middle_rule_lost((0, 5.0, 10.0))  # in the upper half: nothing below the line


def test_a_rule_cut_short_inside_a_cell_goes_on_to_the_next_rule() -> None:
    h, v, ink = _page()
    _ruled(h, v)
    _filled(ink)
    v[_px(ROWS[2]) + 8 : _px(ROWS[3]) + 1, _px(COLS[1])] = 0  # the last row's stretch, from inside it
    assert _cells(scan_grids(h, v, ink)) == FULL


def test_a_glyph_stroke_run_on_from_a_rule_does_not_cut_the_cell_above() -> None:
    """A column rule of the lower rows continues upwards as a glyph's stroke touching it: the
    row above keeps its merged cell."""
    h, v, ink = _page()
    _ruled(h, v)
    _filled(ink)
    v[_px(ROWS[0]) : _px(ROWS[1]) + 1, _px(COLS[1])] = 0  # row 0: one cell across columns 0 and 1
    x = _px(COLS[1])
    v[_px(ROWS[1]) - _px(14) : _px(ROWS[1]), x] = 255  # the stroke, 14 pt up from the rule
    ink[_px(ROWS[1]) - _px(14) : _px(ROWS[1]) - 2, x + 3 : x + 12] = 255  # the rest of its glyph
    assert (0, 0, 1, 2) in _cells(scan_grids(h, v, ink))


def test_a_table_is_not_carried_to_a_line_outside_it() -> None:
    """A page edge photographed beside the table, and a rule of the table cut short of its frame
    at the top: the rule goes to the frame, never across the margin to the page's edge."""
    h, v, ink = _page()
    _ruled(h, v)
    _filled(ink)
    h[_px(20), :] = 255  # the sheet's top edge
    v[:, _px(410)] = 255  # its right edge
    v[_px(ROWS[0]) : _px(ROWS[0]) + _px(8), _px(COLS[3])] = 0  # the frame's top right, lost
    grids = scan_grids(h, v, ink)
    assert _cells([g for g in grids if len(g.cells) > 1]) == FULL


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("等十9,511,599株", "等于9,511,599株"),
        ("多十85公里", "多于85公里"),
        ("大于或等十90%", "大于或等于90%"),
        ("不少十 5次", "不少于 5次"),
        ("至少十人", "至少十人"),  # 'at least ten people': a numeral, not a misread
        ("十5", "十5"),
        ("≥90(%)_", "≥90(%)"),  # a rule's remnant at the line's end (samples/scan/*_thin_rules.pdf)
        ("__按期完成", "按期完成"),
        ("a_b", "a_b"),
    ],
)
def test_glyphs_the_recogniser_misreads_are_repaired(read: str, printed: str) -> None:
    from extract.ocr.page import _fix_ocr

    assert _fix_ocr(read) == printed


def _line(first: str) -> np.ndarray:
    """A value line at 200 dpi: a first glyph drawn as a printer would, then '150'."""
    import cv2

    img = np.full((40, 120), 250, np.uint8)
    if first in "≥≤":
        tip, ends = ((24, 17), (8, 6)) if first == "≥" else ((8, 17), (24, 6))
        cv2.line(img, (ends[0], 8), tip, 20, 2)
        cv2.line(img, tip, (ends[0], 26), 20, 2)
        cv2.line(img, (8, 31), (24, 31), 20, 2)
    else:
        cv2.putText(img, first, (6, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 20, 2)
    cv2.putText(img, "150", (34, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 20, 2)
    return img


@pytest.mark.parametrize(
    ("drawn", "read", "flagged"),
    [
        ("≥", "2150", "≥150"),  # the sign read as a digit
        ("≥", ">150", "≥150"),  # its bar missed
        ("≥", "150", "≥150"),  # dropped
        ("≤", "2150", "≤150"),
        ("2", "2150", None),  # a real 2, a real 1, a real '>': left alone
        ("1", "1150", None),
        (">", ">150", None),
    ],
)
def test_a_comparator_the_recogniser_did_not_read_is_seen_in_the_glyph(drawn: str, read: str, flagged) -> None:
    from extract.ocr.page import _comparator_unread

    assert _comparator_unread(_line(drawn), read) == flagged


def test_a_merged_cell_whose_text_wraps_across_the_lost_line_stays_merged() -> None:
    """'社会效益指' over '标' in a cell drawn across two rows: text on both sides of where a row
    rule would be and none crossing it, but a line's spacing apart, not two rows' padding."""
    # The first line ends 2.5 pt above the line at ROWS[1]; the wrapped rest starts 2.5 pt below it.
    assert (0, 1, 2, 1) in _middle_rule_lost((0, 8.5, 9.0), (1, 2.5, 9.0))
