"""Empty values, duplicate rows, a value that only repeats the name, money counted as output."""

from __future__ import annotations

import re

from budget_perf.qa.config import base_name
from budget_perf.qa.rules.common import finding, rows, where
from schemas import Document, Issue

MONEY = {"元", "万元", "亿元", "千元"}


def _key(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def check(doc: Document, config: dict) -> list[Issue]:
    out = []
    seen: dict[tuple, int] = {}
    for t_index, table, r_index, ind in rows(doc):
        v = ind.value
        if not v.raw:
            out.append(
                finding("warning", "qa_empty_value", f"{where(table, ind)}没有指标值", t_index, r_index, ind, "value")
            )
        elif _key(v.raw) in (_key(ind.level3), _key(ind.description)) and not v.number and table.origin != "prose":
            # (a qualitative prose target is its clause by construction)
            out.append(
                finding(
                    "warning",
                    "qa_value_repeats_name",
                    f"{where(table, ind)}的指标值只是重复了指标名称",
                    t_index,
                    r_index,
                    ind,
                    "value",
                )
            )
        key = (t_index, _key(ind.level1), _key(ind.level2), _key(ind.level3), _key(v.raw))
        if v.raw and key in seen:
            out.append(
                finding(
                    "warning",
                    "qa_duplicate_row",
                    f"{where(table, ind)}与第 {seen[key] + 1} 行重复",
                    t_index,
                    r_index,
                    ind,
                    None,
                )
            )
        seen.setdefault(key, r_index)
        moved = any(word in ind.level3 for word in config["content"]["money_outputs"])
        if base_name(ind.level2) == "数量" and v.unit in MONEY and not moved:
            out.append(
                finding(
                    "error",
                    "qa_money_as_quantity",
                    f"{where(table, ind)}是数量指标，却以金额「{v.raw}」为目标：投入不是产出",
                    t_index,
                    r_index,
                    ind,
                    "value",
                )
            )
    return out
