"""Issues on OCR'd indicator rows: cells and rows read below the confidence threshold (decided by
extract/ocr/doubt.py), and numbers OCR tends to break (letters among digits, a rate that lost its
%). Each names page, table, row and cell. QA shows these notes as they are."""

from __future__ import annotations

import re

from extract.model import Cell
from extract.ocr.doubt import doubtful_cells, row_needs_own_note
from normalizers.grammar import is_unfilled_row
from normalizers.labels import LEVEL_LABELS, WEIGHT_NOTE, label_short_of_its_end, near_label, split_weight
from normalizers.number_shapes import digits_lost_against_column, separators_read_as_points
from normalizers.text import label_key
from normalizers.values import parse_value
from schemas.models import Budget, Indicator, Issue, Severity, issue

FIELD_NAMES = {
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "value": "指标值",
    "actual": "实际完成值",
    "description": "指标描述",
    "basis": "依据",
}
# O/o for 0, l/I/| for 1, S for 5, B for 8, Z for 2, next to digits: "1O0%", "l00", "5O万元";
# a thousands group short of three digits, a digit lost ("3,85,724", "9,511,99株": not \b, an
# ideograph is a word character); a degree sign after a number, a speck over its last digit
# ('高于668°': degrees Celsius are written ℃ or °C); a grouped number with three decimals, a
# thousands separator read as a point ('1,755.526').
_LOOKALIKE = re.compile(
    r"(?<=\d)[OoIlSBZ|]|[OoIlSBZ|](?=\d)|(?<=\d)[,，](?=\d{1,2}(?!\d))|(?<=\d)[°º˚](?![CＣ])"
    r"|\d,\d{3}\.\d{3}(?!\d)"
)


def check_row(
    index: int,
    role_cells: dict[str, list[Cell]],
    texts: dict[str, str],
    unit: str | None,
    number: float | None,
    min_confidence: float,
) -> list[Issue]:
    found = [
        _finding(
            "ocr_low_confidence",
            index,
            doubt.role,
            doubt.cell,
            f"OCR 置信度 {doubt.confidence:.2f}：{FIELD_NAMES.get(doubt.role, doubt.role)}「{doubt.cell.text}」请核对",
        )
        for doubt in doubtful_cells(role_cells, min_confidence)
    ]
    joined = _joined_roles(role_cells)
    if joined:
        cell, roles = joined
        names = "、".join(FIELD_NAMES.get(r, r) for r in roles)
        message = f"{names}读在同一个单元格「{cell.text}」中，可能漏检了一条竖线，请核对原件"
        found.append(_finding("ocr_rows_merged", index, roles[0], cell, message))
    for role in ("value", "actual"):
        text = texts.get(role, "")
        cells = role_cells.get(role, [])
        for cell in cells:
            if cell.second_reading is not None:
                found.append(
                    _finding(
                        "ocr_suspicious_digits", index, role, cell,
                        f"{FIELD_NAMES[role]}「{cell.text}」放大后再次识别为「{cell.second_reading}」，"
                        "数字、小数点或比较符号可能误读，请核对原件",
                    )
                )  # fmt: skip
        if text and cells and cells[0].confidence is not None and _LOOKALIKE.search(text):
            found.append(
                _finding(
                    "ocr_suspicious_digits",
                    index,
                    role,
                    cells[0],
                    f"{FIELD_NAMES[role]}「{text}」中的字母、逗号或符号疑似 OCR 误读的数字，请核对",
                )
            )
    name = texts.get("level3", "")
    cells = role_cells.get("value", [])
    if (
        name.endswith("率")
        and number is not None
        and unit not in (None, "%")
        and cells
        and cells[0].confidence is not None
    ):
        found.append(
            _finding(
                "ocr_unit_mismatch",
                index,
                "value",
                cells[0],
                f"「{name}」是比率，但指标值「{texts.get('value')}」的单位是「{unit}」，可能 OCR 误读了 %",
            )
        )
    return found


def row_doubt(index: int, indicator: Indicator, cell_notes: list[Issue], min_confidence: float) -> Issue | None:
    """A row read below the threshold that none of its cells' notes explains (a disputing note
    capped its confidence, an empty cell scored low, a records cell): noted on the row itself. A
    template row nobody filled is not checked."""
    cells_noted = sum(f.code == "ocr_low_confidence" for f in cell_notes)
    if not row_needs_own_note(indicator.confidence, cells_noted, min_confidence):
        return None
    if is_unfilled_row(indicator.value.raw, indicator.level3):
        return None
    name = indicator.level3 or indicator.level2 or indicator.level1
    message = f"「{name}」的 OCR 置信度 {indicator.confidence:.2f} 低于 {min_confidence:g}，请核对原件"
    bbox = indicator.value_bbox or indicator.bbox
    return issue("warning", "ocr_low_confidence", message, indicator.page, row=index, field="value", bbox=bbox)


def numbers_short_of_their_column(values: list[tuple[list[Cell], str]], year: int | None) -> dict[int, str]:
    """Rows (by position) whose OCR'd target lost digits or its point against the way the column's
    other targets write their numbers (normalizers/number_shapes.py): position → an example of
    that way. Text, deadlines and cells not OCR'd take no part."""
    texts = [
        text if cells and cells[0].confidence is not None and _plain_number(text, year) else None
        for cells, text in values
    ]
    return digits_lost_against_column(texts)


def _plain_number(text: str, year: int | None) -> bool:
    value = parse_value(text, year)
    return value.number is not None and value.deadline is None


def digits_lost(index: int, cells: list[Cell], text: str, example: str) -> Issue:
    message = f"指标值「{text}」与本列其他数字的写法（如「{example}」）不符，可能漏识了数字或小数点，请核对原件"
    return _finding("ocr_digits_lost", index, "value", cells[0], message)


_OWN_COLUMN = ("level3", "description", "value", "actual")
_JOINABLE = ("level2", *_OWN_COLUMN)  # a 二级 label may span rows, never into the 三级 column


def _joined_roles(role_cells: dict[str, list[Cell]]) -> tuple[Cell, list[str]] | None:
    """An OCR'd cell that fills the columns of two roles that always have columns of their own
    (三级指标 and 指标解释, …; a 二级 label and the 三级 name beside it): the rule between them
    was not seen."""
    for role in _JOINABLE:
        for cell in role_cells.get(role, []):
            if cell.confidence is None:
                continue
            roles = [r for r in _JOINABLE if any(c is cell for c in role_cells.get(r, []))]
            if len(roles) > 1:
                return cell, roles
    return None


def corrected_label(
    index: int, role: str, cells: list[Cell], text: str, *, whole: bool = False
) -> tuple[str, Issue | None]:
    """An OCR'd 一级/二级 label one glyph off the vocabulary ("数益指标"), put right, with a note.

    `whole`: the row is known not to go on over a page break, so a label short of its last
    glyph ("可持续影响指") is completed too.
    """
    if not cells or cells[0].confidence is None:
        return text, None
    label, _ = split_weight(text)
    fixed = (label_short_of_its_end if whole else near_label)(label or "", role)
    if fixed is None:
        return text, None
    message = f"{FIELD_NAMES[role]}「{text}」按指标体系读作「{fixed}」（OCR 近似识别）"
    finding = _finding("ocr_label_corrected", index, role, cells[0], message, severity="info")
    return text.replace(label, fixed, 1), finding


_WEIGHT_NOTE = re.compile(WEIGHT_NOTE)


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
    cuts = [
        i for i in range(2, len(key) - 1) if key[:i] in LEVEL_LABELS["level1"] and key[i:] in LEVEL_LABELS["level2"]
    ]
    if len(cuts) == 1:
        texts["level1"] = key[: cuts[0]] + (note.group() if note else "")
        texts["level2"] = key[cuts[0] :]
        message = (
            f"一级指标、二级指标读在同一个单元格「{text}」中（可能漏检了一条竖线），"
            f"按指标体系拆为「{texts['level1']}」「{texts['level2']}」"
        )
        return _finding("ocr_label_corrected", index, "level1", level1[0], message, severity="info")
    if key in LEVEL_LABELS["level1"]:
        texts["level2"] = ""
    return None


def _finding(code: str, index: int, role: str, cell: Cell, message: str, severity: Severity = "warning") -> Issue:
    """An issue about one cell of row `index` of the table being assembled (the table's index and
    the row's offset in a table continued over pages are set when the table is known)."""
    return issue(severity, code, message, cell.page, row=index, field=role, bbox=list(cell.bbox) if cell.bbox else None)


# A form's amounts and what adds up to its total: 资金总额 = 财政资金 + 其他资金 (+ 上年结转, 财政专户).
_AMOUNT_NAMES = {
    "total": "资金总额", "fiscal": "财政资金", "other": "其他资金", "carried_over": "上年结转",
    "special_account": "财政专户拨款", "medium_term": "中期规划金额",
}  # fmt: skip
_SUM_PARTS = ("fiscal", "other", "carried_over", "special_account")


def amounts_read_with_separators(budget: Budget, index: int) -> tuple[Budget, list[Issue]]:
    """A scanned form's amounts whose point may be a thousands separator ('39,778' read 39.778):
    corrected where the form's own sum proves it, doubted where nothing decides; never left as
    read without a note (normalizers/number_shapes.py)."""
    amounts = {name: getattr(budget, name) for name in _AMOUNT_NAMES}
    readings = separators_read_as_points(amounts, "total", _SUM_PARTS)
    notes, fixed = [], {}
    for r in readings:
        name = _AMOUNT_NAMES[r.field]
        if r.meant is not None:
            fixed[r.field] = r.meant
            message = (
                f"{name}读作 {r.as_read:g}，按表中金额之和（资金总额 = 财政资金 + 其他资金等）应为 {r.meant:g}："
                "千位分隔符被识别为小数点，已更正，请核对原件"
            )
            notes.append(issue("info", "ocr_thousands_separator", message, table=index, field=r.field))
        else:
            message = (
                f"{name} {r.as_read:g} 有三位小数，可能是千位分隔符被识别为小数点"
                f"（应为 {r.as_read * 1000:g}），请核对原件"
            )
            notes.append(issue("warning", "ocr_thousands_separator", message, table=index, field=r.field))
    return (budget.model_copy(update=fixed) if fixed else budget), notes
