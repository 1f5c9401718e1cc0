"""Names for people reading the review report: each code's Chinese name comes from the one
registry (schemas/codes.py); the severities' names and order are the report's own."""

from __future__ import annotations

from schemas.codes import name_of

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

__all__ = ["SEVERITY_NAMES", "SEVERITY_ORDER", "name_of"]
