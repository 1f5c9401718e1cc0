"""The operator a form prints in a column of its own (绩效指标性质, 指标性质, 指标值类型): signs,
words and the codes some systems export, as data."""

from __future__ import annotations

from normalizers.text import fold_width, label_key

QUALITATIVE = "qualitative"  # 定性: the target is no comparison, whatever number it holds

# Signs and words, full and half width folded first ('＝' is '=', '≧' is '≥').
COLUMN_OPERATORS: dict[str, str] = {
    "≥": ">=", "≧": ">=", ">=": ">=", "=>": ">=", "大于等于": ">=", "大于或等于": ">=", "不低于": ">=", "不少于": ">=",
    "≤": "<=", "≦": "<=", "<=": "<=", "=<": "<=", "小于等于": "<=", "小于或等于": "<=", "不高于": "<=", "不超过": "<=",
    "=": "=", "等于": "=", "＝": "=",
    ">": ">", "大于": ">", "高于": ">",
    "<": "<", "小于": "<", "低于": "<",
    "正向指标": ">=", "反向指标": "<=", "正向": ">=", "反向": "<=",
    "定性": QUALITATIVE, "定性指标": QUALITATIVE,
}  # fmt: skip
# Words that say the column holds no operator for this row: the value's own sign decides.
NO_OPERATOR = frozenset({"定量", "定量指标", "", "-", "/", "—"})
# Yunnan's 指标性质 codes, inferred from seed 003's own rows ("004 98 %" is a floor,
# "005 48 时" a ceiling, "003 100 %" an exact target). One table, one place to change.
NATURE_CODES: dict[str, str] = {"003": "=", "004": ">=", "005": "<="}


def column_operator(text: str | None) -> str | None:
    """The operator an operator column's cell states: '>=', …, QUALITATIVE, or None where it states
    none (定量, blank, a word the vocabulary does not know)."""
    key = fold_width(label_key(text or ""))
    if key in NO_OPERATOR:
        return None
    return COLUMN_OPERATORS.get(key) or NATURE_CODES.get(key)


# A column of operators a scan misread in places ('M', '』' for a '≤' the recogniser could not
# make out, in a 北京 form's 绩效指标性质 printed in one-pixel strokes) is still one: at least
# this share of its filled cells states an operator. A column of words (数值型/文本型, free text)
# states none.
KNOWN_SHARE = 0.75


def holds_operators(texts: list[str]) -> bool:
    """A column whose filled cells are operators (or 定量/定性), but for a few unknown: an operator
    column; anything else is kept as printed, as an extra column."""
    filled = [t for t in texts if fold_width(label_key(t)) not in NO_OPERATOR]
    known = sum(column_operator(t) is not None for t in filled)
    return bool(texts) and known >= KNOWN_SHARE * len(filled)
