"""Web pages (samples/generators/html.py) read back: rows, values and header fields against the
generator's truth, per rendering and encoding, on seeds drawn fresh for every run (so nothing
was tuned on them); whether a form's web pages give the rows its PDF gives; and the reading
speed of positioned pages."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from bench.metrics import Score, row_key, score_document
from bench.seeds import describe, fresh
from samples.generators import forms
from samples.generators.html import ENCODINGS, STYLES, write

N_FORMS = 40
HEADER_EXTRA = ("title", "goals", "year")
VALUE = ("operator", "number", "unit", "deadline")


def _rows(doc: dict) -> list[tuple]:
    return [(*row_key(i), *(i["value"][k] for k in VALUE)) for t in doc["tables"] for i in t["indicators"]]


def _convert(path: Path, failures: list[str], label: str) -> dict:
    from budget_perf.pipeline import convert

    try:
        return json.loads(convert(path).model_dump_json())
    except Exception as e:  # counted as every row missed
        failures.append(f"{label}: {type(e).__name__}: {e}")
        return {"tables": [], "source": {"pages": 0}}


def web_page_bench(n: int = N_FORMS) -> dict:
    seeds = fresh(n)
    kinds = [(style, encoding) for style in STYLES for encoding in ENCODINGS]
    scores = {k: Score() for k in kinds}
    extra = {k: [0, 0] for k in kinds}
    seconds = {k: 0.0 for k in kinds}
    pages = {k: 0 for k in kinds}
    same = {style: 0 for style in STYLES}
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for seed in seeds:
            truth = json.loads(json.dumps(forms.make(seed).truth))
            pdf_rows = _rows(_convert(forms.write(seed, out, ("pdf",))["pdf"], failures, f"{seed}.pdf"))
            for style, encoding in kinds:
                path = write(seed, out, style, encoding, mhtml=seed % 4 == 0)
                t0 = time.perf_counter()
                doc = _convert(path, failures, f"{seed}.{style}.{encoding}")
                seconds[style, encoding] += time.perf_counter() - t0
                pages[style, encoding] += doc["source"]["pages"] or 0
                s = score_document(truth, doc, truth)
                scores[style, encoding].add(s)
                got = doc["tables"][0] if doc["tables"] else {}
                for key in HEADER_EXTRA:
                    extra[style, encoding][1] += 1
                    extra[style, encoding][0] += truth["tables"][0][key] == got.get(key)
                if s.fn or s.fp or s.value_ok < s.value_n:
                    failures.append(f"{seed}.{style}.{encoding}: {s.misses[:2]}")
                if encoding == "utf-8":
                    same[style] += _rows(doc) == pdf_rows
    return {
        "seeds": describe(seeds, True),
        "per_kind": {
            f"{style} {encoding}": {
                "rows_truth": s.tp + s.fn,
                "f1": round(s.f1, 4),
                "value_accuracy": round(s.value_accuracy, 4),
                "header_accuracy": round(
                    (s.header_ok + extra[style, encoding][0]) / max(1, s.header_n + extra[style, encoding][1]), 4
                ),
                "docs_per_s": round(n / seconds[style, encoding], 1),
                "pages": pages[style, encoding],
            }
            for (style, encoding), s in scores.items()
        },
        "same_rows_as_pdf": {style: f"{same[style]}/{n}" for style in STYLES},
        "documents_failing": len({f.split(":")[0] for f in failures}),  # totals only: the seeds are held out
    }


def render(result: dict) -> list[str]:
    lines = [
        f"| web pages, fresh seeds {result['seeds']} | rows (truth) | F1 | value acc. | header acc. | docs/s |",
        "|---|---|---|---|---|---|",
    ]
    for kind, v in result["per_kind"].items():
        lines.append(
            f"| {kind} | {v['rows_truth']} | {v['f1']:.3f} | {v['value_accuracy']:.3f} | {v['header_accuracy']:.3f} "
            f"| {v['docs_per_s']} |"
        )
    same = ", ".join(f"{style} {v}" for style, v in result["same_rows_as_pdf"].items())
    lines += [
        "",
        f"Forms whose UTF-8 web page gives exactly the rows (levels, target, parsed value) of its PDF: {same}",
    ]
    return lines
