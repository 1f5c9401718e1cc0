"""The scan checks' registry (budget_perf/assemble/ocr_checks): every check is a named module that
states its evidence and declares its effect on confidence; the effect the assembly applies is the
registry's, and each check is exercised on a small scanned grid."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from budget_perf.assemble import build_tables
from budget_perf.assemble import ocr_checks as registry
from budget_perf.assemble.ocr_checks import CHECK_NAMES, CHECKS, DISPUTING, Effect, disputes
from extract.model import Cell, RawDocument, Table
from extract.ocr import doubt
from extract.ocr.doubt import DISPUTED_CONFIDENCE
from schemas import IndicatorTable, Issue
from schemas.codes import CODES

SCORE = 0.97  # every cell's score in the grids below, where a case sets no other
HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]


def test_every_check_module_is_registered_under_the_code_it_emits() -> None:
    package = Path(registry.__file__).parent
    modules = {p.stem for p in package.glob("*.py")} - {"__init__", "common"}
    assert set(CHECK_NAMES) == modules and len(CHECK_NAMES) == len(set(CHECK_NAMES))
    for name, check in CHECKS.items():
        assert check.name == name and name in CODES
        assert "Evidence" in check.doc and "Looks at" in check.doc, name
        assert isinstance(check.effect, Effect)
        assert (check.check is not None) == (check.step == "row"), name


def test_the_disputing_findings_are_the_registry_s_not_a_list_kept_apart() -> None:
    assert {name for name, check in CHECKS.items() if check.effect is Effect.DISPUTE} == DISPUTING
    assert {"ocr_suspicious_digits", "ocr_digits_lost", "ocr_rows_merged"} == DISPUTING
    assert not hasattr(doubt, "DISPUTING") and not hasattr(doubt, "disputes")
    assert all(disputes([name]) == (check.effect is Effect.DISPUTE) for name, check in CHECKS.items())


def _cells(grid: list[list[str]], scores: dict[tuple[int, int], float] | None = None) -> list[Cell]:
    return [
        Cell(r, c, t, page=1, bbox=(c * 10.0, r * 10.0, c * 10.0 + 9, r * 10.0 + 9),
             confidence=(scores or {}).get((r, c), SCORE))
        for r, row in enumerate(grid) for c, t in enumerate(row)
    ]  # fmt: skip


def _read(cells: list[Cell]) -> tuple[list[IndicatorTable], list[Issue]]:
    raw = RawDocument(format="pdf", blocks=[Table(cells=cells, pages=[1])], pages=1, ocr=True)
    return build_tables(raw)


def _low_confidence() -> list[Cell]:
    return _cells([HEADER, ["产出指标", "数量指标", "培训次数", "≥2次"]], {(1, 3): 0.7})


def _rows_merged() -> list[Cell]:
    """The rule between 二级指标 and 三级指标 lost: one cell over both columns."""
    cells = _cells([HEADER, ["效益指标", "", "", "有效改善"]])
    merged = Cell(1, 1, "可持续影响设施使用年限", colspan=2, page=1, bbox=(10.0, 10.0, 29.0, 19.0), confidence=SCORE)
    return [c for c in cells if (c.row, c.col) not in ((1, 1), (1, 2))] + [merged]


def _suspicious_digits() -> list[Cell]:
    cells = _cells([HEADER, ["产出指标", "数量指标", "培训人数", "≥120人"]])
    cells[-1].second_reading = "≥1.20人"
    return cells


def _unit_mismatch() -> list[Cell]:
    return _cells([HEADER, ["产出指标", "质量指标", "验收合格率", "90个"]])


def _digits_lost() -> list[Cell]:
    return _cells(
        [
            HEADER,
            ["产出指标", "数量指标", "新建站点", "≥2.00(个)"],
            ["产出指标", "数量指标", "培训次数", "=12.00(次)"],
            ["产出指标", "数量指标", "覆盖社区", "00（个）"],
        ]
    )


def _label_corrected() -> list[Cell]:
    return _cells([HEADER, ["数益指标", "社会效益指标", "受益人数", "≥100人"]])


def _thousands_separator() -> list[Cell]:
    """The paper scan of issue 32: 资金总额 '39,778' (万元) read 39.778 beside 财政资金 39778."""
    money = [
        ["项目名称", "示例项目", "", ""],
        ["资金总额（万元）", "39.778", "财政资金", "39778"],
        ["其他资金", "0", "", ""],
    ]
    return _cells([*money, HEADER, ["产出指标", "数量指标", "培训次数", "≥2次"]])


def _table_unread() -> list[Cell]:
    """指标 in four cells, but no column a target could be read from: no header."""
    return _cells(
        [["一级指标", "二级指标", "三级指标", "指标说明"], ["产出指标", "数量指标", "培训次数", "培训的次数"]]
    )


def _label_rewritten(tables: list[IndicatorTable]) -> bool:
    return tables[0].indicators[0].level1 == "效益指标"


def _amount_rewritten(tables: list[IndicatorTable]) -> bool:
    budget = tables[0].budget
    return budget is not None and budget.total == 39778.0


# Each registered check's case: the grid, the row (by position) its finding names (None: the
# table's), the finding's severity, and for a check that corrects, the value it rewrote.
Case = tuple[Callable[[], list[Cell]], int | None, str, Callable[[list[IndicatorTable]], bool] | None]
CASES: dict[str, Case] = {
    "ocr_low_confidence": (_low_confidence, 0, "warning", None),
    "ocr_rows_merged": (_rows_merged, 0, "warning", None),
    "ocr_suspicious_digits": (_suspicious_digits, 0, "warning", None),
    "ocr_unit_mismatch": (_unit_mismatch, 0, "warning", None),
    "ocr_digits_lost": (_digits_lost, 2, "warning", None),
    "ocr_label_corrected": (_label_corrected, 0, "info", _label_rewritten),
    "ocr_thousands_separator": (_thousands_separator, None, "info", _amount_rewritten),
    "ocr_table_unread": (_table_unread, None, "warning", None),
}


def test_every_registered_check_has_a_case() -> None:
    assert set(CASES) == set(CHECK_NAMES)


def _expected(effect: Effect, weakest: float) -> float:
    """A row's confidence as the check's declared effect makes it."""
    return min(weakest, DISPUTED_CONFIDENCE) if effect is Effect.DISPUTE else weakest


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_each_check_finds_its_case_with_the_effect_it_declares(name: str) -> None:
    grid, row, severity, rewritten = CASES[name]
    effect = CHECKS[name].effect
    cells = grid()
    tables, issues = _read(cells)
    found = [i for i in issues if i.code == name and i.severity == severity]
    assert found and found[0].row == row, [(i.code, i.severity, i.row, i.message) for i in issues]
    assert {i.code for i in issues} & DISPUTING <= {name}, "no other check disputes the case's rows"
    assert (rewritten is not None) == (effect is Effect.CORRECT)
    if rewritten is not None:
        assert rewritten(tables)
    if not tables:  # no row read: no confidence the check could touch
        assert effect is Effect.NOTE
        return
    rows = tables[0].indicators
    first = max(c.row for c in cells) + 1 - len(rows)  # the rows are the grid's last
    for n, indicator in enumerate(rows):
        weakest = min(c.confidence for c in cells if c.row == first + n)
        assert indicator.confidence == (_expected(effect, weakest) if n == row else weakest), n
