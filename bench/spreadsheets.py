"""Spreadsheets: the reader end to end (sheets/s, rows right against the hand-checked goldens)
and the libraries it could be built on, side by side on the same workbooks."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from bench.metrics import Score, score_document

ROOT = Path(__file__).resolve().parent.parent
WORKBOOKS = sorted((ROOT / "samples" / "spreadsheets").glob("*.xlsx"))
REPEATS = 3


def _timed(fn) -> tuple[float, object]:
    runs = []
    result = None
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), result


def _pipeline() -> dict:
    from budget_perf.pipeline import convert

    convert(WORKBOOKS[0])  # imports out of the timing
    seconds, docs = _timed(lambda: [json.loads(convert(p).model_dump_json()) for p in WORKBOOKS])
    sheets = sum(len({t["sheet"] for t in d["tables"]}) for d in docs)
    score = Score()
    for path, doc in zip(WORKBOOKS, docs, strict=True):
        truth = json.loads(path.with_name(path.name + ".golden.json").read_text(encoding="utf-8"))
        score.add(score_document(truth, doc, truth))
    return {
        "workbooks": len(WORKBOOKS),
        "sheets": sheets,
        "seconds_median": round(seconds, 3),
        "sheets_per_s": round(sheets / seconds, 1),
        "rows_truth": score.tp + score.fn,
        "rows_right": score.tp,
        "f1": round(score.f1, 4),
        "value_accuracy": round(score.value_accuracy, 4),
        "header_accuracy": round(score.header_accuracy, 4),
    }


def _libraries() -> dict:
    """Reading every sheet's values and merged ranges, nothing else."""
    import openpyxl
    import python_calamine

    def calamine() -> int:
        n = 0
        for p in WORKBOOKS:
            book = python_calamine.CalamineWorkbook.from_path(str(p))
            for name in book.sheet_names:
                sheet = book.get_sheet_by_name(name)
                sheet.to_python()
                _ = sheet.merged_cell_ranges
                n += 1
        return n

    def openpyxl_full() -> int:
        n = 0
        for p in WORKBOOKS:
            book = openpyxl.load_workbook(p, data_only=True)
            for ws in book.worksheets:
                list(ws.iter_rows(values_only=True))
                _ = ws.merged_cells.ranges
                n += 1
        return n

    out = {}
    for name, fn in (
        ("python-calamine (values + merged ranges)", calamine),
        ("openpyxl (values + merged ranges)", openpyxl_full),
    ):
        seconds, sheets = _timed(fn)
        out[name] = {"sheets_per_s": round(sheets / seconds, 1), "seconds_median": round(seconds, 3)}
    return out


def spreadsheet_bench() -> dict:
    return {"pipeline": _pipeline(), "libraries": _libraries()}


def render(result: dict) -> list[str]:
    p = result["pipeline"]
    lines = [
        "| spreadsheets (samples/spreadsheets, median of 3) | sheets | sheets/s | rows right | F1 | value acc. "
        "| header acc. |",
        "|---|---|---|---|---|---|---|",
        f"| this tool, end to end | {p['sheets']} | {p['sheets_per_s']} | {p['rows_right']}/{p['rows_truth']} | "
        f"{p['f1']:.3f} | {p['value_accuracy']:.3f} | {p['header_accuracy']:.3f} |",
    ]
    lines += ["", "| reading the same workbooks with | sheets/s |", "|---|---|"]
    lines += [f"| {name} | {v['sheets_per_s']} |" for name, v in result["libraries"].items()]
    return lines
