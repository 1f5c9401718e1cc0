"""The value grammar as data: units, operator words, their misspellings, Chinese numerals,
period words and change words. `values.py` reads nothing else; a new form is a new row here."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

# Units met in targets; longest first where it matters. A unit the list lacks is still read
# when it is one or two ideographs right after the number and ends the expression (盏, 栋).
_UNIT_GROUPS = (
    "% ‰ 个百分点 百分点",
    "亿元 万元 千元 元 万元/人 元/人 元/次 元/人次 元/平方米 元/亩 元/台 元/户 元/年 元/月 元/人·天",
    "万人次 人次 万人 人份 人 名 位 户 家次 户次 家 例 万户",
    "万平方米 平方米 平方公里 平方千米 平米 ㎡ 立方米 ㎥ m² m³ 万亩 亩 公顷 公里 千米 米 km m",
    "万吨 吨 千克 公斤 克 kg 升 毫升",
    "小时 分钟 秒 毫秒 个工作日 工作日 天 日 周 个月 月 年 季度 ms",
    "场次 批次 篇次 人天 课时 学时 架次 车次 班次 剂次 针次 剂",
    "次 场 期 批 门 篇 份 册 本 张 块 台套 套 台 辆 座 条 件 项 处 所 种 类 个 栋 盆 盏 度 ℃",
    "支 届 班 组 间 部 页 幅 盒 箱 袋 双 株 棵 头 只 分 岁 起 宗 例次 千瓦时 千瓦 兆瓦 kWh kW MW",
    "GB TB MB Gbps Mbps",
    "亿次 万次 万份 万册 万件 万条 万个 亿 万 千",
)
# Money units and how many 元 one of them is: the flat row's *_yuan columns, the QA budget
# checks and the budget-unit warning all convert with this.
YUAN_PER_UNIT = {"元": 1, "千元": 1_000, "万元": 10_000, "亿元": 100_000_000}
UNITS = sorted({u for group in _UNIT_GROUPS for u in group.split()}, key=len, reverse=True)
UNIT_RE = "|".join(re.escape(u) for u in UNITS)

# Printed unit spellings that name the same unit as another; applied to the parse text only.
UNIT_SYNONYMS = {
    "个小时": "小时",
    "个钟头": "小时",
    "钟头": "小时",
    "个工作日": "工作日",
    "百分比": "%",
    "平米": "平方米",
    # One unit, two encodings that print alike (a scan reads the one, a form may hold the other).
    "m²": "㎡",
    "m³": "㎥",
}

# Operator words and signs; checked longest first.
OPERATOR_PREFIX = {
    "大于或等于": ">=",
    "大于等于": ">=",
    "不少于": ">=",
    "不低于": ">=",
    "不小于": ">=",
    "不短于": ">=",
    "至少": ">=",
    "最少": ">=",
    "最低": ">=",
    "达到": ">=",
    "达": ">=",
    "小于或等于": "<=",
    "小于等于": "<=",
    "不超过": "<=",
    "不高于": "<=",
    "不大于": "<=",
    "不多于": "<=",
    "不长于": "<=",
    "最多": "<=",
    "最高": "<=",
    "控制在": "<=",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "多于": ">",
    "小于": "<",
    "低于": "<",
    "少于": "<",
    "等于": "=",
    "约": "=",
    "突破": ">",
    "≥": ">=",
    "≤": "<=",
    ">=": ">=",
    "<=": "<=",
    ">": ">",
    "<": "<",
    "=": "=",
}
OPERATOR_SUFFIX = {
    "及以上": ">=",
    "以上": ">=",
    "及以下": "<=",
    "以下": "<=",
    "及以内": "<=",
    "以内": "<=",
    "之内": "<=",
    "内": "<=",
    "左右": "=",
}
# '200余篇', '100多人': at least the number (the parse text reads '200篇以上').
MORE_THAN_MARKS = "余多"
PREFIX_RE = "|".join(re.escape(k) for k in sorted(OPERATOR_PREFIX, key=len, reverse=True))
SUFFIX_RE = "|".join(re.escape(k) for k in sorted(OPERATOR_SUFFIX, key=len, reverse=True))

# Misspelt, abbreviated or mistyped operators as forms print them, and what they stand for.
# Each is a regular expression applied to the parse text only (raw keeps the misprint).
OPERATOR_REPAIRS = (
    (r"(?:或者|或)(?=等于)", "或"),  # 小于或者等于 -> 小于或等于
    (r"不超过过", "不超过"),
    (r"不超(?!过)", "不超过"),
    (r"不少(?!于)", "不少于"),
    (r"不低(?!于)", "不低于"),
    (r"不高(?!于)", "不高于"),
    (r"不小(?!于)", "不小于"),
    (r"不大(?!于)", "不大于"),
    (r"[》≫](?=\s*[\d.])", "≥"),  # a book-title bracket typed for ≥ ('》90%')
    (r"[《≪](?=\s*[\d.])", "≤"),
    (r"=>|≥=|>==", ">="),
    (r"=<|≤=|<==", "<="),
)

# Chinese numerals as targets write them ('两栋', '三小时之内', '十五天', '半小时内').
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SCALES = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
CN_NUMERAL = "[零〇一二两三四五六七八九十百千]+|半"

# The ideographs, as a range for character classes (values.py reads loose units with it too).
IDEOGRAPHS = "\u4e00-\u9fff"
_IDEOGRAPH = f"[{IDEOGRAPHS}]"


def is_ideograph(c: str) -> bool:
    """Whether a character is one of IDEOGRAPHS."""
    return "\u4e00" <= c <= "\u9fff"


def regroup_thousands(match: re.Match[str]) -> str:
    """A grouped number as printed from a misread one: '9.229,167' (a comma read as a point
    before a later comma, or as a full-width one: '9,584，972') and '5086,326' or '3,640382' (a
    comma lost) are '9,229,167', '5,086,326' and '3,640,382'. Only where the digits fit whole
    groups of three, so no digit can have been lost or added; anything else ('3,85,724', '1,5')
    is left as read."""
    token = match.group()
    head, comma, tail = token.replace("，", ",").rpartition(",")
    whole, point, fraction = (head.replace(".", ",") + comma + tail).partition(".")
    groups = whole.split(",")
    if not all(groups) or groups[0].startswith("0") or any(len(g) % 3 for g in groups[1:]):
        return token
    return f"{int(''.join(groups)):,}" + point + fraction


# Units of two or more ideographs: a recogniser reads the first as a Latin letter of like shape
# ('个T作日' for '个工作日', '9,660,048F米' for '千米').
_IDEOGRAPH_UNITS = tuple(u for u in UNITS if re.fullmatch(f"{_IDEOGRAPH}{{2,}}", u))


def unit_from_letter(match: re.Match[str]) -> str:
    """The unit a Latin letter before ideographs stands for, where exactly one known unit is that
    letter's place taken by an ideograph ('T作日' → '工作日'); else as read ('5G基站', '4A级')."""
    letter, rest = match.group(1), match.group(2)
    firsts = {u[0] for u in _IDEOGRAPH_UNITS if rest.startswith(u[1:])}
    return firsts.pop() + rest if len(firsts) == 1 else letter + rest


# Glyphs a recogniser reads for another of like shape in a unit or an operator word after a
# number ('9,660,048干米', '亩以F', '9,660,048F米', 'm²以1:', '个T作目', '万π', '万兀'), and what they may stand
# for: the vocabulary picks among several ('F米' can only be 千米, '以F' only 以下).
LOOKALIKE_GLYPHS: dict[str, tuple[str, ...]] = {
    "干": ("千",),
    "F": ("下", "千"),
    "1:": ("上",),
    "l:": ("上",),
    "目": ("日",),
    "曰": ("日",),
    "T": ("工",),
    "I": ("工",),
    "白": ("百",),
    "π": ("元",),
    "兀": ("元",),  # '≤4.26万兀': the stroke over 元 lost
}
_KNOWN_TAIL = re.compile(rf"(?:{UNIT_RE})?(?:{SUFFIX_RE})?")
_TAIL_IDEOGRAPHS = sorted({c for word in (*UNITS, *OPERATOR_SUFFIX) for c in word if re.match(_IDEOGRAPH, c)})
# Two glyphs at least: one alone after a number is too little to spell by ('3目', '5干').
_NUMBER_TAIL = re.compile(r"(?<=[0-9])(?![0-9])(?:[^0-9]|[1l]:){2,8}$")


def known_tail(match: re.Match[str]) -> str:
    """A number's unit and operator word spelt from the vocabulary where one or two of their
    glyphs were read as lookalikes ('干米' → '千米', '以1:' → '以上') or, failing that, one inner
    ideograph was lost ('个作日以内' → '个工作日以内'); as read where the tail is already known,
    or where no single spelling from the vocabulary fits ('5干部')."""
    tail = match.group()
    if _KNOWN_TAIL.fullmatch(tail):
        return tail
    spots = [
        (i, k, v) for k, vs in LOOKALIKE_GLYPHS.items() for v in vs for i in range(len(tail)) if tail.startswith(k, i)
    ]
    for n in (1, 2):
        fits = set()
        for chosen in itertools.combinations(spots, n):
            ends = sorted((i, i + len(k)) for i, k, _ in chosen)
            if any(b > c for (_, b), (c, _) in itertools.pairwise(ends)):
                continue  # overlapping, or one glyph read two ways at once
            spelt = tail
            for i, k, v in sorted(chosen, reverse=True):
                spelt = spelt[:i] + v + spelt[i + len(k) :]
            if _KNOWN_TAIL.fullmatch(spelt):
                fits.add(spelt)
        if fits:
            return fits.pop() if len(fits) == 1 else tail
    # One ideograph dropped inside the tail (the recogniser loses a glyph at a wrapped line's
    # end: '626个工' over '作日以内' read '626个' and '作日以内'): inserted where exactly one
    # spelling from the vocabulary fits.
    fits = {
        spelt
        for i in range(1, len(tail))
        for glyph in _TAIL_IDEOGRAPHS
        if _KNOWN_TAIL.fullmatch(spelt := tail[:i] + glyph + tail[i:])
    }
    return fits.pop() if len(fits) == 1 else tail


_GROUPED = re.compile(r"\d[\d.,，]*[,，][\d.,，]*\d")  # a number with thousands separators
_LETTER_UNIT = re.compile(rf"(?<=[\d个])([A-Za-z])[.·]?({_IDEOGRAPH}+)")  # 'I.作日': with a speck

Repairs = tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...]

# Curly quotes (opening, closing) and the straight ASCII quote a recogniser reads either as.
_QUOTE_PAIRS = (("“", "”", '"'), ("‘", "’", "'"))

# Glyphs a recogniser reads as another, applied to each line it read: a small '≤' read as '《'
# when a number (digits or a Chinese numeral) follows and no '》' closes it; the '于' of an
# operator word read as '十' ('大十90' for '大于90'), only before a number, so '至少十人' (at least
# ten people) stays; '_' at a line's end, the remnant of a cell's rule that a thin, broken rule
# left too short to be found as one ('≥90(%)_'); a speck beside a glyph read as ASCII
# punctuation that Chinese typesetting never puts there: '.' between two ideographs ('工.程';
# not after a numeral, '一.项目概况' numbers a list) and '.', '“', '‘' or '`' after an
# ideograph or a '%' at the line's end ('产出指标“', '增长5%.'); the lower bar of '<=' or '>='
# lost ('<-4029': targets never compare with a negative number written so, falls are written
# with 下降 or 减少); a unit's superscript read twice ('九㎡²'); a number's thousands separators
# misread (`regroup_thousands`); and a unit's first ideograph read as a Latin letter
# (`unit_from_letter`).
OCR_REPAIRS: Repairs = (
    (re.compile(rf"《(?=\s*(?:\d|{CN_NUMERAL}))(?![^》]*》)"), "≤"),
    (re.compile(r"^\s*_+|_+\s*$"), ""),
    *(
        (re.compile(rf"(?<={re.escape(word[:-1])})十(?=\s*[\d.])"), "于")
        for word in sorted(OPERATOR_PREFIX, key=len, reverse=True)
        if word.endswith("于")
    ),
    (re.compile(rf"(?<={_IDEOGRAPH})(?<![{''.join(CN_DIGITS)}十])\.(?={_IDEOGRAPH})"), ""),
    (re.compile(rf"(?<=[{IDEOGRAPHS}%])[.“‘`]+(?=\s*$)"), ""),
    (re.compile(r"(?<=[<>])[-—](?=\s*\d)"), "="),
    (re.compile(r"(?<=㎡)²|(?<=m²)²"), ""),  # the superscript read twice: '九㎡²' for '九m²'
    (re.compile(r"(?<=\d)[ \t]+(?=\d)"), ""),
    (_GROUPED, regroup_thousands),
    (_LETTER_UNIT, unit_from_letter),
)
# And on a cell's text once its lines are joined: a number wrapped across two lines regrouped
# ('9,780，' over '852天'); a unit's letter whose ideographs wrapped ('626个T' over '作日以内');
# the unit and operator word after the cell's last number spelt from the vocabulary where
# glyphs of like shape were read or one was lost (`known_tail`: '干米', '以F', '以1:', '个作日');
# a comma, a semicolon or an ASCII colon after an ideograph at the cell's end (not a wrapped
# line's, which may end in a comma: '人均补助标准，', '294m²以上:'); a label's colon goes too,
# which its matching ignores anyway; a closing quote after an ideograph at the cell's end that
# no opening quote in the cell matches ('档案完整率”'; '开展“双随机”' keeps its own); a dash
# after an ideograph at the cell's end, a rule's remnant ('均等化水平—'; a placeholder '—' is
# alone in its cell); and a curly quote read as its straight ASCII lookalike where the other
# of the pair is curly ('实现“微心愿"数': the recogniser reads a Song face's '”' as '"'; a
# straight quote that closes a curly one opened before it, or opens one a curly quote closes,
# is the curly one: a document types its quotes one way).
OCR_CELL_REPAIRS: Repairs = (
    (_GROUPED, regroup_thousands),
    (_LETTER_UNIT, unit_from_letter),
    (_NUMBER_TAIL, known_tail),
    *((re.compile(f"{o}([^{o}{c}{q}]*){q}"), rf"{o}\1{c}") for o, c, q in _QUOTE_PAIRS),
    *((re.compile(f"{q}([^{o}{c}{q}]*){c}"), rf"{o}\1{c}") for o, c, q in _QUOTE_PAIRS),
    (re.compile(rf"(?<={_IDEOGRAPH})[,;:，；：]+$"), ""),
    (re.compile(rf"^([^“‘]*{_IDEOGRAPH})[”’]+$"), r"\1"),
    (re.compile(rf"(?<={_IDEOGRAPH})[—\-_~]+$"), ""),
)

# '每季度≥2场': the period a frequency counts over; the unit becomes 场/季度.
PERIODS = ("半年", "季度", "学期", "年度", "年", "月", "周", "天", "日", "季", "小时")
PERIOD_RE = "|".join(PERIODS)
# '提升20%', '下降10%': a change, kept as `=` with the verb in `text`.
CHANGE_WORDS = ("提升", "提高", "增长", "增加", "下降", "降低", "减少", "压缩", "节约", "同比")


def cn_number(text: str) -> float | None:
    """Chinese numerals up to the ten thousands: 一, 十二, 二十, 三十五, 一百二十, 三千, 两万, 半."""
    if not text:
        return None
    if text == "半":
        return 0.5
    total, current = 0, None
    for ch in text:
        if ch in CN_DIGITS:
            if current is not None:
                return None  # '二三': two digits in a row is no numeral
            current = CN_DIGITS[ch]
        elif ch in CN_SCALES:
            scale = CN_SCALES[ch]
            if scale == 10_000:
                total = (total + (current or 0)) * scale
            else:
                total += (1 if current is None else current) * scale
            current = None
        else:
            return None
    return float(total + (current or 0))


# Targets that say "nothing here" ('不适用 | 不适用' rows of a fixed template): not applicable.
PLACEHOLDERS = frozenset(
    {"不适用", "无", "/", "／", "\\", "—", "——", "-", "--", "暂无", "无此项", "不涉及", "无此指标"}
)


def is_placeholder(text: str | None) -> bool:
    return (text or "").strip().replace(" ", "") in PLACEHOLDERS


def is_unfilled_row(value: str, name: str) -> bool:
    """A template row nobody filled: '不适用 | 不适用', '/'. Not applicable, so not checked."""
    value, name = value.strip(), name.strip()
    return (is_placeholder(value) or not value) and (is_placeholder(name) or not name) and bool(value or name)
