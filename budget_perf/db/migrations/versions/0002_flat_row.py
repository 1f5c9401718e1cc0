"""The flat row's columns everywhere: every Indicator, Value and table field; money as NUMERIC with
columns in 元; issues linked to their table and indicator, from extraction or QA; the paths a
document was found under; resubmissions (documents.superseded_by).

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MONEY, YUAN = sa.Numeric(38, 6), sa.Numeric(38, 2)
YUAN_PER_UNIT = {"元": 1, "千元": 1_000, "万元": 10_000, "亿元": 100_000_000}  # as normalizers.grammar had it


def _in_yuan(amount: str, unit: str) -> str:
    cases = " ".join(f"WHEN '{u}' THEN {amount} * {n}" for u, n in YUAN_PER_UNIT.items())
    return f"CASE {unit} {cases} END"


def upgrade() -> None:
    with op.batch_alter_table("documents") as b:
        b.alter_column("path", new_column_name="source_path", existing_type=sa.Text, existing_nullable=False)
        b.alter_column("pages", new_column_name="source_pages", existing_type=sa.Integer)
        b.alter_column("ocr", new_column_name="source_ocr", existing_type=sa.Boolean, nullable=True)
        b.alter_column("schema_version", type_=sa.Text, existing_type=sa.String(8), nullable=True)
        b.alter_column("sha256", type_=sa.Text, existing_type=sa.String(64), existing_nullable=False)
        b.alter_column("format", type_=sa.Text, existing_type=sa.String(16), existing_nullable=False)
        b.add_column(sa.Column("superseded_by", sa.Integer))
        b.create_foreign_key("fk_documents_superseded_by", "documents", ["superseded_by"], ["id"], ondelete="SET NULL")

    op.create_table(
        "document_paths",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.UniqueConstraint("path", name="uq_document_paths_path"),
    )
    op.create_index("ix_document_paths_document", "document_paths", ["document_id"])
    op.execute("INSERT INTO document_paths (document_id, path) SELECT id, source_path FROM documents")

    with op.batch_alter_table("tables") as b:
        b.alter_column("pages", new_column_name="table_pages", existing_type=sa.Text)
        for name in ("kind", "unit_code", "project_code", "currency_unit"):
            b.alter_column(name, type_=sa.Text)
        for name in ("total", "fiscal", "other"):
            b.alter_column(f"budget_{name}", type_=MONEY, existing_type=sa.Float)
            b.add_column(sa.Column(f"budget_{name}_yuan", YUAN))
        for name in ("initial", "executed", "medium_term"):
            b.add_column(sa.Column(f"budget_{name}", MONEY))
            b.add_column(sa.Column(f"budget_{name}_yuan", YUAN))
        for name in ("budget_execution_rate", "budget_execution_score", "total_score"):
            b.add_column(sa.Column(name, sa.Float))
        b.add_column(sa.Column("sheet", sa.Text))
    for name in ("total", "fiscal", "other"):
        op.execute(f"UPDATE tables SET budget_{name}_yuan = {_in_yuan(f'budget_{name}', 'currency_unit')}")

    with op.batch_alter_table("indicators") as b:
        for name in ("operator", "unit"):
            b.alter_column(name, type_=sa.Text)
        for name in ("number_yuan", "number_max_yuan", "actual_number_yuan", "actual_number_max_yuan"):
            b.add_column(sa.Column(name, YUAN))
        for name in ("actual_number", "actual_number_max", "level1_weight", "level2_weight"):
            b.add_column(sa.Column(name, sa.Float))
        b.add_column(sa.Column("actual_deadline", sa.Date))
        texts = ("value_unit_from", "nature", "measure_unit", "attribute", "scoring", "actual_operator", "cell",
                 "actual_unit", "actual_text", "actual_unit_from", "deviation", "bbox", "value_bbox")  # fmt: skip
        for name in texts:
            b.add_column(sa.Column(name, sa.Text))
    for name in ("number", "number_max"):
        op.execute(f"UPDATE indicators SET {name}_yuan = {_in_yuan(name, 'unit')}")

    with op.batch_alter_table("issues") as b:
        for name in ("severity", "code"):
            b.alter_column(name, type_=sa.Text, existing_nullable=False)
        b.add_column(sa.Column("table_id", sa.Integer))
        b.add_column(sa.Column("indicator_id", sa.Integer))
        b.add_column(sa.Column("source", sa.Text))
        b.add_column(sa.Column("ordinal", sa.Integer))
        b.add_column(sa.Column("row_index", sa.Integer))
        b.add_column(sa.Column("field", sa.Text))
        b.add_column(sa.Column("bbox", sa.Text))
    # Issues of the earlier schema were all the extraction's, in document order.
    op.execute(
        "UPDATE issues SET source = 'extract', ordinal = (SELECT COUNT(*) FROM issues AS i2 "
        "WHERE i2.document_id = issues.document_id AND i2.id < issues.id)"
    )
    op.execute(
        "UPDATE issues SET table_id = (SELECT t.id FROM tables AS t WHERE t.document_id = issues.document_id "
        "AND t.table_index = issues.table_index)"
    )
    with op.batch_alter_table("issues") as b:
        b.alter_column("source", existing_type=sa.Text, nullable=False)
        b.alter_column("ordinal", existing_type=sa.Integer, nullable=False)
        b.create_foreign_key("fk_issues_table", "tables", ["table_id"], ["id"], ondelete="CASCADE")
        b.create_foreign_key("fk_issues_indicator", "indicators", ["indicator_id"], ["id"], ondelete="CASCADE")
        b.create_unique_constraint("uq_issues_document_source_ordinal", ["document_id", "source", "ordinal"])
    op.create_index("ix_issues_indicator", "issues", ["indicator_id"])


def downgrade() -> None:
    raise NotImplementedError("budget-perf databases are upgraded only; reload an OUTDIR into a new one instead")
