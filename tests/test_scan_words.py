"""Near ties between ideographs settled by the word list (extract/ocr/words.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extract.ocr.words import NEAR_TIE, settle, words


def _text(glyphs) -> str:
    return "".join(c for c, _ in settle(glyphs))


def _sure(text: str) -> list[list[tuple[str, float]]]:
    return [[(c, 0.99)] for c in text]


def test_a_near_second_that_makes_a_word_is_taken() -> None:
    """As read on the simulator's blurred and noisy forms: '教' 0.52 over '救', '惠' 0.38 over '患'."""
    assert _text([[("教", 0.52), ("救", 0.45)], *_sure("助办结时限")]) == "救助办结时限"
    assert _text([*_sure("安全隐"), [("惠", 0.38), ("患", 0.29), ("思", 0.18)], *_sure("消除率")]) == "安全隐患消除率"


def test_the_first_choice_stays_where_it_makes_a_word_or_no_rival_does() -> None:
    assert _text([*_sure("清"), [("淡", 0.5), ("淤", 0.45)]]) == "清淡"  # both words: the recogniser's
    assert _text([[("教", 0.52), ("救", 0.45)], *_sure("学")]) == "教学"
    assert _text([[("教", 0.52), ("敖", 0.45)], *_sure("助")]) == "教助"  # no rival makes a word
    assert _text([[("教", 0.9), ("救", 0.1)], *_sure("助")]) == "教助"  # the rival too far behind
    assert _text([[("2", 0.5), ("之", 0.45)], *_sure("内")]) == "2内"  # digits are not the word list's


def test_the_word_list_is_jiebas() -> None:
    known = words()
    assert len(known) > 300_000
    assert {"救助", "隐患", "效益", "满意度"} <= known
    assert not {"教助", "隐惠"} & known


_GLYPHS = "救教助隐患惠消除率安全清淤淡学办结时限2%"


@given(
    st.lists(
        st.lists(
            st.tuples(st.sampled_from(_GLYPHS), st.floats(0.01, 1.0)), min_size=1, max_size=3, unique_by=lambda t: t[0]
        ),
        max_size=8,
    )
)
def test_settling_only_ever_takes_a_near_ideograph_rival_and_keeps_words(glyphs) -> None:
    glyphs = [sorted(g, key=lambda t: -t[1]) for g in glyphs]
    chosen = settle(glyphs)
    assert len(chosen) == len(glyphs)
    for g, c in zip(glyphs, chosen, strict=True):
        assert c in g
        if c != g[0]:
            assert c[1] >= NEAR_TIE * g[0][1] and "\u4e00" <= c[0] <= "\u9fff" and "\u4e00" <= g[0][0] <= "\u9fff"


def test_the_engine_decodes_as_rapidocr_does_where_no_tie_is_settled() -> None:
    import numpy as np
    from scan_helpers import SANS, SERIF, typeset

    from extract.ocr.engine import default_recognizer

    engine = default_recognizer()
    for font in (SERIF, SANS):
        for line in ("≥95%", "资金使用合规率", "2022年设备完好率大于8021公里"):
            image = typeset(line, font, 0.0, 25)
            ours = engine.recognize([image])[0]
            theirs = engine._engine.text_rec([np.dstack([image] * 3)])[0][0]
            assert ours[0] == theirs[0] and abs(ours[1] - theirs[1]) < 1e-6
