"""Multi-project tables: one header, each project's own cells (项目名称, 项目总额, 财政资金, 绩效目标)
merged down over its indicator rows, often over many pages. Rows are grouped by their project
cell; a unit's subtotal row (a 资金使用单位 with its amounts and no indicator) names the unit of
the projects after it.

Page breaks: an exporter that splits a merged cell at a page break either repeats its text on
the new page or leaves the new part empty; both continue the project above."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budget_perf.assemble.columns import Header, furniture_row, header_row_repeats
from budget_perf.assemble.fields import MONEY_FIELDS, Fields, amount
from extract.model import Cell
from normalizers.goals import split_goals
from normalizers.labels import field_of
from normalizers.text import clean, join_soft

# A subtotal row's words around the unit's name: '市民政局小计', '合计：福州市民政局'.
_SUBTOTAL = re.compile(r"^(?:小计|合计|总计)[:：]?|(?:小计|合计|总计)$")
# '11000025T000003353562-千家万盆鲜花祝福祖国', '301007_项目名': a code printed before the name.
_CODE_AND_NAME = re.compile(r"^(?P<code>[0-9A-Za-z]*\d[0-9A-Za-z]{5,})\s*[-－—_:：]\s*(?P<name>\S.*)$")


@dataclass(slots=True)
class Project:
    """The grid rows of one project, and its own cells by header field."""

    rows: list[int] = field(default_factory=list)
    cells: dict[str, list[Cell]] = field(default_factory=dict)
    unit_name: str | None = None  # from the unit subtotal row above it

    def text(self, name: str) -> str | None:
        """A field's text: its cells' distinct texts joined (a cell cut by a page break)."""
        parts: list[str] = []
        for cell in self.cells.get(name, []):
            text = clean(cell.text)
            if not text or any(p.startswith(text) for p in parts):
                continue  # printed again after a page break, whole or cut short by the cell's end
            parts = [p for p in parts if not text.startswith(p)]
            parts.append(text)
        joined = ""
        for part in parts:
            joined = join_soft(joined, part)
        return joined or None

    @property
    def pages(self) -> set[int]:
        return {c.page for cells in self.cells.values() for c in cells if c.page is not None}


def split_code(text: str | None) -> tuple[str | None, str | None]:
    """(code, name) of a project cell that prints its code before its name; (None, text) otherwise."""
    if not text:
        return None, text
    m = _CODE_AND_NAME.match(text.replace(" ", ""))
    return (m["code"], m["name"]) if m else (None, text)


def split_projects(
    grid: list[list[Cell | None]], header: Header, start: int, end: int, unit_name: str | None = None
) -> list[Project]:
    """The projects of rows [start, end) of a multi-project table, in printed order; `unit_name` is
    the unit a subtotal row above them named (on an earlier page)."""
    name_cols = header.fields["project_name"]
    # A project's own content: its indicators (a grid's roles, or a records column) and goals; a
    # row with none of it and a name is a unit's subtotal.
    indicator_cols = [c for cols in header.columns.values() for c in cols] + header.fields.get("goals", [])
    projects: list[Project] = []
    subtotal: Cell | None = None  # the subtotal row just read, which a page break may have cut
    for r in range(start, end):
        row = grid[r]
        if header_row_repeats(row) or furniture_row(row) or r < header.row:
            continue
        name_cell = _first(row, name_cols)
        name = clean(name_cell.text) if name_cell is not None else ""
        if field_of(name) == "project_name":
            continue  # the header repeated on a new page
        has_indicator = any(row[c] is not None and clean(row[c].text) for c in indicator_cols if c < len(row))
        if not has_indicator:
            if name and not _continues(projects, name_cell, name):
                if subtotal is not None and _cut_by_break(subtotal, name_cell):
                    name = join_soft(clean(subtotal.text), name)  # '…交通运输' | page break | '局合计'
                unit_name = _unit_of(name) or unit_name  # a unit's subtotal row, or the grand total
                subtotal = name_cell
            continue
        subtotal = None
        if projects and (name_cell is None or not name or _continues(projects, name_cell, name)):
            current = projects[-1]
        else:
            current = Project(unit_name=unit_name)
            projects.append(current)
        current.rows.append(r)
        own_cols = {**header.fields, **({"records": header.columns["records"]} if "records" in header.columns else {})}
        for key, cols in own_cols.items():
            for c in cols:
                cell = row[c] if c < len(row) else None
                if cell is not None and not any(cell is k for k in current.cells.get(key, [])):
                    current.cells.setdefault(key, []).append(cell)
    return projects


def _continues(projects: list[Project], cell: Cell | None, name: str) -> bool:
    """The cell is the last project's own (merged down), or its text repeated after a page break,
    whole or cut short (the exporter prints each part only as far as it has room: the part before
    the break may be the one cut short)."""
    if not projects or cell is None:
        return False
    last = projects[-1]
    own = last.cells.get("project_name", [])
    if any(cell is c for c in own):
        return True
    text = last.text("project_name") or ""
    cut = text.startswith(name) or name.startswith(text)
    return name == text or (cell.page is not None and _after_break(own, cell) and bool(text) and cut)


def _after_break(own: list[Cell], cell: Cell) -> bool:
    """`cell` lies on a later page than the last project's own name cells."""
    return any(c.page is not None and c.page < cell.page for c in own)


def _cut_by_break(above: Cell, cell: Cell | None) -> bool:
    """`cell` goes on with the subtotal row `above` on the next page: the row was cut by the break."""
    return cell is not None and above.page is not None and cell.page is not None and cell.page > above.page


def _first(row: list[Cell | None], cols: list[int]) -> Cell | None:
    return next((row[c] for c in cols if c < len(row) and row[c] is not None), None)


def _unit_of(text: str) -> str | None:
    """The unit a subtotal row names ('福州市民政局小计' -> 福州市民政局); None for a bare total."""
    name = _SUBTOTAL.sub("", text).strip()
    return name or None


def project_fields(table: Fields, project: Project) -> Fields:
    """A project's header fields: its own cells first, then what the table's header block and the
    lines above it state for every project (the currency, the unit)."""
    code, name = split_code(project.text("project_name"))
    f = Fields(
        unit_code=table.unit_code,
        unit_name=project.text("unit_name") or project.unit_name or table.unit_name,
        supervisor=project.text("supervisor") or table.supervisor,
        project_name=name,
        project_code=project.text("project_code") or code,
        currency_unit=table.currency_unit,
        fund_use=project.text("fund_use"),
        goals=split_goals(project.text("goals") or "") if "goals" in project.cells else [],
        texts=table.texts,
        pages=project.pages,
    )
    for money in MONEY_FIELDS:
        if money in project.cells:
            setattr(f, money, amount(project.text(money)))
    return f
