"""Engines for `load`, made so that two loads into the same database at once both finish, with no
duplicate row and no deadlock.

SQLite: every transaction starts with `BEGIN IMMEDIATE`, taking the database's write lock before
it reads anything, and waits for it (busy timeout) instead of failing. pysqlite's own transaction
handling begins a transaction only before a data statement, so two loads could both read, both
try to write and one fail with 'database is locked'; and two first loads could both see an empty
database and both create the schema (Alembic: 'Requested revision 0003 overlaps with other
requested revisions 0001'). PostgreSQL: a load holds a session advisory lock for its whole run
(`exclusive`), so a second load waits for the first and then finds every row in place."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

from budget_perf.db.url import resolve

BUSY_SECONDS = 600  # how long a load waits for another one's transaction (one document's, or the schema's)
_LOCK_KEY = 0x62706578  # 'bpex': the advisory lock of `load` in a PostgreSQL database


def connect(url: str) -> Engine:
    resolved = resolve(url)
    if not resolved.startswith("sqlite"):
        return create_engine(resolved, hide_parameters=True)
    engine = create_engine(resolved, hide_parameters=True, connect_args={"timeout": BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # the driver begins nothing; "begin" below does

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@contextlib.contextmanager
def exclusive(engine: Engine) -> Iterator[None]:
    """Hold the database for one load (PostgreSQL; SQLite serialises each transaction instead)."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _LOCK_KEY})
        conn.commit()  # the lock is the session's: it outlives this transaction
        try:
            yield
        finally:
            with contextlib.suppress(Exception):
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _LOCK_KEY})
                conn.commit()
