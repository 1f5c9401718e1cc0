"""Tables joined across pages, and the lines a cell runs over a page's bottom rule."""

from __future__ import annotations

from extract.model import Cell, Paragraph, Table
from extract.placement import Placed, join_across_pages

XS = [60.0, 124.0, 189.0, 282.0]
PAGE_H = 842.0


def _table(page: int, top: float, rows: list[list[str]], row_h: float = 16.0) -> Placed:
    cells = [
        Cell(row=r, col=c, text=t, page=page, bbox=(XS[c], top + r * row_h, XS[c + 1], top + (r + 1) * row_h))
        for r, texts in enumerate(rows)
        for c, t in enumerate(texts)
    ]
    bottom = top + len(rows) * row_h
    return Placed(Table(cells=cells, pages=[page]), page, top, bottom, XS, PAGE_H)


def _line(page: int, top: float, text: str, x0: float, x1: float) -> Placed:
    return Placed(Paragraph(text=text, page=page), page, top, top + 10.0, span=(x0, x1))


def _texts(table: Table) -> list[list[str]]:
    grid = table.grid()
    return [[c.text if c else "" for c in row] for row in grid]


def test_a_line_run_over_the_bottom_rule_joins_its_cell() -> None:
    first = _table(1, 700.0, [["产出指标", "数量指标", "培训次数"], ["效益指标", "可持续影响指", "设施使用年限"]])
    spill = _line(1, 731.0, "标", 127.0, 136.0)  # its glyph box reaches a point over the rule
    second = _table(2, 60.0, [["", "", "长效管护机制"]])
    (table,) = join_across_pages([first, spill, second])
    assert isinstance(table, Table)
    assert _texts(table)[1][1] == "可持续影响指\n标"
    assert table.pages == [1, 2]


def test_two_lines_run_over_are_both_joined() -> None:
    first = _table(1, 700.0, [["效益指标", "服务对象满", "设施使用年限"]])
    lines = [_line(1, 717.0, "意度指", 127.0, 160.0), _line(1, 728.0, "标", 127.0, 136.0)]
    (table,) = join_across_pages([first, *lines, _table(2, 60.0, [["", "", "长效管护机制"]])])
    assert isinstance(table, Table)
    assert _texts(table)[0][1] == "服务对象满\n意度指\n标"


def test_text_under_a_table_is_kept_as_text_where_it_is_no_cell_s_overflow() -> None:
    first = _table(1, 700.0, [["效益指标", "社会效益指标", "受益人数"]])
    cases = [
        _line(1, 717.0, "注：数据来源于统计年鉴", 60.0, 200.0),  # across columns: a note
        _line(1, 740.0, "标", 127.0, 136.0),  # a line's height below the rule: not run over
    ]
    for line in cases:
        blocks = join_across_pages([first, line, _table(2, 60.0, [["", "", "长效管护机制"]])])
        assert [type(b).__name__ for b in blocks] == ["Table", "Paragraph", "Table"]
        assert blocks[0].cells[1].text == "社会效益指标"


def test_a_line_under_a_table_that_does_not_go_on_stays_text() -> None:
    first = _table(1, 700.0, [["效益指标", "可持续影响指", "设施使用年限"]])
    blocks = join_across_pages([first, _line(1, 717.0, "标", 127.0, 136.0)])
    assert [type(b).__name__ for b in blocks] == ["Table", "Paragraph"]


def test_the_columns_a_page_ends_with_are_handed_to_the_next() -> None:
    from extract.placement import columns_running_on

    low = _table(1, 700.0, [["产出指标", "数量指标", "培训次数"]])
    assert columns_running_on([low, _line(1, 720.0, "注", 60.0, 70.0)]) == XS
    assert columns_running_on([_table(1, 100.0, [["产出指标", "数量指标", "培训次数"]])]) is None  # ends high
    assert columns_running_on([_line(1, 720.0, "正文", 60.0, 200.0)]) is None


def test_a_running_header_does_not_part_a_table_from_its_continuation() -> None:
    title = _line(1, 40.0, "政策和项目预算绩效目标表", 200.0, 340.0)
    first = _table(1, 700.0, [["产出指标", "数量指标", "培训次数"], ["产出指标", "质量指标", "合格率"]])
    again = _line(2, 40.0, "政策和项目预算绩效目标表", 200.0, 340.0)
    second = _table(2, 60.0, [["效益指标", "社会效益指标", "受益人数"]])
    blocks = join_across_pages([title, first, again, second])
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph"]
    assert _texts(blocks[1])[2] == ["效益指标", "社会效益指标", "受益人数"]
    assert blocks[1].pages == [1, 2]


def test_the_next_form_under_the_same_title_stays_a_table_of_its_own() -> None:
    title = _line(1, 40.0, "政策和项目预算绩效目标表", 200.0, 340.0)
    first = _table(1, 700.0, [["产出指标", "数量指标", "培训次数"], ["产出指标", "质量指标", "合格率"]])
    again = _line(2, 40.0, "政策和项目预算绩效目标表", 200.0, 340.0)
    # The next page's form has an indicator header row of its own (a level and a target): another
    # project's table.
    second = _table(
        2, 60.0, [["项目名称", "某项目", ""], ["一级指标", "三级指标", "指标值"], ["产出指标", "培训次数", "10次"]]
    )
    blocks = join_across_pages([title, first, again, second])
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph", "Table"]
    # Text that is not a running header still parts them, as before.
    other = _line(2, 40.0, "注：以下为续表", 200.0, 340.0)
    plain = _table(2, 60.0, [["效益指标", "社会效益指标", "受益人数"]])
    blocks = join_across_pages([title, first, other, plain])
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph", "Table"]


def test_a_break_inside_a_header_block_joins_on_the_rules_of_both_parts() -> None:
    # Page 1 ends inside the header block, whose rows merge the first two columns; page 2 goes
    # on with rules of all three columns, and no header row of its own opens it.
    narrow = [XS[0], XS[2], XS[3]]
    cells = [Cell(row=0, col=0, text="年度资金总额", page=1, bbox=(XS[0], 800.0, XS[2], 816.0)),
             Cell(row=0, col=1, text="100.00", page=1, bbox=(XS[2], 800.0, XS[3], 816.0))]  # fmt: skip
    first = Placed(Table(cells=cells, pages=[1]), 1, 800.0, 816.0, narrow, PAGE_H)
    second = _table(
        2, 60.0, [["其他资金", "", "0.00"], ["一级指标", "三级指标", "指标值"], ["产出指标", "培训次数", "10次"]]
    )
    (table,) = join_across_pages([first, second])
    assert _texts(table) == [
        ["年度资金总额", "年度资金总额", "100.00"],
        ["其他资金", "", "0.00"],
        ["一级指标", "三级指标", "指标值"],
        ["产出指标", "培训次数", "10次"],
    ]
    # A part that opens with its own indicator header row is a table of its own.
    alone = _table(2, 60.0, [["一级指标", "三级指标", "指标值"], ["产出指标", "培训次数", "10次"]])
    first = Placed(Table(cells=[Cell(0, 0, "项目名称", page=1), Cell(0, 1, "某项目", page=1)], pages=[1]), 1, 800.0,
                   816.0, narrow, PAGE_H)  # fmt: skip
    assert len(join_across_pages([first, alone])) == 2


def test_a_header_row_repeated_under_the_running_title_goes_on_with_the_table() -> None:
    # A multi-project table prints its title and its header row again on every page: the part
    # under them goes on with the table (its projects are in its columns, not in a header block).
    title = _line(1, 40.0, "项目支出绩效目标表", 200.0, 340.0)
    head = ["一级指标", "三级指标", "指标值"]
    first = _table(1, 700.0, [head, ["产出指标", "培训次数", "10次"]])
    again = _line(2, 40.0, "项目支出绩效目标表", 200.0, 340.0)
    second = _table(2, 60.0, [head, ["效益指标", "受益人数", "100人"]])
    blocks = join_across_pages([title, first, again, second])
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph"]
    assert _texts(blocks[1])[2:] == [head, ["效益指标", "受益人数", "100人"]]
    # Another header row (another form's columns) still opens a table of its own.
    other = _table(2, 60.0, [["一级指标", "三级指标", "年度指标值"], ["效益指标", "受益人数", "100人"]])
    blocks = join_across_pages([title, first, again, other])
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph", "Table"]
