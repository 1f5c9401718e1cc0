"""A form's amount whose point may be a thousands separator ('39,778' read 39.778).

Evidence: the amount is written with exactly three decimals, and the form's own arithmetic
(资金总额 = 财政资金 + 其他资金 + 上年结转 + 财政专户拨款) holds with exactly one choice of such
amounts a thousand times larger: they are corrected (info). Where no sum decides, each such
amount is doubted (warning), unless every other amount of the form is written with three
decimals too (normalizers/number_shapes.py). Never a thousandfold error left without a note.

Looks at: the scanned table's budget amounts (a form with any OCR'd cell), not its rows.
"""

from __future__ import annotations

from budget_perf.assemble.ocr_checks.common import Effect, Step
from normalizers.number_shapes import separators_read_as_points
from schemas.models import Budget, Issue, issue

EFFECT = Effect.CORRECT  # the form's sum proves the amount: rewritten, noted at info; else doubted
STEP: Step = "amounts"

# A form's amounts and what adds up to its total: 资金总额 = 财政资金 + 其他资金 (+ 上年结转, 财政专户).
_AMOUNT_NAMES = {
    "total": "资金总额", "fiscal": "财政资金", "other": "其他资金", "carried_over": "上年结转",
    "special_account": "财政专户拨款", "medium_term": "中期规划金额",
}  # fmt: skip
_SUM_PARTS = ("fiscal", "other", "carried_over", "special_account")


def amounts_read_with_separators(budget: Budget, index: int) -> tuple[Budget, list[Issue]]:
    """The budget with the amounts its sums prove corrected, and a note on every such amount."""
    amounts = {name: getattr(budget, name) for name in _AMOUNT_NAMES}
    readings = separators_read_as_points(amounts, "total", _SUM_PARTS)
    notes, fixed = [], {}
    for r in readings:
        name = _AMOUNT_NAMES[r.field]
        if r.meant is not None:
            fixed[r.field] = r.meant
            message = (
                f"{name}读作 {r.as_read:g}，按表中金额之和（资金总额 = 财政资金 + 其他资金等）应为 {r.meant:g}："
                "千位分隔符被识别为小数点，已更正，请核对原件"
            )
            notes.append(issue("info", "ocr_thousands_separator", message, table=index, field=r.field))
        else:
            message = (
                f"{name} {r.as_read:g} 有三位小数，可能是千位分隔符被识别为小数点"
                f"（应为 {r.as_read * 1000:g}），请核对原件"
            )
            notes.append(issue("warning", "ocr_thousands_separator", message, table=index, field=r.field))
    return (budget.model_copy(update=fixed) if fixed else budget), notes
