"""The contract: field names, strictness, and the `schema` / `extract` commands."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError
from test_bad_input import SAMPLE, run_cli

from schemas import Budget, Document, Indicator, IndicatorTable, Value

CONTRACT_FIELDS = {
    Document: {"schema_version", "source", "tables", "issues"},
    IndicatorTable: {
        "kind",
        "title",
        "unit_code",
        "unit_name",
        "project_name",
        "project_code",
        "budget",
        "goals",
        "indicators",
        "pages",
    },
    Indicator: {"level1", "level2", "level3", "description", "value", "basis", "page", "confidence"},
    Budget: {"total", "fiscal", "other", "currency_unit", "initial", "executed", "execution_rate"},
    Value: {"raw", "operator", "number", "number_max", "unit", "text", "deadline", "unit_from"},
}


@pytest.mark.parametrize("model", list(CONTRACT_FIELDS), ids=lambda m: m.__name__)
def test_contract_fields_present(model) -> None:
    assert CONTRACT_FIELDS[model] <= set(model.model_fields)


def test_extra_fields_and_bad_types_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Value(raw="x", surprise=1)
    with pytest.raises(ValidationError):
        Value(raw="≥1", operator=">=")  # an operator needs a number
    with pytest.raises(ValidationError):
        Value(raw="1-2", operator="=", number=1.0, number_max=2.0)  # number_max only for ranges
    with pytest.raises(ValidationError):
        Value(raw=5)


def test_schema_command_prints_json_schema() -> None:
    proc = run_cli("schema")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert schema["title"] == "Document"
    assert {"Value", "Indicator", "IndicatorTable", "Issue", "Budget"} <= set(schema["$defs"])


def test_extract_prints_one_valid_document() -> None:
    proc = run_cli("extract", str(SAMPLE))
    assert proc.returncode == 0, proc.stderr
    doc = Document.model_validate_json(proc.stdout)
    assert doc.schema_version == "1.2"
    assert doc.source.format == "docx" and doc.source.ocr is False and doc.source.pages is None
    assert len(doc.source.sha256) == 64
    assert [len(t.indicators) for t in doc.tables] == [14, 2, 2]  # the form and two prose sections
