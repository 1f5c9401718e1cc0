"""A number's point read where the comma was printed, settled by the number's grouping."""

from __future__ import annotations

import numpy as np
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
        ("5,480.56²", 5, 0.45, "5,480.56²"),  # a superscript is not a third digit
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


_CHARACTERS = ["blank", *"0123456789,.万户年²"]


def _frames(columns: list[dict[str, float]]) -> np.ndarray:
    """CTC frames from {character: probability}; the blank takes what is left."""
    frames = np.zeros((len(columns), len(_CHARACTERS)), np.float32)
    for t, column in enumerate(columns):
        for c, p in column.items():
            frames[t, _CHARACTERS.index(c)] = p
        frames[t, 0] = 1 - sum(column.values())
    return frames


def _greedy(frames: np.ndarray) -> tuple[list[tuple[str, float]], list[int]]:
    best = frames.argmax(axis=1)
    times = [t for t in range(len(best)) if best[t] and (t == 0 or best[t] != best[t - 1])]
    return [(_CHARACTERS[best[t]], float(frames[t, best[t]])) for t in times], times


def _restored(columns: list[dict[str, float]]) -> str:
    from extract.ocr.separators import restore_group_digits

    frames = _frames(columns)
    chosen, times = _greedy(frames)
    return "".join(c for c, _ in restore_group_digits(chosen, times, frames, _CHARACTERS)[0])


def test_digits_a_group_lacks_are_taken_where_the_blank_won() -> None:
    # '2,727,531': the 5 (0.30) and, in a second reading, the 3 (0.48) second to the blank
    head = [{"2": 0.8}, {}, {",": 0.6}, {"7": 0.7}, {}, {"2": 0.6}, {}, {"7": 0.9}, {}, {",": 0.55}]
    assert _restored([*head, {"5": 0.3}, {}, {"3": 0.52}, {}, {"1": 0.8}, {}, {"户": 1}]) == ("2,727,531户")
    assert _restored([*head, {"5": 0.25}, {}, {"3": 0.48}, {}, {"1": 0.8}, {}, {"户": 1}]) == "2,727,531户"
    # the last digit of the line: '3,135,29' + the 6 at 0.44
    assert _restored([{"3": 0.9}, {",": 0.6}, {"1": 0.9}, {}, {"3": 0.9}, {}, {"5": 0.9}, {",": 0.6},
                      {"2": 0.9}, {}, {"9": 0.8}, {}, {"6": 0.44}, {}]) == "3,135,296"  # fmt: skip


def test_a_group_is_left_as_read_unless_the_blank_hid_exactly_its_missing_digits() -> None:
    two = [{"1": 0.9}, {",": 0.8}, {"5": 0.9}, {}, {"2": 0.9}, {}]
    assert _restored([*two, {"户": 1}]) == "1,52户"  # nothing seen
    assert _restored([*two, {"7": 0.05}, {}, {"户": 1}]) == "1,52户"  # too faint
    assert _restored([{"1": 0.9}, {",": 0.8}, {"5": 0.9}, {}, {"4": 0.2}, {}, {"6": 0.2}, {},
                      {"2": 0.9}, {}, {"户": 1}]) == "1,52户"  # two seen, one missing  # fmt: skip
    # the tail of a decoded '2' is that '2', not a second one
    assert _restored([{"1": 0.9}, {",": 0.8}, {"5": 0.9}, {}, {"2": 0.9}, {"2": 0.3}, {"户": 1}]) == "1,52户"
    assert _restored([{"1": 0.9}, {",": 0.8}, {"5": 0.9}, {}, {"2": 0.9}, {}, {"3": 0.2}, {}, {"户": 1}]) == ("1,523户")
    # a superscript is no digit of a group, though str.isdigit says it is
    assert _restored([{"1": 0.9}, {",": 0.8}, {"5": 0.9}, {}, {"2": 0.9}, {}, {"²": 0.2}, {}, {"户": 1}]) == ("1,52户")


def _commas(columns: list[dict[str, float]]) -> str:
    from extract.ocr.separators import restore_hidden_commas, separator_columns

    frames = _frames(columns)
    chosen, times = _greedy(frames)
    out, at = restore_hidden_commas(chosen, times, frames, separator_columns(_CHARACTERS))
    assert len(at) == len(out) and at == sorted(at)
    return "".join(c for c, _ in out)


def _digits(text: str, shadows: dict[int, float]) -> list[dict[str, float]]:
    """Frames for `text`, each glyph followed by a blank frame; after the i-th glyph a
    separator seen at `shadows[i]` (comma 2/3, point 1/3), second to the blank."""
    columns: list[dict[str, float]] = []
    for i, c in enumerate(text):
        columns.append({c: 0.9})
        q = shadows.get(i, 0.0)
        columns.append({",": q * 2 / 3, ".": q / 3} if q else {})
    return columns


@pytest.mark.parametrize(
    ("text", "shadows", "read"),
    [
        ("3760303万", {0: 0.47, 3: 0.44}, "3,760,303万"),  # dev 265, blur
        ("6060,166", {0: 0.46}, "6,060,166"),
        ("8.251355户", {4: 0.43}, "8.251,355户"),  # regrouped later: 8,251,355
        ("2025年", {}, "2025年"),  # a year: no separator seen
        ("3760303万", {0: 0.1, 3: 0.1}, "3760303万"),  # too faint
        ("3760303万", {1: 0.47, 3: 0.44}, "3760303万"),  # would make '37,60,303'
        ("8.25135户", {3: 0.43}, "8.25135户"),  # after a point the first group is whole too
        ("12345678", {4: 0.5}, "12345678"),  # one comma is not enough for eight digits
    ],
)
def test_commas_the_blank_hid_are_put_back_where_they_make_whole_groups(
    text: str, shadows: dict[int, float], read: str
) -> None:
    assert _commas(_digits(text, shadows)) == read
