"""One conversion in a process of its own, under an address-space ceiling and a time limit, so
no input can take the machine down: a document that hits the ceiling is reported in one line,
never killed silently. Worker processes also die with their parent, however it dies."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import resource
import signal
from collections.abc import Callable
from typing import Any

from budget_perf import errors
from budget_perf.errors import CorruptFile, ExtractionError

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
    return f"ran out of memory under the {megabytes} MB limit; raise --max-memory if the machine has room"


def death_message(exitcode: int | None, megabytes: int) -> str:
    """Words for a process that died without a word of its own."""
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.Signals._value2member_map_ else str(-exitcode)
        if -exitcode in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS):
            return f"the reader crashed ({name}), most likely out of memory under the {megabytes} MB limit"
        if -exitcode == signal.SIGKILL:
            return f"killed ({name}) by the system, most likely for memory"
        return f"the reader was stopped by {name}"
    return f"the reader exited unexpectedly (code {exitcode})"


def _child(conn, fn: Callable, args: tuple, megabytes: int) -> None:
    die_with_parent()
    limit_memory(megabytes)
    try:
        conn.send(("ok", fn(*args)))
    except ExtractionError as e:
        conn.send(("error", (type(e).__name__, str(e))))
    except MemoryError:
        conn.send(("error", ("InputTooLarge", memory_message(megabytes))))  # named by its class
    except RecursionError:
        conn.send(("error", ("CorruptFile", "nested too deeply to read")))
    except Exception as e:  # a reader bug: one line, the cause named
        conn.send(("error", ("CorruptFile", f"could not be read ({type(e).__name__}: {e})")))
    finally:
        conn.close()


def run_limited(fn: Callable[..., Any], *args: Any, megabytes: int, timeout: float | None, where: str) -> Any:
    """`fn(*args)` in a forked child under the memory ceiling; its result, or the one-line error
    of what went wrong (an `ExtractionError`)."""
    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, fn, args, megabytes), daemon=True)
    proc.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise CorruptFile(f"{where}: took longer than {timeout:g} s; raise --timeout if it is merely large")
        try:
            status, payload = receive.recv()
        except (EOFError, OSError):
            proc.join(5)
            raise CorruptFile(f"{where}: {death_message(proc.exitcode, megabytes)}") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        receive.close()
    if status == "ok":
        return payload
    kind, message = payload
    error = getattr(errors, kind, CorruptFile)
    if not message.startswith(str(where)):
        message = f"{where}: {message}"
    raise error(message)
