"""The schema of budget-perf before migrations (documents, tables, indicators, issues).

A database made by that version has these tables and no alembic_version: `load` stamps it with
this revision, then upgrades it.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("pages", sa.Integer),
        sa.Column("ocr", sa.Boolean, nullable=False),
        sa.Column("schema_version", sa.String(8), nullable=False),
    )
    op.create_table(
        "tables",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("table_index", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("unit_code", sa.String(32)),
        sa.Column("unit_name", sa.Text),
        sa.Column("project_name", sa.Text),
        sa.Column("project_code", sa.String(64)),
        sa.Column("budget_total", sa.Float),
        sa.Column("budget_fiscal", sa.Float),
        sa.Column("budget_other", sa.Float),
        sa.Column("currency_unit", sa.String(8)),
        sa.Column("year", sa.Integer),
        sa.Column("fund_use", sa.Text),
        sa.Column("goals", sa.Text),
        sa.Column("pages", sa.Text),
        sa.UniqueConstraint("document_id", "table_index"),
    )
    op.create_index("ix_tables_document", "tables", ["document_id"])
    op.create_index("ix_tables_unit_code", "tables", ["unit_code"])
    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("table_id", sa.Integer, sa.ForeignKey("tables.id", ondelete="CASCADE"), nullable=False),
        sa.Column("row_index", sa.Integer, nullable=False),
        sa.Column("level1", sa.Text, nullable=False),
        sa.Column("level2", sa.Text),
        sa.Column("level3", sa.Text, nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("value_raw", sa.Text, nullable=False),
        sa.Column("operator", sa.String(8)),
        sa.Column("number", sa.Float),
        sa.Column("number_max", sa.Float),
        sa.Column("unit", sa.String(32)),
        sa.Column("value_text", sa.Text),
        sa.Column("deadline", sa.Date),
        sa.Column("basis", sa.Text),
        sa.Column("page", sa.Integer),
        sa.Column("confidence", sa.Float),
        sa.Column("actual_raw", sa.Text),
        sa.Column("weight", sa.Float),
        sa.Column("score", sa.Float),
        sa.UniqueConstraint("table_id", "row_index"),
    )
    op.create_index("ix_indicators_table", "indicators", ["table_id"])
    op.create_index("ix_indicators_levels", "indicators", ["level1", "level2"])
    op.create_table(
        "issues",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("page", sa.Integer),
        sa.Column("table_index", sa.Integer),
    )
    op.create_index("ix_issues_document", "issues", ["document_id"])
    op.create_index("ix_issues_code", "issues", ["code"])


def downgrade() -> None:
    for name in ("issues", "indicators", "tables", "documents"):
        op.drop_table(name)
