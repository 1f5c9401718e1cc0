"""Digital PDFs stage by stage, each timing repeated from cold caches (min and median of 5 runs), beside PDFium's
plain text extraction on the same pages: where the time goes, and how far from the text layer's
own speed the tool is."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 5


def _pdfs() -> list[Path]:
    return sorted((ROOT / "samples" / "pdf").glob("*.pdf")) + sorted((ROOT / "samples" / "variants").glob("*.pdf"))


def _cold() -> None:
    """Empty the memo caches of the text repairs, so no run profits from the one before it."""
    from normalizers import labels, text

    for fn in (text._clean_lines, text.clean, text.label_key, labels.role_of):
        fn.cache_clear()


def _timed(fn) -> tuple[float, float]:
    runs = []
    for _ in range(REPEATS):
        _cold()
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return min(runs), statistics.median(runs)


def pdf_stage_bench() -> dict:
    import pypdfium2 as pdfium

    from budget_perf.assemble import build_tables
    from budget_perf.pipeline import convert
    from extract.pdf.chars import read_chars
    from extract.pdf.fonts import use_bundled_fonts
    from extract.pdf.frame import Frame
    from extract.pdf.reader import read_pdf
    from extract.pdf.rulings import find_grids, page_segments
    from schemas import Document

    use_bundled_fonts()
    paths = _pdfs()
    docs = [pdfium.PdfDocument(str(p)) for p in paths]
    pages = [d[i] for d in docs for i in range(len(d))]
    n = len(pages)
    sizes = [p.get_size()[1] for p in pages]
    frames = [Frame.of(p) for p in pages]
    segments = [page_segments(p, h, f) for p, h, f in zip(pages, sizes, frames, strict=True)]
    raws = [read_pdf(p) for p in paths]
    results = [convert(p) for p in paths]
    jsons = [r.model_dump_json() for r in results]

    def text_layer() -> None:
        for p in pages:
            tp = p.get_textpage()
            tp.get_text_range()
            tp.close()

    def chars() -> None:
        for p, h, f in zip(pages, sizes, frames, strict=True):
            tp = p.get_textpage()
            read_chars(tp, h, f)
            tp.close()

    stages = {
        "PDFium text layer alone (get_text_range)": text_layer,
        "chars": chars,
        "rules": lambda: [page_segments(p, h, f) for p, h, f in zip(pages, sizes, frames, strict=True)],
        "grids": lambda: [find_grids(hz, vt) for hz, vt in segments],
        "assembly": lambda: [build_tables(r) for r in raws],
        "validation": lambda: [Document.model_validate_json(j) for j in jsons],
        "end to end (convert)": lambda: [convert(p) for p in paths],
    }
    out = {}
    for name, fn in stages.items():
        best, median = _timed(fn)
        out[name] = {"pages_per_s_best": round(n / best, 1), "pages_per_s_median": round(n / median, 1)}
    for d in docs:
        d.close()
    base = out["PDFium text layer alone (get_text_range)"]["pages_per_s_median"]
    end = out["end to end (convert)"]["pages_per_s_median"]
    return {"pages": n, "documents": len(paths), "stages": out, "end_to_end_vs_text_layer": round(end / base, 3)}


def render(result: dict) -> list[str]:
    lines = [
        f"| PDF stage ({result['documents']} digital PDFs, {result['pages']} pages, 5 runs) "
        "| pages/s best | pages/s median |",
        "|---|---|---|",
    ]
    lines += [f"| {k} | {v['pages_per_s_best']} | {v['pages_per_s_median']} |" for k, v in result["stages"].items()]
    lines.append(f"| end to end / text layer alone | | {result['end_to_end_vs_text_layer']:.1%} |")
    return lines
