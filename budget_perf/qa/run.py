"""Run the chosen rules over a Document; findings come out ordered by table, row and code."""

from __future__ import annotations

from collections.abc import Collection

from budget_perf.corrections.apply import finding_field
from budget_perf.qa import LEVEL_RULES
from budget_perf.qa import config as qa_config
from budget_perf.qa.rules import RULES
from schemas import Document, Issue


def run_rules(doc: Document, names: list[str] | None = None, config: dict | None = None) -> list[Issue]:
    config = config or qa_config.load()
    config, _family = qa_config.for_document(config, [t.title for t in doc.tables])
    chosen = chosen_rules(names)
    found: list[Issue] = []
    for name in chosen:
        issues = RULES[name](doc, config)
        if name in LEVEL_RULES:
            issues = [_inferred(i) if _on_prose(doc, i) else i for i in issues]
        found += issues
    return sorted(
        found, key=lambda i: (i.table if i.table is not None else -1, i.row if i.row is not None else -1, i.code)
    )


def chosen_rules(names: list[str] | None) -> list[str]:
    """The rules to run (all when none are named); `ValueError` naming any unknown one."""
    chosen = names or list(RULES)
    unknown = [n for n in chosen if n not in RULES]
    if unknown:
        raise ValueError(f"unknown rule(s): {', '.join(unknown)}; choose from {', '.join(RULES)}")
    return chosen


def _on_prose(doc: Document, issue: Issue) -> bool:
    return issue.table is not None and issue.table < len(doc.tables) and doc.tables[issue.table].origin == "prose"


def _inferred(issue: Issue) -> Issue:
    return issue.model_copy(update={"severity": "info", "message": f"{issue.message}（级别由文字推断）"})


def finding_key(issue: Issue) -> tuple[int | None, int | None, str]:
    """What a reviewer's decision on a finding is recorded against (budget_perf.corrections)."""
    return issue.table, issue.row, finding_field(issue.code, issue.field)


def check(
    doc: Document,
    names: list[str] | None = None,
    config: dict | None = None,
    dismissed: Collection[tuple[int | None, int | None, str]] = (),
) -> tuple[list[Issue], list[Issue]]:
    """The rules' findings and the extraction's warnings and errors shown beside them as the reader
    wrote them (its OCR doubts among them), less those a reviewer dismissed."""
    found = [f for f in run_rules(doc, names, config) if finding_key(f) not in dismissed]
    extraction = [i for i in doc.issues if i.severity in ("error", "warning") and finding_key(i) not in dismissed]
    return found, extraction


def verdict_of(doc: Document, found: list[Issue], extraction: list[Issue]) -> str:
    """pass, findings, or not_checked (no indicator row to check: no table, blank templates only)."""
    from budget_perf.qa.rules.common import placeholder

    if not any(not placeholder(i) for t in doc.tables for i in t.indicators):
        return "not_checked"
    problems = [i for i in [*found, *extraction] if i.severity in ("error", "warning")]
    return "findings" if problems else "pass"
