"""What the review app's pages show, as plain data for the templates (which escape every text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from budget_perf.corrections.apply import Review, finding_field
from budget_perf.corrections.fields import FIELDS, INDICATOR_FIELDS, TABLE_FIELDS, read
from budget_perf.corrections.store import DOCUMENT, Event
from budget_perf.qa.names import SEVERITY_ORDER, name_of
from budget_perf.review.batch import Checked, Entry, Summary

# The column role a finding names (Issue.field) -> the field a reviewer corrects for it.
ROLE_FIELDS = {"value": "value.raw", "actual": "actual.raw", "level1": "level1", "level2": "level2",
               "level3": "level3"}  # fmt: skip
LOST_REASONS = {
    "row_gone": "该行已不在重新识别的结果中",
    "cell_changed": "重新识别后该单元格的内容已变",
    "now_as_corrected": "重新识别已读出更正后的值，无需再更正",
    "invalid": "更正后的值不再符合输出格式",
    "replaced": "同一单元格有更晚的更正",
}
STATUS_NAMES = {"approved": "已通过", "rejected": "已退回", "confirmed": "已确认", "dismissed": "已忽略",
                "open": "待处理"}  # fmt: skip


def number_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def shown_text(value: Any) -> str:
    return number_text(value) if isinstance(value, int | float) else ("" if value is None else str(value))


@dataclass
class Cell:
    """One correctable field of a row or a table header, as it stands."""

    field: str
    label: str
    text: str
    version: int  # the event it shows (0: none); a change is made against it
    corrected: bool = False
    extracted: str = ""  # what the extraction read, where a reviewer corrected it
    by: str | None = None
    at: str | None = None
    note: str | None = None


@dataclass
class Row:
    table: int
    row: int
    page: int | None
    bbox: list[float] | None
    value_bbox: list[float] | None
    cells: dict[str, Cell]
    value: dict  # the parsed target (operator, number, unit, …)
    confidence: float | None
    inferred: bool
    severity: str | None = None  # the worst open finding on the row
    corrected: bool = False


@dataclass
class Finding:
    number: int
    key: str  # 'table|row|finding/<code>/<field>': the target of its status
    table: int | None
    row: int | None
    code: str
    name: str
    severity: str
    message: str
    page: int | None
    bbox: list[float] | None
    edit: str  # the field a reviewer corrects for it
    status: str
    version: int
    by: str | None = None
    at: str | None = None
    note: str | None = None


@dataclass
class Table:
    index: int
    title: str
    origin: str
    pages: list[int]
    header: list[Cell]
    rows: list[Row] = field(default_factory=list)
    values: list = field(default_factory=list)  # the other values the table's rows hold (实际完成值, …)


def _cell(review: Review, where: tuple[int | None, int | None], obj: dict, path: str) -> Cell:
    spec = FIELDS[path]
    shown = review.shown((*where, path))
    applied = review.corrections.get((*where, path))
    cell = Cell(path, spec.label, shown_text(read(obj, path)), shown.id if shown else 0)
    if applied is not None:
        cell.corrected, cell.by, cell.at, cell.note = True, applied.reviewer, applied.at, applied.note
        cell.extracted = shown_text(applied.extracted)
    return cell


def _finding_place(doc: dict, issue) -> tuple[int | None, list[float] | None]:
    if issue.bbox:
        return issue.page, issue.bbox
    ind = _indicator(doc, issue.table, issue.row)
    if ind is None:
        return issue.page, None
    box = ind.get("value_bbox") if issue.field in (None, "value") and ind.get("value_bbox") else ind.get("bbox")
    return issue.page or ind.get("page"), box


def _indicator(doc: dict, table: int | None, row: int | None) -> dict | None:
    tables = doc.get("tables") or []
    if table is None or row is None or not 0 <= table < len(tables):
        return None
    rows = tables[table].get("indicators") or []
    return rows[row] if 0 <= row < len(rows) else None


def _edit_field(issue) -> str:
    if issue.row is not None:
        return ROLE_FIELDS.get(issue.field or "", "value.raw")
    return "budget.total" if "budget" in issue.code or "execut" in issue.code else "title"


def findings(c: Checked) -> list[Finding]:
    """Open findings first, errors before warnings before information, then by table and row."""
    doc = c.review.doc
    out = []
    for issue in c.findings:
        key = (issue.table, issue.row, finding_field(issue.code, issue.field))
        shown = c.review.shown(key)
        decided = c.review.findings.get(key)
        page, bbox = _finding_place(doc, issue)
        f = Finding(0, f"{_s(issue.table)}|{_s(issue.row)}|{key[2]}", issue.table, issue.row, issue.code,
                    name_of(issue.code), issue.severity, issue.message, page, bbox, _edit_field(issue),
                    decided.new if decided else "open", shown.id if shown else 0)  # fmt: skip
        if decided is not None:
            f.by, f.at, f.note = decided.reviewer, decided.at, decided.note
        out.append(f)
    out.sort(key=lambda f: (f.status != "open", SEVERITY_ORDER.get(f.severity, 3), f.table if f.table is not None
                            else -1, f.row if f.row is not None else -1, f.code))  # fmt: skip
    for n, f in enumerate(out, start=1):
        f.number = n
    return out


def _s(value: int | None) -> str:
    return "" if value is None else str(value)


def _shown(spec, view: Table) -> bool:
    """A row shows its levels, its name, its target, and every other value any row of its table holds."""
    return spec.kind != "raw" or spec.path == "value.raw" or spec in view.values


LARGE = 400  # rows: a document without page images that has more is shown one table at a time


@dataclass(frozen=True, slots=True)
class Part:
    """The part of a document one view shows: a page (documents with page images), one table (a
    long document without them), or everything. A 200-page document costs one page a view."""

    page: int | None = None
    table: int | None = None
    pages: int = 0  # page images in the document
    tables: int = 0


def part(c: Checked, pages: int, found: list[Finding], page: int | None, table: int | None) -> Part:
    """The part asked for, else the one holding the first open finding, else the first."""
    doc_tables = c.review.doc.get("tables") or []
    first = next((f for f in found if f.status == "open" and (f.page if pages else f.table is not None)), None)
    if pages:
        if page is None or not 1 <= page <= pages:
            page = first.page if first and first.page and first.page <= pages else 1
        return Part(page=page, pages=pages, tables=len(doc_tables))
    if sum(len(t.get("indicators") or ()) for t in doc_tables) <= LARGE:
        return Part(tables=len(doc_tables))
    if table is None or not 0 <= table < len(doc_tables):
        table = first.table if first and first.table is not None else 0
    return Part(table=table, tables=len(doc_tables))


def _on(part: Part, t: int, table: dict, ind: dict | None) -> bool:
    if part.table is not None:
        return t == part.table
    if part.page is None:
        return True
    if ind is None:
        return part.page in (table.get("pages") or [1])
    return (ind.get("page") or 1) == part.page


def tables(c: Checked, found: list[Finding], shown_part: Part = Part()) -> list[Table]:
    """The tables of the part with their rows on it (a table across pages is seen page by page)."""
    doc, review = c.review.doc, c.review
    worst: dict[tuple[int, int], str] = {}
    for f in found:
        if f.status == "open" and f.row is not None and f.severity in ("error", "warning"):
            now = worst.get((f.table, f.row))
            if now is None or SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[now]:
                worst[(f.table, f.row)] = f.severity
    out = []
    for t, table in enumerate(doc.get("tables") or ()):
        indicators = table.get("indicators") or []
        here = [r for r, ind in enumerate(indicators) if _on(shown_part, t, table, ind)]
        if not here and not _on(shown_part, t, table, None):
            continue
        header = [_cell(review, (t, None), table, spec.path) for spec in TABLE_FIELDS]
        view = Table(t, table.get("title") or "", table.get("origin") or "table", table.get("pages") or [], header)
        view.values = [spec for spec in INDICATOR_FIELDS if spec.kind == "raw" and spec.path != "value.raw"
                       and any(read(i, spec.path) is not None for i in indicators)]  # fmt: skip
        for r in here:
            ind = indicators[r]
            shown = [spec for spec in INDICATOR_FIELDS if _shown(spec, view)]
            cells = {spec.path: _cell(review, (t, r), ind, spec.path) for spec in shown}
            row = Row(t, r, ind.get("page"), ind.get("bbox"), ind.get("value_bbox"), cells, ind.get("value") or {},
                      ind.get("confidence"), bool(ind.get("level_inferred")), worst.get((t, r)),
                      any(c.corrected for c in cells.values()))  # fmt: skip
            view.rows.append(row)
        out.append(view)
    return out


@dataclass
class Overlay:
    number: int
    width: float
    height: float
    cells: list[tuple[int, int, str, list[float]]]  # table, row, 'row' or 'value', box
    flags: list[Finding]


def overlay(sizes: list[tuple[float, float]], page: int, views: list[Table], found: list[Finding]) -> Overlay:
    """The page's image frame: the detected cells (each row and its 指标值 cell) and the flagged ones."""
    width, height = sizes[page - 1]
    out = Overlay(page, width, height, [], [])
    for table in views:
        for row in table.rows:
            if row.page == page:
                out.cells += [(row.table, row.row, kind, box) for kind, box in (("row", row.bbox),
                              ("value", row.value_bbox)) if box]  # fmt: skip
    out.flags = [f for f in found if f.page == page and f.bbox]
    return out


def lost(review: Review) -> list[dict]:
    return [
        {"event": x.event, "reason": LOST_REASONS.get(x.reason, x.reason), "now": shown_text(x.now),
         "label": FIELDS[x.event.field].label if x.event.field in FIELDS else x.event.field}
        for x in review.lost
        if x.event.kind == "correction"
    ]  # fmt: skip


def history(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: -e.id)


def document(c: Checked, sizes: list[tuple[float, float]], page: int | None = None, table: int | None = None) -> dict:
    found = findings(c)
    shown = part(c, len(sizes), found, page, table)
    views = tables(c, found, shown)
    verdict = c.review.shown((None, None, DOCUMENT))
    return {
        "entry": c.entry,
        "source": c.review.doc.get("source") or {},
        "findings": found,
        "part": shown,
        "tables": views,
        "titles": [t.get("title") or "" for t in c.review.doc.get("tables") or ()],
        "sheet": overlay(sizes, shown.page, views, found) if shown.page else None,
        "lost": lost(c.review),
        "history": history(c.events),
        "verdict": verdict,
        "verdict_version": verdict.id if verdict else 0,
        "status": c.review.verdict.new if c.review.verdict else None,
        "fields": {"indicator": INDICATOR_FIELDS, "table": TABLE_FIELDS},
    }


def queue(rows: list[tuple[Entry, Summary]], unreadable: list[tuple[str, str]]) -> dict:
    reviewed = sum(1 for _, s in rows if s.status)
    return {
        "rows": rows,
        "unreadable": unreadable,
        "total": len(rows),
        "reviewed": reviewed,
        "approved": sum(1 for _, s in rows if s.status == "approved"),
        "rejected": sum(1 for _, s in rows if s.status == "rejected"),
        "left": len(rows) - reviewed,
        "lost": sum(s.lost for _, s in rows),
    }
