"""From a `RawDocument` to contract `IndicatorTable`s and `Issue`s. Format-agnostic."""

from __future__ import annotations

import re

from budget_perf.assemble.columns import Block, Header, find_blocks, find_project_list
from budget_perf.assemble.context import (
    Pending,
    caption_row,
    document_year,
    project_from_title,
    title_of,
    year_in,
    year_of,
)
from budget_perf.assemble.continuation import Open, column_spans, continued_header
from budget_perf.assemble.fields import MONEY_FIELDS, Fields, read_fields
from budget_perf.assemble.indicators import Assembled, assemble_rows
from budget_perf.assemble.ocr_checks import amounts_read_with_separators, header_corrections, unread_table
from budget_perf.assemble.projects import project_fields, split_projects
from budget_perf.assemble.prose import document_context, prose_tables
from budget_perf.assemble.records import record_indicators
from budget_perf.assemble.table_issues import assembly_issues, budget_unit_issues, year_issues
from budget_perf.qa import config as qa_config
from budget_perf.qa.config import ocr_min_confidence
from extract.model import Cell, Paragraph, RawDocument, Table
from normalizers.labels import RECORDS_LABEL
from normalizers.records import looks_like_records
from normalizers.text import clean, label_key
from schemas import Budget, IndicatorTable, Issue

_SELF_EVAL_ROLES = {"actual", "score"}  # a 分值 (weight) column alone is found on target forms too


def build_tables(raw: RawDocument, min_confidence: float | None = None) -> tuple[list[IndicatorTable], list[Issue]]:
    """The indicator tables of a document and the issues met building them. `min_confidence`: the
    OCR threshold below which a reading is noted; None for the QA configuration's (config.toml)."""
    if min_confidence is None:
        min_confidence = ocr_min_confidence(qa_config.defaults())
    doc_year = document_year(raw)
    tables: list[IndicatorTable] = []
    issues: list[Issue] = []
    pending = Pending()
    last: Open | None = None
    sheet: str | None = None
    list_unit: str | None = None  # a projects table's unit, named by a subtotal row on an earlier page
    for block in raw.blocks:
        if isinstance(block, Table) and block.sheet != sheet:
            sheet, last = block.sheet, None  # a new worksheet: nothing continues across sheets
            pending.clear()
        if isinstance(block, Paragraph):
            if clean(block.text):
                pending.add(block)
                last = None  # text between two tables ends a continuation
            continue
        grid = block.grid()
        blocks = find_blocks(grid)
        header = continued_header(block, grid, blocks, last) if last is not None and not pending.paragraphs else None
        if last is not None and header is not None:
            start = blocks[0].header.row if blocks else 0
            end = blocks[1].start if len(blocks) > 1 else len(grid)
            opened = _continue(last, block, grid, header, start, end, tables, issues, min_confidence)
            last = opened or last
            if len(blocks) <= 1:
                continue
            blocks = blocks[1:]
        if not blocks:
            listed = _project_list(block, grid, pending, doc_year, len(tables), list_unit, min_confidence)
            listed = listed or _records_form(block, grid, pending, doc_year, len(tables), list_unit, min_confidence)
            if listed is not None:
                built, list_unit = listed
                for table, _, notes in built:
                    tables.append(table)
                    issues += notes
                pending.clear()
                last = None
                continue
            pending.add(block)  # a header block, or a table of another kind
            issues += unread_table(block, grid)
            last = None
            continue
        for part in blocks:
            for table, year, notes in _build(block, grid, part, pending, doc_year, len(tables), min_confidence):
                tables.append(table)
                issues += notes
                last = Open(table, part.header, len(grid[0]) if grid else 0, year, column_spans(block))
        pending.clear()
    paragraphs = [b for b in raw.blocks if isinstance(b, Paragraph)]
    kind, unit_name = document_context(paragraphs)
    _name_the_unit(tables, unit_name)
    from_prose, prose_issues = prose_tables(paragraphs, kind, unit_name, doc_year)
    return tables + from_prose, issues + prose_issues


def _name_the_unit(tables: list[IndicatorTable], stated: str | None) -> None:
    """Tables that print no unit belong to the unit the document is the budget of: the one its
    title names, or the one unit its other tables name (a 部门整体 table's 部门名称)."""
    named = {t.unit_name for t in tables if t.unit_name}
    unit = stated or (next(iter(named)) if len(named) == 1 else None)
    if unit is None:
        return
    for table in tables:
        if not table.unit_name and table.indicators:  # a blank template belongs to nobody yet
            table.unit_name = unit


def _continue(
    last: Open,
    block: Table,
    grid: list[list[Cell | None]],
    header: Header,
    start: int,
    end: int,
    tables: list[IndicatorTable],
    issues: list[Issue],
    min_confidence: float,
) -> Open | None:
    """Rows of a table that continues the last one: appended to it; in a multi-project table the
    projects after the first continued one become tables of their own. Returns the table open now."""
    if not header.projects:
        _extend(last, grid, header, start, end, None, block, len(tables) - 1, issues, min_confidence)
        return None
    opened = None
    for project in split_projects(grid, header, start, end):
        name = project_fields(Fields(), project).project_name
        if opened is None and (name is None or name == last.table.project_name):
            _extend(last, grid, header, start, end, set(project.rows), block, len(tables) - 1, issues, min_confidence)
            continue
        own = project_fields(_inherited(last.table), project)
        rows = assemble_rows(
            grid, header, last.year, start=start, end=end, only=set(project.rows), min_confidence=min_confidence
        )
        table, _, notes = _table(block, header, last.table.title, own, last.year, rows, len(tables))
        tables.append(table)
        issues += notes
        opened = last = Open(table, header, len(grid[0]), last.year, column_spans(block))
    return opened


def _extend(
    last: Open,
    grid: list[list[Cell | None]],
    header: Header,
    start: int,
    end: int,
    only: set[int] | None,
    block: Table,
    index: int,
    issues: list[Issue],
    min_confidence: float,
) -> None:
    prev = last.table.indicators[-1] if last.table.indicators else None
    carry = (prev.level1 or None, prev.level2) if prev else (None, None)
    more = assemble_rows(
        grid, header, last.year, start=start, end=end, carry=carry, only=only, min_confidence=min_confidence
    )
    offset = len(last.table.indicators)
    last.table.indicators.extend(more.indicators)
    last.table.pages = sorted(set(last.table.pages) | more.pages | set(block.pages))
    issues += assembly_issues(more, index, offset)


def _inherited(table: IndicatorTable) -> Fields:
    """What a table states for every project of a multi-project table: its unit and currency."""
    budget = table.budget
    return Fields(unit_code=table.unit_code, unit_name=table.unit_name,
                  currency_unit=budget.currency_unit if budget else None)  # fmt: skip


Built = tuple[IndicatorTable, int | None, list[Issue]]


def _build(
    block: Table,
    grid: list[list[Cell | None]],
    part: Block,
    pending: Pending,
    doc_year: int | None,
    index: int,
    min_confidence: float,
) -> list[Built]:
    """The indicator table of one header block; one per project where each row carries its
    project's own cells (a multi-project table)."""
    header = part.header
    above = grid[part.start : header.start]
    # The block's own rows first: the first value found for a field wins.
    captioned = any(caption_row(row) for row in above)
    paragraphs, header_tables = pending.context(captioned, block.pages[0] if block.pages else None)
    # A block further down the grid has its own header rows; the lines above the grid (the
    # currency, the unit) still hold for it, its title does not.
    grids = [above] + ([t.grid() for t in header_tables] if part.start == 0 else [])
    fields = read_fields(grids, [p.text for p in paragraphs])
    title = title_of(paragraphs if part.start == 0 else [], above)
    project_from_title(fields, title)
    # The caption's year line ('（2026年度）') before the cells, which cite other years ('对2025年度…').
    year = year_of(title) or year_in([clean(p.text) for p in paragraphs]) or year_in(fields.texts) or doc_year
    if not header.projects:
        rows = assemble_rows(grid, header, year, end=part.end, min_confidence=min_confidence)
        return [_table(block, header, title, fields, year, rows, index)]
    built: list[Built] = []
    for project in split_projects(grid, header, header.row, part.end):
        rows = assemble_rows(grid, header, year, end=part.end, only=set(project.rows), min_confidence=min_confidence)
        own = project_fields(fields, project)
        built.append(_table(block, header, title, own, year, rows, index + len(built)))
    return built


def _project_list(
    block: Table,
    grid: list[list[Cell | None]],
    pending: Pending,
    doc_year: int | None,
    index: int,
    unit_name: str | None,
    min_confidence: float,
) -> tuple[list[Built], str | None] | None:
    """A table of projects with no indicator grid: one IndicatorTable per project, its indicators
    read from its records cell (none where the table prints its targets as prose only); and the
    unit the last subtotal row named, for the projects on the next page."""
    header = find_project_list(grid)
    if header is None:
        return None
    above = grid[: header.start]
    paragraphs, _ = pending.context(any(caption_row(row) for row in above), block.pages[0] if block.pages else None)
    fields = read_fields([above], [p.text for p in paragraphs])
    title = title_of(paragraphs, above)
    year = year_of(title) or year_in([clean(p.text) for p in paragraphs]) or doc_year
    built: list[Built] = []
    for project in split_projects(grid, header, header.row, len(grid), unit_name):
        own = project_fields(fields, project)
        if project.unit_name:
            own.unit_name = project.unit_name
        unit_name = project.unit_name or unit_name
        rows = Assembled()
        if "records" in header.columns:
            cells = [c for c in project.cells.get("records", [])]
            found = record_indicators(cells, year, min_confidence)
            rows.indicators, rows.findings, rows.pages = found.indicators, found.findings, found.pages
        table, _, notes = _table(block, header, title, own, year, rows, index + len(built))
        if "records" not in header.columns:
            table = table.model_copy(update={"origin": "prose"})  # targets in the goals' prose only
        built.append((table, year, notes))
    return built, unit_name


def _records_form(
    block: Table,
    grid: list[list[Cell | None]],
    pending: Pending,
    doc_year: int | None,
    index: int,
    unit_name: str | None,
    min_confidence: float,
) -> tuple[list[Built], str | None] | None:
    """A one-project form whose indicators are records in the cell beside its 绩效指标 label
    ('项目名称 | X', '绩效目标 | …', '绩效指标 | 1、产出指标；数量指标；…')."""
    cells = [
        value
        for row in grid
        for label in {id(c): c for c in row if c is not None}.values()
        if RECORDS_LABEL.match(label_key(label.text))
        and (value := _right_of(row, label)) is not None
        and looks_like_records(value.text)
    ]
    if not cells:
        return None
    paragraphs, _ = pending.context(False, block.pages[0] if block.pages else None)
    fields = read_fields([grid], [p.text for p in paragraphs])
    title = title_of(paragraphs, [])
    project_from_title(fields, title)
    year = year_of(title) or year_in([clean(p.text) for p in paragraphs]) or doc_year
    rows = Assembled()
    found = record_indicators(cells, year, min_confidence)
    rows.indicators, rows.findings, rows.pages = found.indicators, found.findings, found.pages
    return [_table(block, Header(0, 0, {}), title, fields, year, rows, index)], unit_name


def _right_of(row: list[Cell | None], label: Cell) -> Cell | None:
    return next((c for c in row[label.col + label.colspan :] if c is not None and c is not label), None)


def _table(
    block: Table, header: Header, title: str | None, fields: Fields, year: int | None, rows: Assembled, index: int
) -> Built:
    kind = _kind(title, header, fields)
    issues: list[Issue] = []
    table = IndicatorTable(
        kind=kind,
        title=title,
        unit_code=fields.unit_code,
        unit_name=fields.unit_name or fields.supervisor,
        project_name=fields.project_name if kind != "department" else None,
        project_code=fields.project_code if kind != "department" else None,
        budget=_budget(fields, index, issues, scanned=any(c.confidence is not None for c in block.cells)),
        goals=fields.goals,
        indicators=rows.indicators,
        pages=sorted(rows.pages | (fields.pages or set(block.pages))),
        fund_use=fields.fund_use,
        year=year,
        sheet=block.sheet,
        total_score=rows.total_score,
    )
    issues += assembly_issues(rows, index)
    issues += header_corrections(header, index)
    issues += year_issues(table, index) + budget_unit_issues(table, index)
    if not rows.indicators:
        message = "indicator header found but no indicator rows under it"
        issues.append(Issue(severity="warning", code="no_indicator_rows", table=index, message=message))
    return table, year, issues


def _kind(title: str | None, header: Header, fields: Fields) -> str:
    if header.roles & _SELF_EVAL_ROLES or "自评" in (title or ""):
        return "self_evaluation"
    if re.search(r"部门.{0,6}整体|整体支出", title or "") or (
        fields.project_name is None and fields.unit_name and not fields.project_code
    ):
        return "department"
    return "project"


def _budget(fields: Fields, index: int, issues: list[Issue], scanned: bool) -> Budget | None:
    """The table's money block; on a scan, amounts whose point may be a thousands separator are
    put right by the form's sums or doubted (ocr_checks.amounts_read_with_separators)."""
    if all(getattr(fields, name) is None for name in MONEY_FIELDS):
        # A money block whose amounts are all blank: its currency, no figure from elsewhere.
        return Budget(currency_unit=fields.currency_unit) if fields.money_block and fields.currency_unit else None
    if fields.currency_unit is None:
        issues.append(
            Issue(
                severity="warning",
                code="currency_unit_unknown",
                table=index,
                message="预算金额未注明万元或元；currency_unit 留空，请核对原表",
            )
        )
    budget = Budget(
        total=fields.total,
        fiscal=fields.fiscal,
        other=fields.other,
        carried_over=fields.carried_over,
        special_account=fields.special_account,
        adjustment=fields.adjustment,
        currency_unit=fields.currency_unit,
        medium_term=fields.medium_term,
        initial=fields.initial,
        executed=fields.executed,
        execution_rate=fields.execution_rate,
        execution_score=fields.execution_score,
    )
    if not scanned:
        return budget
    budget, notes = amounts_read_with_separators(budget, index)
    issues += notes
    return budget
