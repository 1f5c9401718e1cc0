"""One conversion in a process of its own, under an address-space ceiling and a time limit, so
no input can take the machine down: a document that hits the ceiling is reported in one line,
never killed silently. Worker processes also die with their parent, however it dies."""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import Any

from budget_perf import errors
from budget_perf.errors import CorruptFile, ExtractionError
from extract.options import effective_mb

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a batch killed with -9 included)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space; allocations beyond it fail (MemoryError) instead of
    pushing the machine into swap or the OOM killer."""
    ceiling = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))


def memory_message(megabytes: int) -> str:
    return f"ran out of memory under the {effective_mb(megabytes)} MB limit; raise --max-memory if the machine has room"


def death_message(exitcode: int | None, megabytes: int) -> str:
    """Words for a process that died without a word of its own."""
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.Signals._value2member_map_ else str(-exitcode)
        if -exitcode in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS):
            most = effective_mb(megabytes)
            return f"the reader crashed ({name}), most likely out of memory under the {most} MB limit"
        if -exitcode == signal.SIGKILL:
            return f"killed ({name}) by the system, most likely for memory"
        return f"the reader was stopped by {name}"
    return f"the reader exited unexpectedly (code {exitcode})"


def _child(write_fd: int, fn: Callable, args: tuple, megabytes: int) -> None:
    die_with_parent()
    limit_memory(megabytes)
    try:
        result = ("ok", fn(*args))
    except ExtractionError as e:
        result = ("error", (type(e).__name__, str(e)))
    except MemoryError:
        result = ("error", ("InputTooLarge", memory_message(megabytes)))  # named by its class
    except RecursionError:
        result = ("error", ("CorruptFile", "nested too deeply to read"))
    except Exception as e:  # a reader bug: one line, the cause named
        result = ("error", ("CorruptFile", f"could not be read ({type(e).__name__}: {e})"))
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps(("error", ("InputTooLarge", memory_message(megabytes))))
    with os.fdopen(write_fd, "wb") as fh:
        fh.write(data)


def _read_all(fd: int, deadline: float | None) -> bytes | None:
    """Everything the child writes, or None if the deadline passes first."""
    chunks = []
    while True:
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def run_limited(fn: Callable[..., Any], *args: Any, megabytes: int, timeout: float | None, where: str) -> Any:
    """`fn(*args)` in a forked child under the memory ceiling; its result, or the one-line error
    of what went wrong (an `ExtractionError`). A plain fork, not multiprocessing, so that it also
    works inside daemonic processes (a Dask worker under its nanny)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_fd)
        try:
            _child(write_fd, fn, args, megabytes)
        finally:
            os._exit(0)
    os.close(write_fd)
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        data = _read_all(read_fd, deadline)
    finally:
        os.close(read_fd)
        if data is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if data is None:
        raise CorruptFile(f"{where}: took longer than {timeout:g} s; raise --timeout if it is merely large")
    if not data:
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        raise CorruptFile(f"{where}: {death_message(code, megabytes)}")
    status_word, payload = pickle.loads(data)
    if status_word == "ok":
        return payload
    kind, message = payload
    error = getattr(errors, kind, CorruptFile)
    if not message.startswith(str(where)):
        message = f"{where}: {message}"
    raise error(message)
