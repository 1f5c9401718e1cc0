"""Table finding and assembly on layouts beyond the seed samples."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from budget_perf.pipeline import convert
from samples.builders.kit import S, grid_table, save_reproducibly

HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]


def _convert(doc, tmp_path: Path):
    path = tmp_path / "t.docx"
    save_reproducibly(doc, path)
    return convert(path)


def _header_block(name: str, total: str) -> list[list]:
    return [["项目名称", S(name, cs=3)], ["预算数", total, "其中：财政资金", total]]


def test_two_projects_stacked_in_one_table(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("单位：万元")
    rows = [
        *_header_block("甲项目", "10"),
        HEADER,
        [S("产出指标", rs=2), "数量指标", "培训次数", "≥2次"],
        ["质量指标", "合格率", "≥90%"],
        *_header_block("乙项目", "20"),
        HEADER,
        ["满意度指标", "服务对象满意度指标", "满意度", "≥95%"],
    ]
    grid_table(doc, [3, 3, 3, 3], rows)
    out = _convert(doc, tmp_path)
    assert [(t.project_name, t.budget.total, t.budget.currency_unit, len(t.indicators)) for t in out.tables] == [
        ("甲项目", 10.0, "万元", 2),
        ("乙项目", 20.0, "万元", 1),
    ]
    assert out.tables[1].indicators[0].level1 == "满意度指标"


def test_header_table_right_after_indicator_table_is_not_a_continuation(tmp_path: Path) -> None:
    doc = docx.Document()
    for name in ("甲项目", "乙项目"):
        grid_table(doc, [3, 3, 3, 3], _header_block(name, "5"))
        grid_table(doc, [3, 3, 3, 3], [HEADER, ["产出指标", "数量指标", "培训次数", "1次"]])
    out = _convert(doc, tmp_path)
    assert [(t.project_name, len(t.indicators)) for t in out.tables] == [("甲项目", 1), ("乙项目", 1)]


def test_indicator_table_continued_in_a_second_table(tmp_path: Path) -> None:
    doc = docx.Document()
    grid_table(doc, [3, 3, 3, 3], [*_header_block("甲项目", "5"), HEADER, ["产出指标", "数量指标", "培训次数", "1次"]])
    grid_table(doc, [3, 3, 3, 3], [HEADER, ["", "质量指标", "合格率", "100%"]])  # header repeated
    grid_table(doc, [3, 3, 3, 3], [["效益指标", "社会效益指标", "影响", "显著"]])  # no header at all
    out = _convert(doc, tmp_path)
    assert len(out.tables) == 1
    assert [(i.level1, i.level2, i.level3) for i in out.tables[0].indicators] == [
        ("产出指标", "数量指标", "培训次数"),
        ("产出指标", "质量指标", "合格率"),
        ("效益指标", "社会效益指标", "影响"),
    ]


def test_value_header_spanning_two_columns_joins_them(tmp_path: Path) -> None:
    doc = docx.Document()
    grid_table(
        doc,
        [3, 3, 3, 2, 3],
        [
            ["项目名称", S("甲项目", cs=4)],
            ["一级指标", "二级指标", "三级指标", S("指标值", cs=2)],
            ["满意度指标", "服务对象满意度指标", "满意率", "≥90", "满意度≥90%"],
        ],
    )
    (ind,) = _convert(doc, tmp_path).tables[0].indicators
    assert (ind.value.raw, ind.value.operator, ind.value.number, ind.value.unit, ind.value.text) == (
        "≥90 满意度≥90%",
        ">=",
        90.0,
        "%",
        "满意度≥90%",
    )


def test_total_row_and_missing_level1(tmp_path: Path) -> None:
    doc = docx.Document()
    grid_table(
        doc,
        [3, 3, 3, 3, 2],
        [
            ["项目名称", S("甲项目", cs=4)],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "分值"],
            ["", "数量指标", "培训次数", "2次", "10"],
            [S("合计", cs=4), "10"],
        ],
    )
    out = _convert(doc, tmp_path)
    (table,) = out.tables
    assert table.kind == "project"  # a 分值 column alone, without 实际完成值 or 得分, is found on target forms
    assert [i.level3 for i in table.indicators] == ["培训次数"]
    # The empty 一级 cell beside 数量指标: 产出指标, the one 一级 that 二级 has, said to be inferred.
    assert [(i.level1, i.level_inferred) for i in table.indicators] == [("产出指标", True)]
    assert [i.code for i in out.issues] == ["level1_inferred"]


def test_missing_level1_that_nothing_implies(tmp_path: Path) -> None:
    doc = docx.Document()
    grid_table(
        doc,
        [3, 3, 3, 3],
        [
            ["项目名称", S("甲项目", cs=3)],
            ["一级指标", "二级指标", "三级指标", "年度指标值"],
            ["", "其他指标", "培训次数", "2次"],
        ],
    )
    out = _convert(doc, tmp_path)
    assert [(i.level1, i.level_inferred) for i in out.tables[0].indicators] == [("", False)]
    assert [i.code for i in out.issues] == ["missing_level1"]


@pytest.mark.parametrize(
    ("header", "corrected"),
    [
        (["一级指标", "级指标", "三级指标", "指标值"], 1),  # 二级指标 missing its first glyph
        # '三级指标' read '一级指标' and '二级指标' read '级指标' (seen with the PP-OCRv6 model on a
        # smudged scan): 一级 twice, so the header counted too few roles and the table was lost.
        (["一级指标", "级指标", "一级指标", "指标值"], 2),
        # '三级指标' read '二级指标' (a 150 dpi bilevel scan of the lineless sample): the third level
        # column is the name, not '指标内容', which names the indicator only on a form without one.
        (["一级指标", "二级指标", "二级指标", "指标值", "指标内容"], 1),
    ],
)
def test_a_level_header_misread_is_placed_by_order(tmp_path: Path, header: list[str], corrected: int) -> None:
    doc = docx.Document()
    body = ["产出指标", "数量指标", "培训次数", "1次", "反映培训次数"][: len(header)]
    grid_table(doc, [3] * len(header), [["项目名称", S("甲项目", cs=len(header) - 1)], header, body])
    out = _convert(doc, tmp_path)
    (ind,) = out.tables[0].indicators
    assert (ind.level1, ind.level2, ind.level3) == ("产出指标", "数量指标", "培训次数")
    assert [i.code for i in out.issues].count("ocr_label_corrected") == corrected


def test_a_grid_row_with_no_cell_of_its_own_is_not_a_second_indicator() -> None:
    """A stray rule fragment in a scan can add a grid line under a row; every cell of that row
    then spans the new grid row too. The row is one indicator, not two."""
    from budget_perf.assemble import build_tables
    from extract.model import Cell, RawDocument, Table

    def row(r: int, texts: list[str], span: int = 1) -> list[Cell]:
        return [Cell(row=r, col=c, text=t, rowspan=span) for c, t in enumerate(texts)]

    cells = [
        *row(0, ["一级指标", "二级指标", "三级指标", "指标值"]),
        *row(1, ["产出指标", "数量指标", "培训次数", "≥3次"], span=2),
        *row(3, ["效益指标", "社会效益指标", "受益人数", "≥100人"]),
    ]
    tables, _ = build_tables(RawDocument(format="pdf", blocks=[Table(cells=cells, pages=[1])], pages=1))
    assert [i.level3 for i in tables[0].indicators] == ["培训次数", "受益人数"]


def _cell(row: int, col: int, text: str, page: int = 1, confidence: float | None = 0.99, **span: int):
    from extract.model import Cell

    return Cell(row=row, col=col, text=text, page=page, confidence=confidence, **span)


def _read_under_header(cells: list, confidence: float | None = 0.99) -> tuple[list, list]:
    """Tables and issues of `cells` (rows from 1) under the header 一级/二级/三级指标, 指标值."""
    from budget_perf.assemble import build_tables
    from extract.model import RawDocument, Table

    header = [
        _cell(0, c, t, confidence=confidence) for c, t in enumerate(["一级指标", "二级指标", "三级指标", "指标值"])
    ]
    pages = sorted({1, *(c.page for c in cells)})
    return build_tables(RawDocument(format="pdf", blocks=[Table(cells=header + cells, pages=pages)], pages=len(pages)))


def _ocr_table(rows: list[tuple[int, list[str]]]) -> tuple[list, list]:
    """Indicators of one OCR'd table; each row is (page, cells)."""
    cells = [_cell(r, c, t, page) for r, (page, texts) in enumerate(rows, start=1) for c, t in enumerate(texts)]
    return _read_under_header(cells)


@pytest.mark.parametrize(
    ("level2", "expected", "notes"),
    [
        ("可持续影响指", "可持续影响指标", 1),  # the 标 lost by the recogniser
        ("社会效益指(10分)", "社会效益指标", 1),  # …before a weight note
        ("其他指", "其他指", 0),  # not a vocabulary label: kept as read
        ("可持续影响", "可持续影响", 0),  # 指标 both lost, or a form that prints no 指标: kept
    ],
)
def test_a_level_label_short_of_its_last_glyph_is_completed(level2: str, expected: str, notes: int) -> None:
    tables, issues = _ocr_table([(1, ["效益指标", level2, "带动就业", "≥5人"]), (1, ["", "", "培训", "≥2次"])])
    assert [i.level2 for i in tables[0].indicators] == [expected, expected]
    assert [i.code for i in issues].count("ocr_label_corrected") == notes


def test_a_label_cut_by_a_page_break_is_joined_not_completed_twice() -> None:
    """'数量指' closing page 1 and '标' opening page 2 are one label: joined, not '数量指标标'."""
    tables, issues = _ocr_table([(1, ["产出指标", "数量指", "培训次", "≥3次"]), (2, ["", "标", "数", ""])])
    (indicator,) = tables[0].indicators
    assert (indicator.level2, indicator.level3) == ("数量指标", "培训次数")
    assert "ocr_label_corrected" not in [i.code for i in issues]


def test_a_page_top_row_holding_only_the_ends_of_labels_is_joined_to_the_row_above() -> None:
    """A one-row 二级 cell cut by the page break: '可持续影响' closes page 1, '指标' alone opens
    page 2. It is the label's end, not a group row naming a label of its own."""
    tables, issues = _ocr_table(
        [
            (1, ["效益指标", "可持续影响", "长效管护机制", "显著"]),
            (2, ["", "指标", "", ""]),
            (2, ["", "可持续影响指标", "设施使用年限", "逐步提高"]),
        ]
    )
    assert [(i.level2, i.level3) for i in tables[0].indicators] == [
        ("可持续影响指标", "长效管护机制"),
        ("可持续影响指标", "设施使用年限"),
    ]
    assert not issues


def test_a_weight_note_cut_by_the_page_break_is_joined() -> None:
    tables, _ = _ocr_table([(1, ["效益指标（30", "社会效益指标", "受益人数", "≥100人"]), (2, ["分）", "", "", ""])])
    (indicator,) = tables[0].indicators
    assert (indicator.level1, indicator.level1_weight) == ("效益指标", 30.0)


def test_a_group_row_opening_a_page_is_not_taken_for_a_cut_label() -> None:
    tables, _ = _ocr_table(
        [
            (1, ["产出指标", "数量指标", "培训次数", "≥3次"]),
            (2, ["效益指标", "社会效益指标", "", ""]),
            (2, ["", "", "受益人数", "≥100人"]),
        ]
    )
    assert [(i.level1, i.level2) for i in tables[0].indicators] == [
        ("产出指标", "数量指标"),
        ("效益指标", "社会效益指标"),
    ]


def _spanning_table(split: list[str], second: list[str]) -> list:
    """A table whose second indicator is two grid rows, its 三级指标 cell spanning both (a stray
    rule under the other cells): `split` and `second` are the two rows' other cells."""
    cells = [_cell(1, c, t) for c, t in enumerate(["产出指标", "数量指标", "培训次数", "≥3次"])]
    cells.append(_cell(2, 2, "安全隐患消除率", rowspan=2))
    for r, texts in ((2, split), (3, second)):
        cells += [_cell(r, c, t) for c, t in zip((0, 1, 3), texts, strict=True)]
    return _read_under_header(cells)[0]


@pytest.mark.parametrize(
    ("split", "second"),
    [
        (["效益指标", "社会效益指标", ""], ["", "", "按时完成"]),  # the target under the stray rule
        (["效益指标", "社会效益指标", "按时完成"], ["", "", ""]),  # nothing under it
        (["", "", ""], ["效益指标", "社会效益指标", "按时完成"]),
    ],
)
def test_one_indicator_cut_in_two_grid_rows_by_a_stray_rule_is_one_row(split: list[str], second: list[str]) -> None:
    tables = _spanning_table(split, second)
    assert [(i.level1, i.level2, i.level3, i.value.raw) for i in tables[0].indicators][1:] == [
        ("效益指标", "社会效益指标", "安全隐患消除率", "按时完成")
    ]


def test_two_targets_under_one_spanning_name_stay_two_rows() -> None:
    tables = _spanning_table(["效益指标", "社会效益指标", "≥95%"], ["", "", "≥98%"])
    assert [i.value.raw for i in tables[0].indicators][1:] == ["≥95%", "≥98%"]


def _joined_label_table(labels: list[str], ocr: bool = True) -> tuple[list, list]:
    """Rows whose 一级 and 二级 columns are one cell (the rule between them lost)."""
    score = 0.99 if ocr else None
    cells = []
    for r, label in enumerate(labels, start=1):
        cells.append(_cell(r, 0, label, confidence=score, colspan=2))
        cells += [_cell(r, c, t, confidence=score) for c, t in ((2, f"指标{r}"), (3, "≥1次"))]
    return _read_under_header(cells, score)


def test_level_labels_read_in_one_cell_are_cut_by_the_vocabulary() -> None:
    tables, issues = _joined_label_table(
        ["效益指标(30分)可持续影响指标", "效益指标(30分)", "满意度指标服务对象满意度指标"]
    )
    got = [(i.level1, i.level1_weight, i.level2) for i in tables[0].indicators]
    assert got == [
        ("效益指标", 30.0, "可持续影响指标"),
        ("效益指标", 30.0, "可持续影响指标"),  # the 一级 label alone: the 二级 from the row above
        ("满意度指标", None, "服务对象满意度指标"),
    ]
    assert [i.code for i in issues].count("ocr_label_corrected") == 2


def test_a_cell_over_both_label_columns_is_left_as_printed_when_not_ocr() -> None:
    tables, _ = _joined_label_table(["效益指标", "其他指标"], ocr=False)
    assert [(i.level1, i.level2) for i in tables[0].indicators] == [("效益指标", "效益指标"), ("其他指标", "其他指标")]


def test_a_cell_over_the_2nd_and_3rd_level_columns_is_warned_and_disputed() -> None:
    """The rule between 二级指标 and 三级指标 lost down a scan: '可持续影响设施使用年限' read in
    one cell over both columns at 0.99. The row is not as read: warned, confidence 0.5."""
    cells = [_cell(1, 0, "效益指标"), _cell(1, 1, "可持续影响设施使用年限", colspan=2), _cell(1, 3, "有效改善")]
    tables, issues = _read_under_header(cells)
    (row,) = tables[0].indicators
    assert row.confidence == 0.5
    (merged,) = [i for i in issues if i.code == "ocr_rows_merged"]
    assert "二级指标、三级指标" in merged.message and merged.severity == "warning"
