"""What the scan checks share: the row as they see it (cells of the common grid, by role, with
their OCR confidence, second reading and box), the effects a check may have on confidence, and
the finding that names the cell."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal

from extract.model import Cell
from schemas.models import Issue, Severity, issue


class Effect(Enum):
    """What a check's finding does to the row's confidence (extract/ocr/doubt.py)."""

    DISPUTE = "caps the row's confidence at DISPUTED_CONFIDENCE"
    NOTE = "a note only: the confidence stands"
    CORRECT = "rewrites the value where the evidence proves it, noted at info (doubted at warning where it does not)"


# Where in the assembly a check runs: on each OCR'd row before its confidence is set (`check_row`,
# in registry order), on its 一级/二级 labels as they are read, on the form's amounts, on a scanned
# grid whose header was not found.
Step = Literal["row", "labels", "amounts", "grid"]

FIELD_NAMES = {
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "value": "指标值",
    "actual": "实际完成值",
    "description": "指标描述",
    "basis": "依据",
}


@dataclass(frozen=True, slots=True)
class ScanRow:
    """One indicator row of a scanned table as the row checks see it: `role_cells` the grid's
    cells under each column role (each with its `confidence`, `second_reading` and `bbox`),
    `texts` their text by role, `unit`/`number` the target as parsed, `column_way` how the
    target's column writes its numbers where this row's reading departs from it (measured on
    the column's other rows: `ocr_digits_lost.column_ways`), `min_confidence` the QA threshold."""

    index: int
    role_cells: dict[str, list[Cell]]
    texts: dict[str, str]
    unit: str | None
    number: float | None
    min_confidence: float
    column_way: str | None = None


def ocr_read(cells: list[Cell]) -> bool:
    """A role's cells were read by OCR (its first cell has a score; a text layer's has none):
    the scan checks look at nothing else."""
    return bool(cells) and cells[0].confidence is not None


def cell_finding(code: str, index: int, role: str, cell: Cell, message: str, severity: Severity = "warning") -> Issue:
    """An issue about one cell of row `index` of the table being assembled (the table's index and
    the row's offset in a table continued over pages are set when the table is known)."""
    return issue(severity, code, message, cell.page, row=index, field=role, bbox=list(cell.bbox) if cell.bbox else None)
