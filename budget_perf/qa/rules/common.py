"""Helpers shared by the rules: iterate rows, make findings that point at the cell."""

from __future__ import annotations

from collections.abc import Iterator

from normalizers.grammar import is_unfilled_row
from schemas import Document, Indicator, IndicatorTable, Issue


def placeholder(ind: Indicator) -> bool:
    """A template row nobody filled: '不适用 | 不适用', '/'. Not applicable, so not checked."""
    return is_unfilled_row(ind.value.raw, ind.level3)


def rows(doc: Document) -> Iterator[tuple[int, IndicatorTable, int, Indicator]]:
    """The indicator rows the rules check: placeholder rows are left to `not_applicable`."""
    for t_index, table in enumerate(doc.tables):
        for r_index, ind in enumerate(table.indicators):
            if not placeholder(ind):
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
