"""Loading into SQLite (always) and PostgreSQL (a real server: CI starts one) twice, idempotently."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select
from test_batch import SAMPLES, _manifest

from budget_perf.batch.runner import run_batch
from budget_perf.db.load import engine_for, load
from budget_perf.db.schema import documents, indicators, issues, tables


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    src = tmp_path_factory.mktemp("in")
    for s in SAMPLES:
        (src / s.name).write_bytes(s.read_bytes())
    run_batch([str(src)], out, workers=2, timeout=60, progress=False)
    return out


def _counts(url: str) -> tuple[int, int, int, int]:
    engine = engine_for(url)
    with engine.connect() as conn:
        counts = tuple(
            conn.execute(select(func.count()).select_from(t)).scalar() for t in (documents, tables, indicators, issues)
        )
    engine.dispose()
    return counts


def _expected(out: Path) -> tuple[int, int, int]:
    ok = [e for e in _manifest(out) if e["status"] == "ok"]
    return len(ok), sum(e["tables"] for e in ok), sum(e["indicators"] for e in ok)


def _check_twice(out: Path, url: str) -> None:
    first = load(out, url)
    second = load(out, url)
    assert (first.documents, first.indicators) == (second.documents, second.indicators)
    d, t, i, _ = _counts(url)
    assert (d, t, i) == _expected(out)  # replaced, never duplicated


def test_sqlite(converted: Path, tmp_path: Path) -> None:
    _check_twice(converted, f"sqlite:///{tmp_path / 'results.db'}")


def test_postgresql(converted: Path) -> None:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must provide TEST_POSTGRES_URL (.ci/run starts PostgreSQL)")
        pytest.skip("no PostgreSQL server: set TEST_POSTGRES_URL (as .ci/run does) to run this")
    engine = engine_for(url)
    with engine.begin() as conn:  # a clean slate for this run
        for t in (indicators, tables, issues, documents):
            conn.execute(t.delete())
    engine.dispose()
    _check_twice(converted, url)
