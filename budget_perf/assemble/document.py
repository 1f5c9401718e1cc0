"""From a `RawDocument` to contract `IndicatorTable`s and `Issue`s. Format-agnostic."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budget_perf.assemble.columns import Block, Header, find_blocks, opens_block
from budget_perf.assemble.fields import Fields, read_fields
from budget_perf.assemble.indicators import Assembled, assemble_rows
from budget_perf.assemble.prose import document_context, prose_tables
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
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    def clear(self) -> None:
        self.paragraphs.clear()
        self.tables.clear()


@dataclass(slots=True)
class _Open:
    """The last indicator table, kept open so that a following table can continue it."""

    table: IndicatorTable
    header: Header
    n_cols: int
    year: int | None


def build_tables(raw: RawDocument) -> tuple[list[IndicatorTable], list[Issue]]:
    doc_year = _document_year(raw)
    tables: list[IndicatorTable] = []
    issues: list[Issue] = []
    pending = _Pending()
    last: _Open | None = None
    sheet: str | None = None
    for block in raw.blocks:
        if isinstance(block, Table) and block.sheet != sheet:
            sheet, last = block.sheet, None  # a new worksheet: nothing continues across sheets
            pending.clear()
        if isinstance(block, Paragraph):
            if clean(block.text):
                pending.paragraphs.append(block)
                last = None  # text between two tables ends a continuation
            continue
        grid = block.grid()
        blocks = find_blocks(grid)
        if last is not None and not pending.paragraphs and _continues(block, grid, blocks, last):
            start = blocks[0].header.row if blocks else 0
            end = blocks[1].start if len(blocks) > 1 else None
            prev = last.table.indicators[-1] if last.table.indicators else None
            carry = (prev.level1 or None, prev.level2) if prev else (None, None)
            more = assemble_rows(grid, last.header, last.year, start=start, end=end, carry=carry)
            offset = len(last.table.indicators)
            last.table.indicators.extend(more.indicators)
            last.table.pages = sorted(set(last.table.pages) | more.pages | set(block.pages))
            issues += _assembly_issues(more, len(tables) - 1, offset)
            if len(blocks) <= 1:
                continue
            blocks = blocks[1:]
        if not blocks:
            pending.tables.append(block)  # a header block, or a table of another kind
            issues += _unread_table(block, grid)
            last = None
            continue
        for part in blocks:
            table, year, notes = _build_one(block, grid, part, pending, doc_year, len(tables))
            tables.append(table)
            issues += notes
            last = _Open(table, part.header, len(grid[0]) if grid else 0, year)
        pending.clear()
    paragraphs = [b for b in raw.blocks if isinstance(b, Paragraph)]
    kind, unit_name = document_context(paragraphs)
    from_prose, prose_issues = prose_tables(paragraphs, kind, unit_name, doc_year)
    return tables + from_prose, issues + prose_issues


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


def _continues(table: Table, grid: list[list[Cell | None]], blocks: list[Block], last: _Open) -> bool:
    """A table right after an indicator table, with its columns and no header block of its own."""
    if not grid or len(grid[0]) != last.n_cols:
        return False
    if not blocks:
        return not any(opens_block(row) for row in grid)
    first = blocks[0]
    return first.header.start <= 1 and first.header.columns == last.header.columns


def _build_one(
    block: Table, grid: list[list[Cell | None]], part: Block, pending: _Pending, doc_year: int | None, index: int
) -> tuple[IndicatorTable, int | None, list[Issue]]:
    header = part.header
    above = grid[part.start : header.start]
    # The block's own rows first: the first value found for a field wins.
    grids = [above] + ([t.grid() for t in pending.tables] if part.start == 0 else [])
    fields = read_fields(grids, [p.text for p in pending.paragraphs])
    title = _title(pending.paragraphs if part.start == 0 else [], above)
    year = _year(title) or _year_in(fields.texts) or doc_year
    rows = assemble_rows(grid, header, year, end=part.end)
    kind = _kind(title, header, fields)
    issues: list[Issue] = []
    table = IndicatorTable(
        kind=kind,
        title=title,
        unit_code=fields.unit_code,
        unit_name=fields.unit_name,
        project_name=fields.project_name if kind != "department" else None,
        project_code=fields.project_code if kind != "department" else None,
        budget=_budget(fields, index, issues),
        goals=fields.goals,
        indicators=rows.indicators,
        pages=sorted(rows.pages | set(block.pages)),
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
    for r, page in rows.missing_level1_rows:
        message = f"第 {r + 1} 行没有一级指标，也无法从上方继承"
        issues.append(Issue(severity="warning", code="missing_level1", table=index, page=page, message=message))
    return issues


# A caption that names the form ('…绩效目标表', '…申报表（2024年）') beats a section heading that
# merely mentions targets ('七、绩效目标'); the nearest to the table wins among equals.
_FORM_TITLE = re.compile(r"(目标|指标|申报|填报|自评|评价)表(?:[(（][^()（）]{0,12}[)）])?$")


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
    if fields.total is None and fields.fiscal is None and fields.other is None and fields.medium_term is None:
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
        currency_unit=fields.currency_unit,
        medium_term=fields.medium_term,
        initial=fields.initial,
        executed=fields.executed,
        execution_rate=fields.execution_rate,
        execution_score=fields.execution_score,
    )
