"""Scans the OCR path has never seen: generated forms through the scan simulator
(samples/generators/scans.py), rows F1, value accuracy, tables lost without a warning and
seconds per page for each condition, on seeds developed against and on seeds drawn afresh for this run (totals only).
Also the calibration of `confidence`: indicator rows binned by confidence, the fraction right."""

from __future__ import annotations

import json
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from bench.metrics import Score, scan_row_key, score_document
from bench.seeds import describe, fresh
from samples.generators.scans import CONDITIONS, DEV_SEEDS, write

N_UNSEEN = 8

BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01)
LOSS_CODES = ("ocr_table_unread", "ocr_rows_merged", "table_unrecognised")


def _lost_silently(truth: dict, doc: dict) -> int:
    """Truth tables with no extracted table while the document says nothing at warning level."""
    lost = max(0, len(truth["tables"]) - len(doc["tables"]))
    warned = any(i["severity"] in ("warning", "error") for i in doc.get("issues", []))
    return 0 if warned else lost


def evaluate(
    seeds: range | tuple | list[int],
    conditions: tuple[str, ...] = tuple(CONDITIONS),
    unseen: bool = False,
    traits: tuple[str, ...] | None = None,
) -> dict:
    """Scores per condition; the failures seed by seed only for development seeds. `traits`: the
    generator's later traits forced on every form (forms.LATER_TRAITS; None: as each seed draws)."""
    from budget_perf.pipeline import convert

    per: dict[str, dict] = {}
    calibration = [[0, 0] for _ in BINS[:-1]]  # right, all
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for cond in conditions:
            score, lost, seconds, pages = Score(), 0, 0.0, 0
            for seed in seeds:
                path, truth = write(seed, cond, Path(tmp) / f"{seed}_{cond}", traits)
                t0 = time.perf_counter()
                try:
                    doc = json.loads(convert(path).model_dump_json())
                except Exception as e:  # every row missed
                    doc = {"tables": [], "issues": [], "source": {"pages": 0}}
                    failures.append(f"{seed}.{cond}: {type(e).__name__}: {e}")
                seconds += time.perf_counter() - t0
                pages += doc["source"]["pages"] or 0
                s = score_document(truth, doc, truth, scan_row_key)
                score.add(s)
                lost += _lost_silently(truth, doc)
                _calibrate(truth, doc, calibration)
                if s.fn or s.fp:
                    failures.append(f"{seed}.{cond}: {s.misses[:3]}")
            per[cond] = {
                "rows_truth": score.tp + score.fn,
                "f1": round(score.f1, 4),
                "value_accuracy": round(score.value_accuracy, 4),
                "lost_silently": lost,
                "s_per_page": round(seconds / max(pages, 1), 3),
            }
    out = {
        "seeds": describe(seeds, unseen),
        "per_condition": per,
        "calibration": [
            {"confidence": f"{lo:.2f}-{min(hi, 1.0):.2f}", "rows": n, "right": round(r / n, 3) if n else None}
            for (lo, hi), (r, n) in zip(pairwise(BINS), calibration, strict=True)
        ],
    }
    if unseen:
        out["documents_failing"] = len({f.split(":")[0] for f in failures})
    else:
        out["failures"] = failures[:40]
    return out


def _calibrate(truth: dict, doc: dict, bins: list[list[int]]) -> None:
    """Each extracted row counts as right when a truth row has the same levels and raw value."""
    keys: dict[tuple, int] = {}
    for t in truth["tables"]:
        for ind in t["indicators"]:
            keys[scan_row_key(ind)] = keys.get(scan_row_key(ind), 0) + 1
    for t in doc["tables"]:
        for ind in t["indicators"]:
            c = ind.get("confidence")
            if c is None:
                continue
            k = scan_row_key(ind)
            right = keys.get(k, 0) > 0
            if right:
                keys[k] -= 1
            for b, (lo, hi) in enumerate(pairwise(BINS)):
                if lo <= c < hi:
                    bins[b][0] += right
                    bins[b][1] += 1


def scan_condition_bench() -> dict:
    return {"dev": evaluate(DEV_SEEDS), "unseen": evaluate(fresh(N_UNSEEN), unseen=True)}


def render(result: dict) -> list[str]:
    lines = [
        "| scans never tuned on | condition | rows (truth) | F1 | value acc. | lost silently | s/page |",
        "|---|---|---|---|---|---|---|",
    ]
    for split in ("dev", "unseen"):
        r = result[split]
        for cond, v in r["per_condition"].items():
            lines.append(
                f"| {split} seeds {r['seeds']} | {cond} | {v['rows_truth']} | {v['f1']:.3f} | "
                f"{v['value_accuracy']:.3f} | {v['lost_silently']} | {v['s_per_page']} |"
            )
    lines += ["", "| confidence (unseen scans) | rows | fraction right |", "|---|---|---|"]
    for b in result["unseen"]["calibration"]:
        right = "–" if b["right"] is None else f"{b['right']:.3f}"
        lines.append(f"| {b['confidence']} | {b['rows']} | {right} |")
    return lines


if __name__ == "__main__":
    import sys

    # python -m bench.scan_conditions FIRST END [CONDITIONS [TRAITS]]: TRAITS forced, e.g. 1000 1010
    # 200dpi sideways_level1 (the later traits are developed against forms.TRAIT_SEEDS)
    seeds = range(int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else DEV_SEEDS
    conds = tuple(sys.argv[3].split(",")) if len(sys.argv) > 3 else tuple(CONDITIONS)
    forced = tuple(sys.argv[4].split(",")) if len(sys.argv) > 4 else None
    print(json.dumps(evaluate(seeds, conds, traits=forced), ensure_ascii=False, indent=1))
