"""Bring a database to the current schema with Alembic, in place: an empty one is created, one made
before migrations existed (tables but no alembic_version) is taken as revision 0001."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

FIRST = "0001"


def _config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "budget_perf.db:migrations")
    cfg.attributes["connection"] = conn
    return cfg


def head() -> str:
    cfg = Config()
    cfg.set_main_option("script_location", "budget_perf.db:migrations")
    return ScriptDirectory.from_config(cfg).get_current_head() or FIRST


def revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, to: str = "head") -> tuple[str | None, str | None]:
    """(revision before, revision after)."""
    with engine.begin() as conn:
        before = revision(conn)
        cfg = _config(conn)
        if before is None and inspect(conn).has_table("documents"):
            command.stamp(cfg, FIRST)
            before = FIRST
        command.upgrade(cfg, to)
        return before, revision(conn)
