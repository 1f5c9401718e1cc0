"""Indicators from a cell that holds them as numbered records (normalizers/records.py): one
Indicator per record, the annual target as `value` and the period's as `period_value`, parsed by
the shared value parser. A cell that should hold records and yields none, or a numbered part that
is no record, is a warning naming the cell: never silence."""

from __future__ import annotations

from dataclasses import dataclass, field

from budget_perf.assemble.ocr_checks import row_note
from extract.model import Cell
from normalizers.records import Record, parse_records
from normalizers.text import clean
from normalizers.values import parse_value, with_unit_from_row
from schemas import Indicator, Issue, issue


@dataclass(slots=True)
class FromRecords:
    indicators: list[Indicator] = field(default_factory=list)
    findings: list[Issue] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)


def record_indicators(cells: list[Cell], year: int | None, min_confidence: float) -> FromRecords:
    """The indicators of a project's records cell (its parts on several pages, in order); a record
    read by OCR below `min_confidence` is noted (extract/ocr/doubt.py)."""
    out = FromRecords()
    text = "\n".join(c.text for c in cells if clean(c.text))
    if not text.strip():
        return out
    first = cells[0]
    records, unread = parse_records(text)
    for record in records:
        out.indicators.append(_indicator(record, year, first))
        if (note := row_note(len(out.indicators) - 1, out.indicators[-1], [], min_confidence)) is not None:
            out.findings.append(note)
    out.pages.update(c.page for c in cells if c.page is not None)
    box = list(first.bbox) if first.bbox else None
    if not records:
        message = f"第 {first.page or '?'} 页的绩效指标单元格（「{clean(text)[:30]}…」）未能读出任何指标，请核对原表"
        out.findings.append(issue("warning", "records_unread", message, first.page, field="records", bbox=box))
        return out
    for body in unread:
        message = f"绩效指标单元格中的一段「{body[:40]}」未能按「级别；名称；指标值」读出，未计入指标"
        out.findings.append(issue("warning", "record_unread", message, first.page, field="records", bbox=box))
    return out


def _indicator(record: Record, year: int | None, cell: Cell) -> Indicator:
    value = _target(record.value, record.name, year)
    period = _target(record.period_value, record.name, year) if record.period_value is not None else None
    return Indicator(
        level1=record.level1,
        level2=record.level2,
        level3=record.name,
        value=value if record.value is not None else (period or value),
        period_value=period,
        description="；".join(record.rest) or None,
        page=cell.page,
        confidence=cell.confidence,
        bbox=list(cell.bbox) if cell.bbox else None,
        extra=dict(record.codes),
    )


def _target(raw: str | None, name: str, year: int | None):
    return with_unit_from_row(parse_value(raw or "", year), None, name)
