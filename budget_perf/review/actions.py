"""What a reviewer does, checked before it is recorded: correct a cell or a header field, decide a
finding, give a document its verdict; and the preview of a corrected value (parsed as the
extraction parses a cell), shown before it is saved."""

from __future__ import annotations

import copy
from typing import Any

from budget_perf.corrections.apply import (
    at,
    finding_field,
    reparse,
    review,
    row_anchor,
    set_value,
    table_anchor,
    valid,
)
from budget_perf.corrections.fields import FIELDS, Field, FieldError, coerce, read
from budget_perf.corrections.store import DOCUMENT, FINDING_STATES, VERDICTS, Event, ReviewError, Stale
from budget_perf.review.batch import Batch, Checked
from budget_perf.review.views import shown_text


class ActionError(Exception):
    """A request the app refuses; `status` is the HTTP status, the message is for the reviewer."""

    def __init__(self, message: str, status: int = 400, current: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.current = status, current


def _int(body: dict, name: str, optional: bool = True) -> int | None:
    value = body.get(name)
    if value is None or value == "":
        if optional:
            return None
        raise ActionError(f"缺少 {name}")
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).lstrip("-").isdigit():
        raise ActionError(f"{name} 应为整数")
    return int(value)


def _target(c: Checked, body: dict) -> tuple[Field, int | None, int | None, dict]:
    spec = FIELDS.get(body.get("field"))
    if spec is None:
        raise ActionError("不能更正这个字段")
    table, row = _int(body, "table", optional=False), _int(body, "row")
    if (spec.level == "indicator") != (row is not None):
        raise ActionError("字段与位置不符")
    obj = at(c.review.doc, table, row)
    if obj is None:
        raise ActionError("文档中没有这一行或这张表", 404)
    return spec, table, row, obj


def _year(c: Checked, table: int | None) -> int | None:
    return (at(c.review.doc, table, None) or {}).get("year")


def preview(c: Checked, body: dict) -> dict:
    """The value the typed text would give, without recording anything."""
    spec, table, _row, obj = _target(c, body)
    try:
        value = coerce(spec, body.get("text", ""))
    except FieldError as e:
        raise ActionError(str(e)) from None
    if spec.kind == "raw":
        name = spec.path.split(".")[0]
        return {"value": reparse(value, obj, obj.get(name), _year(c, table))}
    return {"value": value, "text": shown_text(value)}


def _current(event: Event | None, label: str) -> ActionError:
    if event is None:
        return ActionError(f"「{label}」已有新的变化，您的修改未保存；请刷新后再改。", 409, {"version": 0})
    value = shown_text(event.new)
    return ActionError(
        f"「{label}」已被 {event.reviewer} 于 {event.at[:19].replace('T', ' ')} UTC 改为「{value}」，您的修改未保存；"
        "请核对当前值后再改。",
        409,
        {"version": event.id, "value": value, "by": event.reviewer, "at": event.at, "note": event.note},
    )


def _version(body: dict) -> int:
    version = _int(body, "version", optional=False)
    if version is None or version < 0:
        raise ActionError("version 无效")
    return version


def _record(batch: Batch, c: Checked, label: str, shown_at: tuple | None, **event: Any) -> Event:
    def shown(events: list[Event]) -> Event | None:
        return review(c.extraction, events).shown(shown_at) if shown_at else None

    try:
        with batch.store() as store:
            return store.record(sha256=c.entry.sha256, shown=shown if shown_at else None, **event)
    except Stale as e:
        raise _current(e.current, label) from None
    except ReviewError as e:
        raise ActionError(str(e)) from None


def correct(batch: Batch, sha256: str, body: dict) -> Event:
    c = batch.checked(sha256)
    spec, table, row, obj = _target(c, body)
    try:
        value = coerce(spec, body.get("text", ""))
    except FieldError as e:
        raise ActionError(str(e)) from None
    trial = copy.deepcopy(obj)
    set_value(trial, spec, value, _year(c, table))
    if not valid(spec, trial):
        raise ActionError(f"「{spec.label}」不能是这个值（不符合输出格式）")
    if value == read(obj, spec.path):
        raise ActionError("值未改变")
    original = at(c.extraction, table, row)
    anchor = row_anchor(original) if row is not None else table_anchor(original)
    return _record(
        batch, c, spec.label, (table, row, spec.path), table=table, row=row, field=spec.path, kind="correction",
        new=value, version=_version(body), reviewer=body.get("reviewer"), note=body.get("note"),
        extracted=read(original, spec.path), anchor=anchor,
    )  # fmt: skip


def decide(batch: Batch, sha256: str, body: dict) -> Event:
    """Confirm, dismiss (with a note saying why) or reopen a finding."""
    c = batch.checked(sha256)
    status = body.get("status")
    if status not in FINDING_STATES:
        raise ActionError("状态应为 confirmed、dismissed 或 open")
    table, row = _int(body, "table"), _int(body, "row")
    code, role = body.get("code"), body.get("role") or None
    if not isinstance(code, str) or (role is not None and not isinstance(role, str)):
        raise ActionError("缺少发现代码")
    path = finding_field(code, role)
    known = any((f.table, f.row, finding_field(f.code, f.field)) == (table, row, path) for f in c.findings)
    if not known and (table, row, path) not in c.review.findings:
        raise ActionError("文档中没有这条发现", 404)
    if status == "dismissed" and not (body.get("note") or "").strip():
        raise ActionError("忽略一条发现时请在备注中写明理由")
    original = at(c.extraction, table, row) if table is not None else None
    anchor = None if original is None else row_anchor(original) if row is not None else table_anchor(original)
    return _record(
        batch, c, "这条发现", (table, row, path), table=table, row=row, field=path, kind="finding", new=status,
        version=_version(body), reviewer=body.get("reviewer"), note=body.get("note"), anchor=anchor,
    )  # fmt: skip


def judge(batch: Batch, sha256: str, body: dict) -> Event:
    """Approve, reject (with a note saying why) or reopen a document."""
    c = batch.checked(sha256)
    status = body.get("status")
    if status not in VERDICTS:
        raise ActionError("结论应为 approved、rejected 或 open")
    if status == "rejected" and not (body.get("note") or "").strip():
        raise ActionError("退回文档时请在备注中写明理由")
    return _record(
        batch, c, "审核结论", None, table=None, row=None, field=DOCUMENT, kind="verdict", new=status,
        version=_version(body), reviewer=body.get("reviewer"), note=body.get("note"),
    )  # fmt: skip


def event_json(event: Event) -> dict:
    return {"id": event.id, "by": event.reviewer, "at": event.at, "new": event.new, "text": shown_text(event.new)}
