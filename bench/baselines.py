"""What a user gets from pdfplumber's `extract_tables` or camelot lattice, mapped straightforwardly:
find the row that names 一级/二级/三级指标 and 指标值, fill blank labels down, one indicator per row."""

from __future__ import annotations

import re

from normalizers.labels import role_of


def _get(cells: list[str], cols: dict[str, int], role: str) -> str:
    k = cols.get(role)
    return cells[k] if k is not None and k < len(cells) else ""


def rows_from_tables(tables: list[list[list[str | None]]]) -> list[dict]:
    out: list[dict] = []
    for table in tables:
        cols: dict[str, int] | None = None
        l1 = l2 = ""
        for row in table:
            cells = [re.sub(r"\s+", "", c or "") for c in row]
            roles = {role_of(c): k for k, c in enumerate(cells) if role_of(c)}
            if len(roles) >= 3 and "value" in roles:
                cols = roles
                continue
            if cols is None:
                continue
            l1, l2 = _get(cells, cols, "level1") or l1, _get(cells, cols, "level2") or l2
            l3, value = _get(cells, cols, "level3"), _get(cells, cols, "value")
            if l3 or value:
                out.append({"level1": l1, "level2": l2, "level3": l3, "value": {"raw": value}})
    return out


def pdfplumber_tables(path: str) -> tuple[list, int]:
    import pdfplumber

    tables = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables += page.extract_tables()
        return tables, len(pdf.pages)


def camelot_tables(path: str) -> tuple[list, int]:
    import camelot

    found = camelot.read_pdf(path, pages="all", flavor="lattice")
    return [t.df.values.tolist() for t in found], 0
