"""Indicators read from prose: their name and levels were inferred, never printed. A reviewer is told
where the inference is least sure (below the confidence threshold), as information only."""

from __future__ import annotations

from budget_perf.qa.config import ocr_min_confidence
from budget_perf.qa.rules.common import finding, rows, where
from extract.ocr.doubt import doubtful
from schemas import Document, Issue


def check(doc: Document, config: dict) -> list[Issue]:
    minimum = ocr_min_confidence(config)  # the one confidence threshold, here of the inference
    out = []
    for t_index, table, r_index, ind in rows(doc):
        if table.origin != "prose" or not doubtful(ind.confidence, minimum):
            continue
        what = "定性表述" if ind.value.number is None else "名称取自较长的句子"
        message = (
            f"{where(table, ind)}由文字段落推断（{ind.level1}/{ind.level2 or '—'}，{what}，置信度 "
            f"{ind.confidence:.2f}），请对照原文「{ind.description}」核对"
        )
        out.append(finding("info", "qa_prose_inferred", message, t_index, r_index, ind, "level3"))
    return out
