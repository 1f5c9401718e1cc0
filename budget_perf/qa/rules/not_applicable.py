"""Template rows left as '不适用' (not applicable): said once per table, never row by row."""

from __future__ import annotations

from budget_perf.qa.rules.common import finding, placeholder
from schemas import Document, Issue


def check(doc: Document, config: dict) -> list[Issue]:
    out = []
    for t_index, table in enumerate(doc.tables):
        rows = [r + 1 for r, ind in enumerate(table.indicators) if placeholder(ind)]
        if rows:
            listed = "、".join(map(str, rows[:20])) + ("…" if len(rows) > 20 else "")
            message = f"第 {listed} 行填写为「不适用」等占位内容，视为不适用，未做逐行检查"
            out.append(finding("info", "qa_not_applicable_rows", message, t_index))
    return out
