"""Format-agnostic table finding, header reading and indicator assembly."""

from budget_perf.assemble.document import build_tables

__all__ = ["build_tables"]
