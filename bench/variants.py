"""Form variants (samples/generators/forms.py) read back per format: rows, values and headers
against the generator's truth, on the seeds developed against and on seeds drawn afresh for this
run (bench/seeds.py), reported as totals only."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.metrics import Score, score_document
from bench.seeds import describe, fresh
from samples.generators.forms import DEV_SEEDS, RENDERERS, truth_for, write

N_UNSEEN = 30

HEADER_EXTRA = ("title", "goals", "year")


def evaluate(seeds: range | list[int], formats: tuple[str, ...] = tuple(RENDERERS), unseen: bool = False) -> dict:
    """Scores per format; the failures seed by seed only for development seeds."""
    from budget_perf.pipeline import convert

    scores = {fmt: Score() for fmt in formats}
    extra = {fmt: [0, 0] for fmt in formats}  # title, goals and year right / compared
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            paths = write(seed, Path(tmp), formats)
            printed = json.loads((Path(tmp) / f"form_{seed}.truth.json").read_text(encoding="utf-8"))
            for fmt, path in paths.items():
                truth = truth_for(printed, fmt)  # a workbook holds no prose target sections
                try:
                    doc = json.loads(convert(path).model_dump_json())
                except Exception as e:  # counted as every row missed
                    doc = {"tables": []}
                    failures.append(f"{seed}.{fmt}: {type(e).__name__}: {e}")
                s = score_document(truth, doc, truth)
                scores[fmt].add(s)
                got = doc["tables"][0] if doc["tables"] else {}
                for key in HEADER_EXTRA:
                    extra[fmt][1] += 1
                    extra[fmt][0] += truth["tables"][0][key] == got.get(key)
                if s.fn or s.fp or s.value_ok < s.value_n:
                    failures.append(f"{seed}.{fmt}: {s.misses[:2]} traits={truth['traits']}")
    out = {
        "seeds": describe(seeds, unseen),
        "forms": len(seeds),
        "per_format": {
            fmt: {
                "rows_truth": s.tp + s.fn,
                "f1": round(s.f1, 4),
                "value_accuracy": round(s.value_accuracy, 4),
                "header_accuracy": round((s.header_ok + extra[fmt][0]) / max(1, s.header_n + extra[fmt][1]), 4),
            }
            for fmt, s in scores.items()
        },
    }
    if unseen:
        out["documents_failing"] = len({f.split(":")[0] for f in failures})
    else:
        out["failures"] = failures[:20]
    return out


def variant_bench() -> dict:
    return {"dev": evaluate(DEV_SEEDS), "unseen": evaluate(fresh(N_UNSEEN), unseen=True)}


def render(result: dict) -> list[str]:
    lines = [
        "| form variants | format | rows (truth) | F1 | value acc. | header acc. |",
        "|---|---|---|---|---|---|",
    ]
    for split in ("dev", "unseen"):
        r = result[split]
        for fmt, v in r["per_format"].items():
            lines.append(
                f"| {split} seeds {r['seeds']} | {fmt} | {v['rows_truth']} | {v['f1']:.3f} | "
                f"{v['value_accuracy']:.3f} | {v['header_accuracy']:.3f} |"
            )
    return lines
