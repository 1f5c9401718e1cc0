"""OUTDIR/review.sqlite: every review decision as one row of an append-only history.

A row (an *event*) names its reviewer, its time (UTC), its target (the document's sha256, the table
and row index, the field path: 'value.raw', 'budget.total', 'finding/<code>/<field>' for a
finding's status, 'document' for the verdict), the value before and after, the extraction's value
of the cell when it was made, the row or table as extracted (its *anchor*: to find the cell again
after the inputs are converted anew) and the reviewer's note. Nothing is ever updated or deleted
(triggers refuse it); a target's current state is its latest event.

Each event supersedes the one it was made against (none for a target's first): a target's events
form a chain whose last event (its *head*) is the target's state. Two reviewers at once: a change
names the event it was made against (its *version*: the head as the reviewer saw it, 0 for none);
one whose version is not the head any more is refused (`Stale`, carrying the current head), in a
write transaction taken before reading, and a unique index on the superseded event refuses it again
at the database, so no update is ever lost. SQLite in WAL mode: readers (exports, `load`, `qa`)
never wait for the app."""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

NAME = "review.sqlite"
VERSION = 1  # PRAGMA user_version of the layout below

Kind = Literal["correction", "finding", "verdict"]
FINDING_STATES = ("confirmed", "dismissed", "open")
VERDICTS = ("approved", "rejected", "open")
DOCUMENT = "document"  # the field path of a document's verdict
LONGEST_NOTE = 2000
LONGEST_NAME = 80

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    table_index INTEGER,
    row_index INTEGER,
    field TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('correction', 'finding', 'verdict')),
    old TEXT,
    new TEXT,
    extracted TEXT,
    anchor TEXT,
    note TEXT,
    supersedes INTEGER REFERENCES events(id)
);
CREATE INDEX IF NOT EXISTS ix_events_target ON events (sha256, table_index, row_index, field, id);
CREATE UNIQUE INDEX IF NOT EXISTS ux_events_chain ON events (supersedes);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the review history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the review history is append-only'); END;
"""
_COLUMNS = "id, uid, at, reviewer, sha256, table_index, row_index, field, kind, old, new, extracted, anchor, note, " \
    "supersedes"  # fmt: skip
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ReviewError(ValueError):
    """A review decision that cannot be recorded as given; the message (Chinese) says why."""


class Stale(Exception):
    """The target changed since the reviewer saw it: `current` is its latest event."""

    def __init__(self, current: Event | None) -> None:
        super().__init__("changed since it was shown")
        self.current = current


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    uid: str
    at: str  # ISO 8601, UTC
    reviewer: str
    sha256: str
    table: int | None
    row: int | None
    field: str
    kind: Kind
    old: Any
    new: Any
    extracted: Any
    anchor: dict | None
    note: str | None
    supersedes: int | None

    @property
    def key(self) -> tuple[int | None, int | None, str]:
        """The target within its document."""
        return self.table, self.row, self.field

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.at)


def _load(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _event(row: tuple) -> Event:
    (id_, uid, at, reviewer, sha, table, row_index, field, kind, old, new, extracted, anchor, note, sup) = row
    return Event(id_, uid, at, reviewer, sha, table, row_index, field, kind, _load(old), _load(new), _load(extracted),
                 _load(anchor), note, sup)  # fmt: skip


def reviewer_name(text: object) -> str:
    name = text.strip() if isinstance(text, str) else ""
    if not name:
        raise ReviewError("请先填写审核人姓名")
    if len(name) > LONGEST_NAME or _CONTROL.search(name):
        raise ReviewError(f"审核人姓名应为一行，不超过 {LONGEST_NAME} 字")
    return name


def note_text(text: object) -> str | None:
    if text is None:
        return None
    if not isinstance(text, str) or len(text) > LONGEST_NOTE or "\x00" in text:
        raise ReviewError(f"备注应为文本，不超过 {LONGEST_NOTE} 字")
    return text.strip() or None


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Store:
    """One connection to a batch's review history. Cheap to open: the app opens one per request."""

    def __init__(self, path: Path, create: bool = True) -> None:
        self.path = path
        if create:
            self.db = sqlite3.connect(path, timeout=15, isolation_level=None)
        else:
            self.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=15, isolation_level=None)
        if create:
            self.db.execute("PRAGMA journal_mode=WAL")
            if self.db.execute("PRAGMA user_version").fetchone()[0] < VERSION:
                self.db.executescript(_SCHEMA)
                self.db.execute(f"PRAGMA user_version = {VERSION}")

    @classmethod
    def at(cls, outdir: Path) -> Store:
        """The batch's history, created on first use (the review app)."""
        return cls(outdir / NAME)

    @classmethod
    def existing(cls, outdir: Path) -> Store | None:
        """The batch's history if anyone has reviewed it (exports, `load`, `qa`: they never create one)."""
        path = outdir / NAME
        return cls(path, create=False) if path.is_file() else None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")  # the write lock before the version is read
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def history(self, sha256: str | None = None) -> list[Event]:
        """Every event, oldest first; of one document if `sha256` is given."""
        if sha256 is None:
            rows = self.db.execute(f"SELECT {_COLUMNS} FROM events ORDER BY id")
        else:
            rows = self.db.execute(f"SELECT {_COLUMNS} FROM events WHERE sha256 = ? ORDER BY id", (sha256,))
        return [_event(r) for r in rows]

    def reviewed(self) -> dict[str, int]:
        """sha256 -> the id of its latest event: what changes when a document's review changes."""
        return dict(self.db.execute("SELECT sha256, MAX(id) FROM events GROUP BY sha256"))

    def current(self, sha256: str, table: int | None, row: int | None, field: str) -> Event | None:
        """The latest head recorded at this target (where the document has not been converted anew
        since, the target's state)."""
        found = self.db.execute(
            f"SELECT {_COLUMNS} FROM events AS e WHERE sha256 = ? AND table_index IS ? AND row_index IS ? "
            "AND field = ? AND NOT EXISTS (SELECT 1 FROM events AS n WHERE n.supersedes = e.id) "
            "ORDER BY id DESC LIMIT 1",
            (sha256, table, row, field),
        ).fetchone()
        return _event(found) if found else None

    def record(
        self,
        *,
        sha256: str,
        table: int | None,
        row: int | None,
        field: str,
        kind: Kind,
        new: Any,
        version: int,
        reviewer: str,
        note: str | None = None,
        extracted: Any = None,
        anchor: dict | None = None,
        shown: Callable[[list[Event]], Event | None] | None = None,
    ) -> Event:
        """Append one decision made against `version` (the target's head as the reviewer saw it, 0
        for none); `Stale` if another came first. The old value is the head's, else the extraction's
        (`extracted`). `shown`: which event the target shows, given the document's events (read in
        the write transaction): a cell's after the document was converted anew may be a chain
        recorded at another place (budget_perf.corrections.apply); by default the head recorded here."""
        if not _SHA256.fullmatch(sha256 or ""):
            raise ReviewError("文档编号无效")
        reviewer = reviewer_name(reviewer)
        note = note_text(note)
        with self._writing() as db:
            current = self.current(sha256, table, row, field) if shown is None else shown(self.history(sha256))
            if (current.id if current else 0) != version:
                raise Stale(current)
            old = current.new if current else extracted
            values = (secrets.token_hex(16), now(), reviewer, sha256, table, row, field, kind, _dump(old), _dump(new),
                      _dump(extracted), _dump(anchor), note, current.id if current else None)  # fmt: skip
            try:
                cursor = db.execute(f"INSERT INTO events ({_COLUMNS.split(', ', 1)[1]}) VALUES ({', '.join('?' * 14)})",
                                    values)  # fmt: skip
            except sqlite3.IntegrityError:  # another writer recorded against the same version first
                raise Stale(current) from None
            return _event((cursor.lastrowid, *values))
