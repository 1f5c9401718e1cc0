"""A reading the recogniser itself was unsure of.

Evidence: the recogniser's score. A cell's confidence is its weakest line's (capped by the reader
where a second reading disputes it, extract/ocr/doubt.py); below the QA threshold
(`[ocr] min_confidence`, passed in) the cell is named with its score. A row whose confidence
falls below the threshold with no cell noted (a disputing check capped it, an empty cell scored
low, a records cell) is noted on the row itself, once its confidence is known.

Looks at: each OCR'd cell's `confidence` and text, by role; a number cell with a
`second_reading` is left to ocr_suspicious_digits, which says more. The row form looks at the
indicator's confidence after the disputing checks.
"""

from __future__ import annotations

from budget_perf.assemble.ocr_checks.common import FIELD_NAMES, Effect, ScanRow, Step, cell_finding
from extract.ocr.doubt import doubtful_cells, row_needs_own_note
from normalizers.grammar import is_unfilled_row
from schemas.models import Indicator, Issue, issue

EFFECT = Effect.NOTE  # the score is the confidence already: the note says so, it lowers nothing
STEP: Step = "row"


def check(row: ScanRow) -> list[Issue]:
    """The row's cells read below the threshold, in role order, each with its score."""
    return [
        cell_finding(
            "ocr_low_confidence",
            row.index,
            doubt.role,
            doubt.cell,
            f"OCR 置信度 {doubt.confidence:.2f}：{FIELD_NAMES.get(doubt.role, doubt.role)}「{doubt.cell.text}」请核对",
        )
        for doubt in doubtful_cells(row.role_cells, row.min_confidence)
    ]


def row_note(index: int, indicator: Indicator, cell_notes: list[Issue], min_confidence: float) -> Issue | None:
    """A row read below the threshold that none of its cells' notes explains (a disputing note
    capped its confidence, an empty cell scored low, a records cell): noted on the row itself. A
    template row nobody filled is not checked."""
    cells_noted = sum(f.code == "ocr_low_confidence" for f in cell_notes)
    if not row_needs_own_note(indicator.confidence, cells_noted, min_confidence):
        return None
    if is_unfilled_row(indicator.value.raw, indicator.level3):
        return None
    name = indicator.level3 or indicator.level2 or indicator.level1
    message = f"「{name}」的 OCR 置信度 {indicator.confidence:.2f} 低于 {min_confidence:g}，请核对原件"
    bbox = indicator.value_bbox or indicator.bbox
    return issue("warning", "ocr_low_confidence", message, indicator.page, row=index, field="value", bbox=bbox)
