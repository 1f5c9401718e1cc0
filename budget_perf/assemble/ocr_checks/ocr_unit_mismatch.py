"""A rate whose target is not in per cent: the % was likely misread.

Evidence: the 三级 name ends in 率 (a rate), the target parsed to a number, and its unit is
another than %.

Looks at: the row's 三级 text, the target as parsed (number and unit), and whether the 指标值
cell was OCR'd.
"""

from __future__ import annotations

from budget_perf.assemble.ocr_checks.common import Effect, ScanRow, Step, cell_finding, ocr_read
from schemas.models import Issue

EFFECT = Effect.NOTE  # the number may be right and only its % lost: the reviewer looks, the score stands
STEP: Step = "row"


def check(row: ScanRow) -> list[Issue]:
    """The rate's name and the unit read beside its number."""
    name = row.texts.get("level3", "")
    cells = row.role_cells.get("value", [])
    if not (name.endswith("率") and row.number is not None and row.unit not in (None, "%") and ocr_read(cells)):
        return []
    message = f"「{name}」是比率，但指标值「{row.texts.get('value')}」的单位是「{row.unit}」，可能 OCR 误读了 %"
    return [cell_finding("ocr_unit_mismatch", row.index, "value", cells[0], message)]
