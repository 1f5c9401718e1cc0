"""What python-calamine does not say about an .xlsx sheet: hidden rows and columns, and which
numeric cells are formatted as percentages. Read by streaming the sheet XML (no entities, no
network), so a sheet costs one pass and bounded memory."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PERCENT_BUILTIN = {9, 10}
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


@dataclass(slots=True)
class SheetLayout:
    hidden_rows: set[int] = field(default_factory=set)  # 0-based sheet rows
    hidden_cols: set[int] = field(default_factory=set)  # 0-based sheet columns
    percent_cells: set[tuple[int, int]] = field(default_factory=set)
    # Merged ranges ((r0, c0), (r1, c1)) when the format's own record is better than calamine's.
    merges: list[tuple[tuple[int, int], tuple[int, int]]] | None = None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def column_letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part name, from the workbook and its relationships."""
    book = etree.fromstring(zf.read("xl/workbook.xml"), _parser())
    rels_xml = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"), _parser())
    targets = {r.get("Id"): r.get("Target", "") for r in rels_xml.iter(f"{_PKG_REL}Relationship")}
    out = {}
    for sheet in book.iter(f"{_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        out[sheet.get("name", "")] = path
    return out


def _percent_styles(zf: zipfile.ZipFile) -> set[int]:
    if "xl/styles.xml" not in zf.namelist():
        return set()
    styles = etree.fromstring(zf.read("xl/styles.xml"), _parser())
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in styles.iter(f"{_NS}numFmt")}
    out = set()
    xfs = styles.find(f"{_NS}cellXfs")
    for i, xf in enumerate(xfs if xfs is not None else []):
        fmt = int(xf.get("numFmtId", "0"))
        code = re.sub(r'"[^"]*"|\\.', "", custom.get(fmt, ""))  # a % inside quotes is literal text
        if fmt in _PERCENT_BUILTIN or "%" in code:
            out.add(i)
    return out


def read_layouts(zf: zipfile.ZipFile) -> dict[str, SheetLayout]:
    """Layout facts of every worksheet, by sheet name; a sheet whose XML is missing gets none."""
    percent = _percent_styles(zf)
    names = set(zf.namelist())
    out: dict[str, SheetLayout] = {}
    for name, part in _sheet_paths(zf).items():
        if part not in names:
            continue
        layout = SheetLayout()
        with zf.open(part) as fh:
            for _, el in etree.iterparse(fh, events=("end",), resolve_entities=False, no_network=True,
                                         tag=(f"{_NS}row", f"{_NS}col", f"{_NS}c")):  # fmt: skip
                tag = el.tag[len(_NS) :]
                if tag == "c":
                    if percent and el.get("t") in (None, "n") and int(el.get("s", "0")) in percent:
                        m = _CELL_REF.match(el.get("r", ""))
                        if m:
                            layout.percent_cells.add((int(m[2]) - 1, column_index(m[1])))
                elif tag == "row":
                    if el.get("hidden") in ("1", "true"):
                        layout.hidden_rows.add(int(el.get("r", "0")) - 1)
                    el.clear()  # rows hold the cells: free them as we go
                elif el.get("hidden") in ("1", "true"):
                    lo, hi = int(el.get("min", "1")), int(el.get("max", "1"))
                    layout.hidden_cols.update(range(lo - 1, min(hi, lo + 16384)))
        out[name] = layout
    return out
