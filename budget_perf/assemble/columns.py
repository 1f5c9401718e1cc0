"""Recognise an indicator table by its header row and map columns to roles."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from extract.model import Cell
from normalizers.labels import LEVEL_LABELS, MIN_ROLES, is_caption, role_of
from normalizers.text import label_key


@dataclass(slots=True)
class Header:
    start: int  # first header row
    row: int  # first row after the header rows
    columns: dict[str, list[int]]  # role -> grid columns, in order
    corrected: list[tuple[Cell, str]] = field(default_factory=list)  # (cell, label read as) for a near miss

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(self.columns)


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


def is_header_row(roles: dict[str, list[int]]) -> bool:
    # 二级指标 alone will do: a scan may lose the 一/三 of the other two ("级指标").
    has_level = "level1" in roles or "level2" in roles or "level3" in roles
    has_value = "value" in roles or "actual" in roles
    return has_level and has_value and len(roles) >= MIN_ROLES


# Labels that open the header block of a new project or department, even mid-table.
_BLOCK_OPENERS = re.compile(r"^(项目名称|项目编码|项目代码|部门名称|单位名称|预算单位|部门\(单位\)名称)$")


@dataclass(slots=True)
class Block:
    """One indicator table inside a grid: its header region, header, and the row its data ends at."""

    start: int
    header: Header
    end: int


def opens_block(grid_row: list[Cell | None]) -> bool:
    return any(cell is not None and _BLOCK_OPENERS.match(label_key(cell.text)) for cell in grid_row)


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


def find_header(grid: list[list[Cell | None]], start: int = 0) -> Header | None:
    """The first indicator header at or after row `start`, with the sub-header row merged in."""
    for r in range(start, len(grid)):
        roles = _row_roles(grid[r])
        if not ("value" in roles or "actual" in roles):
            continue
        # Levels read by their place count towards the header: '一级指标 | 级指标 | 一级指标 | 指标值'
        # is a header whose numerals the scan lost.
        corrected = _fill_levels(grid[r], roles)
        if not is_header_row(roles):
            continue
        end = r + 1
        # Two-row headers: a second row that labels columns the first left blank.
        if end < len(grid):
            below = _row_roles(grid[end])
            new = {k: v for k, v in below.items() if k not in roles}
            if new and not _has_data(grid[end], below):
                roles.update(new)
                end += 1
        return Header(start=r, row=end, columns={k: sorted(set(v)) for k, v in roles.items()}, corrected=corrected)
    return None


def _has_data(grid_row: list[Cell | None], roles: dict[str, list[int]]) -> bool:
    labelled = {c for cols in roles.values() for c in cols}
    return any(cell is not None and cell.text.strip() and c not in labelled for c, cell in enumerate(grid_row))


def header_row_repeats(grid_row: list[Cell | None]) -> bool:
    return is_header_row(_row_roles(grid_row))
