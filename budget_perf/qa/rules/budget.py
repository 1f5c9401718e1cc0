"""Each cost indicator stays within the budget total (same 万元/元 scale); total = fiscal + other."""

from __future__ import annotations

from budget_perf.qa.config import base_name
from budget_perf.qa.rules.common import finding
from normalizers.grammar import YUAN_PER_UNIT as SCALE
from schemas import Document, Issue


def check(doc: Document, config: dict) -> list[Issue]:
    out = []
    for t_index, table in enumerate(doc.tables):
        b = table.budget
        if b is None or not b.total:  # 0 in a template means "not filled in", not a budget of nothing
            continue
        if b.fiscal is not None or b.other is not None:
            parts = (b.fiscal or 0.0) + (b.other or 0.0)
            if abs(parts - b.total) > max(0.005, 1e-6 * b.total):
                out.append(
                    finding(
                        "error",
                        "qa_budget_sum_mismatch",
                        f"预算总额 {b.total:g} 不等于财政资金 {b.fiscal or 0:g} 与其他资金 {b.other or 0:g} 之和",
                        t_index,
                    )
                )
        if b.currency_unit is None:
            continue
        total = b.total * SCALE[b.currency_unit]
        for r_index, ind in enumerate(table.indicators):
            v = ind.value
            is_cost = base_name(ind.level1) == "成本" or base_name(ind.level2) == "成本"
            if not is_cost or v.number is None or v.unit not in SCALE or v.operator in (">", ">="):
                continue
            if v.number * SCALE[v.unit] > total * (1 + 1e-9):
                out.append(
                    finding(
                        "error",
                        "qa_cost_exceeds_budget",
                        f"成本指标「{ind.level3}」{v.raw} 超过预算总额 {b.total:g}{b.currency_unit}",
                        t_index,
                        r_index,
                        ind,
                        "value",
                    )
                )
    return out
