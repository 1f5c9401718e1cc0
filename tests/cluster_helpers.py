"""Conversion functions the cluster tests send to Dask workers (importable there: the workers
run with tests/ on their path)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from budget_perf.batch.pool import Task
from budget_perf.batch.worker import convert_one
from extract.options import ReadOptions


def kills_its_worker(task: Task, outdir: Path, options: ReadOptions) -> dict:
    """Converts like the batch does, but a file named 'poison' takes down the worker process
    itself (the parent of the forked conversion), as a fault in a native library could."""
    if "poison" in task.path.name:
        os.kill(os.getppid(), signal.SIGKILL)
    return convert_one(task, outdir, options)


def hangs_on_slow(task: Task, outdir: Path, options: ReadOptions) -> dict:
    """A file named 'slow' never finishes."""
    if "slow" in task.path.name:
        import time

        time.sleep(3600)
    return convert_one(task, outdir, options)
