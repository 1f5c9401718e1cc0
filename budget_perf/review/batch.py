"""The batch a review app serves: its current documents by sha256, read from OUTDIR only.

A document is addressed by its sha256, never by a path: its JSON is the manifest's `output`, a
plain file name inside OUTDIR (anything else is refused); the inputs the manifest names are read
only for page images (budget_perf/review/pages.py). Documents and their QA summaries are kept in
memory and read again when their file or their review changes."""

from __future__ import annotations

import json
import re
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from pathlib import Path

from budget_perf.batch import manifest
from budget_perf.corrections import Store
from budget_perf.corrections.apply import Review, heads, plain, review
from budget_perf.corrections.store import Event
from budget_perf.errors import one_line
from budget_perf.qa.run import check, finding_key, verdict_of
from schemas import Issue

SHA256 = re.compile(r"[0-9a-f]{64}")
NOT_CONVERTED = ("failed", "timeout")
VERDICT_ORDER = {"not_checked": 0, "findings": 1, "pass": 2}  # the QA index's order (budget_perf/qa/report.py)


class NotFound(LookupError):
    """No such document in this batch (or its file is not where the batch keeps it)."""


@dataclass(frozen=True, slots=True)
class Entry:
    sha256: str
    path: str  # the input as the manifest names it
    output: Path  # OUTDIR/<name>.json
    format: str | None
    pages: int | None
    inputs: tuple[str, ...]  # every path the manifest gives this content

    @property
    def name(self) -> str:
        return Path(self.path).name


@dataclass(frozen=True, slots=True)
class Summary:
    """What the queue shows of a document."""

    verdict: str  # pass, findings, not_checked (the QA verdict on the corrected document)
    errors: int
    warnings: int
    corrections: int
    lost: int
    status: str | None  # approved, rejected, None
    by: str | None
    at: str | None


@dataclass
class Checked:
    """A document as the app shows it: the review laid over the extraction, and what QA finds."""

    entry: Entry
    extraction: dict  # the JSON as converted
    review: Review
    events: list[Event]
    findings: list[Issue]  # rule findings and the extraction's warnings beside them, dismissed ones included


class Batch:
    def __init__(self, outdir: Path, qa_config: dict | None = None) -> None:
        self.outdir = outdir.resolve()
        self.qa_config = qa_config
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._entries: dict[str, Entry] = {}
        self._unreadable: list[tuple[str, str]] = []
        self._broken: list[tuple[str, str]] = []
        # Documents in memory: the few last opened (a batch of thousands is not held whole); the
        # queue's summaries, small, for all.
        self._docs: OrderedDict[str, tuple[int, dict]] = OrderedDict()
        self._checked: OrderedDict[str, tuple[tuple, Checked]] = OrderedDict()
        self._summaries: dict[str, tuple[tuple, Summary]] = {}

    # ---- the manifest ---------------------------------------------------------------------

    def _refresh(self) -> None:
        stat = (self.outdir / manifest.NAME).stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp == self._stamp:
            return
        paths: dict[str, list[str]] = {}
        for path, e in manifest.current(self.outdir).items():
            paths.setdefault(e["sha256"], []).append(path)
        entries = {}
        for sha, e in manifest.done(self.outdir).items():
            output = self._inside(e.get("output"))
            if output is None or not SHA256.fullmatch(sha):
                continue
            inputs = tuple(sorted({e["path"], *paths.get(sha, [])}))
            entries[sha] = Entry(sha, e["path"], output, e.get("format"), e.get("pages"), inputs)
        latest: dict[str, dict] = {}
        for e in manifest.read(self.outdir):
            if e.get("path"):
                latest[e["path"]] = e
        converted = {p for e in entries.values() for p in e.inputs}
        self._unreadable = sorted(
            (Path(p).name, e.get("error") or e["status"])
            for p, e in latest.items()
            if e.get("status") in NOT_CONVERTED and p not in converted
        )
        self._entries, self._stamp = entries, stamp

    def _inside(self, name: object) -> Path | None:
        """OUTDIR/name for a plain file name the batch wrote; None for anything else."""
        if not isinstance(name, str) or not name.endswith(".json") or Path(name).name != name or name.startswith("."):
            return None
        path = self.outdir / name
        try:
            if path.is_symlink() or path.resolve().parent != self.outdir:
                return None
        except OSError:
            return None
        return path

    def entries(self) -> dict[str, Entry]:
        with self._lock:
            self._refresh()
            return dict(self._entries)

    def unreadable(self) -> list[tuple[str, str]]:
        """Inputs that could not be converted, and converted documents whose output cannot be read."""
        with self._lock:
            self._refresh()
            return [*self._unreadable, *self._broken]

    def entry(self, sha256: str) -> Entry:
        if not SHA256.fullmatch(sha256 or ""):
            raise NotFound(sha256)
        with self._lock:
            self._refresh()
            found = self._entries.get(sha256)
        if found is None:
            raise NotFound(sha256)
        return found

    # ---- documents ----------------------------------------------------------------------------

    def extraction(self, entry: Entry) -> dict:
        try:
            mtime = entry.output.stat().st_mtime_ns
        except OSError as e:
            raise NotFound(entry.sha256) from e
        with self._lock:
            cached = self._docs.get(entry.sha256)
        if cached and cached[0] == mtime:
            return cached[1]
        doc = json.loads(entry.output.read_text(encoding="utf-8"))
        with self._lock:
            _keep(self._docs, entry.sha256, (mtime, doc))
        return doc

    def store(self) -> Store:
        return Store.at(self.outdir)

    def checked(self, sha256: str, keep: bool = True) -> Checked:
        """The document reviewed and checked; kept (`keep`) until its file or its review changes,
        so a long document costs its QA run once, not on every view."""
        entry = self.entry(sha256)
        mtime = entry.output.stat().st_mtime_ns
        with self.store() as store:
            events = store.history(sha256)
        stamp = (mtime, events[-1].id if events else 0)
        with self._lock:
            cached = self._checked.get(sha256)
        if cached and cached[0] == stamp:
            return cached[1]
        extraction = self.extraction(entry) if keep else json.loads(entry.output.read_text(encoding="utf-8"))
        reviewed = review(extraction, events)
        found, beside = check(plain(reviewed.doc), config=self.qa_config)
        out = Checked(entry, extraction, reviewed, events, [*found, *beside])
        if keep:
            with self._lock:
                _keep(self._checked, sha256, (stamp, out))
        return out

    def summary(self, sha256: str, last_event: int) -> Summary:
        entry = self.entry(sha256)
        stamp = (entry.output.stat().st_mtime_ns, last_event)
        with self._lock:
            cached = self._summaries.get(sha256)
        if cached and cached[0] == stamp:
            return cached[1]
        c = self.checked(sha256, keep=False)
        dismissed = c.review.dismissed()
        shown = [f for f in c.findings if finding_key(f) not in dismissed]
        counts = Counter(f.severity for f in shown)
        doc = plain(c.review.doc)
        verdict = verdict_of(doc, shown, [])
        head = c.review.verdict
        status = (head.new, head.reviewer, head.at) if head else (None, None, None)
        done = len(c.review.corrections), len(c.review.lost)
        out = Summary(verdict, counts["error"], counts["warning"], *done, *status)
        with self._lock:
            self._summaries[sha256] = (stamp, out)
        return out

    def queue(self) -> list[tuple[Entry, Summary]]:
        """Every document with its summary, sorted as the QA index is: not checked first, then by
        errors, then by warnings (then by name)."""
        with self.store() as store:
            last = store.reviewed()
        rows, broken = [], []
        for sha, e in self.entries().items():
            try:
                rows.append((e, self.summary(sha, last.get(sha, 0))))
            except (OSError, ValueError) as problem:  # a damaged output: listed, not the queue lost
                broken.append(
                    (e.name, f"its converted output {e.output.name} cannot be read: {one_line(problem)[:200]}")
                )
        with self._lock:
            self._broken = broken
        rows.sort(key=lambda r: (VERDICT_ORDER[r[1].verdict], -r[1].errors, -r[1].warnings, r[0].name, r[0].path))
        return rows


KEPT = 8  # documents held in memory: the ones reviewers have open, and the next ones


def _keep(cache: OrderedDict, key: str, value: object) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > KEPT:
        cache.popitem(last=False)


# Why a correction no longer applies, for the command line (the app words it in Chinese).
LOST_REASONS = {
    "row_gone": "the row is no longer in the document",
    "cell_changed": "the cell now reads {now!r}",
    "now_as_corrected": "the extraction now reads the corrected value itself",
    "invalid": "the corrected value no longer fits the schema",
    "replaced": "a later correction found the same cell",
}


def lost_report(outdir: Path) -> list[str]:
    """What `extract -o` and `review` say of the reviewers' corrections in OUTDIR (nothing when no
    one reviewed it): how many apply, one line for each that no longer does (its cell is gone or
    reads something else since the inputs were converted again)."""
    from budget_perf.corrections import NAME

    if not (outdir / NAME).exists():
        return []
    applied, lost = lost_corrections(outdir)
    return [
        f"review: {applied} corrections apply, {len(lost)} no longer apply",
        *(f"review: {one_line(x)}" for x in lost),
    ]


def lost_corrections(outdir: Path) -> tuple[int, list[str]]:
    """(corrections applied, one line per correction that no longer applies) over the batch's
    current documents; a reviewed document no longer in the batch (its input changed) counts too."""
    batch = Batch(outdir)
    store = Store.existing(outdir)
    if store is None:
        return 0, []
    with store:
        events = store.history()
    by_doc: dict[str, list[Event]] = {}
    for e in events:
        by_doc.setdefault(e.sha256, []).append(e)
    entries = batch.entries()
    applied, lines = 0, []
    for sha, evs in sorted(by_doc.items()):
        if sha not in entries:
            n = sum(1 for e in heads(evs) if e.kind == "correction")
            if n:
                lines.append(f"{sha[:12]}: {n} correction(s) of a document no longer in this batch (its input changed)")
            continue
        entry = entries[sha]
        reviewed = review(batch.extraction(entry), evs)
        applied += len(reviewed.corrections)
        for x in reviewed.lost:
            if x.event.kind != "correction":
                continue
            e = x.event
            where = f"table {e.table + 1}" + (f" row {e.row + 1}" if e.row is not None else "")
            why = LOST_REASONS.get(x.reason, x.reason).format(now=x.now)
            lines.append(f"{entry.path}: {where} {e.field} {e.extracted!r} -> {e.new!r} ({e.reviewer}, {e.at[:19]}): "
                         f"no longer applies: {why}")  # fmt: skip
    return applied, lines
