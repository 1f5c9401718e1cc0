"""Findings on OCR'd indicator rows: cells read with low confidence, and numbers OCR tends to
break (letters among digits, a rate that lost its %). Each names page, table, row and cell."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.model import Cell

MIN_CONFIDENCE = 0.80
FIELD_NAMES = {
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "value": "指标值",
    "actual": "实际完成值",
    "description": "指标描述",
    "basis": "依据",
}
# O/o for 0, l/I/| for 1, S for 5, B for 8, Z for 2, next to digits: "1O0%", "l00", "5O万元".
_LOOKALIKE = re.compile(r"(?<=\d)[OoIlSBZ|]|[OoIlSBZ|](?=\d)|(?<=\d)[,，](?=\d{1,2}\b)")


@dataclass(slots=True)
class Finding:
    code: str
    row: int
    field: str
    page: int | None
    bbox: list[float] | None
    message: str


def check_row(
    index: int, role_cells: dict[str, list[Cell]], texts: dict[str, str], unit: str | None, number: float | None
) -> list[Finding]:
    found = []
    for role, cells in role_cells.items():
        for cell in cells:
            if cell.confidence is not None and cell.confidence < MIN_CONFIDENCE and cell.text.strip():
                found.append(
                    _finding(
                        "ocr_low_confidence",
                        index,
                        role,
                        cell,
                        f"OCR 置信度 {cell.confidence:.2f}：{FIELD_NAMES.get(role, role)}「{cell.text}」请核对",
                    )
                )
    for role in ("value", "actual"):
        text = texts.get(role, "")
        cells = role_cells.get(role, [])
        if text and cells and cells[0].confidence is not None and _LOOKALIKE.search(text):
            found.append(
                _finding(
                    "ocr_suspicious_digits",
                    index,
                    role,
                    cells[0],
                    f"{FIELD_NAMES[role]}「{text}」中的字母或逗号疑似 OCR 误读的数字，请核对",
                )
            )
    name = texts.get("level3", "")
    cells = role_cells.get("value", [])
    if (
        name.endswith("率")
        and number is not None
        and unit not in (None, "%")
        and cells
        and cells[0].confidence is not None
    ):
        found.append(
            _finding(
                "ocr_unit_mismatch",
                index,
                "value",
                cells[0],
                f"「{name}」是比率，但指标值「{texts.get('value')}」的单位是「{unit}」，可能 OCR 误读了 %",
            )
        )
    return found


def _finding(code: str, index: int, role: str, cell: Cell, message: str) -> Finding:
    return Finding(code, index, role, cell.page, list(cell.bbox) if cell.bbox else None, message)
