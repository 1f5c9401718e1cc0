"""One module per rule; each exposes `check(doc, config) -> list[Issue]`. RULES is the registry."""

from __future__ import annotations

from collections.abc import Callable

from qa.rules import (
    budget,
    content,
    level2_parent,
    ocr,
    quantitative,
    required_level1,
    satisfaction,
    timeliness,
)
from schemas import Document, Issue

Rule = Callable[[Document, dict], list[Issue]]

RULES: dict[str, Rule] = {
    "required_level1": required_level1.check,
    "level2_parent": level2_parent.check,
    "quantitative": quantitative.check,
    "timeliness": timeliness.check,
    "budget": budget.check,
    "satisfaction": satisfaction.check,
    "content": content.check,
    "ocr": ocr.check,
}
