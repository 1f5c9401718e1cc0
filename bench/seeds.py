"""Held-out seeds for the benchmark's generated documents, drawn afresh at every run from the
operating system's random source, so no seed the benchmark reports on can have been looked at
or tuned on. Development seeds stay fixed in each generator (DEV_SEEDS); a section reports on the
fresh ones only as totals and their count, never seed by seed."""

from __future__ import annotations

import secrets

# Above every development, CI and regression seed of the generators (all below 10**6).
BASE = 10**7
SPAN = 10**12


def fresh(n: int) -> list[int]:
    """`n` distinct seeds nobody chose."""
    seeds: set[int] = set()
    while len(seeds) < n:
        seeds.add(BASE + secrets.randbelow(SPAN))
    return sorted(seeds)


def describe(seeds: list[int] | range, fresh_draw: bool) -> str:
    """How a report names its seeds: a fixed range by its bounds, a fresh draw by its count only."""
    if fresh_draw:
        return f"{len(seeds)} drawn for this run"
    return f"{min(seeds)}-{max(seeds)}"
