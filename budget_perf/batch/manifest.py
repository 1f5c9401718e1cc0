"""OUTDIR/manifest.jsonl: one line per converted (or failed) input, appended and synced as it
happens, so a killed batch loses at most the line it was writing."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TypedDict

from schemas import SCHEMA_VERSION

NAME = "manifest.jsonl"


class Entry(TypedDict, total=False):
    """One manifest line: what happened to one input. Every line has `path` and `status`; the
    other keys depend on the status (docs/batch.md: ok, failed, timeout, unsupported, duplicate,
    skipped, unpacked, superseded)."""

    path: str  # as found (a bundle member: 'bundle.zip!/附件1.docx')
    sha256: str | None  # of the input's bytes; None when it could not be read
    status: str
    error: str  # failed, timeout, unsupported, skipped: the one-line reason
    output: str | None  # ok, duplicate: the JSON file in OUTDIR
    format: str
    pages: int | None
    tables: int
    indicators: int
    issues: dict[str, int]  # counts by severity
    seconds: float
    duplicate_of: str | None  # duplicate: the input whose output it shares
    superseded_by: str  # superseded: the sha256 that replaced this version at its path
    replaced_by_output: str | None
    members: int  # unpacked: lines its members got
    listing: list[Entry]  # unpacked, on its way from the worker: the members (not written)
    chain: list[int]
    outdir_error: str  # on its way from the worker: OUTDIR cannot be written (not written)
    tool_version: str
    schema_version: str


def read(outdir: Path) -> Iterator[Entry]:
    path = outdir / NAME
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue  # the line a killed batch was writing


def current(outdir: Path) -> dict[str, Entry]:
    """path -> the newest entry that gave the path an output (`ok`, or `duplicate` of another
    input's). A path whose newer content failed keeps its older output until a run converts it."""
    return _current(list(read(outdir)))


def done(outdir: Path) -> dict[str, Entry]:
    """sha256 -> latest successful entry whose content some path still holds, whose output file is
    still there and was written under the current output schema (an output of an older schema
    is converted again; an older version of a resubmitted file is no longer done)."""
    entries = list(read(outdir))
    held = _held(_current(entries))
    out: dict[str, Entry] = {}
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


def replaced(outdir: Path) -> list[Entry]:
    """`superseded` entries not yet written: versions of a file that no path holds any more
    because the path now holds other content. Their outputs can go."""
    entries = list(read(outdir))
    cur = _current(entries)
    held = _held(cur)
    recorded = set(_superseded(entries, held))
    out: list[Entry] = []
    for entry in entries:
        sha = entry.get("sha256")
        if entry.get("status") != "ok" or sha in held or sha in recorded or entry.get("path") not in cur:
            continue
        recorded.add(sha)
        by = cur[entry["path"]]
        out.append({"path": entry["path"], "sha256": sha, "status": "superseded", "superseded_by": by["sha256"],
                    "output": entry.get("output"), "replaced_by_output": by.get("output")})  # fmt: skip
    return out


def _current(entries: list[Entry]) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for entry in entries:
        if entry.get("status") in ("ok", "duplicate") and entry.get("sha256") and entry.get("path"):
            out[entry["path"]] = entry
    return out


def _held(current: dict[str, Entry]) -> set[str]:
    """The contents some path holds now."""
    return {e["sha256"] for e in current.values()}


def _superseded(entries: list[Entry], held: set[str]) -> dict[str, str]:
    return {
        e["sha256"]: e["superseded_by"]
        for e in entries
        if e.get("status") == "superseded" and e.get("sha256") not in held
    }


def stamp(entry: Entry) -> Entry:
    """The entry with the tool and schema versions that wrote it."""
    from budget_perf import __version__

    return {**entry, "tool_version": __version__, "schema_version": SCHEMA_VERSION}


def _line(entry: Entry) -> bytes:
    text = json.dumps(stamp(entry), ensure_ascii=False)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:  # a lone surrogate (an undecodable name in an error text): escaped
        return json.dumps(stamp(entry)).encode("ascii") + b"\n"


def _complete_lines(path: Path) -> int | None:
    """Where the last complete line ends, if a partial line follows it (else None)."""
    with path.open("rb") as fh:
        end = fh.seek(0, os.SEEK_END)
        at = end
        while at > 0:
            start = max(0, at - (1 << 16))
            fh.seek(start)
            chunk = fh.read(at - start)
            if at == end and chunk.endswith(b"\n"):
                return None
            newline = chunk.rfind(b"\n")
            if newline != -1:
                return start + newline + 1
            at = start
        return 0 if end else None


class Writer:
    """Appends whole lines or nothing: a line that cannot be written completely (a full disk) is
    cut off again, and a partial last line left by a killed batch is cut off on opening, so the
    next line never runs on from it."""

    def __init__(self, outdir: Path) -> None:
        from budget_perf.batch.outdir import OutdirUnwritable

        self.outdir = outdir
        try:
            self.fd = os.open(outdir / NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
            end = _complete_lines(outdir / NAME)
            if end is not None:
                os.ftruncate(self.fd, end)
        except OSError as e:
            raise OutdirUnwritable(outdir, e) from e

    def append(self, entry: Entry) -> None:
        from budget_perf.batch.outdir import OutdirUnwritable

        data = _line(entry)
        at = os.lseek(self.fd, 0, os.SEEK_END)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self.fd, view) :]
            os.fsync(self.fd)
        except OSError as e:
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, at)
            raise OutdirUnwritable(self.outdir, e) from e

    def close(self) -> None:
        os.close(self.fd)
