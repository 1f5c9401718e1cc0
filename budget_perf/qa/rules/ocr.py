"""OCR findings: cells read with low confidence (threshold from the config), suspicious digits, and
scanned tables lost or rows merged (the reader's warnings, surfaced for the reviewer)."""

from __future__ import annotations

from budget_perf.qa.rules.common import finding, rows, where
from schemas import Document, Issue

SURFACED = ("ocr_suspicious_digits", "ocr_unit_mismatch", "ocr_table_unread", "ocr_rows_merged")


def check(doc: Document, config: dict) -> list[Issue]:
    minimum = float(config["ocr"]["min_confidence"])
    out = [i for i in doc.issues if i.code in SURFACED]
    flagged = {(i.table, i.row) for i in doc.issues if i.code == "ocr_low_confidence"}
    for t_index, table, r_index, ind in rows(doc):
        if table.origin == "prose":
            continue  # a prose clause is read exactly; its confidence is the inference's (prose rule)
        if ind.confidence is not None and ind.confidence < minimum:
            message = f"{where(table, ind)}的 OCR 置信度 {ind.confidence:.2f} 低于 {minimum:g}，请核对原件"
            if (t_index, r_index) not in flagged:
                out.append(finding("warning", "ocr_low_confidence", message, t_index, r_index, ind, "value"))
            else:
                out += [
                    i for i in doc.issues if i.code == "ocr_low_confidence" and (i.table, i.row) == (t_index, r_index)
                ]
    return out
