"""From a `RawDocument` to contract `IndicatorTable`s and `Issue`s. Format-agnostic."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budget_perf.assemble.columns import Block, Header, find_blocks, find_project_list, opens_block
from budget_perf.assemble.fields import MONEY_FIELDS, Fields, read_fields
from budget_perf.assemble.indicators import Assembled, assemble_rows
from budget_perf.assemble.projects import project_fields, split_projects
from budget_perf.assemble.prose import document_context, prose_tables
from budget_perf.assemble.records import record_indicators
from extract.model import Cell, Paragraph, RawDocument, Table
from normalizers.dates import RELATIVE_DATE
from normalizers.grammar import YUAN_PER_UNIT
from normalizers.labels import TITLE_WORDS, is_caption
from normalizers.text import clean
from schemas import Budget, IndicatorTable, Issue

_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|-(?:19|20)\d{2}\s*年)")
_SELF_EVAL_ROLES = {"actual", "score"}  # a 分值 (weight) column alone is found on target forms too


@dataclass(slots=True)
class _Pending:
    """The blocks since the last indicator table: where a table's title and header block are."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    order: list[Paragraph | Table] = field(default_factory=list)

    def add(self, block: Paragraph | Table) -> None:
        (self.paragraphs if isinstance(block, Paragraph) else self.tables).append(block)  # type: ignore[arg-type]
        self.order.append(block)

    def clear(self) -> None:
        self.paragraphs.clear()
        self.tables.clear()
        self.order.clear()

    def context(self, captioned: bool, page: int | None) -> tuple[list[Paragraph], list[Table]]:
        """The blocks that belong to the next table: from its title on (what comes before the
        title is another part of the document: a budget summary, prose that names other units and
        amounts), else the last few, and none from pages before the one before the table's. A
        table whose grid prints its own title takes only the lines just above it."""
        if captioned:
            blocks = self.order[-_LINES_ABOVE:]
        else:
            titles = [
                i for i, b in enumerate(self.order) if isinstance(b, Paragraph) and _FORM_TITLE.search(clean(b.text))
            ]
            blocks = self.order[titles[-1] :] if titles else self.order[-_CONTEXT:]
        if page is not None:
            blocks = [b for b in blocks if _first_page_of(b) is None or _first_page_of(b) >= page - 1]
        return [b for b in blocks if isinstance(b, Paragraph)], [b for b in blocks if isinstance(b, Table)][-2:]


def _first_page_of(block: Paragraph | Table) -> int | None:
    return block.page if isinstance(block, Paragraph) else (block.pages[0] if block.pages else None)


_LINES_ABOVE = 2  # '单位名称：…' and '金额单位：万元' over a table that prints its own title
_CONTEXT = 6  # blocks before a table with no caption that may be its header lines


@dataclass(slots=True)
class _Open:
    """The last indicator table, kept open so that a following table can continue it."""

    table: IndicatorTable
    header: Header
    n_cols: int
    year: int | None
    spans: dict[int, tuple[float, float]] = field(default_factory=dict)  # grid column -> its x extent


def build_tables(raw: RawDocument) -> tuple[list[IndicatorTable], list[Issue]]:
    doc_year = _document_year(raw)
    tables: list[IndicatorTable] = []
    issues: list[Issue] = []
    pending = _Pending()
    last: _Open | None = None
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
        header = _continued_header(block, grid, blocks, last) if last is not None and not pending.paragraphs else None
        if last is not None and header is not None:
            start = blocks[0].header.row if blocks else 0
            end = blocks[1].start if len(blocks) > 1 else len(grid)
            opened = _continue(last, block, grid, header, start, end, tables, issues)
            last = opened or last
            if len(blocks) <= 1:
                continue
            blocks = blocks[1:]
        if not blocks:
            listed = _project_list(block, grid, pending, doc_year, len(tables), list_unit)
            if listed is not None:
                built, list_unit = listed
                for table, _, notes in built:
                    tables.append(table)
                    issues += notes
                pending.clear()
                last = None
                continue
            pending.add(block)  # a header block, or a table of another kind
            issues += _unread_table(block, grid)
            last = None
            continue
        for part in blocks:
            for table, year, notes in _build(block, grid, part, pending, doc_year, len(tables)):
                tables.append(table)
                issues += notes
                last = _Open(table, part.header, len(grid[0]) if grid else 0, year, _column_spans(block))
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


_INDICATOR_WORDS = re.compile(r"指标|目标值")


def _unread_table(block: Table, grid: list[list[Cell | None]]) -> list[Issue]:
    """A scanned grid that reads like an indicator table (指标 words in three cells or more) but
    whose header was not recognised: its rows are lost, so say so, naming the page."""
    cells = {id(c): c for row in grid for c in row if c is not None}.values()
    if not any(c.confidence is not None for c in cells):
        return []
    words = sum(1 for c in cells if _INDICATOR_WORDS.search(c.text))
    if words < 3:
        return []
    page = block.pages[0] if block.pages else None
    message = (
        f"第 {page} 页的表格像是绩效指标表（{words} 个单元格含“指标”），但没有认出表头，其中的指标行未能提取；"
        "请核对原件或提高扫描质量"
    )
    return [Issue(severity="warning", code="ocr_table_unread", page=page, message=message)]


def _continued_header(table: Table, grid: list[list[Cell | None]], blocks: list[Block], last: _Open) -> Header | None:
    """The last table's header as it applies to `table`, if `table` continues it: a table right
    after an indicator table with no header block of its own, whose columns are the last one's
    (the same grid, or, on a page whose grid lacks the header block's columns, the columns at the
    same places across the page)."""
    if not grid:
        return None
    if blocks:
        first = blocks[0]
        same = len(grid[0]) == last.n_cols and first.header.start <= 1 and first.header.columns == last.header.columns
        return last.header if same else None
    if any(opens_block(row) for row in grid):
        return None
    if len(grid[0]) == last.n_cols:
        return last.header
    return _placed_header(last, _column_spans(table))


def _column_spans(table: Table) -> dict[int, tuple[float, float]]:
    """Each grid column's x extent, from the cells one column wide."""
    spans: dict[int, tuple[float, float]] = {}
    for cell in table.cells:
        if cell.colspan == 1 and cell.bbox is not None and cell.col not in spans:
            spans[cell.col] = (cell.bbox[0], cell.bbox[2])
    return spans


def _placed_header(last: _Open, spans: dict[int, tuple[float, float]]) -> Header | None:
    """The last header's roles moved onto the columns of a grid drawn at the same x positions:
    each new column lies within the extent of one old role's columns; None if a new column lies
    within none, or the name or target has no place."""
    if not spans or not last.spans:
        return None
    old = last.header
    extents: list[tuple[str, str, float, float]] = []
    for kind, cols_of in (("columns", old.columns), ("fields", old.fields), ("extra", old.extra)):
        for key, cols in cols_of.items():
            xs = [last.spans[c] for c in cols if c in last.spans]
            if xs:
                extents.append((kind, key, min(a for a, _ in xs), max(b for _, b in xs)))
    placed: dict[str, dict[str, list[int]]] = {"columns": {}, "fields": {}, "extra": {}}
    for col, (a, b) in sorted(spans.items()):
        inside = [(kind, key) for kind, key, x0, x1 in extents if x0 - _X_SLACK <= a and b <= x1 + _X_SLACK]
        if len(inside) == 1:
            kind, key = inside[0]
            placed[kind].setdefault(key, []).append(col)
    columns = placed["columns"]
    if "level3" not in columns or not {"value", "actual", "period_value"} & set(columns):
        return None
    return Header(start=0, row=0, columns=columns, fields=placed["fields"], extra=placed["extra"])


_X_SLACK = 3.0  # points: a rule drawn a hair apart on the next page is the same rule


def _continue(
    last: _Open,
    block: Table,
    grid: list[list[Cell | None]],
    header: Header,
    start: int,
    end: int,
    tables: list[IndicatorTable],
    issues: list[Issue],
) -> _Open | None:
    """Rows of a table that continues the last one: appended to it; in a multi-project table the
    projects after the first continued one become tables of their own. Returns the table open now."""
    if not header.projects:
        _extend(last, grid, header, start, end, None, block, len(tables) - 1, issues)
        return None
    opened = None
    for project in split_projects(grid, header, start, end):
        name = project_fields(Fields(), project).project_name
        if opened is None and (name is None or name == last.table.project_name):
            _extend(last, grid, header, start, end, set(project.rows), block, len(tables) - 1, issues)
            continue
        own = project_fields(_inherited(last.table), project)
        rows = assemble_rows(grid, header, last.year, start=start, end=end, only=set(project.rows))
        table, _, notes = _table(block, header, last.table.title, own, last.year, rows, len(tables))
        tables.append(table)
        issues += notes
        opened = last = _Open(table, header, len(grid[0]), last.year, _column_spans(block))
    return opened


def _extend(
    last: _Open,
    grid: list[list[Cell | None]],
    header: Header,
    start: int,
    end: int,
    only: set[int] | None,
    block: Table,
    index: int,
    issues: list[Issue],
) -> None:
    prev = last.table.indicators[-1] if last.table.indicators else None
    carry = (prev.level1 or None, prev.level2) if prev else (None, None)
    more = assemble_rows(grid, header, last.year, start=start, end=end, carry=carry, only=only)
    offset = len(last.table.indicators)
    last.table.indicators.extend(more.indicators)
    last.table.pages = sorted(set(last.table.pages) | more.pages | set(block.pages))
    issues += _assembly_issues(more, index, offset)


def _inherited(table: IndicatorTable) -> Fields:
    """What a table states for every project of a multi-project table: its unit and currency."""
    budget = table.budget
    return Fields(unit_code=table.unit_code, unit_name=table.unit_name,
                  currency_unit=budget.currency_unit if budget else None)  # fmt: skip


Built = tuple[IndicatorTable, int | None, list[Issue]]


def _build(
    block: Table, grid: list[list[Cell | None]], part: Block, pending: _Pending, doc_year: int | None, index: int
) -> list[Built]:
    """The indicator table of one header block; one per project where each row carries its
    project's own cells (a multi-project table)."""
    header = part.header
    above = grid[part.start : header.start]
    # The block's own rows first: the first value found for a field wins.
    captioned = any(_caption_row(row) for row in above)
    paragraphs, header_tables = pending.context(captioned, block.pages[0] if block.pages else None)
    # A block further down the grid has its own header rows; the lines above the grid (the
    # currency, the unit) still hold for it, its title does not.
    grids = [above] + ([t.grid() for t in header_tables] if part.start == 0 else [])
    fields = read_fields(grids, [p.text for p in paragraphs])
    title = _title(paragraphs if part.start == 0 else [], above)
    # The caption's year line ('（2026年度）') before the cells, which cite other years ('对2025年度…').
    year = _year(title) or _year_in([clean(p.text) for p in paragraphs]) or _year_in(fields.texts) or doc_year
    if not header.projects:
        rows = assemble_rows(grid, header, year, end=part.end)
        return [_table(block, header, title, fields, year, rows, index)]
    built: list[Built] = []
    for project in split_projects(grid, header, header.row, part.end):
        rows = assemble_rows(grid, header, year, end=part.end, only=set(project.rows))
        own = project_fields(fields, project)
        built.append(_table(block, header, title, own, year, rows, index + len(built)))
    return built


def _project_list(
    block: Table,
    grid: list[list[Cell | None]],
    pending: _Pending,
    doc_year: int | None,
    index: int,
    unit_name: str | None,
) -> tuple[list[Built], str | None] | None:
    """A table of projects with no indicator grid: one IndicatorTable per project, its indicators
    read from its records cell (none where the table prints its targets as prose only); and the
    unit the last subtotal row named, for the projects on the next page."""
    header = find_project_list(grid)
    if header is None:
        return None
    above = grid[: header.start]
    paragraphs, _ = pending.context(any(_caption_row(row) for row in above), block.pages[0] if block.pages else None)
    fields = read_fields([above], [p.text for p in paragraphs])
    title = _title(paragraphs, above)
    year = _year(title) or _year_in([clean(p.text) for p in paragraphs]) or doc_year
    built: list[Built] = []
    for project in split_projects(grid, header, header.row, len(grid), unit_name):
        own = project_fields(fields, project)
        if project.unit_name:
            own.unit_name = project.unit_name
        unit_name = project.unit_name or unit_name
        rows = Assembled()
        if "records" in header.columns:
            cells = [c for c in project.cells.get("records", [])]
            found = record_indicators(cells, year)
            rows.indicators, rows.findings, rows.pages = found.indicators, found.findings, found.pages
        table, _, notes = _table(block, header, title, own, year, rows, index + len(built))
        if "records" not in header.columns:
            table = table.model_copy(update={"origin": "prose"})  # targets in the goals' prose only
        built.append((table, year, notes))
    return built, unit_name


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
        budget=_budget(fields, index, issues),
        goals=fields.goals,
        indicators=rows.indicators,
        pages=sorted(rows.pages | (fields.pages or set(block.pages))),
        fund_use=fields.fund_use,
        year=year,
        sheet=block.sheet,
        total_score=rows.total_score,
    )
    issues += _assembly_issues(rows, index)
    issues += _header_corrections(header, index)
    issues += _year_issues(table, index) + _budget_unit_issues(table, index)
    if not rows.indicators:
        message = "indicator header found but no indicator rows under it"
        issues.append(Issue(severity="warning", code="no_indicator_rows", table=index, message=message))
    return table, year, issues


def _header_corrections(header: Header, index: int) -> list[Issue]:
    return [
        Issue(
            severity="info", code="ocr_label_corrected", table=index, page=cell.page, field="header",
            bbox=list(cell.bbox) if cell.bbox else None,
            message=f"表头「{clean(cell.text)}」按列的位置读作「{label}」",
        )
        for cell, label in header.corrected
    ]  # fmt: skip


def _year_issues(table: IndicatorTable, index: int) -> list[Issue]:
    """Deadlines written without a year when no budget year is known: left empty, and said so."""
    if table.year is not None:
        return []
    rows = [i + 1 for i, ind in enumerate(table.indicators)
            if ind.value.deadline is None and RELATIVE_DATE.search(ind.value.raw)]  # fmt: skip
    if not rows:
        return []
    message = f"表中没有写明预算年度，第 {'、'.join(map(str, rows))} 行的期限（如「12月底前」）未注年份，deadline 留空"
    return [Issue(severity="info", code="deadline_year_unknown", table=index, message=message)]


_MONEY_TO_WAN = {unit: yuan / YUAN_PER_UNIT["万元"] for unit, yuan in YUAN_PER_UNIT.items()} | {"万": 1.0}


def _budget_unit_issues(table: IndicatorTable, index: int) -> list[Issue]:
    """An amount labelled 万元 that is ten thousand times the table's own cost target is very
    likely in 元: the figure is kept as printed and the reviewer told."""
    budget = table.budget
    if budget is None or budget.currency_unit != "万元" or not budget.total:
        return []
    costs = [
        ind.value.number * _MONEY_TO_WAN[ind.value.unit]
        for ind in table.indicators
        if ind.value.number
        and ind.value.unit in _MONEY_TO_WAN
        and ind.value.operator in ("<=", "<", "=")
        and "成本" in f"{ind.level1}{ind.level2 or ''}{ind.level3}"
    ]
    if not costs:
        return []
    ratio = budget.total / max(costs)
    if not 3_000 <= ratio <= 30_000:
        return []
    message = (
        f"预算金额 {_plain(budget.total)} 标注为万元，约为成本指标（{_plain(max(costs))} 万元）的一万倍："
        "金额可能以元填报，请核对"
    )
    return [Issue(severity="warning", code="budget_unit_suspect", table=index, message=message)]


def _plain(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


def _assembly_issues(rows: Assembled, index: int, offset: int = 0) -> list[Issue]:
    issues: list[Issue] = []
    for f in rows.findings:
        issues.append(
            Issue(
                severity=f.severity,
                code=f.code,
                message=f.message,
                page=f.page,
                table=index,
                row=f.row + offset,
                field=f.field,
                bbox=f.bbox,
            )
        )
    if rows.nature_codes_used:
        codes = "、".join(sorted(rows.nature_codes_used))
        message = f"指标性质代码 {codes} 按 =/≥/≤ 解读为运算符（由云南样表推断）"
        issues.append(Issue(severity="info", code="nature_code_inferred", table=index, message=message))
    if rows.inferred_level1_rows:
        numbers = "、".join(str(offset + i + 1) for i in rows.inferred_level1_rows)
        message = f"第 {numbers} 行的一级指标单元格为空，按二级指标推断（level_inferred）"
        issues.append(Issue(severity="info", code="level1_inferred", table=index, message=message))
    for r, page in rows.missing_level1_rows:
        message = f"第 {r + 1} 行没有一级指标，也无法从上方继承"
        issues.append(Issue(severity="warning", code="missing_level1", table=index, page=page, message=message))
    return issues


# A caption that names the form ('…绩效目标表', '…申报表（2024年）') beats a section heading that
# merely mentions targets ('七、绩效目标'); the nearest to the table wins among equals.
_FORM_TITLE = re.compile(r"(目标|指标|申报|填报|自评|评价)表(?:[(（][^()（）]{0,12}[)）])?$")


def _caption_row(row: list[Cell | None]) -> bool:
    cells = {id(c): c for c in row if c is not None and c.text.strip()}
    return len(cells) == 1 and is_caption(clean(next(iter(cells.values())).text))


def _title(paragraphs: list[Paragraph], above: list[list[Cell | None]]) -> str | None:
    """The table's printed title: a caption row at its top or the lines just before it."""
    candidates: list[str] = []
    for row in reversed(above):
        cells = {id(c): c for c in row if c is not None and c.text.strip()}
        if len(cells) == 1:
            candidates.append(clean(next(iter(cells.values())).text))
    seen = 0
    for p in reversed(paragraphs):
        text = clean(p.text)
        if not text or re.fullmatch(r"(?:(?:金额)?单位[:：].*|[(（]?万?元[)）]?|\d{6,}.*|第?\d+页?)", text):
            continue
        seen += 1
        candidates.append(text)
        if seen >= 4:
            break
    titled = [t for t in candidates if is_caption(t)]
    for t in titled:
        if _FORM_TITLE.search(t):
            return t
    return titled[0] if titled else None


def _year(text: str | None) -> int | None:
    m = _YEAR.search(text or "")
    return int(m.group(1)) if m else None


# A year that names the budget year: a short line, not a citation ('《宝安区2022年度绩效管理
# 工作实施方案》', '深文明委〔2022〕11号') and not prose, which cites years of all kinds.
_CITATION = re.compile(r"[《》〔〕【】\[\]]|号|规定|办法|方案|通知|意见|条例")
_YEAR_LABEL = re.compile(r"^(?:(?:预算|项目|申报|填报)?年度|年份)[:：]?\s*((?:19|20)\d{2})\s*年?度?$")


def _year_in(texts: list[str]) -> int | None:
    """The year a header block states: a 年度 field, or a short heading-like line with 年度."""
    for text in texts:
        if m := _YEAR_LABEL.match(text.replace(" ", "")):
            return int(m.group(1))
    for text in texts:
        if "年度" in text and len(text) <= 40 and not _CITATION.search(text) and (y := _year(text)):
            return y
    return None


_YEAR_LINE = re.compile(r"^(?:19|20)\d{2}\s*年度?$")


def _document_year(raw: RawDocument) -> int | None:
    """The budget year the document's own title states: a heading, or one of its first short lines
    that reads like a title. Never a year cited in prose or found in cells."""
    seen = 0
    for block in raw.blocks:
        if not isinstance(block, Paragraph):
            continue
        text = clean(block.text)
        if not text:
            continue
        seen += 1
        titled = block.heading or (seen <= 3 and len(text) <= 60 and TITLE_WORDS.search(text) is not None)
        titled = titled or (seen <= 3 and _YEAR_LINE.match(text) is not None)  # a cover's '2026 年度' line
        if titled and not _CITATION.search(text) and (y := _year(text)):
            return y
        if seen >= 3 and not block.heading:
            continue
    return None


def _kind(title: str | None, header: Header, fields: Fields) -> str:
    if header.roles & _SELF_EVAL_ROLES or "自评" in (title or ""):
        return "self_evaluation"
    if re.search(r"部门.{0,6}整体|整体支出", title or "") or (
        fields.project_name is None and fields.unit_name and not fields.project_code
    ):
        return "department"
    return "project"


def _budget(fields: Fields, index: int, issues: list[Issue]) -> Budget | None:
    if all(getattr(fields, name) is None for name in MONEY_FIELDS):
        return None
    if fields.currency_unit is None:
        issues.append(
            Issue(
                severity="warning",
                code="currency_unit_unknown",
                table=index,
                message="预算金额未注明万元或元；currency_unit 留空，请核对原表",
            )
        )
    return Budget(
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
