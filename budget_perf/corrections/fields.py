"""What a reviewer may correct, by field path ('value.raw', 'level3', 'budget.total'), and how the
typed text becomes the field's value.

Derived from the models: every `Value` of an indicator (the target, the 实际完成值, any added later)
is corrected through its `raw`, which the value parser reads again; every money amount of a
table's budget is a number. Labels are the flat row's Chinese headers."""

from __future__ import annotations

import math
import types
import typing
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from schemas.flat import LABELS
from schemas.models import Budget, Indicator, Value

Kind = Literal["text", "raw", "money", "year", "currency"]
Level = Literal["indicator", "table"]

# Plain text fields a reviewer may set. Levels and names of a row; what a table's header block says.
_INDICATOR_TEXT = ("level1", "level2", "level3")
_TABLE_TEXT = ("title", "unit_name", "unit_code", "project_name", "project_code", "fund_use")
CURRENCIES = ("万元", "元")  # Budget.currency_unit
LONGEST = 2000  # characters: longer than any cell of a form; a paste of a whole page is a mistake


class FieldError(ValueError):
    """The typed text cannot be this field's value; the message (Chinese, for the reviewer) says why."""


@dataclass(frozen=True, slots=True)
class Field:
    path: str
    level: Level
    kind: Kind
    label: str
    required: bool = False  # the model requires a value: it cannot be emptied


def _bare(annotation: Any) -> Any:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _admits_none(annotation: Any) -> bool:
    return annotation is None or type(None) in typing.get_args(annotation)


def _build() -> dict[str, Field]:
    out: dict[str, Field] = {}
    for name in _INDICATOR_TEXT:
        info = Indicator.model_fields[name]
        out[name] = Field(name, "indicator", "text", LABELS[name], not _admits_none(info.annotation))
    for name, info in Indicator.model_fields.items():
        if _bare(info.annotation) is Value:
            out[f"{name}.raw"] = Field(f"{name}.raw", "indicator", "raw", LABELS.get(f"{name}_raw", name))
    for name in _TABLE_TEXT:
        out[name] = Field(name, "table", "text", LABELS[name])
    out["year"] = Field("year", "table", "year", LABELS["year"])
    for name, info in Budget.model_fields.items():
        if any(getattr(m, "name", None) == "money" for m in info.metadata):
            out[f"budget.{name}"] = Field(f"budget.{name}", "table", "money", LABELS[f"budget_{name}"])
    out["budget.currency_unit"] = Field("budget.currency_unit", "table", "currency", LABELS["currency_unit"])
    return out


FIELDS = _build()
INDICATOR_FIELDS = [f for f in FIELDS.values() if f.level == "indicator"]
TABLE_FIELDS = [f for f in FIELDS.values() if f.level == "table"]


def read(obj: dict | None, path: str) -> Any:
    """The value at a dotted path of a JSON object ('value.raw' of an indicator); None if absent."""
    for key in path.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def coerce(field: Field, text: str) -> Any:
    """The typed text as the field's value (None empties an optional field)."""
    if not isinstance(text, str):
        raise FieldError("应为文本")
    text = text.strip()
    if len(text) > LONGEST:
        raise FieldError(f"过长（{len(text)} 字，上限 {LONGEST}）")
    if "\x00" in text:
        raise FieldError("含有空字符")
    if not text:
        if field.required:
            raise FieldError(f"{field.label}不能为空")
        return "" if field.kind == "raw" else None
    if field.kind in ("text", "raw"):
        return text
    if field.kind == "currency":
        if text not in CURRENCIES:
            raise FieldError(f"金额单位应为 {' 或 '.join(CURRENCIES)}")
        return text
    plain = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "")
    if field.kind == "year":
        if not plain.isdecimal() or not 1900 <= int(plain) <= 2200:
            raise FieldError("预算年度应为四位年份，如 2025")
        return int(plain)
    try:
        number = float(plain)
    except ValueError:
        raise FieldError(f"「{text}」不是数字（金额单位另行填写）") from None
    if not math.isfinite(number) or abs(number) >= 1e20:
        raise FieldError(f"「{text}」不是可用的金额")
    return number
