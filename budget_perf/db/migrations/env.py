"""Alembic environment for `load`: the connection comes from budget_perf.db.migrate (no alembic.ini,
no logging set up), and SQLite gets batch mode, since it alters a table by copying it."""

from __future__ import annotations

from alembic import context

from budget_perf.db.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
