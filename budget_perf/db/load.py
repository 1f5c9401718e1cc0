"""`cli.py load OUTDIR --db URL`: the batch's current documents into the database.

Reloading keeps every id: rows are upserted on their natural keys (documents by content sha256,
tables by (document, table_index), indicators by (table, row_index), issues by (document, source,
ordinal)) and only rows the new version no longer has are deleted. One transaction per document.
A resubmitted file's older version keeps its `documents` row, pointing at its replacement through
`superseded_by`; its tables, indicators and issues go. QA findings are loaded beside the
extraction's issues (`source` = 'qa'), linked to the table and indicator they are about.

A reviewed batch (OUTDIR/review.sqlite) loads its corrected values, with `corrected`,
`reviewed_by` and `reviewed_at` on tables and indicators and the verdict on documents; QA runs on
the corrected document and leaves out the findings a reviewer dismissed; every review decision goes
to `review_history` (the extraction's value of a corrected cell is kept there)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.schema import Table

from budget_perf.batch import manifest
from budget_perf.corrections.apply import Review, Reviews, chain, finding_field, heads, plain
from budget_perf.db import migrate
from budget_perf.db.connect import connect, exclusive
from budget_perf.db.schema import document_paths, documents, indicators, issues, review_history, tables
from budget_perf.errors import one_line
from schemas import flat


@dataclass
class LoadStats:
    documents: int = 0
    tables: int = 0
    indicators: int = 0
    issues: int = 0
    qa_findings: int = 0
    superseded: int = 0
    corrections: int = 0  # corrections applied
    lost: int = 0  # corrections whose cell the document no longer has
    migrated: tuple[str | None, str | None] = (None, None)  # schema revision before and after

    def describe(self, where: str) -> str:
        """The summary line of `load` (`where`: the database, its password hidden)."""
        before, after = self.migrated
        migrated = f"; schema upgraded from {before} to {after}" if before and before != after else ""
        reviewed = f"; {self.corrections} reviewer corrections ({self.lost} no longer apply)" if (
            self.corrections or self.lost) else ""  # fmt: skip
        return (
            f"loaded {self.documents} documents, {self.tables} tables, {self.indicators} indicators, "
            f"{self.issues} issues, {self.qa_findings} QA findings ({self.superseded} newly superseded) "
            f"into {where}{migrated}{reviewed}"
        )


def load(outdir: Path, url: str, qa_config: dict | None = None, qa: bool = True) -> LoadStats:
    engine = connect(url)
    stats = LoadStats()
    try:
        with exclusive(engine):
            _load(engine, outdir, qa_config, qa, stats)
    finally:
        engine.dispose()
    return stats


def _load(engine: Engine, outdir: Path, qa_config: dict | None, qa: bool, stats: LoadStats) -> None:
    stats.migrated = migrate.upgrade(engine)
    paths: dict[str, list[str]] = defaultdict(list)
    for path, entry in manifest.current(outdir).items():
        paths[entry["sha256"]].append(path)
    reviews = Reviews.of_batch(outdir)
    for entry in manifest.done(outdir).values():
        text = (outdir / entry["output"]).read_text(encoding="utf-8")
        reviewed = reviews.review(json.loads(text))
        with engine.begin() as conn:  # one transaction per document
            _load_document(conn, reviewed, paths[entry["sha256"]], qa_config, qa, stats)
            _load_history(conn, reviewed, reviews.events.get(entry["sha256"], []))
    with engine.begin() as conn:
        for old, new in manifest.superseded(outdir).items():
            stats.superseded += _supersede(conn, old, new)


def _upsert(conn: Connection, table: Table, rows: list[dict], keys: list[str]) -> None:
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table)
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in rows[0] if c not in keys})
    conn.execute(stmt, rows)


def _findings(reviewed: Review, qa_config: dict | None, qa: bool) -> list[dict]:
    """The QA rules' findings on the reviewed document, less those a reviewer dismissed."""
    if not qa:
        return []
    from budget_perf.qa.run import run_rules

    try:
        found = run_rules(plain(reviewed.doc), config=qa_config)
    except Exception as e:  # a rule's bug costs this document's findings, said in its place
        message = one_line(f"QA rules could not run: {type(e).__name__}: {e}")
        return [{"severity": "warning", "code": "qa_not_run", "message": message}]
    dismissed = reviewed.dismissed()
    kept = [i for i in found if (i.table, i.row, finding_field(i.code, i.field)) not in dismissed]
    return [i.model_dump(mode="json") for i in kept]


def _load_document(
    conn: Connection, reviewed: Review, paths: list[str], qa_config: dict | None, qa: bool, stats: LoadStats
) -> None:
    doc = reviewed.doc
    head = flat.values(flat.DOCUMENT_COLUMNS, doc)
    verdict = flat.values(flat.DOCUMENT_REVIEW, doc, stored=True)
    _upsert(conn, documents, [{**head, **verdict, "superseded_by": None}], ["sha256"])
    doc_id = conn.execute(select(documents.c.id).where(documents.c.sha256 == head["sha256"])).scalar_one()
    where = sorted({head["source_path"], *paths})
    _upsert(conn, document_paths, [{"path": p, "document_id": doc_id} for p in where], ["path"])

    doc_tables = doc.get("tables") or []
    rows = [{"document_id": doc_id, **flat.values(flat.TABLE_COLUMNS, t, i),
             **flat.values(flat.TABLE_REVIEW, t, stored=True)} for i, t in enumerate(doc_tables)]  # fmt: skip
    _upsert(conn, tables, rows, ["document_id", "table_index"])
    table_ids = {
        i: tid
        for i, tid in conn.execute(select(tables.c.table_index, tables.c.id).where(tables.c.document_id == doc_id))
    }
    indicator_ids: dict[tuple[int, int], int] = {}
    for t_index, t in enumerate(doc_tables):
        table_id = table_ids[t_index]
        rows = [{"table_id": table_id, **flat.values(flat.INDICATOR_COLUMNS, ind, r),
                 **flat.values(flat.INDICATOR_REVIEW, ind, stored=True)}
                for r, ind in enumerate(t.get("indicators") or [])]  # fmt: skip
        _upsert(conn, indicators, rows, ["table_id", "row_index"])
        ids = conn.execute(select(indicators.c.row_index, indicators.c.id).where(indicators.c.table_id == table_id))
        indicator_ids.update({(t_index, r): i for r, i in ids})
        stats.indicators += len(rows)
    stats.tables += len(doc_tables)

    found = {"extract": doc.get("issues") or [], "qa": _findings(reviewed, qa_config, qa)}
    for source, items in found.items():
        rows = []
        for ordinal, item in enumerate(items):
            t, r = item.get("table"), item.get("row")
            rows.append({
                "document_id": doc_id, "source": source, "ordinal": ordinal,
                "table_id": table_ids.get(t), "indicator_id": indicator_ids.get((t, r)),
                **flat.values(flat.ISSUE_COLUMNS, item),
            })  # fmt: skip
        _upsert(conn, issues, rows, ["document_id", "source", "ordinal"])
        conn.execute(
            delete(issues).where(
                issues.c.document_id == doc_id, issues.c.source == source, issues.c.ordinal >= len(rows)
            )
        )
    stats.issues += len(found["extract"])
    stats.qa_findings += len(found["qa"])
    _drop_rows_no_longer_there(conn, doc_id, doc_tables, table_ids)
    stats.documents += 1
    stats.corrections += len(reviewed.corrections)
    stats.lost += len(reviewed.lost)


def _load_history(conn: Connection, reviewed: Review, events: list) -> None:
    """The document's review history into review_history, each event linked to where its target is now."""
    if not events:
        return
    sha = reviewed.doc["source"]["sha256"]
    doc_id = conn.execute(select(documents.c.id).where(documents.c.sha256 == sha)).scalar_one()
    table_ids = dict(
        conn.execute(select(tables.c.table_index, tables.c.id).where(tables.c.document_id == doc_id)).all()
    )
    indicator_ids = {
        (t, r): i
        for t, r, i in conn.execute(
            select(tables.c.table_index, indicators.c.row_index, indicators.c.id)
            .join(tables, tables.c.id == indicators.c.table_id)
            .where(tables.c.document_id == doc_id)
        )
    }
    in_effect = {e.id for e in [*reviewed.corrections.values(), *reviewed.findings.values()]}
    if reviewed.verdict is not None:
        in_effect.add(reviewed.verdict.id)
    where = {e.id: reviewed.placed.get(head.id, (None, None)) for head in heads(events) for e in chain(events, head)}
    rows = []
    for e in events:
        t, r = where[e.id]
        rows.append({
            "document_id": doc_id, "table_id": table_ids.get(t), "indicator_id": indicator_ids.get((t, r)),
            "uid": e.uid, "at": e.when, "reviewer": e.reviewer, "kind": e.kind, "table_index": e.table,
            "row_index": e.row, "field": e.field, "note": e.note, "in_effect": e.id in in_effect,
            **{k: None if v is None else json.dumps(v, ensure_ascii=False)
               for k, v in (("old", e.old), ("new", e.new), ("extracted", e.extracted))},
        })  # fmt: skip
    _upsert(conn, review_history, rows, ["uid"])


def _drop_rows_no_longer_there(conn: Connection, doc_id: int, doc_tables: list[dict], table_ids: dict) -> None:
    """The rows an earlier load of this document had beyond what it has now (issues first: on
    PostgreSQL the foreign keys hold at every statement)."""
    for t_index, table_id in table_ids.items():
        n = len(doc_tables[t_index].get("indicators") or []) if t_index < len(doc_tables) else 0
        gone = select(indicators.c.id).where(indicators.c.table_id == table_id, indicators.c.row_index >= n)
        conn.execute(delete(issues).where(issues.c.indicator_id.in_(gone.scalar_subquery())))
        conn.execute(delete(indicators).where(indicators.c.table_id == table_id, indicators.c.row_index >= n))
    stale = [table_id for t_index, table_id in table_ids.items() if t_index >= len(doc_tables)]
    if stale:
        conn.execute(delete(issues).where(issues.c.table_id.in_(stale)))
        conn.execute(delete(tables).where(tables.c.id.in_(stale)))


def _supersede(conn: Connection, old: str, new: str) -> int:
    """1 when the older version `old` is in the database and now first marked replaced by `new`."""
    old_id = conn.execute(select(documents.c.id).where(documents.c.sha256 == old)).scalar()
    new_id = conn.execute(select(documents.c.id).where(documents.c.sha256 == new)).scalar()
    if old_id is None or new_id is None:
        return 0
    marked = conn.execute(select(documents.c.superseded_by).where(documents.c.id == old_id)).scalar() == new_id
    old_tables = select(tables.c.id).where(tables.c.document_id == old_id).scalar_subquery()
    conn.execute(delete(issues).where(issues.c.document_id == old_id))
    conn.execute(delete(indicators).where(indicators.c.table_id.in_(old_tables)))
    conn.execute(delete(tables).where(tables.c.document_id == old_id))
    conn.execute(update(documents).where(documents.c.id == old_id).values(superseded_by=new_id))
    return 0 if marked else 1
