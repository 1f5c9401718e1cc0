"""Run the chosen rules over a Document; findings come out ordered by table, row and code."""

from __future__ import annotations

from budget_perf.qa import LEVEL_RULES
from budget_perf.qa import config as qa_config
from budget_perf.qa.rules import RULES
from schemas import Document, Issue


def run_rules(doc: Document, names: list[str] | None = None, config: dict | None = None) -> list[Issue]:
    config = config or qa_config.load()
    config, _family = qa_config.for_document(config, [t.title for t in doc.tables])
    chosen = names or list(RULES)
    unknown = [n for n in chosen if n not in RULES]
    if unknown:
        raise ValueError(f"unknown rule(s): {', '.join(unknown)}; choose from {', '.join(RULES)}")
    found: list[Issue] = []
    for name in chosen:
        issues = RULES[name](doc, config)
        if name in LEVEL_RULES:
            issues = [_inferred(i) if _on_prose(doc, i) else i for i in issues]
        found += issues
    return sorted(
        found, key=lambda i: (i.table if i.table is not None else -1, i.row if i.row is not None else -1, i.code)
    )


def _on_prose(doc: Document, issue: Issue) -> bool:
    return issue.table is not None and issue.table < len(doc.tables) and doc.tables[issue.table].origin == "prose"


def _inferred(issue: Issue) -> Issue:
    return issue.model_copy(update={"severity": "info", "message": f"{issue.message}（级别由文字推断）"})
