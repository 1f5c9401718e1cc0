"""One module per rule; each exposes `check(doc, config) -> list[Issue]`. RULES is the registry."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from budget_perf.qa import RULE_NAMES
from schemas import Document, Issue

Rule = Callable[[Document, dict], list[Issue]]

RULES: dict[str, Rule] = {name: import_module(f"budget_perf.qa.rules.{name}").check for name in RULE_NAMES}
