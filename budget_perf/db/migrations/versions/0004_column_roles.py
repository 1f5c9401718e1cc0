"""Schema 1.2 (column roles): the period target, where an operator came from, columns with no
role (`extra`), and the money block's 上年结转, 财政专户拨款 and 年中调整; indicators.level1 nullable
(a form that prints no 一级 level).

Revision ID: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_MONEY = sa.Numeric(38, 6)
_YUAN = sa.Numeric(38, 2)


def upgrade() -> None:
    with op.batch_alter_table("tables") as b:
        for name in ("carried_over", "special_account", "adjustment"):
            b.add_column(sa.Column(f"budget_{name}", _MONEY))
            b.add_column(sa.Column(f"budget_{name}_yuan", _YUAN))
    with op.batch_alter_table("indicators") as b:
        b.alter_column("level1", existing_type=sa.Text, nullable=True)
        b.add_column(sa.Column("value_operator_from", sa.Text))
        b.add_column(sa.Column("actual_operator_from", sa.Text))
        for name, kind in (
            ("raw", sa.Text), ("operator", sa.Text), ("number", sa.Float), ("number_yuan", _YUAN),
            ("number_max", sa.Float), ("number_max_yuan", _YUAN), ("unit", sa.Text), ("text", sa.Text),
            ("deadline", sa.Date), ("unit_from", sa.Text), ("operator_from", sa.Text),
        ):  # fmt: skip
            b.add_column(sa.Column(f"period_value_{name}", kind))
        b.add_column(sa.Column("extra", sa.Text))
    # Rows loaded so far stated every operator in the value itself.
    op.execute("UPDATE indicators SET value_operator_from = 'value' WHERE operator IS NOT NULL")
    op.execute("UPDATE indicators SET actual_operator_from = 'value' WHERE actual_operator IS NOT NULL")


def downgrade() -> None:
    raise NotImplementedError("budget-perf databases are upgraded only; reload an OUTDIR into a new one instead")
