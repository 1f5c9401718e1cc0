"""Rules of a scanned page mended where the scan lost stretches of them, and only there: drawn
masks (rules) and ink (text blocks) straight into `scan_grids`, so each case is exact."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.ocr.rules import PT, scan_grids
from normalizers.grammar import OPERATOR_SUFFIX, UNITS

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
    v[_px(ROWS[0]) : _px(ROWS[1]) + 1, _px(COLS[1])] = 0  # row 0: one cell across columns 0 and 1,
    ink[_px(ROWS[0]) : _px(ROWS[1]), _px(COLS[0]) : _px(COLS[2])] = 0
    ink[_px(ROWS[1]) - _px(14) : _px(ROWS[1]) - 2, _px(COLS[0] + 4) : _px(COLS[1]) - 3] = 255  # one text
    x = _px(COLS[1])  # whose last glyph stands on the line of the rule below
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


def test_a_merged_cell_whose_text_wraps_across_the_lost_line_stays_merged() -> None:
    """'社会效益指' over '标' in a cell drawn across two rows: text on both sides of where a row
    rule would be and none crossing it, but a line's spacing apart, not two rows' padding."""
    # The first line ends 2.5 pt above the line at ROWS[1]; the wrapped rest starts 2.5 pt below it.
    assert (0, 1, 2, 1) in _middle_rule_lost((0, 8.5, 9.0), (1, 2.5, 9.0))


def test_a_skewed_rules_remnant_beside_wrapped_text_is_no_line_of_text() -> None:
    """The same wrapped cell with a sliver of a skewed rule left just above the line: a band of
    ink a pixel high is no line of text, and the wrap is still seen."""
    assert (0, 1, 2, 1) in _middle_rule_lost((0, 8.5, 9.0), (1, 2.5, 9.0), (0, 18.3, 0.4))


def _first_column_merged(column_rule: tuple[float, float]) -> list[tuple[int, int, int, int]]:
    """Cells of a page whose first column is one cell across the three rows (text at its top
    only, so the text cannot tell where the column rule ran) and whose column rule at COLS[1]
    survives only between `column_rule` (points)."""
    h, v, ink = _page()
    _ruled(h, v)
    for y in ROWS[1:3]:
        h[_px(y), : _px(COLS[1]) - 3] = 0  # the first column's row rules: merged away
    for r in range(3):
        for c in (1, 2):
            _text(ink, r, c)
    _text(ink, 0, 0)
    v[:, _px(COLS[1])] = 0
    v[_px(column_rule[0]) : _px(column_rule[1]), _px(COLS[1])] = 255
    return _cells(scan_grids(h, v, ink))


MERGED_FIRST_COLUMN = [(0, 0, 3, 1)] + [(r, c, 1, 1) for r in range(3) for c in (1, 2)]


def test_a_block_merged_across_rows_and_columns_gets_no_rule_without_evidence() -> None:
    """Rows 1-2 of columns 0-1 one cell holding one text: no rule ends inside it and the text
    is on one side only, so no rule is put back."""
    h, v, ink = _page()
    _ruled(h, v)
    h[_px(ROWS[2]), : _px(COLS[2]) - 3] = 0
    v[_px(ROWS[1]) + 3 : _px(ROWS[3]) - 3, _px(COLS[1])] = 0
    for r in range(3):
        _text(ink, r, 2)
    _text(ink, 0, 0)
    _text(ink, 0, 1)
    _text(ink, 1, 0)
    assert (1, 0, 2, 2) in _cells(scan_grids(h, v, ink))


def test_a_rule_cut_short_goes_on_past_a_tee_to_the_table_frame() -> None:
    """The column rule's lower part lost: carried to the next row rule, which ends on its line,
    and so on past it to the frame (a rule never turns a corner inside a table)."""
    assert _first_column_merged((ROWS[0], ROWS[1] + 5)) == MERGED_FIRST_COLUMN


def test_a_middle_stretch_with_a_tee_inside_is_bridged() -> None:
    h, v, ink = _page()
    _ruled(h, v)
    for y in ROWS[1:3]:
        h[_px(y), : _px(COLS[1]) - 3] = 0
    for r in range(3):
        for c in (1, 2):
            _text(ink, r, c)
    _text(ink, 0, 0)
    v[_px(ROWS[1]) + 3 : _px(ROWS[3]) - 4, _px(COLS[1])] = 0  # rows 1 and 2, all but the ends
    assert _cells(scan_grids(h, v, ink)) == MERGED_FIRST_COLUMN


def test_a_row_rule_lost_beside_a_merged_cell_is_filled_in() -> None:
    """The row rule between rows 1 and 2 lost across the first column, whose cells each hold
    their text, and absent across the second, a merged cell: no piece of it on the left to
    bridge from, and yet the first column's two cells are two."""
    h, v, ink = _page()
    _ruled(h, v)
    _filled(ink)
    ink[_px(ROWS[2]) : _px(ROWS[3]), _px(COLS[1]) : _px(COLS[2])] = 0  # column 1: one text, rows 1-2
    h[_px(ROWS[2]), : _px(COLS[2]) - 3] = 0
    cells = _cells(scan_grids(h, v, ink))
    assert (1, 0, 1, 1) in cells and (2, 0, 1, 1) in cells
    assert (1, 1, 2, 1) in cells


def test_a_comma_after_an_ideograph_is_dropped_at_the_cells_end_only() -> None:
    from extract.ocr.glyphs import cell_text

    assert cell_text([("人均补助", 0.9), ("标准,", 0.9)]) == "人均补助标准"
    assert cell_text([("人均补助标准，", 0.9)]) == "人均补助标准"
    assert cell_text([("294m²以上:", 0.9)]) == "294m²以上"
    assert cell_text([("≥90%,", 0.9)]) == "≥90%,"  # after a sign: not this repair's to judge
    assert cell_text([("群众满意度不小于9,780，", 0.9), ("852天", 0.9)]) == "群众满意度不小于9,780,852天"
    assert cell_text([("保障基本需求,", 0.9), ("提高覆盖面", 0.9)]) == "保障基本需求,提高覆盖面"


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("大于9,660,048干米", "大于9,660,048千米"),
        ("9,740,322亩以F", "9,740,322亩以下"),
        ("大于9,660,048F米", "大于9,660,048千米"),  # F may be 下 or 千: only 千米 is a unit
        ("12F米以F", "12千米以下"),
        ("294m²以1:", "294m²以上"),
        ("495个T作目", "495个工作日"),  # two glyphs off
        ("3曰内", "3日内"),
        ("≥1645个工作日", "≥1645个工作日"),
        ("5干部", "5干部"),  # no unit spelt so
        ("3目", "3目"),  # one glyph is too little to go by
        ("10个项目", "10个项目"),
        ("以1:", "以1:"),  # no number before it
        ("626个作日以内", "626个工作日以内"),  # a glyph dropped at a wrapped line's end
        ("<6,207,633万π", "<6,207,633万元"),  # 元 read as π at a cell's end
        ("≤4.26万兀", "≤4.26万元"),  # 元 with its top stroke lost, read as 兀 (a scanned 石家庄 form)
        ("覆盖率不少于720.64亿π", "覆盖率不少于720.64亿元"),
        ("5人次以", "5人次以"),  # 以上, 以下, 以内: no one spelling
        ("5837平方", "5837平方"),  # nothing is added at the end
        ("10个点位", "10个点位"),
    ],
)
def test_a_units_lookalike_glyphs_are_spelt_from_the_vocabulary(read: str, printed: str) -> None:
    from extract.ocr.glyphs import cell_text

    assert cell_text([(read, 0.9)]) == printed


@given(st.text(alphabet="0123456789千干米亩以下F上1:目日工T作个人次%内", min_size=1, max_size=12))
def test_spelling_a_tail_from_the_vocabulary_keeps_known_tails_and_writes_only_known_ones(text: str) -> None:
    from normalizers.grammar import _KNOWN_TAIL, _NUMBER_TAIL, known_tail

    match = _NUMBER_TAIL.search(text)
    if match is None:
        return
    spelt = known_tail(match)
    if _KNOWN_TAIL.fullmatch(match.group()):
        assert spelt == match.group()
    assert spelt == match.group() or _KNOWN_TAIL.fullmatch(spelt)


def test_a_dash_after_an_ideograph_at_the_cells_end_is_a_rules_remnant() -> None:
    from extract.ocr.glyphs import cell_text

    assert cell_text([("公共服务均等化", 0.9), ("水平—", 0.9)]) == "公共服务均等化水平"
    assert cell_text([("设备完好率_", 0.9)]) == "设备完好率"
    assert cell_text([("—", 0.9)]) == "—"  # a placeholder, alone in its cell
    assert cell_text([("2024-", 0.9)]) == "2024-"
    assert cell_text([("完成—", 0.9), ("验收", 0.9)]) == "完成—验收"


@given(st.text(alphabet="0123456789,.", min_size=1, max_size=16))
def test_regrouping_a_number_never_changes_its_digits(token: str) -> None:
    import re

    from normalizers.grammar import regroup_thousands

    for match in re.finditer(r"\d[\d.,]*,[\d.,]*\d", token):
        out = regroup_thousands(match)
        assert re.sub(r"\D", "", out) == re.sub(r"\D", "", match.group())
        if out != match.group():  # what it writes is a well-formed grouped number
            assert re.fullmatch(r"[1-9]\d{0,2}(,\d{3})+(\.[\d.,]*)?", out)


def test_a_frames_lost_corner_is_closed() -> None:
    """The bottom rule gone under the first column and the frame's left rule short of it: the
    frame is a rectangle, so both are drawn on to the corner and the last row keeps its cells."""
    h, v, ink = _page()
    _ruled(h, v)
    _filled(ink)
    h[_px(ROWS[3]), : _px(COLS[1]) + 10] = 0
    v[_px(ROWS[3]) - _px(8) :, _px(COLS[0])] = 0
    assert _cells(scan_grids(h, v, ink)) == FULL


def test_a_bottom_rule_lost_under_two_columns_is_put_back_by_the_rules_ending_on_it() -> None:
    """Two thirds of the bottom rule gone (too much to close the frame by): the column rules
    still end on its line, in tees, so it ran there."""
    h, v, ink = _page()
    _ruled(h, v)
    _filled(ink)
    h[_px(ROWS[3]), : _px(COLS[2]) - 3] = 0
    assert _cells(scan_grids(h, v, ink)) == FULL


def _row_of(*cells: list[tuple[int, int, int, int]]):
    from extract.pdf.rulings import Grid, GridCell

    xs = [float(100 * i) for i in range(len(cells) + 1)]
    grid = Grid(xs, [0.0, 100.0], [GridCell(0, i, 1, 1, (xs[i], 0.0, xs[i + 1], 100.0)) for i in range(len(cells))], [])
    return grid, {i: list(boxes) for i, boxes in enumerate(cells)}


def test_rows_a_lost_rule_joined_are_warned_about_beside_a_wrapped_cell() -> None:
    """Two rows joined: one cell holds a line per row, its neighbour a wrapped paragraph above
    the lost rule and a line below it. The gaps differ in their middles, not in where they
    overlap (the lost rule)."""
    from extract.ocr.page import _merged_rows

    one_line = [(5, 10, 60, 30), (5, 68, 60, 88)]
    wrapped = [(105, 10, 160, 30), (105, 34, 160, 54), (105, 68, 160, 88)]
    assert _merged_rows(*_row_of(one_line, wrapped)) == [(0, 2)]
    assert _merged_rows(*_row_of(wrapped, [(205, 10, 260, 30), (205, 34, 260, 54)])) == []  # wraps only


def _first_cell_over_rows_0_and_1(ink: np.ndarray) -> None:
    """Text in every cell of columns 1 and 2; in column 0 a cell over rows 0-1 with its text at
    the top, then row 2's."""
    for r in range(3):
        for c in (1, 2):
            _text(ink, r, c)
    _text(ink, 0, 0)
    _text(ink, 2, 0)


def test_a_row_rule_lost_under_a_merged_cells_text_at_its_top_is_filled_in() -> None:
    """The first column: a cell across rows 0-1 with its text at the top, then row 2's cell; the
    rule between them lost across that column. The look above the line goes up to the rule
    drawn across this column (the merged cell's top), not to the row rules of the columns beside."""
    h, v, ink = _page()
    _ruled(h, v)
    _first_cell_over_rows_0_and_1(ink)
    h[_px(ROWS[1]), : _px(COLS[1]) - 3] = 0  # merged
    h[_px(ROWS[2]), : _px(COLS[1]) - 3] = 0  # lost
    cells = _cells(scan_grids(h, v, ink))
    assert (0, 0, 2, 1) in cells and (2, 0, 1, 1) in cells


def test_a_row_rule_drawn_short_of_both_ends_of_a_cell_is_the_cells_foot() -> None:
    """A thin rule's piece across most of the first column, reaching neither column rule, and
    nothing to bridge to across the merged cell beside it."""
    h, v, ink = _page()
    _ruled(h, v)
    for r in range(3):
        _text(ink, r, 0)
        _text(ink, r, 2)
    _text(ink, 1, 1)
    h[_px(ROWS[2]), : _px(COLS[2]) - 3] = 0
    h[_px(ROWS[2]), _px(COLS[0] + 8) : _px(COLS[1] - 8)] = 255
    cells = _cells(scan_grids(h, v, ink))
    assert (1, 0, 1, 1) in cells and (2, 0, 1, 1) in cells and (1, 1, 2, 1) in cells


@given(
    st.lists(st.booleans(), max_size=40),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=0, max_value=3),
)
def test_line_runs_join_ink_across_small_gaps(profile: list[bool], min_len: int, max_gap: int) -> None:
    """`page._runs` against the pixel-by-pixel definition: ink runs whose gaps of paper are at
    most `max_gap` long are one run; runs shorter than `min_len` are dropped."""
    from extract.ocr.page import _runs

    idx = [i for i, v in enumerate(profile) if v]
    want: list[tuple[int, int]] = []
    for i in idx:
        if want and i - want[-1][1] <= max_gap:
            want[-1] = (want[-1][0], i + 1)
        else:
            want.append((i, i + 1))
    assert _runs(np.array(profile, bool), min_len, max_gap) == [(a, b) for a, b in want if b - a >= min_len]


@given(st.sampled_from(sorted(UNITS)), st.sampled_from(["", *sorted(OPERATOR_SUFFIX)]), st.data())
def test_a_glyph_dropped_inside_a_known_tail_is_put_back_or_the_tail_left_as_read(
    unit: str, suffix: str, data: st.DataObject
) -> None:
    """A known unit and operator word with one inner ideograph lost: spelt back as printed where
    one spelling fits, else left as read; never some other tail."""
    import re

    from normalizers.grammar import _KNOWN_TAIL, _NUMBER_TAIL, known_tail

    tail = unit + suffix
    inner = [i for i in range(1, len(tail) - 1) if re.match(r"[\u4e00-\u9fff]", tail[i])]
    if not inner:
        return
    i = data.draw(st.sampled_from(inner))
    read = "12" + tail[:i] + tail[i + 1 :]
    match = _NUMBER_TAIL.search(read)
    if match is None or match.start() != 2 or _KNOWN_TAIL.fullmatch(match.group()):
        return  # too long to be a tail, or still a known tail ('个月' less 个 is 月): nothing to mend
    assert known_tail(match) in (match.group(), tail)


def _continuation(crossing: bool = False, own_rule: float | None = None, columns_above=None) -> list[float]:
    """Column rules found on a page opening with a two-row table whose rule at x=260 the scan
    lost whole (frames at 60 and 360, a column rule at 160). Text in every cell, clear of the
    rules; `crossing`: the second row's text runs across x=260 (one cell over two columns)."""
    shape = (int(600 * PT), int(420 * PT))
    h, v, ink = (np.zeros(shape, np.uint8) for _ in range(3))
    ys, drawn = (60.0, 80.0, 100.0), [60.0, 160.0, 360.0] + ([own_rule] if own_rule else [])
    for y in ys:
        h[_px(y), _px(60) : _px(360) + 1] = 255
    for x in drawn:
        v[_px(ys[0]) : _px(ys[-1]) + 1, _px(x)] = 255
    for top in ys[:-1]:
        for left in (60.0, 160.0, 260.0):
            ink[_px(top + 5) : _px(top + 15), _px(left + 4) : _px(left + 60)] = 255
    if crossing:
        ink[_px(85) : _px(95), _px(200) : _px(330)] = 255
    (grid,) = scan_grids(h, v, ink, columns_above)
    return [round(x) for x in grid.xs]


ABOVE = [60.0, 160.0, 260.0, 360.0]


def test_a_column_rule_lost_on_a_continuation_page_is_taken_from_the_table_above() -> None:
    assert _continuation() == [60, 160, 360]  # nothing to go by
    assert _continuation(columns_above=ABOVE) == [60, 160, 260, 360]
    # the page a few points to the side of the one before
    assert _continuation(columns_above=[x - 2.5 for x in ABOVE]) == [60, 160, 260, 360]


def test_a_column_from_the_table_above_is_not_drawn_through_text_or_into_another_table() -> None:
    assert _continuation(crossing=True, columns_above=ABOVE) == [60, 160, 360]
    assert _continuation(own_rule=300.0, columns_above=ABOVE) == [60, 160, 300, 360]  # another table
    assert _continuation(columns_above=[60.0, 160.0, 260.0, 400.0]) == [60, 160, 360]  # other frames


def test_a_rule_lost_over_a_cells_part_clear_of_its_text_is_bridged_by_the_whole_cells_text() -> None:
    """A row rule drawn into a cell and lost over the cell's right part, where no text is (the
    names set left): the piece divided the whole cell, whose texts above and below say two rows
    (dev form 56, missing rules: '服务达标率' over '档案完整率' read as one name)."""
    h, v, ink = _page()
    _ruled(h, v)
    _first_cell_over_rows_0_and_1(ink)
    h[_px(ROWS[1]), _px(COLS[0]) - 3 : _px(COLS[1]) - 1] = 0  # column 0: a cell over rows 0 and 1
    # the pieces cross one rule each: the right one starts just clear of its column rule
    h[_px(ROWS[1]), _px(COLS[1] + 60) : _px(COLS[2] + 2.6)] = 0
    cells = _cells(scan_grids(h, v, ink))
    assert (0, 0, 2, 1) in cells and (0, 1, 1, 1) in cells and (1, 1, 1, 1) in cells


def test_glyph_strokes_are_not_joined_into_a_rule_through_a_cell_whose_text_crosses_the_line() -> None:
    """A narrow label column of two-glyph lines ('绩效/目标/指标'): a glyph's stem in the first
    row and one in the last are taken for pieces of a column rule, and the text of every row
    lies either side of their line, clear of it, but for one row, where a glyph's bar crosses
    it. The stretch between the pieces is judged cell by cell: over the whole stretch that bar
    was too small a share to count, and the column was split in two (a scanned 福州 form)."""
    rows = [100.0 + 20 * i for i in range(10)]
    cols = (60.0, 160.0, 260.0)
    shape = (int(320 * PT), int(300 * PT))
    h, v, ink = (np.zeros(shape, np.uint8) for _ in range(3))
    for y in rows:
        h[_px(y), _px(cols[0]) : _px(cols[-1]) + 1] = 255
    for x in cols:
        v[_px(rows[0]) : _px(rows[-1]) + 1, _px(x)] = 255
    stem = 110.0
    for y0 in rows[:-1]:
        ink[_px(y0 + 5) : _px(y0 + 15), _px(64) : _px(stem - 4)] = 255  # a glyph left of the line
        ink[_px(y0 + 5) : _px(y0 + 15), _px(stem + 4) : _px(156)] = 255  # and one right of it
        ink[_px(y0 + 5) : _px(y0 + 15), _px(164) : _px(220)] = 255  # the next column's text
    ink[_px(rows[4] + 9) : _px(rows[4] + 10), _px(stem - 4) : _px(stem + 4)] = 255  # a bar across it
    v[_px(rows[0] + 4) : _px(rows[0] + 16), _px(stem)] = 255  # the stems taken for rule pieces
    v[_px(rows[-2] + 4) : _px(rows[-2] + 16), _px(stem)] = 255
    (grid,) = scan_grids(h, v, ink)
    assert [round(x) for x in grid.xs] == [60, 160, 260]


def test_two_lines_a_noisy_scan_joined_with_specks_are_read_as_two() -> None:
    """The free text's bands of rows: specks in each blank row between two lines (a noisy page's
    dots, kept beside glyphs) join them into one band two lines tall, which is parted again."""
    from extract.ocr.page import _lines

    ink = np.zeros((220, 1000), np.uint8)
    for top in (10, 50, 90, 130, 160):
        ink[top : top + 24, 100:900:3] = 255  # a text line, 24 rows tall
    for row in range(154, 160):
        ink[row, 50 + 97 * (row - 154)] = 255  # one speck in each blank row between the last two
    assert [(b[1], b[3]) for b in _lines(ink, 0, 0, split_gap=3.0)] == [
        (10, 34), (50, 74), (90, 114), (130, 154), (160, 184)
    ]  # fmt: skip
    assert (130, 184) in [(b[1], b[3]) for b in _lines(ink, 0, 0)]  # a cell's lines: as found


def test_a_glyph_stem_the_length_of_a_row_is_no_column_rule() -> None:
    """A tall stem inside a cell ('标' at the foot of a one-line row, a speck above it) whose
    vertical mask reaches both row rules, with its glyph's strokes hugging it: no rule, the cell
    stays whole. The same piece with no ink along it is a column rule (a scan kept only that
    row's stretch of it)."""
    h, v, ink = _page()
    _ruled(h, v)
    _filled(ink)
    x = _px(COLS[1] - 50)  # inside the cell of row 1, column 0, through its text
    v[_px(ROWS[1]) : _px(ROWS[2]) + 1, x] = 255
    stem = [(r, c) for r, c, *_ in _cells(scan_grids(h, v, ink))]
    assert stem.count((1, 0)) == 1 and (1, 1) in stem and len(stem) == 9
    ink[:, x - 20 : x + 20] = 0  # no glyph there: the cell is two
    assert (1, 0, 1, 1) in _cells(scan_grids(h, v, ink)) and len(_cells(scan_grids(h, v, ink))) == 10
