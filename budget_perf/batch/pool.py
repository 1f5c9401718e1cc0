"""Worker processes with a per-file timeout: a file that hangs or crashes its worker is recorded
and the worker replaced; the others go on."""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import NamedTuple

from budget_perf.batch.manifest import Entry
from budget_perf.isolate import death_message, die_with_parent, limit_memory
from extract.options import ReadOptions


class Task(NamedTuple):
    """One input of a batch: a file, or a member of a bundle (then `path` is the outermost bundle
    and `member` the member's index in each bundle on the way in)."""

    path: Path  # what is read
    sha256: str  # of the input's own bytes (a member's, not its bundle's)
    shown: str  # what the manifest and the document call it: the path, or 'bundle.zip!/附件1.docx'
    member: tuple[int, ...] = ()


Convert = Callable[[Task, Path, ReadOptions], Entry]  # (task, outdir, read options) -> manifest entry


def _serve(conn: Connection, convert: Convert, outdir: Path, options: ReadOptions) -> None:
    die_with_parent()  # a batch killed with -9 takes its workers with it
    limit_memory(options.max_memory_mb)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        conn.send(convert(task, outdir, options))


class _Slot:
    def __init__(self, ctx, convert: Convert, outdir: Path, options: ReadOptions) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, convert, outdir, options), daemon=True)
        self.proc.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0

    def give(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            with contextlib.suppress(BrokenPipeError, OSError):
                self.conn.send(None)
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
        self.conn.close()


def run(
    tasks: Iterable[Task], outdir: Path, convert: Convert, workers: int, timeout: float, options: ReadOptions
) -> Iterator[Entry]:
    """Manifest entries as files finish, in completion order."""
    ctx = mp.get_context("fork")
    pending = iter(tasks)
    slots = [_Slot(ctx, convert, outdir, options) for _ in range(max(1, workers))]
    try:
        for slot in slots:
            if (task := next(pending, None)) is not None:
                slot.give(task)
        while any(s.task for s in slots):
            ready = wait([s.conn for s in slots if s.task], timeout=0.2)
            for i, slot in enumerate(slots):
                if slot.task is None:
                    continue
                result = None
                if slot.conn in ready:
                    try:
                        result = slot.conn.recv()
                    except (EOFError, OSError):
                        slot.proc.join(2)
                        why = death_message(slot.proc.exitcode, options.max_memory_mb)
                        result = failure(slot.task, f"worker died: {why}")
                        slot.stop(kill=True)
                        slots[i] = slot = _Slot(ctx, convert, outdir, options)
                elif time.monotonic() - slot.started > timeout:
                    result = failure(slot.task, f"timed out after {timeout:g} s", status="timeout")
                    slot.stop(kill=True)
                    slots[i] = slot = _Slot(ctx, convert, outdir, options)
                if result is None:
                    continue
                slot.task = None
                yield result
                if (task := next(pending, None)) is not None:
                    slot.give(task)
    finally:
        for slot in slots:
            slot.stop(kill=slot.task is not None)


def failure(task: Task, why: str, status: str = "failed") -> Entry:
    """The manifest entry of a file that did not convert (the local pool's and the cluster's)."""
    return {"path": task.shown, "sha256": task.sha256, "status": status, "error": why}
