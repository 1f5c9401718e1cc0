"""Targets written as prose ("绩效指标：…培训师资 30 名左右，…") are read on a scan as on the
digital page: the scan reads the paragraphs whose first glyphs open a target label, and the same
prose assembly makes them tables (extract/ocr/free_text.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from bench.scan_consistency import scanned_pdf
from budget_perf.pipeline import convert
from extract.ocr.free_text import head, opens_target, paragraphs
from samples.generators.scans import FONTS, print_pages

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pdf" / "000_hebei_project.pdf"


def _prose_rows(doc: dict) -> list[tuple]:
    """Levels and raw targets, spaces aside: a PDF's text layer keeps the gaps typesetting left
    ('达到 1: 1 以上'), a recogniser reads glyphs only."""
    return [
        (t["project_name"], i["level1"], i["level2"], i["level3"], "".join(i["value"]["raw"].split()))
        for t in doc["tables"]
        if t["origin"] == "prose"
        for i in t["indicators"]
    ]


def test_a_scanned_page_of_prose_targets_gives_the_digital_pages_rows(tmp_path: Path) -> None:
    src = pdfium.PdfDocument(str(SAMPLE))
    cut = pdfium.PdfDocument.new()
    cut.import_pages(src, [0, 1])  # two target sections written as prose, over a page break
    digital = tmp_path / "digital.pdf"
    cut.save(str(digital))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf(print_pages(digital, 200, FONTS[0]), 200, "grey"))

    want = _prose_rows(json.loads(convert(digital).model_dump_json()))
    got = _prose_rows(json.loads(convert(scan).model_dump_json()))
    assert len(want) >= 4
    assert got == want


def test_prose_lines_group_into_paragraphs_by_gap_indent_and_short_last_lines() -> None:
    h = 30  # a line's height in pixels
    full = 1500
    lines = [
        (100, 0, full, h),  # a paragraph of two full lines …
        (100, 45, full, 45 + h),
        (100, 120, full, 120 + h),  # … then one set a paragraph's gap below
        (100, 165, 900, 165 + h),  # stops short: the next line starts a paragraph
        (100, 210, full, 210 + h),
        (160, 255, full, 255 + h),  # indented by more than a line's height
    ]
    assert [len(p) for p in paragraphs(lines)] == [2, 2, 1, 1]


def test_a_paragraph_head_is_a_few_glyphs_of_its_first_line() -> None:
    assert head((100, 0, 1500, 30)) == (100, 0, 340, 30)
    assert head((100, 0, 200, 30)) == (100, 0, 200, 30)


@pytest.mark.parametrize(
    ("text", "opens"),
    [
        ("绩效指标：为全市", True),
        ("绩效目标:持续推", True),
        ("年度绩效指标：", True),
        ("绩 效 指 标 ：", True),
        ("绩效指标", True),  # the colon past the head's edge
        ("指标体系进一步完", False),
        ("为全市红十字会系", False),
    ],
)
def test_a_head_opens_a_target_section_only_with_a_label(text: str, opens: bool) -> None:
    assert opens_target(text) is opens
