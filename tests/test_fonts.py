"""PDF text must not depend on the fonts a machine has (issue: same results on every machine).

Each case runs the reader in a fresh process whose PDFium font lookup is set before the reader
loads: 'none' answers no font at all (a slim container: PDFium falls back to its built-in Latin
fonts, so CJK glyphs have no extent), 'system' is whatever this machine has. With the bundled
fallback every PDF sample matches its golden in both; the control shows that 'none' really is
the environment that used to lose characters.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from golden import ROOT, diff, golden_path

PDFS = sorted((ROOT / "samples" / "pdf").glob("*.pdf"))

_SCRIPT = r"""
import ctypes, json, sys
import pypdfium2.raw as c
mode, bundled = sys.argv[1], sys.argv[2] == "1"
if mode == "none":
    t = dict(c.FPDF_SYSFONTINFO._fields_)
    keep = dict(
        Release=t["Release"](lambda *a: None), EnumFonts=t["EnumFonts"](lambda *a: None),
        MapFont=t["MapFont"](lambda *a: None), GetFont=t["GetFont"](lambda *a: None),
        GetFontData=t["GetFontData"](lambda *a: 0), GetFaceName=t["GetFaceName"](lambda *a: 0),
        GetFontCharset=t["GetFontCharset"](lambda *a: 0), DeleteFont=t["DeleteFont"](lambda *a: None),
    )
    info = c.FPDF_SYSFONTINFO(version=1, **keep)
    c.FPDF_SetSystemFontInfo(ctypes.byref(info))
import extract.pdf.fonts as fonts
if not bundled:
    fonts.use_bundled_fonts = lambda: None
from budget_perf.pipeline import convert
out = {p: json.loads(convert(p).model_dump_json()) for p in sys.argv[3:]}
print(json.dumps(out, ensure_ascii=False))
"""


def _run(mode: str, bundled: bool, paths: list) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, mode, "1" if bundled else "0", *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


@pytest.mark.parametrize("mode", ["none", "system"])
def test_pdf_samples_are_read_the_same_whatever_fonts_the_machine_has(mode: str) -> None:
    results = _run(mode, True, PDFS)
    for path in PDFS:
        expected = json.loads(golden_path(path).read_text(encoding="utf-8"))
        problems = diff(expected, results[str(path)])
        assert not problems, f"{path.name} with font lookup '{mode}': " + "; ".join(problems[:10])


def test_without_the_bundled_font_a_machine_without_cjk_fonts_loses_characters() -> None:
    """The control: PDFium's own fallback drops single non-embedded CJK glyphs (sample 005)."""
    sample = ROOT / "samples" / "pdf" / "005_hebei_system_export.pdf"
    got = _run("none", False, [sample])[str(sample)]
    expected = json.loads(golden_path(sample).read_text(encoding="utf-8"))
    assert diff(expected, got), "expected the unpatched reader to lose characters without CJK fonts"


def test_the_committed_fallback_font_is_what_the_generator_makes() -> None:
    pytest.importorskip("fontTools")
    proc = subprocess.run([sys.executable, "tools/make_fallback_font.py", "--check"], cwd=ROOT, timeout=60)
    assert proc.returncode == 0, "extract/pdf/fallback.ttf differs from tools/make_fallback_font.py's output"
