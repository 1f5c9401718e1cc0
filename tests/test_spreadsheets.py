"""The spreadsheet reader: every trait of the traits workbook, alike in .xlsx, .xls and .ods,
and the real Shenzhen exports (their goldens are in tests/test_golden.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden import ROOT, diff
from test_bad_input import run_cli

from budget_perf.pipeline import convert
from extract.spreadsheet.reader import display

TRAITS = [
    ROOT / "samples" / "spreadsheets" / "010_agriculture_traits.xlsx",
    ROOT / "samples" / "spreadsheets" / "010_agriculture_traits.xls",
    ROOT / "samples" / "spreadsheets" / "010_agriculture_traits.ods",
]
REAL = sorted((ROOT / "samples" / "spreadsheets").glob("songgang_*.xlsx"))


@pytest.fixture(scope="module", params=TRAITS, ids=lambda p: p.suffix)
def traits(request: pytest.FixtureRequest) -> dict:
    return json.loads(convert(request.param).model_dump_json())


def _rows(doc: dict, table: int) -> dict[str, dict]:
    return {i["level3"]: i for i in doc["tables"][table]["indicators"]}


def test_every_sheet_and_both_tables_of_a_sheet(traits: dict) -> None:
    assert [t["sheet"] for t in traits["tables"]] == ["1.高标准农田建设", "2.两个项目", "2.两个项目", "3.空白模板"]
    assert [t["project_name"] for t in traits["tables"][1:3]] == ["农机购置补贴项目", "农机安全宣传项目"]
    assert all(t["title"] == "2024年度项目支出绩效目标申报表" for t in traits["tables"])


def test_header_labels_with_colons_and_currency_in_label(traits: dict) -> None:
    t = traits["tables"][0]
    assert (t["project_code"], t["project_name"], t["unit_name"]) == (
        "530102240000000123",
        "高标准农田建设项目",
        "某县农业农村局",
    )
    assert (t["budget"]["total"], t["budget"]["currency_unit"]) == (1280.5, "万元")
    assert t["goals"] == ["新建高标准农田2.3万亩，灌溉保证率提高到85%以上。"]
    assert t["year"] == 2024


def test_hidden_row_and_column_are_not_read(traits: dict) -> None:
    rows = _rows(traits, 0)
    assert "已撤回的指标" not in rows
    assert all(i["description"] and not i["description"].startswith("K0") for i in rows.values())
    assert len(rows) == 7


def test_values_as_the_sheet_shows_them(traits: dict) -> None:
    rows = _rows(traits, 0)
    assert rows["工程验收合格率"]["value"]["raw"] == "98%"  # 0.98 formatted 0%
    assert rows["项目完工时间"]["value"]["deadline"] == "2024-11-30"  # a date cell
    assert rows["粮食亩产增加"]["value"]["number"] == 50  # a formula, by its cached value
    assert rows["受益农户数"]["value"]["number"] == 1250


def test_cell_addresses_point_at_the_sheet(traits: dict) -> None:
    rows = _rows(traits, 0)
    assert rows["新建高标准农田面积"]["cell"] == "A6"
    assert rows["工程验收合格率"]["cell"] == "B8"  # 一级 merged above: the row starts at 二级


def test_blank_template_sheet_is_a_warning_not_placeholder_rows(traits: dict) -> None:
    assert traits["tables"][3]["indicators"] == []
    assert any(i["code"] == "no_indicator_rows" and i["table"] == 3 for i in traits["issues"])


def test_three_formats_read_alike() -> None:
    docs = [json.loads(convert(p).model_dump_json()) for p in TRAITS]
    for other in docs[1:]:
        assert not diff(docs[0]["tables"], other["tables"])


@pytest.mark.parametrize(
    "value, percent, shown",
    [
        (120.49999999999999, False, "120.5"),
        (0.1 + 0.2, False, "0.3"),
        (3.0, False, "3"),
        (0.95, True, "95%"),
        (4.403062313915e20, False, "440306231391500000000"),
        (True, False, "是"),
        ("≥90%", False, "≥90%"),
        (None, False, ""),
        (float("nan"), False, ""),
    ],
)
def test_display(value, percent: bool, shown: str) -> None:
    assert display(value, percent) == shown


def test_code_stored_as_a_number_is_flagged() -> None:
    doc = json.loads(convert(REAL[0]).model_dump_json())
    assert doc["tables"][0]["project_code"] == "440306231391500000000"
    lost = [i for i in doc["issues"] if i["code"] == "number_lost_digits"]
    assert len(lost) == 1 and "B2" in lost[0]["message"]


def test_real_exports_read_every_sheet() -> None:
    for path in REAL:
        doc = json.loads(convert(path).model_dump_json())
        assert len(doc["tables"]) == 20, path.name
        assert doc["source"]["format"] == "xlsx"


def test_amount_in_yuan_labelled_wan_yuan_is_flagged() -> None:
    doc = json.loads(convert(REAL[4]).model_dump_json())
    t = doc["tables"][0]
    assert t["budget"]["total"] == 2277300 and t["budget"]["currency_unit"] == "万元"  # as printed
    assert any(i["code"] == "budget_unit_suspect" and i["table"] == 0 for i in doc["issues"])


def test_extract_cli_reads_xlsx() -> None:
    proc = run_cli("extract", str(REAL[1]), "--compact")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["source"]["format"] == "xlsx"


def test_damaged_and_misnamed_spreadsheets(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(REAL[0].read_bytes()[:3000])
    proc = run_cli("extract", str(broken))
    assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    misnamed = tmp_path / "table.pdf"
    misnamed.write_bytes(REAL[0].read_bytes())
    proc = run_cli("extract", str(misnamed))
    assert proc.returncode == 1 and "spreadsheet" in proc.stderr


def test_wps_spreadsheet_et_is_read_like_xls(tmp_path: Path) -> None:
    et = tmp_path / "报表.et"
    et.write_bytes(TRAITS[1].read_bytes())  # WPS .et files are BIFF workbooks
    doc = json.loads(convert(et).model_dump_json())
    assert doc["source"]["format"] == "et"
    assert not diff(json.loads(convert(TRAITS[1]).model_dump_json())["tables"], doc["tables"])
