"""Numbers on scans (issue 32, item 4): a reading that lost digits or its point against its column,
and a thousands separator read as a decimal point in a form's amounts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bench.calibration import confident_rows_right
from budget_perf.assemble import build_tables
from extract.model import Cell, RawDocument, Table
from extract.ocr.doubt import DISPUTED_CONFIDENCE
from normalizers.number_shapes import (
    digits_lost_against_column,
    number_shape,
    separators_read_as_points,
    three_decimals,
)

PARTS = ("fiscal", "other", "carried_over", "special_account")


def test_the_issue_s_readings_are_short_of_their_column() -> None:
    """'≥1.00(个)' read '00（个）': the integer part and the point lost against '1.00', '12.00'."""
    column = ["≥1.00(个)", "=12.00(次)", "00（个）", "≥95.00(%)", "较好", None]
    assert digits_lost_against_column(column) == {2: "1.00"}
    assert digits_lost_against_column(["1.00个", "12.00次", "100个"]) == {2: "1.00"}  # the point lost
    assert digits_lost_against_column(["1.00个", "12.00次", ".00个"]) == {2: "1.00"}  # the integer part lost
    assert digits_lost_against_column(["1.00个", "12.00次", "12.0次"]) == {2: "1.00"}  # a decimal lost


def test_a_column_that_writes_numbers_variously_says_nothing() -> None:
    assert digits_lost_against_column(["≥95%", "100%", "2次"]) == {}
    assert digits_lost_against_column(["1.5个", "12.00次", "3个"]) == {}
    assert digits_lost_against_column(["1.00个", "3个"]) == {}  # one other number is no pattern


_DECIMALS = st.integers(min_value=1, max_value=3)
_INTEGERS = st.lists(st.integers(min_value=0, max_value=99999), min_size=3, max_size=12)


@given(
    _DECIMALS, _INTEGERS, st.sampled_from(["个", "(次)", "%", "万元", ""]), st.sampled_from(["", "≥", "=", "不低于"])
)
def test_a_column_written_one_way_is_never_flagged(decimals: int, integers: list[int], unit: str, sign: str) -> None:
    column = [f"{sign}{n}.{'0' * decimals}{unit}" for n in integers]
    assert digits_lost_against_column(column) == {}


@given(_DECIMALS, _INTEGERS, st.data())
def test_one_reading_that_lost_its_integer_part_and_point_is_flagged(decimals, integers, data) -> None:
    column = [f"{n}.{'5' * decimals}个" for n in integers]
    lost = data.draw(st.integers(min_value=0, max_value=len(column) - 1))
    column[lost] = f"{'5' * decimals}个"
    assert set(digits_lost_against_column(column)) == {lost}


@given(st.integers(min_value=1000, max_value=999_999), st.integers(min_value=0, max_value=99))
def test_grouped_amounts_keep_their_shape(amount: int, cents: int) -> None:
    shape = number_shape(f"≥{amount:,}.{cents:02d}万元")
    assert shape is not None and shape.integer == str(amount) and shape.decimals == f"{cents:02d}"


def test_a_separator_read_as_a_point_is_put_right_by_the_form_s_sum() -> None:
    """资金总额 '39,778' read 39.778 beside 财政资金 39778 and 其他资金 0: the sum proves 39778."""
    amounts = {"total": 39.778, "fiscal": 39778.0, "other": 0.0}
    ((r,),) = [separators_read_as_points(amounts, "total", PARTS)]
    assert (r.field, r.as_read, r.meant) == ("total", 39.778, 39778.0)
    amounts = {"total": 39778.0, "fiscal": 30.0, "other": 9.778}  # '30,000' read 30, no sum proves 9778
    assert [(r.field, r.meant) for r in separators_read_as_points(amounts, "total", PARTS)] == [("other", None)]


def test_without_a_sum_a_three_decimal_amount_is_doubted_never_silent() -> None:
    (r,) = separators_read_as_points({"total": 39.778}, "total", PARTS)
    assert r.meant is None
    (r,) = separators_read_as_points({"total": 39.778, "medium_term": 120000.0}, "total", PARTS)
    assert r.meant is None


def test_a_form_that_adds_up_as_read_or_writes_three_decimals_says_nothing() -> None:
    assert separators_read_as_points({"total": 39.778, "fiscal": 30.0, "other": 9.778}, "total", PARTS) == []
    assert separators_read_as_points({"total": 12.345, "medium_term": 40.125}, "total", PARTS) == []
    assert separators_read_as_points({"total": 39.78, "fiscal": 39.78}, "total", PARTS) == []


@given(st.integers(min_value=1000, max_value=9_999_999), st.integers(min_value=0, max_value=999))
def test_a_total_read_a_thousandfold_small_is_always_corrected_or_doubted(total: int, other: int) -> None:
    """Never a silent thousandfold error: a total of whole 万元 read with its separator as a point."""
    other = min(other, total)
    as_read = {"total": total / 1000, "fiscal": float(total - other), "other": float(other)}
    if not three_decimals(as_read["total"]):
        return  # '40,000' read '40.000' is 40: a number the scan cannot tell from 40
    readings = separators_read_as_points(as_read, "total", PARTS)
    assert [(r.field, r.meant) for r in readings] == [("total", float(total))]


def _scan(rows: list[list[str]], above: list[list[str]] = ()) -> RawDocument:
    grid = [*above, ["一级指标", "二级指标", "三级指标", "指标值"], *rows]
    cells = [
        Cell(r, c, t, page=1, bbox=(c * 10.0, r * 10.0, c * 10.0 + 9, r * 10.0 + 9), confidence=0.97)
        for r, row in enumerate(grid)
        for c, t in enumerate(row)
    ]
    return RawDocument(format="pdf", blocks=[Table(cells=cells, pages=[1])], pages=1, ocr=True)


def test_a_row_whose_target_lost_digits_is_flagged_with_its_confidence_lowered() -> None:
    """The issue's page: '≥1.00(个)' read '00（个）' at 0.97, among '=12.00(次)' and '≥2.00(个)'."""
    raw = _scan(
        [
            ["产出指标", "数量指标", "新建站点", "≥2.00(个)"],
            ["产出指标", "数量指标", "培训次数", "=12.00(次)"],
            ["产出指标", "数量指标", "覆盖社区", "00（个）"],
        ]
    )
    tables, issues = build_tables(raw)
    confidences = [i.confidence for i in tables[0].indicators]
    assert confidences == [0.97, 0.97, DISPUTED_CONFIDENCE]
    (lost,) = [i for i in issues if i.code == "ocr_digits_lost"]
    assert (lost.table, lost.row, lost.field, lost.severity) == (0, 2, "value", "warning")
    assert "00（个）" in lost.message and "2.00" in lost.message


def test_a_text_layer_column_is_never_judged() -> None:
    raw = _scan([["产出指标", "数量指标", "新建站点", "≥2.00(个)"], ["产出指标", "数量指标", "培训", "=12.00(次)"],
                 ["产出指标", "数量指标", "覆盖", "00（个）"]])  # fmt: skip
    for block in raw.blocks:
        for cell in block.cells:
            cell.confidence = None
    _, issues = build_tables(raw)
    assert not [i for i in issues if i.code == "ocr_digits_lost"]


def test_a_scanned_budget_read_a_thousandfold_small_is_put_right() -> None:
    """The paper scan of issue 32: 年度金额 '39,778' (万元) read 39.778."""
    money = [
        ["项目名称", "示例项目", "", ""],
        ["资金总额（万元）", "39.778", "财政资金", "39778"],
        ["其他资金", "0", "", ""],
    ]
    rows = [["产出指标", "数量指标", "培训次数", "≥2次"]]
    tables, issues = build_tables(_scan(rows, money))
    budget = tables[0].budget
    assert budget is not None and (budget.total, budget.fiscal) == (39778.0, 39778.0)
    (note,) = [i for i in issues if i.code == "ocr_thousands_separator"]
    assert (note.severity, note.field, note.table) == ("info", "total", 0)


def test_calibration_counts_confident_rows_right() -> None:
    def row(name: str, value: str, confidence: float | None) -> dict:
        return {"level1": "产出指标", "level2": "数量指标", "level3": name, "value": {"raw": value},
                "confidence": confidence}  # fmt: skip

    truth = {"tables": [{"indicators": [row("a", "1", None), row("b", "2", None), row("c", "3", None)]}]}
    got = {"tables": [{"indicators": [row("a", "1", 0.99), row("b", "7", 0.96), row("c", "3", 0.9)]}]}
    c = confident_rows_right(truth, got, 0.95)
    assert (c.right, c.total, c.share) == (1, 2, 0.5)
