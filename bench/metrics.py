"""Scoring extracted documents against truth documents (both as contract JSON dicts)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from normalizers.text import fold_width

HEADER_FIELDS = ("unit_code", "unit_name", "project_name", "project_code")
BUDGET_FIELDS = ("total", "fiscal", "other", "currency_unit")
VALUE_FIELDS = ("operator", "number", "unit", "deadline")


_WIDTH = str.maketrans("（）【】：；，！？％＜＞＝", "()[]:;,!?%<>=")


def squash(text: str | None) -> str:
    """Comparable form: no whitespace (a space typed at a PDF line wrap is not in the PDF at all)
    and one width for brackets and signs (a scan does not show which width was typed)."""
    return re.sub(r"\s+", "", text or "").translate(_WIDTH)


def row_key(ind: dict) -> tuple[str, str, str, str]:
    return squash(ind["level1"]), squash(ind["level2"]), squash(ind["level3"]), squash(ind["value"]["raw"])


# Characters a printed page shows exactly as it shows a sequence of others: '㎡' (one code
# point) looks like 'm²'.
_LOOKALIKES = str.maketrans({"㎡": "m²", "㎥": "m³"})


def scan_row_key(ind: dict) -> tuple[str, ...]:
    """As `row_key`, with full-width digits and letters folded, ≧/≦ read as ≥/≤ and '㎡' as
    'm²': a scan does not show that "１４５" was typed full width (the recogniser reads "145")
    or that '㎡' was one character; the parsed value (operator, number, unit) is compared
    anyway."""
    return tuple(fold_width(k).translate(_LOOKALIKES) for k in row_key(ind))


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    value_ok: int = 0
    value_n: int = 0
    header_ok: int = 0
    header_n: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for k in ("tp", "fp", "fn", "value_ok", "value_n", "header_ok", "header_n"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_ok / self.value_n if self.value_n else 0.0

    @property
    def header_accuracy(self) -> float:
        return self.header_ok / self.header_n if self.header_n else 0.0


def loose_key(ind: dict) -> tuple[str, str]:
    """Only the indicator's name and target: what a baseline that loses merged labels can still get."""
    return squash(ind["level3"]), squash(ind["value"]["raw"])


def score_rows(truth_rows: list[dict], got_rows: list[dict], key=row_key) -> Score:
    """Indicator rows as a multiset of (levels, raw value); values compared on matched rows."""
    s = Score()
    row_key = key
    truth = Counter(row_key(r) for r in truth_rows)
    got = Counter(row_key(r) for r in got_rows)
    s.tp = sum((truth & got).values())
    s.fp = sum((got - truth).values())
    s.fn = sum((truth - got).values())
    s.misses = ["/".join(k) for k in (truth - got)][:5]
    unmatched: dict[tuple, list[dict]] = {}
    for g in got_rows:
        unmatched.setdefault(row_key(g), []).append(g)
    for r in truth_rows:
        pool = unmatched.get(row_key(r))
        if not pool:
            continue
        g = pool.pop(0)  # one extracted row answers one truth row
        for f in VALUE_FIELDS:
            s.value_n += 1
            a, b = r["value"].get(f), g["value"].get(f)
            s.value_ok += a == b or (isinstance(a, float) and isinstance(b, float) and abs(a - b) < 1e-9)
    return s


def score_document(truth: dict, got: dict, header_truth: dict | None = None, key=row_key) -> Score:
    s = score_rows(
        [i for t in truth["tables"] for i in t["indicators"]],
        [i for t in got["tables"] for i in t["indicators"]],
        key,
    )
    header_truth = header_truth or truth
    for t_table, g_table in zip(header_truth["tables"], got["tables"], strict=False):
        for f in HEADER_FIELDS:
            s.header_n += 1
            s.header_ok += squash(t_table[f]) == squash(g_table[f])
        tb, gb = t_table["budget"] or {}, g_table["budget"] or {}
        for f in BUDGET_FIELDS:
            s.header_n += 1
            s.header_ok += tb.get(f) == gb.get(f)
    missing_tables = max(0, len(header_truth["tables"]) - len(got["tables"]))
    s.header_n += missing_tables * (len(HEADER_FIELDS) + len(BUDGET_FIELDS))
    return s
