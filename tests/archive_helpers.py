"""What the archive tests share: a CLI run measured on its own (exit code, stderr, its own peak
RSS, time) under an address-space cap, the checks made on it, and hostile PDFs made at test time."""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from golden import ROOT

from samples.builders.raw_pdf import pdf_objects

DOCX = ROOT / "samples" / "docx" / "000_hebei_project.docx"
PDF = ROOT / "samples" / "pdf" / "000_hebei_project.pdf"  # 3 pages, 18 indicators
CAP_MB = 4096  # the address-space cap the runs are made under (the issue's)
MAX_RSS_MB = 1000  # the issue's bound for any input under 10 MB
MAX_SECONDS = 90


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    rss_mb: float


def measured(*args: str, cap_mb: int = CAP_MB, timeout: float = 300) -> Run:
    """`cli.py ARGS` in a subprocess under an address-space cap; its own peak RSS (the largest of
    it and the children it reaped) and wall time."""
    limit = cap_mb * 1024 * 1024

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), *args], stdout=out, stderr=err, preexec_fn=cap)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - t0
        out.seek(0)
        err.seek(0)
        return Run(proc.returncode, out.read().decode(), err.read().decode(), seconds, usage.ru_maxrss / 1024)


def check(r: Run, codes: set[int], needle: str | None = None) -> None:
    assert r.code in codes, (r.code, r.stderr)
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) <= 1, r.stderr
    if needle is not None:
        assert lines and needle in lines[0], r.stderr
    assert r.seconds < MAX_SECONDS, r.seconds
    assert r.rss_mb < MAX_RSS_MB, r.rss_mb


def manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def issues_of(doc: str | dict) -> dict[str, list[str]]:
    data = json.loads(doc) if isinstance(doc, str) else doc
    out: dict[str, list[str]] = {}
    for issue in data["issues"]:
        out.setdefault(issue["code"], []).append(issue["message"])
    return out


def indicators_of(doc: str) -> list[str]:
    data = json.loads(doc)
    return [i["level3"] for t in data["tables"] for i in t["indicators"]]


# ---- PDFs made here --------------------------------------------------------------------------


def stream(head: bytes, data: bytes) -> bytes:
    return head + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


TREE = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
FORM = b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /X1 5 0 R /X2 6 0 R >> >>"


def forms_drawing_each_other() -> bytes:
    """The issue's 1 kB file: two forms that draw each other, each several times."""
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /X1 5 0 R /X2 6 0 R >> >> >>"
    )
    return pdf_objects([
        *TREE, page, stream(b"<<", b"/X1 Do"),
        stream(FORM, b"0 0 m 1 1 l S /X2 Do /X2 Do /X1 Do /X2 Do"),
        stream(FORM, b"0 0 m 1 1 l S /X1 Do /X1 Do /X2 Do /X1 Do"),
    ])  # fmt: skip


def forms_fanning_out(levels: int = 12) -> bytes:
    """No cycle at all: each form draws the next ten times (10^12 draws)."""
    names = b" ".join(b"/X%d %d 0 R" % (i + 1, 5 + i) for i in range(levels))
    objects = [*TREE]
    objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << "
                   + names + b" >> >> >>")  # fmt: skip
    objects.append(stream(b"<<", b"/X1 Do"))
    for i in range(levels):
        body = (b"/X%d Do " % (i + 2)) * 10 if i + 1 < levels else b"0 0 m 1 1 l S"
        head = b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << " + names + b" >> >>"
        objects.append(stream(head, body))
    return pdf_objects(objects)


def pattern_drawing_itself() -> bytes:
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
    page += b"/Resources << /Pattern << /P1 5 0 R >> >> >>"
    pattern = (
        b"<< /Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 10 10] /XStep 1 /YStep 1 "
        b"/Resources << /Pattern << /P1 5 0 R >> >>"
    )
    fill = b"/Pattern cs /P1 scn 0 0 10 10 re f"
    return pdf_objects([*TREE, page, stream(b"<<", b"/Pattern cs /P1 scn 0 0 595 842 re f"), stream(pattern, fill)])


def annotation_drawing_itself() -> bytes:
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots [5 0 R] /Resources << >> >>"
    annot = b"<< /Type /Annot /Subtype /Square /Rect [0 0 100 100] /AP << /N 6 0 R >> >>"
    appearance = b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /A 6 0 R >> >>"
    return pdf_objects([*TREE, page, stream(b"<<", b""), annot, stream(appearance, b"/A Do /A Do")])


def dense_page(op: bytes, megabytes: float) -> bytes:
    """One page whose content is `op` over and over, Flate-encoded (kilobytes on disk)."""
    data = op * int(megabytes * (1 << 20) / len(op))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>"
    return pdf_objects([*TREE, page, stream(b"<< /Filter /FlateDecode", zlib.compress(data, 9))])


def with_boxes(src: Path, dst: Path, **boxes) -> Path:
    import pypdf
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    writer = pypdf.PdfWriter(clone_from=str(src))
    for page in writer.pages:
        for key, value in boxes.items():
            if key == "scale":
                page.scale_by(value)
            elif key == "UserUnit":
                page[NameObject("/UserUnit")] = FloatObject(value)
            else:
                page[NameObject(f"/{key}")] = ArrayObject([FloatObject(v) for v in value])
    writer.write(dst)
    return dst


def huge_scan(path: Path, side: float = 200000.0) -> Path:
    """A scanned page (one image, no text layer) on a 200000 x 200000 pt MediaBox."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (800, 600), 255)
    ImageDraw.Draw(img).rectangle((50, 50, 750, 550), outline=0, width=3)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(side, side))
    c.drawImage(ImageReader(img), 0, 0, width=side, height=side * 0.75)
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())
    return path
