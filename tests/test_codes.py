"""The one registry of issue codes (schemas/codes.py): every code the code base emits is in it,
at a severity it lists, with a Chinese name; nothing in it is no longer emitted."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from schemas.codes import CODES, name_of

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("extract", "normalizers", "schemas", "budget_perf")
# Calls that raise an issue, and the positions of their severity and code arguments.
EMITTERS = {"issue": (0, 1), "finding": (0, 1), "cell_finding": (5, 0)}
# Code namespaces: any literal in them names a code, wherever it is written (passed on, looked up).
NAMESPACE = re.compile(r"^(?:qa|ocr|page|html|sheet|record|records)_[a-z0-9_]+$")


def _sources() -> list[Path]:
    return [p for layer in LAYERS for p in (ROOT / layer).rglob("*.py") if p.name != "codes.py"]


def _emitted() -> dict[str, set[str | None]]:
    """code -> the severities it is raised at (None: passed in, not written at the call)."""
    out: dict[str, set[str | None]] = {}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and NAMESPACE.match(node.value):
                out.setdefault(node.value, set())
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            words = {k.arg: k.value for k in node.keywords}
            severity, code = words.get("severity"), words.get("code")
            if name in EMITTERS:
                s, c = EMITTERS[name]
                severity = node.args[s] if len(node.args) > s else severity
                code = node.args[c] if len(node.args) > c else code
            elif name != "Issue":
                continue
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                level = severity.value if isinstance(severity, ast.Constant) else None
                out.setdefault(code.value, set()).add(level)
    return out


def test_every_emitted_code_is_registered_at_its_severity() -> None:
    emitted = _emitted()
    unregistered = sorted(set(emitted) - set(CODES))
    assert unregistered == [], f"add these to schemas/codes.py: {unregistered}"
    wrong = {
        c: sorted(s - {None} - set(CODES[c].severities))
        for c, s in emitted.items()
        if s - {None} - set(CODES[c].severities)
    }
    assert wrong == {}


def test_nothing_registered_is_stale_and_every_code_is_named() -> None:
    emitted = _emitted()
    # The codes of a reader's page that cannot be drawn are passed on by name (pdf/reader._ocr).
    passed_on = {"no_text_layer", "garbled_text"}
    source = "\n".join(p.read_text(encoding="utf-8") for p in _sources())
    stale = sorted(c for c in CODES if c not in emitted and not (c in passed_on and f'"{c}"' in source))
    assert stale == []
    for code, entry in CODES.items():
        assert re.search(r"[\u4e00-\u9fff]", entry.name) and name_of(code) == entry.name
        assert entry.layer in ("reader", "assembly", "qa", "load") and entry.severities
