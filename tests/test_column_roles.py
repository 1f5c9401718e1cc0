"""Column roles (schema 1.2): every printed column gets a role or is kept in `extra`; one table per
project of a multi-project table; header fields from the table's own block. Each layout is a real
one (samples/real/README.md names the documents) rebuilt small in a DOCX, so the test reads it
through the same grid and assembly as every reader."""

from __future__ import annotations

from pathlib import Path

import docx

from budget_perf.pipeline import convert
from samples.builders.kit import S, grid_table, save_reproducibly


def _convert(rows: list[list], widths: list[float], tmp_path: Path, lines: tuple[str, ...] = ()):
    doc = docx.Document()
    for line in lines:
        doc.add_paragraph(line)
    grid_table(doc, widths, rows)
    path = tmp_path / "t.docx"
    save_reproducibly(doc, path)
    return convert(path)


def test_operator_and_unit_in_columns_of_their_own(tmp_path: Path) -> None:
    """Beijing's 预算表12: 绩效指标性质 holds the operator, 绩效度量单位 the unit; 定性 is no comparison."""
    rows = [
        ["项目名称", S("甲项目", cs=6)],
        ["一级指标", "二级指标", "三级指标", "绩效指标性质", "本年绩效指标值", "绩效度量单位", "备注"],
        ["产出指标", "数量指标", "改造户数", "≤", "1000", "套", ""],
        ["产出指标", "质量指标", "验收", "定性", "通过验收", "", "无"],
        ["效益指标", "社会效益指标", "参与家庭", "定性", "1000", "户", ""],
        ["满意度指标", "服务对象满意度指标", "满意度", "≥", "≥90", "%", ""],
    ]
    (table,) = _convert(rows, [2, 2, 3, 2, 2, 2, 2], tmp_path).tables
    got = [(i.value.operator, i.value.operator_from, i.value.number, i.value.unit, i.value.unit_from, i.extra)
           for i in table.indicators]  # fmt: skip
    assert got == [
        ("<=", "column", 1000.0, "套", "column", {}),
        (None, None, None, None, None, {"备注": "无"}),
        (None, None, 1000.0, "户", "column", {}),  # 定性: a number to reach, no comparison
        (">=", "value", 90.0, "%", "column", {}),  # the value's own sign decides; its unit is the column's
    ]
    assert [i.nature for i in table.indicators] == ["≤", "定性", "定性", "≥"]


def test_two_target_columns_under_one_label(tmp_path: Path) -> None:
    """指标值 over 实施期 | 年度: the period target and the annual one, never joined."""
    rows = [
        [S("一级指标", rs=2), S("二级指标", rs=2), S("三级指标", rs=2), S("指标值", cs=2), S("指标权重(%)", rs=2),
         S("是否核心", rs=2)],
        ["实施期", "年度"],
        ["产出指标", "数量指标", "培训场次", "≥40场", "≥20场", "10", "是"],
    ]  # fmt: skip
    (table,) = _convert(rows, [2, 2, 3, 2, 2, 2, 2], tmp_path).tables
    (ind,) = table.indicators
    assert (ind.value.raw, ind.period_value.raw, ind.weight, ind.extra) == ("≥20场", "≥40场", 10.0, {"是否核心": "是"})


def test_wrapped_basis_header_is_one_label(tmp_path: Path) -> None:
    """'指标值确定依据' wrapped over two lines is the basis column, not a second target."""
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标值", "指标值\n确定依据"],
        ["产出指标", "数量指标", "培训人数", "≥300人", "年度计划"],
    ]
    (table,) = _convert(rows, [2, 2, 3, 2, 3], tmp_path).tables
    (ind,) = table.indicators
    assert (ind.value.raw, ind.basis) == ("≥300人", "年度计划")


def test_a_form_without_levels_has_null_levels(tmp_path: Path) -> None:
    rows = [
        ["指标名称", "指标性质", "指标值", "计量单位", "指标权重", "是否核心"],
        ["培训人数", "≥", "300", "人", "20", "是"],
    ]
    out = _convert(rows, [3, 2, 2, 2, 2, 2], tmp_path)
    (ind,) = out.tables[0].indicators
    assert (ind.level1, ind.level2, ind.level3) == (None, None, "培训人数")
    assert (ind.value.operator, ind.value.number, ind.value.unit, ind.weight) == (">=", 300.0, "人", 20.0)
    assert "missing_level1" not in [i.code for i in out.issues]


def test_levels_written_into_the_name_cell(tmp_path: Path) -> None:
    """Beijing's 预算表13: one 绩效指标 cell holds '产出指标数量指标' and the name."""
    rows = [
        ["活动", "绩效指标", "指标性质", "指标值", "度量单位"],
        ["植树活动", "产出指标数量指标苗木数量", "＝", "413200", "株"],
        ["植树活动", "效益指标社会效益指标提高品质", "定性", "效果显著", ""],
    ]
    (table,) = _convert(rows, [3, 4, 2, 2, 2], tmp_path).tables
    got = [(i.level1, i.level2, i.level3, i.value.operator, i.extra) for i in table.indicators]
    assert got == [
        ("产出指标", "数量指标", "苗木数量", "=", {"活动": "植树活动"}),
        ("效益指标", "社会效益指标", "提高品质", None, {"活动": "植树活动"}),
    ]


def test_one_table_per_project_of_a_multi_project_table(tmp_path: Path) -> None:
    """Project cells merged down over each project's rows: one table per project, its own money
    and goals; the exporter's repeat of a project's cells (after a page break) continues it."""
    rows = [
        [S("项目名称", rs=2), S("项目总额", rs=2), S("其中：", cs=2), S("绩效目标", rs=2), S("一级指标", rs=2),
         S("二级指标", rs=2), S("三级指标", rs=2), S("本年绩效指标值", rs=2)],
        ["财政资金", "其他资金"],
        [S("11000025T000003353562-千家万盆鲜花祝福祖国", rs=2), S("30.000000", rs=2), S("30.000000", rs=2),
         S("", rs=2), S("赠送花卉", rs=2), "产出指标", "数量指标", "赠送花卉", "800盆"],
        ["满意度指标", "服务对象满意度指标", "满意度", "≥90%"],
        [S("第二个项目", rs=1), "450", "400", "50", "开展活动", "产出指标", "数量指标", "活动", "≥1次"],
        ["第二个项目", "450", "400", "50", "开展活动", "成本指标", "经济成本指标", "苗木费", "≤291.35万元"],
    ]  # fmt: skip
    out = _convert(rows, [3, 2, 2, 2, 3, 2, 2, 3, 2], tmp_path, ("金额单位：万元",))
    got = [(t.project_code, t.project_name, t.budget.total, t.budget.fiscal, t.budget.other, t.budget.currency_unit,
            t.goals, len(t.indicators)) for t in out.tables]  # fmt: skip
    assert got == [
        ("11000025T000003353562", "千家万盆鲜花祝福祖国", 30.0, 30.0, None, "万元", ["赠送花卉"], 2),
        (None, "第二个项目", 450.0, 400.0, 50.0, "万元", ["开展活动"], 2),
    ]


def test_unit_subtotal_rows_name_the_projects_below(tmp_path: Path) -> None:
    """A projects table with records in a cell (Guangzhou): 合计, then a unit's subtotal row, then
    its projects; each project a table, its indicators its records."""
    records = (
        "1、1-产出指标；11-数量指标；会议场次；实施周期指标值:≥40场；年度指标值:≥20场。"
        "2、3-满意度指标；31-服务对象满意度；满意度；年度指标值》90%"
    )
    rows = [
        ["项目名称（资金使用单位）", "总计", "财政拨款", "其他资金", "绩效目标", "绩效指标"],
        ["合计", "100.00", "100.00", "", "", ""],
        ["某市数据局", "100.00", "100.00", "", "", ""],
        ["平台运营项目", "100.00", "100.00", "", "保障平台运行", records],
    ]
    out = _convert(rows, [4, 2, 2, 2, 3, 6], tmp_path, ("单位：万元",))
    (table,) = out.tables
    assert (table.unit_name, table.project_name, table.budget.total, table.goals) == (
        "某市数据局",
        "平台运营项目",
        100.0,
        ["保障平台运行"],
    )
    got = [(i.level1, i.level2, i.level3, i.value.raw, i.value.operator, i.period_value and i.period_value.raw, i.extra)
           for i in table.indicators]  # fmt: skip
    assert got == [
        ("产出指标", "数量指标", "会议场次", "≥20场", ">=", "≥40场", {"一级代码": "1", "二级代码": "11"}),
        ("满意度指标", "服务对象满意度", "满意度", "》90%", ">=", None, {"一级代码": "3", "二级代码": "31"}),
    ]


def test_a_records_cell_that_does_not_parse_is_a_warning(tmp_path: Path) -> None:
    rows = [
        ["项目名称", "总计", "绩效目标", "绩效指标"],
        ["平台运营项目", "100.00", "保障平台运行", "1、确保平台运行稳定。2、提升服务能力。"],
    ]
    out = _convert(rows, [4, 2, 3, 6], tmp_path)
    assert out.tables[0].indicators == []
    assert [(i.code, i.severity) for i in out.issues if i.code.startswith("record")] == [("records_unread", "warning")]


def test_money_heads_over_sub_labels_and_a_breakdown_without_total(tmp_path: Path) -> None:
    """财政拨款 over 合计 | 基本支出 | 项目支出: its 合计; 预算金额 over 基本支出 and 项目支出 rows with no
    合计 line is no total (a part is never the whole)."""
    rows = [
        ["部门名称", S("某局", cs=4)],
        [S("总体资金情况（万元）", rs=3), S("预算支出总额", rs=2), S("财政拨款", cs=2), "其他资金"],
        ["合计", "基本支出", "合计"],
        ["5,133.74", "5,133.74", "950.09", ""],
        ["一级指标", "二级指标", "三级指标", "指标值", "备注"],
        ["产出指标", "数量指标", "苗木", "100株", ""],
    ]
    out = _convert(rows, [3, 2, 2, 2, 2], tmp_path)
    b = out.tables[0].budget
    assert (b.total, b.fiscal, b.other) == (5133.74, 5133.74, None)


def test_a_title_that_names_unit_and_project(tmp_path: Path) -> None:
    """Quanzhou's system export prints no 项目名称 cell, only a title wrapped over two lines."""
    rows = [
        ["资金总额（万元）", "280.7万元", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "修缮面积", "≥500平方米"],
        ["总分", "", "", "100"],
        ["评价等级", "", "", "优（S≧90）"],
    ]
    lines = ("301007_泉州市公安局晋江国际机场分局_机场公安综合修缮改造", "项目绩效目标表")
    (table,) = _convert(rows, [3, 3, 3, 3], tmp_path, lines).tables
    assert (table.kind, table.unit_code, table.unit_name, table.project_name) == (
        "project",
        "301007",
        "泉州市公安局晋江国际机场分局",
        "机场公安综合修缮改造项目",
    )
    assert (table.budget.total, table.budget.currency_unit) == (280.7, "万元")  # the unit printed with the amount
    assert [i.level3 for i in table.indicators] == ["修缮面积"]  # 总分 and 评价等级 close the table, no rows
    assert table.total_score == 100.0


def test_records_beside_a_label_in_a_one_project_form(tmp_path: Path) -> None:
    rows = [
        ["项目名称", "平台运营项目"],
        ["年度目标", "保障平台运行"],
        [
            "绩效指标",
            "（1）产出指标；数量指标；培训场次；指标值：≥20场\n（2）满意度指标；服务对象满意度指标；满意度；指标值：≥90%",
        ],
    ]
    (table,) = _convert(rows, [3, 10], tmp_path).tables
    assert (table.project_name, table.goals) == ("平台运营项目", ["保障平台运行"])
    assert [(i.level1, i.level3, i.value.raw) for i in table.indicators] == [
        ("产出指标", "培训场次", "≥20场"),
        ("满意度指标", "满意度", "≥90%"),
    ]
