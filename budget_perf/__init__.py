"""budget-perf-extract: Chinese budget performance documents to validated indicator JSON.

The Python API (budget_perf/api.py; docs/api.md):

    from budget_perf import check, convert, load

    doc = convert("绩效目标表.docx")        # a validated schemas.Document
    result = check(doc)                     # QA: result.verdict, result.findings
    load("out/", "results.db")              # a batch's output into SQLite or PostgreSQL

The user-facing layout keeps `extract/`, `schemas/`, `normalizers/` and `cli.py` at the top;
everything else (errors, the pipeline, assembly, batch, databases, QA) lives in this one
package so that an installed wheel adds no generic top-level names beside them.
`import budget_perf` loads nothing else: the API is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"
__all__ = ["__version__", "check", "convert", "load"]

if TYPE_CHECKING:
    from budget_perf.api import check, convert, load


def __getattr__(name: str) -> Any:
    if name in ("check", "convert", "load"):
        from budget_perf import api

        return getattr(api, name)
    raise AttributeError(f"module 'budget_perf' has no attribute {name!r}")
