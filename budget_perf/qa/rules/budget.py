"""Each cost indicator stays within the budget total (same 万元/元 scale); total = fiscal + the other
sources the money block prints (上年结转, 财政专户拨款, 其他资金)."""

from __future__ import annotations

from budget_perf.qa.config import base_name
from budget_perf.qa.rules.common import finding
from normalizers.grammar import YUAN_PER_UNIT as SCALE
from schemas import Document, Issue

# The money block's sources that add up to its total, with the names the finding gives them.
_SOURCES = {"fiscal": "财政资金", "carried_over": "上年结转", "special_account": "财政专户拨款", "other": "其他资金"}


def check(doc: Document, config: dict) -> list[Issue]:
    out = []
    for t_index, table in enumerate(doc.tables):
        b = table.budget
        if b is None or not b.total:  # 0 in a template means "not filled in", not a budget of nothing
            continue
        sources = {name: getattr(b, field) for field, name in _SOURCES.items() if getattr(b, field) is not None}
        if b.fiscal is not None or b.other is not None:
            parts = sum(sources.values())
            if abs(parts - b.total) > max(0.005, 1e-6 * b.total):
                named = "、".join(f"{name} {amount:g}" for name, amount in sources.items())
                out.append(
                    finding("error", "qa_budget_sum_mismatch", f"预算总额 {b.total:g} 不等于{named}之和", t_index)
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
