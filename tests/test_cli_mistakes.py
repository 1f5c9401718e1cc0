"""Everyday mistakes on the command line: one line naming the fix, a documented exit code.

Most cases run the command in-process (cli_helpers.run_main); a few run a real process, where the
one-line contract covers everything the interpreter itself could print."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import Run, run_main
from test_bad_input import ROOT, SAMPLE, run_cli

from budget_perf import __version__
from budget_perf.db.url import redact, resolve
from budget_perf.qa import config as qa_config
from schemas import SCHEMA_VERSION


def _one_line_error(proc: subprocess.CompletedProcess[str] | Run, code: int, *needles: str) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch")
    assert run_main("extract", str(SAMPLE), "-o", str(out), "-q").returncode == 0
    return out


def test_version_names_package_and_schema() -> None:
    proc = run_main("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"budget-perf {__version__} (schema {SCHEMA_VERSION})"


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--timeout", "-1"], "--timeout"),
        (["--timeout", "soon"], "--timeout"),
        (["--workers", "0"], "--workers"),
        (["--format", "csv"], "-o OUTDIR"),
        (["--format", "docx", "-o", "x"], "--format"),
    ],
)
def test_bad_extract_options(args: list[str], needle: str) -> None:
    _one_line_error(run_main("extract", str(SAMPLE), *args), 2, needle)


def test_output_dir_that_is_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "out"
    existing.write_text("keep me")
    _one_line_error(run_main("extract", str(SAMPLE), "-o", str(existing)), 2, "existing file")
    _one_line_error(run_main("qa", str(SAMPLE), "--html", str(existing)), 2, "existing file")
    assert existing.read_text() == "keep me"


def test_unsupported_database_url_is_refused_without_showing_the_password(batch_out: Path) -> None:
    line = _one_line_error(run_main("load", str(batch_out), "--db", "mysql://bob:hunter2@db/x"), 2, "mysql")
    assert "hunter2" not in line and "postgresql://" in line


def test_plain_path_is_an_sqlite_database(batch_out: Path, tmp_path: Path) -> None:
    db = tmp_path / "results.db"
    proc = run_main("load", str(batch_out), "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM indicators").fetchone()[0] == 18  # 14 in the table, 4 in prose


def test_database_from_environment(batch_out: Path, tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    env = {**os.environ, "BUDGET_PERF_DB": f"sqlite:///{db}"}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "load", str(batch_out)], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert db.exists()


def test_database_password_never_printed(batch_out: Path) -> None:
    # Nothing listens on port 1: the driver's error comes back, without the password.
    url = "postgresql://perf:s3cr3t-pw@127.0.0.1:1/nowhere"
    line = _one_line_error(run_cli("load", str(batch_out), "--db", url), 1, "perf:***@127.0.0.1")
    assert "s3cr3t" not in line


def test_redaction_and_resolution() -> None:
    assert redact("postgresql://u:p@h:5432/d") == "postgresql://u:***@h:5432/d"
    assert redact("postgresql://u@h/d") == "postgresql://u@h/d"
    assert resolve("postgres://u:p@h/d") == "postgresql+psycopg://u:p@h/d"
    assert resolve("results.db").startswith("sqlite:////") and resolve("results.db").endswith("/results.db")


def test_qa_config_overriding_one_threshold_is_merged(tmp_path: Path) -> None:
    cfg = tmp_path / "qa.toml"
    cfg.write_text("[satisfaction]\nminimum_percent = 99\n", encoding="utf-8")
    merged = qa_config.load(cfg)
    assert merged["satisfaction"]["minimum_percent"] == 99
    assert merged["ocr"] == qa_config.defaults()["ocr"]
    proc = run_main("qa", str(SAMPLE), "--qa-config", str(cfg), "--json")
    assert proc.returncode in (0, 1), proc.stderr
    findings = json.loads(proc.stdout)["findings"]
    assert any(f["code"] == "qa_low_satisfaction_target" for f in findings)  # ≥90% is below 99


@pytest.mark.parametrize(
    "text, needle",
    [
        ("[satisfacton]\nminimum_percent = 90\n", "unknown section [satisfacton]"),
        ("[satisfaction]\nminimum = 90\n", "unknown setting satisfaction.minimum"),
        ("[satisfaction]\nminimum_percent = 'high'\n", "must be int"),
        ("[satisfaction\n", "not valid TOML"),
    ],
)
def test_bad_qa_config_is_one_line(tmp_path: Path, text: str, needle: str) -> None:
    cfg = tmp_path / "qa.toml"
    cfg.write_text(text, encoding="utf-8")
    _one_line_error(run_main("qa", str(SAMPLE), "--qa-config", str(cfg)), 2, needle)


def test_missing_qa_config(tmp_path: Path) -> None:
    _one_line_error(run_main("qa", str(SAMPLE), "--qa-config", str(tmp_path / "none.toml")), 2, "none.toml")


def test_unknown_option_is_one_line() -> None:
    _one_line_error(run_cli("extract", str(SAMPLE), "--frobnicate"), 2, "--frobnicate")
