"""A reviewer's corrections, kept apart from the extraction and applied where the data leaves.

`store` keeps them in OUTDIR/review.sqlite (an append-only history: who, when, which cell, old and
new value, note); `fields` says what may be corrected and how typed text becomes a value; `apply`
lays the latest correction of each cell over a document's JSON, as read now, and lists the
corrections whose cell is no longer there. The flat exports, `load` and `qa` read a batch's
documents through `apply`; the review app (budget_perf/review) writes through `store`.

Nothing here imports the batch, the database or the app: they import this."""

from budget_perf.corrections.store import NAME, Event, Stale, Store

__all__ = ["NAME", "Event", "Stale", "Store"]
