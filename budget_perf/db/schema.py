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
    "money": Numeric(38, 6), "yuan": Numeric(38, 2), "json": Text,
}  # fmt: skip

metadata = MetaData()


def _data(columns: list[flat.Column], skip: tuple[str, ...] = ()) -> list[Column]:
    return [Column(c.name, SQL_TYPES[c.kind], nullable=not c.required) for c in columns if c.name not in skip]


documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    *_data(flat.DOCUMENT_COLUMNS),
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

__all__ = ["document_paths", "documents", "indicators", "issues", "metadata", "tables"]
