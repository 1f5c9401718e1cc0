"""Bad input gets one clear line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "docx" / "000_hebei_project.docx"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True, cwd=ROOT)


def assert_clean_failure(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode != 0
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_missing_file(tmp_path: Path) -> None:
    assert_clean_failure(run_cli("extract", str(tmp_path / "nope.docx")), "no such file")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    assert_clean_failure(run_cli("extract", str(path)), "empty")


def test_pdf_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    assert_clean_failure(run_cli("extract", str(path)), "named .docx", "PDF")


def test_corrupt_zip(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    assert_clean_failure(run_cli("extract", str(path)), "damaged")


def test_truncated_docx(tmp_path: Path) -> None:
    path = tmp_path / "half.docx"
    data = SAMPLE.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_clean_failure(run_cli("extract", str(path)), "damaged")


def test_malformed_document_xml(tmp_path: Path) -> None:
    path = tmp_path / "badxml.docx"
    with zipfile.ZipFile(SAMPLE) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, b"<w:document><unclosed>" if info.filename == "word/document.xml" else data)
    assert_clean_failure(run_cli("extract", str(path)), str(path.name))


def test_zip_that_is_not_docx(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert_clean_failure(run_cli("extract", str(path)), "neither a DOCX, XLSX nor OpenDocument")


def test_damaged_legacy_doc(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    assert_clean_failure(run_cli("extract", str(path)), "damaged Office file")


def test_encrypted_docx(tmp_path: Path) -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    path = tmp_path / "locked.docx"
    with SAMPLE.open("rb") as src, path.open("wb") as dst:
        ooxml.OOXMLFile(src).encrypt("secret", dst)
    assert_clean_failure(run_cli("extract", str(path)), "encrypted")


def test_plain_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("一级指标 二级指标", encoding="utf-8")
    assert_clean_failure(run_cli("extract", str(path)), "not a document, spreadsheet, PDF, image or web page")


def test_directory_without_output_dir(tmp_path: Path) -> None:
    proc = run_cli("extract", str(tmp_path))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr


def test_docx_without_indicator_table_is_not_an_error(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("本文件只有正文，没有绩效目标表。")
    doc.add_table(rows=2, cols=2).cell(0, 0).text = "姓名"
    path = tmp_path / "prose.docx"
    doc.save(path)
    proc = run_cli("extract", str(path))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["tables"] == []
    assert [(i["severity"], i["code"]) for i in out["issues"]] == [("info", "no_indicator_table")]


def test_usage_error_exit_code() -> None:
    assert run_cli("frobnicate").returncode == 2


def test_a_library_warning_is_an_issue_but_not_the_collectors_resource_warning(monkeypatch) -> None:
    """A caller's unclosed connection freed while a document is read must not become one of the
    document's issues (seen: a psycopg ResourceWarning in a golden PDF's issues, depending on when
    the garbage collector ran); a library's own warning still does."""
    import warnings

    from budget_perf import pipeline

    real = pipeline.reader_for

    def noisy(fmt):
        read = real(fmt)

        def reader(path, options):
            warnings.warn("<Connection> was deleted while still open", ResourceWarning, stacklevel=1)
            warnings.warn("a library's own warning", UserWarning, stacklevel=1)
            return read(path, options)

        return reader

    monkeypatch.setattr(pipeline, "reader_for", noisy)
    doc = pipeline.convert(SAMPLE)
    messages = [i.message for i in doc.issues if i.code == "library_warning"]
    assert messages == ["UserWarning: a library's own warning"]
