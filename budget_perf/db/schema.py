"""The normalised schema: documents -> tables -> indicators, issues per document, and the paths
each document was found under. Every data column comes from the flat row (`schemas.flat`), so the
database, CSV, XLSX and Parquet name and type a field the same way; the keys are added here.

Changing a model changes this metadata: add an Alembic revision (budget_perf/db/migrations)
that brings an existing database to it; tests/test_db.py fails until the two agree."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeEngine

from schemas import flat

# NUMERIC: exact money in PostgreSQL (SQLite keeps a NUMERIC column's value as a number too).
SQL_TYPES: dict[str, type[TypeEngine] | TypeEngine] = {
    "text": Text, "code": Text, "list": Text, "int": Integer, "float": Float, "bool": Boolean, "date": Date,
    "datetime": DateTime(timezone=True), "money": Numeric(38, 6), "yuan": Numeric(38, 2), "json": Text,
}  # fmt: skip

metadata = MetaData()


def _data(columns: list[flat.Column]) -> list[Column]:
    return [Column(c.stored or c.name, SQL_TYPES[c.kind], nullable=not c.required) for c in columns]


documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    *_data(flat.DOCUMENT_COLUMNS),
    *_data(flat.DOCUMENT_REVIEW),  # the reviewer's verdict: review_status, reviewed_by, reviewed_at
    # A resubmission: the document that replaced this one at its path (whose rows are gone).
    Column(
        "superseded_by", Integer, ForeignKey("documents.id", ondelete="SET NULL", name="fk_documents_superseded_by")
    ),
    UniqueConstraint("sha256"),
)

document_paths = Table(  # the same bytes found under several paths: every path, one document
    "document_paths",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("path", Text, nullable=False),
    UniqueConstraint("path", name="uq_document_paths_path"),
    Index("ix_document_paths_document", "document_id"),
)

tables = Table(
    "tables",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    *_data(flat.TABLE_COLUMNS),
    *_data(flat.TABLE_REVIEW),  # corrected (a header field), reviewed_by, reviewed_at
    UniqueConstraint("document_id", "table_index"),
    Index("ix_tables_document", "document_id"),
    Index("ix_tables_unit_code", "unit_code"),
)

indicators = Table(
    "indicators",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("table_id", Integer, ForeignKey("tables.id", ondelete="CASCADE"), nullable=False),
    *_data(flat.INDICATOR_COLUMNS),
    *_data(flat.INDICATOR_REVIEW),  # corrected, reviewed_by, reviewed_at
    UniqueConstraint("table_id", "row_index"),
    Index("ix_indicators_table", "table_id"),
    Index("ix_indicators_levels", "level1", "level2"),
)

issues = Table(
    "issues",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("table_id", Integer, ForeignKey("tables.id", ondelete="CASCADE", name="fk_issues_table")),
    Column("indicator_id", Integer, ForeignKey("indicators.id", ondelete="CASCADE", name="fk_issues_indicator")),
    Column("source", Text, nullable=False),  # "extract" (in the document's JSON) or "qa" (the rules)
    Column("ordinal", Integer, nullable=False),  # position among the document's issues of that source
    *_data(flat.ISSUE_COLUMNS),
    UniqueConstraint("document_id", "source", "ordinal", name="uq_issues_document_source_ordinal"),
    Index("ix_issues_document", "document_id"),
    Index("ix_issues_code", "code"),
    Index("ix_issues_indicator", "indicator_id"),
)

review_history = Table(  # every review decision on a loaded document (OUTDIR/review.sqlite, append-only)
    "review_history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    # Where the target is in the document as loaded (NULL: a table-level or document-level target,
    # or a correction that no longer applies).
    Column("table_id", Integer, ForeignKey("tables.id", ondelete="SET NULL", name="fk_review_history_table")),
    Column(
        "indicator_id", Integer, ForeignKey("indicators.id", ondelete="SET NULL", name="fk_review_history_indicator")
    ),
    Column("uid", Text, nullable=False),  # the event's own id in review.sqlite
    Column("at", DateTime(timezone=True), nullable=False),
    Column("reviewer", Text, nullable=False),
    Column("kind", Text, nullable=False),  # correction, finding, verdict
    Column("table_index", Integer),  # the target as recorded
    Column("row_index", Integer),
    Column("field", Text, nullable=False),
    Column("old", Text),  # JSON: the value before, the extraction's for a cell's first correction
    Column("new", Text),
    Column("extracted", Text),  # JSON: what the extraction read in the cell when it was corrected
    Column("note", Text),
    Column("in_effect", Boolean, nullable=False),  # the latest decision on its target, applied as loaded
    UniqueConstraint("uid", name="uq_review_history_uid"),
    Index("ix_review_history_document", "document_id"),
    Index("ix_review_history_indicator", "indicator_id"),
)

__all__ = ["document_paths", "documents", "indicators", "issues", "metadata", "review_history", "tables"]
