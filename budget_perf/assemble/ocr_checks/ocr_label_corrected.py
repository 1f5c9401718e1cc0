"""A 一级/二级 label or a header read a glyph off, put right by the closed vocabulary.

Evidence, one of:
- a label one glyph off the vocabulary of levels ("数益指标" → 效益指标), or, once rows cut by a
  page break are whole, short of its last glyph ("可持续影响指" → 可持续影响指标)
  (normalizers/labels.py: near_label, label_short_of_its_end);
- one OCR'd cell over the 一级 and 二级 columns holding a 一级 label followed by a 二级 one
  ('效益指标可持续影响指标'): cut where the vocabulary says, the rule between them lost;
- a header cell read by its place or cut into the labels of the columns it spans
  (budget_perf/assemble/columns.py: Header.corrected), noted here with the same code.

Looks at: the 一级/二级 cells (the first cell's `confidence` says it was OCR'd; the same `Cell`
under both roles says one cell spans both columns) and their text; the header's corrected cells.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from budget_perf.assemble.ocr_checks.common import FIELD_NAMES, Effect, Step, cell_finding, ocr_read
from extract.model import Cell
from normalizers.labels import LEVEL_LABELS, WEIGHT_NOTE, label_short_of_its_end, near_label, split_weight
from normalizers.text import clean, label_key
from schemas.models import Issue

if TYPE_CHECKING:
    from budget_perf.assemble.columns import Header

EFFECT = Effect.CORRECT  # the vocabulary proves the label: rewritten, noted at info
STEP: Step = "labels"

_WEIGHT_NOTE = re.compile(WEIGHT_NOTE)


def corrected_label(
    index: int, role: str, cells: list[Cell], text: str, *, whole: bool = False
) -> tuple[str, Issue | None]:
    """An OCR'd 一级/二级 label one glyph off the vocabulary ("数益指标"), put right, with a note.

    `whole`: the row is known not to go on over a page break, so a label short of its last
    glyph ("可持续影响指") is completed too.
    """
    if not ocr_read(cells):
        return text, None
    label, _ = split_weight(text)
    fixed = (label_short_of_its_end if whole else near_label)(label or "", role)
    if fixed is None:
        return text, None
    message = f"{FIELD_NAMES[role]}「{text}」按指标体系读作「{fixed}」（OCR 近似识别）"
    finding = cell_finding("ocr_label_corrected", index, role, cells[0], message, severity="info")
    return text.replace(label, fixed, 1), finding


def split_joined_labels(index: int, role_cells: dict[str, list[Cell]], texts: dict[str, str]) -> Issue | None:
    """An OCR'd cell over the 一级 and 二级 columns (the rule between them lost): a 一级 label
    followed by a 二级 one ('效益指标可持续影响指标') is cut into the two; a 一级 label alone
    leaves the 二级 to come from the rows above, not to repeat the 一级. `texts` is updated."""
    level1, level2 = role_cells.get("level1", []), role_cells.get("level2", [])
    if len(level1) != 1 or len(level2) != 1 or level1[0] is not level2[0] or level1[0].confidence is None:
        return None
    text = texts.get("level1", "")
    note = _WEIGHT_NOTE.search(text)  # '效益指标(30分)' stays with its 一级 label
    key = label_key(_WEIGHT_NOTE.sub("", text))
    # Every cut leaving two non-empty parts; the vocabulary alone says which is right.
    cuts = [i for i in range(1, len(key)) if key[:i] in LEVEL_LABELS["level1"] and key[i:] in LEVEL_LABELS["level2"]]
    if len(cuts) == 1:
        texts["level1"] = key[: cuts[0]] + (note.group() if note else "")
        texts["level2"] = key[cuts[0] :]
        message = (
            f"一级指标、二级指标读在同一个单元格「{text}」中（可能漏检了一条竖线），"
            f"按指标体系拆为「{texts['level1']}」「{texts['level2']}」"
        )
        return cell_finding("ocr_label_corrected", index, "level1", level1[0], message, severity="info")
    if key in LEVEL_LABELS["level1"]:
        texts["level2"] = ""
    return None


def header_corrections(header: Header, index: int) -> list[Issue]:
    """The header cells read by their place or cut into the labels of their columns."""
    return [
        Issue(
            severity="info", code="ocr_label_corrected", table=index, page=cell.page, field="header",
            bbox=list(cell.bbox) if cell.bbox else None,
            message=f"表头「{clean(cell.text)}」按列的位置读作「{label}」",
        )
        for cell, label in header.corrected
    ]  # fmt: skip
