"""The README and docs/*.md, checked as a reader would use them: every ```python block runs, every
command-line example runs (in a temporary directory holding the samples, page by page in order,
so a batch written by one line is loaded by the next), every ```json block parses (an indicator
row validates against the model), and every page is linked from the README."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from golden import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
COMMAND = ("python cli.py ", "budget-perf ")
# A syntax line, not an example: a placeholder (FILE, PATHS..., OUTDIR, URL) or an optional part.
PLACEHOLDER = re.compile(r"\b[A-Z]{3,}\b|\.\.\.|\[")
# Examples not run: a server that runs until Ctrl-C, a cluster, another machine.
NOT_RUN = re.compile(r"^(?!.*--export).*\breview\b|--scheduler|--host")


def _blocks(lang: str) -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for n, m in enumerate(m for m in FENCE.finditer(text) if m.group(1) == lang):
            found.append((f"{page.relative_to(ROOT)}#{lang}{n + 1}", m.group(2)))
    return found


def _commands(page: Path) -> list[str]:
    """The command-line examples of a page, in order."""
    text = page.read_text(encoding="utf-8")
    lines = [line.strip() for m in FENCE.finditer(text) if m.group(1) == "sh" for line in m.group(2).splitlines()]
    lines = [line.split("  #")[0].strip() for line in lines if line.startswith(COMMAND)]
    return [line for line in lines if not PLACEHOLDER.search(line) and not NOT_RUN.search(line)]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


PYTHON = _blocks("python")


@pytest.mark.parametrize("code", [c for _, c in PYTHON], ids=[i for i, _ in PYTHON])
def test_python_block_runs(code: str, workdir: Path) -> None:
    exec(compile(code, "<docs>", "exec"), {"__name__": "__docs__"})


JSON = _blocks("json")


@pytest.mark.parametrize("text", [t for _, t in JSON], ids=[i for i, _ in JSON])
def test_json_block_parses(text: str) -> None:
    data = json.loads(text)
    if "level3" in data:
        from schemas import Indicator

        Indicator.model_validate(data)


WITH_COMMANDS = [p for p in PAGES if _commands(p)]


@pytest.mark.parametrize("page", WITH_COMMANDS, ids=[str(p.relative_to(ROOT)) for p in WITH_COMMANDS])
def test_command_examples_run(page: Path, workdir: Path) -> None:
    for line in _commands(page):
        args = shlex.split(line)[2 if line.startswith("python") else 1 :]
        target = None
        if ">" in args:  # `... > file`
            at = args.index(">")
            args, target = args[:at], args[at + 1]
        proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True,
                              cwd=workdir, timeout=600)  # fmt: skip
        allowed = (0, 1) if args[0] == "qa" else (0,)  # qa's 1: an error finding, as the example says
        assert proc.returncode in allowed and "Traceback" not in proc.stderr, (line, proc.stderr[-2000:])
        if target:
            (workdir / target).write_text(proc.stdout, encoding="utf-8")
            json.loads(proc.stdout)


def test_examples_were_found() -> None:
    assert len(PYTHON) >= 5 and JSON and len(_commands(ROOT / "README.md")) >= 8


def test_readme_is_short_and_links_every_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("\n") < 300
    unlinked = [p.name for p in PAGES[1:] if f"](docs/{p.name})" not in readme]
    assert unlinked == []
    for page in PAGES[1:]:  # and each page leads back
        assert "](../README.md)" in page.read_text(encoding="utf-8"), page.name
