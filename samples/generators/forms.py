"""Project target forms in many realistic variants, with new content, each with its truth.

A seed draws one form: a department and project (none from the seeds), the title's wording,
label spellings (trailing colons, full- or half-width brackets, spaces inside labels), which
optional columns there are and in which order, how labels are merged, the goal block's label,
score annotations on level-1 labels, a unit column that carries the unit instead of the value,
and targets from the value generator (whose truth is known by construction). The same form is
rendered to DOCX, XLSX and PDF (drawn like a system export: narrow columns wrap numbers and
units, rows cut by page breaks, landscape pages, pages stored sideways with /Rotate).

    python -m samples.generators.forms SEED OUTDIR     # write SEED.docx/.xlsx/.pdf and SEED.truth.json
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from samples.generators import values as V

DEV_SEEDS = range(0, 30)  # developed against
# The benchmark's held-out seeds are drawn afresh at each run (bench/seeds.py), never fixed here.
CI_SEEDS = (
    0,
    2,
    6,
    11,
    13,
    20,
    28,
)  # the fixed variants the tests read: every kind, /Rotate, narrow columns, an embedded font

DEPARTMENTS = [
    ("320102", "南京市玄武区水务局"), ("510104", "成都市锦江区教育局"), ("610113", "西安市雁塔区卫生健康局"),
    ("420106", "武汉市武昌区文化和旅游局"), ("350203", "厦门市思明区园林绿化中心"), ("130102", "石家庄市长安区交通运输局"),
    ("620102", "兰州市城关区民政局"), ("450103", "南宁市青秀区农业农村局"),
]  # fmt: skip
PROJECTS = ["河道清淤疏浚工程", "中小学课后服务补助", "基层医疗机构设备更新", "公共文化场馆免费开放", "城市绿道养护",
            "农村公路安全生命防护工程", "困难群众临时救助", "高标准农田建设补助", "老旧小区二次供水改造",
            "社区卫生服务能力提升"]  # fmt: skip
GOALS = ["完成年度建设任务，提升公共服务水平，群众满意度达到90%以上。",
         "按期完成项目实施，资金使用规范，形成可持续的管护机制。",
         "保障服务对象基本需求，提高服务覆盖面，降低安全事故发生率。"]  # fmt: skip
INDICATORS = {
    ("产出指标", "数量指标"): ["清淤河道长度", "补助学生人数", "更新设备台数", "开放场馆数量", "养护绿道里程",
                                "救助人次", "建设面积", "改造户数", "培训场次"],
    ("产出指标", "质量指标"): ["工程验收合格率", "设备完好率", "服务达标率", "资金使用合规率", "档案完整率"],
    ("产出指标", "时效指标"): ["项目完成时间", "资金拨付及时率", "问题处置时限", "救助办结时限"],
    ("产出指标", "成本指标"): ["项目总成本", "人均补助标准", "单位养护成本", "设备采购成本"],
    ("效益指标", "社会效益指标"): ["群众出行条件", "公共服务均等化水平", "受益人口", "安全隐患消除率"],
    ("效益指标", "生态效益指标"): ["水体水质改善", "绿化覆盖率", "节能减排量"],
    ("效益指标", "可持续影响指标"): ["长效管护机制", "设施使用年限"],
    ("满意度指标", "服务对象满意度指标"): ["群众满意度", "学生家长满意度", "服务对象满意率"],
}  # fmt: skip
# Value classes that suit each 二级; their strings and truth come from the value generator.
VALUE_KINDS = {
    "数量指标": ("op_number_unit", "suffix_operator", "chinese_numeral", "approximate", "paren_unit"),
    "质量指标": ("op_number_unit", "suffix_operator", "qualitative"),
    "时效指标": ("deadline", "time_limit", "qualitative"),
    "成本指标": ("op_number_unit", "with_subject"),
    "社会效益指标": ("qualitative", "op_number_unit", "change"),
    "生态效益指标": ("qualitative", "op_number_unit"),
    "可持续影响指标": ("qualitative",),
    "服务对象满意度指标": ("op_number_unit", "suffix_operator"),
}
OPTIONAL_COLUMNS = [("description", ["指标解释", "绩效指标描述", "指标说明"]), ("measure_unit", ["度量单位", "计量单位"]),
                    ("nature", ["指标性质"]), ("scoring", ["评分标准", "评（扣）分标准"]), ("weight", ["分值"])]  # fmt: skip
VALUE_HEADERS = ["指标值", "目标值", "年度指标值", "绩效指标值"]
GOAL_LABELS = ["年度目标", "年度绩效目标", "项目总目标", "年度总体目标", "绩效目标"]
UNIT_LABELS = ["实施单位", "申请单位", "预算单位", "实施单位(盖章)", "单位名称"]

Row = list[tuple[str, int, int]]


@dataclass
class Form:
    seed: int
    title: str
    heading: str | None
    prose: list[str]
    lines_above: list[tuple[str, str]]
    widths: list[float]  # relative column widths
    header: list[Row]  # header block rows, then the indicator header row
    body: list[Row]
    truth: dict  # a contract Document's "tables" entry, the fields a reader must give
    traits: list[str] = field(default_factory=list)
    landscape: bool = False
    rotate: int = 0  # PDF only: the page stored sideways with this /Rotate
    repeat_title: bool = False  # PDF only: the title and the lines above printed on every page
    repeat_merged: bool = False  # PDF only: a merged cell's text printed again after a page break
    # XLSX only, as budget systems export: "numbers" (figures stored as numbers with a number format,
    # '95%' as 0.95 formatted 0%), "cover" (a sheet of instructions before the form's), "hidden_column"
    # (label, prefix: a column of internal codes after the form's, hidden), "hidden_rows" ((index,
    # row) pairs: rows inserted before body row `index`, hidden: indicators left out of the form,
    # not in its truth), "note_row" (a hidden note above the table).
    workbook: dict = field(default_factory=dict)
    # DOCX only: the last `nested` header rows and the body drawn as a table nested in the outer
    # form table's last row (one cell across it, or beside a '绩效指标' label cell), as hand-made forms do.
    nested: int = 0
    nested_label: str | None = None
    # Further forms after this one (their truth tables follow this one's in `truth`): on the next
    # pages (PDF, DOCX, each from a new page) and the next sheets (XLSX, one form a sheet, named by `sheet`).
    more: list[Form] = field(default_factory=list)
    sheet: str = "绩效目标"
    # Texts of merged cells printed turned a quarter, reading bottom to top (PDF, DOCX, XLSX):
    # a 一级 label set sideways in its tall merged cell, as 河北's exports print it.
    sideways: set[str] = field(default_factory=set)
    # A cell holding a lone comparison sign prints it smaller than the text (PDF, DOCX, XLSX), as
    # 北京's 绩效指标性质 column of SimSun signs prints.
    small_signs: bool = False


def _label(rng: random.Random, text: str, traits: list[str]) -> str:
    if len(text) == 4 and rng.random() < 0.2:
        traits.append("spaced_label")
        text = " ".join(text)
    if "(" in text and rng.random() < 0.5:
        text = text.replace("(", "（").replace(")", "）")
    if rng.random() < 0.4:
        traits.append("label_colon")
        text += rng.choice(["：", ":"])
    return text


def _value(rng: random.Random, level2: str) -> tuple[str, dict]:
    case = V.CLASSES[rng.choice(VALUE_KINDS[level2])](rng)
    value = {
        "raw": case.raw,
        "operator": case.operator,
        "number": case.number,
        "unit": case.unit,
        "deadline": case.deadline,
    }
    return case.raw, value


def make(seed: int, traits: Iterable[str] | None = None) -> Form:
    """A project form, a whole-department form or a self-evaluation form (its own draw, so the
    project forms of earlier seeds stay as they were), with the later traits `drawn_traits` draws
    for the seed, or those of `traits` (any of LATER_TRAITS) the form can take."""
    kind = random.Random(f"kind:{seed}").random()
    if kind < 0.25:
        form = _self_evaluation(seed)
    else:
        form = _project(seed)
        form = _as_department(form) if kind < 0.4 else form
    if random.Random(f"font:{seed}").random() < 0.3:  # PDF: an embedded font instead of STSong-Light
        form.traits = sorted({*form.traits, "embedded_font"})
    wanted = drawn_traits(seed) if traits is None else set(traits)
    if unknown := wanted - set(LATER_TRAITS):
        raise ValueError(f"no such trait: {sorted(unknown)}")
    for name in LATER_TRAITS:  # prose first: where page breaks fall decides which turned labels fit
        if name in wanted:
            form = LATER_TRAITS[name](form, random.Random(f"{name}:{seed}"))
    return form


# ---- later traits -------------------------------------------------------------------------
# Traits met on real documents after the forms above were fixed. Each is drawn from a stream of
# its own (f"{trait}:{seed}"), only for seeds from TRAITS_FROM, and applied to the finished form:
# the draws of the forms before are untouched, so every earlier seed (the development and CI
# seeds, the committed regression variants and their goldens) gives the bytes it gave before.

TRAITS_FROM = 1000  # above every development, CI and regression seed; bench.seeds.BASE is above it
TRAIT_SEEDS = range(1000, 1030)  # developed against for the later traits
TRAIT_SHARE = {"prose_targets": 0.2, "operator_column": 0.25, "sideways_level1": 0.3}
# The signs an operator column prints for a value printed with a leading sign, the sign moved
# out of the value ('≥95%' -> '≥' | '95%'); a bare figure (operator '=') gets '＝'.
LEADING_SIGN = re.compile(r"^(≥|≧|>=|≤|≦|<=|＞|>|＜|<|=|＝)\s*(?=[0-9０-９])")
COLUMN_SIGN = {">=": "≥", "<=": "≤", "=": "＝"}  # two-glyph spellings printed as one sign
OPERATOR_HEADERS = ["绩效指标性质", "指标性质", "运算符号"]
SIGN_SCALE = 0.7  # a lone sign's size against the text's: small, thin-stroked marks
LONE_SIGNS = frozenset("≥≧≤≦＞>＜<＝=")


def drawn_traits(seed: int) -> set[str]:
    """The later traits a seed draws, each from its own stream; none below TRAITS_FROM."""
    if seed < TRAITS_FROM:
        return set()
    return {name for name, share in TRAIT_SHARE.items() if random.Random(f"{name}:{seed}").random() < share}


def _prose_targets(form: Form, rng: random.Random) -> Form:
    """Target sections written as labelled paragraphs ('绩效目标：…' / '绩效指标：…', prose.py)
    before the form's table, each a prose table of the truth after the form's own."""
    from samples.generators import prose

    paragraphs, tables = prose.document(rng.randrange(2**32))
    form.prose = paragraphs
    form.truth = {**form.truth, "tables": [*form.truth["tables"], *tables]}
    form.traits = sorted({*form.traits, "prose_targets"})
    return form


def _is_project_layout(form: Form) -> bool:
    last = form.header[-1]
    return [t for t, _, _ in last[:3]] == ["一级指标", "二级指标", "三级指标"] and not form.more


def _operator_column(form: Form, rng: random.Random) -> Form:
    """An operator column between 三级指标 and the value, as 北京 prints: a lone sign where the
    value was printed with one (moved out of the value, the value's truth keeping its operator)
    or is a bare figure ('＝'), the cell empty otherwise; the signs printed small. Project and
    department forms without a 指标性质 column of their own."""
    columns = [t for t, _, _ in form.header[-1]]
    if "self_evaluation_form" in form.traits or not _is_project_layout(form) or "指标性质" in columns:
        return form
    after = len(columns) - 3  # the cells after 三级指标 end every body row (merged levels start fewer)
    value_from_end = after - next(i for i, c in enumerate(columns[3:]) if c in VALUE_HEADERS)
    own = next(t for t in form.truth["tables"] if t.get("origin") != "prose")
    body, signs = [], 0
    for row, ind in zip(form.body, own["indicators"], strict=True):
        value, at = ind["value"], len(row) - value_from_end
        text, rs, cs = row[at]
        sign = ""
        m = LEADING_SIGN.match(text)
        if m and value["operator"]:
            sign, text = COLUMN_SIGN.get(m[1], m[1]), text[m.end() :]
        elif value["operator"] == "=" and text[:1].isdigit() and "左右" not in text:  # '50个左右': no plain '＝'
            sign = "＝"
        if sign:
            signs += 1
            ind["value"] = {**value, "raw": text}
        name_at = len(row) - after
        body.append([*row[:name_at], (sign, 1, 1), *row[name_at:at], (text, rs, cs), *row[at + 1 :]])
    if not signs:
        return form
    header = [[*row[:-1], (row[-1][0], row[-1][1], row[-1][2] + 1)] for row in form.header[:-1]]
    header.append([*form.header[-1][:3], (rng.choice(OPERATOR_HEADERS), 1, 1), *form.header[-1][3:]])
    form.header, form.body = header, body
    form.widths = [*form.widths[:3], 0.8, *form.widths[3:]]
    form.small_signs = True
    form.traits = sorted({*form.traits, "operator_column"})
    return form


def _sideways_level1(form: Form, rng: random.Random) -> Form:
    """The 一级 labels of merged cells printed turned a quarter, where the label fits the cell
    on every page the PDF prints it (a cell cut by a page break may be too short)."""
    if "self_evaluation_form" in form.traits or not _is_project_layout(form):
        return form
    level1 = {l1 for l1, _ in INDICATORS}
    # A merged 一级 cell opens the first of its rows ('产出指标' or '产出指标(50分)').
    first = {row[0][0] for row in form.body if row[0][1] > 1 and row[0][0].split("(")[0] in level1}
    fitting = first - _turned_overflowing(form, first)
    if not fitting:
        return form
    form.sideways = fitting
    form.traits = sorted({*form.traits, "sideways_level1"})
    return form


LATER_TRAITS = {
    "prose_targets": _prose_targets,
    "operator_column": _operator_column,
    "sideways_level1": _sideways_level1,
}


def _project(seed: int) -> Form:
    rng = random.Random(f"form:{seed}")
    traits: list[str] = []
    code, unit = rng.choice(DEPARTMENTS)
    project = rng.choice(PROJECTS)
    year = rng.randint(2022, 2026)
    project_code = f"{code}{year}{rng.randint(10**8, 10**9 - 1)}"
    currency = rng.choice(["万元", "元"])
    total = round(rng.uniform(10, 900), 2) if currency == "万元" else float(rng.randint(50_000, 9_000_000))
    fiscal = total if rng.random() < 0.6 else round(total * 0.8, 2)
    other = round(total - fiscal, 2)

    title_style = rng.randrange(3)
    title = [
        f"{year}年度{project}绩效目标表",
        "财政项目支出绩效目标填报表",
        f"{project}项目支出绩效目标申报表（{year}年）",
    ][title_style]
    heading = "七、绩效目标" if rng.random() < 0.3 else None
    if heading:
        traits.append("section_heading")
    # Prose before the table pushes it down, so a page break falls inside it at some row.
    prose = [rng.choice(GOALS) * rng.randint(2, 6) for _ in range(rng.randint(0, 4))]
    if prose:
        traits.append("prose_before_table")

    # Indicator columns: the three levels, the target, and optional columns in some order.
    optional = [(role, rng.choice(names)) for role, names in OPTIONAL_COLUMNS if rng.random() < 0.35]
    value_header = rng.choice(VALUE_HEADERS)
    columns = [("level1", "一级指标"), ("level2", "二级指标"), ("level3", "三级指标")]
    after = [("value", value_header), *optional]
    if optional and rng.random() < 0.3:
        traits.append("value_not_first")
        after = [optional[0], ("value", value_header), *optional[1:]]
    columns += after
    n = len(columns)
    narrow = rng.random() < 0.3  # a narrow target column wraps numbers and units mid-word
    if narrow:
        traits.append("narrow_value_column")
    narrow_labels = rng.random() < 0.3  # level labels wrap over several lines, so page breaks cut them
    if narrow_labels:
        traits.append("narrow_label_columns")
    label_widths = [0.9, 0.9, 1.3] if narrow_labels else [1.6, 1.6, 2.6]
    widths = label_widths + [(1.0 if narrow else 2.2) if role == "value" else 1.6 for role, _ in after]

    # Header block: label/value pairs spread over the grid.
    rest = n - 1
    header: list[Row] = [[(_label(rng, "项目名称", traits), 1, 1), (project, 1, rest)]]
    unit_label = rng.choice(UNIT_LABELS)
    half = max(1, (n - 2) // 2)
    header.append([(_label(rng, "项目编码", traits), 1, 1), (project_code, 1, half),
                   (_label(rng, unit_label, traits), 1, 1), (unit, 1, n - 2 - half)])  # fmt: skip
    money_in_label = rng.random() < 0.5
    separators = rng.random() < 0.3

    def money(x: float) -> str:
        return f"{x:,.2f}" if separators else f"{x:.2f}"

    total_label = _label(rng, f"年度资金总额({currency})" if money_in_label else "年度资金总额", traits)
    lines_above = [(f"单位：{currency}", "")] if not money_in_label else []
    if title_style == 1:
        lines_above.insert(0, (f"预算年度：{year}", ""))
        traits.append("year_in_header")
    if n >= 6:
        third = (n - 3) // 3
        header.append([(total_label, 1, 1), (money(total), 1, third), (_label(rng, "其中：财政拨款", traits), 1, 1),
                       (money(fiscal), 1, third), (_label(rng, "其他资金", traits), 1, 1),
                       (money(other), 1, n - 3 - 2 * third)])  # fmt: skip
    else:
        header.append([(total_label, 1, 1), (money(total), 1, rest)])
        fiscal = other = None
    goal_label = rng.choice(GOAL_LABELS)
    goal = rng.choice(GOALS)
    header.append([(_label(rng, goal_label, traits), 1, 1), (goal, 1, rest)])
    header.append([(text, 1, 1) for _, text in columns])

    # Indicator rows.
    merge_l1, merge_l2 = rng.random() < 0.7, rng.random() < 0.6
    weights = rng.random() < 0.25
    if weights:
        traits.append("score_annotation")
    body: list[Row] = []
    truth_rows: list[dict] = []
    blocks: dict[str, list[tuple[str, list[str]]]] = {}
    for (l1, l2), names in INDICATORS.items():
        if l1 == "效益指标" and rng.random() < 0.4 and l2 != "社会效益指标":
            continue
        blocks.setdefault(l1, []).append((l2, rng.sample(names, rng.randint(1, min(2, len(names))))))
    weight_of = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    unit_column = any(role == "measure_unit" for role, _ in optional)
    for l1, groups in blocks.items():
        l1_rows = sum(len(names) for _, names in groups)
        l1_text = f"{l1}({weight_of[l1]}分)" if weights else l1
        first_of_l1 = True
        for l2, names in groups:
            first_of_l2 = True
            for name in names:
                raw, value = _value(rng, l2)
                unit_cell = ""
                if (
                    unit_column
                    and value["unit"]
                    and value["operator"]
                    and raw.endswith(value["unit"])
                    and raw[: -len(value["unit"])][-1:].isdigit()  # the unit printed as the truth spells it
                    and rng.random() < 0.5
                ):
                    raw = raw[: -len(value["unit"])]  # the unit stands in its own column
                    value = {**value, "raw": raw}
                    unit_cell = value["unit"]
                    traits.append("unit_in_column")
                elif unit_column and value["unit"]:
                    unit_cell = value["unit"]
                row: Row = []
                if merge_l1:
                    if first_of_l1:
                        row.append((l1_text, l1_rows, 1))
                else:
                    row.append((l1_text, 1, 1))
                if merge_l2:
                    if first_of_l2:
                        row.append((l2, len(names), 1))
                else:
                    row.append((l2, 1, 1))
                row.append((name, 1, 1))
                cells = {"value": raw, "description": f"反映{name}情况", "measure_unit": unit_cell,
                         "nature": "", "scoring": "达到目标得满分", "weight": str(rng.choice([5, 10]))}  # fmt: skip
                row += [(cells[role], 1, 1) for role, _ in after]
                body.append(row)
                truth_rows.append(
                    {
                        "level1": l1,
                        "level2": l2,
                        "level3": name,
                        "value": {k: value[k] for k in ("raw", "operator", "number", "unit", "deadline")},
                    }
                )
                first_of_l1 = first_of_l2 = False
    truth = {
        "kind": "project",
        "title": title,
        "unit_code": None,
        "unit_name": unit,
        "project_name": project,
        "project_code": project_code,
        "year": year,
        "budget": {"total": total, "fiscal": fiscal, "other": other, "currency_unit": currency},
        "goals": [goal],
        "indicators": truth_rows,
    }
    landscape = n >= 7 or rng.random() < 0.2
    rotate = rng.choice([0, 0, 0, 90, 270]) if landscape else 0
    if rotate:
        traits.append(f"rotate_{rotate}")
    return Form(seed, title, heading, prose, lines_above, widths, header, body, {"tables": [truth]}, sorted(set(traits)),
                landscape, rotate)  # fmt: skip


def _as_department(form: Form) -> Form:
    """The same form as a whole-department target form: 部门名称 instead of the project rows."""
    t = form.truth["tables"][0]
    n = len(form.widths)
    header = [[("部门名称：", 1, 1), (t["unit_name"], 1, n - 1)], *form.header[2:]]
    title = f"{t['year']}年{t['unit_name']}部门整体支出绩效目标申报表"
    truth = {**t, "kind": "department", "title": title, "project_name": None, "project_code": None}
    return Form(form.seed, title, form.heading, form.prose, [line for line in form.lines_above if "年度" not in line[0]],
                form.widths, header, form.body, {"tables": [truth]}, sorted({*form.traits, "department_form"} - {"year_in_header"}),
                form.landscape, form.rotate)  # fmt: skip


SELF_COLUMNS = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]


def _self_evaluation(seed: int) -> Form:
    """A 项目支出绩效自评表: the money block (年初预算数 / 全年预算数 / 全年执行数 / 执行率 by
    年度资金总额 / 当年财政拨款 / 上年结转资金 / 其他资金), goals under 预期目标, and the 实际完成值,
    分值, 得分 and 偏差原因 columns."""
    rng = random.Random(f"self:{seed}")
    traits = ["self_evaluation_form"]
    _, unit = rng.choice(DEPARTMENTS)
    project = rng.choice(PROJECTS)
    year = rng.randint(2022, 2026)
    planned = round(rng.uniform(20, 800), 2)
    initial = round(planned * rng.choice([1.0, 0.9, 0.8]), 2)
    executed = round(planned * rng.uniform(0.7, 1.0), 2)
    rate = round(executed / planned * 100, 2)
    carried = round(planned * 0.1, 2) if rng.random() < 0.4 else 0.0
    other = round(planned * 0.1, 2) if rng.random() < 0.4 else 0.0
    fiscal = round(planned - carried - other, 2)
    title = rng.choice([f"{year}年度{project}项目支出绩效自评表", "项目支出绩效自评表"])
    lines_above = [(f"（{year}年度）", "")] if "年度" not in title else []
    money_label = rng.choice(["资金情况（万元）", "项目资金（万元）", "项目资金(万元)"])
    n = len(SELF_COLUMNS)
    header: list[Row] = [
        [(_label(rng, "项目名称", traits), 1, 2), (project, 1, n - 2)],
        [(_label(rng, "实施单位", traits), 1, 2), (unit, 1, n - 2)],
        [(money_label, 1, 2), ("年初预算数", 1, 1), ("全年预算数", 1, 1), ("全年执行数", 1, 1), ("分值", 1, 1),
         ("执行率", 1, 1), ("得分", 1, 1)],
        [("年度资金总额", 1, 2), (f"{initial:.2f}", 1, 1), (f"{planned:.2f}", 1, 1), (f"{executed:.2f}", 1, 1),
         ("10", 1, 1), (f"{rate:g}%", 1, 1), (f"{rate / 10:.1f}", 1, 1)],
        [("其中：当年财政拨款", 1, 2), (f"{initial - carried - other:.2f}", 1, 1), (f"{fiscal:.2f}", 1, 1),
         (f"{executed:.2f}", 1, 1), ("—", 1, 1), ("—", 1, 1), ("—", 1, 1)],
        [("上年结转资金", 1, 2), ("0.00", 1, 1), (f"{carried:.2f}", 1, 1), ("0.00", 1, 1), ("—", 1, 1), ("—", 1, 1),
         ("—", 1, 1)],
        [("其他资金", 1, 2), ("0.00", 1, 1), (f"{other:.2f}", 1, 1), ("0.00", 1, 1), ("—", 1, 1), ("—", 1, 1),
         ("—", 1, 1)],
    ]  # fmt: skip
    goal, done = rng.choice(GOALS), "已按计划完成年度目标。"
    goal_label = rng.choice(["年度总体目标", "年度目标"])
    header += [
        [(goal_label, 2, 2), ("预期目标", 1, 3), ("实际完成情况", 1, 3)],
        [(goal, 1, 3), (done, 1, 3)],
        [(text, 1, 1) for text in SELF_COLUMNS],
    ]
    body: list[Row] = []
    truth_rows = []
    for (l1, l2), names in INDICATORS.items():
        if rng.random() < 0.4 and l2 not in ("数量指标", "社会效益指标", "服务对象满意度指标"):
            continue
        for name in rng.sample(names, 1):
            raw, value = _value(rng, l2)
            body.append([(l1, 1, 1), (l2, 1, 1), (name, 1, 1), (raw, 1, 1), (rng.choice(["完成", "已完成", raw]), 1, 1),
                         ("10", 1, 1), (rng.choice(["10", "9", "8.5"]), 1, 1), ("无", 1, 1)])  # fmt: skip
            truth_rows.append({"level1": l1, "level2": l2, "level3": name,
                               "value": {k: value[k] for k in ("raw", "operator", "number", "unit", "deadline")}})  # fmt: skip
    truth = {
        "kind": "self_evaluation",
        "title": title,
        "unit_code": None,
        "unit_name": unit,
        "project_name": project,
        "project_code": None,
        "year": year,
        "budget": {
            "total": planned,
            "fiscal": fiscal,
            "other": other,
            "currency_unit": "万元",
            "initial": initial,
            "executed": executed,
            "execution_rate": rate,
        },
        "goals": [goal],
        "indicators": truth_rows,
    }
    widths = [1.2, 1.2, 2.0, 1.6, 1.6, 0.9, 0.9, 2.0]
    return Form(seed, title, None, [], lines_above, widths, header, body, {"tables": [truth]}, traits, True, 0)


# ---- renderers ----------------------------------------------------------------------------


def to_docx(form: Form, path: Path) -> None:
    from docx.enum.text import WD_BREAK

    from samples.builders.kit import new_document, save_reproducibly

    doc = new_document(landscape=form.landscape)
    for k, one in enumerate([form, *form.more]):
        if k:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _docx_form(doc, one)
    save_reproducibly(doc, path)


def _docx_form(doc, form: Form) -> None:
    from samples.builders.kit import S, grid_table, paragraphs

    if form.heading:
        paragraphs(doc, form.heading, heading=1)
    for text in form.prose:
        paragraphs(doc, text)
    paragraphs(doc, form.title)
    for left, right in form.lines_above:
        paragraphs(doc, f"{left}    {right}".strip())
    total = 24.0 if form.landscape else 16.0
    scale = total / sum(form.widths)
    widths = [w * scale for w in form.widths]
    if form.nested:
        outer = form.header[: -form.nested]
        n = len(widths)
        last = [S(form.nested_label, 1, 1), S("", 1, n - 1)] if form.nested_label else [S("", 1, n)]
        rows = [[S(t, rs, cs) for t, rs, cs in row] for row in outer] + [last]
        table = grid_table(doc, widths, rows, header_rows=0)
        inner = [[S(t, rs, cs) for t, rs, cs in row] for row in form.header[-form.nested :] + form.body]
        cell = table.cell(len(rows) - 1, n - 1)
        inner_widths = widths[1:] if form.nested_label else widths
        grid_table(cell, [w * sum(inner_widths) / sum(widths) for w in widths], inner, header_rows=form.nested)
    else:
        rows = [[S(t, rs, cs) for t, rs, cs in row] for row in form.header + form.body]
        table = grid_table(doc, widths, rows, header_rows=len(form.header))
        if form.sideways or form.small_signs:
            _docx_cells_as_printed(table, form)


def _docx_cells_as_printed(table, form: Form) -> None:
    """Cells of `form.sideways` turned a quarter (text bottom to top), lone signs set small."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt
    from docx.text.run import Run

    from samples.builders.drawn import SIZE

    for tc in table._tbl.iter(qn("w:tc")):
        text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
        if text in form.sideways:
            direction = OxmlElement("w:textDirection")
            direction.set(qn("w:val"), "btLr")
            tc.get_or_add_tcPr().append(direction)
        elif form.small_signs and text.strip() in LONE_SIGNS:
            for run in tc.iter(qn("w:r")):
                Run(run, None).font.size = Pt(round(SIZE * SIGN_SCALE, 1))


_FIGURE = re.compile(r"^(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<pct>%?)$")


def _stored(text: str) -> tuple[object, str | None]:
    """What a budget system's export stores for a printed figure: the number and its format
    ('1,234.50' -> 1234.5 '#,##0.00'; '95%' -> 0.95 '0%'; '12' -> 12 '0'), or the text itself."""
    m = _FIGURE.match(text)
    if m is None:
        return text, None
    digits = m["n"].replace(",", "")
    places = len(digits.split(".")[1]) if "." in digits else 0
    decimals = "." + "0" * places if places else ""
    if m["pct"]:
        return round(float(digits) / 100, places + 2), f"0{decimals}%"
    number = float(digits) if places else int(digits)
    return number, ("#,##0" if "," in m["n"] else "0") + decimals


def to_xlsx(form: Form, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    opts = form.workbook
    if opts.get("cover"):
        ws.title = "填报说明"
        for k, line in enumerate(opts["cover"], start=1):
            ws.cell(k, 1, line)
        ws = wb.create_sheet(form.sheet)
    else:
        ws.title = form.sheet
    _xlsx_form(ws, form)
    for one in form.more:
        _xlsx_form(wb.create_sheet(one.sheet), one)
    wb.save(path)


def _xlsx_form(ws, form: Form) -> None:
    opts = form.workbook
    n = len(form.widths)
    r = 1
    for text in ([form.heading] if form.heading else []) + [form.title]:
        ws.cell(r, 1, text)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
        r += 1
    for left, right in form.lines_above:
        ws.cell(r, 1, f"{left}    {right}".strip())
        r += 1
    if opts.get("note_row"):
        ws.cell(r, 1, opts["note_row"])
        ws.row_dimensions[r].hidden = True
        r += 1
    taken: set[tuple[int, int]] = set()
    body: list[tuple[Row, bool]] = [(row, False) for row in form.body]
    for index, row in sorted(opts.get("hidden_rows", ()), key=lambda h: -h[0]):
        body.insert(index, (row, True))
    rows = form.header + [row for row, _ in body]
    for i, row in enumerate(rows):
        c = 1
        for text, rs, cs in row:
            while (r + i, c) in taken:
                c += 1
            value, fmt = _stored(text) if opts.get("numbers") else (text, None)
            cell = ws.cell(r + i, c, value)
            if fmt:
                cell.number_format = fmt
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # '=90%' is a printed target, not a formula
            if text in form.sideways or (form.small_signs and text.strip() in LONE_SIGNS):
                _xlsx_as_printed(cell, text in form.sideways)
            if rs > 1 or cs > 1:
                ws.merge_cells(start_row=r + i, start_column=c, end_row=r + i + rs - 1, end_column=c + cs - 1)
            taken |= {(rr, cc) for rr in range(r + i, r + i + rs) for cc in range(c, c + cs)}
            c += cs
    for k, (_, hidden) in enumerate(body):
        if hidden:
            ws.row_dimensions[r + len(form.header) + k].hidden = True
    if opts.get("hidden_column"):
        from openpyxl.utils import get_column_letter

        label, prefix = opts["hidden_column"]
        col = n + 1
        ws.cell(r + len(form.header) - 1, col, label)
        for k in range(len(body)):
            ws.cell(r + len(form.header) + k, col, f"{prefix}{k + 1:04d}")
        ws.column_dimensions[get_column_letter(col)].hidden = True


def _xlsx_as_printed(cell, turned: bool) -> None:
    """A cell's text turned a quarter (bottom to top), or a lone sign set small."""
    from openpyxl.styles import Alignment, Font

    from samples.builders.drawn import SIZE

    if turned:
        cell.alignment = Alignment(text_rotation=90, vertical="center", horizontal="center")
    else:
        cell.font = Font(size=round(SIZE * SIGN_SCALE, 1))


def to_pdf(form: Form, path: Path) -> None:
    if not form.more:
        _pdf_form(form, path)
        return
    import tempfile

    from pypdf import PdfWriter

    writer = PdfWriter()
    with tempfile.TemporaryDirectory() as tmp:
        for k, one in enumerate([form, *form.more]):
            part = Path(tmp) / f"{k}.pdf"
            _pdf_form(one, part)
            writer.append(str(part))
        writer.write(str(path))


def _spec(form: Form, rotated: set[str] | None = None):
    from samples.builders.drawn import PAGE_H, PAGE_W, Spec

    page_w = PAGE_H if form.landscape else PAGE_W
    scale = (page_w - 120) / sum(form.widths)
    return Spec([w * scale for w in form.widths], form.header, form.body, landscape=form.landscape,
                repeat_merged=form.repeat_merged, repeat_title=form.repeat_title,
                rotated=form.sideways if rotated is None else rotated)  # fmt: skip


def _draw(form: Form, path: Path, spec, canvas_class: type | None = None) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from samples.builders.drawn import draw_pdf

    prose = ([form.heading] if form.heading else []) + form.prose
    draw_pdf(path, form.title, form.lines_above, spec, prose, embed="embedded_font" in form.traits,
             canvas_class=canvas_class or Canvas)  # fmt: skip


def _pdf_form(form: Form, path: Path) -> None:
    _draw(form, path, _spec(form), _small_signs_canvas() if form.small_signs else None)
    if form.rotate:
        _store_sideways(path, form.rotate)


def _small_signs_canvas() -> type:
    """A canvas that draws a string holding one comparison sign alone at SIGN_SCALE of the size."""
    from reportlab.pdfgen.canvas import Canvas

    class SmallSigns(Canvas):
        def drawString(self, x: float, y: float, text: str, *args, **kwargs) -> None:
            if text.strip() not in LONE_SIGNS:
                super().drawString(x, y, text, *args, **kwargs)
                return
            name, size = self._fontname, self._fontsize
            self.setFont(name, size * SIGN_SCALE)
            super().drawString(x, y, text, *args, **kwargs)
            self.setFont(name, size)

    return SmallSigns


def _turned_overflowing(form: Form, texts: set[str]) -> set[str]:
    """Of `texts` printed turned in the form's PDF, those longer than their cell's part on some
    page (a merged cell cut by a page break): the drawing calls measured, nothing written."""
    from reportlab.pdfbase import pdfmetrics

    from samples.builders.drawn import PAD

    too_long: set[str] = set()

    class Probe:
        def __init__(self, path: str, pagesize: tuple[float, float], invariant: int = 1) -> None:
            self.font, self.size, self.box, self.turned = "", 0.0, 0.0, False

        def setFont(self, name: str, size: float) -> None:
            self.font, self.size = name, size

        def rect(self, x: float, y: float, w: float, h: float, stroke: int = 1, fill: int = 0) -> None:
            self.box = h

        def saveState(self) -> None:
            self.turned = True

        def restoreState(self) -> None:
            self.turned = False

        def drawString(self, x: float, y: float, text: str) -> None:
            if self.turned and pdfmetrics.stringWidth(text, self.font, self.size) + 2 * PAD > self.box:
                too_long.add(text)

        def __getattr__(self, name: str):  # lines, turns, pages: nothing to measure
            return lambda *args, **kwargs: None

    _draw(form, Path("unused"), _spec(form, texts), Probe)
    return too_long


def _store_sideways(path: Path, rotate: int) -> None:
    """Keep the page upright on screen but store it sideways with /Rotate, as scanners and some
    systems save landscape tables: the content is turned into a portrait MediaBox."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(path)))
    for page in writer.pages:
        page.rotate(360 - rotate)
        page.transfer_rotation_to_content()
        page.rotate(rotate)
    writer.write(str(path))


RENDERERS = {"docx": to_docx, "xlsx": to_xlsx, "pdf": to_pdf}


def truth_for(truth: dict, fmt: str) -> dict:
    """The truth a format's rendering holds: a workbook prints no paragraphs, so none of the prose
    target sections (trait prose_targets) the printed documents carry."""
    if fmt != "xlsx":
        return truth
    return {**truth, "tables": [t for t in truth["tables"] if t.get("origin") != "prose"]}


def write(
    seed: int, outdir: Path, formats: tuple[str, ...] = tuple(RENDERERS), traits: Iterable[str] | None = None
) -> dict[str, Path]:
    """The form of `seed` (with `traits` forced, see `make`) in each format, and its truth."""
    form = make(seed, traits)
    outdir.mkdir(parents=True, exist_ok=True)
    out = {}
    for fmt in formats:
        path = outdir / f"form_{seed}.{fmt}"
        RENDERERS[fmt](form, path)
        out[fmt] = path
    (outdir / f"form_{seed}.truth.json").write_text(
        json.dumps({**form.truth, "traits": form.traits}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return out


if __name__ == "__main__":
    print(write(int(sys.argv[1]), Path(sys.argv[2])))
