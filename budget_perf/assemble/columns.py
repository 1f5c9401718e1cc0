"""Recognise an indicator table by its header row and map columns to roles."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from extract.model import Cell
from normalizers.labels import (
    EXTRA_ROLES,
    LEVEL_LABELS,
    MAX_LABEL,
    RECORDS_LABEL,
    ROLE_FALLBACKS,
    ROLE_PATTERNS,
    field_of,
    is_caption,
    is_furniture,
    is_indicator_header,
    role_of,
)
from normalizers.text import clean, label_key


@dataclass(slots=True)
class Header:
    """An indicator table's header: the role of every column under it.

    `columns` maps a contract role (level1 … value, period_value, operator, measure_unit, weight …)
    to its grid columns; `fields` maps a header field (project_name, total, goals …) to the columns
    of a multi-project table that hold each project's own cells; `extra` maps the printed header of
    every other column to its grid columns, so that no printed column is glued into a neighbour or
    dropped."""

    start: int  # first header row
    row: int  # first row after the header rows
    columns: dict[str, list[int]]  # role -> grid columns, in order
    corrected: list[tuple[Cell, str]] = field(default_factory=list)  # (cell, label read as) for a near miss
    fields: dict[str, list[int]] = field(default_factory=dict)
    extra: dict[str, list[int]] = field(default_factory=dict)
    # The medium term's 二级 / 三级 columns of a form printing its indicators twice side by side
    # (财预〔2015〕88号): printed header -> (the role they repeat, columns); kept in `extra` only
    # where they name the row otherwise than the year's columns do.
    mirrors: dict[str, tuple[str, list[int]]] = field(default_factory=dict)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(self.columns)

    @property
    def projects(self) -> bool:
        """Several projects under one header: each row carries its project's own cells."""
        return "project_name" in self.fields


def _row_roles(grid_row: list[Cell | None]) -> dict[str, list[int]]:
    roles: dict[str, list[int]] = {}
    seen: set[int] = set()
    for c, cell in enumerate(grid_row):
        if cell is None:
            continue
        role = role_of(cell.text)
        if role is None:
            continue
        if id(cell) in seen and c not in roles.get(role, []):
            roles.setdefault(role, []).append(c)
            continue
        seen.add(id(cell))
        roles.setdefault(role, []).append(c)
    # A label cut in two by a rule that is not there ("三级" | "指标": a photo's warped rule, a
    # stroke taken for one) reads as one label across both cells.
    for a, b in itertools.pairwise(grid_row):
        if a is None or b is None or a is b or role_of(a.text) or role_of(b.text):
            continue
        role = role_of(a.text + b.text)
        if role is not None and role not in roles:
            roles[role] = [k for k, cell in enumerate(grid_row) if cell is a or cell is b]
    return roles


# Labels that open the header block of a new project or department, even mid-table.
_BLOCK_OPENERS = re.compile(r"^(项目名称|项目编码|项目代码|部门名称|单位名称|预算单位|部门\(单位\)名称)(\(.{1,12}\))?$")


@dataclass(slots=True)
class Block:
    """One indicator table inside a grid: its header region, header, and the row its data ends at."""

    start: int
    header: Header
    end: int


def opens_block(grid_row: list[Cell | None]) -> bool:
    """A row that labels a new project or department ('项目名称 | XXX'); a multi-project table's
    header row repeated on a new page ('项目名称 | 项目总额 | … | 一级指标') opens none."""
    return any(
        cell is not None and _BLOCK_OPENERS.match(label_key(cell.text)) for cell in grid_row
    ) and not header_row_repeats(grid_row)


def find_blocks(grid: list[list[Cell | None]]) -> list[Block]:
    """Indicator tables in one grid; a second 项目名称 block further down starts a new one."""
    blocks: list[Block] = []
    start = 0
    while (header := find_header(grid, start)) is not None:
        end = len(grid)
        for r in range(header.row, len(grid)):
            if opens_block(grid[r]) and find_header(grid, r) is not None:
                end = r
                # The next table's title and the blank rows before it belong to the next table.
                while end - 1 > header.row and _caption_or_blank(grid[end - 1]):
                    end -= 1
                break
        blocks.append(Block(start, header, end))
        start = end
    return blocks


def _caption_or_blank(grid_row: list[Cell | None]) -> bool:
    texts = {id(c): c.text.strip() for c in grid_row if c is not None and c.text.strip()}
    return not texts or (len(texts) == 1 and is_caption(next(iter(texts.values()))))


_LEVEL_LABEL = re.compile(r"级(指标|目标)$")


def _fill_levels(grid_row: list[Cell | None], roles: dict[str, list[int]]) -> list[tuple[Cell, str]]:
    """A scan may lose a header's first glyph ('二级指标' read '级指标') or misread it ('三级指标'
    read '一级指标', a level then claimed twice), or a missing rule may join it to the label above
    ('项目总目标：一级指标'): a '…级指标' column no role claimed takes the level missing at its
    place, the levels in order left to right. Returns the cells so read."""
    order = ("level1", "level2", "level3")
    for lvl in order:  # one level in two cells: a numeral misread ('三级指标' as '一级指标')
        cells = list(dict.fromkeys(id(grid_row[c]) for c in roles.get(lvl, []) if grid_row[c] is not None))
        if len(cells) > 1:
            roles[lvl] = [c for c in roles[lvl] if grid_row[c] is not None and id(grid_row[c]) == cells[0]]
    missing = [lvl for lvl in order if lvl not in roles]
    if not missing:
        return []
    taken = {c for cols in roles.values() for c in cols}
    seen: set[int] = set()
    corrected: list[tuple[Cell, str]] = []
    for c, cell in enumerate(grid_row):
        if cell is None or c in taken or id(cell) in seen or not _LEVEL_LABEL.search(label_key(cell.text)):
            continue
        seen.add(id(cell))
        fits = [
            lvl
            for lvl in missing
            if all(max(roles[o]) < c for o in order[: order.index(lvl)] if o in roles)
            and all(min(roles[o]) > c for o in order[order.index(lvl) + 1 :] if o in roles)
        ]
        if fits:
            roles[fits[0]] = [k for k in range(c, c + cell.colspan)]
            missing.remove(fits[0])
            corrected.append((cell, LEVEL_LABELS["header"][order.index(fits[0])]))
    return corrected


def _split_joined(grid_row: list[Cell | None], roles: dict[str, list[int]]) -> list[tuple[Cell, str]]:
    """A scan that lost the rule between two header cells joins them: '三级指标年度指标值' over
    the two columns the rows below keep apart. A cell over n columns whose text is n labels of
    n different roles, one after the other, is read as those labels, one a column. Returns the
    cells so read."""
    corrected: list[tuple[Cell, str]] = []
    seen: set[int] = set()
    for cell in grid_row:
        if cell is None or id(cell) in seen:
            continue
        seen.add(id(cell))
        columns = [k for k, other in enumerate(grid_row) if other is cell]
        if len(columns) < 2:
            continue
        labels = _as_labels(label_key(cell.text), len(columns))
        if labels is None:
            continue
        for role_cols in roles.values():  # the joined text's role (the first label's) claimed them all
            role_cols[:] = [k for k in role_cols if k not in columns]
        for k, (_, role) in zip(columns, labels, strict=True):
            roles.setdefault(role, []).append(k)
        corrected.append((cell, " | ".join(label for label, _ in labels)))
    for role in [r for r, cols in roles.items() if not cols]:
        del roles[role]
    return corrected


def _as_labels(key: str, n: int) -> list[tuple[str, str]] | None:
    """`key` cut into n labels of n different roles, each ending where its role's pattern ends,
    with their roles; None if no cut does so. The longest such first label is taken: '年度指标值' | '实际完成值',
    not '年度指标' | '值实际完成值'; and '三级指标年度' is no label, so '三级指标' | '年度指标值'."""
    if n == 1:
        role = _ends_label(key)
        return None if role is None else [(key, role)]
    for i in range(min(len(key) - 2, MAX_LABEL), 1, -1):
        role = _ends_label(key[:i])
        rest = None if role is None else _as_labels(key[i:], n - 1)
        if rest is not None and role not in {r for _, r in rest}:
            return [(key[:i], role), *rest]
    return None


def _ends_label(key: str) -> str | None:
    """The role of a label that ends where its role's pattern ends, else None."""
    role = role_of(key)
    if role is None:
        return None
    pattern = _PATTERNS[role]
    return role if any(pattern.fullmatch(key, i) for i in range(len(key))) else None


_PATTERNS = dict(ROLE_PATTERNS)


def find_header(grid: list[list[Cell | None]], start: int = 0) -> Header | None:
    """The first indicator header at or after row `start`, its sub-header rows merged in."""
    for r in range(start, len(grid)):
        roles = _row_roles(grid[r])
        corrected = _split_joined(grid[r], roles)
        fallbacks = _fall_back(grid[r], roles)
        if not ("value" in roles or "actual" in roles or "period_value" in roles):
            continue
        halves = _side_by_side(roles)  # before _fill_levels, which reads a level claimed twice as a misread
        # Levels read by their place count towards the header: '一级指标 | 级指标 | 一级指标 | 指标值'
        # is a header whose numerals the scan lost.
        corrected += _fill_levels(grid[r], roles)
        if not is_indicator_header(roles):
            continue
        end = r + 1
        while end < len(grid) and end - r < _MAX_HEADER_ROWS and _is_subheader(grid[end], grid[r]):
            end += 1
        columns, fields, extra = _resolve(grid, r, end, roles)
        _drop_fallbacks(columns, fallbacks)
        halves = halves or _side_by_side(columns)  # the halves told apart by a band over them
        extra = {label: cols for label, cols in extra.items() if cols not in halves.values()}
        mirrors = {_printed_label(grid, r, end, cols): (role, cols) for role, cols in halves.items()}
        return Header(start=r, row=end, columns=columns, corrected=corrected, fields=fields, extra=extra,
                      mirrors=mirrors)  # fmt: skip
    return None


def _printed_label(grid: list[list[Cell | None]], r: int, end: int, cols: list[int]) -> str:
    """A column's header as printed, its band's label first ('中期指标/二级指标')."""
    return "/".join(t for t in (clean(s.text) for s in _stack(grid, r, end, cols[0])) if t)


def _runs(cols: list[int]) -> list[list[int]]:
    """Columns in runs of neighbours: one run a cell (a cell over two columns is one run)."""
    runs: list[list[int]] = []
    for c in sorted(cols):
        if runs and c == runs[-1][-1] + 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


_HALF = ("level2", "level3", "value")


def _side_by_side(roles: dict[str, list[int]]) -> dict[str, list[int]]:
    """A form printing its indicators twice side by side, the medium term's 二级 | 三级 | 指标值
    and then the year's (财预〔2015〕88号): the year's target is the value, the medium term's the
    period value, the year's 二级 and 三级 name the row. `roles` is updated; returns the medium
    term's 二级 and 三级 columns by the role they repeat ({} where the form prints one set)."""
    if "period_value" in roles or any(r not in roles for r in _HALF):
        return {}
    runs = {role: _runs(roles[role]) for role in _HALF}
    if any(len(r) != 2 for r in runs.values()):
        return {}
    order = [runs[role][half] for half in (0, 1) for role in _HALF]
    if any(a[-1] >= b[0] for a, b in itertools.pairwise(order)):
        return {}
    roles["period_value"] = runs["value"][0]
    for role in _HALF:
        roles[role] = runs[role][1]
    return {"level2": runs["level2"][0], "level3": runs["level3"][0]}


_MAX_HEADER_ROWS = 3  # a header row and at most two rows of labels under it (指标值 over 实施期 | 年度)


def _fall_back(grid_row: list[Cell | None], roles: dict[str, list[int]]) -> dict[str, list[int]]:
    """Labels that take a role only where no column has it ('指标内容' as the name on a form
    without 三级指标). Returns the columns so taken, by role."""
    taken: dict[str, list[int]] = {}
    for role, pattern in ROLE_FALLBACKS.items():
        if role in roles or (role == "level3" and _level_cells(grid_row) >= 3):
            continue  # three '…级指标' cells: 三级 misread ('二级指标' twice), which `_fill_levels` places
        for c, cell in enumerate(grid_row):
            if cell is not None and pattern.search(label_key(cell.text)):
                for cols in roles.values():
                    if c in cols:
                        cols.remove(c)
                roles.setdefault(role, []).append(c)
                taken.setdefault(role, []).append(c)
    for role in [r for r, cols in roles.items() if not cols]:
        del roles[role]
    return taken


def _level_cells(grid_row: list[Cell | None]) -> int:
    """How many cells of the row hold a level's label ('…级指标', whatever its numeral reads)."""
    return len({id(c) for c in grid_row if c is not None and _LEVEL_LABEL.search(label_key(c.text))})


def _drop_fallbacks(columns: dict[str, list[int]], taken: dict[str, list[int]]) -> None:
    """A fallback role the sub-header rows give a column of its own ('绩效指标' beside the band
    over 一级 | 二级 | 三级): the fallback's column has none."""
    for role, cols in taken.items():
        if any(c not in cols for c in columns.get(role, [])):
            columns[role] = [c for c in columns[role] if c not in cols]


def _own_cells(grid_row: list[Cell | None], above: list[Cell | None]) -> list[Cell]:
    """The distinct cells that start in this row (not spanning down from the row above)."""
    out: list[Cell] = []
    for c, cell in enumerate(grid_row):
        if cell is None or (c < len(above) and cell is above[c]) or any(cell is o for o in out):
            continue
        out.append(cell)
    return out


def _is_subheader(grid_row: list[Cell | None], above: list[Cell | None]) -> bool:
    """A row of labels under the header row: each cell it starts names a role or a header field
    ('实施期 | 年度' under '指标值', '财政资金 | 其他资金' under '其中：')."""
    own = [c for c in _own_cells(grid_row, above) if clean(c.text)]
    return bool(own) and all(role_of(c.text) or field_of(c.text) for c in own)


def _resolve(
    grid: list[list[Cell | None]], r: int, end: int, roles: dict[str, list[int]]
) -> tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[int]]]:
    """Every column's role, from the lowest header cell over it: the header row's roles, refined
    by the sub-header rows ('指标值' over '实施期' | '年度': the period and the annual target);
    columns whose label names a header field are the projects' own cells; the rest are extra,
    under their printed label."""
    role_at = {c: role for role, cols in roles.items() for c in cols}
    field_at: dict[int, str] = {}
    label_at: dict[int, str] = {}
    for c in range(len(grid[r])):
        stack = _stack(grid, r, end, c)
        if not stack:
            continue
        leaf = stack[-1]
        if len(stack) > 1:  # a sub-header's label decides its column
            role = role_of(leaf.text) or role_of(stack[-2].text + leaf.text)
            if role is not None:
                role_at[c] = role
                continue
            role_at.pop(c, None)
        if c in role_at:
            if role_at[c] in EXTRA_ROLES:
                label_at[c] = clean(leaf.text)
                del role_at[c]
            continue
        name = field_of(leaf.text)
        if name is not None:
            field_at[c] = name
        elif clean(leaf.text) or len(stack) > 1:
            label_at[c] = "/".join(t for t in (clean(s.text) for s in stack) if t)
    return _invert(role_at), _invert(field_at), _invert(label_at)


def _stack(grid: list[list[Cell | None]], r: int, end: int, c: int) -> list[Cell]:
    out: list[Cell] = []
    for row in grid[r:end]:
        cell = row[c] if c < len(row) else None
        if cell is not None and clean(cell.text) and not any(cell is s for s in out):
            out.append(cell)
    return out


def _invert(at: dict[int, str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for c in sorted(at):
        out.setdefault(at[c], []).append(c)
    return out


def find_project_list(grid: list[list[Cell | None]], start: int = 0) -> Header | None:
    """A table of projects, one a row, with no indicator grid: 项目名称 | 金额 | 绩效目标, and often a
    绩效指标 column whose cells hold each project's indicators as records. Its header names the
    project and its goals or records; `columns` holds the records column as "records"."""
    for r in range(start, len(grid)):
        own = {id(c): c for c in grid[r] if c is not None and clean(c.text)}.values()
        names = {field_of(c.text) for c in own}
        holds_records = any(RECORDS_LABEL.match(label_key(c.text)) for c in own)
        if "project_name" not in names or not ("goals" in names or holds_records) or _row_roles(grid[r]):
            continue
        end = r + 1
        while end < len(grid) and end - r < _MAX_HEADER_ROWS and _is_subheader(grid[end], grid[r]):
            end += 1
        _, fields, extra = _resolve(grid, r, end, {})
        records = [c for label, cols in extra.items() if RECORDS_LABEL.match(label_key(label)) for c in cols]
        columns = {"records": records} if records else {}
        extra = {label: cols for label, cols in extra.items() if not RECORDS_LABEL.match(label_key(label))}
        return Header(start=r, row=end, columns=columns, fields=fields, extra=extra)
    return None


def furniture_row(grid_row: list[Cell | None]) -> bool:
    """A row holding only what a page prints over every part of a table (its title, its currency
    line), drawn inside the table's frame by some exporters; an empty row is none."""
    texts = {id(c): clean(c.text) for c in grid_row if c is not None and clean(c.text)}
    return bool(texts) and all(is_furniture(t) for t in texts.values())


def header_row_repeats(grid_row: list[Cell | None]) -> bool:
    return is_indicator_header(_row_roles(grid_row))
