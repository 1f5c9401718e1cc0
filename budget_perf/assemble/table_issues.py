"""The issues a table's assembly yields: its rows' findings, deadlines without a year, an amount
labelled 万元 that is likely in 元. (Corrected header labels and a scanned grid not read are scan
checks: budget_perf/assemble/ocr_checks.)"""

from __future__ import annotations

from budget_perf.assemble.indicators import Assembled
from normalizers.dates import RELATIVE_DATE
from normalizers.grammar import YUAN_PER_UNIT
from schemas import IndicatorTable, Issue


def year_issues(table: IndicatorTable, index: int) -> list[Issue]:
    """Deadlines written without a year when no budget year is known: left empty, and said so."""
    if table.year is not None:
        return []
    rows = [i + 1 for i, ind in enumerate(table.indicators)
            if ind.value.deadline is None and RELATIVE_DATE.search(ind.value.raw)]  # fmt: skip
    if not rows:
        return []
    message = f"表中没有写明预算年度，第 {'、'.join(map(str, rows))} 行的期限（如「12月底前」）未注年份，deadline 留空"
    return [Issue(severity="info", code="deadline_year_unknown", table=index, message=message)]


_MONEY_TO_WAN = {unit: yuan / YUAN_PER_UNIT["万元"] for unit, yuan in YUAN_PER_UNIT.items()} | {"万": 1.0}


def budget_unit_issues(table: IndicatorTable, index: int) -> list[Issue]:
    """An amount labelled 万元 that is ten thousand times the table's own cost target is very
    likely in 元: the figure is kept as printed and the reviewer told."""
    budget = table.budget
    if budget is None or budget.currency_unit != "万元" or not budget.total:
        return []
    costs = [
        ind.value.number * _MONEY_TO_WAN[ind.value.unit]
        for ind in table.indicators
        if ind.value.number
        and ind.value.unit in _MONEY_TO_WAN
        and ind.value.operator in ("<=", "<", "=")
        and "成本" in f"{ind.level1}{ind.level2 or ''}{ind.level3}"
    ]
    if not costs:
        return []
    ratio = budget.total / max(costs)
    if not 3_000 <= ratio <= 30_000:
        return []
    message = (
        f"预算金额 {_plain(budget.total)} 标注为万元，约为成本指标（{_plain(max(costs))} 万元）的一万倍："
        "金额可能以元填报，请核对"
    )
    return [Issue(severity="warning", code="budget_unit_suspect", table=index, message=message)]


def _plain(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


def assembly_issues(rows: Assembled, index: int, offset: int = 0) -> list[Issue]:
    issues: list[Issue] = []
    for f in rows.findings:
        issues.append(f.model_copy(update={"table": index, "row": None if f.row is None else f.row + offset}))
    if rows.nature_codes_used:
        codes = "、".join(sorted(rows.nature_codes_used))
        message = f"指标性质代码 {codes} 按 =/≥/≤ 解读为运算符（由云南样表推断）"
        issues.append(Issue(severity="info", code="nature_code_inferred", table=index, message=message))
    if rows.inferred_level1_rows:
        numbers = "、".join(str(offset + i + 1) for i in rows.inferred_level1_rows)
        message = f"第 {numbers} 行的一级指标单元格为空，按二级指标推断（level_inferred）"
        issues.append(Issue(severity="info", code="level1_inferred", table=index, message=message))
    for r, page in rows.missing_level1_rows:
        message = f"第 {r + 1} 行没有一级指标，也无法从上方继承"
        issues.append(Issue(severity="warning", code="missing_level1", table=index, page=page, message=message))
    return issues
