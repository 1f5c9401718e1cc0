"""Two columns read as one cell: the rule between them was not seen.

Evidence: one OCR'd cell of the grid fills the columns of two roles that always have columns of
their own (三级指标 and 指标解释, 指标值 and 实际完成值, …; a 二级 label and the 三级 name
beside it). A 一级 label over the 二级 column is not this: ocr_label_corrected cuts it.

Looks at: which roles' column lists hold the same OCR'd `Cell` object (the common grid gives a
cell spanning columns once to each of them). The reader notes the other way a rule is lost, a
grid row whose text sits in two bands far apart, on the page (extract/ocr/page.py), with this
code; that note names the page and caps nothing.
"""

from __future__ import annotations

from budget_perf.assemble.ocr_checks.common import FIELD_NAMES, Effect, ScanRow, Step, cell_finding
from extract.model import Cell
from schemas.models import Issue

EFFECT = Effect.DISPUTE  # the row's cells may belong to two rows or two columns: none is sure
STEP: Step = "row"

_OWN_COLUMN = ("level3", "description", "value", "actual")
_JOINABLE = ("level2", *_OWN_COLUMN)  # a 二级 label may span rows, never into the 三级 column


def check(row: ScanRow) -> list[Issue]:
    """The first OCR'd cell over two such roles, naming them and the cell's text."""
    joined = _joined_roles(row.role_cells)
    if joined is None:
        return []
    cell, roles = joined
    names = "、".join(FIELD_NAMES.get(r, r) for r in roles)
    message = f"{names}读在同一个单元格「{cell.text}」中，可能漏检了一条竖线，请核对原件"
    return [cell_finding("ocr_rows_merged", row.index, roles[0], cell, message)]


def _joined_roles(role_cells: dict[str, list[Cell]]) -> tuple[Cell, list[str]] | None:
    for role in _JOINABLE:
        for cell in role_cells.get(role, []):
            if cell.confidence is None:
                continue
            roles = [r for r in _JOINABLE if any(c is cell for c in role_cells.get(r, []))]
            if len(roles) > 1:
                return cell, roles
    return None
