"""The scan-only checks: named checks over the common grid a scanned page yields (cells with their
OCR confidence, second reading and box), run by the same assembly as every other format's.

One module per check, named for the issue code it emits; its docstring states its evidence and
what of the row/cell model it looks at, `EFFECT` what its finding does to the row's confidence
(common.Effect), `STEP` where in the assembly it runs. CHECKS is the registry; which findings
dispute a row (cap its confidence at DISPUTED_CONFIDENCE) is read from it, never kept apart.
Readings not OCR'd (a text layer's cells have no confidence) are never checked. QA shows these
notes as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module

from budget_perf.assemble.ocr_checks.common import Effect, ScanRow, Step
from budget_perf.assemble.ocr_checks.ocr_digits_lost import column_ways
from budget_perf.assemble.ocr_checks.ocr_label_corrected import corrected_label, header_corrections, split_joined_labels
from budget_perf.assemble.ocr_checks.ocr_low_confidence import row_note
from budget_perf.assemble.ocr_checks.ocr_table_unread import unread_table
from budget_perf.assemble.ocr_checks.ocr_thousands_separator import amounts_read_with_separators
from extract.model import Cell
from extract.ocr.doubt import row_confidence
from schemas.models import Issue

# The checks, in the order they run at their step (the row checks' findings come in this order).
CHECK_NAMES = (
    "ocr_low_confidence",
    "ocr_rows_merged",
    "ocr_suspicious_digits",
    "ocr_unit_mismatch",
    "ocr_digits_lost",
    "ocr_label_corrected",
    "ocr_thousands_separator",
    "ocr_table_unread",
)

RowCheck = Callable[[ScanRow], list[Issue]]


@dataclass(frozen=True, slots=True)
class ScanCheck:
    """A registered check: `name` the issue code it emits, `doc` its evidence and what it looks
    at, `effect` on the row's confidence, `step` where it runs; `check` the row check run by
    `check_row` (None for a check run at another step, by its own function)."""

    name: str
    doc: str
    effect: Effect
    step: Step
    check: RowCheck | None


def _registered(name: str) -> ScanCheck:
    module = import_module(f"budget_perf.assemble.ocr_checks.{name}")
    row_check = module.check if module.STEP == "row" else None
    return ScanCheck(name, module.__doc__ or "", module.EFFECT, module.STEP, row_check)


CHECKS: dict[str, ScanCheck] = {name: _registered(name) for name in CHECK_NAMES}

# The findings that dispute a row as read: its digits, or the columns its cells were read in.
DISPUTING = frozenset(name for name, check in CHECKS.items() if check.effect is Effect.DISPUTE)


def disputes(codes: Iterable[str]) -> bool:
    """Whether any of these findings disputes the row as read."""
    return any(code in DISPUTING for code in codes)


def row_confidence_after(cells: list[Cell], findings: list[Issue]) -> float | None:
    """A row's confidence once its checks have spoken: its weakest OCR'd cell's, capped at
    DISPUTED_CONFIDENCE where a disputing check found something (extract/ocr/doubt.py)."""
    return row_confidence(cells, disputes(f.code for f in findings))


def check_row(
    index: int,
    role_cells: dict[str, list[Cell]],
    texts: dict[str, str],
    unit: str | None,
    number: float | None,
    min_confidence: float,
    column_way: str | None = None,
) -> list[Issue]:
    """Every row check's findings on an OCR'd row, in registry order (`ScanRow` says what each
    argument is)."""
    row = ScanRow(index, role_cells, texts, unit, number, min_confidence, column_way)
    return [f for check in CHECKS.values() if check.check is not None for f in check.check(row)]


__all__ = [
    "CHECKS",
    "CHECK_NAMES",
    "DISPUTING",
    "Effect",
    "ScanCheck",
    "ScanRow",
    "amounts_read_with_separators",
    "check_row",
    "column_ways",
    "corrected_label",
    "disputes",
    "header_corrections",
    "row_confidence_after",
    "row_note",
    "split_joined_labels",
    "unread_table",
]
