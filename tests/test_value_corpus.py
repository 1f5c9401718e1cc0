"""The value grammar on a corpus of 500+ target strings in the styles real forms use, and
properties any operator word, number and unit must keep."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from normalizers.grammar import OPERATOR_PREFIX, OPERATOR_SUFFIX, UNIT_SYNONYMS, UNITS
from normalizers.values import parse_value, with_unit_from_row
from samples.generators.values import CORPUS, DEV_SEEDS, cases
from schemas import Value

CORPUS_CASES = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


def test_corpus_is_large_distinct_and_reproducible() -> None:
    assert len(CORPUS_CASES) >= 500
    assert len({c["raw"] for c in CORPUS_CASES}) == len(CORPUS_CASES)
    assert [asdict(c) for c in cases(DEV_SEEDS)] == CORPUS_CASES, "run python -m samples.generators.values --write"


@pytest.mark.parametrize("case", CORPUS_CASES, ids=[f"{c['cls']}:{c['raw']}" for c in CORPUS_CASES])
def test_corpus(case: dict) -> None:
    v = parse_value(case["raw"], year=2023)
    got = {
        "operator": v.operator,
        "number": v.number,
        "number_max": v.number_max,
        "unit": v.unit,
        "has_text": v.text is not None,
        "deadline": v.deadline.isoformat() if v.deadline else None,
    }
    assert got == {k: case[k] for k in got}
    assert v.raw == " ".join(line.strip() for line in case["raw"].splitlines() if line.strip())


# ---- properties ------------------------------------------------------------------------

# Single-letter Latin units read as words next to a letter-free number; operator words that are
# also ordinary words ('达') are covered by the corpus.
# '3月' is March, not three months (those are '3个月'), and '2020年' is a year: 月 and 年 are left
# to the date rules.
ROUND_TRIP_UNITS = [u for u in UNITS if u not in ("万", "千", "亿", "月", "年")]
numbers = st.one_of(
    st.integers(0, 10**7).map(str),
    st.decimals(0, 10**5, places=2, allow_nan=False, allow_infinity=False).map(str),
    st.integers(1000, 10**7).map(lambda n: f"{n:,}"),
)


@given(st.sampled_from(sorted(OPERATOR_PREFIX)), numbers, st.sampled_from(ROUND_TRIP_UNITS))
@settings(max_examples=600)
def test_any_operator_word_number_and_unit_round_trip(word: str, number: str, unit: str) -> None:
    v = parse_value(f"{word}{number}{unit}")
    assert v.operator == OPERATOR_PREFIX[word]
    assert v.number == pytest.approx(float(number.replace(",", "")))
    assert v.unit == UNIT_SYNONYMS.get(unit, unit) and v.unit_from == "value"


@given(numbers, st.sampled_from(ROUND_TRIP_UNITS), st.sampled_from(sorted(OPERATOR_SUFFIX)))
@settings(max_examples=300)
def test_any_suffix_operator_round_trips(number: str, unit: str, suffix: str) -> None:
    assume(not (suffix == "内" and unit in ("%", "‰")))
    v = parse_value(f"{number}{unit}{suffix}")
    assert (v.operator, v.unit) == (OPERATOR_SUFFIX[suffix], UNIT_SYNONYMS.get(unit, unit))
    assert v.number == pytest.approx(float(number.replace(",", "")))


_PRINTABLE = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="<>&\\\u200b\u200c\u200d\u2060\ufeff\u00ad"
    ),
    max_size=40,
)


@given(_PRINTABLE)
@settings(max_examples=500)
def test_raw_is_never_altered(text: str) -> None:
    v = parse_value(text)
    assert v.raw == text.strip()
    Value.model_validate(v.model_dump())


@given(st.sampled_from(["≧", "≦", "＞", "＜", "》"]), st.integers(1, 999), st.sampled_from(["%", "人", "次"]))
def test_misprinted_signs_stay_in_raw_and_parse(sign: str, n: int, unit: str) -> None:
    v = parse_value(f"{sign}{n}{unit}")
    assert v.raw == f"{sign}{n}{unit}" and v.number == n and v.operator is not None


# ---- where the unit comes from ---------------------------------------------------------


@pytest.mark.parametrize(
    "raw, column, name, unit, source",
    [
        ("≥1200", None, "资助人数(人)", "人", "name"),
        ("≤2000", None, "标准(元/生·年)", "元/生·年", "name"),
        ("≥1200", "人次", "资助人数(人)", "人次", "column"),
        ("≥1200户", "人", "资助人数(人)", "户", "value"),
        ("≥1200", None, "资助人数", None, None),
        ("≥1200", None, "资助人数（2023年）", None, None),
        ("满意", "%", "满意度(%)", None, None),
    ],
)
def test_unit_from_value_column_or_name(raw, column, name, unit, source) -> None:
    v = with_unit_from_row(parse_value(raw), column, name)
    assert (v.unit, v.unit_from) == (unit, source)
