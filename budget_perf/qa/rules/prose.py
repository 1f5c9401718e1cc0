"""Indicators read from prose: their name and levels were inferred, never printed. A reviewer is told
where the inference is least sure (below the confidence threshold), as information only."""

from __future__ import annotations

from budget_perf.qa.rules.common import finding, rows, where
from schemas import Document, Issue


def check(doc: Document, config: dict) -> list[Issue]:
    minimum = float(config["ocr"]["min_confidence"])
    out = []
    for t_index, table, r_index, ind in rows(doc):
        if table.origin != "prose" or ind.confidence is None or ind.confidence >= minimum:
            continue
        what = "定性表述" if ind.value.number is None else "名称取自较长的句子"
        message = (
            f"{where(table, ind)}由文字段落推断（{ind.level1}/{ind.level2 or '—'}，{what}，置信度 "
            f"{ind.confidence:.2f}），请对照原文「{ind.description}」核对"
        )
        out.append(finding("info", "qa_prose_inferred", message, t_index, r_index, ind, "level3"))
    return out
