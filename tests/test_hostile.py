"""A corpus of broken and hostile inputs, made at test time: every one ends in a documented exit
code with at most one line on stderr, bounded memory and time, and no output for a failure."""

from __future__ import annotations

import io
import resource
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from golden import ROOT

from samples.builders.raw_pdf import pdf_objects

DOCX = ROOT / "samples" / "docx" / "000_hebei_project.docx"
PDF = ROOT / "samples" / "pdf" / "005_hebei_system_export.pdf"
XLSX = ROOT / "samples" / "spreadsheets" / "songgang_01.xlsx"
MAX_RSS_MB = 1500  # the whole process tree of one conversion
MAX_SECONDS = 90


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    rss_mb: float


def run(*args: str) -> Run:
    """The CLI in a fresh process, timed; `rss_mb` bounds the peak RSS of every process of it
    (the largest child this test process has reaped so far, this run's included)."""
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True, timeout=MAX_SECONDS * 2
    )
    seconds = time.monotonic() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return Run(proc.returncode, proc.stdout, proc.stderr, seconds, rss)


def check(r: Run, codes: set[int], needle: str | None = None) -> None:
    assert r.code in codes, (r.code, r.stderr)
    assert "Traceback" not in r.stderr
    if r.code != 0:
        assert r.stdout == ""  # a failure writes no output
    lines = r.stderr.strip().splitlines()
    assert len(lines) <= 1, r.stderr
    if needle is not None:
        assert lines and needle in lines[0], r.stderr
    assert r.seconds < MAX_SECONDS, r.seconds
    assert r.rss_mb < MAX_RSS_MB, r.rss_mb


# ---- makers -----------------------------------------------------------------------------


def _rewrite_docx(path: Path, document_xml: bytes) -> Path:
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = document_xml if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info.filename, data)
    return path


def _document(body: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()


def _table(inner: str = "<w:p><w:r><w:t>x</w:t></w:r></w:p>") -> str:
    return f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl>"


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _pdf(pages: int, size=(595, 842), text: str = "第 {n} 页") -> bytes:
    from reportlab.lib.pagesizes import A4  # noqa: F401  (reportlab is a test dependency)
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=size)
    for n in range(1, pages + 1):
        c.drawString(72, size[1] - 72, text.format(n=n).encode("ascii", "replace").decode())
        c.showPage()
    c.save()
    return buf.getvalue()


def _page_tree_loop() -> bytes:
    return pdf_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",  # the tree contains itself
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


# ---- the corpus -------------------------------------------------------------------------


def test_pdf_with_user_password(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(PDF))
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    check(run("extract", str(path)), {1}, "encrypted")


def test_pdf_with_owner_password_only_opens(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(PDF))
    writer.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "restricted.pdf"
    writer.write(path)
    r = run("extract", str(path))
    check(r, {0})
    assert '"indicators"' in r.stdout


@pytest.mark.parametrize("share", [0.05, 0.3, 0.6, 0.95])
def test_truncated_pdf(tmp_path: Path, share: float) -> None:
    data = PDF.read_bytes()
    path = tmp_path / f"cut-{share}.pdf"
    path.write_bytes(data[: int(len(data) * share)])
    check(run("extract", str(path)), {0, 1})


@pytest.mark.parametrize("share", [0.1, 0.5, 0.9])
def test_truncated_docx_and_xlsx(tmp_path: Path, share: float) -> None:
    for src in (DOCX, XLSX):
        data = src.read_bytes()
        path = tmp_path / f"cut-{share}{src.suffix}"
        path.write_bytes(data[: int(len(data) * share)])
        check(run("extract", str(path)), {1})


def test_damaged_xref_is_repaired_or_refused(tmp_path: Path) -> None:
    data = bytearray(PDF.read_bytes())
    at = data.rfind(b"startxref")
    data[at + 10 : at + 16] = b"999999"
    path = tmp_path / "xref.pdf"
    path.write_bytes(bytes(data))
    check(run("extract", str(path)), {0})


def test_page_tree_loop(tmp_path: Path) -> None:
    path = tmp_path / "loop.pdf"
    path.write_bytes(_page_tree_loop())
    check(run("extract", str(path)), {0, 1})


def test_huge_mediabox_is_read_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    path.write_bytes(_pdf(1, size=(200000, 200000)))
    r = run("extract", str(path))
    check(r, {0})
    assert "page_geometry" in r.stdout


def test_thousand_page_pdf_and_the_page_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(_pdf(1000))
    check(run("extract", str(path), "--compact"), {0})
    check(run("extract", str(path), "--max-pages", "500"), {1}, "--max-pages")


def test_xxe_does_not_read_local_files(tmp_path: Path) -> None:
    doctype = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    path = _rewrite_docx(tmp_path / "xxe.docx", _document("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", doctype))
    r = run("extract", str(path))
    check(r, {0, 1})
    assert "root:" not in r.stdout


def test_billion_laughs(tmp_path: Path) -> None:
    entities = '<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    path = _rewrite_docx(
        tmp_path / "laughs.docx",
        _document("<w:p><w:r><w:t>&j;</w:t></w:r></w:p>", f"<!DOCTYPE w:document [{entities}]>"),
    )
    check(run("extract", str(path)), {0, 1})


def test_zip_bomb_docx(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "word/document.xml":
                with dst.open("word/document.xml", "w") as fh:
                    for _ in range(120):
                        fh.write(b" " * (1 << 20))  # 120 MB of blanks, ~120 KB compressed
            else:
                dst.writestr(info.filename, src.read(info))
    check(run("extract", str(path)), {1}, "ZIP bomb")
    check(run("extract", str(path), "--max-unpacked", "50"), {1}, "--max-unpacked")


def test_grid_span_of_a_billion(tmp_path: Path) -> None:
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>'
    row = f'<w:tr><w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>{cell}</w:tr>'
    path = _rewrite_docx(tmp_path / "span.docx", _document(f"<w:tbl>{row}{row}</w:tbl>"))
    check(run("extract", str(path)), {0})


def test_nested_tables_by_the_thousand(tmp_path: Path) -> None:
    deep = "<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    for _ in range(1000):
        deep = _table(deep) + "<w:p/>"
    path = _rewrite_docx(tmp_path / "deep.docx", _document(deep))
    check(run("extract", str(path)), {0, 1})
    wide = _rewrite_docx(tmp_path / "wide.docx", _document("".join(_table(_table()) for _ in range(3000))))
    check(run("extract", str(wide)), {0})


def test_macro_enabled_files_are_read_without_running_anything(tmp_path: Path) -> None:
    docm = tmp_path / "macro.docm"
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(docm, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 not run")
    check(run("extract", str(docm)), {0})
    xlsm = tmp_path / "macro.xlsm"
    xlsm.write_bytes(XLSX.read_bytes())
    check(run("extract", str(xlsm)), {0})


def test_image_bombs(tmp_path: Path) -> None:
    huge = tmp_path / "huge.png"
    huge.write_bytes(_png_header_only(30000, 30000))  # 900 megapixels declared
    check(run("extract", str(huge)), {1}, "megapixels")
    between = tmp_path / "between.png"
    between.write_bytes(_png_header_only(16000, 16000))  # over our limit, under Pillow's error
    check(run("extract", str(between)), {1}, "megapixels")


def test_many_page_tiff_and_the_page_limit(tmp_path: Path) -> None:
    from PIL import Image

    frames = [Image.new("L", (40, 56), 255) for _ in range(500)]
    path = tmp_path / "fax.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    check(run("extract", str(path), "--max-pages", "300"), {1}, "--max-pages")


@pytest.mark.parametrize(
    "name, source, code",
    [
        ("report.docx", PDF, 1),  # a PDF named .docx
        ("scan.png", DOCX, 1),  # a DOCX named .png
        ("-leading-dash.docx", DOCX, 0),
        ('quote\'s "name".docx', DOCX, 0),
        ("新建 绩效目标表.docx", DOCX, 0),
        ("line\nbreak.pdf", DOCX, 1),  # wrong kind, and a newline in the name: still one line
    ],
)
def test_wrong_extensions_and_odd_names(tmp_path: Path, name: str, source: Path, code: int) -> None:
    path = tmp_path / name
    path.write_bytes(source.read_bytes())
    check(run("extract", str(path)), {code})


def test_batch_over_the_corpus_keeps_going_and_writes_nothing_for_failures(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.docx").write_bytes(DOCX.read_bytes())
    (src / "locked.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    (src / "cut.pdf").write_bytes(PDF.read_bytes()[:500])
    (src / "huge.png").write_bytes(_png_header_only(30000, 30000))
    (src / "bad\nname.docx").write_bytes(PDF.read_bytes())
    out = tmp_path / "out"
    r = run("extract", str(src), "-o", str(out), "-q")
    assert r.code == 1 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 4  # one line per failed input, the newline escaped
    outputs = sorted(p.name for p in out.glob("*.json"))
    assert len(outputs) == 1 and outputs[0].startswith("good-")


def test_memory_ceiling_is_reported_not_silent(tmp_path: Path) -> None:
    scan = ROOT / "samples" / "scan" / "000_hebei_project_scan.pdf"
    r = run("extract", str(scan), "--max-memory", "400")
    check(r, {0, 1})
    if r.code == 1:
        assert "memory" in r.stderr
    else:  # the pages that could not be read say why
        assert "page_out_of_memory" in r.stdout
    src = tmp_path / "in"
    src.mkdir()
    (src / "scan.pdf").write_bytes(scan.read_bytes())
    out = tmp_path / "out"
    r = run("extract", str(src), "-o", str(out), "--max-memory", "400", "-q")
    assert "Traceback" not in r.stderr
    text = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.json")) + (out / "manifest.jsonl").read_text()
    assert "memory" in text


def _stream(head: bytes, data: bytes) -> bytes:
    return head + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


_PAGE_TREE = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]


def test_double_flate_stream_bomb(tmp_path: Path) -> None:
    inner = zlib.compressobj(9)
    first = b"".join(inner.compress(b" " * (1 << 20)) for _ in range(600)) + inner.flush()  # 600 MB of blanks
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
    content = _stream(b"<< /Filter [/FlateDecode /FlateDecode]", zlib.compress(first, 9))
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_objects([*_PAGE_TREE, page, content]))
    assert path.stat().st_size < 20_000
    check(run("extract", str(path)), {1}, "inflates beyond")


def test_form_xobjects_that_draw_each_other(tmp_path: Path) -> None:
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /X1 5 0 R >> >> >>"
    )
    form = _stream(
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /X1 5 0 R >> >>", b"/X1 Do"
    )
    path = tmp_path / "forms.pdf"
    path.write_bytes(pdf_objects([*_PAGE_TREE, page, _stream(b"<<", b"/X1 Do"), form]))
    check(run("extract", str(path)), {0, 1})


# ---- web pages ----------------------------------------------------------------------------


def test_web_pages_nested_too_deep_are_refused_in_one_line(tmp_path: Path) -> None:
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 100_000 + "一级指标" + "</div>" * 100_000, encoding="utf-8")
    check(run("extract", str(deep)), {1}, "nested more than 256 deep")
    tables = tmp_path / "tables.html"
    tables.write_text("<html><body>" + "<table><tr><td>x" * 3000, encoding="utf-8")
    check(run("extract", str(tables)), {1}, "nested more than 256 deep")


def test_web_page_spans_of_a_billion_and_a_huge_table(tmp_path: Path) -> None:
    spans = tmp_path / "spans.html"
    row = '<tr><td colspan="1000000000" rowspan="1000000000">x</td><td rowspan=0>y</td></tr>'
    spans.write_text(f"<html><body><table>{row * 3000}</table></body></html>", encoding="utf-8")
    check(run("extract", str(spans)), {0})
    big = tmp_path / "big.htm"
    cells = "".join(f"<td>指标{i}</td>" for i in range(20))
    big.write_text("<!DOCTYPE html><table>" + f"<tr>{cells}</tr>\n" * 10_000 + "</table>", encoding="utf-8")
    check(run("extract", str(big)), {0})


def test_positioned_page_with_thousands_of_crossing_rules(tmp_path: Path) -> None:
    rules = "".join(
        f'<div style="position:absolute;left:{i * 0.7}pt;top:0;width:0;height:800pt;border-left:1px solid"></div>'
        f'<div style="position:absolute;left:0;top:{i}pt;width:700pt;height:0;border-top:1px solid"></div>'
        for i in range(800)
    )
    text = "".join(
        f'<div style="position:absolute;left:{(i % 50) * 14}pt;top:{(i // 50) * 8}pt;font-size:6pt">指标{i}</div>'
        for i in range(5000)
    )
    path = tmp_path / "grid.html"
    path.write_text(f'<html><body><div style="position:relative;width:700pt;height:800pt">{rules}{text}</div>', "utf-8")
    check(run("extract", str(path)), {0})
