"""How numbers are written, compared with their neighbours: OCR readings that lost digits or their
decimal point against the pattern of their column, and thousands separators read as decimal points
in a form's amounts. Pure functions over printed text and amounts; every threshold is a quantity
measured on the column or the form itself (its decimals, its own sums)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

# The first number of a reading: its integer digits and its decimals, or decimals with no integer
# part ('.00(个)': the integer part lost). Thousands separators are removed first.
_NUMBER = re.compile(r"(\d+)(?:\.(\d+))?|\.(\d+)")
_GROUPING = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
# The fewest other numbers a column's way of writing them is taken from: one number agrees with
# itself, two that agree are a pattern.
_PATTERN_OF = 2
# A float's noise off its last bits: far below a thousandth or a cent of any amount a form prints.
_FLOAT_NOISE = 1e-6
# The rounding a form's sum is allowed: half its last printed digit (amounts to two decimals), or
# one part in a million of a large total (float noise grows with the amount).
_HALF_LAST_DIGIT = 0.005
_RELATIVE_NOISE = 1e-6


@dataclass(frozen=True, slots=True)
class Shape:
    integer: str  # '' where the reading starts at its point
    decimals: str | None  # None: no point


def number_shape(text: str) -> Shape | None:
    """The shape of the first number in `text` ('≥1.00(个)' → '1', '00'); None if it holds none."""
    m = _NUMBER.search(_GROUPING.sub("", text))
    if m is None:
        return None
    if m.group(3) is not None:
        return Shape("", m.group(3))
    return Shape(m.group(1), m.group(2))


def column_decimals(shapes: Sequence[Shape]) -> int | None:
    """The decimals every number of a column is written with, if they all agree on one count of
    one or more ('1.00', '12.00', '95.00' → 2); None for a column that writes them variously."""
    counts = {len(s.decimals) if s.decimals is not None and s.integer else 0 for s in shapes}
    return counts.pop() if len(counts) == 1 and 0 not in counts else None


def digits_lost_against_column(texts: Sequence[str | None]) -> dict[int, str]:
    """Readings of a column whose number lost digits or its point against the way every other
    number of the column is written: index → the way the others write it (an example).

    The column's pattern is measured on the others: at least two numbers, every one written with
    the same count of decimals (at least one). Against it, a number with no point ('1.00' read
    '00' or '100'), with no integer part ('.00'), or with fewer decimals ('12.0') lost a glyph.
    A reading with no number (text, a blank) takes no part."""
    shapes = {i: s for i, t in enumerate(texts) if t and (s := number_shape(t)) is not None}
    out: dict[int, str] = {}
    for i, shape in shapes.items():
        others = [s for j, s in shapes.items() if j != i]
        if len(others) < _PATTERN_OF:
            continue
        decimals = column_decimals(others)
        if decimals is None:
            continue
        if shape.decimals is None or not shape.integer or len(shape.decimals) < decimals:
            example = next(s for s in others)
            out[i] = f"{example.integer}.{example.decimals}"
    return out


def three_decimals(amount: float) -> bool:
    """Written with exactly three decimals ('39.778'): what a thousands separator read as a point
    leaves in an amount."""
    thousandths = amount * 1000
    cents = amount * 100
    return abs(thousandths - round(thousandths)) < _FLOAT_NOISE and abs(cents - round(cents)) > _FLOAT_NOISE


def sums_to(total: float, parts: Sequence[float]) -> bool:
    """The form's own arithmetic, to the rounding of its last printed digit (half a 分 of a 万元,
    or one part in a million of a large total)."""
    return abs(sum(parts) - total) <= max(_HALF_LAST_DIGIT, _RELATIVE_NOISE * abs(total))


@dataclass(frozen=True, slots=True)
class SeparatorReading:
    """An amount whose point may be a thousands separator: `meant` the amount the form's sums
    prove (None where nothing decides, the reading only doubted)."""

    field: str
    as_read: float
    meant: float | None


def separators_read_as_points(
    amounts: dict[str, float | None], total: str, parts: Sequence[str]
) -> list[SeparatorReading]:
    """Amounts of a form read with exactly three decimals, decided from the form's arithmetic
    (`total` = the sum of the `parts` it prints) where it gives it, and from its other amounts:

    - the sum holds as read: nothing to say (a form that writes three decimals);
    - it holds with exactly one choice of those amounts a thousand times larger: they are
      corrected (`meant`);
    - no sum to check, or none or several choices hold: every such amount is doubted, unless
      every other amount of the form is written with three decimals too (its way of writing)."""
    read = {k: v for k, v in amounts.items() if v is not None}
    suspects = [k for k, v in read.items() if three_decimals(v)]
    if not suspects:
        return []
    printed = [p for p in parts if p in read]
    if total in read and printed and read[total]:
        choices = [
            chosen
            for n in range(len(suspects) + 1)
            for chosen in combinations(suspects, n)
            if sums_to(_scaled(read, total, chosen), [_scaled(read, p, chosen) for p in printed])
        ]
        if () in choices:
            return []
        if len(choices) == 1:
            return [SeparatorReading(k, read[k], _thousandfold(read[k])) for k in choices[0]]
    return [SeparatorReading(k, read[k], None) for k in suspects if not _form_writes_three_decimals(read, k)]


def _form_writes_three_decimals(read: dict[str, float], key: str) -> bool:
    others = [v for k, v in read.items() if k != key and v]
    return bool(others) and all(three_decimals(v) for v in others)


def _scaled(read: dict[str, float], key: str, chosen: tuple[str, ...]) -> float:
    return _thousandfold(read[key]) if key in chosen else read[key]


def _thousandfold(amount: float) -> float:
    """The amount with its point read as a thousands separator: 39.778 → 39778 (whole, as three
    decimals times a thousand are; rounded off the float's last bit)."""
    return float(round(amount * 1000))
