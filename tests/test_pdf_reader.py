"""PDF reader internals on small drawn pages: rules to merged cells, glyph order, spaces, wraps."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from golden import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.model import Table
from extract.pdf.chars import Char, line_text, text_of
from extract.pdf.reader import read_pdf
from normalizers.labels import could_hold_level_labels, role_of

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


def _chars(path: Path, one_angle: bool) -> list[tuple]:
    import pypdfium2 as pdfium

    from extract.pdf.chars import read_chars
    from extract.pdf.frame import Frame
    from extract.pdf.objects import walk

    out = []
    pdf = pdfium.PdfDocument(str(path))
    for page in pdf:
        angle = walk(page).text_angle if one_angle else None
        text = read_chars(page.get_textpage(), page.get_size()[1], Frame.of(page), angle)
        out += [(c.text, round(c.x0, 3), round(c.top, 3), round(c.angle, 3)) for c in text.chars]
    pdf.close()
    return out


@pytest.mark.parametrize("turn", [0, 90, 180, 270, 30])
def test_one_angle_per_page_reads_the_chars_that_asking_each_char_reads(tmp_path: Path, turn: int) -> None:
    """The object walk spares asking PDFium each character's angle only when every text object
    shares one; text turned by the CTM or by the text matrix must still come out turned."""

    def draw(c):
        c.drawString(50, 350, "绩效目标表")
        c.saveState()
        c.translate(200, 200)
        c.rotate(turn)
        c.drawString(0, 0, "满意度指标")
        c.restoreState()
        t = c.beginText()
        t.setTextTransform(0, 1, -1, 0, 300, 300)
        t.setFont(FONT, 10)
        t.textOut("产出指标")
        c.drawText(t)

    path = _pdf(tmp_path, draw)
    careful = _chars(path, one_angle=False)
    assert _chars(path, one_angle=True) == careful
    assert {a for *_, a in careful} >= {0.0, round(3 * math.pi / 2, 3)}


@pytest.mark.parametrize("seed", [0, 27])  # generated forms stored turned: /Rotate 90 and 270
def test_a_page_stored_turned_reads_the_same_chars_either_way(tmp_path: Path, seed: int) -> None:
    from samples.generators.forms import write

    path = write(seed, tmp_path, ("pdf",))["pdf"]
    traits = json.loads((tmp_path / f"form_{seed}.truth.json").read_text(encoding="utf-8"))["traits"]
    assert any(t.startswith("rotate_") for t in traits)
    careful = _chars(path, one_angle=True)
    assert careful == _chars(path, one_angle=False)
    assert careful and all(a == 0.0 for *_, a in careful)  # upright once the page is turned back


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="一二三级指标名称具体目标 ⼀值产出", max_size=12))
def test_a_level_label_never_fails_the_cheap_header_test(text: str) -> None:
    if role_of(text) in ("level1", "level3"):
        assert could_hold_level_labels(text)
        assert could_hold_level_labels(f"单位：万元 {text} 其他")


def test_level_label_spellings_pass_the_cheap_header_test() -> None:
    for label in ("一级指标", "三级目标", "指标名称", "具体指标", "指 标 名 称", "⼀级指标"):
        assert role_of(label) in ("level1", "level3"), label
        assert could_hold_level_labels(label), label
    assert not could_hold_level_labels("项目名称 主管部门 实施单位 资金情况 年度目标")


def test_page_text_that_does_not_line_up_with_the_char_indices_is_read_char_by_char(monkeypatch) -> None:
    """One call reads the page's text only where it maps one to one onto PDFium's character
    indices; a character beyond the BMP (two UTF-16 units) or without Unicode (none) breaks
    that, and the codes must then come char by char, the same as asking each."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from extract.pdf import chars

    pdf = pdfium.PdfDocument(str(ROOT / "samples" / "pdf" / "000_hebei_project.pdf"))
    raw = pdf[0].get_textpage().raw
    n = pdfium_c.FPDFText_CountChars(raw)
    each = [pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(n)]
    assert chars._codes(raw, n) == each
    monkeypatch.setattr(pdfium_c, "FPDFText_GetText", lambda *a: n)  # one unit short
    assert chars._codes(raw, n) == each
    pdf.close()


def test_the_char_box_is_read_in_pdfiums_field_order() -> None:
    """read_chars unpacks FS_RECTF's four floats by position."""
    import pypdfium2.raw as pdfium_c

    assert [name for name, _ in pdfium_c.FS_RECTF._fields_] == ["left", "top", "right", "bottom"]


def test_a_continuation_page_drops_the_lines_it_prints_above_every_part() -> None:
    """A table without vertical rules runs on over a page that repeats its title and currency line
    at the top: read as rows, they glued onto the first value ('95金额单位：万元')."""
    from extract.page_layout import _below_running_lines
    from extract.pdf.chars import Char

    def line(text: str, top: float) -> list[Char]:
        return [Char(ch, 100 + 10 * i, top, 110 + 10 * i, top + 10, 10.0) for i, ch in enumerate(text)]

    title, unit, row = line("项目支出绩效目标表", 60), line("金额单位：万元", 80), line("产出指标数量指标95", 100)
    kept = _below_running_lines([*title, *unit, *row])
    assert "".join(c.text for c in kept) == "产出指标数量指标95"
    footer = line("金额单位：万元", 120)
    assert _below_running_lines(row + footer) == row + footer  # below the first row it runs on no more


def test_text_its_cell_clips_is_not_read(tmp_path) -> None:
    """Text an exporter lets run past its cell, cut off by the cell's clip path: the page does not
    show it, and read as text it lands in the cell below (Beijing's 预算表13, p.27)."""
    from reportlab.pdfgen.canvas import Canvas

    from extract.pdf.reader import read_pdf

    path = tmp_path / "clip.pdf"
    c = Canvas(str(path), pagesize=(300, 200))
    c.saveState()
    clip = c.beginPath()
    clip.rect(50, 120, 200, 30)
    c.clipPath(clip, stroke=0, fill=0)
    c.drawString(55, 130, "shown in the cell")
    c.drawString(55, 100, "hidden overflow")  # below the clip: not on the page
    c.restoreState()
    c.drawString(55, 60, "free text")
    c.save()
    raw = read_pdf(path)
    text = " ".join(getattr(b, "text", "") for b in raw.blocks)
    assert "shown in the cell" in text and "free text" in text and "hidden" not in text
    assert [i.code for i in raw.issues] == ["text_clipped"]


def test_reading_a_digital_document_loads_no_ocr_engine() -> None:
    """The assembly's scan checks import the OCR doubt rules, not the engine: a DOCX or a digital
    PDF is read without loading OpenCV or the recogniser (a worker under a 400 MB ceiling could
    not map OpenCV's libraries once a confidence helper imported the engine at module level)."""
    import subprocess
    import sys

    code = (
        "import sys; from budget_perf.pipeline import convert; "
        "convert('samples/docx/000_hebei_project.docx'); convert('samples/pdf/000_hebei_project.pdf'); "
        "print('cv2' in sys.modules, 'extract.ocr.engine' in sys.modules, 'onnxruntime' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.split() == ["False", "False", "False"]
