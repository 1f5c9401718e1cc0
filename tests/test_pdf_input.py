"""PDF inputs that are damaged, locked, empty, image-only or garbled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from test_bad_input import ROOT, assert_clean_failure, run_cli

pypdf = pytest.importorskip("pypdf")
SAMPLE = ROOT / "samples" / "pdf" / "000_hebei_project.pdf"


def _extract(path: Path) -> dict:
    proc = run_cli("extract", str(path))
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _rows(doc: dict) -> list[int]:
    return [len(t["indicators"]) for t in doc["tables"]]


def test_user_password_is_a_clear_error(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=SAMPLE)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    assert_clean_failure(run_cli("extract", str(path)), "encrypted")


def test_empty_user_password_opens(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=SAMPLE)
    writer.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "owner_only.pdf"
    writer.write(path)
    assert _rows(_extract(path)) == [14, 2, 2]  # the form, and its two prose target sections


def test_damaged_cross_reference_is_repaired(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    path = tmp_path / "bad_xref.pdf"
    path.write_bytes(data[: data.rfind(b"startxref")] + b"startxref\n999999\n%%EOF\n")
    assert _rows(_extract(path)) == [14, 2, 2]  # the form, and its two prose target sections


def test_truncated_pdf(tmp_path: Path) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(SAMPLE.read_bytes()[:20000])
    assert_clean_failure(run_cli("extract", str(path)), "damaged PDF")


def test_zero_pages(tmp_path: Path) -> None:
    path = tmp_path / "zero.pdf"
    pypdf.PdfWriter().write(path)
    assert_clean_failure(run_cli("extract", str(path)), "no pages")


def test_page_without_text_layer_is_read_by_ocr(tmp_path: Path) -> None:
    from PIL import ImageDraw, ImageFont

    path = tmp_path / "scan.pdf"
    page = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((60, 100, 540, 300), outline="black", width=2)
    draw.text((80, 150), "Annual budget 2024", fill="black", font=ImageFont.load_default(size=28))  # not blank
    page.save(path)
    doc = _extract(path)
    assert doc["source"]["ocr"] is True
    assert doc["tables"] == []
    assert next((i["severity"], i["code"], i["page"]) for i in doc["issues"]) == ("info", "ocr_page", 1)


def test_a_blank_page_without_text_layer_is_skipped_and_said_so(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    Image.new("RGB", (600, 800), "white").save(path)
    doc = _extract(path)
    assert doc["source"]["ocr"] is True
    assert doc["tables"] == []
    assert next((i["severity"], i["code"], i["page"]) for i in doc["issues"]) == ("info", "blank_page", 1)


def test_without_an_ocr_engine_the_page_is_named_in_an_error(tmp_path: Path, monkeypatch) -> None:
    from budget_perf.errors import MissingDependency
    from budget_perf.pipeline import convert
    from extract.ocr import reader

    def missing(*args, **kwargs):
        raise MissingDependency("OCR needs rapidocr_onnxruntime: pip install rapidocr_onnxruntime")

    monkeypatch.setattr(reader, "ocr_pdf_page", missing)
    path = tmp_path / "scan.pdf"
    Image.new("RGB", (600, 800), "white").save(path)
    doc = convert(path)
    assert next((i.severity, i.code, i.page) for i in doc.issues) == ("error", "no_text_layer", 1)
    assert "pip install rapidocr_onnxruntime" in doc.issues[0].message


def test_garbled_text_layer_is_read_by_ocr(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=SAMPLE)
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font.get_object().pop("/ToUnicode", None)
    path = tmp_path / "cid.pdf"
    writer.write(path)
    doc = _extract(path)
    assert doc["source"]["ocr"] is True
    assert [i["page"] for i in doc["issues"] if i["code"] == "ocr_page"] == [1, 2, 3]
    assert all("(cid:NNN)" in i["message"] for i in doc["issues"] if i["code"] == "ocr_page")
    # OCR gives the table and the two target sections written as prose, as the text layer does.
    assert _rows(doc) == _rows(_extract(SAMPLE)) == [14, 2, 2]
