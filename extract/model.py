"""The format-agnostic intermediate model every reader produces.

A reader turns a file into a `RawDocument`: blocks (paragraphs and tables) in
reading order. Everything downstream (table finding, header reading, indicator
assembly) sees only this model, so PDF, DOCX and OCR share one pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.models import Issue

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points


@dataclass(slots=True)
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None
    bbox: BBox | None = None
    confidence: float | None = None  # OCR score 0..1 (extract/ocr/doubt.py); None when not OCR'd
    second_reading: str | None = None  # OCR: the cell read again larger, where its numbers disagree
    address: str | None = None  # spreadsheet cell reference ('A12') of the cell's top-left corner


@dataclass(slots=True)
class Table:
    cells: list[Cell]
    pages: list[int] = field(default_factory=list)
    sheet: str | None = None  # the worksheet a spreadsheet table comes from

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)

    def grid(self) -> list[list[Cell | None]]:
        """Row-major slots; a merged cell appears in every slot it covers."""
        width = self.n_cols
        slots: list[list[Cell | None]] = [[None] * width for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    slots[r][c] = cell
        return slots


@dataclass(slots=True)
class Paragraph:
    text: str
    page: int | None = None
    heading: bool = False  # styled as a heading / outline level by the source


Block = Paragraph | Table


@dataclass(slots=True)
class RawDocument:
    format: str
    blocks: list[Block]
    pages: int | None = None
    ocr: bool = False
    issues: list[Issue] = field(default_factory=list)  # what a reader met but survived: a bad page, a sheet
