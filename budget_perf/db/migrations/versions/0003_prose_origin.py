"""Targets written as prose: tables.origin ('table' or 'prose') and indicators.level_inferred.

Revision ID: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tables") as b:
        b.add_column(sa.Column("origin", sa.Text))
    op.execute("UPDATE tables SET origin = 'table'")  # every table loaded so far was read from a table
    with op.batch_alter_table("indicators") as b:
        b.add_column(sa.Column("level_inferred", sa.Boolean))
    op.execute("UPDATE indicators SET level_inferred = FALSE")


def downgrade() -> None:
    raise NotImplementedError("budget-perf databases are upgraded only; reload an OUTDIR into a new one instead")
