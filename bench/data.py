"""Data engineering: flat exports (rows/s per format) and `load` (rows/s first load and reload, with
the QA rules), on an OUTDIR of every golden document repeated under new content ids."""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIES = 20
REPEATS = 3


def _outdir(tmp: Path) -> tuple[Path, int]:
    goldens = sorted(ROOT.glob("samples/*/*golden.json"))
    lines, rows = [], 0
    for copy in range(COPIES):
        for g in goldens:
            doc = json.loads(g.read_text(encoding="utf-8"))
            sha = hashlib.sha256(f"{g.name}-{copy}".encode()).hexdigest()
            doc["source"] = {**doc["source"], "sha256": sha, "path": f"/in/{copy}/{g.name}"}
            name = f"{g.stem}-{sha[:12]}.json"
            (tmp / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
            lines.append({"path": doc["source"]["path"], "sha256": sha, "status": "ok", "output": name,
                          "schema_version": doc["schema_version"]})  # fmt: skip
            rows += sum(len(t["indicators"]) for t in doc["tables"])
    (tmp / "manifest.jsonl").write_text("".join(json.dumps(e) + "\n" for e in lines), encoding="utf-8")
    return tmp, rows


def _timed(fn) -> tuple[float, float]:
    runs = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return min(runs), statistics.median(runs)


def data_bench() -> dict:
    from budget_perf.batch import flat
    from budget_perf.db.load import load

    with tempfile.TemporaryDirectory() as tmp:
        out, rows = _outdir(Path(tmp))
        docs = sum(1 for _ in (out / "manifest.jsonl").open())
        result: dict = {"documents": docs, "rows": rows, "exports": {}, "load": {}}
        for fmt in ("jsonl", "csv", "xlsx", "parquet"):
            best, median = _timed(lambda fmt=fmt: flat.export(out, fmt))
            result["exports"][fmt] = {"rows_per_s_best": round(rows / best), "rows_per_s_median": round(rows / median)}
        targets = {"sqlite": f"sqlite:///{Path(tmp) / 'bench.db'}"}
        if os.environ.get("TEST_POSTGRES_URL"):
            targets["postgresql"] = os.environ["TEST_POSTGRES_URL"]
        for name, url in targets.items():
            if name == "postgresql":
                _empty_postgres(url)
            t0 = time.perf_counter()
            stats = load(out, url)
            first = time.perf_counter() - t0
            t0 = time.perf_counter()
            load(out, url)
            again = time.perf_counter() - t0
            result["load"][name] = {
                "first_rows_per_s": round(rows / first), "reload_rows_per_s": round(rows / again),
                "docs_per_s": round(docs / first, 1), "qa_findings": stats.qa_findings,
            }  # fmt: skip
    return result


def _empty_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    from budget_perf.db.url import resolve

    engine = create_engine(resolve(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def render(r: dict) -> list[str]:
    lines = [f"Flat exports and load: {r['documents']} documents, {r['rows']} indicator rows (one core)", "",
             "| export | rows/s (best of 3) | rows/s (median) |", "|---|---|---|"]  # fmt: skip
    lines += [f"| {f} | {v['rows_per_s_best']} | {v['rows_per_s_median']} |" for f, v in r["exports"].items()]
    lines += ["", "| load (QA rules included) | first load rows/s | reload rows/s | docs/s |", "|---|---|---|---|"]
    lines += [f"| {db} | {v['first_rows_per_s']} | {v['reload_rows_per_s']} | {v['docs_per_s']} |"
              for db, v in r["load"].items()]  # fmt: skip
    return lines
