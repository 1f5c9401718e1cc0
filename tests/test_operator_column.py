"""Which column holds operators (绩效指标性质: '≥', '＝', '定性', a system's codes), and which holds
words kept as printed (数值型/文本型): normalizers/operators.py."""

from __future__ import annotations

import pytest

from normalizers.operators import QUALITATIVE, column_operator, holds_operators


@pytest.mark.parametrize(
    ("text", "op"),
    [("≥", ">="), ("＝", "="), ("≦", "<="), ("定性", QUALITATIVE), ("004", ">="), ("定量", None), ("M", None)],
)
def test_a_cell_states_its_operator_or_none(text: str, op: str | None) -> None:
    assert column_operator(text) == op


def test_a_column_of_operators_and_blanks_holds_operators() -> None:
    assert holds_operators(["定性", "定性", "＝", "≤", "≥", "", "定量"])


def test_a_column_of_words_holds_none() -> None:
    assert not holds_operators(["数值型", "文本型", "数值型"])
    assert not holds_operators(["正常", "较好", "≥"])  # one sign among words
    assert not holds_operators([])


def test_a_scanned_operator_column_with_a_few_misread_signs_still_holds_operators() -> None:
    # A 北京 form's 绩效指标性质 at 200 dpi: one-pixel '≤' read 'M' and '』' in 2 of 13 cells.
    read = ["定性", "定性", "＝", "M", "≥", "定性", "＝", "＝", "≥", "＝", "』", "≥", "＝"]
    assert holds_operators(read)
    assert column_operator("M") is None  # the misread cell states no operator: the value's own stands
    assert not holds_operators(["M", "』", "≥"])  # a third known is no column of operators
