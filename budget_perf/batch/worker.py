"""What a worker process does with one input: convert it and write its JSON atomically."""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

from budget_perf.errors import ExtractionError, one_line
from budget_perf.isolate import memory_message
from budget_perf.limits import current


def output_name(path: Path, sha256: str) -> str:
    return f"{path.stem}-{sha256[:12]}.json"


def write_atomically(target: Path, data: str) -> None:
    """Write to a temporary name in the same directory, then rename: readers never see half a file."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)


def convert_one(path: Path, sha256: str, outdir: Path) -> dict:
    """A manifest entry for `path`; never raises."""
    from budget_perf.pipeline import convert

    t0 = time.perf_counter()
    entry: dict = {"path": str(path), "sha256": sha256}
    try:
        doc = convert(path)
    except ExtractionError as e:
        return {**entry, "status": "failed", "error": one_line(e), "seconds": round(time.perf_counter() - t0, 3)}
    except MemoryError:
        error = memory_message(current().max_memory_mb)
        return {**entry, "status": "failed", "error": error, "seconds": round(time.perf_counter() - t0, 3)}
    except Exception as e:  # a bug must cost one file, not the batch
        return {
            **entry,
            "status": "failed",
            "error": one_line(f"{type(e).__name__}: {e}"),
            "seconds": round(time.perf_counter() - t0, 3),
        }
    name = output_name(path, sha256)
    write_atomically(outdir / name, doc.model_dump_json(indent=2))
    return {
        **entry,
        "status": "ok",
        "output": name,
        "format": doc.source.format,
        "pages": doc.source.pages,
        "tables": len(doc.tables),
        "indicators": sum(len(t.indicators) for t in doc.tables),
        "issues": dict(Counter(i.severity for i in doc.issues)),
        "seconds": round(time.perf_counter() - t0, 3),
    }
