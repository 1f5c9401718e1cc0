"""Every 二级指标 belongs to its 一级指标 (synonyms accepted: 生态/环境效益, 进度/时效, 满意度)."""

from __future__ import annotations

from budget_perf.qa.config import base_name
from budget_perf.qa.rules.common import finding, rows
from schemas import Document, Issue


def check(doc: Document, config: dict) -> list[Issue]:
    allowed = {base_name(k): {base_name(v) for v in vs} for k, vs in config["level2_parent"].items()}
    out = []
    for t_index, _table, r_index, ind in rows(doc):
        parent, child = base_name(ind.level1), base_name(ind.level2)
        if parent in allowed and child and child not in allowed[parent]:
            out.append(
                finding(
                    "error",
                    "qa_level2_mismatch",
                    f"二级指标「{ind.level2}」不属于一级指标「{ind.level1}」",
                    t_index,
                    r_index,
                    ind,
                    "level2",
                )
            )
    return out
