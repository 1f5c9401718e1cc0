"""Header lines and labels read wherever they sit."""

from __future__ import annotations

import pytest

from budget_perf.assemble.fields import Fields, _read_inline


@pytest.mark.parametrize(
    ("line", "code", "name", "currency"),
    [
        ("单位：445001 承德市红十字会本级 万元", "445001", "承德市红十字会本级", "万元"),
        ("445001 承德市红十字会本级  单位：万元", "445001", "承德市红十字会本级", "万元"),
        ("571203天津市红十字事务中心", "571203", "天津市红十字事务中心", None),
        ("预算单位：445001-承德市红十字会", "445001", "承德市红十字会", None),
        ("单位：万元", None, None, "万元"),
        ("（元）", None, None, "元"),
        ("13080023P000195100036", None, None, None),  # a project code is no unit line
        ("5513159 元", None, None, None),
    ],
)
def test_inline_unit_and_currency_lines(line: str, code, name, currency) -> None:
    f = Fields()
    _read_inline(f, line)
    assert (f.unit_code, f.unit_name, f.currency_unit) == (code, name, currency)


def test_inline_project_fields() -> None:
    f = Fields()
    _read_inline(f, "项目名称：应急救护培训")
    _read_inline(f, "项目编码：13080023P0001")
    assert (f.project_name, f.project_code) == ("应急救护培训", "13080023P0001")
