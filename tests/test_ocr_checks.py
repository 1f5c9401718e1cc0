"""OCR findings on indicator rows."""

from __future__ import annotations

from budget_perf.assemble.ocr_checks import check_row
from budget_perf.qa import config as qa_config
from extract.model import Cell

MIN = qa_config.ocr_min_confidence(qa_config.defaults())


def _cell(text: str, conf: float | None = 0.95) -> Cell:
    return Cell(0, 0, text, page=2, bbox=(10.0, 20.0, 30.0, 40.0), confidence=conf)


def test_low_confidence_cell_is_named() -> None:
    (f,) = check_row(
        3, {"level3": [_cell("培训次数")], "value": [_cell("≥2次", 0.61)]}, {"value": "≥2次"}, "次", 2.0, MIN
    )
    assert (f.code, f.row, f.field, f.page, f.bbox) == ("ocr_low_confidence", 3, "value", 2, [10.0, 20.0, 30.0, 40.0])
    assert "0.61" in f.message


def test_letters_among_digits_and_a_rate_without_percent() -> None:
    codes = {f.code for f in check_row(0, {"value": [_cell("1O0%")]}, {"value": "1O0%"}, "%", None, MIN)}
    assert codes == {"ocr_suspicious_digits"}
    codes = {
        f.code for f in check_row(0, {"value": [_cell("90个")]}, {"level3": "合格率", "value": "90个"}, "个", 90.0, MIN)
    }
    assert codes == {"ocr_unit_mismatch"}


def test_clean_rows_and_text_layer_rows_give_nothing() -> None:
    assert check_row(0, {"value": [_cell("≥95%")]}, {"level3": "合格率", "value": "≥95%"}, "%", 95.0, MIN) == []
    assert check_row(0, {"value": [_cell("1O0%", None)]}, {"value": "1O0%"}, "%", None, MIN) == []


def test_a_thousands_group_short_of_three_digits_is_a_lost_digit() -> None:
    for text in ("等于9,511,99株", "小于3,85,724辆", "9,511,99"):
        codes = {f.code for f in check_row(0, {"value": [_cell(text)]}, {"value": text}, None, None, MIN)}
        assert codes == {"ocr_suspicious_digits"}, text
    for text in ("高于668°", "≤26°", "不超过1,755.526百分比"):
        codes = {f.code for f in check_row(0, {"value": [_cell(text)]}, {"value": text}, None, None, MIN)}
        assert codes == {"ocr_suspicious_digits"}, text
    for text in ("等于9,511,599株", "1,234.5万元", "≤26°C", "≤26℃", "1,755.52万元", "1755.526"):
        assert check_row(0, {"value": [_cell(text)]}, {"value": text}, None, None, MIN) == [], text


def test_a_row_whose_digits_look_broken_has_a_confidence_that_says_so() -> None:
    """The recogniser was sure (0.91) of '9,511,99株', a digit lost: the finding names the cell,
    and the row's confidence falls below the QA threshold with it."""
    from budget_perf.assemble import build_tables
    from extract.model import RawDocument, Table
    from extract.ocr.doubt import DISPUTED_CONFIDENCE

    def row(r: int, texts: list[str]) -> list[Cell]:
        return [Cell(r, c, t, page=1, bbox=(c * 10.0, r * 10.0, c * 10.0 + 9, r * 10.0 + 9), confidence=0.91)
                for c, t in enumerate(texts)]  # fmt: skip

    cells = [
        *row(0, ["一级指标", "二级指标", "三级指标", "指标值"]),
        *row(1, ["产出指标", "数量指标", "栽植株数", "等于9,511,99株"]),
        *row(2, ["产出指标", "数量指标", "栽植面积", "等于95亩"]),
    ]
    tables, issues = build_tables(RawDocument(format="pdf", blocks=[Table(cells=cells, pages=[1])], pages=1))
    broken, clean = tables[0].indicators
    assert broken.confidence == DISPUTED_CONFIDENCE and clean.confidence == 0.91
    assert [(i.row, i.field) for i in issues if i.code == "ocr_suspicious_digits"] == [(0, "value")]


def _scanned(value_confidence: float, value: str = "≥2次") -> list[Cell]:
    texts = [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "培训次数", value]]
    return [
        Cell(r, c, t, page=1, bbox=(c * 10.0, r * 10.0, c * 10.0 + 9, r * 10.0 + 9),
             confidence=value_confidence if (r, c) == (1, 3) else 0.95)
        for r, row in enumerate(texts) for c, t in enumerate(row)
    ]  # fmt: skip


def _read(cells: list[Cell], min_confidence: float | None = None):
    from budget_perf.assemble import build_tables
    from extract.model import RawDocument, Table

    return build_tables(RawDocument(format="pdf", blocks=[Table(cells=cells, pages=[1])], pages=1), min_confidence)


def test_the_threshold_is_the_configured_one_passed_in() -> None:
    """One threshold: the configuration's by default, another when the caller passes one."""
    _, issues = _read(_scanned(0.7))
    assert [(i.code, i.table, i.row, i.field) for i in issues if i.code.startswith("ocr_")] == [
        ("ocr_low_confidence", 0, 0, "value")
    ]
    _, issues = _read(_scanned(0.7), min_confidence=0.6)
    assert not [i for i in issues if i.code == "ocr_low_confidence"]


def test_a_disputed_row_is_noted_on_the_row_itself() -> None:
    """Digits a check disputes cap the row's confidence below the threshold; no cell scored low,
    so the row carries its own low-confidence note beside the disputing one."""
    tables, issues = _read(_scanned(0.95, "等于9,511,99株"))
    (row,) = tables[0].indicators
    assert row.confidence == 0.5
    notes = {i.code: i for i in issues if i.code.startswith("ocr_")}
    assert set(notes) == {"ocr_suspicious_digits", "ocr_low_confidence"}
    assert notes["ocr_low_confidence"].message == f"「培训次数」的 OCR 置信度 0.50 低于 {MIN:g}，请核对原件"
    assert (notes["ocr_low_confidence"].table, notes["ocr_low_confidence"].row) == (0, 0)
