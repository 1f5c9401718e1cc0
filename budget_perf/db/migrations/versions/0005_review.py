"""Review: corrected values carry who corrected them and when (tables and indicators: corrected,
reviewed_by, reviewed_at; documents: review_status, reviewed_by, reviewed_at), and every review
decision is kept in review_history.

Revision ID: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("documents") as b:
        b.add_column(sa.Column("review_status", sa.Text))
        b.add_column(sa.Column("reviewed_by", sa.Text))
        b.add_column(sa.Column("reviewed_at", WHEN))
    for name in ("tables", "indicators"):
        with op.batch_alter_table(name) as b:
            b.add_column(sa.Column("corrected", sa.Boolean))
            b.add_column(sa.Column("reviewed_by", sa.Text))
            b.add_column(sa.Column("reviewed_at", WHEN))
        op.execute(f"UPDATE {name} SET corrected = FALSE")  # nothing loaded so far was reviewed
        with op.batch_alter_table(name) as b:
            b.alter_column("corrected", existing_type=sa.Boolean, nullable=False)

    op.create_table(
        "review_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("table_id", sa.Integer,
                  sa.ForeignKey("tables.id", ondelete="SET NULL", name="fk_review_history_table")),
        sa.Column("indicator_id", sa.Integer,
                  sa.ForeignKey("indicators.id", ondelete="SET NULL", name="fk_review_history_indicator")),
        sa.Column("uid", sa.Text, nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("reviewer", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("table_index", sa.Integer),
        sa.Column("row_index", sa.Integer),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("old", sa.Text),
        sa.Column("new", sa.Text),
        sa.Column("extracted", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("in_effect", sa.Boolean, nullable=False),
        sa.UniqueConstraint("uid", name="uq_review_history_uid"),
    )  # fmt: skip
    op.create_index("ix_review_history_document", "review_history", ["document_id"])
    op.create_index("ix_review_history_indicator", "review_history", ["indicator_id"])


def downgrade() -> None:
    raise NotImplementedError("budget-perf databases are upgraded only; reload an OUTDIR into a new one instead")
