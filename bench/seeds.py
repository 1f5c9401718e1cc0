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
    """How a report names its seeds: fixed ones by the bounds of each run of them ('0-39, 100-129'),
    a fresh draw by its count only."""
    if fresh_draw:
        return f"{len(seeds)} drawn for this run"
    runs: list[list[int]] = []
    for seed in sorted(seeds):
        if runs and seed == runs[-1][1] + 1:
            runs[-1][1] = seed
        else:
            runs.append([seed, seed])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in runs)
