"""Loading into SQLite (always) and PostgreSQL (a real server: CI starts one): stable ids on
reload, exact money, QA findings linked to their rows, resubmissions, migrations, and the SQL the
docs/database.md shows."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import Engine
from test_batch import SAMPLES, _manifest

from budget_perf.batch.runner import run_batch
from budget_perf.db import migrate
from budget_perf.db.load import load
from budget_perf.db.schema import document_paths, documents, indicators, issues, metadata, tables
from budget_perf.db.url import resolve

ROOT = Path(__file__).resolve().parents[1]
PREVIOUS = ROOT / "tests" / "data" / "schema_0001.db"  # written by the loader before migrations


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    src = tmp_path_factory.mktemp("in")
    for s in [*SAMPLES, ROOT / "samples" / "spreadsheets" / "songgang_01.xlsx"]:
        (src / s.name).write_bytes(s.read_bytes())
    run_batch([str(src)], out, workers=2, timeout=60, progress=False)
    return out


def _postgres_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must provide TEST_POSTGRES_URL (.ci/run starts PostgreSQL)")
        pytest.skip("no PostgreSQL server: set TEST_POSTGRES_URL (as .ci/run does) to run this")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind (PostgreSQL: the test database's schema emptied)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'results.db'}"
        return
    url = _postgres_url()
    engine = create_engine(resolve(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    yield url


def _empty(url: str) -> None:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    engine = create_engine(resolve(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def _engine(url: str) -> Engine:
    return create_engine(resolve(url))


def _ids(url: str) -> dict[str, list]:
    engine = _engine(url)
    with engine.connect() as conn:
        out = {
            "documents": conn.execute(select(documents.c.sha256, documents.c.id).order_by(documents.c.id)).all(),
            "tables": conn.execute(select(tables.c.id).order_by(tables.c.id)).scalars().all(),
            "indicators": conn.execute(select(indicators.c.id).order_by(indicators.c.id)).scalars().all(),
            "issues": conn.execute(select(issues.c.id).order_by(issues.c.id)).scalars().all(),
        }
    engine.dispose()
    return out


def test_reload_keeps_every_id_and_duplicates_nothing(converted: Path, db: str) -> None:
    first = load(converted, db)
    before = _ids(db)
    second = load(converted, db)
    assert _ids(db) == before
    assert (first.documents, first.indicators, first.qa_findings) == (second.documents, second.indicators,
                                                                        second.qa_findings)  # fmt: skip
    ok = [e for e in _manifest(converted) if e["status"] == "ok"]
    assert len(before["documents"]) == len(ok)
    assert len(before["tables"]) == sum(e["tables"] for e in ok)
    assert len(before["indicators"]) == sum(e["indicators"] for e in ok)
    assert len(before["issues"]) == first.issues + first.qa_findings


def test_money_is_numeric_and_in_yuan(converted: Path, db: str) -> None:
    load(converted, db)
    engine = _engine(db)
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            kinds = dict(conn.execute(text(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'tables'"
            )).all())  # fmt: skip
            assert kinds["budget_total"] == "numeric" and kinds["budget_total_yuan"] == "numeric"
        got = conn.execute(select(tables.c.budget_total, tables.c.currency_unit, tables.c.budget_total_yuan)).all()
    engine.dispose()
    scale = {"万元": 10_000, "元": 1}
    priced = [(t, u, y) for t, u, y in got if t is not None and u is not None]
    assert priced, "the samples have budgets"
    for total, unit, yuan in priced:
        assert Decimal(str(yuan)) == (Decimal(str(total)) * scale[unit]).quantize(Decimal("0.01"))


def test_qa_findings_are_loaded_and_linked(converted: Path, db: str) -> None:
    load(converted, db)
    engine = _engine(db)
    with engine.connect() as conn:
        linked = conn.execute(
            select(issues.c.source, issues.c.row_index, indicators.c.row_index, issues.c.table_index,
                   tables.c.table_index)
            .join(indicators, indicators.c.id == issues.c.indicator_id)
            .join(tables, tables.c.id == indicators.c.table_id)
        ).all()  # fmt: skip
        sources = dict(conn.execute(select(issues.c.source, func.count()).group_by(issues.c.source)).all())
    engine.dispose()
    assert sources.get("qa", 0) > 0 and sources.get("extract", 0) > 0
    assert any(s == "qa" for s, *_ in linked)
    assert all(ir == r and it == t for _, ir, r, it, t in linked)  # the link is the row the issue names


def test_load_without_qa(converted: Path, db: str) -> None:
    stats = load(converted, db, qa=False)
    engine = _engine(db)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).where(issues.c.source == "qa")).scalar() == 0
    engine.dispose()
    assert stats.qa_findings == 0


def test_a_resubmitted_file_replaces_its_older_version_everywhere(tmp_path: Path, db: str) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    old, new = SAMPLES[0].read_bytes(), SAMPLES[1].read_bytes()
    (src / "a.docx").write_bytes(old)
    run_batch([str(src)], out, workers=1, timeout=60, formats=("csv",), progress=False)
    load(out, db)
    (src / "a.docx").write_bytes(new)  # corrected and submitted again under the same name
    summary = run_batch([str(src)], out, workers=1, timeout=60, formats=("csv",), progress=False)
    assert summary.noted["superseded"] == 1
    lines = _manifest(out)
    (replaced,) = [e for e in lines if e["status"] == "superseded"]
    (first, second) = [e for e in lines if e["status"] == "ok"]
    assert replaced["sha256"] == first["sha256"] and replaced["superseded_by"] == second["sha256"]
    assert not (out / first["output"]).exists() and (out / second["output"]).exists()
    csv_text = (out / "indicators.csv").read_text(encoding="utf-8-sig")
    assert second["sha256"] in csv_text and first["sha256"] not in csv_text
    stats = load(out, db)
    assert stats.superseded == 1
    engine = _engine(db)
    with engine.connect() as conn:
        rows = {r.sha256: r for r in conn.execute(select(documents))}
        assert rows[first["sha256"]].superseded_by == rows[second["sha256"]].id
        assert rows[second["sha256"]].superseded_by is None
        old_id = rows[first["sha256"]].id
        assert conn.execute(select(func.count()).where(tables.c.document_id == old_id)).scalar() == 0
        assert conn.execute(select(func.count()).where(issues.c.document_id == old_id)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(indicators)).scalar() == second["indicators"]
        assert conn.execute(select(document_paths.c.document_id)).scalars().all() == [rows[second["sha256"]].id]
    engine.dispose()
    assert load(out, db).superseded == 0  # said once


def test_replacement_left_by_a_killed_batch_is_done_by_the_next_run(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.docx").write_bytes(SAMPLES[0].read_bytes())
    run_batch([str(src)], out, workers=1, timeout=60, progress=False)
    (src / "a.docx").write_bytes(SAMPLES[1].read_bytes())
    run_batch([str(src)], out, workers=1, timeout=60, progress=False)
    kept = [line for line in (out / "manifest.jsonl").read_text().splitlines() if '"superseded"' not in line]
    (out / "manifest.jsonl").write_text("\n".join(kept) + "\n")  # killed before the superseded line
    summary = run_batch([str(src)], out, workers=1, timeout=60, progress=False)
    assert summary.skipped == 1 and summary.noted["superseded"] == 1


def test_the_same_content_under_two_paths_is_one_document_with_both_paths(tmp_path: Path, db: str) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    (src / "a.docx").write_bytes(SAMPLES[0].read_bytes())
    (src / "sub" / "copy.docx").write_bytes(SAMPLES[0].read_bytes())
    run_batch([str(src)], out, workers=1, timeout=60, progress=False)
    load(out, db)
    engine = _engine(db)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(documents)).scalar() == 1
        paths = conn.execute(select(document_paths.c.path).order_by(document_paths.c.path)).scalars().all()
    engine.dispose()
    assert paths == [str(src / "a.docx"), str(src / "sub" / "copy.docx")]


def test_a_document_read_again_with_fewer_rows_loses_exactly_those(tmp_path: Path, db: str) -> None:
    out = tmp_path / "out"
    shutil.copytree(_single_batch(tmp_path), out)
    load(out, db)
    before = _ids(db)
    entry = next(e for e in _manifest(out) if e["status"] == "ok")
    doc = json.loads((out / entry["output"]).read_text(encoding="utf-8"))
    assert len(doc["tables"]) >= 2, "the sample needs two tables"
    doc["tables"] = doc["tables"][:1]
    doc["tables"][0]["indicators"] = doc["tables"][0]["indicators"][:-1]
    (out / entry["output"]).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    load(out, db)
    after = _ids(db)
    kept = len(doc["tables"][0]["indicators"])
    assert after["documents"] == before["documents"] and after["tables"] == before["tables"][:1]
    assert after["indicators"] == before["indicators"][:kept]


def _single_batch(tmp_path: Path) -> Path:
    src, out = tmp_path / "one-in", tmp_path / "one-out"
    src.mkdir()
    shutil.copy(ROOT / "samples" / "docx" / "004_tianjin_projects.docx", src)
    run_batch([str(src)], out, workers=1, timeout=60, progress=False)
    return out


# ---- migrations ------------------------------------------------------------------------


def _copy_previous_into(url: str) -> None:
    """The rows of the 0001-schema fixture into `url`, made at revision 0001 (PostgreSQL)."""
    engine = _engine(url)
    migrate.upgrade(engine, to="0001")
    old = create_engine(f"sqlite:///{PREVIOUS}")
    with old.connect() as src, engine.begin() as dst:
        from sqlalchemy import MetaData

        reflected = MetaData()
        reflected.reflect(src)
        for name in ("documents", "tables", "indicators", "issues"):
            rows = [dict(r._mapping) for r in src.execute(select(reflected.tables[name]))]
            dst.execute(reflected.tables[name].insert(), rows)
            dst.execute(text(f"SELECT setval('{name}_id_seq', (SELECT MAX(id) FROM {name}))"))
    old.dispose()
    engine.dispose()


def test_a_database_of_the_previous_schema_is_upgraded_in_place(converted: Path, db: str, tmp_path: Path) -> None:
    if db.startswith("sqlite"):
        shutil.copy(PREVIOUS, tmp_path / "results.db")  # made by the loader before migrations existed
    else:
        _copy_previous_into(db)
    engine = _engine(db)
    with engine.connect() as conn:
        old_docs = conn.execute(text("SELECT id, sha256, path FROM documents ORDER BY id")).all()
        old_tables = conn.execute(text("SELECT id, budget_total, currency_unit FROM tables ORDER BY id")).all()
        old_counts = [conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar() for t in ("indicators", "issues")]
    engine.dispose()
    assert migrate.upgrade(_engine(db)) == ("0001", migrate.head())
    engine = _engine(db)
    with engine.connect() as conn:
        docs = conn.execute(text("SELECT id, sha256, source_path FROM documents ORDER BY id")).all()
        assert docs == old_docs  # path renamed source_path; ids and rows kept
        yuan = dict(conn.execute(select(tables.c.id, tables.c.budget_total_yuan)).all())
        priced = [(tid, total) for tid, total, unit in old_tables if total is not None and unit == "万元"]
        assert priced and all(float(yuan[tid]) == pytest.approx(total * 10_000) for tid, total in priced)
        assert [
            conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar() for t in ("indicators", "issues")
        ] == old_counts
        assert conn.execute(select(func.count()).where(issues.c.source != "extract")).scalar() == 0
    engine.dispose()
    load(converted, db)  # the same samples converted now: their documents keep their ids
    engine = _engine(db)
    with engine.connect() as conn:
        now = dict(conn.execute(select(documents.c.sha256, documents.c.id)).all())
    engine.dispose()
    again = [(doc_id, sha) for doc_id, sha, _ in old_docs if sha in now]
    assert again and all(now[sha] == doc_id for doc_id, sha in again)


def test_the_migrations_build_exactly_the_schema_the_models_describe(db: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = _engine(db)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
        assert migrate.revision(conn) == migrate.head()
        assert set(inspect(conn).get_table_names()) >= {"documents", "document_paths", "tables", "indicators"}
    engine.dispose()
    assert diff == [], "a model changed without a migration: add one in budget_perf/db/migrations/versions"


# ---- the SQL of docs/database.md ---------------------------------------------------------------


def _readme_queries() -> dict[str, str]:
    readme = (ROOT / "docs" / "database.md").read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"```sql\n-- (\S+):[^\n]*\n(.*?)```", readme, re.S)}


def test_the_readme_queries_answer_what_they_say(converted: Path, db: str) -> None:
    from budget_perf.batch import flat as writers
    from budget_perf.qa.run import run_rules
    from schemas import Document

    queries = _readme_queries()
    assert set(queries) == {"satisfaction_below_90", "budget_per_unit", "qa_errors"}
    load(converted, db)
    engine = _engine(db)
    with engine.connect() as conn:
        got = {name: conn.execute(text(sql)).all() for name, sql in queries.items()}
    engine.dispose()

    rows = list(writers.rows(converted))
    below = [r for r in rows if "满意" in r["level1"] + (r["level2"] or "") + r["level3"] and r["unit"] == "%"
             and r["operator"] in (">=", ">", "=") and r["number"] is not None and r["number"] < 90]  # fmt: skip
    assert sorted((r[2], r[3]) for r in got["satisfaction_below_90"]) == sorted((r["level3"], r["value_raw"])
                                                                                 for r in below)  # fmt: skip
    per_unit = [r for r in rows if "数量" in (r["level2"] or "") and r["number"] and r["budget_total_yuan"]]
    assert per_unit and len(got["budget_per_unit"]) == len(per_unit)
    for row in got["budget_per_unit"]:
        assert float(row.yuan_per_unit) == pytest.approx(float(row.budget_total_yuan) / row.number, abs=0.01)
    errors = [
        (i.table, i.row)
        for doc in writers.documents(converted)
        for i in run_rules(Document.model_validate_json(json.dumps(doc)))
        if i.severity == "error" and i.row is not None
    ]
    assert len(got["qa_errors"]) == len(errors)


# ---- two loads at once ------------------------------------------------------------------------


def test_two_loads_at_once_both_finish_without_duplicates(converted: Path, db: str) -> None:
    """The issue: two `load`s of one batch into a new SQLite database, started together, and the
    second failed with 'Requested revision 0003 overlaps with other requested revisions 0001'."""
    import subprocess
    import sys

    cmd = [sys.executable, str(ROOT / "cli.py"), "load", str(converted), "--db", db]

    def both(*extra: str) -> None:
        procs = [subprocess.Popen([*cmd, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]  # fmt: skip
        results = [p.communicate(timeout=300) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], results
        assert all(err.startswith("loaded ") and err.count("\n") == 1 for _, err in results)

    for _ in range(3):  # the race is on an empty database (before: 4 runs in 6 failed here)
        _empty(db)
        both("--no-qa")
    both()  # and again into the loaded database, with the QA findings
    ok = [e for e in _manifest(converted) if e["status"] == "ok"]
    counts = _ids(db)
    assert len(counts["documents"]) == len({e["sha256"] for e in ok})
    assert len(counts["indicators"]) == sum(e["indicators"] for e in {e["sha256"]: e for e in ok}.values())
    engine = _engine(db)
    with engine.connect() as conn:
        assert migrate.revision(conn) == migrate.head()
        assert conn.execute(text("SELECT COUNT(*) FROM alembic_version")).scalar() == 1
    engine.dispose()
