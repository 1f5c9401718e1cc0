"""Each QA rule on a small document built in the test."""

from __future__ import annotations

from datetime import date

from budget_perf.qa import config as qa_config
from budget_perf.qa.rules import (
    budget,
    content,
    level2_parent,
    quantitative,
    required_level1,
    satisfaction,
    timeliness,
)
from budget_perf.qa.run import check, run_rules
from normalizers.values import parse_value
from schemas import Budget, Document, Indicator, IndicatorTable, Issue, Source

CONFIG = qa_config.load()
GOOD = [
    ("产出指标", "数量指标", "培训次数", "≥2次"),
    ("效益指标", "社会效益指标", "影响", "显著"),
    ("满意度指标", "服务对象满意度指标", "满意度", "≥90%"),
]


def doc(rows=GOOD, money=(50.0, 50.0, None), year=2024, confidence=None, issues=()) -> Document:
    inds = [
        Indicator(level1=a, level2=b, level3=c, value=parse_value(v, year), confidence=confidence, page=1)
        for a, b, c, v in rows
    ]
    table = IndicatorTable(
        kind="project",
        indicators=inds,
        year=year,
        budget=Budget(total=money[0], fiscal=money[1], other=money[2], currency_unit="万元"),
    )
    return Document(source=Source(path="x", sha256="0" * 64, format="docx"), tables=[table], issues=list(issues))


def codes(found: list[Issue]) -> list[str]:
    return [i.code for i in found]


def test_clean_document_passes_every_rule() -> None:
    for rule in (required_level1, level2_parent, quantitative, timeliness, budget, satisfaction, content):
        assert rule.check(doc(), CONFIG) == [], rule.__name__


def test_required_level1() -> None:
    found = required_level1.check(doc([r for r in GOOD if r[0] != "满意度指标"]), CONFIG)
    assert [(i.code, i.severity) for i in found] == [("qa_missing_satisfaction", "warning")]
    assert codes(required_level1.check(doc(GOOD[1:]), CONFIG)) == ["qa_missing_output"]
    cost_as_level1 = [*GOOD, ("成本指标", "经济成本指标", "项目成本", "≤40万元")]
    assert required_level1.check(doc(cost_as_level1), CONFIG) == []


def test_level2_parent_accepts_synonyms() -> None:
    assert codes(level2_parent.check(doc([("产出指标", "社会效益指标", "x", "1次"), *GOOD[1:]]), CONFIG)) == [
        "qa_level2_mismatch"
    ]
    synonyms = [("产出指标", "进度指标", "x", "2024年9月"), ("效益指标", "环境效益", "y", "改善"), *GOOD[2:]]
    assert level2_parent.check(doc(synonyms), CONFIG) == []


def test_quantitative() -> None:
    assert codes(quantitative.check(doc([("产出指标", "数量指标", "次数", "较多")]), CONFIG)) == ["qa_missing_number"]
    assert codes(quantitative.check(doc([("产出指标", "数量指标", "次数", "≥2")]), CONFIG)) == ["qa_missing_unit"]
    found = quantitative.check(doc([("产出指标", "质量指标", "合格率", "≥95个")]), CONFIG)
    assert [(i.code, i.severity) for i in found] == [("qa_unit_mismatch", "error")]
    assert quantitative.check(doc([("产出指标", "质量指标", "内容相符性", "相符")]), CONFIG) == []


def test_timeliness() -> None:
    assert codes(timeliness.check(doc([("产出指标", "时效指标", "完成时间", "尽快")]), CONFIG)) == [
        "qa_timeliness_without_deadline"
    ]
    assert codes(timeliness.check(doc([("产出指标", "时效指标", "完成时间", "2025年3月")]), CONFIG)) == [
        "qa_deadline_outside_year"
    ]
    for ok in ("2024年10月底前", "及时", "≤48小时"):
        assert timeliness.check(doc([("产出指标", "时效指标", "完成时间", ok)]), CONFIG) == [], ok


def test_budget() -> None:
    assert codes(budget.check(doc(money=(50.0, 30.0, 10.0)), CONFIG)) == ["qa_budget_sum_mismatch"]
    over = [("产出指标", "成本指标", "项目成本", "≤500001元")]
    assert codes(budget.check(doc(over), CONFIG)) == ["qa_cost_exceeds_budget"]  # 元 against 万元
    assert budget.check(doc([("产出指标", "成本指标", "项目成本", "≤499999元")]), CONFIG) == []


def test_satisfaction() -> None:
    assert codes(satisfaction.check(doc([("满意度指标", "服务对象满意度指标", "满意度", "≥80%")]), CONFIG)) == [
        "qa_low_satisfaction_target"
    ]
    assert satisfaction.check(doc([("满意度指标", "服务对象满意度指标", "满意度", "≥85(%)")]), CONFIG) == []


def test_content() -> None:
    rows = [
        ("产出指标", "数量指标", "次数", ""),
        ("产出指标", "数量指标", "经费", "10万元"),
        ("效益指标", "社会效益指标", "影响力", "影响力"),
        ("效益指标", "社会效益指标", "影响力", "影响力"),
    ]
    assert sorted(codes(content.check(doc(rows), CONFIG))) == sorted(
        ["qa_empty_value", "qa_money_as_quantity", "qa_value_repeats_name", "qa_value_repeats_name", "qa_duplicate_row"]
    )


def test_qa_shows_the_readers_ocr_notes_as_they_are() -> None:
    """OCR doubt is the reader's note (extract/ocr/doubt.py): QA neither restates nor drops it."""
    suspicious = Issue(severity="warning", code="ocr_suspicious_digits", message="m", table=0, row=0)
    found, extraction = check(doc(confidence=0.5, issues=[suspicious]), config=CONFIG)
    assert not [f for f in found if f.code.startswith("ocr_")]
    assert extraction == [suspicious]


def test_deadline_type() -> None:
    assert parse_value("2024年10月底前", 2024).deadline == date(2024, 10, 31)


def test_form_family_rule_set_applies_by_title() -> None:
    from budget_perf.qa.config import for_document

    config = qa_config.load()
    shanghai, family = for_document(config, ["闵行区某局2024年部门整体支出绩效目标申报表"])
    assert family == "shanghai_department" and "投入管理指标" in shanghai["level2_parent"]
    national, none = for_document(config, ["2024年度项目支出绩效目标表"])
    assert none is None and "投入管理指标" not in national["level2_parent"]
    doc = Document(
        source=Source(path="x", sha256="0" * 64, format="docx"),
        tables=[
            IndicatorTable(
                kind="department",
                title="某局部门整体支出绩效目标申报表",
                indicators=[
                    Indicator(level1="投入管理指标", level2="不存在的管理", level3="x", value=parse_value("100%"))
                ],
            )
        ],
    )
    assert [f.code for f in run_rules(doc, ["level2_parent"], config)] == ["qa_level2_mismatch"]


def test_budget_sum_counts_every_source_the_block_prints() -> None:
    # The central template: 年度资金总额 2134.87 = 财政拨款 1384.87 + 上年结转 750.00 + 其他资金 0 (a
    # correctly read form once got a false error here: the sum left 上年结转 out).
    central = doc()
    central.tables[0].budget = Budget(
        total=2134.87, fiscal=1384.87, carried_over=750.0, other=0.0, currency_unit="万元"
    )
    assert budget.check(central, CONFIG) == []
    central.tables[0].budget = Budget(
        total=2134.87, fiscal=1384.87, carried_over=700.0, other=0.0, currency_unit="万元"
    )
    (found,) = budget.check(central, CONFIG)
    assert found.code == "qa_budget_sum_mismatch" and "上年结转 700" in found.message


def test_a_rate_in_per_mille_is_a_rate() -> None:
    rows = [*GOOD, ("产出指标", "质量指标", "资产折损率", "≤3‰")]
    assert quantitative.check(doc(rows), CONFIG) == []
    rows = [*GOOD, ("产出指标", "质量指标", "资产折损率", "≤3次")]
    assert codes(quantitative.check(doc(rows), CONFIG)) == ["qa_unit_mismatch"]


def test_money_a_project_moves_is_its_output() -> None:
    # A loan-guarantee fund's 贷款发放额 in 亿元 is what it produces, not what it spends.
    loans = [*GOOD, ("产出指标", "数量指标", "本年度创业担保贷款发放额", "40亿元")]
    assert content.check(doc(loans), CONFIG) == []
    spent = [*GOOD, ("产出指标", "数量指标", "电费", "0.85万元")]
    assert codes(content.check(doc(spent), CONFIG)) == ["qa_money_as_quantity"]
