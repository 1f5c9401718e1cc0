"""A number's point read where the comma was printed, settled by the number's grouping."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.ocr.separators import COMMAS, NEAR_COMMA, POINTS, settle_separators


def _read(text: str, at: int | None = None, comma: float = 0.0) -> str:
    """`text` as decoded, the glyph at `at` a point (0.5) with a comma its runner-up (`comma`)."""
    glyphs = [[(c, 0.95)] for c in text]
    chosen = [(c, 0.95) for c in text]
    if at is not None:
        glyphs[at] = [(".", 0.5), (",", comma), ("，", 0.02)]
        chosen[at] = (".", 0.5)
    return "".join(c for c, _ in settle_separators(glyphs, chosen))


@pytest.mark.parametrize(
    ("text", "at", "comma", "read"),
    [
        ("大于等于5,480.566篇", 9, 0.39, "大于等于5,480,566篇"),  # dev 247, blur
        ("3539.310万次之内", 4, 0.30, "3539,310万次之内"),  # regrouped later: 3,539,310
        (">245.812万平方米", 4, 0.23, ">245,812万平方米"),  # with the full-width comma's share
        ("5,480.566篇", 5, 0.10, "5,480.566篇"),  # no near comma
        ("826.14元", 3, 0.45, "826.14元"),  # two decimals: a point
        ("5,480.5667", 5, 0.45, "5,480.5667"),  # four digits after
        ("5,48.566", 4, 0.45, "5,48.566"),  # the digits before do not group
        ("1.234.567", 1, 0.45, "1.234.567"),  # another point follows
    ],
)
def test_a_point_with_a_near_comma_is_a_comma_where_the_number_groups(
    text: str, at: int, comma: float, read: str
) -> None:
    assert _read(text, at, comma) == read


@given(
    st.text(alphabet="0123456789.,，万元篇>大于", max_size=14),
    st.data(),
)
def test_only_a_point_with_a_near_comma_ever_changes_and_only_to_a_comma(text: str, data: st.DataObject) -> None:
    points = [i for i, c in enumerate(text) if c in POINTS]
    at = data.draw(st.sampled_from(points)) if points else None
    comma = data.draw(st.floats(0, 1))
    read = _read(text, at, comma)
    assert len(read) == len(text)
    for i, (a, b) in enumerate(zip(text, read, strict=True)):
        if a != b:
            assert i == at and b in COMMAS and comma + 0.02 >= NEAR_COMMA * 0.5
            assert read[i + 1 : i + 4].isdigit()
