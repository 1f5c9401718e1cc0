"""Indicators written as numbered records inside one cell (normalizers/records.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from normalizers.records import looks_like_records, parse_records, split_records

GUANGZHOU = (
    "1、1-产出指标；11-数量指标；会议活动保障次数；实施周期指标值:每年≥20场；年度指标值:每年≥20场。"
    "2、1-产出指标；12-质量指标；保障场地正常运行；实施周期指标值:≥99.5%；年度指标值:≥99.5%。"
    "3、1-产出指标；12-质量指标；平均故障恢复时间；实施周期指标值:一级事件≤1小时；二级事件≤2小时；"
    "年度指标值:一级事件≤1小时；二级事件≤2小时"
)


def test_guangzhou_records() -> None:
    records, unread = parse_records(GUANGZHOU)
    assert unread == []
    got = [(r.level1, r.level2, r.codes, r.name, r.period_value, r.value) for r in records]
    assert got == [
        ("产出指标", "数量指标", {"一级代码": "1", "二级代码": "11"}, "会议活动保障次数", "每年≥20场", "每年≥20场"),
        ("产出指标", "质量指标", {"一级代码": "1", "二级代码": "12"}, "保障场地正常运行", "≥99.5%", "≥99.5%"),
        # a target whose value holds the separator itself goes on to the next label
        ("产出指标", "质量指标", {"一级代码": "1", "二级代码": "12"}, "平均故障恢复时间",
         "一级事件≤1小时；二级事件≤2小时", "一级事件≤1小时；二级事件≤2小时"),
    ]  # fmt: skip


def test_other_numberings_separators_and_no_codes() -> None:
    text = "(1)产出指标;数量指标;培训人数;指标值：≥300人\n(2)满意度指标;服务对象满意度指标;满意度;年度指标值》90%"
    records, _ = parse_records(text)
    assert [(r.level1, r.level2, r.name, r.value, r.codes) for r in records] == [
        ("产出指标", "数量指标", "培训人数", "≥300人", {}),
        ("满意度指标", "服务对象满意度指标", "满意度", "》90%", {}),
    ]
    circled = "①产出指标；数量指标；场次；年度目标值：2场②效益指标；社会效益指标；影响；年度目标值：显著"
    assert [r.name for r in parse_records(circled)[0]] == ["场次", "影响"]


def test_numbering_that_restarts_inside_a_cell() -> None:
    text = (
        "1、产出指标；数量指标；甲；指标值：1次。2、产出指标；数量指标；乙；指标值：2次。"
        "1、效益指标；社会效益指标；丙；指标值：好"
    )
    assert [r.name for r in parse_records(text)[0]] == ["甲", "乙", "丙"]


def test_a_record_number_run_on_after_a_line_the_reader_joined() -> None:
    """'…1184㎡2、1-产出指标': the line break lost where a record's last line reached the cell's edge;
    the next number and the level code after it open the next record, a figure ending in 2 does not."""
    cell = "1、1-产出指标;11-数量指标;补助学生人数;指标值:1184㎡2、1-产出指标;12-质量指标;合规率;指标值:98%"
    assert split_records(cell) == [
        "1-产出指标;11-数量指标;补助学生人数;指标值:1184㎡",
        "1-产出指标;12-质量指标;合规率;指标值:98%",
    ]
    assert len(split_records("1、培训人数;指标值:≥12、合格率;指标值:100%")) == 1  # '12、' is no record 2 before a name


def test_a_figure_at_a_line_start_is_no_record_number() -> None:
    text = "1、产出指标；数量指标；资金；年度指标值：≥\n2.5万元。2、产出指标；数量指标；乙；年度指标值：2次"
    records, _ = parse_records(text)
    assert [(r.name, r.value) for r in records] == [("资金", "≥2.5万元"), ("乙", "2次")]


def test_a_number_whose_mark_a_scan_lost_at_a_wrap() -> None:
    # '。2' | '、1-产出指标' over a line break, the '、' not read: the record number runs into the
    # level code. The number expected decides where it ends ('44-': number 4, code 4); after a '；'
    # ('；21-社会效益') digits are a code, never a number.
    text = (
        "1、1-产出指标；11-数量指标；汇聚数据量；年度指标值：≥10亿条。"
        "21-产出指标；12-质量指标；保障场地正常运行；年度指标值：≥99.5%。"
        "3、2-效益指标；21-社会效益；乙；年度指标值：≥1套。"
        "44-成本指标；41-经济成本指标；丙；年度指标值：100%"
    )
    records, unread = parse_records(text)
    assert [(r.name, r.codes["一级代码"], r.value) for r in records] == [
        ("汇聚数据量", "1", "≥10亿条"),
        ("保障场地正常运行", "1", "≥99.5%"),
        ("乙", "2", "≥1套"),
        ("丙", "4", "100%"),
    ]
    assert unread == []


def test_cells_that_are_no_records() -> None:
    assert split_records("确保平台运行稳定，提升服务能力。") == []
    assert not looks_like_records("通过项目实施，提升服务水平。")
    records, unread = parse_records("1、确保平台运行稳定。2、提升服务能力。")
    assert records == [] and unread == ["确保平台运行稳定", "提升服务能力"]


_LABELS = st.sampled_from(
    [("产出指标", "数量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
)
_NAME = st.text(alphabet="培训人数场次覆盖率资金平台", min_size=2, max_size=8)
_VALUE = st.sampled_from(["≥20场", "100%", "≤5万元", "有所提高", "≥99.5%", "2026年12月底前"])


@given(st.lists(st.tuples(_LABELS, _NAME, _VALUE, _VALUE, st.booleans()), min_size=1, max_size=6),
       st.sampled_from(["、", "."]), st.sampled_from(["；", ";"]), st.sampled_from(["。", "；", "\n"]))  # fmt: skip
def test_every_record_written_is_read_back(items, number_mark, sep, end) -> None:
    """Whatever the separators, numbering and codes, each record gives back its parts."""
    cell = end.join(
        f"{n}{number_mark}{'1-' if coded else ''}{l1}{sep}{'11-' if coded else ''}{l2}{sep}{name}{sep}"
        f"实施周期指标值:{period}{sep}年度指标值:{annual}"
        for n, ((l1, l2), name, period, annual, coded) in enumerate(items, 1)
    )
    records, unread = parse_records(cell)
    assert unread == []
    expected = [(l1, l2, name, period, annual) for (l1, l2), name, period, annual, _ in items]
    assert [(r.level1, r.level2, r.name, r.period_value, r.value) for r in records] == expected
