"""Target forms of other provinces' layouts (issue 34), each with its truth in the contract's
Schema 1.2 shape, rendered by forms.py's renderers (DOCX, XLSX, PDF) and html.py's.

A seed draws one class:
- operator_unit: the operator in a column of its own (指标性质 / 绩效指标性质 / 指标值类型 holding
  ≥ ≤ ＝, words, or 定量/定性) and the unit in one (计量单位 / 度量单位 / 绩效度量单位);
- two_targets: 实施期指标值 beside 年度指标值 (or 实施周期 | 年度 under a 指标值 band);
- no_levels: 指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重 | 是否核心, no 一级/二级 printed;
- extra_columns: 指标值确定依据 with its header wrapped over two lines, 评（扣）分标准, 分值/权重,
  是否核心, 备注;
- multi_project: one table of several projects (项目名称 / 项目总额 / 财政资金 / 绩效目标 merged down
  over each project's rows, over page breaks, the merged text repeated or not), unit subtotal rows;
- title_only: no 项目名称 cell, the project named by a title ('301007_某局_某项目绩效目标表'),
  possibly wrapped over two lines;
- carried_over: the central template's money block (年度资金总额 = 财政拨款 + 上年结转 + 其他资金),
  or a self-evaluation's 年初预算数① + 调整预算数② = 小计③;
- records: a projects table whose 绩效指标 cell holds the indicators as numbered records (issue 36):
  numbering, separators, level codes, '名称：值' pairs, period and annual targets, parts missing.
- two_row_header: a 绩效指标 band over 一级 | 二级 | 三级 (and a 指标值 band over 年度 | 实施期), or a
  绩效指标 column merged down beside the whole indicator block; the labels abbreviated or varied
  (一级 / 一级指标名称 / 绩效指标名称, 目标值（年度）/ 预期目标 / 本年度指标值 / 全年指标值);
- self_evaluation_footer: other provinces' self-evaluations: the money block's label column left
  blank under a 项目资金 cell merged down, (A)/(B) marks, 偏差原因 and 改进措施 in two columns or
  未完成原因分析, 一级/二级 merged, a 绩效指标 column, 总分 and 自评等级 rows below the indicators;
- department_tasks: 部门整体支出绩效目标表: 年度主要任务 rows (任务名称 | 主要内容 | 总金额 / 财政拨款 /
  其他资金) closed by 金额合计, 年度总体目标, then the indicators; money in 元 with thousands
  separators, in 万元 with the unit in the header cell or after every figure.
- workbook_export: a budget system's spreadsheet export: figures stored as numbers with number
  formats ('95%' as 0.95 formatted 0%, amounts '#,##0.00'), a sheet of instructions before the
  form's, a hidden column of internal codes, hidden rows (a note; indicators left out of the form);
  the same form printed (PDF, DOCX) shows none of the hidden parts.
- medium_term: the 财预〔2015〕88号 template: 中期资金总额 beside 年度资金总额, 中期目标 beside 年度目标,
  and the indicators side by side: 一级 | 二级 | 三级 | 指标值 for the medium term, then 二级 | 三级 |
  指标值 for the year (the year's target is the value, the medium term's the period value).
- reference_columns: a target table printing columns for reference beside the target: last year's
  figure (上年完成值 / 上年实际值 / 历史值 / 基期值), 指标值说明, and the row's 满分: the reference is
  no 实际完成值 (the table stays a target table), and goes to `extra`.
Any class may print its title and 金额单位 line again at the top of every PDF page.

    python -m samples.generators.provinces SEED OUTDIR     # province_SEED.{docx,xlsx,pdf} + truth
    python -m samples.generators.provinces --regression    # rewrite samples/variants/province_*
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from samples.generators import values as V
from samples.generators.forms import DEPARTMENTS, GOALS, INDICATORS, PROJECTS, VALUE_KINDS, Form, Row, _label
from samples.generators.forms import RENDERERS as FORM_RENDERERS

FIRST = ("operator_unit", "two_targets", "no_levels", "extra_columns", "multi_project", "title_only",
         "carried_over", "records")  # fmt: skip
# Each generation of classes draws its own development seeds, so adding classes never changes the
# forms (and committed regression variants) of the seeds drawn before: FIRST below 100, LATER from
# 100, NEWER from 500, FOURTH from 700. Seeds from WIDE to the benchmark's fresh ones (bench.seeds.BASE) are a wide
# development range over FIRST and LATER; the fresh seeds draw any class.
LATER = ("two_row_header", "self_evaluation_footer", "department_tasks", "workbook_export")
NEWER = ("medium_term",)
FOURTH = ("reference_columns",)
CLASSES = FIRST + LATER + NEWER + FOURTH
GENERATIONS = ((0, FIRST), (100, LATER), (500, NEWER), (700, FOURTH))
WIDE = 1000
FRESH_FROM = 10**7  # bench.seeds.BASE
# Developed against; the benchmark draws unseen ones afresh (bench/seeds.py).
DEV_SEEDS = [*range(0, 40), *range(100, 130), *range(500, 520), *range(700, 720)]
# The first seed of each class (class_of draws them in turn).
FIRST_SEED = {c: base + i for base, classes in GENERATIONS for i, c in enumerate(classes)}
# Committed in samples/variants (python -m samples.generators.provinces --regression), each with
# its golden (pytest --update-golden, after tests/test_provinces.py holds it to its truth).
REGRESSION = (
    (0, "pdf"),  # operator and unit columns, the operator as words (大于等于)
    (9, "docx"),  # 实施周期 | 年度 under a 指标值 band
    (2, "pdf"),  # no 一级/二级: 指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重 | 是否核心
    (3, "pdf"),  # 指标值确定依据 wrapped over two lines, extra columns
    (4, "pdf"),  # several projects in one table over pages, the merged text printed again after a break
    (22, "pdf"),  # several projects in one table, its title, unit line and header row printed on every page
    (17, "pdf"),  # a title-only project name wrapped mid-name, the title on every page
    (14, "pdf"),  # the central money block with 上年结转
    (24, "xlsx"),  # a self-evaluation with 年初预算数① + 调整预算数② = 小计③
    (7, "pdf"),  # records in a cell with level codes, a unit subtotal row
    (20, "docx"),  # records numbered (1) with period targets, one a line
    (129, "pdf"),  # 一级 | 二级 | 三级 beside a 绩效指标 column merged down, the header printed on every page
    (131, "docx"),  # 绩效指标 over everything, 指标值 over 年度 | 实施期: a table nested in the form's last row
    (101, "pdf"),  # a self-evaluation: 偏差原因 | 改进措施, a 绩效指标 column, '自评得分…，等级为…' across the row
    (119, "xlsx"),  # a self-evaluation closed by 总分 and 绩效评级 rows
    (127, "pdf"),  # a department form: 年度主要任务 with 小计 | 财政拨款 | 其他 under 预算金额, 整体绩效目标
    (106, "docx"),  # a department form: amounts printed '549.18万元', a 中长期目标 row
    (136, "xlsx"),  # a department form in 元 with thousands separators
    (118, "xlsx"),  # an export: figures stored as numbers, a hidden code column, hidden indicator rows
    (107, "xlsx"),  # an export: an instructions sheet first, a hidden note row
    (1145, "pdf"),  # several projects: a unit's subtotal row cut by a page break ('…交通运输' | '局合计')
    (1164, "pdf"),  # several projects: a project's merged name printed again after a break, cut short
    (2134, "pdf"),  # several projects: the part of a project's name before the break the one cut short
    (1765, "pdf"),  # several projects: a row cut by a page break, its merged 一级 printed again on the next page
    (173, "pdf"),  # 部门整体支出绩效自评表 (基本支出 / 项目支出 lines) on a landscape page stored with /Rotate 270
    (519, "pdf"),  # the 88号 template: 中期 and 年度 money, goals and indicators side by side
    (514, "docx"),  # the 88号 template with 中期指标 | 年度指标 bands over the halves, a 绩效指标 column
    (483, "pdf"),  # a department form: the 年度预算申请 block (按收入性质分 | 按支出性质分), tasks without 金额合计
    (3126, "pdf"),  # records: a record's last line at the cell's edge, the next record's number run on after it
    (126, "xlsx"),  # an export of three projects, one a sheet, with hidden columns and rows
    (139, "pdf"),  # the same export printed: three forms, one after the other from a new page
    (707, "pdf"),  # 上年实际值 beside the target: a reference, no 实际完成值 (a target table still)
    (716, "docx"),  # 上年完成值, 指标值说明 and 满分 beside the target
    (714, "xlsx"),  # 上年指标值 after the target: no second target
)

# 2021's framework prints 成本指标 as a 一级 of its own; some provinces drop 指标 from the 二级.
COST = {("成本指标", "经济成本指标"): ["项目总成本", "人均培训成本", "单位运维成本", "设备采购单价"]}
LEVEL_CODES = {"产出指标": "1", "效益指标": "2", "满意度指标": "3", "成本指标": "4", "数量指标": "11", "质量指标": "12",
               "时效指标": "13", "经济效益指标": "21", "社会效益指标": "22", "生态效益指标": "23",
               "可持续影响指标": "24", "服务对象满意度指标": "31", "经济成本指标": "41"}  # fmt: skip
COLUMN_UNITS = ["个", "人", "人次", "次", "场", "户", "项", "件", "台", "套", "公里", "平方米", "亩", "吨", "万元",
                "元/人", "天", "小时", "%", "家", "所", "期", "株", "篇"]  # fmt: skip
OPERATOR_HEADERS = ["指标性质", "绩效指标性质", "指标值类型", "指标方向", "运算符号"]
OPERATOR_STYLES = {  # operator -> what the column prints, per style
    "signs": {">=": "≥", "<=": "≤", "=": "＝"},
    "half": {">=": ">=", "<=": "<=", "=": "="},
    "words": {">=": "大于等于", "<=": "小于等于", "=": "等于"},
    "direction": {">=": "正向", "<=": "反向", "=": "＝"},
}
SIGNS = {">=": "≥", "<=": "≤", "=": ""}
UNIT_HEADERS = ["计量单位", "度量单位", "绩效度量单位", "指标值单位"]
VALUE_HEADERS = ["指标值", "绩效指标值", "目标值", "年度指标值", "指标目标值"]
NAME_HEADERS = ["指标名称", "绩效指标名称", "指标内容"]
WEIGHT_HEADERS = ["指标权重", "分值", "权重", "分值权重", "权重(%)"]
CORE_HEADERS = ["是否核心", "是否核心指标"]
REMARKS = ["", "", "", "按季度统计", "以验收报告为准", "新增指标"]
BASES = ["《项目实施方案》", "年度工作计划", "历史数据", "行业标准", "上年度完成情况", "相关政策文件"]
TITLE_UNITS = [("301007", "泉州市公安局晋江国际机场分局", "泉州市公安局"), ("204013", "长沙市天心区城市管理局", "长沙市天心区人民政府"),
               ("105002", "重庆市渝中区民政局", "重庆市渝中区人民政府"), ("402001", "烟台市芝罘区退役军人事务局", "烟台市退役军人事务局")]  # fmt: skip
SUBTOTAL_STYLES = ["{unit}", "{unit}小计", "小计：{unit}", "{unit}合计"]


def class_of(seed: int, rng: random.Random) -> str:
    """The class a seed draws: in turn over its generation's classes for the first two rounds of
    its development seeds, then at random among them; at random over FIRST and LATER in the wide
    development range, over every class for a fresh seed."""
    if seed >= FRESH_FROM:
        return rng.choice(CLASSES)
    if seed >= WIDE:
        return rng.choice(FIRST + LATER)
    base, classes = next((b, c) for b, c in reversed(GENERATIONS) if seed >= b)
    k = seed - base
    return classes[k % len(classes)] if k < len(classes) * 2 else rng.choice(classes)


def make(seed: int) -> Form:
    rng = random.Random(f"province:{seed}")
    cls = class_of(seed, rng)
    form = BUILDERS[cls](rng, seed)
    form.traits = sorted({*form.traits, cls})
    own = len(form.truth["tables"]) - sum(len(m.truth["tables"]) for m in form.more)
    _year_as_printed(form, form.truth["tables"][:own])
    return form


def _year_as_printed(form: Form, tables: list[dict]) -> None:
    """A year the form does not print is none in its truth."""
    printed = form.title + "".join(left + right for left, right in form.lines_above)
    for table in tables:
        table["year"] = table["year"] if str(table["year"]) in printed else None


# ---- rows and targets ----------------------------------------------------------------------------


def _groups(
    rng: random.Random, cost_level1: bool, short_level2: bool, low: int = 1, high: int = 2
) -> list[tuple[str, str, list[str]]]:
    """(一级, 二级, names) in printed order."""
    table = dict(INDICATORS)
    if cost_level1:
        table = {k: v for k, v in table.items() if k[1] != "成本指标"} | COST
    out = []
    for (l1, l2), names in table.items():
        if l1 == "效益指标" and l2 != "社会效益指标" and rng.random() < 0.5:
            continue
        printed2 = l2.removesuffix("指标") if short_level2 and l1 == "效益指标" else l2
        out.append((l1, printed2, rng.sample(names, rng.randint(low, min(high, len(names))))))
    return out


def _v(case: V.Case) -> dict:
    return {"raw": case.raw, "operator": case.operator, "number": case.number, "number_max": case.number_max,
            "unit": case.unit, "deadline": case.deadline}  # fmt: skip


def _plain(rng: random.Random, level2: str) -> dict:
    kinds = VALUE_KINDS.get(level2) or VALUE_KINDS.get(f"{level2}指标") or ("op_number_unit", "qualitative")
    return _v(V.CLASSES[rng.choice(kinds)](rng))


def _number(rng: random.Random, unit: str) -> tuple[str, float]:
    if unit == "%":
        n = rng.choice([80, 85, 90, 95, 98, 99, 100, 99.5, 96.5])
    else:
        n = (
            rng.choice([1, 2, 3, 5, 10, 12, 20, 36, 50, 120, 300, 1000, 2.5, 4500])
            if rng.random() < 0.7
            else rng.randint(1, 9999)
        )
    printed = f"{n:g}"
    return printed, float(printed)


def _column_target(rng: random.Random, level2: str, style: str) -> tuple[str, str, str, dict]:
    """(operator cell, value cell, unit cell, truth) of a form with operator and unit columns."""
    qualitative = level2.startswith("时效") or rng.random() < 0.2
    if qualitative:
        case = V.CLASSES["deadline" if level2.startswith("时效") and rng.random() < 0.6 else "qualitative"](rng)
        return "定性", case.raw, "", {**_v(case), "operator": None, "operator_from": None}
    unit = rng.choice(COLUMN_UNITS)
    printed, n = _number(rng, unit)
    truth = {"raw": printed, "number": n, "number_max": None, "unit": unit, "deadline": None}
    if rng.random() < 0.1:  # 定性 over a number: a count to reach, no comparison
        return "定性", printed, unit, {**truth, "operator": None, "operator_from": None}
    op = rng.choice([">=", ">=", "<=", "="])
    if style == "quant":  # 定量/定性: the sign stays in the value
        raw = SIGNS[op] + printed
        return "定量", raw, unit, {**truth, "raw": raw, "operator": op, "operator_from": "value"}
    return OPERATOR_STYLES[style][op], printed, unit, {**truth, "operator": op, "operator_from": "column"}


def _merged_levels(rows: list[tuple[str, str, list]], merge: bool) -> list[Row]:
    """The 一级 and 二级 cells of each row, merged down over their rows or printed on each."""
    out: list[Row] = []
    l1_count: dict[str, int] = {}
    for l1, _, _ in rows:
        l1_count[l1] = l1_count.get(l1, 0) + 1
    seen1: set[str] = set()
    for i, (l1, l2, _) in enumerate(rows):
        row: Row = []
        if not merge:
            row += [(l1, 1, 1), (l2, 1, 1)]
        else:
            if l1 not in seen1:
                row.append((l1, l1_count[l1], 1))
                seen1.add(l1)
            if i == 0 or rows[i - 1][:2] != (l1, l2):
                row.append((l2, sum(1 for r in rows[i:] if r[:2] == (l1, l2)), 1))
        out.append(row)
    return out


def _indicator(l1: str | None, l2: str | None, name: str, value: dict, **more) -> dict:
    return {"level1": l1, "level2": l2, "level3": name, "value": value, "period_value": None, "weight": None,
            "extra": {}, **more}  # fmt: skip


def _money(rng: random.Random, currency: str = "万元") -> tuple[float, float, float]:
    total = round(rng.uniform(10, 900), 2) if currency == "万元" else float(rng.randint(50_000, 9_000_000))
    fiscal = total if rng.random() < 0.6 else round(total * 0.8, 2)
    return total, fiscal, round(total - fiscal, 2)


def _table(kind: str, title: str, unit: str | None, project: str | None, year: int, budget: dict | None, goals: list[str],
           indicators: list[dict], unit_code: str | None = None, project_code: str | None = None) -> dict:  # fmt: skip
    full = {"total": None, "fiscal": None, "other": None, "carried_over": None, "currency_unit": None}
    return {"kind": kind, "title": title, "unit_code": unit_code, "unit_name": unit, "project_name": project,
            "project_code": project_code, "year": year, "budget": {**full, **budget} if budget else None,
            "goals": goals, "indicators": indicators}  # fmt: skip


def _project_block(rng: random.Random, n: int, year: int, unit: str, project: str, currency: str,
                   traits: list[str]) -> tuple[list[Row], dict, list[str], str, list[tuple[str, str]]]:  # fmt: skip
    """A single project's header block over `n` columns: rows, budget truth, goals, title, lines above."""
    total, fiscal, other = _money(rng, currency)
    rest = n - 1
    goal = rng.choice(GOALS)
    half = max(1, (n - 2) // 2)
    rows: list[Row] = [[("项目名称", 1, 1), (project, 1, half), (rng.choice(["实施单位", "预算单位", "单位名称"]), 1, 1),
                        (unit, 1, n - 2 - half)]]  # fmt: skip
    if n >= 6:
        third = (n - 3) // 3
        rows.append([("年度资金总额", 1, 1), (f"{total:.2f}", 1, third), ("其中：财政拨款", 1, 1),
                     (f"{fiscal:.2f}", 1, third), ("其他资金", 1, 1), (f"{other:.2f}", 1, n - 3 - 2 * third)])  # fmt: skip
    else:
        rows += [[(label, 1, 1), (f"{x:.2f}", 1, rest)] for label, x in
                 (("年度资金总额", total), ("其中：财政拨款", fiscal), ("其他资金", other))]  # fmt: skip
    rows.append([(rng.choice(["年度绩效目标", "年度目标", "绩效目标"]), 1, 1), (goal, 1, rest)])
    title = rng.choice([f"{year}年度项目支出绩效目标表", f"{project}绩效目标申报表", "项目支出绩效目标表"])
    lines = [(f"填报单位：{unit}" if rng.random() < 0.3 else "", f"金额单位：{currency}")]
    budget = {"total": total, "fiscal": fiscal, "other": other, "currency_unit": currency}
    return rows, budget, [goal], title, lines


def _finish(rng: random.Random, seed: int, title: str, lines: list[tuple[str, str]], widths: list[float],
            header: list[Row], body: list[Row], tables: list[dict], traits: list[str], landscape: bool) -> Form:  # fmt: skip
    prose = [rng.choice(GOALS) * rng.randint(3, 6) for _ in range(rng.randint(0, 3))]
    form = Form(seed, title, None, prose, lines, widths, header, body, {"tables": tables}, traits, landscape)
    if rng.random() < 0.5:
        form.repeat_title = True
        form.traits.append("repeated_page_header")
    return form


# ---- classes -----------------------------------------------------------------------------------


def operator_unit(rng: random.Random, seed: int) -> Form:
    _, unit = rng.choice(DEPARTMENTS)
    project, year, currency = rng.choice(PROJECTS), rng.randint(2022, 2026), rng.choice(["万元", "元"])
    style = rng.choice([*OPERATOR_STYLES, "quant"])
    traits = [f"operator_{style}"]
    op_h, unit_h, value_h = rng.choice(OPERATOR_HEADERS), rng.choice(UNIT_HEADERS), rng.choice(VALUE_HEADERS)
    order = rng.choice([["op", "value", "unit"], ["value", "unit", "op"], ["op", "unit", "value"]])
    columns = ["一级指标", "二级指标", "三级指标"] + [{"op": op_h, "value": value_h, "unit": unit_h}[k] for k in order]
    n = len(columns)
    header, budget, goals, title, lines = _project_block(rng, n, year, unit, project, currency, traits)
    header.append([(c, 1, 1) for c in columns])
    rows = [(l1, l2, name) for l1, l2, names in _groups(rng, rng.random() < 0.5, rng.random() < 0.3) for name in names]
    levels = _merged_levels([(a, b, []) for a, b, _ in rows], rng.random() < 0.7)
    body, truth = [], []
    for (l1, l2, name), lv in zip(rows, levels, strict=True):
        op, value, unit_cell, t = _column_target(rng, l2, style)
        cells = {"op": op, "value": value, "unit": unit_cell}
        body.append([*lv, (name, 1, 1), *((cells[k], 1, 1) for k in order)])
        truth.append(_indicator(l1, l2, name, t))
    table = _table("project", title, unit, project, year, budget, goals, truth)
    widths = [1.4, 1.6, 2.6] + [{"op": 1.0, "value": 1.4, "unit": 1.0}[k] for k in order]
    return _finish(rng, seed, title, lines, widths, header, body, [table], traits, rng.random() < 0.3)


def two_targets(rng: random.Random, seed: int) -> Form:
    _, unit = rng.choice(DEPARTMENTS)
    project, year = rng.choice(PROJECTS), rng.randint(2022, 2026)
    traits: list[str] = []
    band = rng.random() < 0.4  # '指标值' over '实施期 | 年度'
    period_h, annual_h = rng.choice([("实施期指标值", "年度指标值"), ("实施周期指标值", "年度指标值"), ("项目期目标值", "年度目标值"),
                                     ("实施期目标", "年度目标")]) if not band else rng.choice([("实施周期", "年度"), ("实施期", "本年度")])  # fmt: skip
    n = 5
    header, budget, goals, title, lines = _project_block(rng, n, year, unit, project, "万元", traits)
    if band:
        traits.append("target_band")
        header.append([("一级指标", 2, 1), ("二级指标", 2, 1), ("三级指标", 2, 1), ("指标值", 1, 2)])
        header.append([(period_h, 1, 1), (annual_h, 1, 1)])
    else:
        header.append([(c, 1, 1) for c in ("一级指标", "二级指标", "三级指标", period_h, annual_h)])
    rows = [(l1, l2, name) for l1, l2, names in _groups(rng, rng.random() < 0.5, False) for name in names]
    levels = _merged_levels([(a, b, []) for a, b, _ in rows], rng.random() < 0.6)
    body, truth = [], []
    for (l1, l2, name), lv in zip(rows, levels, strict=True):
        annual = _plain(rng, l2)
        period = annual if rng.random() < 0.6 else _plain(rng, l2)
        body.append([*lv, (name, 1, 1), (period["raw"], 1, 1), (annual["raw"], 1, 1)])
        truth.append(_indicator(l1, l2, name, annual, period_value=period))
    table = _table("project", title, unit, project, year, budget, goals, truth)
    return _finish(rng, seed, title, lines, [1.4, 1.6, 2.6, 2.0, 2.0], header, body, [table], traits, False)


def no_levels(rng: random.Random, seed: int) -> Form:
    _, unit = rng.choice(DEPARTMENTS)
    project, year = rng.choice(PROJECTS), rng.randint(2022, 2026)
    style = rng.choice(["signs", "half", "quant"])
    traits = [f"operator_{style}"]
    name_h, op_h, unit_h = rng.choice(NAME_HEADERS), rng.choice(OPERATOR_HEADERS[:3]), rng.choice(UNIT_HEADERS)
    weight_h, core_h = rng.choice(WEIGHT_HEADERS), rng.choice(CORE_HEADERS)
    columns = [name_h, op_h, rng.choice(VALUE_HEADERS), unit_h, weight_h, core_h]
    header, budget, goals, title, lines = _project_block(rng, len(columns), year, unit, project, "万元", traits)
    header.append([(c, 1, 1) for c in columns])
    body, truth = [], []
    for _, l2, names in _groups(rng, True, False):
        for name in names:
            op, value, unit_cell, t = _column_target(rng, l2, style)
            weight = rng.choice([5, 10, 10, 15, 20, 2.5])
            core = rng.choice(["是", "否", "否"])
            body.append(
                [(name, 1, 1), (op, 1, 1), (value, 1, 1), (unit_cell, 1, 1), (f"{weight:g}", 1, 1), (core, 1, 1)]
            )
            truth.append(_indicator(None, None, name, t, weight=float(weight), extra={core_h: core}))
    table = _table("project", title, unit, project, year, budget, goals, truth)
    return _finish(rng, seed, title, lines, [3.0, 1.2, 1.6, 1.2, 1.0, 1.0], header, body, [table], traits, False)


def extra_columns(rng: random.Random, seed: int) -> Form:
    _, unit = rng.choice(DEPARTMENTS)
    project, year = rng.choice(PROJECTS), rng.randint(2022, 2026)
    traits = ["wrapped_basis_header"]
    basis_h = rng.choice(["指标值确定\n依据", "指标值\n确定依据", "指标值设定\n依据"])
    optional = [k for k in ("scoring", "weight", "core", "remark") if rng.random() < 0.6]
    heads = {"scoring": rng.choice(["评（扣）分标准", "评(扣)分标准", "评分标准"]), "weight": rng.choice(WEIGHT_HEADERS[1:]),
             "core": rng.choice(CORE_HEADERS), "remark": "备注"}  # fmt: skip
    keys = ["value", "basis", *optional]
    columns = ["一级指标", "二级指标", "三级指标", rng.choice(VALUE_HEADERS), basis_h, *(heads[k] for k in optional)]
    header, budget, goals, title, lines = _project_block(rng, len(columns), year, unit, project, "万元", traits)
    header.append([(c, 1, 1) for c in columns])
    rows = [(l1, l2, name) for l1, l2, names in _groups(rng, rng.random() < 0.5, False) for name in names]
    levels = _merged_levels([(a, b, []) for a, b, _ in rows], rng.random() < 0.7)
    body, truth = [], []
    for (l1, l2, name), lv in zip(rows, levels, strict=True):
        value = _plain(rng, l2)
        cells = {"value": value["raw"], "basis": rng.choice(BASES), "scoring": "完成得满分，未完成按比例扣分",
                 "weight": f"{rng.choice([5, 10, 20])}", "core": rng.choice(["是", "否"]), "remark": rng.choice(REMARKS)}  # fmt: skip
        body.append([*lv, (name, 1, 1), *((cells[k], 1, 1) for k in keys)])
        extra = {heads[k]: cells[k] for k in ("core", "remark") if k in optional and cells[k]}
        more = {"basis": cells["basis"], "extra": extra}
        if "scoring" in optional:
            more["scoring"] = cells["scoring"]
        if "weight" in optional:
            more["weight"] = float(cells["weight"])
        truth.append(_indicator(l1, l2, name, value, **more))
    table = _table("project", title, unit, project, year, budget, goals, truth)
    widths = [1.3, 1.4, 2.2, 1.8, 1.5] + [
        {"scoring": 2.0, "weight": 0.9, "core": 0.9, "remark": 1.3}[k] for k in optional
    ]
    return _finish(rng, seed, title, lines, widths, header, body, [table], traits, len(columns) >= 7)


def multi_project(rng: random.Random, seed: int) -> Form:
    code, unit = rng.choice(DEPARTMENTS)
    year = rng.randint(2022, 2026)
    traits: list[str] = []
    columns = [rng.choice(["项目名称", "项目名称"]), rng.choice(["项目总额", "项目金额", "年度预算数"]),
               rng.choice(["财政资金", "财政拨款"]), rng.choice(["绩效目标", "年度绩效目标", "项目绩效目标"]),
               "一级指标", "二级指标", "三级指标"]  # fmt: skip
    with_op = rng.random() < 0.5
    style = rng.choice(["signs", "half"])
    if with_op:
        traits.append("operator_column")
        columns += [rng.choice(OPERATOR_HEADERS[:2]), rng.choice(VALUE_HEADERS[:3]), rng.choice(UNIT_HEADERS)]
    else:
        columns += [rng.choice(VALUE_HEADERS)]
    codes = rng.random() < 0.5  # '11000025T000003353562-千家万盆鲜花祝福祖国'
    subtotals = rng.random() < 0.5
    units = [unit] if not subtotals else [unit, rng.choice([u for _, u in DEPARTMENTS if u != unit])]
    title = rng.choice(
        ["预算12表 项目支出绩效目标表", f"{year}年项目支出绩效目标表", "项目支出绩效目标表（含转移支付项目）"]
    )
    lines = [(f"部门名称：{unit}", "金额单位：万元")]
    header: list[Row] = [[(c, 1, 1) for c in columns]]
    body: list[Row] = []
    tables: list[dict] = []
    projects = rng.sample(PROJECTS, rng.randint(3, 5))
    per_unit = [projects[: len(projects) // 2], projects[len(projects) // 2 :]] if subtotals else [projects]
    for owner, names_of_unit in zip(units, per_unit, strict=True):
        money = [_money(rng) for _ in names_of_unit]
        if subtotals:
            traits.append("unit_subtotal_rows")
            label = rng.choice(SUBTOTAL_STYLES).format(unit=owner)
            t, f = sum(m[0] for m in money), sum(m[1] for m in money)
            body.append([(label, 1, 1), (f"{t:.2f}", 1, 1), (f"{f:.2f}", 1, 1), *(("", 1, 1) for _ in columns[3:])])
        for project, (total, fiscal, _) in zip(names_of_unit, money, strict=True):
            pcode = f"{code}{year}T{rng.randint(10**7, 10**8 - 1)}" if codes else None
            goal = rng.choice(GOALS)
            rows = [(l1, l2, name) for l1, l2, names in _groups(rng, rng.random() < 0.5, False, 1, 2) for name in names]
            rows = rows[: rng.randint(5, len(rows))]
            levels = _merged_levels([(a, b, []) for a, b, _ in rows], True)
            truth = []
            for i, ((l1, l2, name), lv) in enumerate(zip(rows, levels, strict=True)):
                own = [(f"{pcode}-{project}" if pcode else project, len(rows), 1), (f"{total:.2f}", len(rows), 1),
                       (f"{fiscal:.2f}", len(rows), 1), (goal, len(rows), 1)] if i == 0 else []  # fmt: skip
                if with_op:
                    op, value, unit_cell, t = _column_target(rng, l2, style)
                    cells = [(op, 1, 1), (value, 1, 1), (unit_cell, 1, 1)]
                else:
                    t = _plain(rng, l2)
                    cells = [(t["raw"], 1, 1)]
                body.append([*own, *lv, (name, 1, 1), *cells])
                truth.append(_indicator(l1, l2, name, t))
            budget = {"total": total, "fiscal": fiscal, "currency_unit": "万元"}
            tables.append(_table("project", title, owner, project, year, budget, [goal], truth, project_code=pcode))
    widths = [2.2, 1.2, 1.2, 3.0, 1.2, 1.4, 2.2] + ([1.0, 1.3, 1.0] if with_op else [1.8])
    form = Form(seed, title, None, [], lines, widths, header, body, {"tables": tables}, traits, True)
    form.repeat_merged = rng.random() < 0.5
    form.repeat_title = rng.random() < 0.6
    form.traits += ["merged_text_repeated"] * form.repeat_merged + ["repeated_page_header"] * form.repeat_title
    return form


def title_only(rng: random.Random, seed: int) -> Form:
    code, unit, supervisor = rng.choice(TITLE_UNITS)
    project, year = rng.choice(PROJECTS) + rng.choice(["项目", ""]), rng.randint(2022, 2026)
    traits: list[str] = []
    sep = rng.choice(["_", "_", "＿"])
    tail = rng.choice(["绩效目标表", "支出绩效目标表", "绩效目标申报表"])
    name = project  # what the title names before its generic tail
    full = f"{code}{sep}{unit}{sep}{project}{tail}"
    wrap = rng.choice([None, "tail", "middle"])
    if wrap == "tail":
        title = f"{code}{sep}{unit}{sep}{project}\n{tail}"
    elif wrap == "middle":
        cut = len(full) - len(tail) - rng.randint(1, 3)
        title = f"{full[:cut]}\n{full[cut:]}"
    else:
        title = full
    if wrap:
        traits.append(f"title_wrapped_{wrap}")
    columns = ["一级指标", "二级指标", "三级指标", rng.choice(VALUE_HEADERS)]
    n = len(columns)
    total, fiscal, other = _money(rng)
    goal = rng.choice(GOALS)
    header: list[Row] = [
        [(rng.choice(["主管部门", "主管部门及代码"]), 1, 1), (supervisor, 1, n - 1)],
        [("年度资金总额", 1, 1), (f"{total:.2f}", 1, n - 1)],
        [("其中：财政拨款", 1, 1), (f"{fiscal:.2f}", 1, n - 1)],
        [("其他资金", 1, 1), (f"{other:.2f}", 1, n - 1)],
        [(rng.choice(["年度绩效目标", "年度目标"]), 1, 1), (goal, 1, n - 1)],
        [(c, 1, 1) for c in columns],
    ]
    rows = [(l1, l2, nm) for l1, l2, names in _groups(rng, rng.random() < 0.5, False) for nm in names]
    levels = _merged_levels([(a, b, []) for a, b, _ in rows], rng.random() < 0.7)
    body, truth = [], []
    for (l1, l2, nm), lv in zip(rows, levels, strict=True):
        t = _plain(rng, l2)
        body.append([*lv, (nm, 1, 1), (t["raw"], 1, 1)])
        truth.append(_indicator(l1, l2, nm, t))
    budget = {"total": total, "fiscal": fiscal, "other": other, "currency_unit": "万元"}
    table = _table("project", title.replace("\n", ""), unit, name, year, budget, [goal], truth, unit_code=code)
    lines = [(f"（{year}年度）", "单位：万元")]
    return _finish(rng, seed, title, lines, [1.6, 1.8, 2.8, 2.4], header, body, [table], traits, False)


def carried_over(rng: random.Random, seed: int) -> Form:
    return (_central if rng.random() < 0.6 else _adjusted_self_evaluation)(rng, seed)


def _central(rng: random.Random, seed: int) -> Form:
    """中央部门项目支出绩效目标表: 年度资金总额 = 其中：财政拨款 + 上年结转 + 其他资金."""
    code, unit = rng.choice(DEPARTMENTS)
    project, year = rng.choice(PROJECTS), rng.randint(2022, 2026)
    fiscal, carried = round(rng.uniform(100, 3000), 2), round(rng.uniform(0, 900), 2)
    other = 0.0 if rng.random() < 0.6 else round(rng.uniform(1, 100), 2)
    total = round(fiscal + carried + other, 2)
    goal = rng.choice(GOALS)
    columns = ["一级指标", "二级指标", "三级指标", rng.choice(["指标值", "年度指标值"])]
    carried_label = rng.choice(["上年结转", "上年结转资金", "上年结转结余"])
    header: list[Row] = [
        [("项目名称", 1, 1), (project, 1, 3)],
        [("主管部门及代码", 1, 1), (f"[{code}]{unit}", 1, 1), ("实施单位", 1, 1), (unit, 1, 1)],
        [("项目资金\n（万元）", 4, 1), ("年度资金总额：", 1, 1), (f"{total:.2f}", 1, 2)],
        [("其中：财政拨款", 1, 1), (f"{fiscal:.2f}", 1, 2)],
        [(carried_label, 1, 1), (f"{carried:.2f}", 1, 2)],
        [("其他资金", 1, 1), (f"{other:.2f}", 1, 2)],
        [("年度绩效目标", 1, 1), (goal, 1, 3)],
        [(c, 1, 1) for c in columns],
    ]
    rows = [(l1, l2, nm) for l1, l2, names in _groups(rng, True, False) for nm in names]
    levels = _merged_levels([(a, b, []) for a, b, _ in rows], True)
    body, truth = [], []
    for (l1, l2, nm), lv in zip(rows, levels, strict=True):
        t = _plain(rng, l2)
        body.append([*lv, (nm, 1, 1), (t["raw"], 1, 1)])
        truth.append(_indicator(l1, l2, nm, t))
    title = f"{year}年度项目支出绩效目标表"
    budget = {"total": total, "fiscal": fiscal, "carried_over": carried, "other": other, "currency_unit": "万元"}
    # The 主管部门's code names the unit where it is the 实施单位 too.
    table = _table("project", title, unit, project, year, budget, [goal], truth, unit_code=code)
    return _finish(rng, seed, title, [], [1.8, 1.8, 2.8, 2.2], header, body, [table], ["central_money_block"], False)


def _adjusted_self_evaluation(rng: random.Random, seed: int) -> Form:
    """A self-evaluation whose money block prints 年初预算数① + 调整预算数② = 小计③."""
    _, unit = rng.choice(DEPARTMENTS)
    project, year = rng.choice(PROJECTS), rng.randint(2022, 2026)
    initial = round(rng.uniform(50, 800), 2)
    adjustment = round(rng.choice([0.0, initial * 0.1, -initial * 0.05]), 2)
    total = round(initial + adjustment, 2)
    executed = round(total * rng.uniform(0.8, 1.0), 2)
    rate = round(executed / total * 100, 2)
    carried = round(total * 0.1, 2) if rng.random() < 0.5 else 0.0
    fiscal = round(total - carried, 2)
    columns = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    n = len(columns)
    goal = rng.choice(GOALS)

    def line(label: str, a: float, b: float, c: float, e: float, score: bool) -> Row:
        return [(label, 1, 2), (f"{a:.2f}", 1, 1), (f"{b:.2f}", 1, 1), (f"{c:.2f}", 1, 1), (f"{e:.2f}", 1, 1),
                ("10" if score else "—", 1, 1), (f"{rate:g}%" if score else "—", 1, 1)]  # fmt: skip

    header: list[Row] = [
        [("项目名称", 1, 2), (project, 1, n - 2)],
        [("实施单位", 1, 2), (unit, 1, n - 2)],
        [
            ("项目资金（万元）", 1, 2),
            ("年初预算数①", 1, 1),
            (rng.choice(["年中调整数②", "调整金额②", "年中调整金额②"]), 1, 1),
            ("小计③=①+②", 1, 1),
            ("全年执行数④", 1, 1),
            ("分值", 1, 1),
            ("执行率④/③", 1, 1),
        ],
        line("年度资金总额", initial, adjustment, total, executed, True),
        line("其中：当年财政拨款", initial - carried, adjustment, fiscal, executed - carried, False),
        line("上年结转资金", carried, 0.0, carried, carried, False),
        line("其他资金", 0.0, 0.0, 0.0, 0.0, False),
        [("年度总体目标", 2, 2), ("预期目标", 1, 3), ("实际完成情况", 1, 3)],
        [(goal, 1, 3), ("已按计划完成年度目标。", 1, 3)],
        [(c, 1, 1) for c in columns],
    ]
    body, truth = [], []
    for l1, l2, names in _groups(rng, True, False, 1, 1):
        for nm in names:
            t = _plain(rng, l2)
            body.append([(l1, 1, 1), (l2, 1, 1), (nm, 1, 1), (t["raw"], 1, 1), ("已完成", 1, 1), ("10", 1, 1),
                         ("10", 1, 1), ("无", 1, 1)])  # fmt: skip
            truth.append(_indicator(l1, l2, nm, t, weight=10.0))
    title = f"{year}年度项目支出绩效自评表"
    budget = {"total": total, "fiscal": fiscal, "carried_over": carried, "other": 0.0, "currency_unit": "万元",
              "adjustment": adjustment, "initial": initial, "executed": executed}  # fmt: skip
    table = _table("self_evaluation", title, unit, project, year, budget, [goal], truth)
    widths = [1.2, 1.2, 2.0, 1.6, 1.6, 0.9, 0.9, 2.0]
    return _finish(rng, seed, title, [], widths, header, body, [table], ["adjusted_self_evaluation"], True)


# ---- records in a cell (issue 36) -------------------------------------------------------------

NUMBERINGS = ["{n}、", "{n}.", "({n})", "（{n}）"]
PERIOD_LABELS = ["实施周期指标值", "实施期指标值", "项目期指标值"]
ANNUAL_LABELS = ["年度指标值", "指标值", "年度目标值", "目标值"]


def _record(rng: random.Random, n: int, l1: str, l2: str, name: str, style: dict) -> tuple[str, dict]:
    annual = _plain(rng, l2)
    if ";" in annual["raw"] or "；" in annual["raw"]:
        annual = _v(V.CLASSES["op_number_unit"](rng))
    period = None if not style["period"] else (annual if rng.random() < 0.7 else _plain(rng, l2))
    parts: list[str] = []
    extra = {}
    if style["labelled"]:  # '一级指标：产出指标；二级指标：数量指标；三级指标：…'
        parts += [f"一级指标{style['colon']}{l1}", f"二级指标{style['colon']}{l2}", f"三级指标{style['colon']}{name}"]
    else:
        if style["codes"]:
            parts += [f"{LEVEL_CODES[l1]}-{l1}", f"{LEVEL_CODES[l2]}-{l2}"]
            extra = {"一级代码": LEVEL_CODES[l1], "二级代码": LEVEL_CODES[l2]}
        elif style["levels"]:
            parts += [l1, l2]
        parts.append(name)
    if period is not None:
        parts.append(f"{style['period_label']}{style['colon']}{period['raw']}")
    parts.append(f"{style['annual_label']}{style['colon']}{annual['raw']}")
    text = style["numbering"].format(n=n) + style["sep"].join(parts) + style["end"]
    levels = (l1, l2) if style["labelled"] or style["codes"] or style["levels"] else (None, None)
    return text, _indicator(*levels, name, annual, period_value=period, extra=extra)


def records(rng: random.Random, seed: int) -> Form:
    _, unit = rng.choice(DEPARTMENTS)
    year = rng.randint(2022, 2026)
    style = {"numbering": rng.choice(NUMBERINGS), "sep": rng.choice(["；", ";"]), "end": rng.choice(["。", "；", ""]),
             "codes": rng.random() < 0.5, "levels": True, "labelled": rng.random() < 0.2,
             "period": rng.random() < 0.6, "colon": rng.choice([":", "："]),
             "period_label": rng.choice(PERIOD_LABELS), "annual_label": rng.choice(ANNUAL_LABELS[:2])}  # fmt: skip
    if not style["period"]:
        style["annual_label"] = rng.choice(ANNUAL_LABELS)
    traits = [f"records_{k}" for k in ("codes", "labelled", "period") if style[k]]
    columns = [
        "项目名称",
        rng.choice(["总计", "项目金额", "预算金额"]),
        "财政拨款",
        "绩效目标",
        rng.choice(["绩效指标", "年度绩效指标"]),
    ]
    header: list[Row] = [[(c, 1, 1) for c in columns]]
    body: list[Row] = []
    tables = []
    subtotal = rng.random() < 0.5
    if subtotal:
        traits.append("unit_subtotal_rows")
    projects = rng.sample(PROJECTS, rng.randint(2, 4))
    money = [_money(rng) for _ in projects]
    if subtotal:
        body.append([(unit, 1, 1), (f"{sum(m[0] for m in money):.2f}", 1, 1), (f"{sum(m[1] for m in money):.2f}", 1, 1),
                     ("", 1, 1), ("", 1, 1)])  # fmt: skip
    for project, (total, fiscal, _) in zip(projects, money, strict=True):
        goal = rng.choice(GOALS)
        rows = [(l1, l2, nm) for l1, l2, names in _groups(rng, True, False, 1, 1) for nm in names]
        rows = rows[: rng.randint(3, 6)]
        texts, truth = [], []
        for i, (l1, l2, nm) in enumerate(rows):
            text, t = _record(rng, i + 1, l1, l2, nm, style)
            texts.append(text)
            truth.append(t)
        joiner = "\n" if not style["end"] else rng.choice(["", "\n"])  # records run on only after an end mark
        body.append([(project, 1, 1), (f"{total:.2f}", 1, 1), (f"{fiscal:.2f}", 1, 1), (goal, 1, 1),
                     (joiner.join(texts), 1, 1)])  # fmt: skip
        budget = {"total": total, "fiscal": fiscal, "currency_unit": "万元"}
        tables.append(_table("project", None, unit, project, year, budget, [goal], truth))
    title = "项目支出绩效目标表（含转移支付项目）"
    for t in tables:
        t["title"] = title
    lines = [(f"部门名称：{unit}", "单位：万元")]
    form = Form(
        seed, title, None, [], lines, [2.0, 1.1, 1.1, 3.0, 7.0], header, body, {"tables": tables}, traits, False
    )
    form.repeat_title = rng.random() < 0.5
    return form


# ---- later classes ----------------------------------------------------------------------------

LEVEL_HEADER_SETS = [("一级指标", "二级指标", "三级指标"), ("一级", "二级", "三级"), ("一级指标名称", "二级指标名称", "三级指标名称"),
                     ("一级指标", "二级指标", "绩效指标名称"), ("一级指标", "二级指标", "三级指标名称")]  # fmt: skip
ANNUAL_HEADERS = ["目标值(年度)", "目标值（年度）", "预期目标", "本年度指标值", "全年指标值", "指标值（年度）",
                  "年度目标值", "指标值"]  # fmt: skip
BAND_TARGETS = [("年度", "实施期"), ("本年度", "实施周期"), ("年度目标", "实施期目标"), ("年度指标值", "实施期指标值")]
SIDE_LABELS = ["绩效指标", "绩\n效\n指\n标", "年度绩效指标", "绩效目标指标"]
BAND_LABELS = ["绩效指标", "绩效指标", "指标"]


def _body_rows(rows: list[tuple[str, str, str]], merge: bool, cells_of) -> tuple[list[Row], list[dict]]:
    """Indicator rows: their level cells (merged or not), the name, then `cells_of(l2)` -> (cells, truth)."""
    levels = _merged_levels([(a, b, []) for a, b, _ in rows], merge)
    body, truth = [], []
    for (l1, l2, name), lv in zip(rows, levels, strict=True):
        cells, t = cells_of(l1, l2, name)
        body.append([*lv, (name, 1, 1), *cells])
        truth.append(t)
    return body, truth


def two_row_header(rng: random.Random, seed: int) -> Form:
    _, unit = rng.choice(DEPARTMENTS)
    project, year = rng.choice(PROJECTS), rng.randint(2022, 2026)
    layout = rng.choice(["band", "side", "band_targets", "side_targets", "band_all", "band_three"])
    traits = [f"header_{layout}"]
    l1h, l2h, l3h = rng.choice(LEVEL_HEADER_SETS)
    annual_h = rng.choice(ANNUAL_HEADERS)
    remark = rng.random() < 0.4
    two = layout.endswith("targets") or layout == "band_three"
    period_first = rng.random() < 0.5
    if two:
        annual_h, period_h = rng.choice(BAND_TARGETS)
    targets = ([period_h, annual_h] if period_first else [annual_h, period_h]) if two else [annual_h]
    side = layout.startswith("side")
    n = int(side) + 3 + len(targets) + int(remark)
    header, budget, goals, title, lines = _project_block(rng, n, year, unit, project, "万元", traits)
    rows = [(l1, l2, name) for l1, l2, names in _groups(rng, rng.random() < 0.5, rng.random() < 0.2) for name in names]

    def cells_of(l1: str, l2: str, name: str) -> tuple[Row, dict]:
        annual = _plain(rng, l2)
        period = (annual if rng.random() < 0.6 else _plain(rng, l2)) if two else None
        printed = {annual_h: annual["raw"]} | ({period_h: period["raw"]} if two else {})
        note = rng.choice(REMARKS) if remark else ""
        cells = [(printed[h], 1, 1) for h in targets] + ([(note, 1, 1)] if remark else [])
        return cells, _indicator(l1, l2, name, annual, period_value=period, extra={"备注": note} if note else {})

    body, truth = _body_rows(rows, rng.random() < 0.7, cells_of)
    levels = [(l1h, 1, 1), (l2h, 1, 1), (l3h, 1, 1)]
    depth = 3 if layout == "band_three" else 2  # header rows of the indicator table
    tail = [("备注", 1 if side else depth, 1)] if remark else []
    if side:  # one column labelled 绩效指标 merged down over the indicator header and every row
        header.append([(rng.choice(SIDE_LABELS), 1 + len(body), 1), *levels,
                       *((h, 1, 1) for h in targets), *tail])  # fmt: skip
    else:
        band = rng.choice(BAND_LABELS)
        if layout == "band_all":  # the band over the levels and the targets alike
            header.append([(band, 1, 3 + len(targets)), *tail])
            header.append([*levels, *((h, 1, 1) for h in targets)])
        elif layout == "band_three":  # 绩效指标 over all; 指标值 over 年度 | 实施期 under it
            header.append([(band, 1, 5), *tail])
            header.append([*((h, 2, 1) for h, _, _ in levels), (rng.choice(["指标值", "目标值"]), 1, 2)])
            header.append([(h, 1, 1) for h in targets])
        elif two:
            header.append([(band, 1, 3), (rng.choice(["指标值", "绩效指标值", "目标值"]), 1, 2), *tail])
            header.append([*levels, *((h, 1, 1) for h in targets)])
        else:
            header.append([(band, 1, 3), (annual_h, 2, 1), *tail])
            header.append(levels)
    table = _table("project", title, unit, project, year, budget, goals, truth)
    widths = [0.8] * side + [1.4, 1.6, 2.6] + [1.8] * len(targets) + [1.2] * remark
    form = _finish(rng, seed, title, lines, widths, header, body, [table], traits, n >= 7)
    _nest(rng, form, 0 if side else depth)
    return form


def _nest(rng: random.Random, form: Form, rows: int) -> None:
    """DOCX: the indicator header's `rows` and the body in a table nested in the form's last row."""
    if rows and rng.random() < 0.4:
        form.nested = rows
        form.nested_label = rng.choice([None, "绩效指标", "年度绩效指标"])
        form.traits.append("docx_nested_table")


SELF_EVAL_LAYOUTS = {  # indicator columns after the three levels: (header, role)
    "central": [("年度指标值", "value"), ("实际完成值", "actual"), ("分值", "weight"), ("得分", "score"),
                ("偏差原因分析及改进措施", "deviation")],
    "split": [("年度指标值", "value"), ("全年实际值", "actual"), ("分值", "weight"), ("得分", "score"),
              ("偏差原因", "deviation"), ("改进措施", "measures")],
    "weighted": [("指标值", "value"), ("实际完成值", "actual"), ("权重", "weight"), ("得分", "score"),
                 ("未完成原因分析", "deviation")],
}  # fmt: skip
GRADES = [("优", 90), ("良", 80), ("中", 60)]


def self_evaluation_footer(rng: random.Random, seed: int) -> Form:
    _, unit = rng.choice(DEPARTMENTS)
    project, year = rng.choice(PROJECTS), rng.randint(2022, 2026)
    layout = rng.choice(list(SELF_EVAL_LAYOUTS))
    side = rng.random() < 0.4  # a 绩效指标 column merged down beside the indicator block
    traits = [f"self_evaluation_{layout}"] + ["side_column"] * side
    columns = SELF_EVAL_LAYOUTS[layout]
    n = int(side) + 3 + len(columns)
    planned = round(rng.uniform(20, 800), 2)
    initial = round(planned * rng.choice([1.0, 0.9, 0.8]), 2)
    executed = round(planned * rng.uniform(0.7, 1.0), 2)
    rate = round(executed / planned * 100, 2)
    carried = round(planned * 0.1, 2) if rng.random() < 0.5 else 0.0
    other = round(planned * 0.05, 2) if rng.random() < 0.3 else 0.0
    fiscal = round(planned - carried - other, 2)
    marks = rng.random() < 0.5  # '全年预算数（A）', '执行率（B/A）'
    heads = ["年初预算数", "全年预算数（A）" if marks else "全年预算数", "全年执行数（B）" if marks else "全年执行数", "分值",
             "执行率（B/A）" if marks else "执行率", "得分"]  # fmt: skip
    label_w = n - 7  # the money block: a 项目资金 cell merged down, the line labels, six figures
    blank = rng.random() < 0.6  # the money header row's label cell left blank
    money_label = rng.choice(["项目资金\n（万元）", "资金情况（万元）", "项目资金(万元)"])
    # Drawn from a stream of their own, so the forms drawn before these variations stay as they were.
    more = random.Random(f"province-more:{seed}")
    department = more.random() < 0.3  # 部门整体支出绩效自评表: no project, 基本支出 / 项目支出 lines
    if department:
        traits.append("department_self_evaluation")
        money_label = money_label.replace("项目资金", "部门资金")

    def money_row(label: str, a: float, b: float, c: float, first: bool) -> Row:
        tail = [("10", 1, 1), (f"{rate:g}%", 1, 1), (f"{rate / 10:.2f}", 1, 1)] if first else [("—", 1, 1)] * 3
        return [(label, 1, label_w), (f"{a:.2f}", 1, 1), (f"{b:.2f}", 1, 1), (f"{c:.2f}", 1, 1), *tail]

    goal, done = rng.choice(GOALS), rng.choice(["已按计划完成年度目标。", "基本完成年度目标，个别指标未达预期。"])
    header: list[Row] = [
        [(_label(rng, "项目名称", traits), 1, 1), (project, 1, n - 1)],
        [(_label(rng, rng.choice(["实施单位", "主管部门"]), traits), 1, 1), (unit, 1, n - 1)],
    ]
    if department:
        header = [[(more.choice(["部门名称", "单位名称", "部门（单位）名称"]), 1, 1), (unit, 1, n - 1)]]
    span = 7 if department else 5
    if blank:
        traits.append("money_header_blank")
        header.append([(money_label, span, 1), ("", 1, label_w), *((h, 1, 1) for h in heads)])
    else:
        header.append(
            [(money_label, span, 1), (rng.choice(["资金来源", "项目"]), 1, label_w), *((h, 1, 1) for h in heads)]
        )
    header += [
        money_row(rng.choice(["年度资金总额", "年度资金总额："]), initial, planned, executed, True),
        money_row(
            "其中：当年财政拨款", round(initial - carried - other, 2), fiscal, round(executed - carried, 2), False
        ),
        money_row("上年结转资金", carried, carried, carried, False),
        money_row("其他资金", other, other, 0.0, False),
        *(
            [
                money_row(
                    "按支出性质分：基本支出",
                    round(initial * 0.6, 2),
                    round(planned * 0.6, 2),
                    round(executed * 0.6, 2),
                    False,
                ),
                money_row(
                    "项目支出", round(initial * 0.4, 2), round(planned * 0.4, 2), round(executed * 0.4, 2), False
                ),
            ]
            if department
            else []
        ),
        [
            (rng.choice(["年度总体目标", "年度目标"]), 2, 1),
            ("预期目标", 1, (n - 1) // 2),
            ("实际完成情况", 1, n - 1 - (n - 1) // 2),
        ],
        [(goal, 1, (n - 1) // 2), (done, 1, n - 1 - (n - 1) // 2)],
    ]
    rows = [(l1, l2, nm) for l1, l2, names in _groups(rng, rng.random() < 0.5, False, 1, 1) for nm in names]
    weights: list[float] = []
    scores: list[float] = []

    def cells_of(l1: str, l2: str, name: str) -> tuple[Row, dict]:
        t = _plain(rng, l2)
        w = float(rng.choice([5, 10, 10, 15, 20]))
        weights.append(w)
        got = rng.choice([w, w, w - 1, w - 0.5])
        scores.append(got)
        cells = {"value": t["raw"], "actual": rng.choice(["完成", "已完成", t["raw"]]), "weight": f"{w:g}",
                 "score": f"{got:g}", "deviation": "无" if got == w else "进度略有滞后",
                 "measures": "无" if got == w else "加强调度"}  # fmt: skip
        return [(cells[role], 1, 1) for _, role in columns], _indicator(l1, l2, name, t, weight=w)

    body, truth = _body_rows(rows, rng.random() < 0.6, cells_of)
    labels = [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), *((h, 1, 1) for h, _ in columns)]
    footer_rows = 1 + (rng.random() < 0.7)
    if side:
        header.append([(rng.choice(SIDE_LABELS), 1 + len(body), 1), *labels])
    else:
        header.append(labels)
    total = sum(weights) + 10  # the 10 of the money block
    got_total = round(sum(scores) + round(rate / 10, 2), 2)  # the indicators' scores and the execution score
    body.append([(rng.choice(["总分", "合计", "总  分"]), 1, n - len(columns) + 2), (f"{total:g}", 1, 1),
                 (f"{got_total:g}", 1, 1), ("", 1, len(columns) - 4)])  # fmt: skip
    if footer_rows > 1:
        grade = next(g for g, low in GRADES if got_total >= low) if got_total >= 60 else "差"
        printed = rng.choice(
            [grade, f"{grade}（S≧90）" if grade == "优" else grade, f"自评得分{got_total:g}分，等级为{grade}"]
        )
        body.append([(rng.choice(["自评等级", "评价等级", "绩效评级"]), 1, 2), (printed, 1, n - 2)])
    traits.append("footer_rows")
    title = rng.choice([f"{year}年度项目支出绩效自评表", "项目支出绩效自评表", f"{project}绩效自评表"])
    if department:
        title = more.choice(
            [f"{year}年度部门整体支出绩效自评表", "部门整体支出绩效自评表", f"{unit}部门整体支出绩效自评表"]
        )
    lines = [(f"（{year}年度）", "")] if str(year) not in title else []
    budget = {"total": planned, "fiscal": fiscal, "other": other, "carried_over": carried, "currency_unit": "万元",
              "initial": initial, "executed": executed, "execution_rate": rate}  # fmt: skip
    table = _table("self_evaluation", title, unit, None if department else project, year, budget, [goal], truth)
    widths = [0.7] * side + [1.2, 1.3, 2.0] + [{"value": 1.5, "actual": 1.5, "weight": 0.8, "score": 0.8}.get(r, 1.8)
                                                for _, r in columns]  # fmt: skip
    form = _finish(rng, seed, title, lines, widths, header, body, [table], traits, True)
    form.rotate = more.choice([0, 0, 0, 90, 270])  # PDF: the landscape page stored sideways
    if form.rotate:
        form.traits.append(f"rotate_{form.rotate}")
    return form


TASKS = [("日常运转保障", "保障机关正常运转，支付水电、物业、办公等费用"), ("专项业务工作", "开展年度重点业务工作及专项检查"),
         ("信息化建设", "运维业务系统和网络设备，保障数据安全"), ("宣传培训", "组织业务培训和政策宣传活动"),
         ("民生保障", "落实各项民生补助政策，按时足额发放"), ("基础设施维护", "维护辖区公共设施，消除安全隐患")]  # fmt: skip


def _money_text(x: float, style: str) -> str:
    return {"plain": f"{x:.2f}", "commas": f"{x:,.2f}", "suffix": f"{x:g}万元"}[style]


def department_tasks(rng: random.Random, seed: int) -> Form:
    _, unit = rng.choice(DEPARTMENTS)
    year = rng.randint(2022, 2026)
    style = rng.choice(["plain", "commas", "suffix"])
    currency = "元" if style == "commas" and rng.random() < 0.7 else "万元"
    traits = [f"money_{style}", f"currency_{currency}"]
    n = 7
    tasks = rng.sample(TASKS, rng.randint(2, 4))
    money = []
    for _ in tasks:
        t = round(rng.uniform(10, 900), 2) if currency == "万元" else float(rng.randint(50_000, 9_000_000))
        f = t if rng.random() < 0.6 else round(t * 0.9, 2)
        money.append((t, f, round(t - f, 2)))
    total = round(sum(m[0] for m in money), 2)
    fiscal = round(sum(m[1] for m in money), 2)
    other = round(total - fiscal, 2)
    in_label = style != "suffix" and rng.random() < 0.6
    amount_label = f"预算金额（{currency}）" if in_label else rng.choice(["预算金额", "预算数", "金额"])
    total_words = rng.choice(
        [("总金额", "财政拨款", "其他资金"), ("合计", "财政资金", "其他资金"), ("小计", "财政拨款", "其他")]
    )
    goal = rng.choice(GOALS)
    header: list[Row] = [[(rng.choice(["部门名称", "单位名称", "部门（单位）名称"]), 1, 1), (unit, 1, n - 1)]]
    if rng.random() < 0.5:  # the department's remit printed above its tasks
        traits.append("remit_row")
        header.append(
            [(rng.choice(["部门职能", "部门职责", "部门职能职责概述"]), 1, 1), (rng.choice(GOALS) * 2, 1, n - 1)]
        )
    if rng.random() < 0.3:  # a multi-year goal beside the year's: the year's is the table's goal
        traits.append("medium_term_goal")
        header.append([(rng.choice(["中长期目标", "中期目标"]), 1, 1), ("力争三年内全面完成各项重点任务。", 1, n - 1)])
    # Drawn from a stream of their own, so the forms drawn before these variations stay as they were.
    more = random.Random(f"province-more:{seed}")
    request = more.random() < 0.4  # the central template's 年度预算申请 block above the tasks
    closing = not request or more.random() < 0.5  # its tasks then may go without a 金额合计 row
    if request:
        traits.append("budget_request_block")
        basic = round(total * more.choice([0.3, 0.45, 0.6]), 2)
        request_label = f"年度预算申请（{currency}）" if style != "suffix" else "年度预算申请"
        header += [
            [(request_label, 3, 1), (more.choice(["资金总额", "资金总额："]), 2, 2), ("按收入性质分", 1, 2),
             ("按支出性质分", 1, 2)],
            [("财政拨款", 1, 1), ("其他资金", 1, 1), ("基本支出", 1, 1), ("项目支出", 1, 1)],
            [(_money_text(x, style), 1, 2 if k == 0 else 1)
             for k, x in enumerate((total, fiscal, other, basic, round(total - basic, 2)))],
        ]  # fmt: skip
    header.append([("年度主要任务", len(tasks) + 2 + closing, 1), ("任务名称", 2, 1), ("主要内容", 2, 2),
                   (amount_label, 1, 3)])  # fmt: skip
    header.append([(w, 1, 1) for w in total_words])
    for (task, content), (t, f, o) in zip(tasks, money, strict=True):
        header.append([(task, 1, 1), (content, 1, 2), *((_money_text(x, style), 1, 1) for x in (t, f, o))])
    if closing:
        header.append([(rng.choice(["金额合计", "合计", "金额合计："]), 1, 3),
                       *((_money_text(x, style), 1, 1) for x in (total, fiscal, other))])  # fmt: skip
    else:
        rng.choice(["金额合计", "合计", "金额合计："])  # drawn all the same, so what follows is drawn alike
    header.append([(rng.choice(["年度总体目标", "年度绩效目标", "整体绩效目标"]), 1, 1), (goal, 1, n - 1)])
    rows = [(l1, l2, nm) for l1, l2, names in _groups(rng, rng.random() < 0.5, False) for nm in names]
    side = rng.random() < 0.5
    traits += ["side_column"] * side

    def cells_of(l1: str, l2: str, name: str) -> tuple[Row, dict]:
        t = _plain(rng, l2)
        return [(t["raw"], 1, 2 if side else 3)], _indicator(l1, l2, name, t)

    if side:  # 绩效指标 | 一级 | 二级 | 三级 (2) | 指标值 (2)
        body, truth = [], []
        levels = _merged_levels([(a, b, []) for a, b, _ in rows], True)
        for (l1, l2, nm), lv in zip(rows, levels, strict=True):
            cells, t = cells_of(l1, l2, nm)
            body.append([*lv, (nm, 1, 2), *cells])
            truth.append(t)
        header.append([(rng.choice(SIDE_LABELS), 1 + len(body), 1), ("一级指标", 1, 1), ("二级指标", 1, 1),
                       ("三级指标", 1, 2), (rng.choice(["指标值", "目标值"]), 1, 2)])  # fmt: skip
    else:  # 一级 | 二级 | 三级 (2) | 指标值 (3)
        body, truth = [], []
        levels = _merged_levels([(a, b, []) for a, b, _ in rows], rng.random() < 0.7)
        for (l1, l2, nm), lv in zip(rows, levels, strict=True):
            cells, t = cells_of(l1, l2, nm)
            body.append([*lv, (nm, 1, 2), *cells])
            truth.append(t)
        header.append(
            [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 2), (rng.choice(["指标值", "年度指标值"]), 1, 3)]
        )
    title = rng.choice(
        [f"{year}年{unit}部门整体支出绩效目标表", "部门整体支出绩效目标申报表", f"{unit}{year}年度部门整体绩效目标表"]
    )
    lines = ([(f"（{year}年度）", "")] if str(year) not in title else []) + (
        [("", f"单位：{currency}")] if not in_label and style != "suffix" else []
    )
    budget = {"total": total, "fiscal": fiscal, "other": other, "currency_unit": currency}
    table = _table("department", title, unit, None, year, budget, [goal], truth)
    form = _finish(rng, seed, title, lines, [1.2, 1.4, 1.6, 1.6, 1.4, 1.3, 1.3], header, body, [table], traits, False)
    _nest(rng, form, 0 if side else 1)
    return form


COVER = ["填报说明：", "1. 请按项目逐项填写绩效目标。", "2. 指标值应可量化、可考核。", "3. 金额单位为万元。"]


def _export_target(rng: random.Random, l2: str) -> tuple[str, str, dict]:
    """(value cell, unit cell, truth) of an export: bare figures with the unit in its own column
    where the target is a plain figure, the value generator's strings otherwise."""
    if rng.random() < 0.5 and not l2.startswith("时效"):
        unit = rng.choice(COLUMN_UNITS)
        printed, n = _number(rng, unit)
        if unit == "%" and rng.random() < 0.6:  # '95%' in the cell itself (stored 0.95, formatted 0%)
            return f"{printed}%", "", {"raw": f"{printed}%", "operator": "=", "number": n, "number_max": None,
                                       "unit": "%", "deadline": None}  # fmt: skip
        return printed, unit, {"raw": printed, "operator": "=", "number": n, "number_max": None, "unit": unit,
                               "deadline": None}  # fmt: skip
    t = _plain(rng, l2)
    return t["raw"], "", t


def workbook_export(rng: random.Random, seed: int, sheet_of: int | None = None) -> Form:
    """`sheet_of`: the budget year of the workbook whose further sheet this form is (it draws none
    of its own)."""
    sheet = sheet_of is not None
    _, unit = rng.choice(DEPARTMENTS)
    project, year = rng.choice(PROJECTS), rng.randint(2022, 2026)
    year = sheet_of or year
    traits = ["numbers_stored"]
    weights = rng.random() < 0.6
    unit_h = rng.choice(UNIT_HEADERS)
    columns = ["一级指标", "二级指标", "三级指标", rng.choice(VALUE_HEADERS), unit_h] + [
        rng.choice(WEIGHT_HEADERS[:3])
    ] * weights
    n = len(columns)
    header, budget, goals, title, lines = _project_block(rng, n, year, unit, project, "万元", traits)
    header.append([(c, 1, 1) for c in columns])
    rows = [(l1, l2, name) for l1, l2, names in _groups(rng, rng.random() < 0.5, False) for name in names]
    hide = rng.random() < 0.5  # indicators hidden in the export: every row prints its own level cells
    merge = not hide and rng.random() < 0.6

    def cells_of(l1: str, l2: str, name: str) -> tuple[Row, dict]:
        value, unit_cell, t = _export_target(rng, l2)
        w = float(rng.choice([5, 10, 10, 15, 20]))
        return [(value, 1, 1), (unit_cell, 1, 1)] + [(f"{w:g}", 1, 1)] * weights, _indicator(
            l1, l2, name, t, weight=w if weights else None
        )

    body, truth = _body_rows(rows, merge, cells_of)
    opts: dict = {"numbers": True}
    if rng.random() < 0.5:
        opts["cover"] = COVER
        traits.append("cover_sheet")
    if rng.random() < 0.5:
        opts["hidden_column"] = (rng.choice(["指标编码", "指标ID", "内部编号"]), rng.choice(["ZB", "P", "IND-"]))
        traits.append("hidden_column")
    if rng.random() < 0.4:
        opts["note_row"] = "注：本表由预算管理一体化系统导出，隐藏列请勿修改。"
        traits.append("hidden_note_row")
    if hide:
        traits.append("hidden_rows")
        hidden = []
        for _ in range(rng.randint(1, 2)):
            l1, l2, names = rng.choice(_groups(rng, False, False))
            cells, _ = cells_of(l1, l2, "（已删除）" + names[0])
            hidden.append(
                (rng.randint(0, len(body)), [(l1, 1, 1), (l2, 1, 1), ("（已删除）" + names[0], 1, 1), *cells])
            )
        opts["hidden_rows"] = hidden
    table = _table("project", title, unit, project, year, budget, goals, truth)
    widths = [1.4, 1.6, 2.6, 1.8, 1.1] + [0.9] * weights
    form = _finish(rng, seed, title, lines, widths, header, body, [table], traits, False)
    form.workbook = opts
    form.sheet = project[:31]
    # Drawn from a stream of their own, so the forms drawn before these variations stay as they were.
    more = random.Random(f"province-more:{seed}")
    if not sheet and more.random() < 0.4:  # one project a sheet (a page each when printed)
        form.traits.append("several_sheets")
        _print_year(form, year)  # one budget year, printed on every sheet: no form takes another's
        for k in range(more.randint(1, 2)):
            other = workbook_export(random.Random(f"province-sheet:{seed}:{k}"), seed, sheet_of=year)
            if other.sheet in {form.sheet, *(m.sheet for m in form.more)}:
                continue  # one sheet a project
            _print_year(other, year)
            for t in other.truth["tables"]:
                t["year"] = year
            form.more.append(other)
            form.truth["tables"] += other.truth["tables"]
    return form


def _print_year(form: Form, year: int) -> None:
    if str(year) not in form.title + "".join(left + right for left, right in form.lines_above):
        form.lines_above.insert(0, (f"（{year}年度）", ""))


def medium_term(rng: random.Random, seed: int) -> Form:
    """The 88号 template: medium-term and annual money, goals and indicators side by side."""
    code, unit = rng.choice(DEPARTMENTS)
    project, year = rng.choice(PROJECTS), rng.randint(2022, 2026)
    traits: list[str] = []
    total, fiscal, other = _money(rng)  # eight columns: 绩效指标 | 一级 | (二级 | 三级 | 指标值) twice
    years = rng.choice([3, 3, 5])
    mid_total = round(total * years * rng.uniform(0.9, 1.1), 2)
    mid_fiscal = mid_total if other == 0 else round(mid_total * 0.8, 2)
    mid_other = round(mid_total - mid_fiscal, 2)
    goal = rng.choice(GOALS)
    mid_goal = f"到{year + years - 1}年，" + rng.choice(GOALS)
    colon = rng.choice(["：", ""])
    header: list[Row] = [
        [("项目名称", 1, 2), (project, 1, 6)],
        [("主管部门及代码", 1, 2), (f"[{code}]{unit}", 1, 2), ("实施单位", 1, 1), (unit, 1, 3)],
        [("项目资金\n（万元）", 3, 2), (f"中期资金总额{colon}", 1, 1), (f"{mid_total:.2f}", 1, 2),
         (f"年度资金总额{colon}", 1, 1), (f"{total:.2f}", 1, 2)],
        [("其中：财政拨款", 1, 1), (f"{mid_fiscal:.2f}", 1, 2), ("其中：财政拨款", 1, 1), (f"{fiscal:.2f}", 1, 2)],
        [("其他资金", 1, 1), (f"{mid_other:.2f}", 1, 2), ("其他资金", 1, 1), (f"{other:.2f}", 1, 2)],
        [("总体目标", 2, 1), (f"中期目标（{year}年—{year + years - 1}年）", 1, 4), (f"年度目标（{year}年）", 1, 3)],
        [(mid_goal, 1, 4), (goal, 1, 3)],
    ]  # fmt: skip
    rows = [(l1, l2, name) for l1, l2, names in _groups(rng, False, False) for name in names]
    band = rng.random() < 0.5
    merge = rng.random() < 0.7
    levels = _merged_levels([(a, b, []) for a, b, _ in rows], merge)
    body, truth = [], []
    for (l1, l2, name), lv in zip(rows, levels, strict=True):
        annual = _plain(rng, l2)
        period = annual if rng.random() < 0.4 else _plain(rng, l2)
        l1_cells = [c for c in lv if c[0] == l1] if lv else []
        l2_cell = [c for c in lv if c[0] == l2]
        row: Row = [*l1_cells, *l2_cell, (name, 1, 1), (period["raw"], 1, 1), *l2_cell, (name, 1, 1),
                    (annual["raw"], 1, 1)]  # fmt: skip
        body.append(row)
        truth.append(_indicator(l1, l2, name, annual, period_value=period))
    side = (rng.choice(["绩效指标", "绩\n效\n指\n标"]), 1 + int(band) + len(body), 1)
    if band:
        traits.append("medium_term_band")
        header.append([side, ("一级指标", 2, 1), (rng.choice(["中期指标", "中期绩效指标"]), 1, 3),
                       (rng.choice(["年度指标", "年度绩效指标"]), 1, 3)])  # fmt: skip
        header.append([("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)] * 2)
    else:
        header.append([side, ("一级指标", 1, 1), *([("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)] * 2)])
    title = rng.choice([f"{year}年度项目支出绩效目标申报表", "项目支出绩效目标申报表", f"{project}绩效目标申报表"])
    lines = [(f"（{year}年度）", "")] if str(year) not in title else []
    budget = {"total": total, "fiscal": fiscal, "other": other, "currency_unit": "万元", "medium_term": mid_total}
    table = _table("project", title, unit, project, year, budget, [goal], truth, unit_code=code)
    widths = [0.7, 1.2, 1.3, 1.9, 1.5, 1.3, 1.9, 1.5]
    return _finish(rng, seed, title, lines, widths, header, body, [table], traits, True)


REFERENCE_HEADERS = ["上年完成值", "上年实际值", "上年度实际完成值", "历史值", "基期值", "近三年平均值", "上年指标值"]
NOTE_HEADERS = ["指标值说明", "指标解释", "指标说明"]


def reference_columns(rng: random.Random, seed: int) -> Form:
    _, unit = rng.choice(DEPARTMENTS)
    project, year = rng.choice(PROJECTS), rng.randint(2022, 2026)
    ref_h, note_h = rng.choice(REFERENCE_HEADERS), rng.choice(NOTE_HEADERS)
    full = rng.random() < 0.5
    weight_h = rng.choice(["满分", "分值", "满分值"]) if full else None
    order = rng.choice([["value", "ref", "note"], ["ref", "value", "note"], ["value", "note", "ref"]])
    heads = {"value": rng.choice(VALUE_HEADERS), "ref": ref_h, "note": note_h}
    columns = ["一级指标", "二级指标", "三级指标", *(heads[k] for k in order)] + ([weight_h] if full else [])
    n = len(columns)
    traits = [f"reference_{'first' if order[0] == 'ref' else 'after'}"]
    header, budget, goals, title, lines = _project_block(rng, n, year, unit, project, "万元", traits)
    header.append([(c, 1, 1) for c in columns])
    rows = [(l1, l2, name) for l1, l2, names in _groups(rng, rng.random() < 0.5, False) for name in names]

    def cells_of(l1: str, l2: str, name: str) -> tuple[Row, dict]:
        t = _plain(rng, l2)
        unit = rng.choice(COLUMN_UNITS)
        ref = rng.choice(["", "—", f"{_number(rng, unit)[0]}{unit}", rng.choice(["达标", "良好", "较好", "及时"])])
        w = float(rng.choice([5, 10, 10, 20]))
        cells = {"value": t["raw"], "ref": ref, "note": f"反映{name}情况"}
        out = [(cells[k], 1, 1) for k in order] + ([(f"{w:g}", 1, 1)] if full else [])
        extra = {ref_h: ref} if ref else {}
        return out, _indicator(l1, l2, name, t, weight=w if full else None, extra=extra)

    body, truth = _body_rows(rows, rng.random() < 0.6, cells_of)
    table = _table("project", title, unit, project, year, budget, goals, truth)
    widths = [1.3, 1.5, 2.2] + [{"value": 1.8, "ref": 1.5, "note": 2.0}[k] for k in order] + [0.8] * full
    return _finish(rng, seed, title, lines, widths, header, body, [table], traits, n >= 7)


BUILDERS = {"operator_unit": operator_unit, "two_targets": two_targets, "no_levels": no_levels,
            "extra_columns": extra_columns, "multi_project": multi_project, "title_only": title_only,
            "carried_over": carried_over, "records": records, "two_row_header": two_row_header,
            "self_evaluation_footer": self_evaluation_footer, "department_tasks": department_tasks,
            "workbook_export": workbook_export, "medium_term": medium_term,
            "reference_columns": reference_columns}  # fmt: skip
RENDERERS = FORM_RENDERERS


def write(
    seed: int, outdir: Path, formats: tuple[str, ...] = tuple(RENDERERS), stem: str | None = None
) -> dict[str, Path]:
    form = make(seed)
    stem = stem or f"province_{seed}"
    outdir.mkdir(parents=True, exist_ok=True)
    out = {}
    for fmt in formats:
        out[fmt] = outdir / f"{stem}.{fmt}"
        RENDERERS[fmt](form, out[fmt])
    (outdir / f"{stem}.truth.json").write_text(
        json.dumps({**form.truth, "traits": form.traits}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return out


VARIANTS = Path(__file__).resolve().parents[1] / "variants"


def write_regression(outdir: Path = VARIANTS) -> list[Path]:
    """The committed regression variants: one document and its truth per entry of REGRESSION."""
    return [write(seed, outdir, (fmt,))[fmt] for seed, fmt in REGRESSION]


if __name__ == "__main__":
    if sys.argv[1:] == ["--regression"]:
        print("\n".join(str(p) for p in write_regression()))
    else:
        print(write(int(sys.argv[1]), Path(sys.argv[2])))
