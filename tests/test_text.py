from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.goals import split_goals
from normalizers.text import _SIGN_FOLD, _fold_char, clean, fold_width, label_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>贯彻执行</p> <p>弘扬</p>", "贯彻执行弘扬"),
        ("a &amp; b<br/>c", "a & b c"),
        ("$\\geq 90 \\geq 90\\%$", "≥90 ≥90%"),
        ("其中：财政    资金", "其中：财政资金"),
        ("13080023P0001951\n00036", "13080023P000195100036"),
        ("培训教\n师数量", "培训教师数量"),
        ("AED\ntraining", "AED training"),
        ("⼀级指标", "一级指标"),  # Kangxi radical look-alike
        ("＞９０％", ">90%"),
        ("面积１００㎡，温度２５℃", "面积100㎡，温度25℃"),  # units and Chinese punctuation survive
        ("（次）“三献”", "（次）“三献”"),
        ("“三救” “三献” 活动", "“三救” “三献” 活动"),
        ("\u200b 满意\u3000 ", "满意"),
        ("2023 年度", "2023 年度"),
    ],
)
def test_clean(raw: str, expected: str) -> None:
    assert clean(raw) == expected


def test_label_key_ignores_blanks_and_bracket_width() -> None:
    assert label_key("评（扣）分 标准") == "评(扣)分标准"


@pytest.mark.parametrize(
    ("cell", "goals"),
    [
        ("1.目标内容 1", ["目标内容 1"]),
        ("1、利用宣传\n2、对重大疾病患者\n3、应急救护培训", ["利用宣传", "对重大疾病患者", "应急救护培训"]),
        (
            "1 .异地交流保障。2.我会拟从 2024 年至 2027 年完成。3.调研培训等。4 .2024年我会将继续开展",
            ["异地交流保障。", "我会拟从 2024 年至 2027 年完成。", "调研培训等。", "2024年我会将继续开展"],
        ),
        ("1.举办 5.8 世界红十字日等活动 2 场", ["举办 5.8 世界红十字日等活动 2 场"]),
        ("（1）宣传；（2）救助", ["宣传；", "救助"]),
        ("一、宣传。二、救助", ["宣传。", "救助"]),
        ("<p>总述：</p><p>宣传活动：开展</p>", ["总述：", "宣传活动：开展"]),
        ("", []),
    ],
)
def test_split_goals(cell: str, goals: list[str]) -> None:
    assert split_goals(cell) == goals


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(min_codepoint=0xFF00, max_codepoint=0xFF65),
            st.characters(min_codepoint=0x2E80, max_codepoint=0x2FE5),
            st.characters(min_codepoint=0xF8F0, max_codepoint=0xFB05),
            st.sampled_from("≧≦﹪﹤﹥﹦〜年度指标≥90%（人）"),
            st.characters(max_codepoint=0x7F),
        ),
        max_size=20,
    )
)
def test_fold_width_as_one_table_folds_each_char_as_its_rule_says(text: str) -> None:
    """The translate table is built from the per-character rule; both must agree everywhere."""
    assert fold_width(text) == "".join(_fold_char(ch) for ch in text).translate(_SIGN_FOLD)
