"""The wheel, installed (not editable) into a fresh venv, runs every command from any directory.

The wheel is installed without its dependencies, which the fresh venv borrows from the test's
own environment through a path file: that keeps the test offline and quick while everything of
the project itself comes from the wheel alone (the editable install's finder is not loaded,
since path files inside a borrowed directory are not processed).
"""

from __future__ import annotations

import json
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from golden import ROOT

ASKED_LAYOUT = {"extract", "schemas", "normalizers", "cli.py"}
OWN_PACKAGE = "budget_perf"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    (found,) = dist.glob("budget_perf_extract-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    proc = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    purelib = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    (Path(purelib) / "_borrowed_dependencies.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    return venv


def _run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "budget-perf"), *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


def test_wheel_holds_the_asked_layout_and_one_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    top = {n.split("/")[0] for n in names if ".dist-info" not in n.split("/")[0]}
    assert top == ASKED_LAYOUT | {OWN_PACKAGE}, top
    assert "budget_perf/qa/config.toml" in names
    assert {"budget_perf/review/templates/document.html.j2", "budget_perf/review/static/review.js",
            "budget_perf/review/static/review.css"} <= set(names)  # fmt: skip
    assert "extract/pdf/fallback.ttf" in names
    assert {"budget_perf/py.typed", "budget_perf/api.py", "budget_perf/arguments.py"} <= set(names)  # typed API
    assert not any(n.startswith(("tests/", "bench/", "samples/", "tools/")) for n in names)


def test_every_command_works_from_another_directory(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "elsewhere"
    work.mkdir()
    docx = ROOT / "samples" / "docx" / "000_hebei_project.docx"
    pdf = ROOT / "samples" / "pdf" / "005_hebei_system_export.pdf"

    proc = _run(installed, work, "--version")
    assert proc.returncode == 0 and proc.stdout.startswith("budget-perf "), proc.stderr

    for sample in (docx, pdf):
        proc = _run(installed, work, "extract", str(sample))
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["tables"], sample.name

    proc = _run(installed, work, "extract", str(docx), str(pdf), "-o", "out", "--format", "csv", "-q")
    assert proc.returncode == 0, proc.stderr
    assert (work / "out" / "indicators.csv").exists()

    proc = _run(installed, work, "qa", str(docx), "--json")
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout.splitlines()[0])["path"] == str(docx)

    proc = _run(installed, work, "load", "out", "--db", "results.db", "-q")
    assert proc.returncode == 0, proc.stderr
    assert (work / "results.db").exists()

    proc = _run(installed, work, "review", "out", "--export", "csv", "-q")
    assert proc.returncode == 0, proc.stderr

    _python_api_works(installed, work, docx)

    proc = _run(installed, work, "schema")
    assert proc.returncode == 0 and json.loads(proc.stdout)["title"] == "Document"
    _review_app_answers(installed, work)


def _python_api_works(venv: Path, work: Path, docx: Path) -> None:
    """`from budget_perf import convert, check, load` from the wheel; `import budget_perf` alone loads nothing more."""
    script = (
        "import sys, budget_perf\n"
        "assert not [m for m in sys.modules if m.startswith(('budget_perf.', 'extract', 'pydantic'))]\n"
        "from budget_perf import check, convert, load\n"
        f"doc = convert({str(docx)!r})\n"
        "print(len(doc.tables), check(doc).verdict, load('out', 'api.db').documents)\n"
    )
    proc = subprocess.run([str(venv / "bin" / "python"), "-c", script], capture_output=True, text=True, cwd=work,
                          timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split() == ["3", "pass", "2"]


def _review_app_answers(venv: Path, work: Path) -> None:
    """The review app from the wheel: its templates and script are in the package."""
    import re
    import urllib.request

    app = subprocess.Popen([str(venv / "bin" / "budget-perf"), "review", "out", "--port", "0"], cwd=work,
                           stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        lines: list[str] = []
        url = None
        while url is None and len(lines) < 3:  # a note on corrections may come before the address
            lines.append(app.stderr.readline())
            url = re.search(r"http://127\.0\.0\.1:\d+/", lines[-1])
        assert url, lines
        try:
            page = urllib.request.urlopen(url.group(0), timeout=30).read().decode()
            script = urllib.request.urlopen(url.group(0) + "static/review.js", timeout=30).read()
        except OSError as e:  # the app's console line says what went wrong
            app.terminate()
            raise AssertionError(f"{e}: {app.stderr.read()[-2000:]}") from e
        assert "审核队列" in page and "000_hebei_project.docx" in page
        assert b"textContent" in script
    finally:
        app.terminate()
        app.wait(timeout=30)
