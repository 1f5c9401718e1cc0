"""The batch: expand inputs, skip what is done, convert the rest in parallel, record everything."""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from budget_perf.batch import flat, manifest, pool
from budget_perf.batch.inputs import expand
from budget_perf.batch.worker import convert_one


@dataclass
class Summary:
    converted: int = 0
    skipped: int = 0
    failed: list[dict] = field(default_factory=list)
    flat_files: list[Path] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def _sha256(path: Path) -> str | None:
    try:
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


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
) -> Summary:
    outdir.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(outdir)
    inputs = expand(paths, exclude=outdir)
    finished = {} if force else manifest.done(outdir)
    summary = Summary()
    writer = manifest.Writer(outdir)
    tasks = []
    for path in inputs:
        sha = _sha256(path)
        if sha is None:
            entry = {
                "path": str(path),
                "sha256": None,
                "status": "failed",
                "error": f"{path}: no such file or unreadable",
            }
            writer.append(entry)
            summary.failed.append(entry)
        elif sha in finished:
            summary.skipped += 1
        else:
            tasks.append((path, sha))
            finished[sha] = {}  # the same content twice in one batch is converted once
    bar = _progress(len(tasks), progress)
    try:
        for entry in pool.run(tasks, outdir, convert, workers, timeout):
            writer.append(entry)
            if entry["status"] == "ok":
                summary.converted += 1
            else:
                summary.failed.append(entry)
            bar.update(1)
    finally:
        bar.close()
        writer.close()
    summary.flat_files = [f for f in (flat.export(outdir, fmt) for fmt in dict.fromkeys(formats)) if f]
    return summary


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", disable=not (enabled and sys.stderr.isatty()), dynamic_ncols=True)


def describe(summary: Summary) -> str:
    counts = Counter(e["status"] for e in summary.failed)
    parts = [f"{summary.converted} converted", f"{summary.skipped} already done"]
    parts += [f"{n} {status}" for status, n in sorted(counts.items())]
    return ", ".join(parts)
