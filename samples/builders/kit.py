"""Small helpers to lay out DOCX tables with merged cells, as budget systems print them."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Noto Serif CJK SC"
FIXED_TIME = (2024, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class S:
    """A cell spanning `rs` rows and `cs` grid columns."""

    text: str
    rs: int = 1
    cs: int = 1


def new_document(landscape: bool = False) -> docx.document.Document:
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        style = doc.styles[name]
        style.font.name = FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        style.font.size = Pt(10.5 if name == "Normal" else 14)
    return doc


def paragraphs(doc, *texts: str, heading: int | None = None) -> None:
    for text in texts:
        if heading is None:
            doc.add_paragraph(text)
        else:
            doc.add_heading(text, level=heading)


def bookmarked_heading(doc, text: str, name: str, bid: int, level: int = 2):
    p = doc.add_heading(text, level=level)
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bid))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bid))
    p._p.insert(1, start)
    p._p.append(end)
    return p


def _set_cell_text(cell, text: str) -> None:
    lines = text.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def grid_table(container, widths_cm: list[float], rows: list[list[str | S]], header_rows: int = 0):
    """Add a table; each row lists its cells left to right, skipping slots covered by spans above."""
    n_cols = len(widths_cm)
    table = container.add_table(rows=len(rows), cols=n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    taken: set[tuple[int, int]] = set()
    merges = []
    for r, items in enumerate(rows):
        c = 0
        for item in items:
            while (r, c) in taken:
                c += 1
            span = item if isinstance(item, S) else S(item)
            if c + span.cs > n_cols:
                raise ValueError(f"row {r} overflows the grid at column {c}: {span.text[:20]!r}")
            _set_cell_text(table.cell(r, c), span.text)
            for rr in range(r, r + span.rs):
                for cc in range(c, c + span.cs):
                    taken.add((rr, cc))
            if span.rs > 1 or span.cs > 1:
                merges.append((r, c, r + span.rs - 1, c + span.cs - 1))
            c += span.cs
    for r0, c0, r1, c1 in merges:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    for c, column in enumerate(table.columns):
        column.width = Cm(widths_cm[c])  # w:gridCol, which LibreOffice lays out by
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = Cm(widths_cm[c])
    for r in range(header_rows):
        trpr = table.rows[r]._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        trpr.append(el)
    return table


def wrap_in_content_control(table) -> None:
    """Put a table inside a w:sdt, as form templates do; python-docx's doc.tables misses these."""
    tbl = table._tbl
    sdt, pr, content = OxmlElement("w:sdt"), OxmlElement("w:sdtPr"), OxmlElement("w:sdtContent")
    alias = OxmlElement("w:alias")
    alias.set(qn("w:val"), "绩效指标")
    pr.append(alias)
    tbl.addprevious(sdt)
    sdt.append(pr)
    sdt.append(content)
    content.append(tbl)


def nested_value_cell(cell, nested_text: str, after: list[str]) -> None:
    """A cell whose text starts in a nested one-cell table and runs on in paragraphs."""
    first = cell.paragraphs[0]._p
    inner = cell.add_table(rows=1, cols=1)
    inner.cell(0, 0).text = nested_text
    for line in after:
        cell.add_paragraph(line)
    first.getparent().remove(first)


def save_reproducibly(doc, path: Path) -> None:
    """Save with fixed ZIP timestamps so a rebuild gives the same bytes (and the same sha256)."""
    buf = io.BytesIO()
    doc.core_properties.created = doc.core_properties.modified = datetime(*FIXED_TIME)
    doc.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())
