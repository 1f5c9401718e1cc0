"""Legacy and other office formats through LibreOffice: the same tables as the DOCX they were
made from, concurrency-safe, time-limited, no soffice left behind, one line when it is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from golden import ROOT, diff

from budget_perf.errors import CorruptFile, MissingDependency
from budget_perf.pipeline import convert
from extract import office

OFFICE = ROOT / "samples" / "office"
SOURCES = sorted(OFFICE.glob("003_yunnan_department.*[!n]"))  # .doc .wps .odt .rtf, not the goldens
DOCX_GOLDEN = ROOT / "samples" / "docx" / "003_yunnan_department.golden.json"
needs_soffice = pytest.mark.skipif(office.soffice() is None, reason=f"LibreOffice not installed: {office.INSTALL_HINT}")


def _soffice_processes() -> int:
    """Live soffice processes (a killed one may linger a moment as a zombie until init reaps it)."""
    out = subprocess.run(["ps", "-eo", "stat=,comm="], capture_output=True, text=True).stdout
    return sum(1 for line in out.splitlines() if "soffice" in line and not line.strip().startswith("Z"))


def test_samples_cover_the_formats() -> None:
    assert {p.suffix for p in SOURCES} == {".doc", ".wps", ".odt", ".rtf"}


@needs_soffice
@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.suffix)
def test_converted_document_reads_like_its_docx(path: Path) -> None:
    doc = json.loads(convert(path).model_dump_json())
    expected = json.loads(DOCX_GOLDEN.read_text(encoding="utf-8"))
    assert not diff(expected["tables"], doc["tables"])
    assert doc["source"]["format"] == path.suffix[1:]
    assert doc["issues"][0]["code"] == "converted_with_libreoffice"


@needs_soffice
def test_conversions_in_parallel_leave_no_soffice_behind() -> None:
    before = _soffice_processes()
    with ThreadPoolExecutor(max_workers=4) as pool:
        docs = list(pool.map(convert, SOURCES))
    assert all(len(d.tables) == 1 for d in docs)
    assert _soffice_processes() == before


@needs_soffice
def test_time_limit_kills_the_conversion() -> None:
    before = _soffice_processes()
    with tempfile.TemporaryDirectory() as tmp, pytest.raises(CorruptFile, match="did not finish"):
        office.convert(SOURCES[0], "docx", Path(tmp), timeout=0.05)
    assert _soffice_processes() == before


def test_missing_libreoffice_is_one_line_naming_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "soffice", lambda: None)
    with pytest.raises(MissingDependency, match="apt-get install libreoffice-writer-nogui"):
        convert(SOURCES[0])


def test_missing_libreoffice_through_the_cli(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(tmp_path)}  # no soffice on this PATH
    proc = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "extract", str(SOURCES[0])], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "libreoffice" in lines[0] and "Traceback" not in proc.stderr


@needs_soffice
def test_odd_file_name_is_converted(tmp_path: Path) -> None:
    odd = tmp_path / "-新建 文档 'x'.doc"
    odd.write_bytes(SOURCES[0].read_bytes())
    assert len(convert(odd).tables) == 1
