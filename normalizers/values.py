"""Parse a target cell ('≥1.00(次)', '不少于30个点位', '2024年10月底前') into a contract `Value`.

The parser is total: any string gives a valid `Value`; what it cannot read as a number stays
in `text` with `operator` null, never guessed. `raw` is the cell as printed (wrapped lines
joined, outer blanks stripped); every repair (widths, misspelt operators, Chinese numerals,
unit spellings) is applied to a separate parse text, in the named steps of `for_parsing`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from normalizers.dates import find_deadlines
from normalizers.grammar import (
    CN_NUMERAL,
    IDEOGRAPHS,
    MORE_THAN_MARKS,
    OPERATOR_PREFIX,
    OPERATOR_REPAIRS,
    OPERATOR_SUFFIX,
    PERIOD_RE,
    PREFIX_RE,
    SUFFIX_RE,
    UNIT_RE,
    UNIT_SYNONYMS,
    UNITS,
    cn_number,
)
from normalizers.text import (
    drop_cjk_inner_spaces,
    fold_width,
    join_soft,
    normalise_spaces,
    remove_zero_width,
    strip_html,
    strip_latex,
)
from schemas import Value

NUM = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# A unit the grammar lacks: one or two ideographs right after the number that end the
# expression ('3320盏'). Not a date word, and not the start of an operator suffix.
_LOOSE_UNIT = rf"(?![以及之内左年月日前后余多])[{IDEOGRAPHS}]{{1,2}}(?=$|[\s,，。;；、)）/·]|{SUFFIX_RE})"
# '40万路', '10.8万核': a multiplier before a unit the grammar lacks, that ends the expression.
_SCALED_LOOSE = rf"[万亿](?![以及之内左年月日前后余多])[{IDEOGRAPHS}](?=$|[\s,，。;；、)）/·]|{SUFFIX_RE})"
_RATES = ("%", "‰")
# '≥50G' of bandwidth: a bare G only where it ends the target ('4G基站' names a generation).
_BARE_LATIN = r"[GT](?=$|[\s,，。;；、)）])"
# Known units, also behind a multiplier ('万份', '亿次'), longest first so '百分点' stays whole.
_SCALED = sorted({*UNITS, *(m + u for m in "万亿千百" for u in UNITS if u[0] not in "万亿千百")}, key=len, reverse=True)
_UNIT_ATOM = rf"(?:{_SCALED_LOOSE}|{'|'.join(re.escape(u) for u in _SCALED)}|{_BARE_LATIN}|{_LOOSE_UNIT})"
# '325人、户', '4个、所': a count of either kind, one unit listing both (known units only: '、'
# otherwise separates the next clause).
_EITHER_UNIT = rf"(?:、(?:{'|'.join(re.escape(u) for u in UNITS)})(?=$|[\s,，。;；)）]))"
# '元/人·月', '秒/百小时', '元/人.天' (a point typed for the middle dot between two units).
_UNIT_TAIL = rf"{_UNIT_ATOM}(?:\s*(?:[/·]|[.．](?=[{IDEOGRAPHS}]))\s*(?:[万千百])?{_UNIT_ATOM})*{_EITHER_UNIT}*"
UNIT_TAIL = _UNIT_TAIL  # a unit as the parser reads it: known, scaled ('万剂次'), compound or loose
EXPR = re.compile(
    rf"(?P<per>每\s*(?P<period>{PERIOD_RE})\s*)?(?P<op>{PREFIX_RE})?\s*(?P<num>{NUM})\s*"
    rf"(?:(?P<unit>{_UNIT_TAIL})|[(（]\s*(?P<punit>{_UNIT_TAIL}[^()（）\d]{{0,6}}?)\s*[)）])?"
    rf"\s*(?P<post>{SUFFIX_RE})?"
)
RANGE = re.compile(
    rf"(?P<a>{NUM})\s*(?P<ua>{_UNIT_TAIL})?\s*(?:-|~|～|—|–|至|到)\s*(?P<b>{NUM})\s*(?P<ub>{_UNIT_TAIL})?"
)
_MONTH_CEILING = re.compile(r"^\s*(?P<op><=|>=|≤|≥|<|>|不晚于|不迟于)\s*(?P<m>1[0-2]|0?[1-9])\s*月份?\s*$")
_CITED_TITLE = re.compile(r"《[^《》]{2,60}》")
PAREN_NOTE = re.compile(r"^[(（](?P<note>[^()（）]+)[)）]$")
RATIO = re.compile(rf"(?:{NUM})\s*[:：]\s*(?:{NUM})")
_CN_NUM_UNIT = re.compile(rf"(?P<cn>[一二两三四五六七八九十]{{1,3}})\s*(?P<unit>{UNIT_RE})")
_COUNTED_NOUN = re.compile(rf"([{IDEOGRAPHS}]{{1,3}})(?=$|[\s,，。;；、)）])")
_NON_CONTENT = re.compile(r"[\s,，。;；、:：()（）]+")
_PAREN = re.compile(r"[(（][^()（）]*[)）]")


# ---- raw: the cell as printed ---------------------------------------------------------


def printed_lines(cell_text: str) -> list[str]:
    """The printed lines of a cell: markup and invisible characters gone, blanks kept inside."""
    text = remove_zero_width(strip_latex(strip_html(cell_text)))
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def join_printed(lines: list[str], separate: bool = False) -> str:
    if separate:
        return " ".join(lines)
    out = ""
    for line in lines:
        out = join_soft(out, line) if out else line
    return out


# ---- the parse text: repairs, each a small pure step ----------------------------------


def fold_signs_and_widths(text: str) -> str:
    return drop_cjk_inner_spaces(normalise_spaces(fold_width(text)).replace("\n", " "))


def repair_operators(text: str) -> str:
    """'不超83.32万', '不少1500件', '不超过过164.8万元', '》90%', '小于或者等于6小时'."""
    for pattern, replacement in OPERATOR_REPAIRS:
        text = re.sub(pattern, replacement, text)
    return text


def unify_unit_spellings(text: str) -> str:
    """'3个小时内' -> '3小时内', '≥100百分比' -> '≥100%'."""
    for spelling, unit in UNIT_SYNONYMS.items():
        text = text.replace(spelling, unit)
    return re.sub(rf"百分之\s*(\d+(?:\.\d+)?|{CN_NUMERAL})", lambda m: f"{_cn_or_digits(m[1])}%", text)


def _cn_or_digits(token: str) -> str:
    if token[0].isdigit():
        return token
    n = cn_number(token)
    return token if n is None else _fmt(n)


def _fmt(n: float) -> str:
    return str(int(n)) if n.is_integer() else str(n)


# A Chinese numeral is a number where a digit could stand: at the start, after an operator word
# or sign, after 约/每X; and only before a unit that ends the expression ('一次性' is a word), or
# at the very end ('不超过十二', its unit in the 度量单位 column).
_CN_QUANTITY = re.compile(
    rf"(?:(?<=^)|(?<=[\s,，;；、(（≥≤<>=])|(?<=于)|(?<=到)|(?<=达)|(?<=过)|(?<=约)|(?<=在)|(?<=共)|(?<=计)"
    rf"|(?<=[少多高低])|(?<=每天)|(?<=每月)|(?<=每周)|(?<=每年)|(?<=每季度)|(?<=每日)|(?<=每学期))"
    rf"(?P<cn>{CN_NUMERAL})(?P<half>个半)?(?=\s*$|\s*(?:个)?(?P<unit>{UNIT_RE})(?:$|[\s,，。;；、)）/]|{SUFFIX_RE}))"
)


def chinese_numerals_to_digits(text: str) -> str:
    """'两栋' -> '2栋', '三小时之内' -> '3小时之内', '十五天' -> '15天', '半小时内' -> '0.5小时内'."""

    def sub(m: re.Match[str]) -> str:
        cn, prefix = m["cn"], ""
        # '三百千米': 300 千米 ('百千' is no numeral), not 1300 米; likewise '二十四千米', '十五千克': a
        # 千 after a numeral that counts in tens or hundreds is the unit's (no 20 + 4000).
        lower = any(u in cn[:-1] for u in "十百") and not any(u in cn for u in "万亿")  # not '两万四千'
        if len(cn) > 1 and cn[-1] == "千" and (cn[-2] in "十百万亿" or lower) and not m["half"]:
            cn, prefix = cn[:-1], "千"
        n = cn_number(cn)
        if n is None or set(cn) <= set("百千"):  # '（千米）': a unit prefix, not a thousand
            return m.group(0)
        return _fmt(n + 0.5 if m["half"] else n) + prefix

    return _CN_QUANTITY.sub(sub, text)


_MORE_THAN = re.compile(
    rf"(?P<num>\d+(?:\.\d+)?)\s*[{MORE_THAN_MARKS}](?P<unit>{UNIT_RE})(?P<post>\s*(?:{SUFFIX_RE}))?"
)


def more_than_as_suffix(text: str) -> str:
    """'200余篇次以上' -> '200篇次以上', '100多人' -> '100人以上'."""
    return _MORE_THAN.sub(lambda m: f"{m['num']}{m['unit']}{m['post'] or '以上'}", text)


def close_operator_gaps(text: str) -> str:
    """'不低于 80%' -> '不低于80%': a blank between an operator and its number is layout."""
    return re.sub(rf"({PREFIX_RE})\s+(?=[\d.])", r"\1", text)


PARSE_STEPS = (fold_signs_and_widths, repair_operators, unify_unit_spellings, chinese_numerals_to_digits,
               more_than_as_suffix, close_operator_gaps)  # fmt: skip


def for_parsing(printed: str) -> str:
    for step in PARSE_STEPS:
        printed = step(printed)
    return printed


# ---- expressions ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Expr:
    start: int
    end: int
    operator: str
    number: float
    unit: str | None
    explicit_op: bool


def _to_float(num: str) -> float:
    return float(num.replace(",", ""))


def _norm_unit(unit: str | None) -> str | None:
    return re.sub(r"\s+", "", unit) if unit else None


def _expressions(text: str, masked: list[tuple[int, int]]) -> list[_Expr]:
    out = _scan(text, masked)
    notes = [m.span() for m in _PAREN.finditer(text)]
    outside = [e for e in out if not any(s <= e.start and e.end <= t for s, t in notes)]
    # Numbers inside a note beside a number ('100%(14个街镇)') restate or qualify it.
    return outside if outside else out


def _scan(text: str, masked: list[tuple[int, int]]) -> list[_Expr]:
    out = []
    for m in EXPR.finditer(text):
        a, b = m.span("num")
        cut = min((s for s, e in masked if a < s < b), default=None)
        if cut is not None and m["num"][: cut - a].isdigit():
            # '≤1212月底前' (a space lost by OCR): the number stops where the date begins
            op = OPERATOR_PREFIX.get(m["op"] or "", "=")
            out.append(_Expr(m.start(), cut, op, float(m["num"][: cut - a]), None, bool(m["op"])))
            continue
        if any(a < e and s < b for s, e in masked):
            continue
        op_word, post, unit, end = m["op"], m["post"], m["unit"] or m["punit"], m.end()
        if m["unit"] and m.start("unit") > b and not m["post"] and _continues_word(text, m.end("unit")):
            # '≥1 班1人': a unit set apart by a space must stand alone, else it is the next word
            # ('3000 人次以上' is a unit: an operator suffix ends it)
            unit, post, end = None, None, b
        if post == "内" and not unit:
            post = None  # '3内' is no operator; '48小时内' is
        if unit == "个" and not post and (noun := _COUNTED_NOUN.match(text, end)):
            # '30个点位': the measure word and a short noun that ends the target are one unit,
            # as the budget systems write '(个街镇)'
            unit, end = "个" + noun.group(1), noun.end(1)
        unit = _norm_unit(unit)
        if m["period"] and unit and unit not in _RATES:
            unit = f"{unit}/{m['period']}"  # '每季度≥2场' counts 场 per 季度; '每季度100%' is a rate still
        explicit = bool(op_word or post)
        op = OPERATOR_PREFIX[op_word] if op_word else OPERATOR_SUFFIX[post] if post else "="
        start = m.start("op") if op_word else a
        out.append(_Expr(m.start() if m["per"] else start, end, op, _to_float(m["num"]), unit, explicit))
    return out


def _continues_word(text: str, i: int) -> bool:
    return i < len(text) and (text[i].isalnum() or "\u4e00" <= text[i] <= "\u9fff")


def _mask(text: str, year: int | None) -> tuple[list[date], list[tuple[int, int]]]:
    deadlines, spans = find_deadlines(text, year)
    spans += [m.span() for m in RATIO.finditer(text)]
    spans += [m.span() for m in _CITED_TITLE.finditer(text)]  # '《“健康西安2030”行动规划》': a title's digits
    return deadlines, spans


def _residue(text: str, spans: list[tuple[int, int]]) -> str:
    keep = [ch for i, ch in enumerate(text) if not any(s <= i < e for s, e in spans)]
    return _NON_CONTENT.sub("", "".join(keep))


# ---- the parser -----------------------------------------------------------------------


def parse_value(cell_text: str, year: int | None = None) -> Value:
    """Fill every field of `Value` from the printed cell text."""
    lines = printed_lines(cell_text)
    if not lines:
        return Value(raw="")
    value = _separate_lines(lines, year) if len(lines) > 1 else None
    if value is None:
        value = _parse_printed(join_printed(lines), year)
    update: dict[str, str] = {}
    if value.unit is not None:
        update["unit_from"] = "value"
    if value.operator is not None:
        update["operator_from"] = "value"
    return value.model_copy(update=update) if update else value


def _separate_lines(lines: list[str], year: int | None) -> Value | None:
    """Lines that each hold a whole quantity ('102' / '120', '≥90%' / '≥90%').

    The same quantity printed twice is one target; different ones are a compound value, never
    one number fused from their digits.
    """
    parsed = [_parse_printed(line, year) for line in lines]
    if not all(v.operator not in (None, "range") and v.text is None for v in parsed):
        return None
    raw = join_printed(lines, separate=True)
    keys = {(v.operator, v.number, v.unit) for v in parsed}
    if len(keys) == 1:
        return parsed[0].model_copy(update={"raw": raw})
    return Value(raw=raw, text=raw)


def _parse_printed(raw: str, year: int | None) -> Value:
    text = for_parsing(raw)
    if not text:
        return Value(raw=raw, text=raw)
    deadlines, masked = _mask(text, year)
    deadline = max(deadlines) if deadlines else None

    rng = _range(raw, text, masked)
    if rng is not None:
        return rng.model_copy(update={"deadline": deadline})
    if (m := _MONTH_CEILING.match(text)) is not None:  # '≤12月': by month 12 at the latest, and month ≤ 12
        op = ">=" if m["op"] in (">=", "≥") else "<=" if m["op"] in ("<=", "≤", "不晚于", "不迟于") else m["op"]
        return Value(raw=raw, operator=op, number=float(m["m"]), unit="月", deadline=deadline if "<" in op else None)

    exprs = _expressions(text, masked)
    if not exprs:
        return Value(raw=raw, text=raw, deadline=deadline)
    doubled = _doubled(raw, text, exprs, deadline)
    if doubled is not None:
        return doubled
    if len(exprs) > 1:
        # Several targets in one cell ('不少于30个点位，…不少于200块'): keep raw, claim nothing.
        return Value(raw=raw, text=raw, deadline=deadline)
    e = exprs[0]
    rest = text[: e.start] + text[e.end :]
    note = PAREN_NOTE.match(rest.strip())
    if note:
        note_text: str | None = note["note"]
    elif _residue(rest, []) or _approximate(text):
        note_text = raw
    else:
        note_text = None
    return Value(raw=raw, operator=e.operator, number=e.number, unit=e.unit, text=note_text, deadline=deadline)


def _approximate(text: str) -> bool:
    """'约30个', '30个左右': the number is kept, and `text` says it is approximate."""
    return "约" in text or "左右" in text


def _range(raw: str, text: str, masked: list[tuple[int, int]]) -> Value | None:
    for m in RANGE.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in masked):
            continue
        a, b = _to_float(m["a"]), _to_float(m["b"])
        ua, ub = _norm_unit(m["ua"]), _norm_unit(m["ub"])
        if a >= b or (ua and ub and ua != ub):
            continue
        if _expressions(text, [*masked, m.span()]):
            return None  # a range beside other targets is a compound value
        note = raw if _residue(text, [m.span()]) else None
        return Value(raw=raw, operator="range", number=a, number_max=b, unit=ub or ua, text=note)
    return None


def _doubled(raw: str, text: str, exprs: list[_Expr], deadline: date | None) -> Value | None:
    """'≥90 满意度≥90%', '30 师资班培训 30 人': a bare lead number, then a note that restates it.

    Merged columns print the target twice; the lead gives the operator, the
    note gives the unit and the wording.
    """
    lead = exprs[0]
    head = text[: lead.end].rstrip()
    if lead.start != 0 or len(head) == len(text):
        return None
    spaced = text[len(head)] == " "
    glued = _continues_word(text, lead.end) or text[lead.end] in "≥≤<>="
    if not spaced and (lead.unit is not None or not glued):
        return None
    note = text[lead.end :].strip()
    if not note or note in UNITS:
        return None
    later = exprs[1:]
    same = [e for e in later if e.number == lead.number]
    cn_unit = None if same else _cn_restatement(note, lead.number)
    if later and not same and cn_unit is None:
        return None  # the note holds other numbers: a compound value, not a restatement
    as_month = lead.number.is_integer() and re.match(rf"{int(lead.number)}\s*月", note) is not None
    if not spaced and not (same or cn_unit or as_month):
        return None  # unspaced ('9师资班课程9门', as OCR reads it) only when the note restates the number
    unit = lead.unit or (same[0].unit if same else cn_unit)
    op = lead.operator if lead.explicit_op or not same else same[0].operator
    note_text = note if re.search(r"[^\d\s.%≥≤<>=+\-~]", note) else None
    return Value(raw=raw, operator=op, number=lead.number, unit=unit, text=note_text, deadline=deadline)


def _cn_restatement(note: str, number: float) -> str | None:
    """Unit of a Chinese-numeral restatement of `number` in `note` ('培训一期' -> '期')."""
    for m in _CN_NUM_UNIT.finditer(note):
        if cn_number(m["cn"]) == number:
            return _norm_unit(m["unit"])
    return None


# ---- the unit from elsewhere in the row (schema 1.1) ----------------------------------

_NAME_UNIT = re.compile(r"[(（]\s*(?P<unit>[^()（）]{1,8}?)\s*[)）]\s*$")


def name_unit(name: str | None) -> str | None:
    """'资助人数(人)' -> '人'; '标准(元/生·年)' -> '元/生·年': the unit a 三级指标 name states."""
    if not name:
        return None
    m = _NAME_UNIT.search(fold_width(name.strip()))
    if m is None:
        return None
    unit = _norm_unit(m["unit"])
    if unit and re.fullmatch(rf"(?:{_UNIT_TAIL})", unit) and not unit.isdigit():
        return UNIT_SYNONYMS.get(unit, unit)
    return None


def with_unit_from_row(value: Value, column_unit: str | None, name: str | None) -> Value:
    """The unit in order: the value itself, the 度量单位 column, the name's parenthesis."""
    if value.unit is not None:
        return value.model_copy(update={"unit_from": "value"})
    if value.number is None:
        return value
    column = _norm_unit(fold_width(column_unit or "").strip()) or None
    if column:
        return value.model_copy(update={"unit": UNIT_SYNONYMS.get(column, column), "unit_from": "column"})
    from_name = name_unit(name)
    if from_name:
        return value.model_copy(update={"unit": from_name, "unit_from": "name"})
    return value
