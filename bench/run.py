"""Run the benchmark: `python -m bench.run` (a few minutes; `--quick` skips the 1000-document run).

Prints a table and writes bench/results.json. Accuracy is measured against hand-checked truth:
each document's DOCX golden JSON, whitespace-insensitive (see bench/metrics.py).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.baselines import camelot_tables, pdfplumber_tables, rows_from_tables  # noqa: E402
from bench.metrics import Score, loose_key, row_key, scan_row_key, score_document, score_rows  # noqa: E402
from bench.timing import REPEATS, repeat  # noqa: E402

SAMPLES = ROOT / "samples"
FORMAT_DIRS = {"docx": "docx", "pdf": "pdf", "scan": "scan"}
# Samples drawn from a seed's content whose truth is another sample's hand-checked golden.
SAME_DOCUMENT = {"005_hebei_system_export": "000_hebei_project", "006_yunnan_web_lineless": "003_yunnan_department"}
# Their header truth is their own golden: the web printout shows only the indicator table, and the
# system export prints the report's prose without the report's title, so its prose tables name no
# unit (the DOCX's do).
OWN_HEADER = {"006_yunnan_web_lineless", "005_hebei_system_export"}
LAYOUTS = ("hebei", "shijiazhuang", "shanghai", "yunnan", "tianjin")


def _truth_for(sample: Path) -> tuple[dict, dict | None]:
    stem = sample.stem
    if sample.parent.name == "scan":  # a scan's golden is its digital original's truth
        return json.loads(sample.with_name(stem + ".golden.json").read_text(encoding="utf-8")), None
    base = SAME_DOCUMENT.get(stem.split(".")[0], stem)
    truth = json.loads((SAMPLES / "docx" / f"{base}.golden.json").read_text(encoding="utf-8"))
    own = sample.with_name(stem + ".golden.json")
    header = json.loads(own.read_text(encoding="utf-8")) if stem in OWN_HEADER and own.exists() else None
    return truth, header


def _samples() -> list[tuple[str, Path]]:
    out = []
    for fmt, d in FORMAT_DIRS.items():
        for p in sorted((SAMPLES / d).glob("*")):
            if p.suffix.lower() in (".docx", ".pdf", ".png", ".jpg", ".tif", ".tiff"):
                out.append((fmt, p))
    return out


def _layout(path: Path) -> str:
    return next((name for name in LAYOUTS if name in path.stem), "other")


def accuracy_and_speed() -> dict:
    from budget_perf.pipeline import convert

    convert(SAMPLES / "docx" / "000_hebei_project.docx")  # imports and first-call costs out of the timing
    per_layout: dict[str, Score] = {}
    per_format: dict[str, Score] = {}
    speed: dict[str, dict[str, float]] = {}
    docs = []
    for fmt, path in _samples():
        best, dt, result = repeat(lambda path=path: convert(path))
        doc = json.loads(result.model_dump_json())
        truth, header = _truth_for(path)
        # Scans are scored as in the scan conditions: a scan cannot show a digit typed full width.
        s = score_document(truth, doc, header, scan_row_key if fmt == "scan" else row_key)
        per_layout.setdefault(_layout(path), Score()).add(s)
        per_format.setdefault(fmt, Score()).add(s)
        lineless = any(i["code"] == "lineless_table" for i in doc["issues"])
        key = f"{fmt} (lineless)" if lineless else fmt
        sp = speed.setdefault(key, {"docs": 0, "pages": 0, "seconds": 0.0, "best": 0.0})
        sp["docs"] += 1
        sp["pages"] += doc["source"]["pages"] or 0
        sp["seconds"] += dt
        sp["best"] += best
        docs.append(
            {
                "sample": str(path.relative_to(ROOT)),
                "seconds": round(dt, 4),
                "f1": round(s.f1, 4),
                "value_accuracy": round(s.value_accuracy, 4),
                "header_accuracy": round(s.header_accuracy, 4),
                "missed_rows": s.misses,
            }
        )
    return {
        "per_layout": {k: _summary(v) for k, v in sorted(per_layout.items())},
        "per_format": {k: _summary(v) for k, v in sorted(per_format.items())},
        "speed": {
            fmt: {
                "docs_per_s": round(v["docs"] / v["seconds"], 2),
                "docs_per_s_best": round(v["docs"] / v["best"], 2),
                "pages_per_s": round(v["pages"] / v["seconds"], 2) if v["pages"] else None,
                "pages_per_s_best": round(v["pages"] / v["best"], 2) if v["pages"] else None,
                "seconds_per_page": round(v["seconds"] / v["pages"], 3) if v["pages"] else None,
                "docs": v["docs"],
                "pages": v["pages"],
            }
            for fmt, v in speed.items()
        },
        "documents": docs,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _summary(s: Score) -> dict:
    return {
        "rows_truth": s.tp + s.fn,
        "precision": round(s.precision, 4),
        "recall": round(s.recall, 4),
        "f1": round(s.f1, 4),
        "value_accuracy": round(s.value_accuracy, 4),
        "header_accuracy": round(s.header_accuracy, 4),
    }


def baselines() -> dict:
    from budget_perf.pipeline import convert

    out: dict[str, dict] = {}
    pdfs = [p for fmt, p in _samples() if fmt == "pdf"]
    for name, run in (
        ("this tool", None),
        ("pdfplumber extract_tables", pdfplumber_tables),
        ("camelot lattice", camelot_tables),
    ):
        total, loose = Score(), Score()
        seconds = fastest = pages = 0.0
        for path in pdfs:
            truth, _ = _truth_for(path)
            truth_rows = [i for t in truth["tables"] for i in t["indicators"]]
            if run is None:
                best, median, result = repeat(lambda path=path: convert(path))
                doc = json.loads(result.model_dump_json())
                rows = [i for t in doc["tables"] for i in t["indicators"]]
                n_pages = doc["source"]["pages"]
            else:
                try:
                    best, median, (tables, n_pages) = repeat(lambda path=path, run=run: run(str(path)))
                except Exception as e:  # a baseline that cannot read a file scores nothing on it
                    print(f"  {name} failed on {path.name}: {type(e).__name__}", file=sys.stderr)
                    best = median = 0.0
                    tables, n_pages = [], 0
                rows = rows_from_tables(tables)
                if not n_pages:
                    import pypdfium2

                    n_pages = len(pypdfium2.PdfDocument(str(path)))
            seconds += median
            fastest += best
            pages += n_pages
            total.add(score_rows(truth_rows, rows))
            loose.add(score_rows(truth_rows, rows, key=loose_key))
        out[name] = {
            "pages_per_s": round(pages / seconds, 2),
            "pages_per_s_best": round(pages / fastest, 2),
            "rows_right": total.tp,
            "name_and_value_right": loose.tp,
            "rows_truth": total.tp + total.fn,
            "f1": round(total.f1, 4),
        }
    return out


_CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
from budget_perf.pipeline import convert
pages = 0
for p in json.load(open({listing!r})):
    pages += convert(p).source.pages or 0
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({{"seconds": time.perf_counter() - t0, "pages": pages, "peak_rss_mb": hwm / 1024}}))
"""


def scaling(sizes: list[int]) -> list[dict]:
    from bench.generate import generate

    gen_dir = ROOT / "bench" / "out" / "generated"
    paths = generate(max(sizes), gen_dir)
    out = []
    for n in sizes:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            json.dump([str(p) for p in paths[:n]], fh)
        code = _CHILD.format(root=str(ROOT), listing=fh.name)
        runs = [
            json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(REPEATS)
        ]
        os.unlink(fh.name)
        seconds = sorted(r["seconds"] for r in runs)
        median = seconds[len(seconds) // 2]
        out.append(
            {
                "documents": n,
                "seconds": round(median, 2),
                "seconds_best": round(seconds[0], 2),
                "ms_per_doc": round(1000 * median / n, 1),
                "pages": runs[0]["pages"],
                "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 1),
            }
        )
    return out


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def batch(n: int, workers: list[int]) -> list[dict]:
    """The real batch CLI over `n` generated documents; peak memory of the whole process tree."""
    from bench.generate import generate

    src = ROOT / "bench" / "out" / "generated"
    paths = generate(max(n, 1000), src)[:n]
    listing = ROOT / "bench" / "out" / f"batch_{n}"
    listing.mkdir(parents=True, exist_ok=True)
    for old in listing.glob("*"):
        old.unlink()
    for p in paths:
        (listing / p.name).symlink_to(p)
    out = []
    for w in workers:
        runs = [_batch_once(listing, w) for _ in range(REPEATS)]
        times = sorted(seconds for seconds, _, _ in runs)
        seconds = times[len(times) // 2]
        entries = runs[-1][2]
        pages = sum(e.get("pages") or 0 for e in entries)
        out.append(
            {
                "documents": n,
                "workers": w,
                "seconds": round(seconds, 2),
                "seconds_best": round(times[0], 2),
                "docs_per_s": round(n / seconds, 1),
                "pages_per_s": round(pages / seconds, 1),
                "peak_rss_mb_all_processes": round(max(peak for _, peak, _ in runs), 1),
                "ok": sum(e["status"] == "ok" for e in entries),
            }
        )
    return out


def _batch_once(listing: Path, w: int) -> tuple[float, float, list[dict]]:
    """One run of the batch CLI: seconds, peak RSS of the process tree, manifest entries."""
    target = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    cmd = [
        sys.executable,
        str(ROOT / "cli.py"),
        "extract",
        str(listing),
        "-o",
        str(target),
        "-q",
        "--workers",
        str(w),
    ]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_mb(proc.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - t0
    entries = [json.loads(line) for line in (target / "manifest.jsonl").read_text().splitlines()]
    shutil.rmtree(target, ignore_errors=True)
    return seconds, peak, entries


_OCR_CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from budget_perf.pipeline import convert
t0 = time.perf_counter()
doc = convert({path!r})
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(doc.source.pages, round(time.perf_counter() - t0, 2), round(hwm / 1024, 1))
"""


def ocr_memory(page_counts: list[int]) -> list[dict]:
    """Peak memory of one process OCR-ing a multi-page TIFF of scan pages, by page count."""
    import pypdfium2

    src = pypdfium2.PdfDocument(str(SAMPLES / "scan" / "004_tianjin_projects_scan.pdf"))
    pages = [src[i].render(scale=200 / 72, grayscale=True).to_pil().convert("L") for i in range(len(src))]
    out = []
    for n in page_counts:
        tiff = ROOT / "bench" / "out" / f"scan_{n}.tif"
        tiff.parent.mkdir(parents=True, exist_ok=True)
        frames = [pages[i % len(pages)] for i in range(n)]
        frames[0].save(tiff, save_all=True, append_images=frames[1:], compression="tiff_deflate", dpi=(200, 200))
        code = _OCR_CHILD.format(root=str(ROOT), path=str(tiff))
        runs = [
            subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
            for _ in range(REPEATS)
        ]
        times = sorted(float(seconds) for _, seconds, _ in runs)
        out.append(
            {
                "pages": int(runs[0][0]),
                "seconds": times[len(times) // 2],
                "seconds_best": times[0],
                "peak_rss_mb": max(float(peak) for _, _, peak in runs),
            }
        )
    return out


def startup() -> dict:
    sample = str(SAMPLES / "docx" / "000_hebei_project.docx")
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "cli.py"), "extract", sample], capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return {"cli_extract_one_docx_s": round(min(times), 3), "median_s": round(statistics.median(times), 3)}


def machine() -> dict:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()}


def render(results: dict) -> str:
    lines = [
        f"Benchmark {results['date']} on {results['machine']['cpu']} ({results['machine']['cores']} cores), "
        f"Python {results['machine']['python']}",
        "",
    ]
    acc = results["accuracy"]
    lines += [
        "| by | rows (truth) | precision | recall | F1 | value acc. | header acc. |",
        "|---|---|---|---|---|---|---|",
    ]
    for group in ("per_format", "per_layout"):
        for k, v in acc[group].items():
            lines.append(
                f"| {group[4:]}: {k} | {v['rows_truth']} | {v['precision']:.3f} | {v['recall']:.3f} | "
                f"{v['f1']:.3f} | {v['value_accuracy']:.3f} | {v['header_accuracy']:.3f} |"
            )
    lines += [
        "",
        f"| format (median of {REPEATS} runs; best) | docs/s | pages/s | s/page |",
        "|---|---|---|---|",
    ]
    for fmt, v in acc["speed"].items():
        pps = f"{v['pages_per_s']} ({v.get('pages_per_s_best', '—')})" if v["pages_per_s"] is not None else "—"
        spp = v["seconds_per_page"] if v["seconds_per_page"] is not None else "—"
        lines.append(f"| {fmt} | {v['docs_per_s']} ({v.get('docs_per_s_best', '—')}) | {pps} | {spp} |")
    lines += [
        "",
        f"Start-up (one DOCX through the CLI, wall, best of 3): {results['startup']['cli_extract_one_docx_s']} s; "
        f"peak RSS over all samples (lineless fallback loads camelot/OpenCV): {acc['peak_rss_mb']} MB",
        "",
    ]
    lines += [
        f"| on the same PDFs | pages/s (median of {REPEATS}; best) | rows right (levels + raw value) | F1 "
        "| 三级指标 + raw value right |",
        "|---|---|---|---|---|",
    ]
    for name, v in results["baselines"].items():
        lines.append(
            f"| {name} | {v['pages_per_s']} ({v.get('pages_per_s_best', '—')}) | {v['rows_right']}/{v['rows_truth']} "
            f"| {v['f1']:.3f} | "
            f"{v['name_and_value_right']}/{v['rows_truth']} |"
        )
    lines += [
        "",
        f"| batch CLI: documents | workers | seconds (median of {REPEATS}; best) | docs/s | pages/s "
        "| peak RSS MB, all processes |",
        "|---|---|---|---|---|---|",
    ]
    for v in results["batch"]:
        lines.append(
            f"| {v['documents']} | {v['workers']} | {v['seconds']} ({v.get('seconds_best', '—')}) "
            f"| {v['docs_per_s']} | {v['pages_per_s']} | "
            f"{v['peak_rss_mb_all_processes']} |"
        )
    lines += [
        "",
        f"| OCR, one multi-page TIFF | seconds (median of {REPEATS}; best) | s/page | peak RSS MB |",
        "|---|---|---|---|",
    ]
    for v in results["ocr_memory"]:
        lines.append(
            f"| {v['pages']} pages | {v['seconds']} ({v.get('seconds_best', '—')}) | {v['seconds'] / v['pages']:.2f} "
            f"| {v['peak_rss_mb']} |"
        )
    lines += [
        "",
        f"| documents (one process) | seconds (median of {REPEATS}; best) | ms/doc | pages | peak RSS MB |",
        "|---|---|---|---|---|",
    ]
    for v in results["scaling"]:
        lines.append(
            f"| {v['documents']} | {v['seconds']} ({v.get('seconds_best', '—')}) | {v['ms_per_doc']} | {v['pages']} "
            f"| {v['peak_rss_mb']} |"
        )
    for section, (module, _) in MODULE_SECTIONS.items():
        if section in results:
            lines += ["", *importlib.import_module(module).render(results[section])]
    return "\n".join(lines)


# Sections measured and printed by a module of their own (its `render`), in the order printed.
MODULE_SECTIONS = {
    "real": ("bench.real", "real_bench"),
    "values": ("bench.values", "value_accuracy"),
    "scan_split": ("bench.scan_split", "scan_split"),
    "scan_conditions": ("bench.scan_conditions", "scan_condition_bench"),
    "scan_consistency": ("bench.scan_consistency", "scan_consistency_bench"),
    "pdf_stages": ("bench.pdf_stages", "pdf_stage_bench"),
    "cluster": ("bench.cluster", "cluster_bench"),
    "variants": ("bench.variants", "variant_bench"),
    "provinces": ("bench.provinces", "province_bench"),
    "web_pages": ("bench.web_pages", "web_page_bench"),
    "spreadsheets": ("bench.spreadsheets", "spreadsheet_bench"),
    "data": ("bench.data", "data_bench"),
}
SECTIONS = ("real", "accuracy", "startup", "baselines", "scaling", "batch", "ocr_memory", "values", "spreadsheets",
            "variants", "provinces", "web_pages", "cluster", "pdf_stages", "scan_split", "scan_conditions",
            "scan_consistency", "data")  # fmt: skip


def _measured_by(module: str, function: str):
    """A section's measurement, its module imported only when the section runs."""
    return lambda: getattr(importlib.import_module(module), function)()


def main() -> int:
    parser = argparse.ArgumentParser(description="accuracy and speed side by side with baselines")
    parser.add_argument("--quick", action="store_true", help="scaling up to 100 documents only")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument(
        "--only",
        help="comma-separated sections to run again, the others kept from --output: " + ", ".join(SECTIONS),
    )
    args = parser.parse_args()
    sizes = [1, 10, 100] if args.quick else [1, 10, 100, 1000]
    runners = {
        "accuracy": accuracy_and_speed,
        "startup": startup,
        "baselines": baselines,
        "scaling": lambda: scaling(sizes),
        "batch": lambda: batch(500, [1, 2]),
        "ocr_memory": lambda: ocr_memory([6, 24]),
        **{section: _measured_by(*where) for section, where in MODULE_SECTIONS.items()},
    }
    chosen = args.only.split(",") if args.only else list(SECTIONS)
    unknown = set(chosen) - set(runners)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    previous = json.loads(Path(args.output).read_text(encoding="utf-8")) if args.only else {}
    results = {**previous, "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine()}
    for name in chosen:
        results[name] = runners[name]()
    Path(args.output).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
