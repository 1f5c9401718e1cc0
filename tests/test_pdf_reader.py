"""PDF reader internals on small drawn pages: rules to merged cells, glyph order, spaces, wraps."""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import ROOT

from extract.model import Table
from extract.pdf.chars import Char, line_text, text_of
from extract.pdf.reader import read_pdf

canvas_mod = pytest.importorskip("reportlab.pdfgen.canvas")
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402

FONT = "STSong-Light"


def _pdf(tmp_path: Path, draw) -> Path:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    path = tmp_path / "t.pdf"
    c = canvas_mod.Canvas(str(path), pagesize=(400, 400), invariant=1)
    c.setFont(FONT, 10)
    draw(c)
    c.showPage()
    c.save()
    return path


def test_rules_give_merged_cells_and_text_outside_cells_is_ignored(tmp_path: Path) -> None:
    def draw(c):
        # A 3x3 grid whose left column is one cell over the two lower rows: no rule there at y=240.
        for y in (300, 270, 240, 210):
            c.line(150 if y == 240 else 50, y, 350, y)
        for x in (50, 150, 250, 350):
            c.line(x, 300, x, 210)
        c.drawString(55, 280, "一级指标")
        c.drawString(155, 280, "三级指标")
        c.drawString(255, 280, "指标值")
        c.drawString(55, 245, "产出指标")
        c.drawString(155, 250, "培训次数")
        c.drawString(255, 250, "≥2次")
        c.drawString(155, 220, "合格率")
        c.drawString(255, 220, "100%")
        c.drawString(60, 350, "1.某项目绩效目标表")

    raw = read_pdf(_pdf(tmp_path, draw))
    (table,) = [b for b in raw.blocks if isinstance(b, Table)]
    spans = {(c.row, c.col): (c.text, c.rowspan, c.colspan) for c in table.cells}
    assert spans[(1, 0)] == ("产出指标", 2, 1)
    assert spans[(2, 2)] == ("100%", 1, 1)
    assert all(c.page == 1 and c.bbox is not None for c in table.cells)
    assert raw.blocks[0].text == "1.某项目绩效目标表"


def test_fake_bold_is_read_once_and_turned_text_reads_in_order(tmp_path: Path) -> None:
    def draw(c):
        for dx in (0, 0.3):
            c.drawString(50 + dx, 350, "绩效目标表")
        c.saveState()
        c.translate(100, 100)
        c.rotate(90)
        c.drawString(0, 0, "满意度指标")
        c.restoreState()

    texts = [b.text for b in read_pdf(_pdf(tmp_path, draw)).blocks]
    assert "绩效目标表" in texts
    assert "满意度指标" in texts


def _glyphs(text: str, x0: float = 0, gaps: dict[int, float] | None = None, y: float = 0) -> list[Char]:
    out, x = [], x0
    for i, ch in enumerate(text):
        x += (gaps or {}).get(i, 0)
        w = 10 if not ch.isascii() else 5
        out.append(Char(ch, x, y, x + w, y + 10, 10))
        x += w
    return out


def test_gap_spaces_separate_typed_spaces_from_cjk_latin_autospacing() -> None:
    autospaced = _glyphs("3000人次", gaps={4: 2.1})  # LibreOffice's CJK/Latin spacing, 0.21 em
    typed = _glyphs("30师资班", gaps={2: 2.7})  # a typed space left as a gap, 0.27 em
    assert line_text(autospaced) == "3000人次"
    assert line_text(typed) == "30 师资班"


def test_soft_wraps_join_and_short_lines_end_paragraphs() -> None:
    line1 = _glyphs("培训教师数量", y=0)  # fills the cell to its right edge
    line2 = _glyphs("人", y=12)  # ends short: a paragraph end
    line3 = _glyphs("2.第二段", y=24)
    assert text_of(line1 + line2 + line3, right=62) == "培训教师数量人\n2.第二段"
    code1, code2 = _glyphs("13080023", y=0), _glyphs("00036", y=12)
    assert text_of(code1 + code2, right=42) == "1308002300036"


def test_lineless_page_runs_the_expensive_engines_only_when_needed() -> None:
    """The cheap header-anchored reading is complete on the lineless sample: pdfplumber and camelot
    are neither run nor imported, and the issue says so."""
    import subprocess
    import sys

    code = (
        "import sys; from budget_perf.pipeline import convert; "
        "d = convert('samples/pdf/006_yunnan_web_lineless.pdf'); "
        "print('pdfplumber' in sys.modules, 'camelot' in sys.modules, "
        "all('未再运行其他引擎' in i.message for i in d.issues if i.code == 'lineless_table'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.split() == ["False", "False", "True"]


def test_an_incomplete_cheap_reading_still_tries_the_other_engines() -> None:
    from extract.model import Cell, Table
    from extract.pdf.lineless import choose, complete, score

    half = Table(
        [Cell(0, 0, "一级指标"), Cell(0, 1, "三级指标"), Cell(0, 2, "指标值"), Cell(1, 1, "培训人数"), Cell(1, 2, "")]
    )
    full = Table(
        [
            Cell(0, 0, "一级指标"),
            Cell(0, 1, "三级指标"),
            Cell(0, 2, "指标值"),
            Cell(1, 1, "培训人数"),
            Cell(1, 2, "30人"),
        ]
    )
    ran = []

    def make(table, name):
        return lambda: ran.append(name) or table

    best, scores = choose([("cheap", make(half, "cheap")), ("costly", make(full, "costly"))], score, complete)
    assert ran == ["cheap", "costly"] and best.engine == "costly"
    ran.clear()
    best, scores = choose([("cheap", make(full, "cheap")), ("costly", make(full, "costly"))], score, complete)
    assert ran == ["cheap"] and list(scores) == ["cheap"]
