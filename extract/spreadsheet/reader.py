"""Spreadsheets (.xlsx/.xlsm, .xls, .ods): every sheet becomes a table of the common model.

Values and merged ranges come from python-calamine (Rust; cached formula results, dates as
dates, the three formats alike); hidden rows and columns and percentage formats of .xlsx from
the sheet XML (`ooxml.py`). Numbers are shown as a sheet shows them: at most 15 significant
digits (120.49999999999999 is 120.5), percentages as '95%', dates as ISO dates.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from extract.errors import CorruptFile, EncryptedFile
from extract.model import Cell, RawDocument, Table
from extract.spreadsheet.layouts import layouts_for
from extract.spreadsheet.ooxml import SheetLayout, column_letters
from schemas.models import Issue, issue

# A code stored as a number keeps only 15 significant digits in any spreadsheet program.
EXACT_DIGITS = 15


def display(value: object, percent: bool = False) -> str:
    """The text a sheet shows for a cell value."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            return ""
        if percent:
            return f"{_number(number * 100)}%"
        return _number(number)
    return str(value)


def _number(number: float) -> str:
    shown = Decimal(f"{number:.{EXACT_DIGITS}g}")  # what a spreadsheet shows: 15 significant digits
    if shown == shown.to_integral_value() and abs(shown) < Decimal("1e21"):
        return str(int(shown))
    return format(shown.normalize(), "f")


def read_spreadsheet(path: Path, fmt: str) -> RawDocument:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except CalamineError as e:
        if "password" in str(e).lower() or "encrypt" in str(e).lower():
            raise EncryptedFile(f"{path}: spreadsheet is password-protected; remove the password and save again") from e
        raise CorruptFile(f"{path}: damaged spreadsheet ({e}); open and save it again") from e
    layouts = layouts_for(path, fmt)
    blocks: list = []
    issues: list[Issue] = []
    try:
        for name in book.sheet_names:
            try:
                sheet = book.get_sheet_by_name(name)
                table = _table(name, sheet, layouts.get(name, SheetLayout()), issues)
            except Exception as e:  # one broken sheet must not cost the others
                issues.append(issue("error", "sheet_unreadable", f"工作表「{name}」无法读取：{e}", None))
                continue
            if table is not None:
                blocks.append(table)
    finally:
        book.close()
    return RawDocument(format=fmt, blocks=blocks, pages=None, issues=issues)


def _table(name: str, sheet, layout: SheetLayout, issues: list[Issue]) -> Table | None:
    rows = sheet.to_python()
    top, left = sheet.start or (0, 0)
    texts = [[display(v, (top + r, left + c) in layout.percent_cells) for c, v in enumerate(row)]
             for r, row in enumerate(rows)]  # fmt: skip
    _note_numeric_codes(name, rows, top, left, issues)
    keep_rows = [r for r in range(len(texts)) if top + r not in layout.hidden_rows]
    keep_cols = [c for c in range(max((len(t) for t in texts), default=0)) if left + c not in layout.hidden_cols]
    # Trailing empty rows and columns are formatting, not content.
    while keep_rows and not any(_at(texts, keep_rows[-1], c).strip() for c in keep_cols):
        keep_rows.pop()
    while keep_cols and not any(_at(texts, r, keep_cols[-1]).strip() for r in keep_rows):
        keep_cols.pop()
    if not keep_rows or not keep_cols:
        return None
    row_at = {r: i for i, r in enumerate(keep_rows)}
    col_at = {c: i for i, c in enumerate(keep_cols)}
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    merges = layout.merges if layout.merges is not None else (sheet.merged_cell_ranges or [])
    for (r0, c0), (r1, c1) in merges:
        r0, c0, r1, c1 = r0 - top, c0 - left, r1 - top, c1 - left
        visible_r = [r for r in range(r0, r1 + 1) if r in row_at]
        visible_c = [c for c in range(c0, c1 + 1) if c in col_at]
        if not visible_r or not visible_c:
            continue
        spans[(visible_r[0], visible_c[0])] = (len(visible_r), len(visible_c))
        covered.update((r, c) for r in visible_r for c in visible_c if (r, c) != (visible_r[0], visible_c[0]))
    cells = []
    for r in keep_rows:
        for c in keep_cols:
            if (r, c) in covered:
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            text = _at(texts, r, c)
            if (r, c) in spans and not text:
                text = _first_text(texts, r, c, rowspan, colspan, keep_rows, keep_cols)
            cell = Cell(row_at[r], col_at[c], text, rowspan, colspan)
            cell.address = f"{column_letters(left + c)}{top + r + 1}"
            cells.append(cell)
    return Table(cells=cells, sheet=name)


def _at(texts: list[list[str]], r: int, c: int) -> str:
    row = texts[r] if r < len(texts) else []
    return row[c] if c < len(row) else ""


def _first_text(texts, r, c, rowspan, colspan, keep_rows, keep_cols) -> str:
    """A merged range whose value sits in a hidden or later cell of the range (rare exports)."""
    rows = keep_rows[keep_rows.index(r) : keep_rows.index(r) + rowspan]
    cols = keep_cols[keep_cols.index(c) : keep_cols.index(c) + colspan]
    return next((t for rr in rows for cc in cols if (t := _at(texts, rr, cc))), "")


def _note_numeric_codes(name: str, rows: list[list], top: int, left: int, issues: list[Issue]) -> None:
    """A long code (项目编码) stored as a number has lost its digits past the 15th: say so."""
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, float) and v.is_integer() and abs(v) >= 10**EXACT_DIGITS:
                address = f"{column_letters(left + c)}{top + r + 1}"
                issues.append(
                    issue(
                        "warning",
                        "number_lost_digits",
                        f"工作表「{name}」{address} 的 {_number(v)} 以数字存储，超过 15 位的数字已丢失；"
                        "编码请以文本格式导出",
                    )
                )
