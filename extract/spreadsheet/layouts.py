"""Sheet layout facts python-calamine does not give, for each format: hidden rows and columns,
percentage-formatted numbers, and (OpenDocument) merged ranges.

- .xlsx: the sheet XML (`ooxml.py`);
- .xls: xlrd with formatting records (row and column info, the XF format of number cells);
- .ods: content.xml, streamed: rows and columns with `table:visibility="collapse"`, cells of
  `office:value-type="percentage"`, and `number-columns-spanned` / `number-rows-spanned`.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from extract.spreadsheet.ooxml import SheetLayout, read_layouts

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
# A repeat count larger than this only ever describes empty filler rows or columns.
_MAX_REPEAT_TRACKED = 10_000


def layouts_for(path: Path, fmt: str) -> dict[str, SheetLayout]:
    """Layout facts by sheet name; an unreadable layout leaves the values (from calamine) as they are."""
    try:
        if fmt == "xlsx":
            with zipfile.ZipFile(path) as zf:
                return read_layouts(zf)
        if fmt == "ods":
            with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
                return _ods_layouts(fh)
        if fmt in ("xls", "et"):
            return _xls_layouts(path)
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, etree.XMLSyntaxError):
        return {}
    except Exception:  # xlrd's own errors on an odd BIFF file: values still come from calamine
        return {}
    return {}


def _xls_layouts(path: Path) -> dict[str, SheetLayout]:
    import xlrd

    book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    try:
        out = {}
        percent_xf = {
            i
            for i, xf in enumerate(book.xf_list)
            if "%" in getattr(book.format_map.get(xf.format_key), "format_str", "")
        }
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            layout = SheetLayout(
                hidden_rows={r for r, info in sheet.rowinfo_map.items() if info.hidden},
                hidden_cols={c for c, info in sheet.colinfo_map.items() if info.hidden},
            )
            for r in range(sheet.nrows):
                for c, ctype in enumerate(sheet.row_types(r)):
                    if ctype == xlrd.XL_CELL_NUMBER and sheet.cell_xf_index(r, c) in percent_xf:
                        layout.percent_cells.add((r, c))
            out[sheet.name] = layout
            book.unload_sheet(index)
        return out
    finally:
        book.release_resources()


def _ods_layouts(fh) -> dict[str, SheetLayout]:
    out: dict[str, SheetLayout] = {}
    layout: SheetLayout | None = None
    row = col = 0
    for event, el in etree.iterparse(fh, events=("start", "end"), resolve_entities=False, no_network=True):
        tag = el.tag
        if event == "start":
            if tag == f"{_TABLE}table":
                layout = SheetLayout(merges=[])
                out[el.get(f"{_TABLE}name", "")] = layout
                row = col = 0
            elif tag == f"{_TABLE}table-row":
                col = 0
            continue
        if layout is None:
            continue
        if tag == f"{_TABLE}table-column":
            repeat = int(el.get(f"{_TABLE}number-columns-repeated", "1"))
            if el.get(f"{_TABLE}visibility") == "collapse":
                layout.hidden_cols.update(range(col, col + min(repeat, _MAX_REPEAT_TRACKED)))
            col += repeat
        elif tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            repeat = int(el.get(f"{_TABLE}number-columns-repeated", "1"))
            if tag == f"{_TABLE}table-cell":
                if el.get(f"{_OFFICE}value-type") == "percentage":
                    layout.percent_cells.update((row, c) for c in range(col, col + min(repeat, _MAX_REPEAT_TRACKED)))
                rows = int(el.get(f"{_TABLE}number-rows-spanned", "1"))
                cols = int(el.get(f"{_TABLE}number-columns-spanned", "1"))
                if rows > 1 or cols > 1:
                    layout.merges.append(((row, col), (row + rows - 1, col + cols - 1)))
            col += repeat
            el.clear()
        elif tag == f"{_TABLE}table-row":
            repeat = int(el.get(f"{_TABLE}number-rows-repeated", "1"))
            if el.get(f"{_TABLE}visibility") == "collapse":
                layout.hidden_rows.update(range(row, row + min(repeat, _MAX_REPEAT_TRACKED)))
            row += repeat
            el.clear()
        elif tag == f"{_TABLE}table":
            layout = None
    return out
