"""OUTDIR/manifest.jsonl: one line per converted (or failed) input, appended and synced as it
happens, so a killed batch loses at most the line it was writing."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from schemas import SCHEMA_VERSION

NAME = "manifest.jsonl"


def read(outdir: Path) -> Iterator[dict]:
    path = outdir / NAME
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue  # the line a killed batch was writing


def done(outdir: Path) -> dict[str, dict]:
    """sha256 -> latest successful entry whose output file is still there and was written under
    the current output schema (an output of an older schema is converted again)."""
    out: dict[str, dict] = {}
    for entry in read(outdir):
        if entry.get("status") != "ok" or entry.get("schema_version") != SCHEMA_VERSION:
            continue  # a failure never counts as done; nor does an output of another schema
        if (outdir / entry["output"]).exists():
            out[entry["sha256"]] = entry
    return out


def stamp(entry: dict) -> dict:
    """The entry with the tool and schema versions that wrote it."""
    from budget_perf import __version__

    return {**entry, "tool_version": __version__, "schema_version": SCHEMA_VERSION}


class Writer:
    def __init__(self, outdir: Path) -> None:
        self.fh = (outdir / NAME).open("a", encoding="utf-8")

    def append(self, entry: dict) -> None:
        self.fh.write(json.dumps(stamp(entry), ensure_ascii=False) + "\n")
        self.fh.flush()
        os.fsync(self.fh.fileno())

    def close(self) -> None:
        self.fh.close()
