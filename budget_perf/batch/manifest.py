"""OUTDIR/manifest.jsonl: one line per converted (or failed) input, appended and synced as it
happens, so a killed batch loses at most the line it was writing."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

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
    """sha256 -> latest successful entry whose output file is still there."""
    out: dict[str, dict] = {}
    for entry in read(outdir):
        if entry.get("status") == "ok" and (outdir / entry["output"]).exists():
            out[entry["sha256"]] = entry
        elif entry.get("sha256") in out and entry.get("status") != "ok":
            pass  # an earlier success stands
    return out


class Writer:
    def __init__(self, outdir: Path) -> None:
        self.fh = (outdir / NAME).open("a", encoding="utf-8")

    def append(self, entry: dict) -> None:
        self.fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.fh.flush()
        os.fsync(self.fh.fileno())

    def close(self) -> None:
        self.fh.close()
