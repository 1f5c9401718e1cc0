"""Scanned indicator tables drawn without vertical rules are read as their digital pages are: the
recognised free lines become characters and go through the digital page's lineless reading
(`extract/ocr/lineless.py`, `page_layout.read_lineless`)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bench.metrics import scan_row_key
from bench.scan_consistency import scanned_pdf
from budget_perf.pipeline import convert
from extract.ocr.engine import LineReading
from extract.ocr.lineless import FreeLine, line_chars, lines_to_read
from extract.ocr.raster import binarize
from extract.ocr.rules import PT, rule_masks
from samples.builders import yunnan_web
from samples.generators.scans import FONTS, print_pages, scan

ROOT = Path(__file__).resolve().parent.parent
LINELESS = ROOT / "samples" / "pdf" / "006_yunnan_web_lineless.pdf"


def _rows(path: Path) -> tuple[list[tuple], dict]:
    """Each indicator row: its levels and raw value (as the scan yardstick keys them), the parsed
    value; and the document."""
    doc = json.loads(convert(path).model_dump_json())
    rows = [
        (scan_row_key(i), i["value"]["operator"], i["value"]["number"], i["value"]["unit"])
        for t in doc["tables"]
        for i in t["indicators"]
    ]
    return rows, doc


def _assert_read_as_digital(digital: Path, scanned: Path) -> None:
    want, _ = _rows(digital)
    got, doc = _rows(scanned)
    assert want and got == want
    assert doc["source"]["ocr"] is True
    confidences = [i["confidence"] for t in doc["tables"] for i in t["indicators"]]
    assert all(c is not None and 0 < c <= 1 for c in confidences)  # the recogniser's scores
    notes = [i for i in doc["issues"] if i["code"] == "lineless_table"]
    assert len(notes) == 2  # each page read as a table without vertical rules


def test_a_scanned_table_with_only_row_rules_reads_as_its_digital_page(tmp_path: Path) -> None:
    """The lineless sample (rules between rows only, two pages, the header repeated) printed and
    scanned at 200 dpi: every row as the digital page reads it, levels and raw values."""
    scanned = scan(LINELESS, "200dpi", tmp_path / "lineless", seed=0, font=FONTS[0])
    _assert_read_as_digital(LINELESS, scanned)


def test_a_continuation_page_without_the_header_takes_the_columns_of_the_page_before(tmp_path: Path) -> None:
    """The lineless sample's second page with its repeated header row painted out: the rows there
    are read in the first page's columns (`PageRun.lineless_columns`), as a digital page's are."""
    pages = [page.copy() for page in print_pages(LINELESS, 200, FONTS[0])]
    rows = np.flatnonzero(rule_masks(binarize(pages[1]))[0].any(axis=1))
    rules = [int(r) for i, r in enumerate(rows) if i == 0 or r - rows[i - 1] > 1]
    pages[1][rules[0] + 4 : rules[1] - 2] = 255  # between the header's rules
    scanned = tmp_path / "continued.pdf"
    scanned.write_bytes(scanned_pdf(pages, 200, "grey"))
    _assert_read_as_digital(LINELESS, scanned)
    _, doc = _rows(scanned)
    assert any("续表" in i["message"] for i in doc["issues"] if i["code"] == "lineless_table")


def test_a_scanned_table_with_no_rules_at_all_reads_as_its_digital_page(tmp_path: Path) -> None:
    """The same table drawn with no rules (rows from the text lines: each wrapped line a row, as
    the digital page reads it), in a Hei face, scanned at 150 dpi."""
    digital = tmp_path / "no_rules.pdf"
    yunnan_web.build(digital, rules="none")
    scanned = scan(digital, "150dpi", tmp_path / "no_rules_scan", seed=0, font=FONTS[1])
    _assert_read_as_digital(digital, scanned)


def _line(glyphs: list[tuple[str, int]], runs: list[tuple[int, int]], height: int = 24) -> tuple[FreeLine, np.ndarray]:
    """A free line whose ink is `runs` and whose glyphs the recogniser read at the given middles
    (page x, pixels)."""
    width = max(b for _, b in runs) + 40
    ink = np.zeros((height + 20, width), np.uint8)
    for a, b in runs:
        ink[10 : 10 + height, a:b] = 255
    text = "".join(c for c, _ in glyphs)
    reading = LineReading(text, 0.9, tuple(x / width for _, x in glyphs), (0.9,) * len(text))
    return FreeLine((runs[0][0], 10, runs[-1][1], 10 + height), reading, 0, width), ink


EM = 26.0  # pixels: the lineless sample's pitch at 200 dpi


def _chars(line: FreeLine, ink: np.ndarray) -> list:
    return [c for c, _ in line_chars(line, ink, EM)]


def test_glyphs_of_one_piece_touch_and_pieces_keep_the_page_gaps() -> None:
    # '指标值' and '度量' 40 px apart (a column gutter)
    line, ink = _line([("指", 113), ("标", 139), ("值", 165), ("度", 231), ("量", 257)], [(100, 178), (218, 270)])
    chars = _chars(line, ink)
    assert "".join(c.text for c in chars) == "指标值度量"
    assert chars[0].x1 == chars[1].x0 and chars[1].x1 == chars[2].x0  # one piece: they touch
    assert chars[0].x0 == pytest.approx(100 / PT) and chars[2].x1 == pytest.approx(178 / PT)
    assert chars[3].x0 == pytest.approx(218 / PT)


def test_full_width_punctuation_at_a_piece_edge_takes_its_whole_slot() -> None:
    # '依据：' then '《云南': each mark's ink on one side of its slot leaves a gap an em wide
    glyphs = [("依", 113), ("据", 139), ("：", 160), ("《", 195), ("云", 217), ("南", 243)]
    chars = {c.text: c for c in _chars(*_line(glyphs, [(100, 161), (186, 256)]))}
    assert chars["《"].x0 - chars["："].x1 < 0.235 * EM / PT  # no space read between them


def test_a_glyph_whose_ink_the_scan_lost_stands_where_it_was_read() -> None:
    # '三级指标' whose 三 kept only its right end: the label (and its column) starts at 三's slot
    line, ink = _line([("三", 113), ("级", 139), ("指", 165), ("标", 191)], [(118, 204)])
    assert _chars(line, ink)[0].x0 == pytest.approx((113 - EM / 2) / PT)


def test_a_level_label_read_without_its_numeral_starts_an_em_earlier() -> None:
    # '二级指标' read '级指标', its 二 lost from the ink too
    line, ink = _line([("级", 139), ("指", 165), ("标", 191)], [(126, 204)])
    assert _chars(line, ink)[0].x0 == pytest.approx((126 - EM) / PT)


def test_prose_lines_are_not_read_for_a_table() -> None:
    """A page with no indicator header among the lines read, and skipped lines that do not part
    as a header row does (one run of ink), reads nothing more."""
    line, ink = _line([(c, 113 + 26 * i) for i, c in enumerate("部门整体支出绩效")], [(100, 308)])
    asked: list = []
    extra, may_hold = lines_to_read([line], [(100, 10, 308, 34)], ink, EM, False, asked.append, 1000)
    assert (extra, may_hold, asked) == ([], False, [])
