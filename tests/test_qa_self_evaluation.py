"""Self-evaluation rules on faulty 自评表 built here, one fault each; the clean form passes."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from budget_perf.pipeline import convert
from budget_perf.qa.config import defaults
from budget_perf.qa.rules.self_evaluation import check, met
from normalizers.values import parse_value

HEAD = [
    ("项目名称", "城市绿道养护", "", "", "", "", ""),
    ("资金情况（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
]
COLUMNS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
CLEAN_ROWS = [
    ("产出指标", "数量指标", "养护里程", "≥60公里", "62公里", "20", "20", "无"),
    ("产出指标", "质量指标", "设施完好率", "≥95%", "96%", "20", "20", "无"),
    ("效益指标", "社会效益指标", "群众出行条件", "明显改善", "明显改善", "20", "20", "无"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", "30", "30", "无"),
]


def _form(tmp_path: Path, rows=CLEAN_ROWS, money=("100", "120", "108", "10", "90%", "10"), total="100") -> Path:
    d = docx.Document()
    d.add_paragraph("2024年度城市绿道养护项目支出绩效自评表")
    body = [
        *[(*r, "") for r in HEAD],
        ("年度资金总额", *money, ""),
        tuple(COLUMNS),
        *rows,
        ("总分", "", "", "", "", "", total, ""),
    ]
    t = d.add_table(rows=len(body), cols=8)
    for r, row in enumerate(body):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    t.cell(len(body) - 1, 0).merge(t.cell(len(body) - 1, 5))
    path = tmp_path / "self.docx"
    d.save(path)
    return path


def _codes(path: Path) -> list[str]:
    return [f.code for f in check(convert(path), defaults())]


def test_clean_form_has_no_finding(tmp_path: Path) -> None:
    assert _codes(_form(tmp_path)) == []


@pytest.mark.parametrize(
    "row_index, replacement, code",
    [
        (0, ("产出指标", "数量指标", "养护里程", "≥60公里", "52公里", "20", "12", "无"), "qa_shortfall_without_reason"),
        (0, ("产出指标", "数量指标", "养护里程", "≥60公里", "62公里", "20", "25", "无"), "qa_score_above_weight"),
        (1, ("产出指标", "质量指标", "设施完好率", "≥95%", "96%", "20", "10", "无"), "qa_met_but_scored_low"),
        (1, ("产出指标", "质量指标", "设施完好率", "≤5%", "8%", "20", "20", "设备老化"), "qa_missed_but_full_score"),
    ],
)
def test_row_faults(tmp_path: Path, row_index: int, replacement: tuple, code: str) -> None:
    rows = list(CLEAN_ROWS)
    rows[row_index] = replacement
    codes = _codes(_form(tmp_path, rows, total=str(90 + (int(replacement[6]) - 20) + 10)))
    assert code in codes


def test_total_score_and_execution_faults(tmp_path: Path) -> None:
    assert "qa_total_score_mismatch" in _codes(_form(tmp_path, total="95"))
    assert "qa_execution_rate_mismatch" in _codes(_form(tmp_path, money=("100", "120", "108", "10", "80%", "10")))
    over = _codes(_form(tmp_path, money=("100", "120", "130", "10", "108.33%", "10")))
    assert "qa_executed_above_budget" in over


def test_met_honours_the_operator() -> None:
    assert met(parse_value("≤5%"), parse_value("3%")) is True
    assert met(parse_value("≤5%"), parse_value("8%")) is False
    assert met(parse_value("≥90%"), parse_value("93%")) is True
    assert met(parse_value("1000-2000元"), parse_value("1500元")) is True
    assert met(parse_value("≥60公里"), parse_value("62人")) is None  # other units: not comparable
    assert met(parse_value("明显改善"), parse_value("明显改善")) is None
