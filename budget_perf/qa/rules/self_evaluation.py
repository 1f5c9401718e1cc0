"""Self-evaluation tables (自评表): completion against the target, its operator honoured; a
shortfall needs a 偏差原因; scores within their weights and adding up to the 总分; the execution
rate matches 全年执行数 / 全年预算数; nothing executed beyond the budget."""

from __future__ import annotations

from budget_perf.qa.rules.common import finding, placeholder, where
from normalizers.grammar import is_placeholder
from schemas import Document, Indicator, Issue, Value


def met(target: Value, actual: Value) -> bool | None:
    """Whether `actual` reaches `target` (None when they cannot be compared: no numbers, or units
    that differ)."""
    if target.number is None or actual.number is None or target.operator is None:
        return None
    if target.unit and actual.unit and target.unit != actual.unit:
        return None
    a, t = actual.number, target.number
    return {
        ">=": a >= t,
        ">": a > t,
        "<=": a <= t,
        "<": a < t,
        "=": abs(a - t) <= 1e-9 * max(1.0, abs(t)),
        "range": target.number_max is not None and t <= a <= target.number_max,
    }[target.operator]


def _row_findings(t_index: int, r_index: int, ind: Indicator, table, cfg: dict) -> list[Issue]:
    out: list[Issue] = []
    if ind.weight is not None and ind.score is not None and ind.score > ind.weight + 1e-9:
        message = f"{where(table, ind)}得分 {ind.score:g} 高于分值 {ind.weight:g}"
        out.append(finding("error", "qa_score_above_weight", message, t_index, r_index, ind, "score"))
    reached = met(ind.value, ind.actual) if ind.actual is not None else None
    if reached is False and (not ind.deviation or is_placeholder(ind.deviation)):
        message = f"{where(table, ind)}实际完成值「{ind.actual.raw}」未达到「{ind.value.raw}」，却没有偏差原因"
        out.append(finding("warning", "qa_shortfall_without_reason", message, t_index, r_index, ind, "deviation"))
    if ind.weight and ind.score is not None and reached is not None:
        if reached and ind.score < ind.weight * cfg["met_min_score_share"]:
            share = f"{cfg['met_min_score_share']:.0%}"
            message = f"{where(table, ind)}已完成目标，得分 {ind.score:g} 却低于分值 {ind.weight:g} 的 {share}"
            out.append(finding("warning", "qa_met_but_scored_low", message, t_index, r_index, ind, "score"))
        if not reached and ind.score >= ind.weight:
            message = f"{where(table, ind)}未完成目标，却得满分 {ind.score:g}"
            out.append(finding("warning", "qa_missed_but_full_score", message, t_index, r_index, ind, "score"))
    return out


def check(doc: Document, config: dict) -> list[Issue]:
    cfg = config["self_evaluation"]
    out: list[Issue] = []
    for t_index, table in enumerate(doc.tables):
        if table.kind != "self_evaluation":
            continue
        rows = [(r, ind) for r, ind in enumerate(table.indicators) if not placeholder(ind)]
        for r_index, ind in rows:
            out += _row_findings(t_index, r_index, ind, table, cfg)
        scores = [ind.score for _, ind in rows if ind.score is not None]
        b = table.budget
        if table.total_score is not None and scores:
            total = sum(scores) + ((b.execution_score or 0.0) if b else 0.0)
            if abs(total - table.total_score) > cfg["score_tolerance"]:
                message = f"第 {t_index + 1} 张表各项得分合计 {total:g}，与总分 {table.total_score:g} 不符"
                out.append(finding("error", "qa_total_score_mismatch", message, t_index))
        if b is None or not b.total or b.executed is None:
            continue
        rate = b.executed / b.total * 100
        if b.execution_rate is not None and abs(rate - b.execution_rate) > cfg["rate_tolerance_percent"]:
            message = (
                f"第 {t_index + 1} 张表执行率 {b.execution_rate:g}% 与全年执行数 / 全年预算数 "
                f"({b.executed:g} / {b.total:g} = {rate:.2f}%) 不符"
            )
            out.append(finding("error", "qa_execution_rate_mismatch", message, t_index))
        if b.executed > b.total * (1 + 1e-9):
            message = f"第 {t_index + 1} 张表全年执行数 {b.executed:g} 超过全年预算数 {b.total:g}"
            out.append(finding("warning", "qa_executed_above_budget", message, t_index))
    return out
