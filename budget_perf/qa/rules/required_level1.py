"""产出, 效益, 满意度 must each be there; 成本 is accepted as a 一级 or under 产出."""

from __future__ import annotations

from budget_perf.qa.config import base_name
from budget_perf.qa.rules.common import finding, placeholder
from schemas import Document, Issue

CODES = {"产出": "qa_missing_output", "效益": "qa_missing_benefit", "满意度": "qa_missing_satisfaction"}


def check(doc: Document, config: dict) -> list[Issue]:
    cfg = config["required_level1"]
    out = []
    for t_index, table in enumerate(doc.tables):
        filled = [i for i in table.indicators if not placeholder(i)]
        if not filled:
            continue  # nothing to check: the document's verdict says so (not_checked)
        present = {base_name(i.level1) for i in filled}
        for name in cfg["required"]:
            if base_name(name) not in present:
                severity = "warning" if name in cfg["warning_only"] else "error"
                code = CODES.get(base_name(name), "qa_missing_level1")
                out.append(finding(severity, code, f"第 {t_index + 1} 张表缺少一级指标「{name}」", t_index))
    return out
