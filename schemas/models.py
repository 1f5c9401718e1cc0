"""Pydantic models for the output contract (shared/CONTRACT.md, schema_version 1.2).

Field names here are a public interface: add fields, never rename or repurpose them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.2"
# 1.1: Value.unit also from the 度量单位 column or the 三级指标 name, with Value.unit_from;
# Budget.initial / executed / execution_rate on self-evaluation forms; raw never normalised.
# 1.2: every printed column has a role or goes to Indicator.extra; Indicator.period_value (the
# 实施期 target beside the annual one), Value.operator_from (an operator column), Budget.carried_over
# and adjustment; level1/level2 null where the form prints no such level; one table per project
# of a multi-project table.

Operator = Literal[">=", "<=", ">", "<", "=", "range"]
Severity = Literal["error", "warning", "info"]
Kind = Literal["project", "department", "self_evaluation"]


class _Mark:
    """What a field holds, for the flat row (schemas.flat); invisible to validation and JSON.
    `unit_field` names the sibling field that gives the amount's unit: the flat row then also
    carries the amount in 元 when that unit is a money unit."""

    def __init__(self, name: str, unit_field: str | None = None) -> None:
        self.name, self.unit_field = name, unit_field

    def __repr__(self) -> str:
        return self.name


MONEY = _Mark("money", unit_field="currency_unit")  # decimal, printed in Budget.currency_unit
QUANTITY = _Mark("quantity", unit_field="unit")  # a target's number, in Value.unit
CODE = _Mark("code")  # digits that are text: "003" must stay "003" in CSV and spreadsheets
Money = Annotated[float | None, MONEY]
Quantity = Annotated[float | None, QUANTITY]
Code = Annotated[str | None, CODE]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Value(_Strict):
    raw: str
    operator: Operator | None = None
    number: Quantity = None
    number_max: Quantity = None
    unit: str | None = None
    text: str | None = None
    deadline: date | None = None
    unit_from: Literal["value", "column", "name"] | None = None  # where `unit` came from (1.1)
    operator_from: Literal["value", "column"] | None = None  # where `operator` came from (1.2)

    @model_validator(mode="after")
    def _consistent(self) -> Value:
        if self.operator == "range":
            if self.number is None or self.number_max is None:
                raise ValueError("a range needs number and number_max")
        elif self.number_max is not None:
            raise ValueError("number_max is only set for operator 'range'")
        if self.operator is not None and self.number is None:
            raise ValueError("an operator needs a number")
        if self.unit_from is not None and self.unit is None:
            raise ValueError("unit_from names where the unit came from: it needs a unit")
        if self.operator_from is not None and self.operator is None:
            raise ValueError("operator_from names where the operator came from: it needs an operator")
        return self


class Indicator(_Strict):
    level1: str | None  # null only where the form prints no 一级 level (1.2)
    level2: str | None = None
    level3: str
    description: str | None = None
    value: Value  # the annual (年度) target, or the only one
    period_value: Value | None = None  # 实施期 / 实施周期 target printed beside the annual one (1.2)
    basis: str | None = None
    page: int | None = Field(default=None, ge=1)
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    # Additions beyond the 1.0 contract (allowed: "fields may be added").
    nature: Code = None  # 指标性质 as printed, e.g. Yunnan's "004"
    measure_unit: str | None = None  # 度量单位 column as printed
    attribute: str | None = None  # 指标属性
    scoring: str | None = None  # 评(扣)分标准
    actual: Value | None = None  # 实际完成值 (self-evaluation)
    weight: float | None = None  # 分值 / 权重 / 指标权重, in target tables as in self-evaluations
    score: float | None = None  # 得分
    deviation: str | None = None  # 偏差原因分析及改进措施
    bbox: list[float] | None = None  # the row on `page`: x0, top, x1, bottom in PDF points
    value_bbox: list[float] | None = None  # the 指标值 cell on `page`
    level1_weight: float | None = None  # '产出指标(50分)': the score a form prints beside the 一级 label
    level2_weight: float | None = None  # likewise beside the 二级 label
    cell: str | None = None  # spreadsheets: the address of the row's first cell ('A12') on the table's sheet
    level_inferred: bool = False  # level1/level2 inferred from the wording (prose targets), not printed
    # Every printed column with no role in the contract (是否核心, 备注, …), keyed by its header as
    # printed (1.2): nothing a form prints is glued into a neighbour or dropped.
    extra: dict[str, str] = Field(default_factory=dict)


class Budget(_Strict):
    total: Money = None  # on self-evaluation forms the 全年预算数
    fiscal: Money = None
    other: Money = None
    carried_over: Money = None  # 上年结转（资金） (1.2): total = fiscal + carried_over + other where all are printed
    special_account: Money = None  # 财政专户拨款 / 财政专户管理资金 (1.2), a fiscal source beside 财政拨款
    adjustment: Money = None  # 年中调整金额 (1.2): ① 年初 + ② 调整 = ③ 小计, total then ③
    currency_unit: Literal["万元", "元"] | None = None
    initial: Money = None  # 年初预算数 (self-evaluation, 1.1)
    executed: Money = None  # 全年执行数 (self-evaluation, 1.1)
    execution_rate: float | None = None  # 执行率 in % as printed (self-evaluation, 1.1)
    execution_score: float | None = None  # self-evaluation: 得分 of the budget execution line
    medium_term: Money = None  # 项目总金额（中期规划）: the multi-year amount, beside the year's `total`


class IndicatorTable(_Strict):
    kind: Kind
    title: str | None = None
    unit_code: Code = None
    unit_name: str | None = None
    project_name: str | None = None
    project_code: Code = None
    budget: Budget | None = None
    goals: list[str] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    pages: list[int] = Field(default_factory=list)
    # Additions beyond the 1.0 contract.
    fund_use: str | None = None  # 资金用途
    year: int | None = None  # budget year the table is for, used to date "12月底前"
    sheet: str | None = None  # the worksheet of a spreadsheet the table was read from
    total_score: float | None = None  # self-evaluation: the 总分 the table prints
    origin: Literal["table", "prose"] = "table"  # prose: indicators stated in sentences, one per clause


class Issue(_Strict):
    severity: Severity
    code: str
    message: str
    page: int | None = None
    table: int | None = None
    # Additions beyond the 1.0 contract: where in the table, for review tools.
    row: int | None = None  # index into the table's indicators
    field: str | None = None  # "level3", "value", … the cell's column role
    bbox: list[float] | None = None  # x0, top, x1, bottom in PDF points on `page`


def issue(
    severity: Severity,
    code: str,
    message: str,
    page: int | None = None,
    *,
    table: int | None = None,
    row: int | None = None,
    field: str | None = None,
    bbox: list[float] | None = None,
) -> Issue:
    """An `Issue`, written the way readers and checks raise one: severity, code, message, page."""
    return Issue(severity=severity, code=code, message=message, page=page, table=table, row=row, field=field, bbox=bbox)


class Source(_Strict):
    path: str
    sha256: str
    format: str
    pages: int | None = None
    ocr: bool = False


class Document(_Strict):
    schema_version: Literal["1.2"] = SCHEMA_VERSION
    source: Source
    tables: list[IndicatorTable] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
