"""The review report (Jinja2 templates in `templates/`): per document, each page image with the
detected cells and the flagged cells outlined, beside that page's findings and indicator rows
(parsed value and OCR confidence per row); an index for the batch sorted for a reviewer.

Files are self-contained (images embedded as data URIs, no scripts, no network)."""

from __future__ import annotations

import base64
import io
from collections import Counter
from functools import lru_cache
from pathlib import Path

from budget_perf.qa.names import SEVERITY_NAMES, SEVERITY_ORDER, name_of
from extract.model import RawDocument, Table
from schemas import Document, Issue

SCALE = 2.0  # page images rendered at twice their size in points: Chinese stays legible when zoomed
SHOWN = 1.1  # and shown at this scale beside the findings (the full image is one click away)


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("budget_perf.qa", "templates"), autoescape=select_autoescape(["j2", "html"]))
    env.globals.update(name_of=name_of, severity_names=SEVERITY_NAMES, verdict_names=VERDICT_NAMES)
    return env


def _page_images(path: Path, fmt: str, scale: float = 1.3) -> list[tuple[bytes, float, float]]:
    """PNG bytes and page size in points, for PDF pages and image frames; none for DOCX."""
    from PIL import Image, ImageSequence

    out = []
    if fmt == "pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        for i in range(len(pdf)):
            page = pdf[i]
            w, h = page.get_size()
            img = page.render(scale=scale).to_pil()
            buf = io.BytesIO()
            img.save(buf, "PNG", optimize=True)
            out.append((buf.getvalue(), w, h))
    elif fmt == "image":
        with Image.open(path) as src:
            for frame in ImageSequence.Iterator(src):
                grey = frame.convert("L")
                dpi = frame.info.get("dpi", (0, 0))[0] or min(grey.size) / 8.27
                w, h = grey.width * 72 / dpi, grey.height * 72 / dpi
                small = grey.resize((int(w * scale), int(h * scale)))
                buf = io.BytesIO()
                small.save(buf, "PNG", optimize=True)
                out.append((buf.getvalue(), w, h))
    return out


def _box(b) -> tuple[str, str, str, str]:
    x0, y0, x1, y1 = b
    return f"{x0:.1f}", f"{y0:.1f}", f"{x1 - x0:.1f}", f"{y1 - y0:.1f}"


def _ordered(findings: list[Issue]) -> list[Issue]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.table or 0, f.row or 0, f.code))


def document_page(doc: Document, raw: RawDocument | None, findings: list[Issue], verdict: str = "findings") -> str:
    """`raw` is the reader's model (cell outlines on the page images); None for a document read
    back from a batch's JSON, whose pages are shown without cell outlines."""
    path = Path(doc.source.path)
    cells = [c for b in raw.blocks if isinstance(b, Table) for c in b.cells] if raw is not None else []
    findings = _ordered(findings)
    pages = []
    for number, (png, w, h) in enumerate(_page_images(path, doc.source.format, SCALE), start=1):
        on_page = [f for f in findings if f.page == number]
        pages.append(
            {
                "number": number,
                "png": base64.b64encode(png).decode(),
                "w": f"{w:.1f}",
                "h": f"{h:.1f}",
                "width": f"{w * SHOWN:.0f}",
                "height": f"{h * SHOWN:.0f}",
                "cells": [_box(c.bbox) for c in cells if c.page == number and c.bbox],
                "flags": [(_box(f.bbox), f) for f in on_page if f.bbox],
                "findings": on_page,
            }
        )
    with_pages = {id(f) for p in pages for f in p["findings"]}
    money = []
    for t in doc.tables:
        b = t.budget
        money.append(f"预算 {b.total:,.2f}{b.currency_unit or ''}" if b and b.total is not None else "")
    return (
        _environment()
        .get_template("document.html.j2")
        .render(
            title=path.name,
            name=path.name,
            doc=doc,
            verdict=verdict,
            counts=Counter(f.severity for f in findings),
            tables=list(enumerate(doc.tables)),
            money=money,
            flagged={(f.table, f.row) for f in findings if f.row is not None},
            pages=pages,
            document_findings=[f for f in findings if id(f) not in with_pages and (not pages or f.table is None)],
            table_findings={i: [f for f in findings if f.table == i] for i in range(len(doc.tables))},
        )
    )


VERDICT_NAMES = {"pass": "通过", "findings": "有问题", "not_checked": "未检查"}


def index_page(entries: list[tuple[str, str, list[Issue], str]], unreadable: list[tuple[str, str]] = ()) -> str:
    """Documents sorted for a reviewer: not checked first, then by errors; unreadable ones listed."""
    order = {"not_checked": 0, "findings": 1, "pass": 2}
    documents = [
        {
            "name": name,
            "link": link,
            "verdict": verdict,
            "errors": sum(f.severity == "error" for f in fs),
            "warnings": sum(f.severity == "warning" for f in fs),
        }
        for name, link, fs, verdict in entries
    ]
    documents.sort(key=lambda d: (order[d["verdict"]], -d["errors"], -d["warnings"], d["name"]))
    by_rule = Counter((f.code, f.severity) for _, _, fs, _ in entries for f in fs)
    rules = sorted(((c, sev, n) for (c, sev), n in by_rule.items()), key=lambda r: (SEVERITY_ORDER.get(r[1], 3), -r[2]))
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            title="审核报告",
            documents=documents,
            unreadable=list(unreadable),
            rules=rules,
            total=len(entries) + len(unreadable),
            counts=Counter(d["verdict"] for d in documents),
        )
    )
