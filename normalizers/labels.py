"""Column header labels of indicator tables (一级指标, 指标值, 评(扣)分标准 …) and their roles."""

from __future__ import annotations

import re
from functools import lru_cache

from normalizers.text import fold_width, label_key

# The column-role vocabulary: what a header label says its column holds. Checked in order: the
# first pattern that matches a label gives its role ('指标值确定依据' is a basis, not a value;
# '实施期指标值' the period target, not the annual one). Roles with a field in the contract
# (schemas.models.Indicator) fill it; EXTRA_ROLES are kept in `Indicator.extra` under their
# printed header; a column whose label no pattern knows is kept there too.
ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (role, re.compile(p))
    for role, p in [
        ("basis", r"(确定|设定|取值)依据|数据来源|^依据$"),
        ("scoring", r"评\(?扣\)?分(标准|办法|方法|规则)?|评分标准|扣分标准|计分(方法|标准|规则)"),
        ("deviation", r"偏差|未完成原因|改进措施"),
        # last year's figure or a baseline printed beside a target for reference: no 实际完成值 of
        # this table (it stays a target table), kept in `extra`
        (
            "reference",
            r"^上年(度)?(实际)?(完成|实际|指标|目标)值?|^上年同期|^历史(标杆)?值|^基期值"
            r"|^近[一二三四五]年(平均)?值",
        ),
        ("actual", r"实际完成|实际值|完成值|全年实际|实际达到|实际执行"),
        ("period_value", r"^(实施|项目)(周)?期|^中期(绩效)?(指标|目标)|^全周期|^(整体|总体)(绩效)?(指标值|目标值)$"),
        ("level1", r"^一级(指标|目标|$)"),  # '一级' alone: a form short of room
        ("level2", r"^二级(指标|目标|$)"),
        ("level3", r"^三级(指标|目标|$)(名称)?|^(绩效)?指标名称$|^具体指标$"),
        ("description", r"指标描述|指标解释|指标值?说明|指标定义|^(绩效)?指标(值)?内容$"),
        ("operator", r"指标性质|指标方向|指标值?类型|^(比较|运算)(符号?|方式)$|^符号$"),
        ("attribute", r"指标属性"),
        ("measure_unit", r"(度量|计量|指标值?)单位$|^单位$"),
        ("weight", r"^分值|^(指标)?权重|分值权重|^(指标)?分值|^满分"),
        ("score", r"得分"),
        ("core", r"是否核心|^核心指标$|^是否(为)?核心指标$"),
        ("remark", r"^备注(说明)?$"),
        ("value", r"指标值|目标值|预期目标|年度指标|^目标$|^(本|当)?年度?$"),
    ]
]
# Roles the contract has no field for: their cells go to `Indicator.extra` under the printed header.
EXTRA_ROLES = frozenset({"core", "remark", "reference"})
# A label that names a role only where the form prints no column of that role: '指标内容' is the
# indicator's name on a form without 三级指标, its description beside one ('绩效指标' likewise: a
# band over the level columns, or one cell holding '产出指标数量指标培训人数'); '指标值内容' is the
# target on a form without 指标值, and '年度目标' the target of an indicator header without one
# (beside a 指标值 column it is the project's goal, a header field).
ROLE_FALLBACKS: dict[str, re.Pattern[str]] = {
    "level3": re.compile(r"^(绩效)?指标(内容|名称)?$"),
    "value": re.compile(r"^(绩效)?指标值内容$|^(本|当)?年度?(绩效)?目标$"),
}
MIN_ROLES = 3
_HEADER_LEVELS = frozenset({"level1", "level2", "level3"})  # 二级指标 alone will do: a scan may lose 一/三
_HEADER_TARGETS = frozenset({"value", "actual", "period_value"})


def header_line_roles(labels: list[str]) -> list[str | None]:
    """The roles of a line of column labels, read as the assembly reads a header row
    (`assemble.columns.find_header`): a fallback label ('绩效指标' over cells holding
    '产出指标数量指标培训人数') takes its role where no label of the line names it."""
    roles = [role_of(text) for text in labels]
    for role, pattern in ROLE_FALLBACKS.items():
        if role in roles:
            continue
        for i, text in enumerate(labels):
            if roles[i] is None and pattern.search(label_key(text)):
                roles[i] = role
    return roles


def is_indicator_header(roles: object) -> bool:
    """The one test of whether a row of column labels opens an indicator table, for every reader
    (a ruled grid, a line of labels without rules, an OCR'd grid): it names a level (一级/二级/三级
    or the indicator's name), a target (指标值, 实际完成值 or 实施期指标值), and MIN_ROLES roles in all."""
    found = {r for r in roles if r}  # type: ignore[attr-defined]
    return bool(found & _HEADER_LEVELS) and bool(found & _HEADER_TARGETS) and len(found) >= MIN_ROLES


MAX_LABEL = 24  # glyphs; a longer cell is text, not a column label
# Header fields by their labels: in a table's header block ('项目名称 | XXX'), and as the columns of
# a multi-project table (项目名称 | 项目总额 | 财政资金 | 绩效目标 | 一级指标 …).
_MONEY_UNIT = r"(\([^()]*(万元|元)\))?$"
FIELD_LABELS: dict[str, re.Pattern[str]] = {
    k: re.compile(p)
    for k, p in {
        "project_name": r"^(项目|专项)名称(\((资金使用单位|项目编码|项目代码|单位)\))?$",
        "project_code": r"^项目(编码|代码|编号)$",
        "unit_code": r"^(预算)?(单位|部门)(编码|代码)$",
        "unit_name": r"^(预算单位|单位名称|部门名称|部门\(单位\)名称|实施单位|预算部门|申请单位|申报单位|填报单位"
        r"|资金使用单位)(\((盖章|公章|签章)\))?$",
        # the unit_name where the form prints no unit of its own
        "supervisor": r"^(省级|市级|县级)?主管(部门|单位)(及代码|\(代码\))?(\((盖章|公章|签章)\))?$",
        # before total: '中期资金总额' is the medium term's, beside the year's 年度资金总额 (财预〔2015〕88号)
        "medium_term": r"^项目总金额(\([^()]*\))?$|^中期(规划)?(预算|金额)|^中期资金(总额)?",
        "total": r"(预算数|(?<!资产)总额|预算金额|年度预算|项目总预算|本年度(项目)?金额|年度(项目)?金额|当年预算"
        r"|^项目金额|^总计|^金额合计|^金额)" + _MONEY_UNIT,
        "fiscal": r"(财政资金|财政拨款|财政性资金|当年财政拨款)" + _MONEY_UNIT,
        "special_account": r"财政专户(拨款|管理资金|资金)" + _MONEY_UNIT,
        "carried_over": r"上年结转(结余)?(资金)?" + _MONEY_UNIT + r"|^结转(结余)?资金",
        # '其他' alone: the column beside 财政拨款 under a 预算金额 band ('小计 | 财政拨款 | 其他')
        "other": r"(其他资金|其它资金|非财政资金|^其[他它])" + _MONEY_UNIT,
        "fund_use": r"资金用途$|^主要用途$",
    }.items()
}
# Goal labels, best first: the budget year's goals beat the multi-year ones.
GOAL_LABELS = [
    re.compile(p)
    for p in (
        r"年度.*目标$",
        r"^(项目)?绩效目标$",
        r"^项目(总体?|整体)?目标$|^(实施|预期)?目标$",
        r"^总体.*目标$|^(部门)?(总体|整体)?绩效目标|总目标$",
    )
]


# The column of a projects table whose cells hold each project's indicators as records
# (normalizers/records.py): '绩效指标', '年度绩效指标', '指标内容'.
RECORDS_LABEL = re.compile(r"^(年度)?(绩效)?指标(内容|明细)?$")


def field_of(text: str) -> str | None:
    """The header field a label names ('项目总额' -> total, '绩效目标' -> goals), or None."""
    key = label_key(text)
    if not key or len(key) > MAX_LABEL:
        return None
    for name, pattern in FIELD_LABELS.items():
        if pattern.search(key):
            return name
    return "goals" if any(p.search(key) for p in GOAL_LABELS) else None


# Every level1 and level3 label above (一级指标, 三级目标, 指标名称, 具体指标) holds one of these.
LEVEL_MARKS = ("级", "指标")


def could_hold_level_labels(text: str) -> bool:
    """The cheap test before looking for a header row: can this text hold a level1 or level3
    label at all?"""
    # label_key would fold and strip the same way, but its memo must not fill with whole pages.
    key = "".join(fold_width(text).split())
    return any(mark in key for mark in LEVEL_MARKS)


@lru_cache(maxsize=32768)
def role_of(text: str) -> str | None:
    key = label_key(text)
    if not key or len(key) > MAX_LABEL:
        return None
    for role, pattern in ROLE_PATTERNS:
        if pattern.search(key):
            return role
    return None


# '产出指标(50分)', '效益指标（30 分）': the weight a form prints beside a level label.
WEIGHT_NOTE = r"[(（]\s*(?P<weight>\d+(?:\.\d+)?)\s*分\s*[)）]"
_WEIGHT = re.compile(rf"\s*{WEIGHT_NOTE}\s*$")


def split_weight(label: str | None) -> tuple[str | None, float | None]:
    """The label without its score annotation, and the annotated weight."""
    if not label:
        return label, None
    m = _WEIGHT.search(label)
    if m is None or m.start() == 0:
        return label, None
    return label[: m.start()].strip(), float(m["weight"])


# Words that make a line a table's title ('…绩效目标表', '…申报表'); a bare band over a table
# ('绩效指标', '目标') is no title.
TITLE_WORDS = re.compile(r"绩效目标|目标表|申报表|自评表|评价表|绩效指标|指标表")
_BAND = re.compile(r"^(?:绩效)?(?:指标|目标)$")


def is_caption(text: str) -> bool:
    """A line that reads as a table's title."""
    return bool(TITLE_WORDS.search(text)) and len(text) <= 80 and not _BAND.match(text)


# What a page prints around a table on every page, not part of it: the repeated title, the
# currency line, page numbers, '续表'.
_FURNITURE = re.compile(
    r"^[(（]?(?:金额|资金|计量)?单位[:：]\s*(?:万元|元)[)）]?$|^[(（]?(?:万元|元)[)）]$"
    r"|^[-—–\s]*\d{1,4}[-—–\s]*$|^第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$"
    r"|^续(?:上)?表\d*$"
)


def is_furniture(text: str) -> bool:
    """A line a page prints above or below a table on every page: the table's title, its
    currency line, a page number."""
    key = label_key(text)
    return bool(key) and (bool(_FURNITURE.match(key)) or (is_caption(key) and len(key) <= 40))


# The closed vocabulary of level labels (财预〔2020〕10号 and the provinces' forms): what a
# recogniser's near miss is corrected to. A label outside it is kept as printed.
LEVEL_LABELS: dict[str, tuple[str, ...]] = {
    "header": ("一级指标", "二级指标", "三级指标"),
    "level1": ("产出指标", "效益指标", "满意度指标", "成本指标"),
    "level2": (
        "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
        "可持续影响指标", "服务对象满意度指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
    ),
}  # fmt: skip


# The 一级 label a 二级 label implies, where a form left its 一级 cell empty (成本指标 is no 二级 of
# one 一级 alone: 产出指标 in the 2020 framework, a 一级 of its own in later ones).
LEVEL2_PARENT: dict[str, str] = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标", "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
    "经济成本指标": "成本指标", "社会成本指标": "成本指标", "生态环境成本指标": "成本指标",
}  # fmt: skip


def split_levels(text: str) -> tuple[str | None, str | None, str]:
    """A name cell that begins with its level labels ('产出指标数量指标培训人数', '产出指标-数量指标-培训人数')
    as (一级, 二级, the name); (None, None, text) where it begins with none."""
    rest, found = text, []
    for kind in ("level1", "level2"):
        key = rest.lstrip(" -－—:：/、")
        label = next(
            (label for label in sorted(LEVEL_LABELS[kind], key=len, reverse=True) if key.startswith(label)), None
        )
        if label is None:
            break
        found.append(label)
        rest = key[len(label) :]
    if not found or not rest.strip(" -－—:：/、"):
        return None, None, text
    return found[0], found[1] if len(found) > 1 else None, rest.lstrip(" -－—:：/、")


def _one_edit_apart(a: str, b: str) -> bool:
    """One glyph replaced, dropped or added."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def near_label(text: str, kind: str) -> str | None:
    """The vocabulary label `text` misses by one glyph ("数益指标" → "效益指标"), if exactly one.

    Only labels of four glyphs or more, and only a near miss that keeps the 指标 ending, so a
    real label outside the vocabulary ("其他指标") is never rewritten.
    """
    key = label_key(text)
    vocabulary = LEVEL_LABELS[kind]
    if len(key) < 3 or key in vocabulary or not key.endswith("指标"):
        return None
    hits = [label for label in vocabulary if _one_edit_apart(key, label)]
    return hits[0] if len(hits) == 1 else None


def label_short_of_its_end(text: str, kind: str) -> str | None:
    """The vocabulary label `text` is with its last glyph lost ("可持续影响指" → "可持续影响指标").

    Only once a row cut by a page break has been joined: before that, '数量指' may be a label
    whose '标' waits on the next page.
    """
    key = label_key(text)
    whole = f"{key}标"
    return whole if key.endswith("指") and whole in LEVEL_LABELS[kind] else None
