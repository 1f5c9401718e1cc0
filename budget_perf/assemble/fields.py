"""Header fields read by their labels wherever they sit: beside, below, or inline ('单位：万元')."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.model import Cell
from normalizers.goals import split_goals
from normalizers.labels import FIELD_LABELS, GOAL_LABELS, field_of
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
_ANY_LABEL = re.compile(
    "|".join(p.pattern for p in FIELD_LABELS.values())
    + r"|^其中|^单位[:：]?$|^资金支出计划|^项目(属性|类型|期限)|目标$|目标\([^()]*\)$|^部门职责$|说明$|完成情况$"
    + r"|^实际完成"
)


def is_label(text: str) -> bool:
    key = label_key(text)
    return bool(key) and len(key) <= 30 and bool(_ANY_LABEL.search(key)) and not _NUM.match(key)


MONEY_FIELDS = ("total", "fiscal", "other", "carried_over", "special_account", "medium_term")
MATRIX_FIELDS = ("total", "fiscal", "other", "carried_over")  # what a self-evaluation's money block gives


@dataclass(slots=True)
class Fields:
    unit_code: str | None = None
    unit_name: str | None = None
    project_name: str | None = None
    project_code: str | None = None
    total: float | None = None
    fiscal: float | None = None
    other: float | None = None
    carried_over: float | None = None
    special_account: float | None = None
    adjustment: float | None = None
    supervisor: str | None = None  # 主管部门: the unit_name where the form prints no unit of its own
    supervisor_code: str | None = None  # '[292] 国家信访局', '338_烟台市退役军人事务局': the 主管部门's code
    medium_term: float | None = None
    currency_unit: str | None = None
    fund_use: str | None = None
    goals: list[str] = field(default_factory=list)
    label_currency: str | None = None  # '资金情况（万元）': used when no money label states one
    money_block: bool = False  # the table prints a money block (its amounts may all be blank)
    initial: float | None = None
    executed: float | None = None
    execution_rate: float | None = None
    execution_score: float | None = None
    matrix: bool = False  # the money came from a self-evaluation block: labels elsewhere do not override it
    pages: set[int] = field(default_factory=set)  # a multi-project table's project: the pages of its own cells
    texts: list[str] = field(default_factory=list)  # all header text, for the budget year


def _number(text: str) -> float | None:
    t = clean(text).replace(" ", "")
    return float(t.replace(",", "")) if _NUM.match(t) else None


_WITH_UNIT = re.compile(r"^(?P<n>[-+]?[\d,]+(?:\.\d+)?)\s*(?P<u>万元|元)$")


def _money(text: str) -> tuple[float | None, str | None]:
    """An amount as printed, with the unit it states itself ('280.7万元'), if any."""
    t = clean(text).replace(" ", "")
    if (m := _WITH_UNIT.match(t)) and _NUM.match(m["n"]):
        return float(m["n"].replace(",", "")), m["u"]
    return _number(t), None


def amount(text: str | None) -> float | None:
    """A money cell's amount ('30.000000', '1,234.50'); None for a blank, '-' or text."""
    return _number(text) if text else None


_TOTAL_ROW = re.compile(r"^(金额|资金)?(合计|总计)")
_SUB_LABEL = 6  # glyphs: '合计', '基本支出', '项目支出' under a money label; longer text ends the column


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

    def amount_below(self, r: int, label: Cell) -> tuple[float | None, str | None]:
        """A money label heading a column: the amount under it ('财政拨款' over '合计' | '基本支出'
        over the amounts: under its first sub-label), with the unit it states itself ('280.7万元').
        Where the rows below are labelled rows of a breakdown ('预算金额' over 基本支出 12,634.14 |
        项目支出 86,246.64), the column's amount is its 合计 row's, and None where it prints none:
        a part is no total."""
        rb = max(label.row + label.rowspan, r + 1)
        for k in range(rb, len(self.rows)):
            row = self.rows[k]
            cell = row[label.col] if label.col < len(row) else None
            if cell is None:
                return None, None
            text = clean(cell.text)
            if not text:
                return None, None
            number, unit = _money(text)
            if number is None:
                if len(text) > _SUB_LABEL:
                    return None, None
                continue
            if self._row_label(k, label) is None:
                return number, unit
            return self._total_row_amount(k, label)
        return None, None

    def _row_label(self, k: int, label: Cell) -> Cell | None:
        """Row k's own label left of `label`'s column: a text cell that starts in that row (a cell
        spanning down the block's left edge labels every row alike, and amounts are no labels)."""
        row = self.rows[k]
        for c in range(min(label.col, len(row)) - 1, -1, -1):
            cell = row[c]
            if cell is not None and cell.row == k and clean(cell.text) and _money(cell.text)[0] is None:
                return cell
        return None

    def _total_row_amount(self, start: int, label: Cell) -> tuple[float | None, str | None]:
        for k in range(start, len(self.rows)):
            row = self.rows[k]
            own = self._row_label(k, label)
            if own is not None and _TOTAL_ROW.search(label_key(own.text)):
                cell = row[label.col] if label.col < len(row) else None
                return _money(cell.text) if cell is not None else (None, None)
        return None, None

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
    # '小计③=①+②': the year's budget where the form prints 年初 ① and 年中调整 ② beside it
    "planned": re.compile(r"^全年预算(数|金额)?|^调整后预算|^小计"),
    "adjustment": re.compile(r"^(年中)?调整(金额|数)"),
    "executed": re.compile(r"^全年执行(数|金额)?|^实际支出|^执行数"),
    "rate": re.compile(r"^(预算)?执行率"),
    "score": re.compile(r"^得分"),
}
_MATRIX_ROWS = {
    "total": re.compile(r"年度资金总额|资金总额|^合计$"),
    "fiscal": re.compile(r"财政(资金|拨款)|当年财政"),
    "other": re.compile(r"其他资金|其它资金"),
    "carried_over": re.compile(r"上年结转|结转结余"),
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
            # The row's own label: left of the amounts, not a cell spanning the block ('项目资金（万元）'
            # down the left edge, beside the header row too).
            first = next(
                (
                    c
                    for c in reversed(below[: min(cols.values())])
                    if c is not None and c.text.strip() and not any(c is h for h in row)
                ),
                None,
            )
            if first is None:
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
                f.adjustment = amounts.get("adjustment")
                f.executed = amounts.get("executed")
                rate = below[cols["rate"]].text if "rate" in cols and below[cols["rate"]] else ""
                f.execution_rate = _number(rate.replace("%", "").replace("％", ""))
                f.execution_score = amounts.get("score")
            elif getattr(f, kind) is None:
                setattr(f, kind, budget)
            if f.currency_unit is None:
                for cell in row:
                    if cell is not None and (m := _CURRENCY_IN_LABEL.search(label_key(cell.text))):
                        f.currency_unit = m.group(1)
        if f.total is not None:
            f.matrix = True
            return


# '[292] 国家信访局', '338_烟台市退役军人事务局', '(571203)天津市红十字事务中心': a unit printed with its code.
_CODED_UNIT = re.compile(r"^[\[【(（]?(?P<code>\d{3,})[\]】)）]?\s*[-_－—:：]?\s*(?P<name>[\u4e00-\u9fff].*)$")


def read_fields(grids: list[list[list[Cell | None]]], lines: list[str]) -> Fields:
    """Fill `Fields` from header grids (table rows above the indicators) and context lines."""
    f = Fields()
    goal_hits: list[tuple[int, str]] = []
    for rows in grids:
        if not f.matrix:
            _money_matrix(f, rows)
        grid = _Grid(rows)
        seen: set[int] = set()
        medium = _medium_term_columns(rows)
        for r, row in enumerate(rows):
            for cell in row:
                if cell is None or id(cell) in seen:
                    continue
                seen.add(id(cell))
                text = clean(cell.text)
                if text:
                    f.texts.append(text)
                for part in label_pairs(cell.text):
                    _read_inline(f, clean(part))
                key = label_key(cell.text)
                if not key or len(key) > 30:
                    continue
                if f.label_currency is None and (m := _CURRENCY_IN_LABEL.search(key)):
                    f.label_currency = m.group(1)
                    f.money_block = f.money_block or "资金" in key  # '资金情况（万元）': amounts printed, or left blank
                if cell.col in medium and field_of(cell.text) in MATRIX_FIELDS:
                    continue  # '其中：财政拨款' under '中期资金总额': the medium term's, not the year's
                _read_labelled(f, grid, r, cell, key)
                for rank, pattern in enumerate(GOAL_LABELS):
                    if pattern.search(key):
                        goal = _goal_text(grid, r, cell)
                        if goal:
                            goal_hits.append((rank, goal))
                        break
    for line in lines:
        for part in label_pairs(line):
            _read_inline(f, clean(part))
        f.texts.append(clean(line))
    f.currency_unit = f.currency_unit or f.label_currency
    if f.unit_code is None and f.supervisor_code and f.unit_name in (None, f.supervisor):
        f.unit_code = f.supervisor_code  # the 主管部门's code names the unit where it is the 实施单位 too
    if goal_hits:
        f.goals = split_goals(min(goal_hits, key=lambda h: h[0])[1])
    return f


# '年度目标（2024年）' beside '中期目标（2024年—2026年）': the year's goal stands under it (88号 template)
_EXPECTED = re.compile(r"预期目标|^目标$|年度目标$|年度目标\([^()]*\)$|计划目标")


def _medium_term_columns(rows: list[list[Cell | None]]) -> set[int]:
    """The columns of the medium term's money labels where a block prints them beside the year's
    ('中期资金总额 | 684.43 | 年度资金总额 | 216.51', each with its 其中：财政拨款 below): none where the
    block prints no 年度 column beside them."""
    medium: set[int] = set()
    annual = False
    for row in rows:
        for cell in {id(c): c for c in row if c is not None}.values():
            name = field_of(cell.text)
            if name == "medium_term":
                medium.add(cell.col)
            elif name == "total" and "年度" in label_key(cell.text):
                annual = True
    return medium if annual else set()


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


# A line holding two '标签：值' pairs side by side, set apart by a run of spaces or a tab
# ('部门名称：某局    金额单位：万元', as a word processor spaces them over one line).
_NEXT_PAIR = re.compile(r"(?:[ \t\u3000]{2,}|\t)(?=[\u4e00-\u9fff()（）]{2,10}[:：])")


def label_pairs(line: str) -> list[str]:
    """The '标签：值' pairs of one line, each on its own; the line itself where it holds one."""
    parts = [p.strip() for p in _NEXT_PAIR.split(line) if p.strip()]
    return parts if len(parts) > 1 else [line]


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
        if getattr(f, name) is not None or (f.matrix and name in MATRIX_FIELDS):
            return
        if name in MONEY_FIELDS:
            if f.currency_unit is None and (m := _CURRENCY_IN_LABEL.search(key)):
                f.currency_unit = m.group(1)
            right = grid.right(r, cell)
            if right is not None and not right.text.strip() and not grid.rest_of_row_empty(r, cell):
                return  # an empty money cell among others is "no amount", not "look elsewhere"
            right = grid.right(r, cell)
            while right is not None and not right.text.strip():
                right = grid.right(r, right)
            number, unit = _money(right.text) if right is not None and not is_label(right.text) else (None, None)
            if number is None:
                # A column's head: the amount under it, where a label or a band's words stand to its
                # right ('资金总额 | 按收入性质分', '其他资金 | 基本支出' over the amounts).
                number, unit = grid.amount_below(r, cell)
            if unit and f.currency_unit is None:
                f.currency_unit = unit  # '280.7万元': the amount states its own unit
            setattr(f, name, number)
        else:
            raw = grid.value_of(r, cell)
            if raw and clean(raw):
                text = clean(raw).replace(" ", "") if name.endswith("code") else clean(raw)
                if name in ("unit_name", "supervisor") and (m := _CODED_UNIT.match(text)):
                    text = m["name"]
                    setattr(f, "unit_code" if name == "unit_name" else "supervisor_code", m["code"])
                setattr(f, name, text)
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
