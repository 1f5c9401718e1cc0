"""Validated output models; see shared/CONTRACT.md."""

from schemas.models import (
    SCHEMA_VERSION,
    Budget,
    Document,
    Indicator,
    IndicatorTable,
    Issue,
    Source,
    Value,
    issue,
)

__all__ = [
    "SCHEMA_VERSION",
    "Budget",
    "Document",
    "Indicator",
    "IndicatorTable",
    "Issue",
    "Source",
    "Value",
    "issue",
]


def json_schema() -> dict:
    """The JSON Schema of a `Document`, as `cli.py schema` prints it."""
    return Document.model_json_schema()
