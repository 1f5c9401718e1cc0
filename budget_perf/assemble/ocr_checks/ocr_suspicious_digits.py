"""A target's digits as read are not to be trusted.

Evidence, either of:
- a second reading: the reader read the number cell again larger and its numbers disagree
  (`Cell.second_reading`, extract/ocr/glyphs.py); the message gives both readings;
- the reading's own shape: a letter where a digit belongs (O/o for 0, l/I/| for 1, S for 5, B
  for 8, Z for 2 beside digits), a thousands group short of three digits, a degree sign after a
  number that no C follows, a grouped number with three decimals (_LOOKALIKE).

Looks at: the 指标值 and 实际完成值 cells (the roles the reader reads twice,
`extract/ocr/doubt.RE_READ_ROLES`): each cell's `second_reading`, and the role's text where its
first cell was OCR'd.
"""

from __future__ import annotations

import re

from budget_perf.assemble.ocr_checks.common import FIELD_NAMES, Effect, ScanRow, Step, cell_finding, ocr_read
from extract.ocr.doubt import RE_READ_ROLES
from schemas.models import Issue

EFFECT = Effect.DISPUTE  # a digit, point or sign may be wrong: the number is not what was printed
STEP: Step = "row"

# O/o for 0, l/I/| for 1, S for 5, B for 8, Z for 2, next to digits: "1O0%", "l00", "5O万元";
# a thousands group short of three digits, a digit lost ("3,85,724", "9,511,99株": not \b, an
# ideograph is a word character); a degree sign after a number, a speck over its last digit
# ('高于668°': degrees Celsius are written ℃ or °C); a grouped number with three decimals, a
# thousands separator read as a point ('1,755.526').
_LOOKALIKE = re.compile(
    r"(?<=\d)[OoIlSBZ|]|[OoIlSBZ|](?=\d)|(?<=\d)[,，](?=\d{1,2}(?!\d))|(?<=\d)[°º˚](?![CＣ])"
    r"|\d,\d{3}\.\d{3}(?!\d)"
)


def check(row: ScanRow) -> list[Issue]:
    """By role: each cell read again differently, then the role's text if its shape is broken."""
    found = []
    for role in RE_READ_ROLES:
        text = row.texts.get(role, "")
        cells = row.role_cells.get(role, [])
        for cell in cells:
            if cell.second_reading is not None:
                found.append(
                    cell_finding(
                        "ocr_suspicious_digits", row.index, role, cell,
                        f"{FIELD_NAMES[role]}「{cell.text}」放大后再次识别为「{cell.second_reading}」，"
                        "数字、小数点或比较符号可能误读，请核对原件",
                    )
                )  # fmt: skip
        if text and ocr_read(cells) and _LOOKALIKE.search(text):
            found.append(
                cell_finding(
                    "ocr_suspicious_digits",
                    row.index,
                    role,
                    cells[0],
                    f"{FIELD_NAMES[role]}「{text}」中的字母、逗号或符号疑似 OCR 误读的数字，请核对",
                )
            )
    return found
