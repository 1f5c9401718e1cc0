"""Header lines and labels read wherever they sit."""

from __future__ import annotations

import pytest

from budget_perf.assemble.fields import Fields, _read_inline


@pytest.mark.parametrize(
    ("line", "code", "name", "currency"),
    [
        ("单位：445001 承德市红十字会本级 万元", "445001", "承德市红十字会本级", "万元"),
        ("445001 承德市红十字会本级  单位：万元", "445001", "承德市红十字会本级", "万元"),
        ("571203天津市红十字事务中心", "571203", "天津市红十字事务中心", None),
        ("预算单位：445001-承德市红十字会", "445001", "承德市红十字会", None),
        ("单位：万元", None, None, "万元"),
        ("（元）", None, None, "元"),
        ("13080023P000195100036", None, None, None),  # a project code is no unit line
        ("5513159 元", None, None, None),
    ],
)
def test_inline_unit_and_currency_lines(line: str, code, name, currency) -> None:
    f = Fields()
    _read_inline(f, line)
    assert (f.unit_code, f.unit_name, f.currency_unit) == (code, name, currency)


def test_inline_project_fields() -> None:
    f = Fields()
    _read_inline(f, "项目名称：应急救护培训")
    _read_inline(f, "项目编码：13080023P0001")
    assert (f.project_name, f.project_code) == ("应急救护培训", "13080023P0001")


def test_label_cells_as_spreadsheet_exports_print_them_work_in_any_format(tmp_path) -> None:
    """'项目编码：' labels, the value right or below, the currency inside a label — in a DOCX."""
    import docx

    from budget_perf.pipeline import convert

    d = docx.Document()
    t = d.add_table(rows=8, cols=4)
    rows = [
        ("项目编码：", "530102240000000999", "项目名称：", "乡村道路养护项目"),
        ("实施单位(盖章)", "某县交通运输局", "项目总金额（中期规划，万元）：", "300"),
        ("本年度项目金额（万元）：", "", "", ""),
        ("120.5", "", "", ""),  # the amount below its label
        ("一级指标", "二级指标", "三级指标", "目标值"),
        ("产出指标", "数量指标", "养护里程", "≥120公里"),
        ("效益指标", "社会效益指标", "通行条件", "明显改善"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    path = tmp_path / "labels.docx"
    d.save(path)
    table = convert(path).tables[0]
    assert (table.project_code, table.project_name, table.unit_name) == (
        "530102240000000999",
        "乡村道路养护项目",
        "某县交通运输局",
    )
    assert (table.budget.total, table.budget.medium_term, table.budget.currency_unit) == (120.5, 300, "万元")


def test_self_evaluation_money_block_and_goal_under_its_column_head(tmp_path) -> None:
    """全年预算数 is the budget; 年初预算数, 全年执行数 and 执行率 beside it; the goal under 预期目标."""
    import docx

    from budget_perf.pipeline import convert

    rows = [
        ("项目名称", "城市绿道养护", "", "", "", ""),
        ("资金情况（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率"),
        ("年度资金总额", "100", "120", "108", "10", "90%"),
        ("其中：当年财政拨款", "100", "110", "100", "", ""),
        ("上年结转资金", "0", "5", "3", "", ""),
        ("其他资金", "0", "5", "5", "", ""),
        ("年度总体目标", "预期目标", "", "实际完成情况", "", ""),
        ("", "养护绿道60公里，设施完好率95%以上。", "", "完成养护62公里。", "", ""),
        ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"),
        ("产出指标", "数量指标", "养护里程", "≥60公里", "62公里", "10"),
        ("效益指标", "社会效益指标", "群众出行条件", "明显改善", "明显改善", "10"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", "10"),
    ]
    d = docx.Document()
    d.add_paragraph("2024年度项目支出绩效自评表")
    t = d.add_table(rows=len(rows), cols=6)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    path = tmp_path / "self.docx"
    d.save(path)
    table = convert(path).tables[0]
    b = table.budget
    assert (b.total, b.initial, b.executed, b.execution_rate, b.fiscal, b.other, b.currency_unit) == (
        120,
        100,
        108,
        90,
        110,
        5,
        "万元",
    )
    assert table.goals == ["养护绿道60公里，设施完好率95%以上。"]
    assert table.kind == "self_evaluation"
