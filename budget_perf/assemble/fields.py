"""Header fields read by their labels wherever they sit: beside, below, or inline ('单位：万元')."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.model import Cell
from normalizers.goals import split_goals
from normalizers.text import clean, join_soft, label_key

_NUM = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[-+]?\d+(?:\.\d+)?$")
# '(万元)', '（中期规划，万元）', '(单位:元)': the currency a label states for its amount.
_CURRENCY_IN_LABEL = re.compile(r"\([^()]*?(万元|元)\)")
_CURRENCY_LINE = re.compile(r"^(?:(?:金额|资金|预算)?单位[:：]?\s*)?[(（]?(万元|元)[)）]?$")
_UNIT_LINE = re.compile(
    r"^(?:(?:预算)?(?:单位|部门)(?:名称)?[:：]?\s*)?(\d{6,})\s*[-－—_]?\s*([\u4e00-\u9fff][^\d]{2,40}?)"
    r"(?:\s+(?:(?:金额)?单位[:：])?\s*[(（]?(万元|元)[)）]?)?$"
)

_INLINE_LABEL = re.compile(r"^([\u4e00-\u9fff()（）]{2,10})[:：]\s*(\S.*)$")  # '部门名称：绥江县红十字会'
FIELD_LABELS: dict[str, re.Pattern[str]] = {
    k: re.compile(p)
    for k, p in {
        "project_name": r"^项目名称$",
        "project_code": r"^项目(编码|代码|编号)$",
        "unit_code": r"^(预算)?(单位|部门)(编码|代码)$",
        "unit_name": r"^(预算单位|单位名称|部门名称|部门\(单位\)名称|实施单位|预算部门|申请单位|申报单位|填报单位)"
        r"(\((盖章|公章|签章)\))?$",
        "total": r"(预算数|(?<!资产)总额|预算金额|年度预算|项目总预算|本年度(项目)?金额|年度(项目)?金额|当年预算)"
        r"(\([^()]*(万元|元)\))?$",
        "medium_term": r"^项目总金额(\([^()]*\))?$|^中期(规划)?(预算|金额)",
        "fiscal": r"(财政资金|财政拨款|财政性资金)(\((万元|元)\))?$",
        "other": r"(其他资金|其它资金|非财政资金)(\((万元|元)\))?$",
        "fund_use": r"资金用途$|^主要用途$",
    }.items()
}
# Goal labels, best first: the budget year's goals beat the multi-year ones.
GOAL_LABELS = [
    re.compile(p)
    for p in (
        r"年度.*目标$",
        r"^(项目)?绩效目标$",
        r"^项目(总体?|整体)?目标$|^(实施|预期)?目标$",
        r"^总体.*目标$|^(总体)?绩效目标|总目标$",
    )
]
_ANY_LABEL = re.compile(
    "|".join(p.pattern for p in FIELD_LABELS.values())
    + r"|^其中|^单位[:：]?$|^资金支出计划|^项目(属性|类型|期限)|目标$|^部门职责$|说明$|完成情况$|^实际完成"
)


def is_label(text: str) -> bool:
    key = label_key(text)
    return bool(key) and len(key) <= 30 and bool(_ANY_LABEL.search(key)) and not _NUM.match(key)


@dataclass(slots=True)
class Fields:
    unit_code: str | None = None
    unit_name: str | None = None
    project_name: str | None = None
    project_code: str | None = None
    total: float | None = None
    fiscal: float | None = None
    other: float | None = None
    medium_term: float | None = None
    currency_unit: str | None = None
    fund_use: str | None = None
    goals: list[str] = field(default_factory=list)
    label_currency: str | None = None  # '资金情况（万元）': used when no money label states one
    initial: float | None = None
    executed: float | None = None
    execution_rate: float | None = None
    execution_score: float | None = None
    matrix: bool = False  # the money came from a self-evaluation block: labels elsewhere do not override it
    texts: list[str] = field(default_factory=list)  # all header text, for the budget year


def _number(text: str) -> float | None:
    t = clean(text).replace(" ", "")
    return float(t.replace(",", "")) if _NUM.match(t) else None


class _Grid:
    def __init__(self, rows: list[list[Cell | None]]) -> None:
        self.rows = rows

    def right(self, r: int, cell: Cell) -> Cell | None:
        row = self.rows[r]
        c = cell.col + cell.colspan
        while c < len(row):
            if row[c] is not None and row[c] is not cell:
                return row[c]
            c += 1
        return None

    def below(self, r: int, cell: Cell) -> Cell | None:
        rb = max(cell.row + cell.rowspan, r + 1)
        if rb < len(self.rows) and cell.col < len(self.rows[rb]):
            other = self.rows[rb][cell.col]
            return other if other is not cell else None
        return None

    def value_of(self, r: int, cell: Cell) -> str | None:
        """The value for a label: the next non-empty cell to its right; if the rest of the row is
        empty, or the next cell is a label too, the cell below."""
        right = self.right(r, cell)
        while right is not None and not right.text.strip():
            right = self.right(r, right)
        if right is not None and not is_label(right.text):
            return self.with_continuation(cell, right)
        below = self.below(r, cell)
        if below is not None and not is_label(below.text):
            return below.text
        return None

    def rest_of_row_empty(self, r: int, cell: Cell) -> bool:
        right = self.right(r, cell)
        while right is not None:
            if right.text.strip():
                return False
            right = self.right(r, right)
        return True

    def with_continuation(self, label: Cell, value: Cell) -> str:
        """The value's text, plus its rest in the first row of the next page(s) if a page break cut it.

        A cut row shows an empty cell under the label and text under the value.
        """
        text = value.text
        while value.page is not None and (rb := value.row + value.rowspan) < len(self.rows):
            row = self.rows[rb]
            under_label, under_value = row[label.col], row[value.col]
            if (
                under_value is None
                or under_value is value
                or not under_value.text.strip()
                or (under_value.page or 0) <= value.page
                or (under_label is not None and under_label is not label and under_label.text.strip())
            ):
                break
            text = join_soft(text, under_value.text)
            value = under_value
        return text


# Self-evaluation money blocks: amounts by row (年度资金总额, 其中：财政拨款, 其他资金) and column.
_MATRIX_COLUMNS = {
    "initial": re.compile(r"^年初预算(数|金额)?"),
    "planned": re.compile(r"^全年预算(数|金额)?|^调整后预算"),
    "executed": re.compile(r"^全年执行(数|金额)?|^实际支出|^执行数"),
    "rate": re.compile(r"^(预算)?执行率"),
    "score": re.compile(r"^得分"),
}
_MATRIX_ROWS = {
    "total": re.compile(r"年度资金总额|资金总额|^合计$"),
    "fiscal": re.compile(r"财政(资金|拨款)|当年财政"),
    "other": re.compile(r"其他资金|其它资金"),
    "carried": re.compile(r"上年结转|结转结余"),  # read past: the contract has no field for it
}


def _money_matrix(f: Fields, rows: list[list[Cell | None]]) -> None:
    """年初预算数 / 全年预算数 / 全年执行数 / 执行率 columns against 总额 / 财政 / 其他 rows: the
    budget is the 全年预算数 (what the execution rate is computed on), with the others beside it."""
    for r, row in enumerate(rows):
        cols: dict[str, int] = {}
        for cell in {id(c): c for c in row if c is not None}.values():
            key = label_key(cell.text)
            for name, pattern in _MATRIX_COLUMNS.items():
                if name not in cols and pattern.search(key):
                    cols[name] = cell.col
        if ("planned" not in cols and "initial" not in cols) or len(cols) < 2:
            continue
        for below in rows[r + 1 :]:
            first = next((c for c in below if c is not None and c.text.strip()), None)
            if first is None or first.col >= min(cols.values()):
                continue
            key = label_key(first.text)
            kind = next((k for k, p in _MATRIX_ROWS.items() if p.search(key)), None)
            if kind is None:
                break  # the block ends where its row labels do
            amounts = {
                name: _number(below[c].text) if c < len(below) and below[c] else None for name, c in cols.items()
            }
            budget = amounts.get("planned", amounts.get("initial"))
            if kind == "total":
                f.total = budget
                f.initial = amounts.get("initial")
                f.executed = amounts.get("executed")
                rate = below[cols["rate"]].text if "rate" in cols and below[cols["rate"]] else ""
                f.execution_rate = _number(rate.replace("%", "").replace("％", ""))
                f.execution_score = amounts.get("score")
            elif kind != "carried" and getattr(f, kind) is None:
                setattr(f, kind, budget)
            if f.currency_unit is None:
                for cell in row:
                    if cell is not None and (m := _CURRENCY_IN_LABEL.search(label_key(cell.text))):
                        f.currency_unit = m.group(1)
        if f.total is not None:
            f.matrix = True
            return


def read_fields(grids: list[list[list[Cell | None]]], lines: list[str]) -> Fields:
    """Fill `Fields` from header grids (table rows above the indicators) and context lines."""
    f = Fields()
    goal_hits: list[tuple[int, str]] = []
    for rows in grids:
        if not f.matrix:
            _money_matrix(f, rows)
        grid = _Grid(rows)
        seen: set[int] = set()
        for r, row in enumerate(rows):
            for cell in row:
                if cell is None or id(cell) in seen:
                    continue
                seen.add(id(cell))
                text = clean(cell.text)
                if text:
                    f.texts.append(text)
                _read_inline(f, text)
                key = label_key(cell.text)
                if not key or len(key) > 30:
                    continue
                if f.label_currency is None and (m := _CURRENCY_IN_LABEL.search(key)):
                    f.label_currency = m.group(1)
                _read_labelled(f, grid, r, cell, key)
                for rank, pattern in enumerate(GOAL_LABELS):
                    if pattern.search(key):
                        goal = _goal_text(grid, r, cell)
                        if goal:
                            goal_hits.append((rank, goal))
                        break
    for line in lines:
        _read_inline(f, clean(line))
        f.texts.append(clean(line))
    f.currency_unit = f.currency_unit or f.label_currency
    if goal_hits:
        f.goals = split_goals(min(goal_hits, key=lambda h: h[0])[1])
    return f


_EXPECTED = re.compile(r"预期目标|^目标$|年度目标$|计划目标")


def _goal_text(grid: _Grid, r: int, label: Cell) -> str | None:
    """The goal beside its label; on self-evaluation forms the label is followed by column heads
    (预期目标 | 实际完成情况) and the goal stands under 预期目标."""
    value = grid.right(r, label)
    while value is not None and is_label(value.text):
        if _EXPECTED.search(label_key(value.text)):
            below = grid.below(r, value)
            if below is not None and below.text.strip() and not is_label(below.text):
                return below.text
        value = grid.right(r, value)
    if value is not None and value.text.strip():
        return grid.with_continuation(label, value)
    return None


def _read_inline(f: Fields, text: str) -> None:
    """Lines such as '571203天津市红十字事务中心', '单位：万元', '项目名称：XXX'."""
    if f.currency_unit is None and (m := _CURRENCY_LINE.match(text.replace(" ", ""))):
        f.currency_unit = m.group(1)
    if f.unit_code is None and (m := _UNIT_LINE.match(text)) and "." not in text:
        name = m.group(2).strip()
        if not re.match(r"^(万?元|年|月|人)", name):
            f.unit_code, f.unit_name = m.group(1), f.unit_name or name
            f.currency_unit = f.currency_unit or m.group(3)
    m = _INLINE_LABEL.match(text)
    if m is not None:
        for attr in ("project_name", "project_code", "unit_name", "unit_code"):
            if FIELD_LABELS[attr].search(label_key(m.group(1))) and getattr(f, attr) is None:
                setattr(f, attr, m.group(2).strip())


def _read_labelled(f: Fields, grid: _Grid, r: int, cell: Cell, key: str) -> None:
    for name, pattern in FIELD_LABELS.items():
        if not pattern.search(key):
            continue
        if name == "fund_use":
            if f.fund_use is None:
                f.fund_use = _fund_use(grid, cell)
            continue
        if getattr(f, name) is not None or (f.matrix and name in ("total", "fiscal", "other")):
            return
        if name in ("total", "fiscal", "other", "medium_term"):
            if f.currency_unit is None and (m := _CURRENCY_IN_LABEL.search(key)):
                f.currency_unit = m.group(1)
            right = grid.right(r, cell)
            if right is not None and not right.text.strip() and not grid.rest_of_row_empty(r, cell):
                return  # an empty money cell among others is "no amount", not "look elsewhere"
            raw = grid.value_of(r, cell)
            setattr(f, name, _number(raw) if raw else None)
        else:
            raw = grid.value_of(r, cell)
            if raw and clean(raw):
                setattr(f, name, clean(raw).replace(" ", "") if name.endswith("code") else clean(raw))
        return


def _fund_use(grid: _Grid, label: Cell) -> str | None:
    """资金用途: within the rows the label spans, the one row whose rest is a single text cell."""
    for r in range(label.row, label.row + label.rowspan):
        if r >= len(grid.rows):
            break
        rest = {id(c): c for c in grid.rows[r][label.col + label.colspan :] if c is not None and c is not label}
        texts = [c.text for c in rest.values() if c.text.strip()]
        if len(texts) == 1 and not is_label(texts[0]) and _number(texts[0]) is None:
            return clean(texts[0])
    return None
