"""A scanned grid that reads like an indicator table but whose header was not recognised.

Evidence: cells of the grid that say 指标, in as many cells as an indicator header names its
levels (一级指标, 二级指标, 三级指标) or more; no header found. Its rows are lost, so the page is
named.

Looks at: the grid's cells (any with a `confidence`: the grid was OCR'd) and their text.
"""

from __future__ import annotations

import re

from budget_perf.assemble.ocr_checks.common import Effect, Step
from extract.model import Cell, Table
from schemas.models import Issue

EFFECT = Effect.NOTE  # no row was read, so no confidence to lower: the page is named
STEP: Step = "grid"

_INDICATOR_WORDS = re.compile(r"指标|目标值")
# The cells an indicator header names 指标 in at least: its three levels' labels.
_HEADER_WORDS = len(("一级指标", "二级指标", "三级指标"))


def unread_table(block: Table, grid: list[list[Cell | None]]) -> list[Issue]:
    """The page of a scanned grid with 指标 words in a header's count of cells, no header read."""
    cells = {id(c): c for row in grid for c in row if c is not None}.values()
    if not any(c.confidence is not None for c in cells):
        return []
    words = sum(1 for c in cells if _INDICATOR_WORDS.search(c.text))
    if words < _HEADER_WORDS:
        return []
    page = block.pages[0] if block.pages else None
    message = (
        f"第 {page} 页的表格像是绩效指标表（{words} 个单元格含“指标”），但没有认出表头，其中的指标行未能提取；"
        "请核对原件或提高扫描质量"
    )
    return [Issue(severity="warning", code="ocr_table_unread", page=page, message=message)]
