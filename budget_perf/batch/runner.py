"""The batch: expand inputs, skip what is done, convert the rest in parallel, record everything.

Every file found gets a manifest line: converted (`ok`), `failed`, `timeout`, `unsupported`
(a kind of file not read), `skipped` (a hidden directory), or `duplicate` (the same bytes as
another input, pointing at its output). A path whose content changed since an earlier run is
converted again and its older version gets a `superseded` line (its output file is removed).
Duplicates wait for their original: if it fails, they are converted themselves, since a name can
matter (a misnamed copy fails where the right one succeeds)."""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from budget_perf.batch import flat, manifest, pool
from budget_perf.batch.inputs import walk
from budget_perf.batch.worker import convert_one

NOT_CONVERTED = ("failed", "timeout")  # inputs tried and lost: the batch exits 1


@dataclass
class Summary:
    converted: int = 0
    skipped: int = 0  # already done in an earlier run
    failed: list[dict] = field(default_factory=list)  # failed and timeout entries
    # Recorded, counted, not errors: unsupported files, duplicates, hidden directories.
    noted: Counter = field(default_factory=Counter)
    flat_files: list[Path] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    @property
    def found_nothing(self) -> bool:
        return not (self.converted or self.skipped or self.failed or self.noted)


def _sha256(path: Path) -> tuple[str | None, str | None]:
    try:
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest(), None
    except OSError as e:
        return None, f"{path}: {e.strerror or 'cannot be read'}"


def _remove_stale_temporaries(outdir: Path) -> None:
    for tmp in outdir.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)  # left by a batch killed mid-write


def run_batch(
    paths: list[str],
    outdir: Path,
    workers: int,
    timeout: float,
    formats: tuple[str, ...] = (),
    force: bool = False,
    progress: bool = True,
    convert: Callable = convert_one,
    scheduler: str | None = None,
    headers: str = "zh",
) -> Summary:
    """Convert `paths` into `outdir`: in local worker processes, or on the Dask cluster whose
    scheduler is at `scheduler` (tcp://host:8786); the manifest and outputs are the same."""
    outdir.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(outdir)
    inputs, others = walk(paths, exclude=outdir)
    finished = {} if force else manifest.done(outdir)
    summary = Summary()
    writer = manifest.Writer(outdir)
    try:
        for found in others:
            entry = {"path": str(found.path), "sha256": None, "status": found.status, "error": found.reason}
            writer.append(entry)
            _count(summary, entry)
        tasks: list[tuple[Path, str]] = []
        waiting: dict[str, list[Path]] = {}  # sha256 -> later paths with the same bytes
        for path in inputs:
            sha, problem = _sha256(path)
            if sha is None:
                entry = {"path": str(path), "sha256": None, "status": "failed", "error": problem}
                writer.append(entry)
                _count(summary, entry)
            elif sha in finished:
                if finished[sha].get("path") == str(path):
                    summary.skipped += 1
                else:
                    entry = _duplicate(path, sha, finished[sha])
                    writer.append(entry)
                    _count(summary, entry)
            elif sha in waiting:
                waiting[sha].append(path)
            else:
                waiting[sha] = []
                tasks.append((path, sha))
        bar = _progress(len(tasks) + sum(map(len, waiting.values())), progress)
        try:
            retry: list[tuple[Path, str]] = []

            def engine(batch: list[tuple[Path, str]]):
                if scheduler:
                    from budget_perf.batch import cluster
                    from budget_perf.limits import current

                    return cluster.run(batch, outdir, convert, scheduler, timeout, current().max_memory_mb)
                return pool.run(batch, outdir, convert, workers, timeout)

            for entry in engine(tasks):
                writer.append(entry)
                _count(summary, entry)
                bar.update(1)
                later = waiting.pop(entry["sha256"], [])
                if entry["status"] == "ok":
                    for path in later:
                        writer.append(_duplicate(path, entry["sha256"], entry))
                        _count(summary, {"status": "duplicate"})
                        bar.update(1)
                else:
                    retry += [(path, entry["sha256"]) for path in later]
            for entry in engine(retry) if retry else ():
                writer.append(entry)
                _count(summary, entry)
                bar.update(1)
        finally:
            bar.close()
        _retire_replaced(outdir, writer, summary)
    finally:
        writer.close()
    summary.flat_files = [f for f in (flat.export(outdir, fmt, headers) for fmt in dict.fromkeys(formats)) if f]
    return summary


def _retire_replaced(outdir: Path, writer: manifest.Writer, summary: Summary) -> None:
    """A path whose content changed: its older version's output goes, with a manifest line saying
    what replaced it (also done for a batch killed before it got here, on the next run)."""
    in_use = {e.get("output") for e in manifest.current(outdir).values()}
    for entry in manifest.replaced(outdir):
        if entry["output"] and entry["output"] not in in_use:
            (outdir / entry["output"]).unlink(missing_ok=True)
        writer.append(entry)
        _count(summary, entry)


def _duplicate(path: Path, sha: str, original: dict) -> dict:
    return {
        "path": str(path),
        "sha256": sha,
        "status": "duplicate",
        "duplicate_of": original.get("path"),
        "output": original.get("output"),
    }


def _count(summary: Summary, entry: dict) -> None:
    status = entry["status"]
    if status == "ok":
        summary.converted += 1
    elif status in NOT_CONVERTED:
        summary.failed.append(entry)
    else:
        summary.noted[status] += 1


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", disable=not (enabled and sys.stderr.isatty()), dynamic_ncols=True)


def describe(summary: Summary) -> str:
    counts = Counter(e["status"] for e in summary.failed) + summary.noted
    parts = [f"{summary.converted} converted", f"{summary.skipped} already done"]
    parts += [f"{n} {status}" for status, n in sorted(counts.items())]
    return ", ".join(parts)
