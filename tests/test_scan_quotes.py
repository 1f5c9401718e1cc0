"""A curly quote read as its straight ASCII lookalike: the recogniser reads a Song face's '”' as
'"' ('实现“微心愿"数' for '实现“微心愿”数', a 福州 form's indicator name at 150, 200 and 300 dpi).
Where the other quote of the pair is curly, the straight one is the curly one: a document types
its quotes one way."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ('实现“微心愿"数', "实现“微心愿”数"),
        ('"微心愿”数', "“微心愿”数"),
        ("实现‘微心愿'数", "实现‘微心愿’数"),
        ('“穗智管"系统与“粤省事"', "“穗智管”系统与“粤省事”"),
        ("开展“双随机”检查", "开展“双随机”检查"),  # read right: unchanged
        ('他说"好"', '他说"好"'),  # both straight: as typed, nothing to go by
        ("完成“一网通办", "完成“一网通办"),  # an opening quote alone: nothing read as its close
    ],
)
def test_a_straight_quote_pairing_a_curly_one_is_curly(read: str, printed: str) -> None:
    from extract.ocr.glyphs import cell_text

    assert cell_text([(read, 0.9)]) == printed


def test_a_quote_pair_wrapped_over_two_lines() -> None:
    from extract.ocr.glyphs import cell_text

    assert cell_text([("实现“微心", 0.9), ('愿"数', 0.9)]) == "实现“微心愿”数"
