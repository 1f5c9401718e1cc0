"""Repeated timings: every figure the benchmark prints is the best and the median of several
runs, each from cold memo caches, so one noisy moment does not become docs/benchmark.md's figure."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TypeVar

REPEATS = 3
T = TypeVar("T")


def cold() -> None:
    """Empty the memo caches of the text repairs, so no run profits from the one before it."""
    from normalizers import labels, text

    for fn in (text._clean_lines, text.clean, text.label_key, labels.role_of):
        fn.cache_clear()


def repeat(
    fn: Callable[[], T], repeats: int = REPEATS, before: Callable[[], None] | None = cold
) -> tuple[float, float, T]:
    """(best seconds, median seconds, the last run's result) of `repeats` runs of `fn`."""
    runs: list[float] = []
    result: T
    for _ in range(repeats):
        if before is not None:
            before()
        t0 = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t0)
    return min(runs), statistics.median(runs), result
