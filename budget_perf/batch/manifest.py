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


def current(outdir: Path) -> dict[str, dict]:
    """path -> the newest entry that gave the path an output (`ok`, or `duplicate` of another
    input's). A path whose newer content failed keeps its older output until a run converts it."""
    return _current(list(read(outdir)))


def done(outdir: Path) -> dict[str, dict]:
    """sha256 -> latest successful entry whose content some path still holds, whose output file is
    still there and was written under the current output schema (an output of an older schema
    is converted again; an older version of a resubmitted file is no longer done)."""
    entries = list(read(outdir))
    held = _held(_current(entries))
    out: dict[str, dict] = {}
    for entry in entries:
        if entry.get("status") != "ok" or entry.get("schema_version") != SCHEMA_VERSION:
            continue  # a failure never counts as done; nor does an output of another schema
        if entry["sha256"] in held and (outdir / entry["output"]).exists():
            out[entry["sha256"]] = entry
    return out


def superseded(outdir: Path) -> dict[str, str]:
    """sha256 of a replaced version -> sha256 of the content that replaced it at the same path."""
    entries = list(read(outdir))
    return _superseded(entries, _held(_current(entries)))


def replaced(outdir: Path) -> list[dict]:
    """`superseded` entries not yet written: versions of a file that no path holds any more
    because the path now holds other content. Their outputs can go."""
    entries = list(read(outdir))
    cur = _current(entries)
    held = _held(cur)
    recorded = set(_superseded(entries, held))
    out: list[dict] = []
    for entry in entries:
        sha = entry.get("sha256")
        if entry.get("status") != "ok" or sha in held or sha in recorded or entry.get("path") not in cur:
            continue
        recorded.add(sha)
        by = cur[entry["path"]]
        out.append({"path": entry["path"], "sha256": sha, "status": "superseded", "superseded_by": by["sha256"],
                    "output": entry.get("output"), "replaced_by_output": by.get("output")})  # fmt: skip
    return out


def _current(entries: list[dict]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for entry in entries:
        if entry.get("status") in ("ok", "duplicate") and entry.get("sha256") and entry.get("path"):
            out[entry["path"]] = entry
    return out


def _held(current: dict[str, dict]) -> set[str]:
    """The contents some path holds now."""
    return {e["sha256"] for e in current.values()}


def _superseded(entries: list[dict], held: set[str]) -> dict[str, str]:
    return {
        e["sha256"]: e["superseded_by"]
        for e in entries
        if e.get("status") == "superseded" and e.get("sha256") not in held
    }


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
