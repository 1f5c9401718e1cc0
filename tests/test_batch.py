"""Batch conversion: manifest, resume after a kill, timeouts, crashes, flat outputs."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_bad_input import ROOT

from budget_perf.batch.pool import Task
from budget_perf.batch.runner import run_batch
from budget_perf.batch.worker import convert_one
from extract.options import ReadOptions
from schemas import Document

SAMPLES = sorted((ROOT / "samples" / "docx").glob("*.docx")) + sorted((ROOT / "samples" / "pdf").glob("00[0-2]*.pdf"))


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    for i, s in enumerate(SAMPLES):
        (d / ("sub" if i % 2 else "") / s.name).write_bytes(s.read_bytes())
    (d / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (d / "notes.txt").write_text("not a supported suffix: recorded as unsupported")
    return d


def _manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def test_batch_converts_records_and_resumes(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_batch([str(inputs)], out, workers=2, timeout=60, progress=False)
    assert (summary.converted, len(summary.failed), summary.exit_code) == (len(SAMPLES), 1, 1)
    assert summary.noted["unsupported"] == 1
    entries = _manifest(out)
    ok = [e for e in entries if e["status"] == "ok"]
    assert len(ok) == len(SAMPLES)
    for e in ok:
        doc = Document.model_validate_json((out / e["output"]).read_text(encoding="utf-8"))
        assert e["indicators"] == sum(len(t.indicators) for t in doc.tables)
        assert set(e) >= {"path", "sha256", "status", "tables", "indicators", "issues", "seconds"}
    (failed,) = [e for e in entries if e["status"] == "failed"]
    assert failed["path"].endswith("broken.pdf") and "damaged PDF" in failed["error"]
    (unsupported,) = [e for e in entries if e["status"] == "unsupported"]
    assert unsupported["path"].endswith("notes.txt") and "file type .txt is not read" in unsupported["error"]
    again = run_batch([str(inputs)], out, workers=2, timeout=60, progress=False)
    assert (again.converted, again.skipped) == (0, len(SAMPLES))


def test_cli_batch_exit_codes_and_globs(inputs: Path, tmp_path: Path) -> None:
    cli = [sys.executable, str(ROOT / "cli.py"), "extract"]
    good = subprocess.run(
        [*cli, str(inputs / "*.docx"), "-o", str(tmp_path / "a"), "-q"], capture_output=True, text=True
    )
    assert good.returncode == 0, good.stderr
    assert len([e for e in _manifest(tmp_path / "a") if e["status"] == "ok"]) == len(list(inputs.glob("*.docx")))
    some_bad = subprocess.run([*cli, str(inputs), "-o", str(tmp_path / "b"), "-q"], capture_output=True, text=True)
    assert some_bad.returncode == 1
    assert some_bad.stderr.count("\n") == 1 and "broken.pdf" in some_bad.stderr
    assert subprocess.run([*cli, str(inputs)], capture_output=True).returncode == 2  # a directory needs -o
    assert (
        subprocess.run([*cli, str(tmp_path / "empty*"), "-o", str(tmp_path / "c")], capture_output=True).returncode == 2
    )


def test_killed_batch_leaves_complete_files_and_resumes(tmp_path: Path) -> None:
    from bench.generate import generate

    src = tmp_path / "gen"
    total = len(generate(24, src))
    out = tmp_path / "out"
    cmd = [sys.executable, str(ROOT / "cli.py"), "extract", str(src), "-o", str(out), "--workers", "2", "-q"]
    proc = subprocess.Popen(cmd, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(_lines(out)) < 6:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, mid-flight
    proc.wait()
    done_before = len([e for e in _parsed(out) if e["status"] == "ok"])
    assert 0 < done_before < total
    for f in out.glob("*.json"):
        Document.model_validate_json(f.read_text(encoding="utf-8"))  # no half-written output
    rerun = subprocess.run(cmd, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert len({e["sha256"] for e in _parsed(out) if e["status"] == "ok"}) == total
    assert not list(out.glob(".*.tmp"))


def _lines(out: Path) -> list[str]:
    path = out / "manifest.jsonl"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def _parsed(out: Path) -> list[dict]:
    entries = []
    for line in _lines(out):
        with contextlib.suppress(json.JSONDecodeError):  # the line being written when the batch was killed
            entries.append(json.loads(line))
    return entries


def _hangs_on_tianjin(task: Task, outdir: Path, options: ReadOptions) -> dict:
    if "tianjin" in task.path.name:
        time.sleep(60)
    if "shanghai" in task.path.name:
        os._exit(3)  # a library bringing its process down
    return convert_one(task, outdir, options)


def test_timeouts_and_crashes_cost_one_file(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    t0 = time.time()
    summary = run_batch([str(inputs)], out, workers=2, timeout=2, progress=False, convert=_hangs_on_tianjin)
    assert time.time() - t0 < 30
    statuses = {Path(e["path"]).name: e["status"] for e in summary.failed}
    assert statuses["004_tianjin_projects.docx"] == "timeout"
    assert statuses["002_shanghai_department.docx"] == "failed"
    assert summary.converted == len(SAMPLES) - 3  # tianjin, and both shanghai files
    assert "worker died" in next(e["error"] for e in summary.failed if "shanghai" in e["path"])


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "xlsx", "parquet"])
def test_flat_outputs_have_one_row_per_indicator(inputs: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    summary = run_batch([str(inputs)], out, workers=2, timeout=60, formats=(fmt,), progress=False)
    expected = sum(e["indicators"] for e in _manifest(out) if e["status"] == "ok")
    (path,) = summary.flat_files or [None]
    assert path == out / f"indicators.{fmt}"
    if fmt == "jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese correctly
        rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        from schemas.flat import COLUMNS

        ws = load_workbook(path, read_only=True)["指标"]
        labels, *data = list(ws.values)
        header = [{c.label: c.name for c in COLUMNS}[label] for label in labels]  # Chinese headers by default
        rows = [dict(zip(header, (*r, *[None] * (len(header) - len(r))), strict=True)) for r in data]
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(path).to_pylist()
    assert len(rows) == expected
    assert {"产出指标", "效益指标", "满意度指标"} <= {r["level1"] for r in rows}
    assert any(r["operator"] == ">=" and r["unit"] == "%" for r in rows)


# ---- every file found gets a line ------------------------------------------------------


def test_every_file_found_is_accounted_for(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / ".git").mkdir(parents=True)
    (src / ".git" / "config").write_text("x")
    docx = SAMPLES[0].read_bytes()
    (src / "a.docx").write_bytes(docx)
    (src / "copy of a.docx").write_bytes(docx)  # same bytes, another path
    (src / "Thumbs.db").write_bytes(b"x")
    (src / "scan.xlsx").write_bytes((ROOT / "samples" / "spreadsheets" / "songgang_01.xlsx").read_bytes())
    out = tmp_path / "out"
    summary = run_batch([str(src)], out, workers=1, timeout=60, progress=False)
    by_name = {Path(e["path"]).name: e for e in _manifest(out)}
    assert by_name["a.docx"]["status"] == "ok" and by_name["scan.xlsx"]["status"] == "ok"
    dup = by_name["copy of a.docx"]
    assert dup["status"] == "duplicate" and dup["output"] == by_name["a.docx"]["output"]
    assert dup["duplicate_of"].endswith("a.docx")
    assert by_name["Thumbs.db"]["status"] == "unsupported" and "system" in by_name["Thumbs.db"]["error"]
    assert by_name[".git"]["status"] == "skipped"
    assert summary.exit_code == 0 and summary.noted["unsupported"] == 1  # recorded and counted, not an error
    # A later run with the same content under a third path records it too.
    (src / "third.docx").write_bytes(docx)
    run_batch([str(src / "third.docx")], out, workers=1, timeout=60, progress=False)
    assert _manifest(out)[-1]["status"] == "duplicate" and _manifest(out)[-1]["path"].endswith("third.docx")


def test_a_failed_copy_does_not_make_the_good_one_count_as_done(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    pdf = (ROOT / "samples" / "pdf" / "000_hebei_project.pdf").read_bytes()
    (src / "a_misnamed.docx").write_bytes(pdf)  # fails: the name says DOCX
    (src / "b_right.pdf").write_bytes(pdf)
    out = tmp_path / "out"
    run_batch([str(src)], out, workers=1, timeout=60, progress=False)
    status = {Path(e["path"]).name: e["status"] for e in _manifest(out)}
    assert status == {"a_misnamed.docx": "failed", "b_right.pdf": "ok"}


def test_unreadable_directory_gets_a_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in"
    locked = src / "locked"
    locked.mkdir(parents=True)
    (src / "a.docx").write_bytes(SAMPLES[0].read_bytes())
    real_scandir = os.scandir

    def scandir(path):  # as for a directory without read permission (root would read it anyway)
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    summary = run_batch([str(src)], tmp_path / "out", workers=1, timeout=60, progress=False)
    (line,) = [e for e in _manifest(tmp_path / "out") if e["status"] == "failed"]
    assert line["path"] == str(locked) and "cannot list the directory (Permission denied)" in line["error"]
    assert summary.converted == 1 and summary.exit_code == 1  # a directory that could not be searched


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_workers_die_with_a_killed_batch(tmp_path: Path) -> None:
    from bench.generate import generate

    src = tmp_path / "gen"
    generate(40, src)
    cmd = [
        sys.executable,
        str(ROOT / "cli.py"),
        "extract",
        str(src),
        "-o",
        str(tmp_path / "out"),
        "--workers",
        "2",
        "-q",
    ]
    proc = subprocess.Popen(cmd)
    deadline = time.time() + 60
    workers: list[int] = []
    while time.time() < deadline and len(workers) < 2:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2
    os.kill(proc.pid, signal.SIGKILL)  # the main process alone
    proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


def test_a_busy_worker_dies_with_its_parent() -> None:
    """A worker mid-conversion reads no pipe: only the parent-death signal stops it."""
    script = (
        "import os, sys, time\n"
        "from budget_perf.isolate import die_with_parent\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    die_with_parent()\n"
        "    time.sleep(60)  # busy, as with a long page\n"
        "    os._exit(0)\n"
        "print(pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    child = int(parent.stdout.readline())
    time.sleep(0.3)
    assert _alive(child)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.time() + 5
    while time.time() < deadline and _alive(child):
        time.sleep(0.05)
    assert not _alive(child)


def test_outputs_of_an_older_schema_are_converted_again(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.docx").write_bytes(SAMPLES[0].read_bytes())
    out = tmp_path / "out"
    run_batch([str(src)], out, workers=1, timeout=60, progress=False)
    (entry,) = _manifest(out)
    assert entry["schema_version"] == Document.model_fields["schema_version"].default
    assert entry["tool_version"]
    again = run_batch([str(src)], out, workers=1, timeout=60, progress=False)
    assert (again.converted, again.skipped) == (0, 1)
    # The same OUTDIR as an older version left it: its lines carry another schema (or none).
    old = json.dumps({**entry, "schema_version": "1.0"}, ensure_ascii=False)
    (out / "manifest.jsonl").write_text(old + "\n", encoding="utf-8")
    upgraded = run_batch([str(src)], out, workers=1, timeout=60, progress=False)
    assert (upgraded.converted, upgraded.skipped) == (1, 0)
