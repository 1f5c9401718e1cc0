"""The flat indicator row: one per indicator, with its table's and document's fields beside it.

Derived from the pydantic models, so CSV, JSONL, XLSX, Parquet and the database columns are one
description: a field added to a model becomes a column everywhere (a test fails until it has a
Chinese label here and, for the database, a migration). Nested models are spread with a prefix
(`budget.total` -> `budget_total`, `actual.raw` -> `actual_raw`); a few columns keep the shorter
names they have always had (`RENAMES`). An amount whose unit is a money unit also gets a column
in 元 beside it (`budget_total_yuan`, `number_yuan`).
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import BaseModel

from normalizers.grammar import YUAN_PER_UNIT
from schemas.models import CODE, Document, Indicator, IndicatorTable, Issue

Level = Literal["document", "table", "indicator", "issue"]
Kind = Literal["text", "code", "int", "float", "bool", "date", "datetime", "money", "yuan", "list", "json"]

# Nested fields whose columns keep their historic names rather than prefix_field.
RENAMES = {
    ("source", "sha256"): "sha256",
    ("source", "format"): "format",
    ("budget", "currency_unit"): "currency_unit",
    ("value", "operator"): "operator",
    ("value", "number"): "number",
    ("value", "number_max"): "number_max",
    ("value", "unit"): "unit",
    ("value", "deadline"): "deadline",
    ("pages",): "table_pages",
    ("table",): "table_index",  # Issue.table / Issue.row: `table` is an SQL keyword
    ("row",): "row_index",
}

# Column headers for finance staff (XLSX); every column has one (tests/test_flat.py checks).
LABELS = {
    "schema_version": "输出格式版本", "source_path": "源文件", "sha256": "文件SHA256", "format": "文件格式",
    "source_pages": "文件页数", "source_ocr": "经OCR识别",
    "table_index": "表序号", "kind": "表类型", "title": "表名", "unit_code": "单位编码", "unit_name": "单位名称",
    "project_name": "项目名称", "project_code": "项目编码",
    "budget_total": "预算总额", "budget_total_yuan": "预算总额（元）", "budget_fiscal": "财政资金",
    "budget_fiscal_yuan": "财政资金（元）", "budget_other": "其他资金", "budget_other_yuan": "其他资金（元）",
    "currency_unit": "金额单位", "budget_initial": "年初预算数", "budget_initial_yuan": "年初预算数（元）",
    "budget_executed": "全年执行数", "budget_executed_yuan": "全年执行数（元）", "budget_execution_rate": "执行率（%）",
    "budget_execution_score": "预算执行得分", "budget_medium_term": "中期规划总金额",
    "budget_medium_term_yuan": "中期规划总金额（元）", "goals": "绩效目标", "table_pages": "表所在页",
    "fund_use": "资金用途", "year": "预算年度", "sheet": "工作表", "total_score": "总分",
    "row_index": "行序号", "level1": "一级指标", "level2": "二级指标", "level3": "三级指标",
    "description": "指标内容", "value_raw": "指标值（原文）", "operator": "比较符", "number": "数值",
    "number_yuan": "数值（元）", "number_max": "数值上限", "number_max_yuan": "数值上限（元）", "unit": "计量单位",
    "value_text": "定性描述", "deadline": "期限", "value_unit_from": "单位来源", "basis": "指标值设定依据",
    "page": "页码", "confidence": "置信度", "nature": "指标性质", "measure_unit": "度量单位", "attribute": "指标属性",
    "scoring": "评分标准", "actual_raw": "实际完成值（原文）", "actual_operator": "实际值比较符",
    "actual_number": "实际完成数值", "actual_number_yuan": "实际完成数值（元）", "actual_number_max": "实际值上限",
    "actual_number_max_yuan": "实际值上限（元）", "actual_unit": "实际值单位", "actual_text": "实际值定性描述",
    "actual_deadline": "实际值期限", "actual_unit_from": "实际值单位来源", "weight": "分值", "score": "得分",
    "deviation": "偏差原因分析及改进措施", "bbox": "行位置", "value_bbox": "指标值位置",
    "level1_weight": "一级指标分值", "level2_weight": "二级指标分值", "cell": "单元格",
    "level_inferred": "级别系推断", "origin": "来源形式",
    "severity": "级别", "code": "问题代码", "message": "说明", "field": "字段",
    # 1.2
    "budget_carried_over": "上年结转", "budget_carried_over_yuan": "上年结转（元）",
    "budget_special_account": "财政专户拨款", "budget_special_account_yuan": "财政专户拨款（元）",
    "budget_adjustment": "年中调整金额", "budget_adjustment_yuan": "年中调整金额（元）",
    "value_operator_from": "比较符来源", "actual_operator_from": "实际值比较符来源",
    "period_value_raw": "实施期指标值（原文）", "period_value_operator": "实施期比较符",
    "period_value_number": "实施期数值", "period_value_number_yuan": "实施期数值（元）",
    "period_value_number_max": "实施期数值上限", "period_value_number_max_yuan": "实施期数值上限（元）",
    "period_value_unit": "实施期计量单位", "period_value_text": "实施期定性描述", "period_value_deadline": "实施期期限",
    "period_value_unit_from": "实施期单位来源", "period_value_operator_from": "实施期比较符来源",
    "extra": "其他列",
    "review_status": "审核结论", "document_reviewed_by": "审核人", "document_reviewed_at": "审核时间",
    "table_corrected": "表头经人工更正", "table_reviewed_by": "表头更正人", "table_reviewed_at": "表头更正时间",
    "corrected": "经人工更正", "reviewed_by": "更正人", "reviewed_at": "更正时间",
}  # fmt: skip

_SIMPLE_KINDS: dict[Any, Kind] = {str: "text", int: "int", float: "float", bool: "bool", date: "date"}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    level: Level
    kind: Kind
    label: str
    get: Callable[[dict], Any]  # the level's JSON object -> the typed cell value
    required: bool = False  # the model requires it: NOT NULL in the database
    stored: str | None = None  # its name in the database, where that differs (a table's `corrected`)


def _unwrap(annotation: Any) -> Any:
    """`X | None` -> X."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else str
    return annotation


def _kind(annotation: Any, metadata: list) -> Kind:
    base = _unwrap(annotation)
    if typing.get_origin(base) is Literal:
        return "text"
    if typing.get_origin(base) is list:
        return "list"
    if typing.get_origin(base) is dict:
        return "json"
    names = {getattr(m, "name", None) for m in metadata}
    if "money" in names:
        return "money"
    if CODE in metadata:
        return "code"
    return _SIMPLE_KINDS[base]


def _getter(path: tuple[str, ...], convert: Callable[[Any], Any]) -> Callable[[dict], Any]:
    def get(obj: dict) -> Any:
        for key in path:
            obj = obj.get(key) if obj else None
        return None if obj is None else convert(obj)

    return get


def decimal(x: float | int) -> Decimal | None:
    """The amount as printed: a float's shortest repr is the figure the page showed."""
    try:
        d = Decimal(repr(x))
    except InvalidOperation:
        return None
    return d if d.is_finite() and abs(d) < Decimal("1e26") else None  # past that it is not money


def _yuan(amount_path: tuple[str, ...], unit_path: tuple[str, ...]) -> Callable[[dict], Any]:
    amount, unit = _getter(amount_path, decimal), _getter(unit_path, str)

    def get(obj: dict) -> Decimal | None:
        a, u = amount(obj), unit(obj)
        if a is None or u not in YUAN_PER_UNIT:
            return None
        return (a * YUAN_PER_UNIT[u]).quantize(Decimal("0.01"))

    return get


_CONVERT: dict[Kind, Callable[[Any], Any]] = {
    "money": decimal,
    "date": date.fromisoformat,
    "list": lambda items: ("\n" if isinstance(items[0], str) else ",").join(map(str, items)) if items else None,
    "json": lambda mapping: json.dumps(mapping, ensure_ascii=False) if mapping else None,
}


def _columns(
    model: type[BaseModel], level: Level, prefix: tuple[str, ...] = (), required: bool = True
) -> Iterator[Column]:
    for field, info in model.model_fields.items():
        path = (*prefix, field)
        base = _unwrap(info.annotation)
        if isinstance(base, type) and issubclass(base, BaseModel):
            yield from _columns(base, level, path, required and info.is_required())
            continue
        args = typing.get_args(base)
        if typing.get_origin(base) is list and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            continue  # child rows (tables, indicators, issues), not a column
        name = RENAMES.get(path, "_".join(path))
        kind = _kind(info.annotation, info.metadata)
        get = _getter(path, _CONVERT.get(kind, lambda v: v))
        nullable = type(None) in typing.get_args(info.annotation)
        yield Column(name, level, kind, LABELS.get(name, name), get, required and info.is_required() and not nullable)
        unit_field = next((m.unit_field for m in info.metadata if getattr(m, "unit_field", None)), None)
        if unit_field:
            yuan = f"{name}_yuan"
            yield Column(yuan, level, "yuan", LABELS.get(yuan, yuan), _yuan(path, (*prefix, unit_field)))


_POSITION = "__position"  # where `values` puts a table's or an indicator's index for its index column


def _index(name: str, level: Level) -> Column:
    return Column(name, level, "int", LABELS[name], lambda obj: obj.get(_POSITION), True)


# What a reviewer did (budget_perf.corrections): its marks on a document's, table's or indicator's
# JSON object, under this key; never in a document file, only in the documents the exports,
# `load` and `qa` read through the review.
REVIEW = "__review"


def _reviewed(key: str, convert: Callable[[Any], Any] = lambda v: v) -> Callable[[dict], Any]:
    def get(obj: dict) -> Any:
        value = (obj.get(REVIEW) or {}).get(key)
        return None if value is None else convert(value)

    return get


def _review(level: Level, prefix: str) -> list[Column]:
    """A level's review columns. The database names them `corrected` (tables, indicators) or
    `review_status` (documents), `reviewed_by`, `reviewed_at` at every level; the flat row, one row
    for all levels, prefixes the document's and the table's."""
    if level == "document":
        first = Column("review_status", level, "text", LABELS["review_status"], _reviewed("status"))
    else:
        flag = f"{prefix}corrected"
        first = Column(flag, level, "bool", LABELS[flag], lambda o: bool(_reviewed("corrected")(o)), True, "corrected")
    by, at = f"{prefix}reviewed_by", f"{prefix}reviewed_at"
    return [
        first,
        Column(by, level, "text", LABELS[by], _reviewed("by"), stored="reviewed_by"),
        Column(at, level, "datetime", LABELS[at], _reviewed("at", datetime.fromisoformat), stored="reviewed_at"),
    ]


DOCUMENT_COLUMNS = list(_columns(Document, "document"))
TABLE_COLUMNS = [_index("table_index", "table"), *_columns(IndicatorTable, "table")]
INDICATOR_COLUMNS = [_index("row_index", "indicator"), *_columns(Indicator, "indicator")]
DOCUMENT_REVIEW = _review("document", "document_")
TABLE_REVIEW = _review("table", "table_")
INDICATOR_REVIEW = _review("indicator", "")
COLUMNS = DOCUMENT_COLUMNS + TABLE_COLUMNS + INDICATOR_COLUMNS + DOCUMENT_REVIEW + TABLE_REVIEW + INDICATOR_REVIEW
NAMES = [c.name for c in COLUMNS]
ISSUE_COLUMNS = list(_columns(Issue, "issue"))  # the database's issues rows; not part of the flat row
if len(set(NAMES)) != len(NAMES):  # a new field whose flat name another already has
    raise RuntimeError(f"flat columns collide: {sorted(n for n in NAMES if NAMES.count(n) > 1)}")


def values(columns: list[Column], obj: dict, position: int | None = None, stored: bool = False) -> dict:
    """One level's columns of a JSON object, typed: Decimal for money, date for dates, text for
    lists; `position` is a table's or an indicator's index in its parent. `stored`: keyed by the
    database's column names."""
    if position is not None:
        obj = {**obj, _POSITION: position}
    return {(c.stored or c.name) if stored else c.name: c.get(obj) for c in columns}


def rows(doc: dict) -> Iterator[dict]:
    """The flat rows of one document's JSON (as written by `extract`, or with its review applied)."""
    head, reviewed = values(DOCUMENT_COLUMNS, doc), values(DOCUMENT_REVIEW, doc)
    for t_index, table in enumerate(doc.get("tables") or ()):
        mid, table_review = values(TABLE_COLUMNS, table, t_index), values(TABLE_REVIEW, table)
        for r_index, ind in enumerate(table.get("indicators") or ()):
            yield {**head, **mid, **values(INDICATOR_COLUMNS, ind, r_index), **reviewed, **table_review,
                   **values(INDICATOR_REVIEW, ind)}  # fmt: skip


def describe() -> list[dict]:
    """The column list as `cli.py schema --flat` prints it: name, header, type and the pandas dtype
    to read the CSV with (codes as text)."""
    pandas = {"text": "string", "code": "string", "list": "string", "int": "Int64", "float": "Float64",
              "bool": "boolean", "date": "string", "datetime": "string", "money": "Float64", "yuan": "Float64",
              "json": "string"}  # fmt: skip
    return [{"name": c.name, "label": c.label, "level": c.level, "type": c.kind, "pandas_dtype": pandas[c.kind]}
            for c in COLUMNS]  # fmt: skip


def csv_dtypes() -> dict[str, str]:
    """`pd.read_csv(path, dtype=csv_dtypes())`: codes stay "003" (the file itself writes money
    exactly, as decimal text; read it with `str` to keep every digit)."""
    return {d["name"]: d["pandas_dtype"] for d in describe()}
