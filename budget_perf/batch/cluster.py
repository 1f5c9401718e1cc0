"""The batch on a Dask distributed cluster: the same tasks, entries and manifest as the local pool.

Design (argued in docs/batch.md): inputs and OUTDIR sit on a filesystem every worker sees; a
worker converts a file and writes its JSON atomically into OUTDIR itself (the document never
travels through the scheduler), and sends back only the small manifest entry, which the client
appends to the manifest as results arrive — so resuming, deduplication and flat outputs are the
local batch's own. Each conversion runs in a forked child of the worker under the memory
ceiling and the per-file timeout (one fork per chunk of files), so a hanging or crashing file
costs one entry, never a worker;
a worker killed outright has its tasks rerun elsewhere by the scheduler, and a file that kills
every worker that touches it ends as failed after the scheduler's
`distributed.scheduler.allowed-failures` tries (Dask's default 3). At most `window`
tasks are in flight, so the scheduler's memory stays flat however many inputs there are.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from budget_perf.batch.manifest import Entry
from budget_perf.batch.pool import Convert, Task, failure
from extract.options import ReadOptions

ENV_VAR = "BUDGET_PERF_SCHEDULER"
RESUBMITS = 2  # times a lone file whose workers died is sent again before it is recorded as failed


class ClusterUnavailable(OSError):
    """The scheduler cannot be reached: one line, exit 1."""


def _preload() -> None:
    """Load the readers and the OCR model once per worker process; forked children share them."""
    import budget_perf.pipeline  # noqa: F401
    import extract.docx_reader
    import extract.pdf.reader  # noqa: F401

    try:
        from extract.ocr.engine import default_recognizer

        default_recognizer()
    except Exception:  # no OCR engine: scans will say so in their issues
        pass


def _child(write_fd: int, items: list[Task], outdir: str, convert: Convert, options: ReadOptions) -> None:
    from budget_perf.isolate import die_with_parent, limit_memory, memory_message

    memory_mb = options.max_memory_mb
    die_with_parent()
    limit_memory(memory_mb)
    with os.fdopen(write_fd, "wb") as fh:
        for task in items:
            try:
                entry = convert(task, Path(outdir), options)
            except MemoryError:
                entry = failure(task, memory_message(memory_mb))
            except BaseException as e:  # a bug costs one file
                entry = failure(task, f"{type(e).__name__}: {e}")
            data = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
            fh.write(struct.pack(">I", len(data)) + data)
            fh.flush()


def _read_entry(fd: int, buffer: bytearray, deadline: float) -> Entry | None:
    """The next length-prefixed entry from the child; None at its end or when the deadline passes
    (the caller tells the two apart by the deadline)."""
    while True:
        if len(buffer) >= 4:
            size = struct.unpack(">I", buffer[:4])[0]
            if len(buffer) >= 4 + size:
                entry = pickle.loads(bytes(buffer[4 : 4 + size]))
                del buffer[: 4 + size]
                return entry
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return None
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return None
        buffer += chunk


def convert_chunk(
    items: list[Task], outdir: str, convert: Convert, timeout: float, options: ReadOptions
) -> list[Entry]:
    """Runs on a worker: the files one after another in a forked child under the memory ceiling
    (one fork per chunk, so the models the worker loaded are shared and the fork is paid once);
    a file past the timeout or that kills the child is recorded and a new child goes on."""
    from budget_perf.isolate import death_message

    results: list[Entry] = []
    remaining = list(items)
    while remaining:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            try:
                _child(write_fd, remaining, outdir, convert, options)
            finally:
                os._exit(0)
        os.close(write_fd)
        buffer = bytearray()
        try:
            while remaining:
                deadline = time.monotonic() + timeout
                entry = _read_entry(read_fd, buffer, deadline)
                if entry is not None:
                    results.append(entry)
                    remaining.pop(0)
                    continue
                task = remaining.pop(0)
                if time.monotonic() >= deadline:
                    results.append(failure(task, f"timed out after {timeout:g} s", "timeout"))
                    os.kill(pid, signal.SIGKILL)
                    break
                _, status = os.waitpid(pid, 0)
                pid = 0
                code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
                results.append(failure(task, f"worker died: {death_message(code, options.max_memory_mb)}"))
                break
        finally:
            os.close(read_fd)
            if pid:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
    return results


def run(
    tasks: Iterable[Task],
    outdir: Path,
    convert: Convert,
    scheduler: str,
    timeout: float,
    options: ReadOptions,
    chunk: int = 8,
    window: int | None = None,
) -> Iterator[Entry]:
    """Manifest entries as files finish on the cluster, a chunk at a time."""
    from distributed import Client, as_completed

    try:
        client = Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as e:
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {scheduler} ({e}); is it running?") from e
    try:
        client.run(_preload)
        slots = window or max(2, 2 * sum(client.nthreads().values()))
        pending = iter(tasks)
        chunks = iter(lambda: list(islice(pending, chunk)), [])
        meta: dict = {}

        def submit(items: list[Task], attempt: int = 0):
            future = client.submit(convert_chunk, items, str(outdir), convert, timeout, options, pure=False)
            meta[future.key] = (items, attempt)
            return future

        done = as_completed([submit(items) for items in islice(chunks, slots)], loop=client.loop)
        for future in done:
            items, attempt = meta.pop(future.key)
            try:
                entries = future.result()
            except Exception as e:  # KilledWorker: the chunk brought down every worker that ran it
                future.release()
                if len(items) > 1:  # find the file that did it: each alone
                    for item in items:
                        done.add(submit([item]))
                    continue
                if attempt < RESUBMITS:
                    # A file merely queued on a worker another file killed counts that death too:
                    # it gets another chance before it is called guilty.
                    done.add(submit(items, attempt + 1))
                    continue
                why = type(e).__name__ + (f": {e}" if str(e) else "")
                entries = [failure(items[0], f"every worker that tried it died; the scheduler gave up ({why[:200]})")]
            future.release()
            yield from entries
            nxt = next(chunks, None)
            if nxt:
                done.add(submit(nxt))
    finally:
        client.close()


def scheduler_address(option: str | None) -> str | None:
    return option or os.environ.get(ENV_VAR) or None
