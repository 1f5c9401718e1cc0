"""Chinese names of the finding codes, for people reading the review report (the code stays
beside the name, for people writing filters)."""

from __future__ import annotations

CODE_NAMES = {
    "qa_missing_output": "缺少产出指标",
    "qa_missing_benefit": "缺少效益指标",
    "qa_missing_satisfaction": "缺少满意度指标",
    "qa_level2_mismatch": "二级指标与一级指标不符",
    "qa_missing_number": "缺少量化目标值",
    "qa_missing_unit": "缺少计量单位",
    "qa_unit_mismatch": "比率未以百分比表示",
    "qa_timeliness_without_deadline": "时效指标无完成时限",
    "qa_deadline_outside_year": "完成时限不在预算年度内",
    "qa_cost_exceeds_budget": "成本超过预算总额",
    "qa_budget_sum_mismatch": "预算总额与分项之和不符",
    "qa_low_satisfaction_target": "满意度目标偏低",
    "qa_empty_value": "指标值为空",
    "qa_duplicate_row": "指标重复",
    "qa_value_repeats_name": "指标值仅重复指标名称",
    "qa_prose_inferred": "由文字段落推断的指标",
    "qa_money_as_quantity": "数量指标以金额为目标",
    "qa_not_applicable_rows": "不适用的模板行",
    "qa_shortfall_without_reason": "未完成目标且无偏差原因",
    "qa_score_above_weight": "得分高于分值",
    "qa_met_but_scored_low": "已完成目标但得分偏低",
    "qa_missed_but_full_score": "未完成目标却得满分",
    "qa_total_score_mismatch": "得分合计与总分不符",
    "qa_execution_rate_mismatch": "执行率与金额不符",
    "qa_executed_above_budget": "执行数超过预算数",
    "ocr_low_confidence": "OCR 识别置信度低",
    "ocr_suspicious_digits": "OCR 数字可疑",
    "ocr_unit_mismatch": "OCR 单位可疑",
    "ocr_table_unread": "扫描表格未能读出",
    "ocr_rows_merged": "扫描表格行可能合并",
    "ocr_label_corrected": "OCR 标签已按词表更正",
    "currency_unit_unknown": "金额单位不明",
    "budget_unit_suspect": "金额单位可疑",
    "no_indicator_rows": "表中没有指标行",
    "no_indicator_table": "没有绩效指标表",
    "missing_level1": "缺少一级指标",
    "deadline_year_unknown": "期限缺少年份",
    "value_unit_mismatch": "单位与指标名称不符",
    "number_lost_digits": "编码以数字存储丢失位数",
    "page_unreadable": "页面无法读取",
    "page_out_of_memory": "页面内存不足",
    "page_geometry": "页面尺寸异常",
    "no_text_layer": "页面没有文字层",
    "garbled_text": "文字层无法解码",
    "lineless_table": "无竖线表格",
    "ocr_page": "OCR 识别的页面",
    "nature_code_inferred": "指标性质代码推断",
    "converted_with_libreoffice": "经 LibreOffice 转换",
    "library_warning": "组件警告",
    "sheet_unreadable": "工作表无法读取",
    "text_clipped": "单元格文字被裁剪",
    "level1_inferred": "一级指标系推断",
    "records_unread": "指标记录未能读出",
    "record_unread": "指标记录一段未能读出",
}
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def name_of(code: str) -> str:
    return CODE_NAMES.get(code, code)
