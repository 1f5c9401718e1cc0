"""Real documents against their hand-checked truth (samples/real/*.truth.json).

Each truth file was written by reading every row against the rendered page, never copied from
the tool's output (samples/real/README.md). A document is scored on:

- rows: indicator rows as a multiset of (一级, 二级, 三级, the target as printed), F1;
- values: on matched rows, the parsed target (operator, number, unit, deadline), the period
  target where the form prints one, and the row's weight;
- header fields: per table, unit, project, code, kind and every money field; each truth table is
  compared with the extracted table that shares most of its rows (or its project name), so one
  missing or split table costs its own fields, not every table's after it.

    python -m bench.real                 # every document: a table of scores
    python -m bench.real bj_lvhua -v     # one document, with every miss listed
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.metrics import Score, row_key, scan_row_key, squash  # noqa: E402

REAL = ROOT / "samples" / "real"
HEADER_FIELDS = ("kind", "unit_name", "unit_code", "project_name", "project_code")
BUDGET_FIELDS = ("total", "fiscal", "other", "carried_over", "currency_unit")
VALUE_FIELDS = ("operator", "number", "number_max", "unit", "deadline")


class RealScore(Score):
    """A Score that adds up misses too, and in which a document with nothing to find and nothing
    wrongly found is perfect (the real documents' pages without indicators)."""

    def add(self, other: Score) -> None:
        super().add(other)
        self.misses += other.misses

    @property
    def f1(self) -> float:
        return super().f1 if self.tp + self.fp + self.fn else 1.0

    @property
    def values(self) -> float:
        return self.value_accuracy if self.value_n else 1.0

    @property
    def header(self) -> float:
        return self.header_accuracy if self.header_n else 1.0


def truth_files() -> list[Path]:
    return sorted(REAL.glob("*.truth.json"))


def document_for(truth_path: Path) -> Path:
    return REAL / json.loads(truth_path.read_text(encoding="utf-8"))["document"]


def _same(a: object, b: object) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) < 1e-9
    if isinstance(a, str) and isinstance(b, str):
        return squash(a) == squash(b)
    return a == b


def _compare_value(tv: dict | None, gv: dict | None, where: str, s: RealScore) -> None:
    if tv is None and gv is None:
        return
    if tv is None or gv is None:
        s.value_n += 1
        s.misses.append(f"{where}: expected {tv and tv['raw']!r}, got {gv and gv['raw']!r}")
        return
    for f in VALUE_FIELDS:
        s.value_n += 1
        if _same(tv.get(f), gv.get(f)):
            s.value_ok += 1
        else:
            s.misses.append(f"{where}.{f}: expected {tv.get(f)!r}, got {gv.get(f)!r} (raw {tv['raw']!r})")


def score_rows(truth_rows: list[dict], got_rows: list[dict], key=row_key) -> RealScore:
    s = RealScore()
    truth = Counter(key(r) for r in truth_rows)
    got = Counter(key(r) for r in got_rows)
    s.tp = sum((truth & got).values())
    s.fp = sum((got - truth).values())
    s.fn = sum((truth - got).values())
    s.misses += [f"row missing: {'/'.join(k)}" for k in (truth - got)]
    s.misses += [f"row not in truth: {'/'.join(k)}" for k in (got - truth)]
    pool: dict[tuple, list[dict]] = {}
    for g in got_rows:
        pool.setdefault(key(g), []).append(g)
    for r in truth_rows:
        matches = pool.get(key(r))
        if not matches:
            continue
        g = matches.pop(0)
        where = f"row {'/'.join(key(r))[:60]}"
        _compare_value(r["value"], g["value"], where + " value", s)
        if r.get("period_value") is not None or g.get("period_value") is not None:
            _compare_value(r.get("period_value"), g.get("period_value"), where + " period_value", s)
        s.value_n += 1
        if _same(r.get("weight"), g.get("weight")):
            s.value_ok += 1
        else:
            s.misses.append(f"{where}.weight: expected {r.get('weight')!r}, got {g.get('weight')!r}")
    return s


def _align(truth_tables: list[dict], got_tables: list[dict], key) -> list[dict | None]:
    """For each truth table, the extracted table sharing most of its rows (else its project name)."""
    used: set[int] = set()
    out: list[dict | None] = []
    for t in truth_tables:
        keys = Counter(key(r) for r in t["indicators"])
        best, best_n = None, 0
        for i, g in enumerate(got_tables):
            if i in used:
                continue
            n = sum((keys & Counter(key(r) for r in g["indicators"])).values())
            if t["project_name"] and squash(t["project_name"]) == squash(g.get("project_name")):
                n += 0.5
            if n > best_n:
                best, best_n = i, n
        if best is not None:
            used.add(best)
        out.append(got_tables[best] if best is not None else None)
    return out


def score_document(truth: dict, got: dict, scanned: bool = False) -> RealScore:
    key = scan_row_key if scanned else row_key
    s = score_rows(
        [i for t in truth["tables"] for i in t["indicators"]], [i for t in got["tables"] for i in t["indicators"]], key
    )
    for n, (t, g) in enumerate(zip(truth["tables"], _align(truth["tables"], got["tables"], key), strict=True)):
        name = f"table {n} ({t.get('project_name') or t.get('title')})"
        if g is None:
            s.header_n += len(HEADER_FIELDS) + len(BUDGET_FIELDS)
            s.misses.append(f"{name}: not found")
            continue
        for f in HEADER_FIELDS:
            s.header_n += 1
            if _same(t.get(f), g.get(f)):
                s.header_ok += 1
            else:
                s.misses.append(f"{name}.{f}: expected {t.get(f)!r}, got {g.get(f)!r}")
        tb, gb = t.get("budget") or {}, g.get("budget") or {}
        for f in BUDGET_FIELDS:
            s.header_n += 1
            if _same(tb.get(f), gb.get(f)):
                s.header_ok += 1
            else:
                s.misses.append(f"{name}.budget.{f}: expected {tb.get(f)!r}, got {gb.get(f)!r}")
    return s


def evaluate(only: str | None = None) -> dict[str, RealScore]:
    from budget_perf.errors import ExtractionError
    from budget_perf.pipeline import convert

    out: dict[str, RealScore] = {}
    for path in truth_files():
        if only and only not in path.name:
            continue
        truth = json.loads(path.read_text(encoding="utf-8"))
        try:
            doc = json.loads(convert(document_for(path)).model_dump_json())
        except ExtractionError as e:  # counted as every row and field missed
            doc = {"tables": [], "source": {"ocr": False}}
            print(f"{path.name}: {e}", file=sys.stderr)
        out[path.name.removesuffix(".truth.json")] = score_document(truth, doc, doc["source"]["ocr"])
    return out


def _summary(s: RealScore) -> dict:
    return {"rows_truth": s.tp + s.fn, "f1": round(s.f1, 4), "values": round(s.values, 4), "header": round(s.header, 4)}


def real_bench() -> dict:
    """The benchmark section: every real document against its hand-checked truth."""
    scores = evaluate()
    total = RealScore()
    for s in scores.values():
        total.add(s)
    return {"documents": {name: _summary(s) for name, s in scores.items()}, "all": _summary(total)}


def render(result: dict) -> list[str]:
    lines = [
        "| real document (hand-checked truth) | rows | rows F1 | values | header fields |",
        "|---|---|---|---|---|",
    ]
    for name, v in [*result["documents"].items(), ("**all**", result["all"])]:
        lines.append(f"| {name} | {v['rows_truth']} | {v['f1']:.3f} | {v['values']:.3f} | {v['header']:.3f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("only", nargs="?", help="a part of one truth file's name")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    scores = evaluate(args.only)
    total = RealScore()
    for s in scores.values():
        total.add(s)
    print("\n".join(render({"documents": {n: _summary(s) for n, s in scores.items()}, "all": _summary(total)})))
    if args.verbose:
        for name, s in scores.items():
            print(f"\n## {name}")
            print("\n".join(s.misses))


if __name__ == "__main__":
    main()
