"""A near tie between a number's point and a comma, settled by how the number is grouped.

Under blur a thousands comma loses its tail and the recogniser reads a point, with the comma a
close second: '5,480,566' read '5,480.566' (a thousandth of the value), '3,539,310' read
'3539.310'. Where the point would leave exactly three digits after it and the comma makes the
digits before it whole thousands groups, the comma is read. Measured on the scan simulator's dev
seeds 0-23 in six conditions: at 1,647 true decimal points (one or two digits after) the
comma's share was under 0.13 of the point's but once; at the misread commas it was 0.66-1.4.
"""

from __future__ import annotations

import re

from extract.ocr.words import Choices

POINTS = frozenset(".．")
COMMAS = frozenset(",，")
# The comma's probability (its ASCII and full-width forms together) against the point's.
NEAR_COMMA = 0.3
# Digits that regroup into whole groups once the comma is read (`grammar.regroup_thousands`: a
# lost comma is put back, '3539,310' is '3,539,310').
_GROUPED_BEFORE = re.compile(r"(?:^|[^\d.,，])\d+(?:[,，](?:\d{3})+)*$")


def settle_separators(glyphs: list[Choices], chosen: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """`chosen` with each point read as a comma where the comma is a near second, three digits
    follow the point and end the number, and the digits before it regroup into whole groups."""
    out = list(chosen)
    text = "".join(c for c, _ in chosen)
    for i, (glyph, p) in enumerate(chosen):
        if glyph not in POINTS or not _three_digits_end(text, i + 1):
            continue
        comma = sum(q for c, q in glyphs[i] if c in COMMAS)
        if comma >= NEAR_COMMA * p and _GROUPED_BEFORE.search(text[:i]):
            out[i] = (",", comma)
            text = text[:i] + "," + text[i + 1 :]
    return out


def _three_digits_end(text: str, start: int) -> bool:
    tail = text[start : start + 4]
    return len(tail) >= 3 and tail[:3].isdigit() and not (len(tail) == 4 and (tail[3].isdigit() or tail[3] in POINTS))
