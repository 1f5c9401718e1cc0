"""Seed 000's project table as the budget system exported it: drawn, not typeset (see drawn.py)."""

from __future__ import annotations

from pathlib import Path

from samples.builders import hebei
from samples.builders.drawn import Spec, draw_pdf


def _t(text: str, rs: int = 1, cs: int = 1) -> tuple[str, int, int]:
    return (text, rs, cs)


def build(path: Path) -> None:
    header = [
        [
            _t("项目编码"),
            _t("13080023P000195100036", cs=2),
            _t("项目名称"),
            _t("2023 年度高校大学生应急救护初级培训专项经费", cs=3),
        ],
        [
            _t("预算规模及资金用途", rs=2),
            _t("预算数"),
            _t("5.00"),
            _t("其中：财政资金"),
            _t("5.00"),
            _t("其他资金"),
            _t(""),
        ],
        [_t("2023 年高校大学生应急救护培训", cs=6)],
        [_t("资金支出计划(%)", rs=2), _t("3 月底", cs=2), _t("6 月底"), _t("10 月底"), _t("12 月底", cs=2)],
        [_t("", cs=2), _t(""), _t(""), _t("100%", cs=2)],
        [_t("绩效目标"), _t("1.目标内容 1", cs=6)],
        [_t("一级指标"), _t("二级指标"), _t("三级指标"), _t("绩效指标描述", cs=2), _t("指标值"), _t("指标值确定依据")],
    ]
    body = []
    for level1, rows in (
        ("产出指标", hebei.OUTPUT_ROWS),
        ("效益指标", hebei.BENEFIT_ROWS),
        ("满意度指标", hebei.SATISFACTION_ROWS),
    ):
        for i, (l2, l3, desc, value, basis) in enumerate(rows):
            head = [_t(level1, rs=len(rows))] if i == 0 else []
            body.append([*head, _t(l2), _t(l3), _t(desc, cs=2), _t(value), _t(basis)])
    spec = Spec(widths=[44, 44, 50, 36, 74, 62, 52], header=header, body=body, rotated={"效益指标"})
    # Twelve prose paragraphs put the page break inside the "9 师资班课程 9 门" row, as the
    # seed's own export cut "≥1500 新生救护员培 / 训 1500 人".
    prose = (hebei.PROSE + [g for sub in hebei.SUB_GOALS for g in sub])[:12]
    draw_pdf(path, hebei.TITLE, [("单位：445001 承德市红十字会本级", "万元")], spec, prose=prose)
