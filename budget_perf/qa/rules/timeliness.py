"""时效 indicators carry a deadline or a time limit, and a deadline falls in the budget year."""

from __future__ import annotations

from budget_perf.qa.config import base_name
from budget_perf.qa.rules.common import finding, rows, where
from normalizers.dates import RELATIVE_DATE
from schemas import Document, Issue


def check(doc: Document, config: dict) -> list[Issue]:
    cfg = config["timeliness"]
    kinds = {base_name(k) for k in cfg["level2"]}
    out = []
    for t_index, table, r_index, ind in rows(doc):
        if base_name(ind.level2) not in kinds or not ind.value.raw:
            continue
        v = ind.value
        if v.deadline is not None:
            if table.year is not None and v.deadline.year != table.year:
                out.append(
                    finding(
                        "error",
                        "qa_deadline_outside_year",
                        f"{where(table, ind)}的完成时限 {v.deadline.isoformat()} 不在预算年度 {table.year} 内",
                        t_index,
                        r_index,
                        ind,
                        "value",
                    )
                )
            continue
        # '11月底前' with no budget year known is a deadline all the same (its missing year is an
        # extraction issue of its own, deadline_year_unknown): no follow-on warning here.
        dated = RELATIVE_DATE.search(v.raw) is not None
        limited = dated or v.unit in cfg["time_units"] or any(w in v.raw for w in cfg["time_words"]) or v.unit == "%"
        if not limited:
            out.append(
                finding(
                    "warning",
                    "qa_timeliness_without_deadline",
                    f"{where(table, ind)}是时效指标，指标值「{v.raw}」既无完成时间也无时限",
                    t_index,
                    r_index,
                    ind,
                    "value",
                )
            )
    return out
