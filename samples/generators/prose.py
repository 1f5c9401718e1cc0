"""Prose target sections with known truth, in varied styles: heading numbering, goal/indicator
labels, operator wording, spacing around numbers, separators. Developed on DEV_SEEDS; accuracy is
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


def generate(seed: int) -> tuple[list[str], list[list[Truth]]]:
    """Paragraphs of one document and, per section, its indicators' truth."""
    rng = random.Random(seed)
    paragraphs = [
        f"某县{rng.choice(['教育局', '民政局', '交通运输局', '卫生健康局'])}2025年部门整体绩效目标",
        "一、年度绩效目标",
    ]
    truths: list[list[Truth]] = []
    heading, (goal_label, ind_label) = rng.choice(HEADINGS), rng.choice(LABELS)
    for i in range(rng.randint(2, 4)):
        picked = rng.sample(POOL, rng.randint(2, 4))
        clauses, truth = [], []
        for name, unit, l1, l2, numbers in picked:
            n = rng.choice(numbers)
            if unit == "个工作日":
                template, op = rng.choice(TIME)
            elif l2 == "成本指标":
                template, op = rng.choice(LE)
            elif unit == "%":
                template, op = rng.choice(GE)
            else:
                template, op = rng.choice(GE + EQ)
            s = rng.choice(["", " "])
            clauses.append(name + rng.choice(["", " "]) + template.format(n=_fmt(n), u=unit, s=s))
            truth.append(Truth(name, op, float(n), "工作日" if unit == "个工作日" else unit, l1, l2))
        sep = rng.choice(["；", "，"])
        title = rng.choice(TITLES)
        paragraphs.append(heading.format(i=i + 1, c=CN[i], t=title))
        paragraphs.append(f"{goal_label}：{rng.choice(GOALS)}")
        paragraphs.append(f"{ind_label}：{sep.join(clauses)}。")
        truths.append(truth)
    paragraphs.append("二、保障措施")
    paragraphs.append("加强组织领导，压实工作责任。")
    return paragraphs, truths
