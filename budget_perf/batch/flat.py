"""One row per indicator for spreadsheets and data tools: jsonl, csv (UTF-8 with BOM), xlsx, parquet.

Rows are streamed from the per-document JSON files, never the whole batch in memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from budget_perf.batch import manifest
from budget_perf.batch.worker import write_atomically

COLUMNS = [
    "source_path", "sha256", "format", "table_index", "kind", "title", "unit_code", "unit_name", "project_name",
    "project_code", "budget_total", "budget_fiscal", "budget_other", "currency_unit", "year", "row_index",
    "level1", "level2", "level3", "description", "value_raw", "operator", "number", "number_max", "unit",
    "value_text", "deadline", "basis", "page", "confidence", "nature", "measure_unit", "attribute", "scoring",
    "actual_raw", "weight", "score",
]  # fmt: skip
FORMATS = ("json", "jsonl", "csv", "xlsx", "parquet")


def rows(outdir: Path) -> Iterator[dict]:
    seen: set[str] = set()
    # In input-path order, not completion order: the same batch gives the same file, locally or
    # on a cluster, with any number of workers.
    for entry in sorted(manifest.done(outdir).values(), key=lambda e: e.get("path", "")):
        if entry["sha256"] in seen:
            continue
        seen.add(entry["sha256"])
        doc = json.loads((outdir / entry["output"]).read_text(encoding="utf-8"))
        for t_index, table in enumerate(doc["tables"]):
            budget = table.get("budget") or {}
            for r_index, ind in enumerate(table["indicators"]):
                value, actual = ind["value"], ind.get("actual") or {}
                yield {
                    "source_path": doc["source"]["path"], "sha256": doc["source"]["sha256"],
                    "format": doc["source"]["format"], "table_index": t_index, "kind": table["kind"],
                    "title": table["title"], "unit_code": table["unit_code"], "unit_name": table["unit_name"],
                    "project_name": table["project_name"], "project_code": table["project_code"],
                    "budget_total": budget.get("total"), "budget_fiscal": budget.get("fiscal"),
                    "budget_other": budget.get("other"), "currency_unit": budget.get("currency_unit"),
                    "year": table.get("year"), "row_index": r_index, "level1": ind["level1"],
                    "level2": ind["level2"], "level3": ind["level3"], "description": ind["description"],
                    "value_raw": value["raw"], "operator": value["operator"], "number": value["number"],
                    "number_max": value["number_max"], "unit": value["unit"], "value_text": value["text"],
                    "deadline": value["deadline"], "basis": ind["basis"], "page": ind["page"],
                    "confidence": ind["confidence"], "nature": ind.get("nature"),
                    "measure_unit": ind.get("measure_unit"), "attribute": ind.get("attribute"),
                    "scoring": ind.get("scoring"), "actual_raw": actual.get("raw"), "weight": ind.get("weight"),
                    "score": ind.get("score"),
                }  # fmt: skip


def export(outdir: Path, fmt: str) -> Path | None:
    """Write OUTDIR/indicators.<fmt> (nothing for 'json', whose files are the per-document ones)."""
    if fmt == "json":
        return None
    target = outdir / f"indicators.{fmt}"
    tmp = target.with_name(f".{target.name}.tmp")
    {"jsonl": _jsonl, "csv": _csv, "xlsx": _xlsx, "parquet": _parquet}[fmt](outdir, tmp)
    tmp.replace(target)
    return target


def _jsonl(outdir: Path, tmp: Path) -> None:
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows(outdir):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _csv(outdir: Path, tmp: Path) -> None:
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:  # the BOM makes Excel read UTF-8
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows(outdir))


def _xlsx(outdir: Path, tmp: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("indicators")
    ws.append(COLUMNS)
    for row in rows(outdir):
        ws.append([row[c] for c in COLUMNS])
    wb.save(tmp)


def _parquet(outdir: Path, tmp: Path, chunk: int = 5000) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            (
                c,
                pa.float64()
                if c
                in {
                    "budget_total",
                    "budget_fiscal",
                    "budget_other",
                    "number",
                    "number_max",
                    "confidence",
                    "weight",
                    "score",
                }
                else pa.int64()
                if c in {"table_index", "row_index", "year", "page"}
                else pa.string(),
            )
            for c in COLUMNS
        ]
    )
    with pq.ParquetWriter(tmp, schema) as writer:
        buf: list[dict] = []
        for row in rows(outdir):
            buf.append(row)
            if len(buf) >= chunk:
                writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                buf = []
        writer.write_table(pa.Table.from_pylist(buf, schema=schema))


__all__ = ["FORMATS", "export", "rows", "write_atomically"]
