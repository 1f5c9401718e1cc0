"""A document's review laid over its extraction as read now.

Each target's head (its latest event, store.py) is placed on the current extraction: where it was made, if that cell
still reads what it read then (and its row is still the row of that name; a header field's table
still the table of that title and project), else on the one cell anywhere in the document that
does. A correction whose cell is found sets the value (a value's `raw` is parsed again, as the
extraction parses a cell); one whose cell is not found is *lost*, listed with the reason, never
applied to another cell. So converting the inputs again with a newer version keeps every
correction whose cell still exists, wherever the cell now is.

The corrected document carries marks for the flat row and the database (`schemas.flat.REVIEW`):
per indicator and per table whether a reviewer corrected it, who last did and when; per document
its verdict."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from budget_perf.corrections.fields import FIELDS, Field, read
from budget_perf.corrections.store import DOCUMENT, Event, Store
from normalizers.values import parse_value, with_unit_from_row
from schemas.flat import REVIEW
from schemas.models import Document, Indicator, IndicatorTable, Value

Position = tuple[int | None, int | None]  # (table, row) in the current extraction
ROW_ANCHOR = ("level1", "level2", "level3", "value.raw")
TABLE_ANCHOR = ("title", "project_name", "unit_name")

# Why a correction is not applied (the app and the command line word them for their readers).
ROW_GONE = "row_gone"  # the document has no such row, and no row of that name reads what the cell read
CELL_CHANGED = "cell_changed"  # the cell now reads something else than when it was corrected
NOW_AS_CORRECTED = "now_as_corrected"  # the extraction now reads the corrected value itself
INVALID = "invalid"  # the value no longer fits the schema
REPLACED = "replaced"  # a later correction found the same cell


@dataclass(frozen=True, slots=True)
class Lost:
    event: Event
    reason: str
    now: Any = None  # what the cell at the recorded place reads now, if there is one


Key = tuple[int | None, int | None, str]  # (table, row, field path): a target in a document


@dataclass
class Review:
    """One document's review reconciled with its extraction. Keys are places in the document as
    read now; an event's own `key` is where it was recorded."""

    doc: dict  # the extraction with every correction that applies, and the marks
    corrections: dict[Key, Event] = field(default_factory=dict)
    findings: dict[Key, Event] = field(default_factory=dict)  # 'finding/<code>/<field>' paths
    verdict: Event | None = None  # approved or rejected
    verdict_head: Event | None = None  # the verdict's head, 'open' included
    lost: list[Lost] = field(default_factory=list)
    placed: dict[int, Position] = field(default_factory=dict)  # head id -> where it is now

    def dismissed(self) -> set[Key]:
        return {k for k, e in self.findings.items() if e.new == "dismissed"}

    def shown(self, key: Key) -> Event | None:
        """The event a target shows: the head placed on it; else a head recorded there whose cell
        is lost (a new decision continues that chain); else none."""
        if key == (None, None, DOCUMENT):
            return self.verdict_head
        placed = self.corrections.get(key) or self.findings.get(key)
        if placed is not None:
            return placed
        here = [lost.event for lost in self.lost if lost.event.key == key]
        return max(here, key=lambda e: e.id) if here else None


def finding_field(code: str, field_name: str | None) -> str:
    """The target path of a finding's status: its code and the column it is about."""
    return f"finding/{code}/{field_name or ''}"


def row_anchor(indicator: dict) -> dict:
    return {k: read(indicator, k) for k in ROW_ANCHOR}


def table_anchor(table: dict) -> dict:
    return {k: table.get(k) for k in TABLE_ANCHOR}


def rows(doc: dict) -> Iterator[tuple[int, int, dict]]:
    for t, table in enumerate(doc.get("tables") or ()):
        for r, ind in enumerate(table.get("indicators") or ()):
            yield t, r, ind


def at(doc: dict, table: int | None, row: int | None) -> dict | None:
    """The table (row None) or indicator at a place of the document, if it has one."""
    tables = doc.get("tables") or []
    if table is None or not 0 <= table < len(tables):
        return None
    if row is None:
        return tables[table]
    indicators = tables[table].get("indicators") or []
    return indicators[row] if 0 <= row < len(indicators) else None


def _same_row(ind: dict, anchor: dict, path: str | None, extracted: Any) -> bool:
    if ind.get("level3") != anchor.get("level3"):
        return False
    if path is None:  # a finding: the row as a whole
        return read(ind, "value.raw") == anchor.get("value.raw")
    return read(ind, path) == extracted


def _same_table(table: dict, anchor: dict, path: str | None, extracted: Any) -> bool:
    if table_anchor(table) != anchor:
        return False
    return path is None or read(table, path) == extracted


def place(doc: dict, event: Event) -> Position | Lost:
    """Where the event's target is in `doc` (the extraction as read now), or why it is nowhere."""
    table, row = event.table, event.row
    if table is None:
        return None, None  # the document itself
    anchor = event.anchor or {}
    path = None if event.kind == "finding" else event.field
    if row is None:
        same, named = _same_table, lambda obj: table_anchor(obj) == anchor
        candidates = [(t, None) for t in range(len(doc.get("tables") or ()))]
    else:
        same, named = _same_row, lambda obj: obj.get("level3") == anchor.get("level3")
        candidates = [(t, r) for t, r, _ in rows(doc)]
    here = at(doc, table, row)
    if here is not None and same(here, anchor, path, event.extracted):
        return table, row
    found = [(t, r) for t, r in candidates if same(at(doc, t, r), anchor, path, event.extracted)]
    if len(found) == 1:
        return found[0]
    # Nowhere: the row (the table) is still there under its name, reading something else; or it is gone.
    renamed = (ind.get("level3") == event.new and read(ind, "value.raw") == anchor.get("value.raw")
               for _, _, ind in rows(doc))  # fmt: skip
    if path == "level3" and any(renamed):  # the name itself was corrected: a row is now read so
        return Lost(event, NOW_AS_CORRECTED, event.new)
    same_name = [at(doc, t, r) for t, r in candidates if named(at(doc, t, r))]
    if len(same_name) != 1:
        return Lost(event, ROW_GONE)
    now = read(same_name[0], path) if path else None
    return Lost(event, NOW_AS_CORRECTED if path and now == event.new else CELL_CHANGED, now)


def reparse(raw: str, indicator: dict, extracted: dict | None, year: int | None) -> dict:
    """A corrected `raw` read as the extraction reads a cell: the value parser, then the unit from
    the row's 度量单位 column or its name. An operator the row's columns gave the extracted value
    (指标性质 codes) is kept where the new text states none either."""
    value = with_unit_from_row(parse_value(raw, year), indicator.get("measure_unit"), indicator.get("level3"))
    if extracted and extracted.get("operator") and value.operator == "=":
        printed = parse_value(extracted.get("raw") or "", year)
        if printed.operator in (None, "=") and extracted["operator"] != printed.operator:
            update = {"operator": extracted["operator"]}
            if "operator_from" in Value.model_fields:  # schema 1.2 says where an operator came from
                update["operator_from"] = extracted.get("operator_from")
            value = value.model_copy(update=update)
    return value.model_dump(mode="json")


def set_value(target: dict, spec: Field, value: Any, year: int | None) -> None:
    """Set one field of a table or indicator dict in place."""
    if spec.kind == "raw":
        name = spec.path.split(".")[0]
        target[name] = reparse(value, target, target.get(name), year)
        return
    *parents, last = spec.path.split(".")
    obj = target
    for key in parents:
        if obj.get(key) is None:
            obj[key] = {}
        obj = obj[key]
    obj[last] = value


def _plain(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if k != REVIEW}


def valid(spec: Field, obj: dict) -> bool:
    """The table or indicator still fits the schema, read as a document file is (JSON, strict)."""
    model = Indicator if spec.level == "indicator" else IndicatorTable
    plain_obj = _plain(obj) if spec.level == "indicator" else {**_plain(obj), "indicators": []}
    try:
        model.model_validate_json(json.dumps(plain_obj, ensure_ascii=False))
    except ValueError:
        return False
    return True


def _mark(obj: dict, event: Event) -> None:
    mark = obj.setdefault(REVIEW, {"corrected": True, "fields": {}})
    mark["fields"][event.field] = {"by": event.reviewer, "at": event.at, "extracted": event.extracted,
                                   "note": event.note}  # fmt: skip
    if event.at >= mark.get("at", ""):
        mark["by"], mark["at"] = event.reviewer, event.at


def plain(doc: dict) -> Document:
    """The reviewed document as a model (without the review's marks), for the QA rules."""
    tables = [{**_plain(t), "indicators": [_plain(i) for i in t.get("indicators") or ()]}
              for t in doc.get("tables") or ()]  # fmt: skip
    return Document.model_validate_json(json.dumps({**_plain(doc), "tables": tables}, ensure_ascii=False))


def heads(events: list[Event]) -> list[Event]:
    """The events no other supersedes: each target's state."""
    superseded = {e.supersedes for e in events}
    return [e for e in events if e.id not in superseded]


def chain(events: list[Event], head: Event) -> list[Event]:
    """A head's events, oldest first."""
    by_id = {e.id: e for e in events}
    out = [head]
    while out[-1].supersedes in by_id:
        out.append(by_id[out[-1].supersedes])
    return out[::-1]


def review(doc: dict, events: list[Event]) -> Review:
    """`doc` (a document's JSON as extracted) with its review: `events` are that document's."""
    out = Review(copy.deepcopy(doc) if events else doc)  # nothing to lay over: the document as it is
    # Header fields first: a corrected year dates the targets parsed again after it; later heads
    # first, so where two chains find the same cell the later one holds it.
    ordered = sorted(heads(events), key=lambda e: (e.kind != "verdict", e.row is not None, -e.id))
    for event in ordered:
        if event.kind == "verdict":
            if out.verdict_head is None or event.id > out.verdict_head.id:
                out.verdict_head = event
            continue
        where = place(doc, event)
        if isinstance(where, Lost):
            out.lost.append(where)
            continue
        key = (*where, event.field)
        if key in out.corrections or key in out.findings:
            out.lost.append(Lost(event, REPLACED))
            continue
        out.placed[event.id] = where
        if event.kind == "finding":
            out.findings[key] = event
            continue
        spec = FIELDS.get(event.field)
        target = at(out.doc, *where)
        if spec is None or target is None:
            out.lost.append(Lost(event, INVALID))
            continue
        before = copy.deepcopy(target)
        table = at(out.doc, where[0], None) or {}
        set_value(target, spec, event.new, table.get("year"))
        if not valid(spec, target):
            target.clear()
            target.update(before)
            out.lost.append(Lost(event, INVALID))
            del out.placed[event.id]
            continue
        _mark(target, event)
        out.corrections[key] = event
    out.lost.sort(key=lambda lost: lost.event.id)
    head = out.verdict_head
    if head is not None and head.new != "open":
        out.verdict = head
        out.doc[REVIEW] = {"status": head.new, "by": head.reviewer, "at": head.at}
    return out


class Reviews:
    """A batch's review history read once (nothing if no one reviewed it): each document's review."""

    def __init__(self, events: list[Event]) -> None:
        self.events: dict[str, list[Event]] = {}
        for e in events:
            self.events.setdefault(e.sha256, []).append(e)

    @classmethod
    def of_batch(cls, outdir: Path) -> Reviews:
        store = Store.existing(outdir)
        if store is None:
            return cls([])
        with store:
            return cls(store.history())

    def review(self, doc: dict) -> Review:
        return review(doc, self.events.get(read(doc, "source.sha256"), []))

    def corrected(self, doc: dict) -> dict:
        """The document with its review applied (itself when it has none)."""
        return self.review(doc).doc if read(doc, "source.sha256") in self.events else doc
