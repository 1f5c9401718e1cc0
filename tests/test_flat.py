"""The flat row (schemas.flat): every model field reaches it; money exact and in 元; XLSX for
finance staff; codes stay text; Parquet types."""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from budget_perf.batch import flat as writers
from budget_perf.batch.worker import output_name
from schemas import Budget, Document, Indicator, IndicatorTable, Issue, Source, Value, flat
from schemas.models import SCHEMA_VERSION


def _full_value(raw: str, unit: str) -> Value:
    return Value(raw=raw, operator="range", number=1.5, number_max=2.25, unit=unit, text="约", unit_from="value",
                 operator_from="value", deadline=date(2025, 12, 31))  # fmt: skip


def full_document() -> Document:
    """Every field of every model set: a field added to a model and missing here fails
    `test_every_field_reaches_the_flat_row`, a reminder that it needs a label and a migration."""
    indicator = Indicator(
        level1="产出指标", level2="成本指标", level3="培训成本", description="人均培训成本",
        value=_full_value("1.5-2.25万元", "万元"), basis="计划标准", page=2, confidence=0.93, nature="003",
        measure_unit="万元", attribute="定量", scoring="超出不得分", actual=_full_value("1.5-2.25万元", "万元"),
        weight=10.0, score=9.5, deviation="无", bbox=[1.0, 2.0, 3.0, 4.0], value_bbox=[2.0, 2.0, 3.0, 4.0],
        level1_weight=50.0, level2_weight=20.0, cell="C7", period_value=_full_value("1.5-2.25万元", "万元"),
        extra={"是否核心": "是"},
    )  # fmt: skip
    budget = Budget(total=120.5, fiscal=100.25, other=20.25, currency_unit="万元", initial=110.0, executed=98.7654,
                    execution_rate=81.96, execution_score=8.2, medium_term=300.0, carried_over=5.0,
                    special_account=1.0, adjustment=2.0)  # fmt: skip
    table = IndicatorTable(
        kind="project", title="项目支出绩效目标表", unit_code="003", unit_name="某区红十字会",
        project_name="应急救护培训",
        project_code="0012300", budget=budget, goals=["目标一", "目标二"], indicators=[indicator], pages=[2, 3],
        fund_use="培训", year=2025, sheet="表1", total_score=95.0,
    )  # fmt: skip
    issue = Issue(severity="warning", code="x", message="m", page=2, table=0, row=0, field="value", bbox=[1, 2, 3, 4])
    source = Source(path="/in/a.docx", sha256="ab" * 32, format="docx", pages=3, ocr=True)
    return Document(source=source, tables=[table], issues=[issue])


def reviewed(doc: dict) -> dict:
    """The document as the exports read it after a review (budget_perf.corrections marks it)."""
    mark = {"corrected": True, "by": "王审核", "at": "2026-01-02T03:04:05.120+00:00"}
    doc[flat.REVIEW] = {"status": "approved", "by": "李审核", "at": "2026-01-03T08:00:00.000+00:00"}
    doc["tables"][0][flat.REVIEW] = mark
    doc["tables"][0]["indicators"][0][flat.REVIEW] = mark
    return doc


def test_every_field_reaches_the_flat_row() -> None:
    doc = reviewed(json.loads(full_document().model_dump_json()))
    (row,) = flat.rows(doc)
    assert [k for k, v in row.items() if v is None] == []
    assert (row["review_status"], row["document_reviewed_by"], row["corrected"], row["table_corrected"]) == (
        "approved", "李审核", True, True)  # fmt: skip
    assert row["reviewed_at"].isoformat() == "2026-01-02T03:04:05.120000+00:00"
    (plain,) = flat.rows(json.loads(full_document().model_dump_json()))
    assert (plain["corrected"], plain["reviewed_by"], plain["review_status"]) == (False, None, None)
    issue_row = {c.name: c.get(doc["issues"][0]) for c in flat.ISSUE_COLUMNS}
    assert [k for k, v in issue_row.items() if v is None] == []
    assert row["unit_code"] == "003" and row["nature"] == "003"
    assert row["goals"] == "目标一\n目标二" and row["table_pages"] == "2,3" and row["bbox"] == "1.0,2.0,3.0,4.0"
    assert row["extra"] == '{"是否核心": "是"}' and row["period_value_raw"] == "1.5-2.25万元"


def test_every_column_has_a_chinese_header_and_a_unique_name() -> None:
    names = [c.name for c in flat.COLUMNS]
    assert len(names) == len(set(names))
    for c in [*flat.COLUMNS, *flat.ISSUE_COLUMNS]:
        assert c.label != c.name and any("\u4e00" <= ch <= "\u9fff" for ch in c.label), c.name


def test_money_is_exact_and_also_in_yuan() -> None:
    (row,) = flat.rows(json.loads(full_document().model_dump_json()))
    assert row["budget_total"] == Decimal("120.5") and row["budget_total_yuan"] == Decimal("1205000.00")
    assert row["budget_executed_yuan"] == Decimal("987654.00")  # 98.7654 万元, not 987653.9999…
    assert row["number_yuan"] == Decimal("15000.00") and row["number_max_yuan"] == Decimal("22500.00")
    assert row["currency_unit"] == "万元"


@pytest.mark.parametrize(
    ("unit", "amount", "yuan"),
    [("元", 5513159.84, "5513159.84"), ("万元", 0.1, "1000.00"), ("亿元", 1.25, "125000000.00"), (None, 3.0, None)],
)
def test_yuan_follows_the_printed_unit(unit: str | None, amount: float, yuan: str | None) -> None:
    doc = full_document()
    doc.tables[0].budget = Budget(total=amount, currency_unit=unit if unit != "亿元" else None)
    if unit == "亿元":  # Budget.currency_unit is 万元/元 only; a target's unit can be 亿元
        doc.tables[0].indicators[0].value = Value(raw="1.25亿元", operator="=", number=amount, unit="亿元")
    (row,) = flat.rows(json.loads(doc.model_dump_json()))
    got = row["number_yuan"] if unit == "亿元" else row["budget_total_yuan"]
    assert got == (Decimal(yuan) if yuan else None)


def test_a_number_whose_unit_is_not_money_has_no_yuan() -> None:
    doc = full_document()
    doc.tables[0].indicators[0].value = Value(raw="≥90%", operator=">=", number=90.0, unit="%")
    (row,) = flat.rows(json.loads(doc.model_dump_json()))
    assert row["number"] == 90.0 and row["number_yuan"] is None


def test_absurd_amounts_do_not_break_the_export() -> None:
    doc = full_document()
    doc.tables[0].budget = Budget(total=1e300, currency_unit="万元")
    (row,) = flat.rows(json.loads(doc.model_dump_json()))
    assert row["budget_total"] is None and row["budget_total_yuan"] is None


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    """An OUTDIR as a batch leaves it, holding the full document."""
    doc = full_document()
    name = output_name(Path(doc.source.path), doc.source.sha256)
    (tmp_path / name).write_text(doc.model_dump_json(), encoding="utf-8")
    entry = {"path": doc.source.path, "sha256": doc.source.sha256, "status": "ok", "output": name,
             "schema_version": SCHEMA_VERSION}  # fmt: skip
    (tmp_path / "manifest.jsonl").write_text(json.dumps(entry) + "\n", encoding="utf-8")
    return tmp_path


def test_csv_keeps_codes_and_money_as_printed(outdir: Path) -> None:
    import pandas as pd

    path = writers.export(outdir, "csv")
    (row,) = csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines())
    assert (row["unit_code"], row["project_code"], row["nature"]) == ("003", "0012300", "003")
    assert (row["budget_total"], row["budget_total_yuan"], row["deadline"]) == ("120.5", "1205000.00", "2025-12-31")
    frame = pd.read_csv(path, dtype=flat.csv_dtypes())  # the README's way to read it
    assert frame.loc[0, "unit_code"] == "003" and frame.loc[0, "project_code"] == "0012300"
    assert frame.loc[0, "budget_total_yuan"] == 1205000.0 and frame.loc[0, "year"] == 2025


def test_xlsx_for_finance_staff(outdir: Path) -> None:
    from openpyxl import load_workbook

    ws = load_workbook(writers.export(outdir, "xlsx"))["指标"]
    header = [c.value for c in ws[1]]
    assert (
        header[:3] == ["输出格式版本", "源文件", "文件SHA256"] and "三级指标" in header and "预算总额（元）" in header
    )
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}2"
    cells = {h: ws.cell(2, i + 1) for i, h in enumerate(header)}
    assert cells["单位编码"].value == "003" and cells["单位编码"].data_type == "s"
    assert cells["期限"].is_date and cells["期限"].value.date() == date(2025, 12, 31)
    assert cells["预算总额（元）"].value == 1205000 and cells["预算总额（元）"].number_format == "#,##0.00"
    assert ws.column_dimensions["B"].width >= 30  # 源文件: wide enough to read
    assert cells["三级指标"].value == "培训成本"


def test_xlsx_snake_case_headers_on_request(outdir: Path) -> None:
    from openpyxl import load_workbook

    ws = load_workbook(writers.export(outdir, "xlsx", headers="snake")).active
    assert [c.value for c in ws[1]] == flat.NAMES


def test_parquet_types(outdir: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(writers.export(outdir, "parquet"))
    schema = table.schema
    assert schema.field("deadline").type == pa.date32() and schema.field("actual_deadline").type == pa.date32()
    assert schema.field("budget_total").type == pa.decimal128(38, 6)
    assert schema.field("budget_total_yuan").type == pa.decimal128(38, 2)
    assert schema.field("unit_code").type == pa.string() and schema.field("year").type == pa.int64()
    (row,) = table.to_pylist()
    assert row["budget_total_yuan"] == Decimal("1205000.00") and row["deadline"] == date(2025, 12, 31)
    assert schema.field("level3").metadata[b"label"].decode() == "三级指标"


def test_jsonl_rows_are_the_same_columns(outdir: Path) -> None:
    (row,) = [json.loads(line) for line in writers.export(outdir, "jsonl").read_text(encoding="utf-8").splitlines()]
    assert list(row) == flat.NAMES
    assert row["budget_total_yuan"] == 1205000.0 and row["deadline"] == "2025-12-31" and row["unit_code"] == "003"


def test_schema_flat_prints_the_column_list(capsys: pytest.CaptureFixture) -> None:
    from cli import main

    assert main(["schema", "--flat"]) == 0
    columns = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in columns] == flat.NAMES
    assert {c["name"]: c["pandas_dtype"] for c in columns}["unit_code"] == "string"
