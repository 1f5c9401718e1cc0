"""Deadlines in 时效 values: '2024年10月底前' -> 2024-10-31; '12月底前' takes the document year."""

from __future__ import annotations

import calendar
import re
from datetime import date

_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

MONTH_DATE = re.compile(
    r"(?:(?<![\d.])(?P<y>(?:19|20)\d{2})\s*年\s*|(?P<next>次年|翌年|下一?年度?)\s*)?(?P<m>1[0-2]|0?[1-9])\s*月\s*"
    r"(?:(?P<d>[12]\d|3[01]|0?[1-9])\s*[日号]|(?P<part>中下旬|上中旬|上旬|中旬|下旬|底|末|初|中|份))?"
)
YEAR_ONLY = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})\s*年度?\s*(?:前|内|完成|之前)*\s*$")
YEAR_PART = re.compile(
    r"(?:(?<![\d.])(?P<y>(?:19|20)\d{2})\s*年\s*)?(?<!/)(?P<part>年底|年末|年内|年度内|底|末|内|上半年|下半年)"
)
QUARTER = re.compile(r"(?:(?<![\d.])(?P<y>(?:19|20)\d{2})\s*年\s*)?第(?P<q>[一二三四1-4])季度")
ISO_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-./](?P<m>1[0-2]|0?[1-9])[-./](?P<d>[12]\d|3[01]|0?[1-9])(?!\d)")
# A period of months ('2022年1-12月', '1月-6月'): not a quantity; it ends with its last month.
MONTH_RANGE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})\s*年\s*)?(?P<m1>1[0-2]|0?[1-9])\s*月?\s*(?:--|——|[-~～至到—–])\s*(?P<m2>1[0-2]|0?[1-9])\s*月(?:份)?"
)
# Rules about a day of every month or a time of day ('每月25日前', '18:00前', '17点前'): no quantity.
DAY_RULE = re.compile(r"每月\s*\d{1,2}\s*[日号](?:前|之前|以前)?|(?<![月\d])\d{1,2}\s*[日号](?:前|之前|以前)")
TIME_OF_DAY = re.compile(
    r"(?<!\d)(?:[01]?\d|2[0-4])\s*[:：]\s*[0-5]\d(?!\d)|(?<!\d)(?:[01]?\d|2[0-4])\s*点(?:前|之前|整|半)?"
)
# A date that needs the budget year to be one ('11月底前', '年底', '第三季度', '上半年').
RELATIVE_DATE = re.compile(r"(?<![\d年])(?:1[0-2]|0?[1-9])\s*月|年底|年末|季度|上半年|下半年")
# Year mentions that are not deadlines ("较2023年提升", "2025-2027年") but whose digits are no target.
YEAR_MENTION = re.compile(r"(?<![\d.])(?:19|20)\d{2}\s*(?:[-~～至到]\s*(?:19|20)\d{2}\s*)?(?:年度|年)")


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def find_deadlines(text: str, year: int | None) -> tuple[list[date], list[tuple[int, int]]]:
    """All dates in `text` and the character spans they (and plain year mentions) cover."""
    found: list[date] = []
    spans: list[tuple[int, int]] = []

    def taken(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in spans)

    for m in ISO_DATE.finditer(text):
        found.append(date(int(m["y"]), int(m["m"]), int(m["d"])))
        spans.append(m.span())
    for m in MONTH_RANGE.finditer(text):
        if taken(*m.span()) or int(m["m1"]) >= int(m["m2"]):
            continue
        spans.append(m.span())
        y = int(m["y"]) if m["y"] else year
        if y is not None:
            found.append(_month_end(y, int(m["m2"])))
    for pattern in (DAY_RULE, TIME_OF_DAY):
        spans += [m.span() for m in pattern.finditer(text) if not taken(*m.span())]
    for m in MONTH_DATE.finditer(text):
        if taken(*m.span()):
            continue
        y = int(m["y"]) if m["y"] else year
        if m["next"] and y is not None:
            y += 1  # '次年2月份前': the month after the budget year
        spans.append(m.span())
        if y is None:
            continue
        mon = int(m["m"])
        part = m["part"]
        if m["d"]:
            day = min(int(m["d"]), calendar.monthrange(y, mon)[1])
            found.append(date(y, mon, day))
        elif part in ("上旬", "初"):
            found.append(date(y, mon, 10))
        elif part in ("中旬", "中", "上中旬"):
            found.append(date(y, mon, 20))
        else:
            found.append(_month_end(y, mon))
    for m in QUARTER.finditer(text):
        if taken(*m.span()):
            continue
        spans.append(m.span())
        y = int(m["y"]) if m["y"] else year
        if y is not None:
            found.append(_month_end(y, _CN_QUARTER[m["q"]] * 3))
    for m in YEAR_PART.finditer(text):
        if taken(*m.span()) or (m["part"] in ("底", "末", "内") and not m["y"]):
            continue  # a bare 底/内 is only a deadline right after a year
        spans.append(m.span())
        y = int(m["y"]) if m["y"] else year
        if y is not None:
            found.append(date(y, 6, 30) if m["part"] == "上半年" else date(y, 12, 31))
    if not found and (m := YEAR_ONLY.match(text)):
        found.append(date(int(m["y"]), 12, 31))  # '2024年' as a 时效 target: within that year
        spans.append(m.span())
    for m in YEAR_MENTION.finditer(text):
        if not taken(*m.span()):
            spans.append(m.span())
    return found, spans
