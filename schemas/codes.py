"""Every issue code the tool can emit: its layer, the severities it is emitted at, and its Chinese
name for people reading reports (the code stays beside the name, for people writing filters).

A code is a stable machine name (the contract's `Issue.code`). `tests/test_codes.py` checks that
every code the code base emits is here, at a severity listed here, and that nothing listed here is
no longer emitted."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.models import Severity


@dataclass(frozen=True, slots=True)
class Code:
    layer: str  # "reader" (a reader met it), "assembly" (tables and rows), "qa" (a rule), "load"
    severities: tuple[Severity, ...]
    name: str  # 中文名


E, W, I = "error", "warning", "info"  # noqa: E741

CODES: dict[str, Code] = {
    # Readers: a page, a sheet or the encoding.
    "page_unreadable": Code("reader", (E,), "页面无法读取"),
    "page_out_of_memory": Code("reader", (E,), "页面内存不足"),
    "page_too_complex": Code("reader", (E,), "页面内容过于复杂"),
    "page_geometry": Code("reader", (W,), "页面尺寸异常"),
    "page_scaled_down": Code("reader", (W,), "页面按像素上限缩小识别"),
    "text_outside_page": Code("reader", (W,), "文字在页面框之外"),
    "image_outside_page": Code("reader", (W,), "扫描图像在页面框之外"),
    "text_clipped": Code("reader", (I,), "单元格文字被裁剪"),
    "no_text_layer": Code("reader", (E,), "页面没有文字层"),
    "garbled_text": Code("reader", (E,), "文字层无法解码"),
    "lineless_table": Code("reader", (I,), "无竖线表格"),
    "ocr_page": Code("reader", (I,), "OCR 识别的页面"),
    "blank_page": Code("reader", (I,), "空白页未识别"),
    "ocr_rows_merged": Code("reader", (W,), "扫描表格行可能合并"),
    "sheet_unreadable": Code("reader", (E,), "工作表无法读取"),
    "number_lost_digits": Code("reader", (W,), "编码以数字存储丢失位数"),
    "converted_with_libreoffice": Code("reader", (I,), "经 LibreOffice 转换"),
    "html_encoding": Code("reader", (W, I), "网页编码"),
    "html_external_content": Code("reader", (I,), "网页引用的外部内容未读取"),
    "library_warning": Code("reader", (I,), "组件警告"),
    # Assembly: tables, rows and their header fields.
    "no_indicator_table": Code("assembly", (W, I), "没有绩效指标表"),
    "no_indicator_rows": Code("assembly", (W,), "表中没有指标行"),
    "missing_level1": Code("assembly", (W,), "缺少一级指标"),
    "level1_inferred": Code("assembly", (I,), "一级指标系推断"),
    "deadline_year_unknown": Code("assembly", (I,), "期限缺少年份"),
    "value_unit_mismatch": Code("assembly", (W,), "单位与指标名称不符"),
    "currency_unit_unknown": Code("assembly", (W,), "金额单位不明"),
    "budget_unit_suspect": Code("assembly", (W,), "金额单位可疑"),
    "nature_code_inferred": Code("assembly", (I,), "指标性质代码推断"),
    "records_unread": Code("assembly", (W,), "指标记录未能读出"),
    "record_unread": Code("assembly", (W,), "指标记录一段未能读出"),
    "prose_section_without_target": Code("assembly", (I,), "文字段落没有目标值"),
    "ocr_table_unread": Code("assembly", (W,), "扫描表格未能读出"),
    "ocr_label_corrected": Code("assembly", (I,), "OCR 标签已按词表更正"),
    "ocr_suspicious_digits": Code("assembly", (W,), "OCR 数字可疑"),
    "ocr_unit_mismatch": Code("assembly", (W,), "OCR 单位可疑"),
    "ocr_low_confidence": Code("assembly", (W,), "OCR 识别置信度低"),
    "ocr_digits_lost": Code("assembly", (W,), "OCR 数字与本列写法不符，疑似漏识"),
    "ocr_thousands_separator": Code("assembly", (W, I), "OCR 千位分隔符疑似识别为小数点"),
    # QA rules (budget_perf/qa/rules).
    "qa_missing_output": Code("qa", (E,), "缺少产出指标"),
    "qa_missing_benefit": Code("qa", (E,), "缺少效益指标"),
    "qa_missing_satisfaction": Code("qa", (E, W), "缺少满意度指标"),
    "qa_missing_level1": Code("qa", (E, W), "缺少必备的一级指标"),
    "qa_level2_mismatch": Code("qa", (E,), "二级指标与一级指标不符"),
    "qa_missing_number": Code("qa", (W,), "缺少量化目标值"),
    "qa_missing_unit": Code("qa", (W,), "缺少计量单位"),
    "qa_unit_mismatch": Code("qa", (E,), "比率未以百分比表示"),
    "qa_timeliness_without_deadline": Code("qa", (W,), "时效指标无完成时限"),
    "qa_deadline_outside_year": Code("qa", (E,), "完成时限不在预算年度内"),
    "qa_cost_exceeds_budget": Code("qa", (E,), "成本超过预算总额"),
    "qa_budget_sum_mismatch": Code("qa", (E,), "预算总额与分项之和不符"),
    "qa_low_satisfaction_target": Code("qa", (W,), "满意度目标偏低"),
    "qa_empty_value": Code("qa", (W,), "指标值为空"),
    "qa_duplicate_row": Code("qa", (W,), "指标重复"),
    "qa_value_repeats_name": Code("qa", (W,), "指标值仅重复指标名称"),
    "qa_prose_inferred": Code("qa", (I,), "由文字段落推断的指标"),
    "qa_money_as_quantity": Code("qa", (E,), "数量指标以金额为目标"),
    "qa_not_applicable_rows": Code("qa", (I,), "不适用的模板行"),
    "qa_shortfall_without_reason": Code("qa", (W,), "未完成目标且无偏差原因"),
    "qa_score_above_weight": Code("qa", (E,), "得分高于分值"),
    "qa_met_but_scored_low": Code("qa", (W,), "已完成目标但得分偏低"),
    "qa_missed_but_full_score": Code("qa", (W,), "未完成目标却得满分"),
    "qa_total_score_mismatch": Code("qa", (E,), "得分合计与总分不符"),
    "qa_execution_rate_mismatch": Code("qa", (E,), "执行率与金额不符"),
    "qa_executed_above_budget": Code("qa", (W,), "执行数超过预算数"),
    # Loading into a database.
    "qa_not_run": Code("load", (W,), "未运行质量检查"),
}


def name_of(code: str) -> str:
    """The code's Chinese name; the code itself for one no registry names (a newer tool's)."""
    entry = CODES.get(code)
    return entry.name if entry else code
