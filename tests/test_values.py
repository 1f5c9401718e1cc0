"""The value parser on every form seen in the seeds, plus properties that must hold for any input."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.values import parse_value
from schemas import Value

# raw, operator, number, number_max, unit, text, deadline
CASES = [
    ("≥2次", ">=", 2, None, "次", None, None),
    ("＞90%", ">", 90, None, "%", None, None),
    ("≤87.97万元 ", "<=", 87.97, None, "万元", None, None),
    ("≥1.00(次)", ">=", 1, None, "次", None, None),
    ("=14.00(个街镇)", "=", 14, None, "个街镇", None, None),
    ("100%(14个街镇)", "=", 100, None, "%", "14个街镇", None),
    ("50户", "=", 50, None, "户", None, None),
    ("不少于800户", ">=", 800, None, "户", None, None),
    ("不少于30个点位", ">=", 30, None, "个点位", None, None),
    ("≤30个", "<=", 30, None, "个", None, None),
    ("建成≥30个示范校", ">=", 30, None, "个示范校", "建成≥30个示范校", None),
    ("≥5个以上", ">=", 5, None, "个", None, None),
    ("不低于30例", ">=", 30, None, "例", None, None),
    ("达到90%以上", ">=", 90, None, "%", None, None),
    ("至少5场", ">=", 5, None, "场", None, None),
    ("不超过10万元", "<=", 10, None, "万元", None, None),
    ("不高于5%", "<=", 5, None, "%", None, None),
    ("30人以下", "<=", 30, None, "人", None, None),
    ("48小时以内", "<=", 48, None, "小时", None, None),
    ("≥90 ≥90%", ">=", 90, None, "%", None, None),
    ("3000 人次以上", ">=", 3000, None, "人次", None, None),  # prose set in PDF: blanks around digits
    ("30 名左右", "=", 30, None, "名", "30 名左右", None),
    ("200余篇次以上", ">=", 200, None, "篇次", None, None),  # 余/多: at least the number
    ("100多人", ">=", 100, None, "人", None, None),
    ("≥90 满意度≥90%", ">=", 90, None, "%", "满意度≥90%", None),
    ("30 师资班培训 30 人", "=", 30, None, "人", "师资班培训 30 人", None),
    ("≥1 师资班培训一期", ">=", 1, None, "期", "师资班培训一期", None),
    ("≤ 12 12 月底前完成此项目", "<=", 12, None, None, "12 月底前完成此项目", date(2023, 12, 31)),
    ("≤300 师资班人均成本≤300元/人", "<=", 300, None, "元/人", "师资班人均成本≤300元/人", None),
    ("≥90 逐渐增强", ">=", 90, None, None, "逐渐增强", None),
    ("9师资班课程9门", "=", 9, None, "门", "师资班课程9门", None),  # doubled cells as OCR reads them
    ("≥90≥90%", ">=", 90, None, "%", None, None),
    ("≤1212月底前完成此项目", "<=", 12, None, None, "12月底前完成此项目", date(2023, 12, 31)),
    ("≥1师资班培训一期", ">=", 1, None, "期", "师资班培训一期", None),
    ("≥90满意度≥90%", ">=", 90, None, "%", "满意度≥90%", None),
    ("2024年10月底前完成", None, None, None, None, "2024年10月底前完成", date(2024, 10, 31)),
    ("12月底前", None, None, None, None, "12月底前", date(2023, 12, 31)),
    ("2024年9月", None, None, None, None, "2024年9月", date(2024, 9, 30)),
    ("2024年12月底之前完成", None, None, None, None, "2024年12月底之前完成", date(2024, 12, 31)),
    ("满意", None, None, None, None, "满意", None),
    ("显著提高", None, None, None, None, "显著提高", None),
    ("较2023年提升", None, None, None, None, "较2023年提升", None),
    ("相符", None, None, None, None, "相符", None),
    ("及时(2024年9月底前)", None, None, None, None, "及时(2024年9月底前)", date(2024, 9, 30)),
    ("1000-2000元", "range", 1000, 2000, "元", None, None),
    ("30人至50人", "range", 30, 50, "人", None, None),
    (
        "地铁公益广告不少于30个点位，路名牌上刊不少于200块",
        None,
        None,
        None,
        None,
        "地铁公益广告不少于30个点位，路名牌上刊不少于200块",
        None,
    ),
    (
        "实现造血干细胞捐献30例，人体器官捐献30例",
        None,
        None,
        None,
        None,
        "实现造血干细胞捐献30例，人体器官捐献30例",
        None,
    ),
    ("完成“三献”志愿登记≥10000人", ">=", 10000, None, "人", "完成“三献”志愿登记≥10000人", None),
    ("100%达标", "=", 100, None, "%", "100%达标", None),
    ("≥90(%)", ">=", 90, None, "%", None, None),
    ("5,513,159.84", "=", 5513159.84, None, None, None, None),
    ("宣传普及人数≥50万人次", ">=", 50, None, "万人次", "宣传普及人数≥50万人次", None),
    ("$\\geq 90 \\geq 90\\%$", ">=", 90, None, "%", None, None),
    ("≥2次/年", ">=", 2, None, "次/年", None, None),
    ("１００％", "=", 100, None, "%", None, None),
    ("2024年", None, None, None, None, "2024年", date(2024, 12, 31)),
    ("年底前完成", None, None, None, None, "年底前完成", date(2023, 12, 31)),
    ("2024年12月31日前", None, None, None, None, "2024年12月31日前", date(2024, 12, 31)),
    ("第三季度", None, None, None, None, "第三季度", date(2023, 9, 30)),
    ("90%-95%", "range", 90, 95, "%", None, None),
    ("≤ 50 万元", "<=", 50, None, "万元", None, None),
    ("安全事故0起", "=", 0, None, "起", "安全事故0起", None),
    ("", None, None, None, None, None, None),
]


@pytest.mark.parametrize(
    ("raw", "op", "num", "num_max", "unit", "text", "deadline"), CASES, ids=[c[0] or "empty" for c in CASES]
)
def test_seed_forms(raw, op, num, num_max, unit, text, deadline) -> None:
    v = parse_value(raw, year=2023)
    assert (v.operator, v.number, v.number_max, v.unit, v.text, v.deadline) == (op, num, num_max, unit, text, deadline)
    assert v.raw == v.raw.strip()


@pytest.mark.parametrize(
    ("raw", "number", "unit"),
    [("二十四千米", 24.0, "千米"), ("≥十五千米", 15.0, "千米"), ("三百千米", 300.0, "千米"), ("九千米", 9000.0, "米"),
     ("一千二百人", 1200.0, "人")],
)  # fmt: skip
def test_a_thousand_after_tens_is_the_units(raw: str, number: float, unit: str) -> None:
    """'二十四千米' is 24 千米 (a 千 after 十 or 百 counts no thousands: not 20 + 4000 米)."""
    v = parse_value(raw)
    assert (v.number, v.unit) == (number, unit)


def test_month_only_deadline_without_year_is_left_empty() -> None:
    assert parse_value("12月底前", year=None).deadline is None


def test_latex_remnant_raw_is_repaired() -> None:
    assert parse_value("$\\geq 90 \\geq 90\\%$").raw == "≥90 ≥90%"


# ---- properties -------------------------------------------------------------------------

SIGNS = {
    ">=": ["≥", ">=", "不少于", "不低于", "至少"],
    "<=": ["≤", "<=", "不超过", "不高于"],
    ">": [">", "＞"],
    "<": ["<", "＜"],
    "=": ["=", ""],
}
UNITS = ["%", "次", "人", "万元", "元/人", "人次", "个", "平方米", "天"]
numbers = st.one_of(st.integers(0, 10**7), st.decimals(0, 10**6, places=2, allow_nan=False, allow_infinity=False))


@given(st.text(max_size=60), st.one_of(st.none(), st.integers(1990, 2100)))
@settings(max_examples=400)
def test_parser_is_total_and_output_valid(text: str, year: int | None) -> None:
    v = parse_value(text, year)
    Value.model_validate(v.model_dump())  # invariants: operator needs number, range needs number_max
    assert v.raw == v.raw.strip()


@given(st.sampled_from(sorted(SIGNS)), st.data(), numbers, st.sampled_from(UNITS))
def test_operator_number_unit_round_trip(op: str, data: st.DataObject, n, unit: str) -> None:
    sign = data.draw(st.sampled_from(SIGNS[op]))
    v = parse_value(f"{sign}{n}{unit}")
    assert v.operator == op
    assert v.number == pytest.approx(float(n))
    assert v.unit == unit


@given(
    st.integers(0, 5000), st.integers(1, 5000), st.sampled_from(["-", "～", "至"]), st.sampled_from(["元", "人", "%"])
)
def test_ranges(a: int, width: int, sep: str, unit: str) -> None:
    v = parse_value(f"{a}{sep}{a + width}{unit}")
    assert (v.operator, v.number, v.number_max, v.unit) == ("range", a, a + width, unit)


@given(st.integers(2000, 2099), st.integers(1, 12), st.sampled_from(["底前", "底", "末", "", "底前完成"]))
def test_month_deadlines_are_month_ends(y: int, m: int, tail: str) -> None:
    v = parse_value(f"{y}年{m}月{tail}")
    assert v.deadline is not None and (v.deadline.year, v.deadline.month) == (y, m)
    assert (v.deadline.replace(day=28) if m == 2 else v.deadline).day >= 28
    assert v.operator is None


@given(st.integers(0, 99999), st.sampled_from(UNITS))
def test_full_width_digits_parse_like_ascii(n: int, unit: str) -> None:
    wide = "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    assert parse_value(f"≥{wide}{unit}").model_dump(exclude={"raw"}) == parse_value(f"≥{n}{unit}").model_dump(
        exclude={"raw"}
    )


@given(
    st.integers(1, 9999),
    st.sampled_from(["人", "次", "门"]),
    st.text(alphabet="培训课程新生师资班", min_size=1, max_size=6),
)
def test_doubled_cells_take_operator_from_lead_and_unit_from_note(n: int, unit: str, words: str) -> None:
    v = parse_value(f"≥{n} {words}{n}{unit}")
    assert (v.operator, v.number, v.unit) == (">=", n, unit)


@pytest.mark.parametrize(
    ("raw", "unit"),
    [
        ("≥145m²", "㎡"),
        ("≥145㎡", "㎡"),
        ("294m²以上", "㎡"),
        ("5m³", "㎥"),
        ("5㎥", "㎥"),
        ("宽5m", "m"),
        ("≥1000平米", "平方米"),
    ],
)
def test_one_unit_printed_two_ways_is_one_unit(raw: str, unit: str) -> None:
    """'㎡' and 'm²' print alike: a scan reads one, a typed form may hold the other."""
    assert parse_value(raw).unit == unit


def test_a_month_of_the_year_after() -> None:
    """'次年2月份前' in a 2024 final account: February of 2025 (the national 决算's 自评表)."""
    assert parse_value("次年 2 月份前", 2024).deadline == date(2025, 2, 28)
    assert parse_value("2026年3月--4月", 2026).deadline == date(2026, 4, 30)  # a period ends with its last month


def test_units_real_forms_print() -> None:
    printed = ["≥325人、户", "≥330台套", "全年≥10000家次", "9000元及以内", "≥40万路", "≥50G", "≥4G基站"]
    got = [(v.operator, v.number, v.unit) for v in map(parse_value, printed)]
    assert got == [(">=", 325.0, "人、户"), (">=", 330.0, "台套"), (">=", 10000.0, "家次"), ("<=", 9000.0, "元"),
                   (">=", 40.0, "万路"), (">=", 50.0, "G"), (">=", 4.0, None)]  # fmt: skip
    assert parse_value("每季度100%").unit == "%" and parse_value("每季度≥2场").unit == "场/季度"
    v = parse_value("≤12月", 2026)
    assert (v.operator, v.number, v.unit, v.deadline) == ("<=", 12.0, "月", date(2026, 12, 31))
