"""Satisfaction targets below the threshold (default 85%)."""

from __future__ import annotations

from budget_perf.qa.config import base_name
from budget_perf.qa.rules.common import finding, rows, where
from schemas import Document, Issue


def check(doc: Document, config: dict) -> list[Issue]:
    minimum = float(config["satisfaction"]["minimum_percent"])
    out = []
    for t_index, table, r_index, ind in rows(doc):
        v = ind.value
        is_satisfaction = base_name(ind.level1) == "满意度" or "满意" in (ind.level2 or "") + ind.level3
        if not is_satisfaction or v.number is None or (v.unit not in ("%", None) and ind.measure_unit != "%"):
            continue
        if v.number <= 1 and v.unit is None:
            continue  # '1' is no percentage
        if v.number < minimum:
            out.append(
                finding(
                    "warning",
                    "qa_low_satisfaction_target",
                    f"{where(table, ind)}的满意度目标 {v.raw} 低于 {minimum:g}%",
                    t_index,
                    r_index,
                    ind,
                    "value",
                )
            )
    return out
