"""What a worker process does with one input: convert it and write its JSON atomically."""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter
from pathlib import Path

from budget_perf.batch.manifest import Entry
from budget_perf.batch.outdir import is_outdir_error
from budget_perf.batch.pool import Task
from budget_perf.errors import ExtractionError, one_line
from budget_perf.isolate import memory_message
from extract.options import ReadOptions


def output_name(shown: str | Path, sha256: str) -> str:
    """`<stem>-<sha256[:12]>.json`; a bundle member is named by its own name, not its bundle's."""
    return f"{Path(str(shown).rsplit('!/', 1)[-1]).stem}-{sha256[:12]}.json"


def write_atomically(target: Path, data: str) -> None:
    """Write to a temporary name in the same directory, then rename: readers never see half a
    file, and a write that fails (a full disk) leaves nothing behind."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _said(error: object, read: Path, task: Task) -> str:
    """The one-line reason, naming the input as the manifest does (a bundle member, not the
    temporary file it was read from; an undecodable name with its bytes escaped)."""
    return one_line(str(error).replace(str(read), task.shown))


def convert_one(task: Task, outdir: Path, options: ReadOptions) -> Entry:
    """A manifest entry for `task`; never raises."""
    from budget_perf.batch.bundles import member_file
    from budget_perf.pipeline import convert

    t0 = time.perf_counter()
    entry: Entry = {"path": task.shown, "sha256": task.sha256}

    def failed(why: str, **extra: str) -> Entry:
        return {**entry, "status": "failed", "error": why, "seconds": round(time.perf_counter() - t0, 3), **extra}

    read = task.path
    try:
        with member_file(task, outdir) as read:
            doc = convert(read, options, shown=task.shown)
    except ExtractionError as e:
        return failed(_said(e, read, task))
    except MemoryError:
        return failed(memory_message(options.max_memory_mb))
    except OSError as e:  # extracting a member into OUTDIR/.work
        return failed(_said(f"{task.shown}: cannot be read ({e.strerror or e})", read, task),
                      **({"outdir_error": e.strerror or str(e)} if is_outdir_error(e) else {}))  # fmt: skip
    except Exception as e:  # a bug must cost one file, not the batch
        return failed(_said(f"{type(e).__name__}: {e}", read, task))
    if doc.source.sha256 != task.sha256:
        return failed(f"{task.shown}: changed while the batch was reading it; run the batch again to convert it")
    name = output_name(task.shown, task.sha256)
    try:
        write_atomically(outdir / name, doc.model_dump_json(indent=2))
    except OSError as e:
        return failed(f"cannot write {name} ({e.strerror or e})", outdir_error=e.strerror or str(e))
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
