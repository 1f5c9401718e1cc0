"""The batch: expand inputs, skip what is done, convert the rest in parallel, record everything.

Every file found gets a manifest line: converted (`ok`), `failed`, `timeout`, `unsupported`
(a kind of file not read, a fifo), `skipped` (a hidden directory, a directory met again through a
link), `duplicate` (the same bytes as another input, pointing at its output), or `unpacked` (a
bundle, whose members get lines of their own, `bundle.zip!/附件1.docx`). A path whose content
changed since an earlier run is converted again and its older version gets a `superseded` line
(its output file is removed).
Duplicates wait for their original: if it fails, they are converted themselves, since a name can
matter (a misnamed copy fails where the right one succeeds)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from budget_perf.batch import flat, manifest, pool
from budget_perf.batch.bundles import unpack_one
from budget_perf.batch.inputs import BUNDLE_EXTENSIONS, special_kind, walk
from budget_perf.batch.outdir import OutdirUnwritable, locked, remove_temporaries
from budget_perf.batch.pool import Task
from budget_perf.batch.worker import convert_one
from budget_perf.errors import display, one_line
from extract.options import DEFAULT, ReadOptions

NOT_CONVERTED = ("failed", "timeout")  # inputs tried and lost: the batch exits 1


@dataclass
class Summary:
    converted: int = 0
    skipped: int = 0  # already done in an earlier run
    failed: list[manifest.Entry] = field(default_factory=list)  # failed and timeout entries
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
    """The file's sha256, or why it cannot be read. Opened without blocking and checked to be a
    regular file before a byte is read (a fifo swapped in since the walk would block)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        return None, f"{display(path)}: {e.strerror or 'cannot be read'}"
    with os.fdopen(fd, "rb") as fh:
        try:
            kind = special_kind(os.fstat(fd).st_mode)
            if kind is not None:
                return None, f"{display(path)}: {kind}, not a regular file; not opened"
            h = hashlib.sha256()
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
            return h.hexdigest(), None
        except OSError as e:
            return None, f"{display(path)}: {e.strerror or 'cannot be read'}"


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
    options: ReadOptions = DEFAULT,
) -> Summary:
    """Convert `paths` into `outdir`: in local worker processes, or on the Dask cluster whose
    scheduler is at `scheduler` (tcp://host:8786); the manifest and outputs are the same.
    Raises `OutdirBusy` if another batch holds OUTDIR, `OutdirUnwritable` if it cannot be written."""
    with locked(outdir):
        remove_temporaries(outdir)
        try:
            summary = _run(paths, outdir, workers, timeout, force, progress, convert, scheduler, options)
            try:
                exported = [flat.export(outdir, fmt, headers) for fmt in dict.fromkeys(formats)]
            except OSError as e:
                raise OutdirUnwritable(outdir, e) from e
            summary.flat_files = [f for f in exported if f]
        finally:  # a full or read-only OUTDIR stops the batch: nothing half-written stays
            remove_temporaries(outdir)
    return summary


def _run(paths, outdir, workers, timeout, force, progress, convert, scheduler, options) -> Summary:
    found, others = walk(paths, exclude=outdir)
    finished = {} if force else manifest.done(outdir)
    summary = Summary()
    writer = manifest.Writer(outdir)

    def record(entry: manifest.Entry) -> None:
        if entry.get("outdir_error"):  # OUTDIR is full or read-only: every later write fails too
            raise OutdirUnwritable(outdir, OSError(0, entry["outdir_error"]))
        writer.append(entry)
        _count(summary, entry)

    def engine(batch: list[Task], fn: Callable) -> contextlib.closing:
        """The entries of `batch` as they finish; closed on leaving its `with` (an OUTDIR that
        fails stops the workers there, before their temporary files are swept)."""
        if not batch:  # no workers started for nothing
            return contextlib.closing(e for e in ())
        if scheduler:
            from budget_perf.batch import cluster

            return contextlib.closing(cluster.run(batch, outdir, fn, scheduler, timeout, options))
        return contextlib.closing(pool.run(batch, outdir, fn, workers, timeout, options))

    tasks: list[Task] = []
    waiting: dict[str, list[Task]] = {}  # sha256 -> later inputs with the same bytes

    def queue(task: Task) -> None:
        if task.sha256 in finished:
            if finished[task.sha256].get("path") == task.shown:
                summary.skipped += 1
            else:
                record(_duplicate(task, finished[task.sha256]))
        elif task.sha256 in waiting:
            waiting[task.sha256].append(task)
        else:
            waiting[task.sha256] = []
            tasks.append(task)

    try:
        for item in others:
            record({"path": display(item.path), "sha256": None, "status": item.status, "error": item.reason})
        bundles: list[Task] = []
        for path in found:
            sha, problem = _sha256(path)
            if sha is None:
                record({"path": display(path), "sha256": None, "status": "failed", "error": problem})
            elif path.suffix.lower() in BUNDLE_EXTENSIONS:
                bundles.append(Task(path, sha, display(path)))
            else:
                queue(Task(path, sha, display(path)))
        by_path = {b.shown: b for b in bundles}
        with engine(bundles, unpack_one) as listed:  # each bundle listed in a worker
            for entry in listed:
                listing = entry.pop("listing", [])
                bundle = by_path[entry["path"]]
                if entry["status"] == "document":  # a DOCX named .zip: read as what it is
                    queue(bundle)
                    continue
                record(entry)
                for line in listing:
                    if line["status"] == "input":
                        queue(Task(bundle.path, line["sha256"], line["path"], tuple(line["chain"])))
                    else:
                        record({"path": line["path"], "sha256": line.get("sha256"), **line})
        bar = progress_bar(len(tasks) + sum(map(len, waiting.values())), progress)
        try:
            retry: list[Task] = []
            with engine(tasks, convert) as converted:
                for entry in converted:
                    record(entry)
                    bar.update(1)
                    later = waiting.pop(entry["sha256"], [])
                    if entry["status"] == "ok":
                        for task in later:
                            record(_duplicate(task, entry))
                            bar.update(1)
                    else:
                        retry += later
            with engine(retry, convert) as converted:
                for entry in converted:
                    record(entry)
                    bar.update(1)
        finally:
            bar.close()
        _retire_replaced(outdir, writer, summary)
    finally:
        writer.close()
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


def _duplicate(task: Task, original: manifest.Entry) -> manifest.Entry:
    return {
        "path": task.shown,
        "sha256": task.sha256,
        "status": "duplicate",
        "duplicate_of": original.get("path"),
        "output": original.get("output"),
    }


def _count(summary: Summary, entry: manifest.Entry) -> None:
    status = entry["status"]
    if status == "ok":
        summary.converted += 1
    elif status in NOT_CONVERTED:
        summary.failed.append(entry)
    else:
        summary.noted[status] += 1


def progress_bar(total: int, enabled: bool):
    """A bar with count, rate and ETA on a terminal's stderr; nothing when disabled or not a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", disable=not (enabled and sys.stderr.isatty()), dynamic_ncols=True)


def failure_line(entry: manifest.Entry) -> str:
    """The one line a failed or timed-out input gets on stderr, naming the input once."""
    error = entry.get("error", "")
    message = error if entry["path"] in error else f"{entry['path']}: {error}"
    return f"{entry['status']}: {one_line(message)}"


def describe(summary: Summary) -> str:
    counts = Counter(e["status"] for e in summary.failed) + summary.noted
    parts = [f"{summary.converted} converted", f"{summary.skipped} already done"]
    parts += [f"{n} {status}" for status, n in sorted(counts.items())]
    return ", ".join(parts)
