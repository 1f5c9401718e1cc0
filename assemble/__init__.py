"""Format-agnostic table finding, header reading and indicator assembly."""

from assemble.document import build_tables

__all__ = ["build_tables"]
