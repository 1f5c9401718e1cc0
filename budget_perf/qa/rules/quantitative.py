"""数量, 质量, 成本 and any …率 indicator needs a number and a unit; a …率 is in % (or ‰)."""

from __future__ import annotations

from budget_perf.qa.config import base_name
from budget_perf.qa.rules.common import finding, rows, where
from schemas import Document, Issue


def check(doc: Document, config: dict) -> list[Issue]:
    cfg = config["quantitative"]
    kinds = {base_name(k) for k in cfg["level2"]}
    out = []
    for t_index, table, r_index, ind in rows(doc):
        is_rate = ind.level3.endswith(cfg["rate_suffix"])
        quality = base_name(ind.level2) == "质量"
        if not (base_name(ind.level2) in kinds or is_rate) or not ind.value.raw:
            continue
        v = ind.value
        unit = v.unit or ind.measure_unit
        if is_rate and unit and unit not in cfg["rate_units"]:
            out.append(
                finding(
                    "error",
                    "qa_unit_mismatch",
                    f"{where(table, ind)}是比率，指标值单位应为 %，而不是「{unit}」",
                    t_index,
                    r_index,
                    ind,
                    "value",
                )
            )
        elif v.number is None and v.deadline is None and not (quality and not is_rate):
            # 质量指标 may be qualitative ("相符", "无投诉"); a rate or a quantity may not.
            out.append(
                finding(
                    "warning",
                    "qa_missing_number",
                    f"{where(table, ind)}是定量指标，指标值「{v.raw}」没有数值",
                    t_index,
                    r_index,
                    ind,
                    "value",
                )
            )
        elif v.number is not None and unit is None:
            out.append(
                finding(
                    "warning",
                    "qa_missing_unit",
                    f"{where(table, ind)}的指标值「{v.raw}」没有计量单位",
                    t_index,
                    r_index,
                    ind,
                    "value",
                )
            )
    return out
