"""Helpers shared by the rules: iterate rows, make findings that point at the cell."""

from __future__ import annotations

from collections.abc import Iterator

from schemas import Document, Indicator, IndicatorTable, Issue


def rows(doc: Document) -> Iterator[tuple[int, IndicatorTable, int, Indicator]]:
    for t_index, table in enumerate(doc.tables):
        for r_index, ind in enumerate(table.indicators):
            yield t_index, table, r_index, ind


def finding(
    severity: str,
    code: str,
    message: str,
    t_index: int,
    r_index: int | None = None,
    ind: Indicator | None = None,
    field: str | None = None,
) -> Issue:
    bbox = None
    if ind is not None:
        bbox = ind.value_bbox if field in ("value", None) and ind.value_bbox else ind.bbox
    return Issue(
        severity=severity,
        code=code,
        message=message,
        page=ind.page if ind else None,
        table=t_index,
        row=r_index,
        field=field,
        bbox=bbox,
    )


def where(table: IndicatorTable, ind: Indicator) -> str:
    return f"「{ind.level3 or ind.level2 or ind.level1}」"
