"""Indicator rows of one table: labels filled down, columns read by role, values parsed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budget_perf.assemble.columns import Header, header_row_repeats
from budget_perf.assemble.ocr_checks import (
    check_row,
    column_ways,
    corrected_label,
    row_confidence_after,
    row_note,
    split_joined_labels,
)
from extract.model import Cell
from extract.ocr.doubt import row_confidence
from normalizers.labels import LEVEL2_PARENT, LEVEL_LABELS, is_furniture, role_of, split_levels, split_weight
from normalizers.operators import NATURE_CODES, QUALITATIVE, column_operator, holds_operators
from normalizers.text import clean, label_key
from normalizers.values import name_unit, parse_value, with_unit_from_row
from schemas import Indicator, Issue, Value, issue

# Text roles copied into the Indicator as printed; the operator column's text is kept as `nature`.
_OPTIONAL_TEXT = {
    "description": "description", "basis": "basis", "operator": "nature", "measure_unit": "measure_unit",
    "attribute": "attribute", "scoring": "scoring", "deviation": "deviation",
}  # fmt: skip
_TARGETS = ("value", "period_value", "actual")  # a row naming none of these is a group row


@dataclass(slots=True)
class Assembled:
    indicators: list[Indicator] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)
    nature_codes_used: set[str] = field(default_factory=set)
    findings: list[Issue] = field(default_factory=list)  # rows counted in this table part
    missing_level1_rows: list[tuple[int, int | None]] = field(default_factory=list)  # (row, page)
    inferred_level1_rows: list[int] = field(default_factory=list)  # indices of rows whose 一级 was inferred
    total_score: float | None = None  # the 总分 / 合计 row of a self-evaluation table


_TOTAL_ROW = re.compile(r"总分|合计|总计")


def _role_text(row: list[Cell | None], cols: list[int]) -> tuple[str, list[Cell]]:
    """Text under a role; a role spanning several columns joins their distinct cells."""
    cells: list[Cell] = []
    for c in cols:
        cell = row[c] if c < len(row) else None
        if cell is not None and all(cell is not x for x in cells):
            cells.append(cell)
    return " ".join(t for t in (clean(c.text) for c in cells) if t), cells


def _number(text: str) -> float | None:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:分|%)?\s*", text)
    return float(m.group(1)) if m else None


@dataclass(slots=True)
class _Row:
    texts: dict[str, str]
    cells: list[Cell]
    level1: str | None
    level2: str | None
    r: int
    role_cells: dict[str, list[Cell]] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # printed header -> text of a column with no role


def assemble_rows(
    grid: list[list[Cell | None]],
    header: Header,
    year: int | None,
    start: int | None = None,
    end: int | None = None,
    carry: tuple[str | None, str | None] = (None, None),
    only: set[int] | None = None,
    *,
    min_confidence: float,
) -> Assembled:
    """Indicators of rows [start, end) (of those, only the rows in `only` if given: one project of
    a multi-project table); `carry` is the (一级, 二级) label a continued table goes on with;
    `min_confidence` the OCR threshold below which a reading is noted (extract/ocr/doubt.py)."""
    out = Assembled()
    rows: list[_Row] = []
    cols = header.columns
    level1, level2 = carry if "level1" in cols or "level2" in cols else (None, None)
    grid = _rejoin_split_rows(grid, cols.get("level3", []))
    for r in range(header.row if start is None else start, len(grid) if end is None else end):
        row = grid[r]
        if only is not None and r not in only:
            continue
        if header_row_repeats(row):
            continue  # a header repeated on a continuation page
        if r > 0 and all(c is above for c, above in zip(row, grid[r - 1], strict=True)):
            continue  # no cell of its own: every cell spans down from the row above
        texts: dict[str, str] = {}
        row_cells: list[Cell] = []
        role_cells: dict[str, list[Cell]] = {}
        for role, role_cols in cols.items():
            texts[role], role_cells[role] = _role_text(row, role_cols)
            row_cells += role_cells[role]
        if not any(c.text.strip() for c in row_cells) or _only_furniture(row_cells):
            continue
        for role in ("level1", "level2"):
            if not texts.get(role) and role_cells.get(role):
                texts[role] = _label_after_break(grid, role_cells[role][0], cols[role][0], cols.get("level3", []))
        extra = {
            label: text
            for label, extra_cols in header.extra.items()
            if (text := _own_text(row, extra_cols, row_cells, label))
        }
        for label, (role, mirror_cols) in header.mirrors.items():  # the medium term's 二级/三级, where they differ
            text, _ = _role_text(row, mirror_cols)
            if text and label_key(text) != label_key(texts.get(role, "")):
                extra[label] = text
        if (note := split_joined_labels(len(rows), role_cells, texts)) is not None:
            out.findings.append(note)
        for role in ("level1", "level2"):
            if texts.get(role):
                texts[role], note = corrected_label(len(rows), role, role_cells[role], texts[role])
                if note is not None:
                    out.findings.append(note)
        if _is_footer(texts):  # '总分 | 95' or '评价等级 | 优（S≧90）' under the label columns
            if _TOTAL_ROW.search(_first_label(texts)) and (score := _first_number(texts)) is not None:
                out.total_score = score
            continue
        if _spans_label_columns(row, cols):  # 总分 / 合计 / 备注: one cell across the label columns
            if _TOTAL_ROW.search(clean(row_cells[0].text)) and (score := _number(texts.get("score", ""))) is not None:
                out.total_score = score
            continue
        if rows and _is_cut(texts, row_cells, rows[-1]):
            _merge(rows[-1], texts, role_cells, extra)
            level1, level2 = rows[-1].level1, rows[-1].level2
            continue
        if texts.get("level1"):
            if texts["level1"] != level1:
                level2 = None
            level1 = texts["level1"]
        elif _implies_other_level1(texts, role_cells, level1):
            level1 = None  # an empty 一级 cell beside a 二级 of another 一级: inferred in _indicator
        if texts.get("level2"):
            level2 = texts["level2"]
        if not texts.get("level3") and not any(texts.get(role) for role in _TARGETS):
            continue  # a group row: only 一级/二级 labels (Yunnan's web layout)
        rows.append(_Row(texts, row_cells, level1, level2, r, role_cells, extra))
    _complete_labels(rows, out)
    form = _form(header, grid, rows)
    ways = column_ways([(r.role_cells.get("value", []), r.texts.get("value", "")) for r in rows], year)
    for n, row in enumerate(rows):
        out.indicators.append(_indicator(row, year, form, out, min_confidence, ways.get(n)))
        out.pages.update(c.page for c in row.cells if c.page is not None)
    return out


_FOOTER = re.compile(
    r"^(总分|总计|合计|(评价|绩效|自评|评定)(等级|评级)|等级评定|自评得分|综合得分|综合评分|评价结果|自评结论|备注)"
)


def _first_label(texts: dict[str, str]) -> str:
    return next((texts[r] for r in ("level1", "level2", "level3") if texts.get(r)), "")


def _is_footer(texts: dict[str, str]) -> bool:
    """A row closing a table: its first label is 总分 / 评价等级 / 备注 and it names no indicator
    of its own (its 三级 cell empty, the same label, or the cell of the row's figure spanning the
    三级 column too: '自评等级 | 优（S≧90）' with the grade across 三级 and 指标值)."""
    first = label_key(_first_label(texts))
    name = label_key(texts.get("level3", ""))
    return bool(_FOOTER.match(first)) and (name in ("", first) or name == label_key(texts.get("value", "")))


def _first_number(texts: dict[str, str]) -> float | None:
    for role in ("score", "weight", "value", "actual"):
        if (n := _number(texts.get(role, ""))) is not None:
            return n
    return None


def _implies_other_level1(texts: dict[str, str], role_cells: dict[str, list[Cell]], level1: str | None) -> bool:
    """The row's own 一级 cell is printed empty and its 二级 label belongs to another 一级 than
    the one above ('社会效益指标' under 产出指标): the form left the label out, it does not go on."""
    if "level1" not in role_cells or not role_cells["level1"] or level1 is None:
        return False
    parent = LEVEL2_PARENT.get(label_key(texts.get("level2", "")))
    return parent is not None and parent != label_key(split_weight(level1)[0] or "")


def _label_after_break(grid: list[list[Cell | None]], cell: Cell, col: int, name_cols: list[int]) -> str:
    """A merged label cell cut by a page break whose text the exporter printed on the next page's
    part only: the empty part at the page's foot takes the text below it, where the row below is
    an indicator of its own (not a group row, nor a band or a header repeated over the page)."""
    if clean(cell.text) or cell.page is None:
        return ""
    below_row = cell.row + cell.rowspan
    if below_row >= len(grid) or col >= len(grid[below_row]):
        return ""
    below = grid[below_row][col]
    if below is None or below.page is None or below.page <= cell.page or below.colspan > 1:
        return ""
    names = [grid[below_row][c] for c in name_cols if c < len(grid[below_row])]
    if not any(n is not None and n is not below and clean(n.text) for n in names):
        return ""
    text = clean(below.text)
    return "" if role_of(text) else text


def _only_furniture(cells: list[Cell]) -> bool:
    """A row holding nothing but a page's furniture (the title repeated over a continuation, its
    currency line), taken into the grid by an exporter that draws them inside the frame."""
    texts = {id(c): clean(c.text) for c in cells if clean(c.text)}
    return all(is_furniture(t) for t in texts.values())


def _own_text(row: list[Cell | None], cols: list[int], taken: list[Cell], label: str) -> str:
    """Text of an extra column's cells that no role column shares; nothing for a band ('绩效指标'
    spanning the indicator rows, or printed on each of them), which labels the rows, not a value."""
    cells: list[Cell] = []
    for c in cols:
        cell = row[c] if c < len(row) else None
        if cell is not None and all(cell is not x for x in cells) and all(cell is not x for x in taken):
            cells.append(cell)
    text = " ".join(t for t in (clean(c.text) for c in cells) if t)
    return "" if label_key(text) in {label_key(part) for part in label.split("/")} else text


def _rejoin_split_rows(grid: list[list[Cell | None]], name_cols: list[int]) -> list[list[Cell | None]]:
    """Grid rows that are one indicator cut in two by a stray rule (a scan's speck or a rule's
    remnant under one cell): the 三级指标 cell spans both, and where their cells differ one of
    the two is empty. The upper row takes the text; the lower then has no cell of its own."""
    out = [list(row) for row in grid]
    for r in range(1, len(out)):
        upper, lower = out[r - 1], out[r]
        names = [(upper[c], lower[c]) for c in name_cols if c < len(upper)]
        if not names or any(_blank(a) or a is not b for a, b in names):
            continue
        differ = [c for c, (a, b) in enumerate(zip(upper, lower, strict=True)) if a is not b]
        if differ and all(_blank(upper[c]) or _blank(lower[c]) for c in differ):
            for c in differ:
                if _blank(upper[c]):
                    upper[c] = lower[c]
            out[r] = list(upper)
    return out


def _blank(cell: Cell | None) -> bool:
    return cell is None or not cell.text.strip()


def _complete_labels(rows: list[_Row], out: Assembled) -> None:
    """Labels short of their last glyph, completed now that rows cut by a page break are whole;
    each distinct label noted once, at the first row it names."""
    done: dict[tuple[str, str], str] = {}
    for index, row in enumerate(rows):
        for role in ("level1", "level2"):
            text = getattr(row, role)
            if not text:
                continue
            if (role, text) not in done:
                cells = row.role_cells.get(role) or row.cells
                done[(role, text)], note = corrected_label(index, role, cells, text, whole=True)
                if note is not None:
                    out.findings.append(note)
            setattr(row, role, done[(role, text)])


def _is_cut(texts: dict[str, str], cells: list[Cell], prev: _Row) -> bool:
    """The rest of the previous row, carried over a page break.

    A page-top row that really starts an indicator names it (三级指标) and gives a target;
    a cut one lacks either, but holds more than the 一级/二级 labels a group row has (the
    labels themselves may be cut: '数量指' / '标').
    """
    page, prev_page = _first_page(cells), max((c.page for c in prev.cells if c.page), default=None)
    if page is None or prev_page is None or page <= prev_page:
        return False
    starts_new = texts.get("level3") and (texts.get("value") or texts.get("actual"))
    beyond_labels = any(t for role, t in texts.items() if role not in ("level1", "level2"))
    return not starts_new and (beyond_labels or _only_label_ends(texts, prev))


def _only_label_ends(texts: dict[str, str], prev: _Row) -> bool:
    """A page-top row holding nothing but the ends of the previous row's labels ('可持续影响' /
    '指标'), not a group row's whole labels: each completes a label that lacked its 指标 ending,
    and none is a label of its own."""
    labels = {role: text for role, text in texts.items() if role in ("level1", "level2") and text}
    return bool(labels) and all(_completes(prev.texts.get(role, ""), text, role) for role, text in labels.items())


def _completes(before: str, end: str, role: str) -> bool:
    head, _ = split_weight(before)
    whole, _ = split_weight(clean(f"{before}\n{end}"))
    return (
        bool(head)
        and not label_key(head or "").endswith("指标")
        and label_key(end) not in LEVEL_LABELS[role]
        and label_key(whole or "").endswith("指标")
    )


_MERGED_DOWN = ("level1", "level2")  # the label cells merged down over rows, which an exporter repeats


def _printed_again(before: str, text: str) -> bool:
    """A merged label printed again on the part of a row after a page break: whole, or one of
    the two parts cut short by its room ('产出指标' | '产出指标'), not the rest of a cut label
    ('可持续影响指' | '标')."""
    a, b = label_key(before), label_key(text)
    return a.startswith(b) or b.startswith(a)


def _merge(prev: _Row, texts: dict[str, str], role_cells: dict[str, list[Cell]], extra: dict[str, str]) -> None:
    for role, text in texts.items():
        if text:
            before = prev.texts.get(role, "")
            if role in _MERGED_DOWN and before and _printed_again(before, text):
                prev.texts[role] = text if len(text) > len(before) else before
                continue
            prev.texts[role] = clean(f"{before}\n{text}") if before else text
    for label, text in extra.items():
        before = prev.extra.get(label, "")
        prev.extra[label] = clean(f"{before}\n{text}") if before else text
    for role, cells in role_cells.items():
        prev.cells += cells
        prev.role_cells.setdefault(role, []).extend(cells)
    # A label cut by the page break: the row and the rows after it take the whole label.
    if texts.get("level1"):
        prev.level1 = prev.texts["level1"]
    if texts.get("level2"):
        prev.level2 = prev.texts["level2"]


def _target(row: _Row, role: str, year: int | None, form: _Form, out: Assembled) -> Value:
    printed = _printed(row.role_cells[role]) if role in row.role_cells else ""
    return _apply_columns(parse_value(printed, year), row.texts, form.operators, out)


def _printed(cells: list[Cell]) -> str:
    """A role's cells as printed, for `Value.raw`: cells side by side joined by a space, the
    parts of a row cut by a page break by a line break (the parser joins wrapped lines)."""
    pages: dict[int | None, list[str]] = {}
    for cell in cells:
        pages.setdefault(cell.page, []).append(cell.text.strip())
    return "\n".join(" ".join(t for t in texts if t) for texts in pages.values())


@dataclass(slots=True)
class _Form:
    """What the header says of every row: which levels the form prints, and whether its operator
    column holds operators (else its cells are kept as printed, in `extra`)."""

    prints_level1: bool
    prints_level2: bool
    operators: bool
    operator_label: str | None


def _form(header: Header, grid: list[list[Cell | None]], rows: list[_Row]) -> _Form:
    label = None
    if "operator" in header.columns:
        c = header.columns["operator"][0]
        cell = grid[header.start][c] if c < len(grid[header.start]) else None
        label = clean(cell.text) if cell is not None else "指标性质"
    texts = [row.texts.get("operator", "") for row in rows]
    return _Form("level1" in header.columns, "level2" in header.columns, holds_operators(texts), label)


def _indicator(
    row: _Row, year: int | None, form: _Form, out: Assembled, min_confidence: float, column_way: str | None = None
) -> Indicator:
    """One indicator row; `column_way`: how its column writes numbers, where its target's reading
    lost digits or its point against that (ocr_checks.column_ways). On a scan the row checks
    (budget_perf/assemble/ocr_checks) run on it and set its confidence."""
    texts = row.texts
    value = _target(row, "value", year, form, out)
    period = _target(row, "period_value", year, form, out) if texts.get("period_value") else None
    actual_cells = row.role_cells.get("actual")
    actual = parse_value(_printed(actual_cells), year) if actual_cells and texts.get("actual") else None
    if actual is not None:
        actual = with_unit_from_row(actual, texts.get("measure_unit"), texts.get("level3"))
    level1, level1_weight = split_weight(row.level1)
    level2, level2_weight = split_weight(row.level2)
    name = texts.get("level3", "")
    if not form.prints_level1:  # '产出指标数量指标培训人数': the levels inside the name's cell
        in_cell1, in_cell2, rest = split_levels(name)
        if in_cell1 is not None:
            level1, level2, name = in_cell1, in_cell2 or level2, rest
    inferred = False
    if not level1 and form.prints_level1 and (parent := LEVEL2_PARENT.get(label_key(level2 or ""))):
        level1, inferred = parent, True  # the form's 一级 cell left empty above a 二级 label it implies
    extra = dict(row.extra)
    if form.operator_label and not form.operators and texts.get("operator"):
        extra[form.operator_label] = texts["operator"]
    optional = {field: texts[role] or None for role, field in _OPTIONAL_TEXT.items() if role in texts}
    indicator = Indicator(
        level1=(level1 or "") if form.prints_level1 else (level1 or None),
        level2=level2 if form.prints_level2 or level2 else None,
        level1_weight=level1_weight,
        level2_weight=level2_weight,
        level3=name,
        value=value,
        period_value=period,
        page=_first_page(row.cells),
        confidence=row_confidence(row.cells, disputed=False),
        **optional,
        actual=actual,
        weight=_number(texts.get("weight", "")),
        score=_number(texts.get("score", "")),
        bbox=_union(row.cells),
        value_bbox=_union(row.role_cells.get("value", [])),
        cell=_address(row),
        level_inferred=inferred,
        extra=extra,
    )
    if form.prints_level1 and not level1:
        out.missing_level1_rows.append((row.r, indicator.page))
    if inferred:
        out.inferred_level1_rows.append(len(out.indicators))
    out.findings += _value_findings(len(out.indicators), indicator, row.role_cells.get("value", []))
    if indicator.confidence is not None:
        index = len(out.indicators)
        found = check_row(index, row.role_cells, texts, value.unit, value.number, min_confidence, column_way)
        indicator.confidence = row_confidence_after(row.cells, found)
        if (note := row_note(index, indicator, found, min_confidence)) is not None:
            found.append(note)
        out.findings += found
    return indicator


def _spans_label_columns(row: list[Cell | None], cols: dict[str, list[int]]) -> bool:
    firsts = [cols[k][0] for k in ("level1", "level3", "value") if k in cols]
    cells = [row[c] for c in firsts if c < len(row)]
    return len(cells) >= 2 and cells[0] is not None and all(c is cells[0] for c in cells[1:2])


def _value_findings(index: int, indicator: Indicator, cells: list[Cell]) -> list[Issue]:
    """A parsed number that looks wrong: its unit contradicts the unit the name states."""
    value, stated = indicator.value, name_unit(indicator.level3)
    if value.unit_from != "value" or stated is None or value.unit is None:
        return []
    if value.unit.startswith(stated) or stated.startswith(value.unit):
        return []
    page = _first_page(cells)
    message = (
        f"第 {index + 1} 行「{indicator.level3}」的名称写明单位「{stated}」，"
        f"指标值「{value.raw}」却是「{value.unit}」；请核对单位"
    )
    return [issue("warning", "value_unit_mismatch", message, page, row=index, field="value", bbox=_union(cells))]


_OWN_SIGN = re.compile(r"[=≥≤<>≧≦＝＞＜]|不少于|不低于|不超过|不高于|以上|以下|以内|至少|达到|大于|小于|高于|低于")


def _apply_columns(value: Value, texts: dict[str, str], operators: bool, out: Assembled) -> Value:
    """Fill the unit from the 度量单位 column or the name, the operator from the operator column
    (绩效指标性质 '≥', '定性', a system's code) where the value prints none of its own."""
    value = with_unit_from_row(value, texts.get("measure_unit"), texts.get("level3"))
    printed = texts.get("operator", "") if operators else ""
    op = column_operator(printed)
    if op is None or (value.operator is not None and _OWN_SIGN.search(value.raw)):
        return value
    if op == QUALITATIVE:  # 定性: '满足', or a number that is no comparison ('1000' 户 to reach)
        return value.model_copy(update={"operator": None, "operator_from": None, "number_max": None})
    if value.number is None or value.operator == "range":
        return value
    if label_key(printed) in NATURE_CODES:
        out.nature_codes_used.add(label_key(printed))
    return value.model_copy(update={"operator": op, "operator_from": "column"})


def _union(cells: list[Cell]) -> list[float] | None:
    """Bounding box of the cells on the first page they are on (a row cut by a page break has two)."""
    page = _first_page(cells)
    boxes = [c.bbox for c in cells if c.bbox is not None and c.page == page]
    if not boxes:
        return None
    return [
        round(min(b[0] for b in boxes), 1),
        round(min(b[1] for b in boxes), 1),
        round(max(b[2] for b in boxes), 1),
        round(max(b[3] for b in boxes), 1),
    ]


def _address(row: _Row) -> str | None:
    """The spreadsheet address of the row: its leftmost cell that starts on this row."""
    starting = [c for c in row.cells if c.row == row.r and c.address]
    return min(starting, key=lambda c: c.col).address if starting else None


def _first_page(cells: list[Cell]) -> int | None:
    pages = [c.page for c in cells if c.page is not None]
    return min(pages) if pages else None
