"""`cli.py load OUTDIR --db URL`: idempotent (same sha256 replaces, never duplicates) and
transactional per document."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, delete, insert, select
from sqlalchemy.engine import Connection, Engine

from budget_perf.batch import manifest
from budget_perf.db.schema import documents, indicators, issues, metadata, tables
from budget_perf.db.url import resolve


@dataclass
class LoadStats:
    documents: int = 0
    tables: int = 0
    indicators: int = 0
    issues: int = 0


def engine_for(url: str) -> Engine:
    """`url` as `--db` takes it (a plain path is SQLite; postgresql:// uses psycopg 3)."""
    engine = create_engine(resolve(url), hide_parameters=True)
    metadata.create_all(engine)
    return engine


def load(outdir: Path, url: str) -> LoadStats:
    engine = engine_for(url)
    stats = LoadStats()
    try:
        for entry in manifest.done(outdir).values():
            doc = json.loads((outdir / entry["output"]).read_text(encoding="utf-8"))
            with engine.begin() as conn:  # one transaction per document
                _replace(conn, doc, stats)
    finally:
        engine.dispose()
    return stats


def _replace(conn: Connection, doc: dict, stats: LoadStats) -> None:
    src = doc["source"]
    old = conn.execute(select(documents.c.id).where(documents.c.sha256 == src["sha256"])).scalar()
    if old is not None:
        # Children first: SQLite enforces ON DELETE CASCADE only with a pragma; do not rely on it.
        old_tables = select(tables.c.id).where(tables.c.document_id == old).scalar_subquery()
        conn.execute(delete(indicators).where(indicators.c.table_id.in_(old_tables)))
        conn.execute(delete(tables).where(tables.c.document_id == old))
        conn.execute(delete(issues).where(issues.c.document_id == old))
        conn.execute(delete(documents).where(documents.c.id == old))
    doc_id = conn.execute(
        insert(documents).values(
            sha256=src["sha256"],
            path=src["path"],
            format=src["format"],
            pages=src["pages"],
            ocr=src["ocr"],
            schema_version=doc["schema_version"],
        )
    ).inserted_primary_key[0]
    for t_index, t in enumerate(doc["tables"]):
        budget = t.get("budget") or {}
        table_id = conn.execute(
            insert(tables).values(
                document_id=doc_id,
                table_index=t_index,
                kind=t["kind"],
                title=t["title"],
                unit_code=t["unit_code"],
                unit_name=t["unit_name"],
                project_name=t["project_name"],
                project_code=t["project_code"],
                budget_total=budget.get("total"),
                budget_fiscal=budget.get("fiscal"),
                budget_other=budget.get("other"),
                currency_unit=budget.get("currency_unit"),
                year=t.get("year"),
                fund_use=t.get("fund_use"),
                goals="\n".join(t["goals"]),
                pages=",".join(map(str, t["pages"])),
            )
        ).inserted_primary_key[0]
        rows = [_indicator_row(table_id, i, ind) for i, ind in enumerate(t["indicators"])]
        if rows:
            conn.execute(insert(indicators), rows)
        stats.tables += 1
        stats.indicators += len(rows)
    found = [
        {
            "document_id": doc_id,
            "severity": i["severity"],
            "code": i["code"],
            "message": i["message"],
            "page": i["page"],
            "table_index": i["table"],
        }
        for i in doc["issues"]
    ]
    if found:
        conn.execute(insert(issues), found)
    stats.issues += len(found)
    stats.documents += 1


def _indicator_row(table_id: int, index: int, ind: dict) -> dict:
    value, actual = ind["value"], ind.get("actual") or {}
    return {
        "table_id": table_id, "row_index": index, "level1": ind["level1"], "level2": ind["level2"],
        "level3": ind["level3"], "description": ind["description"], "value_raw": value["raw"],
        "operator": value["operator"], "number": value["number"], "number_max": value["number_max"],
        "unit": value["unit"], "value_text": value["text"],
        "deadline": date.fromisoformat(value["deadline"]) if value["deadline"] else None,
        "basis": ind["basis"], "page": ind["page"], "confidence": ind["confidence"],
        "actual_raw": actual.get("raw"), "weight": ind.get("weight"), "score": ind.get("score"),
    }  # fmt: skip
