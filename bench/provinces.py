"""Other provinces' forms (samples/generators/provinces.py: operator and unit columns, two targets,
forms without levels, extra columns, multi-project tables over page breaks, title-only names,
上年结转 and ①+②=③ money blocks, records in a cell, repeated page headers, two- and three-row
headers, self-evaluations closed by 总分 and grade rows, department forms with 年度主要任务,
spreadsheet exports with numbers and hidden parts, nested DOCX tables) read back in PDF, DOCX
and XLSX: rows F1, values (target, period target, weight) and header fields (kind, unit, project,
code, every money field), scored as the real documents are (bench/real.py), table by table.

Development seeds are fixed and their failures listed; the held-out seeds are drawn afresh at
every run (bench/seeds.py) and reported as totals only.

    python -m bench.provinces            # dev seeds, failures listed
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.real import RealScore, score_document
from bench.seeds import describe, fresh
from samples.generators.provinces import CLASSES, DEV_SEEDS, write

N_UNSEEN = 60  # about five forms of each class
FORMATS = ("pdf", "docx", "xlsx")


def _summary(s: RealScore) -> dict:
    return {"rows_truth": s.tp + s.fn, "f1": round(s.f1, 4), "values": round(s.values, 4), "header": round(s.header, 4)}


def evaluate(seeds: range | list[int], formats: tuple[str, ...] = FORMATS, unseen: bool = False) -> dict:
    from budget_perf.pipeline import convert

    per_format = {fmt: RealScore() for fmt in formats}
    per_class = {cls: RealScore() for cls in CLASSES}
    failures: list[str] = []
    failing = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            paths = write(seed, Path(tmp), formats)
            truth = json.loads((Path(tmp) / f"province_{seed}.truth.json").read_text(encoding="utf-8"))
            cls = next(t for t in truth["traits"] if t in CLASSES)
            for fmt, path in paths.items():
                try:
                    doc = json.loads(convert(path).model_dump_json())
                except Exception as e:  # counted as every row and field missed
                    doc = {"tables": []}
                    failures.append(f"{seed}.{fmt}: {type(e).__name__}: {e}")
                s = score_document(truth, doc)
                s.misses = s.misses[:3]
                per_format[fmt].add(s)
                per_class[cls].add(s)
                if s.fn or s.fp or s.value_ok < s.value_n or s.header_ok < s.header_n:
                    failing += 1
                    failures.append(f"{seed}.{fmt} ({cls}): {s.misses[:2]}")
    out = {
        "seeds": describe(seeds, unseen),
        "forms": len(seeds),
        "documents_failing": failing,
        "per_format": {fmt: _summary(s) for fmt, s in per_format.items()},
        "per_class": {cls: _summary(s) for cls, s in per_class.items() if s.tp + s.fn + s.header_n},
    }
    if not unseen:
        out["failures"] = failures[:30]
    return out


def province_bench() -> dict:
    return {"dev": evaluate(DEV_SEEDS), "unseen": evaluate(fresh(N_UNSEEN), unseen=True)}


def render(result: dict) -> list[str]:
    lines = [
        "| province forms | format | rows (truth) | rows F1 | values | header fields |",
        "|---|---|---|---|---|---|",
    ]
    for split in ("dev", "unseen"):
        r = result[split]
        for fmt, v in r["per_format"].items():
            lines.append(
                f"| {split} seeds {r['seeds']} | {fmt} | {v['rows_truth']} | {v['f1']:.3f} | {v['values']:.3f} "
                f"| {v['header']:.3f} |"
            )
    lines += ["", "| province class (all formats) | dev F1 / values / header | unseen F1 / values / header |",
              "|---|---|---|"]  # fmt: skip
    for cls in CLASSES:
        cells = []
        for split in ("dev", "unseen"):
            v = result[split]["per_class"].get(cls)
            cells.append(f"{v['f1']:.3f} / {v['values']:.3f} / {v['header']:.3f}" if v else "–")
        lines.append(f"| {cls} | {cells[0]} | {cells[1]} |")
    return lines


if __name__ == "__main__":
    print(json.dumps(evaluate(DEV_SEEDS), ensure_ascii=False, indent=1))
