"""Parse a target cell ('≥1.00(次)', '不少于30个点位', '2024年10月底前') into a contract `Value`.

The parser is total: any string gives a valid `Value`; what it cannot read as
a number stays in `text` with `operator` null, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from normalizers.dates import find_deadlines
from normalizers.text import clean
from normalizers.units import (
    OPERATOR_PREFIX,
    OPERATOR_SUFFIX,
    PREFIX_RE,
    SUFFIX_RE,
    UNIT_RE,
    UNITS,
    cn_number,
)
from schemas import Value

NUM = r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+"
_UNIT_TAIL = rf"(?:{UNIT_RE})(?:\s*/\s*(?:{UNIT_RE}))?"
EXPR = re.compile(
    rf"(?P<op>{PREFIX_RE})?\s*(?P<num>{NUM})\s*"
    rf"(?:(?P<unit>{_UNIT_TAIL})|[(（]\s*(?P<punit>{_UNIT_TAIL}[^()（）\d]{{0,6}}?)\s*[)）])?"
    rf"\s*(?P<post>{SUFFIX_RE})?"
)
RANGE = re.compile(rf"(?P<a>{NUM})\s*(?P<ua>{_UNIT_TAIL})?\s*(?:-|~|—|–|至|到)\s*(?P<b>{NUM})\s*(?P<ub>{_UNIT_TAIL})?")
PAREN_NOTE = re.compile(r"^[(（](?P<note>[^()（）]+)[)）]$")
RATIO = re.compile(rf"(?:{NUM})\s*[:：]\s*(?:{NUM})")
_CN_NUM_UNIT = re.compile(rf"(?P<cn>[一二两三四五六七八九十]{{1,3}})\s*(?P<unit>{_UNIT_TAIL})")
_COUNTED_NOUN = re.compile(r"([\u4e00-\u9fff]{1,3})(?=$|[\s,，。;；、)）])")
_NON_CONTENT = re.compile(r"[\s,，。;；、:：()（）]+")


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


_PAREN = re.compile(r"[(（][^()（）]*[)）]")


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
            out.append(
                _Expr(
                    m.start(),
                    cut,
                    OPERATOR_PREFIX.get(m["op"] or "", "="),
                    float(m["num"][: cut - a]),
                    None,
                    bool(m["op"]),
                )
            )
            continue
        if any(a < e and s < b for s, e in masked):
            continue
        op_word, post, unit, end = m["op"], m["post"], m["unit"] or m["punit"], m.end()
        if m["unit"] and m.start("unit") > b and _continues_word(text, m.end("unit")):
            # '≥1 班1人': a unit set apart by a space must stand alone, else it is the next word
            unit, post, end = None, None, b
        if post == "内" and not unit:
            post = None  # '3内' is no operator; '48小时内' is
        if unit == "个" and not post and (noun := _COUNTED_NOUN.match(text, end)):
            # '30个点位': the measure word and a short noun that ends the target are one unit,
            # as the budget systems write '(个街镇)'
            unit, end = "个" + noun.group(1), noun.end(1)
        explicit = bool(op_word or post)
        op = OPERATOR_PREFIX[op_word] if op_word else OPERATOR_SUFFIX[post] if post else "="
        out.append(_Expr(m.start(), end, op, _to_float(m["num"]), _norm_unit(unit), explicit))
    return out


def _continues_word(text: str, i: int) -> bool:
    return i < len(text) and (text[i].isalnum() or "\u4e00" <= text[i] <= "\u9fff")


def _mask(text: str, year: int | None) -> tuple[list[date], list[tuple[int, int]]]:
    deadlines, spans = find_deadlines(text, year)
    spans += [m.span() for m in RATIO.finditer(text)]
    return deadlines, spans


def _residue(text: str, spans: list[tuple[int, int]]) -> str:
    keep = [ch for i, ch in enumerate(text) if not any(s <= i < e for s, e in spans)]
    return _NON_CONTENT.sub("", "".join(keep))


def parse_value(raw: str, year: int | None = None) -> Value:
    """Fill every field of `Value` from the printed cell text `raw`."""
    raw = clean(raw)
    if not raw:
        return Value(raw="")
    deadlines, masked = _mask(raw, year)
    deadline = max(deadlines) if deadlines else None

    rng = _range(raw, masked)
    if rng is not None:
        return rng.model_copy(update={"deadline": deadline})

    exprs = _expressions(raw, masked)
    if not exprs:
        return Value(raw=raw, text=raw, deadline=deadline)
    doubled = _doubled(raw, exprs, deadline)
    if doubled is not None:
        return doubled
    if len(exprs) > 1:
        # Several targets in one cell ('不少于30个点位，…不少于200块'): keep raw, claim nothing.
        return Value(raw=raw, text=raw, deadline=deadline)
    e = exprs[0]
    rest = raw[: e.start] + raw[e.end :]
    note = PAREN_NOTE.match(rest.strip())
    if note:
        text = note["note"]
    elif _residue(rest, []):
        text = raw
    else:
        text = None
    return Value(raw=raw, operator=e.operator, number=e.number, unit=e.unit, text=text, deadline=deadline)


def _range(raw: str, masked: list[tuple[int, int]]) -> Value | None:
    for m in RANGE.finditer(raw):
        if any(m.start() < e and s < m.end() for s, e in masked):
            continue
        a, b = _to_float(m["a"]), _to_float(m["b"])
        ua, ub = _norm_unit(m["ua"]), _norm_unit(m["ub"])
        if a >= b or (ua and ub and ua != ub):
            continue
        others = [x for x in _expressions(raw, [*masked, m.span()])]
        if others:
            return None  # a range beside other targets is a compound value
        text = raw if _residue(raw, [m.span()]) else None
        return Value(raw=raw, operator="range", number=a, number_max=b, unit=ub or ua, text=text)
    return None


def _doubled(raw: str, exprs: list[_Expr], deadline: date | None) -> Value | None:
    """'≥90 满意度≥90%', '30 师资班培训 30 人': a bare lead number, then a note that restates it.

    Merged columns print the target twice; the lead gives the operator, the
    note gives the unit and the wording.
    """
    lead = exprs[0]
    head = raw[: lead.end].rstrip()
    if lead.start != 0 or len(head) == len(raw):
        return None
    spaced = raw[len(head)] == " "
    glued = _continues_word(raw, lead.end) or raw[lead.end] in "≥≤<>="
    if not spaced and (lead.unit is not None or not glued):
        return None
    note = raw[lead.end :].strip()
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
    text = note if re.search(r"[^\d\s.%≥≤<>=+\-~]", note) else None
    return Value(raw=raw, operator=op, number=lead.number, unit=unit, text=text, deadline=deadline)


def _cn_restatement(note: str, number: float) -> str | None:
    """Unit of a Chinese-numeral restatement of `number` in `note` ('培训一期' -> '期')."""
    for m in _CN_NUM_UNIT.finditer(note):
        if cn_number(m["cn"]) == number:
            return _norm_unit(m["unit"])
    return None
