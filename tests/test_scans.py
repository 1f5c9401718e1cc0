"""Scans against the truth of their digital originals: thresholds, not equality, since OCR
may differ in a character between onnxruntime builds. The issue's aim: 97% of rows exact, by the
key the benchmark scores scans with (`scan_row_key`: a scan does not show that a digit was typed
full width, as the simulator's forms sometimes have them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.metrics import Score, row_key, scan_row_key, score_document, squash
from budget_perf.pipeline import convert

SCANS = sorted(
    p for p in (Path(__file__).resolve().parent.parent / "samples" / "scan").iterdir() if p.suffix in (".pdf", ".png")
)


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[dict, dict]]:
    out = {}
    for path in SCANS:
        golden = json.loads(path.with_name(path.stem + ".golden.json").read_text(encoding="utf-8"))
        out[path.name] = (golden, json.loads(convert(path).model_dump_json()))
    return out


def test_there_are_scans_and_a_photo() -> None:
    assert {p.suffix for p in SCANS} == {".pdf", ".png"} and len(SCANS) >= 4


# Regression samples of a row that cannot be read right, only flagged (their tests assert the
# flag): name -> rows of the truth not matched. The thresholds below hold for the rest.
FLAGGED_NOT_READ = {"005_generated_label_and_name_joined_by_a_lost_rule.pdf": 1}
# Regression samples kept for their rows whose header block is not read right yet (an open
# defect, named in issue 11's closing note): the header threshold is not asserted for them.
HEADER_NOT_READ = {"005_generated_row_rule_lost_clear_of_the_text.pdf"}  # the budget, its rules lost


@pytest.mark.parametrize("name", [p.name for p in SCANS])
def test_each_scan(results, name: str) -> None:
    golden, doc = results[name]
    assert doc["source"]["ocr"] is True and doc["source"]["format"] == golden["source"]["format"]
    assert doc["source"]["pages"] == golden["source"]["pages"]
    s = score_document(golden, doc, key=scan_row_key)
    flagged = FLAGGED_NOT_READ.get(name, 0)
    within = s.fn <= flagged and s.fp <= flagged
    assert within or (s.recall >= 0.9 and s.precision >= 0.9), s.misses
    assert s.value_accuracy >= 0.97
    assert s.header_accuracy >= 0.9 or name in HEADER_NOT_READ
    rows = [i for t in doc["tables"] for i in t["indicators"]]
    assert all(i["confidence"] is not None and 0 <= i["confidence"] <= 1 for i in rows)
    assert all(i["page"] is not None for i in rows)


def test_rows_exact_across_all_scans(results) -> None:
    total = Score()
    for golden, doc in results.values():
        total.add(score_document(golden, doc, key=scan_row_key))
    assert total.tp / (total.tp + total.fn) >= 0.97


def test_titles_and_unit_lines_are_read(results) -> None:
    golden, doc = results["004_tianjin_projects_scan.pdf"]
    assert [squash(t["title"]) for t in doc["tables"]] == [squash(t["title"]) for t in golden["tables"]]
    assert {t["budget"]["currency_unit"] for t in doc["tables"]} == {"万元"}


def test_row_keys_use_the_scan_text(results) -> None:
    golden, doc = results["000_hebei_project_scan.pdf"]
    got = [row_key(i) for i in doc["tables"][0]["indicators"]]
    want = [row_key(i) for i in golden["tables"][0]["indicators"]]
    assert len(got) == len(want)
    # One row differs since line crops got paper margins (issue 11): "元/人" now reads "元人".
    assert sum(a != b for a, b in zip(got, want, strict=True)) <= 1


def test_a_page_fed_sideways_and_a_photo_at_an_angle_are_noted(results) -> None:
    """Regression samples derived from the committed scans (samples/builders/scans.py DERIVED)."""
    _, sideways = results["002_shanghai_department_sideways.pdf"]
    notes = [i["message"] for i in sideways["issues"] if i["code"] == "ocr_page"]
    assert len(notes) == 3 and all("页面旋转" in n for n in notes)
    _, photo = results["004_tianjin_projects_angled_photo.png"]
    assert any("拉平" in i["message"] for i in photo["issues"] if i["code"] == "ocr_page")


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        (
            "005_generated_blurred_superscripts_and_a_unit_dot.pdf",
            [("开放场馆数量", "≤四m²"), ("群众满意度", "<223.03元/人·月")],
        ),
        ("005_generated_blurred_superscript_joined_to_its_m.pdf", [("服务对象满意率", "320.7m²之内")]),
        ("005_generated_jpeg_speck_beside_a_label.pdf", [("资金使用合规率", "较上年有所提高")]),
        (
            "005_generated_parenthesised_superscript_and_a_sign_read_2.pdf",
            [("建设面积", "≥259.0（m²）"), ("人均补助标准", "≥123台")],
        ),
        ("005_generated_jpeg_unit_lookalike.pdf", [("受益人口", "大于9,660,048千米")]),
        ("005_generated_lone_slash_read_as_a_digit.pdf", [("安全隐患消除率", "/")]),
        ("005_generated_near_tie_settled_by_the_word_list.pdf", [("救助办结时限", "半工作日内")]),
        ("005_generated_thin_strokes_of_a_numeral.pdf", [("资金拨付及时率", "2025年第三季度")]),
        ("005_generated_number_misread_at_one_scale.pdf", [("救助人次", "等于9,511,599株")]),
        ("005_generated_glyph_lost_inside_a_unit.pdf", [("服务对象满意率", "626个工作日以内")]),
        ("005_generated_thousands_comma_read_as_a_point.pdf", [("设备完好率", "大于等于5,480,566篇")]),
        ("005_generated_digit_second_to_the_blank.pdf", [("安全隐患消除率", "等于3,135,296")]),
        ("005_generated_commas_second_to_the_blank.pdf", [("服务达标率", "大于等于3,760,303万平方米")]),
        ("005_generated_unit_read_as_pi.pdf", [("节能减排量", "<6,207,633万元")]),
        (
            "005_generated_row_rule_lost_clear_of_the_text.pdf",
            [("服务达标率", "/"), ("档案完整率", "≤1,467,165百分比")],
        ),
    ],
)
def test_glyph_check_regressions_read_exactly(results, name: str, rows: list[tuple[str, str]]) -> None:
    """Rows the glyph checks once got wrong on the simulator's forms, read as printed."""
    _, doc = results[name]
    got = {(i["level3"], i["value"]["raw"]) for t in doc["tables"] for i in t["indicators"]}
    for row in rows:
        assert row in got, (row, sorted(got))


def test_a_merged_cells_wrapped_line_close_to_a_thin_rule_stays_in_its_cell(results) -> None:
    """'社会效益指' over '标' in a 二级 cell merged over two rows, the second line set close to
    the row rule its neighbours draw: one cell, both rows under it."""
    _, doc = results["005_generated_merged_cell_text_close_to_a_thin_rule.pdf"]
    rows = {i["level3"]: i["level2"] for t in doc["tables"] for i in t["indicators"]}
    assert rows["受益人口"] == rows["安全隐患消除率"] == "社会效益指标"


def test_a_merged_label_run_over_the_page_end_joins_its_cell_and_the_table_goes_on(results) -> None:
    """'可持续影响指' in the last row of page 1 with its '标' under the bottom rule: the line
    joins its cell, page 2 continues the table, its first row under the label."""
    golden, doc = results["005_generated_merged_label_run_over_the_page_end.pdf"]
    assert len(doc["tables"]) == 1 and doc["tables"][0]["pages"] == [1, 2]
    rows = {i["level3"]: (i["level1"], i["level2"]) for i in doc["tables"][0]["indicators"]}
    assert rows["设施使用年限"] == rows["长效管护机制"] == ("效益指标", "可持续影响指标")
    assert "missing_level1" not in [i["code"] for i in doc["issues"]]
    got = [scan_row_key(i) for t in doc["tables"] for i in t["indicators"]]
    assert got == [scan_row_key(i) for t in golden["tables"] for i in t["indicators"]]


def test_a_sign_the_recogniser_dropped_before_a_number_is_flagged(results) -> None:
    """'》200m²' read '200m²' at 0.965: the glyph before the number, apart from it, is unread
    (the line reads the same without it), so the cell is disputed, its place named."""
    _, doc = results["005_generated_sign_lost_before_a_number.pdf"]
    (row,) = [i for t in doc["tables"] for i in t["indicators"] if i["level3"] == "水体水质改善"]
    assert row["confidence"] <= 0.5
    flags = [i for i in doc["issues"] if i["code"] == "ocr_suspicious_digits" and "200m²" in i["message"]]
    assert flags and flags[0]["bbox"] is not None


def test_an_indicator_cut_in_two_grid_rows_by_a_stray_rule_is_one_row(results) -> None:
    """A stray rule under the 指标值 cell's text only (seen on dev form 8 under blur: an
    indicator read twice, once without a target, at 0.979): one row, its target whole."""
    _, doc = results["000_hebei_project_stray_rule.pdf"]
    rows = [i["value"]["raw"] for t in doc["tables"] for i in t["indicators"] if i["level3"] == "培训班次"]
    assert [squash(r) for r in rows] == [squash("9 师资班课程 9 门"), squash("4 新生救护员课程 4 门")]


def test_column_rules_lost_whole_on_a_continuation_page_come_from_the_page_before(results) -> None:
    golden, doc = results["005_generated_continuation_rules_lost_whole.pdf"]
    got = [scan_row_key(i) for t in doc["tables"] for i in t["indicators"]]
    assert got == [scan_row_key(i) for t in golden["tables"] for i in t["indicators"]]
    assert "ocr_rows_merged" not in [i["code"] for i in doc["issues"]]


def test_level_labels_joined_by_a_lost_column_rule_are_cut_by_the_vocabulary(results) -> None:
    golden, doc = results["005_generated_label_column_rule_lost.pdf"]
    got = [scan_row_key(i) for t in doc["tables"] for i in t["indicators"]]
    assert got == [scan_row_key(i) for t in golden["tables"] for i in t["indicators"]]
    notes = [i["message"] for i in doc["issues"] if i["code"] == "ocr_label_corrected"]
    # The 满意度 row's rule is lost clear through: its labels are cut by the vocabulary. (The
    # 效益 row's was cut too until the rules were judged cell by cell; its rule is now found,
    # the goal cell above no longer split by the stretch once bridged across five cells.)
    assert any("拆为「满意度指标」「服务对象满意度指标」" in n for n in notes), notes


def test_a_label_and_a_name_read_as_one_cell_are_warned_and_disputed(results) -> None:
    _, doc = results["005_generated_label_and_name_joined_by_a_lost_rule.pdf"]
    rows = [i for t in doc["tables"] for i in t["indicators"] if "服务对象满意率" in i["level3"]]
    assert rows and all(i["confidence"] <= 0.5 for i in rows)
    merged = [i["message"] for i in doc["issues"] if i["code"] == "ocr_rows_merged"]
    assert any("二级指标、三级指标" in m for m in merged), merged


def test_a_header_cell_joined_by_a_lost_column_rule_is_read_as_two_labels(results) -> None:
    """'三级指标年度指标值' over two columns (the rule between them lost across the header row
    only): names and values in their own columns, the reading noted."""
    golden, doc = results["005_generated_header_column_rule_lost.pdf"]
    got = [scan_row_key(i) for t in doc["tables"] for i in t["indicators"]]
    assert got == [scan_row_key(i) for t in golden["tables"] for i in t["indicators"]]
    notes = [i["message"] for i in doc["issues"] if i["code"] == "ocr_label_corrected"]
    assert any("三级指标 | 年度指标值" in n for n in notes), notes
