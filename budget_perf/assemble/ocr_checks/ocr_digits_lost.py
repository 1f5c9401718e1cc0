"""A target that lost digits or its point against the way its column writes numbers.

Evidence: the column's other OCR'd numeric targets (two or more) all write the same count of
decimals, and this reading has no point, no integer part, or fewer decimals: '≥1.00(个)' read
'00（个）' among '=12.00(次)' and '≥2.00(个)'. The pattern is measured on the column itself
(normalizers/number_shapes.py); the message gives an example of it.

Looks at: the text of every row's 指标值 cells in the table part being assembled, where the
first cell was OCR'd and the text parses to a plain number (not a deadline, not words);
measured once for the column (`column_ways`), then run per row on `ScanRow.column_way`.
"""

from __future__ import annotations

from budget_perf.assemble.ocr_checks.common import Effect, ScanRow, Step, cell_finding, ocr_read
from extract.model import Cell
from normalizers.number_shapes import digits_lost_against_column
from normalizers.values import parse_value
from schemas.models import Issue

EFFECT = Effect.DISPUTE  # a glyph of the number is missing: the value is not what was printed
STEP: Step = "row"


def column_ways(values: list[tuple[list[Cell], str]], year: int | None) -> dict[int, str]:
    """Rows (by position) whose OCR'd target lost digits or its point against the way the
    column's other targets write their numbers: position → an example of that way. Text,
    deadlines and cells not OCR'd take no part."""
    texts = [text if ocr_read(cells) and _plain_number(text, year) else None for cells, text in values]
    return digits_lost_against_column(texts)


def _plain_number(text: str, year: int | None) -> bool:
    value = parse_value(text, year)
    return value.number is not None and value.deadline is None


def check(row: ScanRow) -> list[Issue]:
    """The row's target, where the column's way of writing numbers was measured against it."""
    if row.column_way is None:
        return []
    text = row.texts["value"]
    message = f"指标值「{text}」与本列其他数字的写法（如「{row.column_way}」）不符，可能漏识了数字或小数点，请核对原件"
    return [cell_finding("ocr_digits_lost", row.index, "value", row.role_cells["value"][0], message)]
