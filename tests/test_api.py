"""The Python API (`from budget_perf import convert, check, load`): its examples run by doctest,
its errors, and `import budget_perf` staying cheap."""

from __future__ import annotations

import doctest
import os
import subprocess
import sys
from pathlib import Path

import pytest
from golden import ROOT

import budget_perf
from budget_perf import api
from budget_perf.errors import ExtractionError


def test_docstring_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples name the bundled samples
    result = doctest.testmod(api, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10 and result.failed == 0


def test_exports_are_the_api() -> None:
    assert (budget_perf.convert, budget_perf.check, budget_perf.load) == (api.convert, api.check, api.load)
    with pytest.raises(AttributeError):
        budget_perf.nothing_here  # noqa: B018


def test_import_loads_nothing_else() -> None:
    loaded = "sorted(m for m in sys.modules if m.startswith(('budget_perf', 'extract', 'pydantic')))"
    code = f"import sys, budget_perf; print({loaded})"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout  # fmt: skip
    assert out.strip() == "['budget_perf']"


def test_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(ExtractionError, match=r"broken\.pdf"):
        api.convert(broken)
    with pytest.raises(ValueError, match="unknown rule"):
        api.check(broken, rules=["nonsense"])  # before the file is read
    with pytest.raises(ValueError, match=r"no manifest\.jsonl"):
        api.load(tmp_path)
    with pytest.raises(ValueError, match="unsupported database"):
        (tmp_path / "manifest.jsonl").write_text("")
        api.load(tmp_path, "mysql://x@y/z")
