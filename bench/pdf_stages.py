"""Digital PDFs stage by stage, each timing repeated from cold caches (min and median of 5 runs), beside PDFium's
plain text extraction on the same pages: where the time goes, and how far from the text layer's
own speed the tool is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.timing import repeat

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 5


def _pdfs() -> list[Path]:
    return sorted((ROOT / "samples" / "pdf").glob("*.pdf")) + sorted((ROOT / "samples" / "variants").glob("*.pdf"))


def _timed(fn) -> tuple[float, float]:
    best, median, _ = repeat(fn, REPEATS)
    return best, median


def pdf_stage_bench() -> dict:
    import pypdfium2 as pdfium

    from budget_perf.assemble import build_tables
    from budget_perf.pipeline import convert
    from extract.pdf.chars import read_chars
    from extract.pdf.fonts import use_bundled_fonts
    from extract.pdf.frame import Frame
    from extract.pdf.objects import walk
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
            angle = walk(p).text_angle
            tp = p.get_textpage()
            read_chars(tp, h, f, angle)
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
    return {
        "pages": n,
        "documents": len(paths),
        "stages": out,
        "end_to_end_vs_text_layer": round(end / base, 3),
        "memory": [_peak_rss(paths, rounds) for rounds in MEMORY_ROUNDS],
    }


MEMORY_ROUNDS = (1, 20)
_CHILD = """
import sys
sys.path.insert(0, {root!r})
from budget_perf.pipeline import convert
for _ in range({rounds}):
    for p in {paths!r}:
        convert(p)
print(next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")))
"""


def _peak_rss(paths: list[Path], rounds: int) -> dict:
    """Peak resident memory of one worker process converting the set `rounds` times over."""
    code = _CHILD.format(root=str(ROOT), rounds=rounds, paths=[str(p) for p in paths])
    kb = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    return {"rounds": rounds, "pages": rounds * sum(_page_count(p) for p in paths), "peak_rss_mb": round(kb / 1024, 1)}


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def render(result: dict) -> list[str]:
    lines = [
        f"| PDF stage ({result['documents']} digital PDFs, {result['pages']} pages, 5 runs) "
        "| pages/s best | pages/s median |",
        "|---|---|---|",
    ]
    lines += [f"| {k} | {v['pages_per_s_best']} | {v['pages_per_s_median']} |" for k, v in result["stages"].items()]
    lines.append(f"| end to end / text layer alone | | {result['end_to_end_vs_text_layer']:.1%} |")
    if "memory" in result:
        lines += ["", "| one worker process, digital PDFs only | pages | peak RSS MB |", "|---|---|---|"]
        lines += [
            f"| the {result['documents']} PDFs converted {m['rounds']}× | {m['pages']} | {m['peak_rss_mb']} |"
            for m in result["memory"]
        ]
    return lines
