"""The layers, checked: the readers, normalizers and models never import the layer above them,
and nothing reads a process-wide setting (options are passed)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOWER = ("extract", "normalizers", "schemas")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_lower_layers_never_import_the_upper_one() -> None:
    upward = {
        str(p.relative_to(ROOT)): sorted(n for n in _imports(p) if n.split(".")[0] == "budget_perf")
        for layer in LOWER
        for p in (ROOT / layer).rglob("*.py")
    }
    assert {k: v for k, v in upward.items() if v} == {}


def test_no_process_wide_read_options() -> None:
    sources = [p for layer in (*LOWER, "budget_perf") for p in (ROOT / layer).rglob("*.py")] + [ROOT / "cli.py"]
    found = [str(p.relative_to(ROOT)) for p in sources if "limits.current" in (t := p.read_text()) or "limits.use" in t]
    assert found == []
