"""OUTDIR belongs to one batch at a time, and a batch that cannot write there stops in one line.

The lock is an exclusive `flock` on OUTDIR/.lock, held for the whole batch and released by the
kernel however the batch ends (`kill -9` included), so a stale lock never blocks a rerun. A
second batch on the same OUTDIR refuses at once (exit 3) instead of converting everything again
beside the first and interleaving its manifest. Temporary files (`.*.tmp`, bundle members being
read under `.work/`) are left only by a batch that was killed; the next batch, holding the lock,
removes them."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path

LOCK = ".lock"
WORK = ".work"  # bundle members extracted while they are read (one directory per worker process)


class OutdirBusy(Exception):
    """Another batch holds OUTDIR's lock."""


class OutdirUnwritable(OSError):
    """OUTDIR cannot be written (read-only, full, no permission): the batch stops, nothing partial."""

    def __init__(self, outdir: Path, error: OSError) -> None:
        why = error.strerror or str(error)
        super().__init__(
            error.errno,
            f"{outdir}: cannot write the batch's output ({why}); nothing partial was left: "
            "make room or give another -o, then run the same command again to resume",
        )


@contextlib.contextmanager
def locked(outdir: Path) -> Iterator[None]:
    """Hold OUTDIR for this batch, or raise `OutdirBusy` naming the batch that holds it."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        fd = os.open(outdir / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as e:
        raise OutdirUnwritable(outdir, e) from e
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            raise OutdirBusy(
                f"{outdir} is in use by another batch ({holder}); wait for it to finish or give another -o"
            ) from None
        with contextlib.suppress(OSError):  # who holds it, for the message above (best effort)
            os.ftruncate(fd, 0)
            stamp = time.strftime("%Y-%m-%d %H:%M:%S")
            os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()} since {stamp}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def remove_temporaries(outdir: Path) -> None:
    """What a killed batch left half-written: temporary outputs and extracted bundle members."""
    for tmp in outdir.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)
    shutil.rmtree(outdir / WORK, ignore_errors=True)


def is_outdir_error(error: OSError) -> bool:
    """A write error that is OUTDIR's, not the document's: every later write would fail too."""
    import errno

    return error.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EIO)
