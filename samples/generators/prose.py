"""Prose target sections with known truth, in varied styles: heading numbering, goal/indicator
labels, operator wording, spacing around numbers, separators. `document` gives the truth as the
contract's tables (forms.py prints such sections before a form's table, trait prose_targets). Developed on DEV_SEEDS; accuracy is
measured on seeds drawn afresh at each test run (tests/test_prose.py, bench/seeds.py), never tuned on."""

from __future__ import annotations

import random
from dataclasses import dataclass

DEV_SEEDS = tuple(range(20))

# name, unit, level1, level2, numbers to draw from
POOL = [
    ("新增公办幼儿园学位", "个", "产出指标", "数量指标", (300, 600, 850)),
    ("培训基层医务人员", "人次", "产出指标", "数量指标", (500, 1200, 3000)),
    ("发放政策宣传资料", "份", "产出指标", "数量指标", (2000, 5000)),
    ("维修农村公路", "公里", "产出指标", "数量指标", (12, 35.5)),
    ("开展安全生产检查", "次", "产出指标", "数量指标", (6, 12, 24)),
    ("救助困难群众", "人", "产出指标", "数量指标", (150, 420)),
    ("项目验收合格率", "%", "产出指标", "质量指标", (95, 98, 100)),
    ("设备完好率", "%", "产出指标", "质量指标", (90, 95)),
    ("资金拨付及时率", "%", "产出指标", "时效指标", (95, 100)),
    ("审批办结时限", "个工作日", "产出指标", "时效指标", (3, 5, 7)),
    ("人均补助成本", "元", "产出指标", "成本指标", (800, 1250)),
    ("项目总成本", "万元", "产出指标", "成本指标", (45, 120.5)),
    ("服务对象满意度", "%", "满意度指标", "服务对象满意度指标", (85, 90, 95)),
    ("群众满意率", "%", "满意度指标", "服务对象满意度指标", (90, 92)),
    ("受益群众覆盖率", "%", "产出指标", "质量指标", (80, 90)),
]
# operator phrase templates: (template, operator); {n} number, {u} unit, {s} an optional blank
GE = [("不低于{s}{n}{s}{u}", ">="), ("达到{s}{n}{u}以上", ">="), ("{n}{s}{u}以上", ">="), ("不少于{s}{n}{s}{u}", ">=")]
LE = [("不超过{s}{n}{s}{u}", "<="), ("控制在{s}{n}{s}{u}以内", "<=")]
EQ = [("{n}{s}{u}", "=")]
TIME = [("{n}{s}{u}内完成", "<="), ("不超过{s}{n}{s}{u}", "<=")]
HEADINGS = ["{i}. {t}。", "{i}、{t}。", "（{c}）{t}。", "({i}) {t}"]
LABELS = [("绩效目标", "绩效指标"), ("年度目标", "年度指标"), ("绩效目标", "具体指标")]
CN = "一二三四五六七八九十"
TITLES = ["推进学前教育普惠发展", "做好困难群众救助", "加强道路养护管理", "开展安全生产监管", "提升基层医疗服务能力"]
GOALS = ["扩大服务供给，提高保障水平。", "落实政策要求，确保资金安全有效。", "完善工作机制，提升群众获得感。"]


@dataclass(frozen=True)
class Truth:
    name: str
    operator: str
    number: float
    unit: str
    level1: str
    level2: str


def _fmt(n: float) -> str:
    return f"{n:g}"


# A verb opening a clause is no part of the indicator's name (发放 / 开展 what): the names a reader
# gives the pool's clauses, where they differ from the printed words.
READ_NAMES = {"发放政策宣传资料": "政策宣传资料", "开展安全生产检查": "安全生产检查"}
# Words after a target that close the clause and are no part of the target ('5个工作日内完成').
CLOSING = "完成"


@dataclass(frozen=True)
class Section:
    """One numbered target section: its title, goal and indicators, each with the target's printed words."""

    title: str
    goal: str
    indicators: list[tuple[Truth, str]]  # (truth, raw target as printed)


def _draw(seed: int) -> tuple[list[str], str, list[Section]]:
    """Paragraphs, the document's unit and its sections, from one stream of draws."""
    rng = random.Random(seed)
    unit = f"某县{rng.choice(['教育局', '民政局', '交通运输局', '卫生健康局'])}"
    paragraphs = [f"{unit}2025年部门整体绩效目标", "一、年度绩效目标"]
    sections: list[Section] = []
    heading, (goal_label, ind_label) = rng.choice(HEADINGS), rng.choice(LABELS)
    for i in range(rng.randint(2, 4)):
        picked = rng.sample(POOL, rng.randint(2, 4))
        clauses, truth = [], []
        for name, unit_printed, l1, l2, numbers in picked:
            n = rng.choice(numbers)
            if unit_printed == "个工作日":
                template, op = rng.choice(TIME)
            elif l2 == "成本指标":
                template, op = rng.choice(LE)
            elif unit_printed == "%":
                template, op = rng.choice(GE)
            else:
                template, op = rng.choice(GE + EQ)
            s = rng.choice(["", " "])
            target = template.format(n=_fmt(n), u=unit_printed, s=s)
            clauses.append(name + rng.choice(["", " "]) + target)
            t = Truth(name, op, float(n), "工作日" if unit_printed == "个工作日" else unit_printed, l1, l2)
            truth.append((t, target.removesuffix(CLOSING)))
        sep = rng.choice(["；", "，"])
        title = rng.choice(TITLES)
        goal = rng.choice(GOALS)
        paragraphs.append(heading.format(i=i + 1, c=CN[i], t=title))
        paragraphs.append(f"{goal_label}：{goal}")
        paragraphs.append(f"{ind_label}：{sep.join(clauses)}。")
        sections.append(Section(title, goal, truth))
    paragraphs.append("二、保障措施")
    paragraphs.append("加强组织领导，压实工作责任。")
    return paragraphs, unit, sections


def generate(seed: int) -> tuple[list[str], list[list[Truth]]]:
    """Paragraphs of one document and, per section, its indicators' truth."""
    paragraphs, _, sections = _draw(seed)
    return paragraphs, [[t for t, _ in s.indicators] for s in sections]


def document(seed: int) -> tuple[list[str], list[dict]]:
    """Paragraphs of one document and its truth tables in the contract's shape: one table a
    section (origin 'prose', a 部门整体 document of the unit its first line names, 2025), the
    indicator named as a reader names it and its target's printed words as the raw value."""
    paragraphs, unit, sections = _draw(seed)
    tables = [
        {"origin": "prose", "kind": "department", "title": s.title, "unit_code": None, "unit_name": unit,
         "project_name": None, "project_code": None, "year": 2025, "budget": None, "goals": [s.goal],
         "indicators": [{"level1": t.level1, "level2": t.level2, "level3": READ_NAMES.get(t.name, t.name),
                         "value": {"raw": raw, "operator": t.operator, "number": t.number, "unit": t.unit,
                                   "deadline": None}} for t, raw in s.indicators]}
        for s in sections
    ]  # fmt: skip
    return paragraphs, tables
