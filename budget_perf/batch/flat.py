"""OUTDIR/indicators.{jsonl,csv,xlsx,parquet}: the flat row of `schemas.flat`, one per indicator of
every current document of the batch (a resubmitted file's older version is not among them).

Rows are streamed from the per-document JSON files, never the whole batch in memory. Money is
exact everywhere: decimal text in CSV, decimal128 in Parquet, the printed figure in XLSX. A
reviewer's corrections (OUTDIR/review.sqlite) are applied to the documents as they are read, so
writing the files again after a review (`review OUTDIR --export`, or `extract … --format`) gives
the corrected values, with the `corrected`, `reviewed_by` and `reviewed_at` columns."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from budget_perf.batch import manifest
from budget_perf.corrections.apply import Reviews
from schemas import flat
from schemas.flat import COLUMNS, NAMES


def documents(outdir: Path) -> Iterator[dict]:
    """Every current document's JSON once, in input-path order (not completion order: the same
    batch gives the same file, locally or on a cluster, with any number of workers), with the
    batch's review applied."""
    reviews = Reviews.of_batch(outdir)
    for entry in sorted(manifest.done(outdir).values(), key=lambda e: e.get("path", "")):
        yield reviews.corrected(json.loads((outdir / entry["output"]).read_text(encoding="utf-8")))


def rows(outdir: Path) -> Iterator[dict]:
    for doc in documents(outdir):
        yield from flat.rows(doc)


def export(outdir: Path, fmt: str, headers: str = "zh") -> Path | None:
    """Write OUTDIR/indicators.<fmt> (nothing for 'json', whose files are the per-document ones)."""
    if fmt == "json":
        return None
    target = outdir / f"indicators.{fmt}"
    tmp = target.with_name(f".{target.name}.tmp")
    if fmt == "xlsx":
        _xlsx(outdir, tmp, headers)
    else:
        {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[fmt](outdir, tmp)
    tmp.replace(target)
    return target


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)  # JSON has one number type; the shortest repr is the printed figure
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    return value


def _jsonl(outdir: Path, tmp: Path) -> None:
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows(outdir):
            fh.write(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n")


def _csv(outdir: Path, tmp: Path) -> None:
    # Codes such as "003" are written as they are; read them back as text with
    # `dtype=schemas.flat.csv_dtypes()` (docs/output.md), since pandas guesses numbers otherwise.
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:  # the BOM makes Excel read UTF-8
        writer = csv.DictWriter(fh, fieldnames=NAMES)
        writer.writeheader()
        writer.writerows(rows(outdir))  # Decimal and date print as "1205000.00", "2025-12-31"


_XLSX_FORMATS = {"money": "#,##0.00####", "yuan": "#,##0.00", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm:ss"}
_XLSX_WIDTHS = {"text": 24, "code": 22, "list": 30, "int": 8, "float": 10, "bool": 8, "date": 12, "datetime": 20,
                "money": 14, "yuan": 16, "json": 30}  # fmt: skip
_XLSX_WIDE = {"source_path": 40, "title": 36, "project_name": 36, "level3": 28, "description": 40, "goals": 50,
              "scoring": 40, "deviation": 40, "sha256": 20}  # fmt: skip


def _xlsx(outdir: Path, tmp: Path, headers: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("指标" if headers == "zh" else "indicators")
    ws.freeze_panes = "A2"
    for i, c in enumerate(COLUMNS, start=1):
        width = _XLSX_WIDE.get(c.name, max(_XLSX_WIDTHS[c.kind], len(c.label) * 2 + 2 if headers == "zh" else 0))
        ws.column_dimensions[get_column_letter(i)].width = width
    bold = Font(bold=True)
    head = []
    for c in COLUMNS:
        cell = WriteOnlyCell(ws, value=c.label if headers == "zh" else c.name)
        cell.font = bold
        head.append(cell)
    ws.append(head)
    formatted = [(i, _XLSX_FORMATS[c.kind]) for i, c in enumerate(COLUMNS) if c.kind in _XLSX_FORMATS]
    n = 0
    for row in rows(outdir):
        values: list = [row[name] for name in NAMES]  # Decimal -> number cell, date -> date cell
        for i, number_format in formatted:
            if isinstance(values[i], datetime):  # Excel has no time zones: review times are UTC
                values[i] = values[i].replace(tzinfo=None)
            if values[i] is not None:
                cell = WriteOnlyCell(ws, value=values[i])
                cell.number_format = number_format
                values[i] = cell
        ws.append(values)
        n += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{n + 1}"
    wb.save(tmp)


def _parquet_schema():
    import pyarrow as pa

    types = {"text": pa.string(), "code": pa.string(), "list": pa.string(), "int": pa.int64(),
             "float": pa.float64(), "bool": pa.bool_(), "date": pa.date32(), "money": pa.decimal128(38, 6),
             "yuan": pa.decimal128(38, 2), "json": pa.string(), "datetime": pa.timestamp("ms", tz="UTC")}  # fmt: skip
    return pa.schema([pa.field(c.name, types[c.kind], metadata={"label": c.label}) for c in COLUMNS])


def _parquet(outdir: Path, tmp: Path, chunk: int = 5000) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    money = [c.name for c in COLUMNS if c.kind == "money"]
    with pq.ParquetWriter(tmp, schema) as writer:
        buf: list[dict] = []
        for row in rows(outdir):
            for name in money:  # decimal128(38, 6): more places than that cannot be stored as is
                if row[name] is not None:
                    row[name] = row[name].quantize(Decimal("0.000001"))
            buf.append(row)
            if len(buf) >= chunk:
                writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                buf = []
        writer.write_table(pa.Table.from_pylist(buf, schema=schema))
