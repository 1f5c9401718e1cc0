"""Column header labels of indicator tables (一级指标, 指标值, 评(扣)分标准 …) and their roles."""

from __future__ import annotations

import re
from functools import lru_cache

from normalizers.text import fold_width, label_key

# Checked in order: the first pattern that matches a header label gives its role.
ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (role, re.compile(p))
    for role, p in [
        ("basis", r"(确定|设定)依据|数据来源|^依据$"),
        ("scoring", r"评\(?扣\)?分(标准)?|评分标准|扣分标准"),
        ("deviation", r"偏差|未完成原因|改进措施"),
        ("actual", r"实际完成|实际值|完成值|全年实际|实际达到"),
        ("level1", r"^一级(指标|目标)"),
        ("level2", r"^二级(指标|目标)"),
        ("level3", r"^三级(指标|目标)(名称)?|^指标名称$|^具体指标$"),
        ("description", r"指标描述|指标解释|指标内容|指标说明|指标定义"),
        ("nature", r"指标性质|指标方向"),
        ("attribute", r"指标属性"),
        ("measure_unit", r"^(度量|计量)单位$"),
        ("weight", r"^分值|^权重"),
        ("score", r"得分"),
        ("value", r"指标值|目标值|预期目标|年度指标|^目标$"),
    ]
]
MIN_ROLES = 3
MAX_LABEL = 24  # glyphs; a longer cell is text, not a column label
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
