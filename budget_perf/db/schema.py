"""The normalised schema: documents -> tables -> indicators, and issues per document."""

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
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("path", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("pages", Integer),
    Column("ocr", Boolean, nullable=False),
    Column("schema_version", String(8), nullable=False),
)

tables = Table(
    "tables",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("table_index", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("title", Text),
    Column("unit_code", String(32)),
    Column("unit_name", Text),
    Column("project_name", Text),
    Column("project_code", String(64)),
    Column("budget_total", Float),
    Column("budget_fiscal", Float),
    Column("budget_other", Float),
    Column("currency_unit", String(8)),
    Column("year", Integer),
    Column("fund_use", Text),
    Column("goals", Text),  # numbered goals joined by newlines
    Column("pages", Text),  # "2,3"
    UniqueConstraint("document_id", "table_index"),
    Index("ix_tables_document", "document_id"),
    Index("ix_tables_unit_code", "unit_code"),
)

indicators = Table(
    "indicators",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("table_id", Integer, ForeignKey("tables.id", ondelete="CASCADE"), nullable=False),
    Column("row_index", Integer, nullable=False),
    Column("level1", Text, nullable=False),
    Column("level2", Text),
    Column("level3", Text, nullable=False),
    Column("description", Text),
    Column("value_raw", Text, nullable=False),
    Column("operator", String(8)),
    Column("number", Float),
    Column("number_max", Float),
    Column("unit", String(32)),
    Column("value_text", Text),
    Column("deadline", Date),
    Column("basis", Text),
    Column("page", Integer),
    Column("confidence", Float),
    Column("actual_raw", Text),
    Column("weight", Float),
    Column("score", Float),
    UniqueConstraint("table_id", "row_index"),
    Index("ix_indicators_table", "table_id"),
    Index("ix_indicators_levels", "level1", "level2"),
)

issues = Table(
    "issues",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("code", String(64), nullable=False),
    Column("message", Text, nullable=False),
    Column("page", Integer),
    Column("table_index", Integer),
    Index("ix_issues_document", "document_id"),
    Index("ix_issues_code", "code"),
)
