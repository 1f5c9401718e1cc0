"""The scan yardstick (bench/scan_consistency.py): a real document's table page, printed and read
as a scan, is scored against the same hand-checked truth as its digital page."""

from __future__ import annotations

from pathlib import Path

from bench.scan_consistency import evaluate, subjects


def test_every_real_digital_document_with_rows_is_a_subject() -> None:
    names = {s.name for s in subjects(1)}
    assert {"bj_lvhua_2026_baobiao", "national_xinfang_2024_juesuan", "xian_sfj_2026"} <= names
    assert not any("_scan" in n for n in names)  # a scan has no digital page to print


def test_a_printed_table_page_is_read_and_scored_beside_its_digital_page(tmp_path: Path) -> None:
    (subject,) = subjects(1, ["national_xinfang"])
    result = evaluate([subject], dpis=(200,), modes=("grey",), conditions=("clean",), cache=tmp_path)
    digital = result["digital"][subject.name]
    assert (digital["f1"], digital["values"]) == (1.0, 1.0)
    scanned = result["per_condition"]["200 grey clean"]
    assert scanned["rows_truth"] == digital["rows_truth"] > 0
    # A clean 200 dpi print of a plain ruled table reads as its digital page does: every row,
    # every value (its '≥' signs included).
    assert (scanned["f1"], scanned["values"]) == (1.0, 1.0)
    c = result["calibration"]
    assert c["floor"] == 0.95 and c["rows"] > 0 and c["right"] <= c["rows"]
