"""The DOCX reader's grid: merged cells once, nested tables, content controls, body order."""

from __future__ import annotations

from pathlib import Path

import docx

from extract.docx_reader import read_docx
from extract.model import Paragraph, Table
from samples.builders.kit import S, grid_table, nested_value_cell, save_reproducibly, wrap_in_content_control


def _save(doc, tmp_path: Path, name: str = "t.docx") -> Path:
    path = tmp_path / name
    save_reproducibly(doc, path)
    return path


def test_merged_cells_are_counted_once(tmp_path: Path) -> None:
    doc = docx.Document()
    grid_table(doc, [2, 2, 2], [[S("A", rs=2), S("B", cs=2)], ["c", "d"], ["e", "f", "g"]])
    (table,) = [b for b in read_docx(_save(doc, tmp_path)).blocks if isinstance(b, Table)]
    cells = {(c.row, c.col): (c.text, c.rowspan, c.colspan) for c in table.cells}
    assert cells == {
        (0, 0): ("A", 2, 1),
        (0, 1): ("B", 1, 2),
        (1, 1): ("c", 1, 1),
        (1, 2): ("d", 1, 1),
        (2, 0): ("e", 1, 1),
        (2, 1): ("f", 1, 1),
        (2, 2): ("g", 1, 1),
    }
    grid = table.grid()
    assert grid[1][0] is grid[0][0]  # the merge fills the slot below
    assert all(c.page is None and c.bbox is None and c.confidence is None for c in table.cells)


def test_body_order_nested_tables_and_content_controls(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("before")
    outer = grid_table(doc, [3, 3], [["x", "y"]])
    nested_value_cell(outer.cell(0, 1), "inner", ["after inner"])
    doc.add_paragraph("between")
    wrapped = grid_table(doc, [3], [["in sdt"]])
    wrap_in_content_control(wrapped)
    doc.add_paragraph("after")
    blocks = read_docx(_save(doc, tmp_path)).blocks
    kinds = [(type(b).__name__, b.text if isinstance(b, Paragraph) else b.cells[0].text) for b in blocks]
    assert [k for k in kinds if k[1]] == [
        ("Paragraph", "before"),
        ("Table", "x"),
        ("Table", "inner"),  # the nested table, right after its parent
        ("Paragraph", "between"),
        ("Table", "in sdt"),
        ("Paragraph", "after"),
    ]
    outer_table = next(b for b in blocks if isinstance(b, Table))
    assert outer_table.cells[1].text == "inner\nafter inner"  # nested text stays in the parent cell too


def test_headings_are_marked(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_heading("1.某项目绩效目标表", level=2)
    doc.add_paragraph("正文")
    paras = [b for b in read_docx(_save(doc, tmp_path)).blocks if isinstance(b, Paragraph)]
    assert [(p.text, p.heading) for p in paras] == [("1.某项目绩效目标表", True), ("正文", False)]
