"""Submissions with planted faults, one per QA rule, in the Tianjin project layout.

Each document is a correct target table except for the fault named; `EXPECTED` lists the
findings QA must produce for it."""

from __future__ import annotations

from pathlib import Path

from samples.builders.kit import S, grid_table, new_document

CLEAN_ROWS = [
    ("产出指标", "数量指标", "培训次数", "≥2次"),
    ("", "质量指标", "培训合格率", "≥95%"),
    ("", "时效指标", "完成时间", "2024年10月底前"),
    ("", "成本指标", "项目成本", "≤40万元"),
    ("效益指标", "社会效益指标", "群众自救互救能力", "显著提高"),
    ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%"),
]


def _replace(level3: str, new: tuple[str, str, str, str]) -> list[tuple[str, str, str, str]]:
    return [new if r[2] == level3 else r for r in CLEAN_ROWS]


# name: (rows, (total, fiscal, other), expected finding codes)
FAULTS: dict[str, tuple[list[tuple[str, str, str, str]], tuple[str, str, str], list[str]]] = {
    "required_level1_no_benefit": (
        [r for r in CLEAN_ROWS if r[0] != "效益指标"],
        ("50.00", "50.00", ""),
        ["qa_missing_benefit"],
    ),
    "required_level1_no_satisfaction": (
        [r for r in CLEAN_ROWS if r[0] != "满意度指标"],
        ("50.00", "50.00", ""),
        ["qa_missing_satisfaction"],
    ),
    "level2_parent": (
        _replace("培训次数", ("产出指标", "社会效益指标", "培训次数", "≥2次")),
        ("50.00", "50.00", ""),
        ["qa_level2_mismatch"],
    ),
    "quantitative_no_number": (
        _replace("培训次数", ("产出指标", "数量指标", "培训次数", "较多")),
        ("50.00", "50.00", ""),
        ["qa_missing_number"],
    ),
    "quantitative_rate_unit": (
        _replace("培训合格率", ("", "质量指标", "培训合格率", "≥95个")),
        ("50.00", "50.00", ""),
        ["qa_unit_mismatch"],
    ),
    "quantitative_no_unit": (
        _replace("培训次数", ("产出指标", "数量指标", "培训次数", "≥2")),
        ("50.00", "50.00", ""),
        ["qa_missing_unit"],
    ),
    "timeliness_no_deadline": (
        _replace("完成时间", ("", "时效指标", "完成时间", "尽快完成")),
        ("50.00", "50.00", ""),
        ["qa_timeliness_without_deadline"],
    ),
    "timeliness_wrong_year": (
        _replace("完成时间", ("", "时效指标", "完成时间", "2025年12月底前")),
        ("50.00", "50.00", ""),
        ["qa_deadline_outside_year"],
    ),
    "budget_cost_exceeds": (
        _replace("项目成本", ("", "成本指标", "项目成本", "≤80万元")),
        ("50.00", "50.00", ""),
        ["qa_cost_exceeds_budget"],
    ),
    "budget_sum": (CLEAN_ROWS, ("50.00", "30.00", "10.00"), ["qa_budget_sum_mismatch"]),
    "satisfaction_low": (
        _replace("参训人员满意度", ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥80%")),
        ("50.00", "50.00", ""),
        ["qa_low_satisfaction_target"],
    ),
    "content_empty_value": (
        _replace("群众自救互救能力", ("效益指标", "社会效益指标", "群众自救互救能力", "")),
        ("50.00", "50.00", ""),
        ["qa_empty_value"],
    ),
    "content_duplicate_row": (
        [*CLEAN_ROWS[:2], ("", "质量指标", "培训合格率", "≥95%"), *CLEAN_ROWS[2:]],
        ("50.00", "50.00", ""),
        ["qa_duplicate_row"],
    ),
    "content_value_repeats_name": (
        _replace("群众自救互救能力", ("效益指标", "社会效益指标", "群众自救互救能力", "群众自救互救能力")),
        ("50.00", "50.00", ""),
        ["qa_value_repeats_name"],
    ),
    "content_money_as_quantity": (
        [("产出指标", "数量指标", "培训经费", "10万元"), *CLEAN_ROWS[1:]],
        ("50.00", "50.00", ""),
        ["qa_money_as_quantity"],
    ),
}


def build(rows: list[tuple[str, str, str, str]], budget: tuple[str, str, str], title: str):
    doc = new_document()
    doc.add_heading(title, level=2)
    total, fiscal, other = budget
    grid_table(
        doc,
        [2.6, 1.8, 2.0, 2.6, 2.0, 2.0, 4.0],
        [
            [S("571203天津市红十字事务中心", cs=5), S("单位：万元", cs=2)],
            ["项目名称", S("应急救护培训项目", cs=6)],
            [S("预算规模及资金用途", rs=2), "预算数", total, "其中：财政资金", fiscal, "其他资金", other],
            [S("开展应急救护培训", cs=6)],
            ["绩效目标", S("1.完成年度应急救护培训", cs=6)],
        ],
    )
    starts = [i for i, r in enumerate(rows) if r[0]]
    spans = {s: (starts[k + 1] if k + 1 < len(starts) else len(rows)) - s for k, s in enumerate(starts)}
    body = [["一级指标", "二级指标", "三级指标", "指标值"]]
    for i, (l1, l2, l3, value) in enumerate(rows):
        body.append(([S(l1, rs=spans[i])] if i in spans else []) + [l2, l3, value])
    grid_table(doc, [3.0, 3.4, 5.0, 5.0], body)
    return doc


def smudged_scan(pdf: Path, out: Path, cell_text: str, dpi: int = 200) -> None:
    """An image-only copy of `pdf` with the cell holding `cell_text` smudged (a wet thumb)."""
    import numpy as np
    import pypdfium2
    from PIL import Image, ImageFilter

    from extract.pdf.reader import read_pdf

    raw = read_pdf(Path(pdf))
    cell = next(c for b in raw.blocks if hasattr(b, "cells") for c in b.cells if c.text == cell_text)
    page = pypdfium2.PdfDocument(str(pdf))[cell.page - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    x0, y0, x1, y1 = (int(v * dpi / 72) for v in cell.bbox)
    box = (x0 + 4, y0 + 4, x1 - 4, y1 - 4)
    region = page.crop(box).filter(ImageFilter.GaussianBlur(3.4))
    arr = np.asarray(region, dtype=np.float32) * 0.45 + 135  # washed out
    page.paste(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), box)
    page.save(out, "PDF", resolution=dpi)
