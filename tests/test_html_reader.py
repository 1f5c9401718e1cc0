"""The HTML reader on small pages built here: encodings, web archives, span tables, layout
tables, positioned renderings of PDF pages, and pages that refer to the outside world."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budget_perf.errors import InputTooLarge
from budget_perf.pipeline import convert
from extract.html.decode import decode
from extract.html.positioned import em_width
from extract.model import Paragraph, RawDocument, Table
from extract.options import DEFAULT
from extract.registry import read, sniff_format
from samples.generators.forms import GOALS, INDICATORS, PROJECTS
from samples.generators.html import to_mhtml


def _write(tmp_path: Path, page: str | bytes, name: str = "page.html", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(page if isinstance(page, bytes) else page.encode(encoding))
    return path


def _html(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _tables(raw: RawDocument) -> list[Table]:
    return [b for b in raw.blocks if isinstance(b, Table)]


def _texts(table: Table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in table.grid()]


def _paragraphs(raw: RawDocument) -> list[str]:
    return [b.text for b in raw.blocks if isinstance(b, Paragraph)]


# ---- encodings ---------------------------------------------------------------------------

TEXT = "项目名称：朱镕基路改造工程，满意度≥95%"  # 镕 is in GBK but not in GB2312


def test_utf8_declared_page_is_read_as_declared(tmp_path: Path) -> None:
    raw = read(_write(tmp_path, _html(f"<p>{TEXT}</p>")))
    assert _paragraphs(raw) == [TEXT] and raw.format == "html"
    assert not raw.issues


def test_gbk_labelled_gb2312_decodes_gbk_characters_as_gb18030(tmp_path: Path) -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    raw = read(_write(tmp_path, _html(f"<p>{TEXT}</p>", head), encoding="gbk"))
    assert _paragraphs(raw) == [TEXT]
    assert decode(_html(TEXT, head).encode("gbk")).how == "declared"


def test_undeclared_gbk_is_sniffed_and_said_so(tmp_path: Path) -> None:
    raw = read(_write(tmp_path, _html(f"<p>{TEXT}</p>", head=""), encoding="gbk"))
    assert _paragraphs(raw) == [TEXT]
    assert [(i.severity, i.code) for i in raw.issues] == [("info", "html_encoding")]


def test_a_byte_order_mark_beats_the_declaration(tmp_path: Path) -> None:
    page = _html(f"<p>{TEXT}</p>", head='<meta charset="gbk">')
    assert _paragraphs(read(_write(tmp_path, b"\xef\xbb\xbf" + page.encode("utf-8")))) == [TEXT]
    assert _paragraphs(read(_write(tmp_path, b"\xff\xfe" + page.encode("utf-16-le"), "u16.htm"))) == [TEXT]


def test_a_utf8_page_labelled_gb2312_is_read_as_utf8(tmp_path: Path) -> None:
    page = _html(f"<p>{TEXT}</p>", head='<meta charset="gb2312">')
    assert _paragraphs(read(_write(tmp_path, page.encode("utf-8")))) == [TEXT]


def test_bytes_no_encoding_decodes_are_replaced_and_warned(tmp_path: Path) -> None:
    data = _html(f"<p>{TEXT}</p>", head='<meta charset="gbk">').encode("gbk")
    broken = data.replace("满意".encode("gbk"), b"\xff\xfe\xff")  # bytes GB18030 cannot decode
    raw = read(_write(tmp_path, broken))
    assert [(i.severity, i.code) for i in raw.issues] == [("warning", "html_encoding")]
    assert "\ufffd" in _paragraphs(raw)[0] and _paragraphs(raw)[0].startswith("项目名称：朱镕基路")


WORDS = sorted({w for names in INDICATORS.values() for w in names} | set(PROJECTS) | set(GOALS))


@settings(max_examples=60)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6), st.sampled_from(["", "<td>", "<p>"]))
def test_undeclared_gbk_text_of_budget_words_decodes_to_itself(words: list[str], tag: str) -> None:
    text = tag + "，".join(words)
    assert decode(text.encode("gbk")).text == text


# ---- sniffing and web archives -------------------------------------------------------------


@pytest.mark.parametrize(
    "start",
    [
        "<!DOCTYPE html>",
        "\n\n  <HTML>",
        "<!-- saved from url=(0043)http://www.example.gov.cn/art/2026/a.html -->\n<html>",
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x.dtd"><html>',
        "<table><tr><td>一级指标</td></tr></table>",
        '<meta charset="utf-8"><body>',
    ],
)
def test_web_pages_are_recognised_by_content(tmp_path: Path, start: str) -> None:
    path = _write(tmp_path, start + "<p>x</p>", name="saved.bin")
    assert sniff_format(path) == "html"


def test_other_text_is_not_a_web_page_and_a_pdf_named_html_is_refused(tmp_path: Path) -> None:
    from budget_perf.errors import UnsupportedFormat

    with pytest.raises(UnsupportedFormat, match="unrecognised content"):
        sniff_format(_write(tmp_path, "一级指标 二级指标 <p>", name="notes.txt"))
    with pytest.raises(UnsupportedFormat, match=r"named \.html but the content is a PDF"):
        sniff_format(_write(tmp_path, b"%PDF-1.4\n%\xe2\xe3\n", name="form.html"))


@pytest.mark.parametrize("transfer", ["quoted-printable", "base64"])
@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_mhtml_archives_give_their_html_part(tmp_path: Path, transfer: str, encoding: str) -> None:
    page = _html(f"<p>{TEXT}</p><table><tr><td>三级指标</td><td>指标值</td></tr></table>", head="")
    path = _write(tmp_path, to_mhtml(page.encode(encoding), encoding, transfer), name="saved.mht")
    assert sniff_format(path) == "mhtml"
    raw = read(path)
    assert raw.format == "mhtml" and _paragraphs(raw) == [TEXT]
    assert _texts(_tables(raw)[0]) == [["三级指标", "指标值"]]


# ---- <table> markup ------------------------------------------------------------------------


def test_rowspan_and_colspan_place_cells_as_a_browser_does(tmp_path: Path) -> None:
    body = """<table border=1>
      <tr><th>一级指标</th><th>二级指标</th><th colspan="2">三级指标</th><th>指标值</th></tr>
      <tr><td rowspan=3>产出指标</td><td rowspan="2">数量指标</td><td colspan=2>培训次数</td><td>≥2次</td></tr>
      <tr><td colspan=2>培训人数</td><td>≥100人</td></tr>
      <tr><td>质量指标</td><td>合格率</td><td>（分项）</td><td>100%</td></tr>
    </table>"""
    (table,) = _tables(read(_write(tmp_path, _html(body))))
    spans = {(c.row, c.col): (c.text, c.rowspan, c.colspan) for c in table.cells}
    assert spans[(1, 0)] == ("产出指标", 3, 1) and spans[(1, 1)] == ("数量指标", 2, 1)
    assert spans[(2, 2)] == ("培训人数", 1, 2) and spans[(2, 4)] == ("≥100人", 1, 1)
    assert spans[(3, 1)] == ("质量指标", 1, 1) and spans[(3, 4)] == ("100%", 1, 1)
    assert (table.n_rows, table.n_cols) == (4, 5)


def test_spans_are_clamped_to_the_grid(tmp_path: Path) -> None:
    body = """<table><tr><td rowspan=0>一级指标</td><td colspan=1000000000>三级指标</td></tr>
      <tr><td rowspan="99999">培训次数</td></tr><tr><td>x</td><td>y</td></tr></table>"""
    (table,) = _tables(read(_write(tmp_path, _html(body))))
    first, wide, tall = table.cells[:3]
    assert first.rowspan == 3 and tall.rowspan == 2  # rowspan=0 reaches the last row; none beyond it
    assert wide.colspan == DEFAULT.max_grid_columns - 1
    assert table.n_rows == 3


def test_cell_text_breaks_at_br_and_blocks_and_collapses_white_space(tmp_path: Path) -> None:
    body = """<table><tr>
      <td>产出<br/>指标</td>
      <td><p>年度目标：</p><p>  完成任务  </p></td>
      <td>
          ≥ 95&nbsp;%
      </td>
      <td><span>满意</span><b>度</b><script>document.write('x')</script><span style="display:none">隐藏</span></td>
    </tr></table>"""
    (table,) = _tables(read(_write(tmp_path, _html(body))))
    assert _texts(table) == [["产出\n指标", "年度目标：\n完成任务", "≥ 95 %", "满意度"]]


def test_header_rows_come_first_and_footer_rows_last_hidden_cells_left_out(tmp_path: Path) -> None:
    body = """<table><tfoot><tr><td>合计</td><td>100</td></tr></tfoot>
      <tbody><tr><td>培训次数</td><td style="display:none">旧值</td><td>≥2次</td></tr></tbody>
      <thead><tr><th>三级指标</th><th>指标值</th></tr></thead></table>"""
    (table,) = _tables(read(_write(tmp_path, _html(body))))
    assert _texts(table) == [["三级指标", "指标值"], ["培训次数", "≥2次"], ["合计", "100"]]


def test_a_layout_table_is_read_through_and_its_inner_tables_are_tables(tmp_path: Path) -> None:
    body = """<table width="100%"><tr><td><a href="/">首页</a> &gt; 财政预算</td></tr>
      <tr><td><h2>2026年项目绩效目标表</h2><p>单位：万元</p>
        <table border=1><tr><td>三级指标</td><td>指标值</td></tr><tr><td>培训次数</td><td>≥2次</td></tr></table>
        <p>注：以上为年度指标。</p></td></tr>
      <tr><td>主办单位：某市财政局</td></tr></table>"""
    raw = read(_write(tmp_path, _html(body)))
    kinds = [(type(b).__name__, b.text if isinstance(b, Paragraph) else _texts(b)) for b in raw.blocks]
    assert kinds == [
        ("Paragraph", "首页 > 财政预算"),
        ("Paragraph", "2026年项目绩效目标表"),
        ("Paragraph", "单位：万元"),
        ("Table", [["三级指标", "指标值"], ["培训次数", "≥2次"]]),
        ("Paragraph", "注：以上为年度指标。"),
        ("Paragraph", "主办单位：某市财政局"),
    ]
    assert raw.blocks[1].heading and not raw.blocks[2].heading


def test_scripts_styles_and_hidden_text_are_not_read(tmp_path: Path) -> None:
    body = """<script>var a = '<p>脚本</p>';</script><style>p{color:red}</style><noscript>请启用脚本</noscript>
      <p>正文</p><p hidden>隐藏一</p><p style="visibility:hidden">隐藏二</p><template><p>模板</p></template>"""
    assert _paragraphs(read(_write(tmp_path, _html(body)))) == ["正文"]


# ---- positioned renderings ---------------------------------------------------------------


def _rule(x: float, y: float, w: float, h: float, side: str = "bottom") -> str:
    return (
        f'<div class="r" style="position:absolute;left:{x}pt;top:{y}pt;width:{w}pt;height:{h}pt;'
        f'border-{side}:0.5pt solid #000000;">\xa0</div>'
    )


def _line(x: float, y: float, text: str, size: float = 10.0, extra: str = "") -> str:
    return (
        f'<div class="p" style="top:{y}pt;left:{x}pt;line-height:{size}pt;font-size:{size}pt;'
        f'width:auto;position:absolute;{extra}">{text}</div>'
    )


def _grid(xs: list[float], ys: list[float]) -> str:
    """A ruled grid drawn as Yantai draws it: zero-size bordered boxes along each rule."""
    out = [_rule(xs[0], y - 0.25, xs[-1] - xs[0], 0) for y in ys]
    out += [_rule(x - 0.25, ys[0], 0, ys[-1] - ys[0], "right") for x in xs]
    return "".join(out)


def _page(content: str, w: float = 595.0, h: float = 842.0) -> str:
    return f'<div class="page" style="width:{w}pt;height:{h}pt;overflow:hidden;position:relative;">{content}</div>'


XS = [60.0, 140.0, 220.0, 400.0, 500.0]
HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]


def _row(y: float, texts: list[str]) -> str:
    return "".join(_line(x + 3, y + 4, t) for x, t in zip(XS, texts, strict=False) if t)


def test_a_positioned_page_reads_as_the_pdf_layout_reads_a_page(tmp_path: Path) -> None:
    ys = [100.0, 120.0, 140.0, 160.0]
    content = (
        _line(200, 60, "项目绩效目标表", 14)
        + "".join(_rule(XS[0], y - 0.25, XS[-1] - XS[0], 0) for y in (ys[0], ys[1], ys[3]))
        + _rule(XS[2], ys[2] - 0.25, XS[-1] - XS[2], 0)  # no rule under 产出指标's first row: merged
        + "".join(_rule(x - 0.25, ys[0], 0, ys[3] - ys[0], "right") for x in XS)
        + _row(ys[0], HEADER)
        + _row(ys[1], ["产出指标", "数量指标", "培训次数", "≥2次"])
        + _row(ys[2], ["", "", "培训人数", "≥100人"])
        + _line(290, 800, "- 1 -", 9)
    )
    css = "<style>.page{margin:0.5em}.p,.r{position:absolute}</style>"
    raw = read(_write(tmp_path, _html(_page(content), head='<meta charset="utf-8">' + css)))
    assert raw.pages == 1 and _paragraphs(raw) == ["项目绩效目标表"]  # the page number is furniture
    (table,) = _tables(raw)
    assert _texts(table) == [
        HEADER,
        ["产出指标", "数量指标", "培训次数", "≥2次"],
        ["产出指标", "数量指标", "培训人数", "≥100人"],
    ]
    assert all(c.page == 1 and c.bbox is not None for c in table.cells)


def test_rules_as_thin_filled_boxes_and_offsets_of_nested_boxes_add_up(tmp_path: Path) -> None:
    # Inline styles only, in pixels, inside a positioned content box 40px in and 80px down.
    def fill(x: float, y: float, w: float, h: float) -> str:
        return f'<div style="position:absolute;left:{x}px;top:{y}px;width:{w}px;height:{h}px;background:#000"></div>'

    cells = [(0, 0, "三级指标"), (200, 0, "指标值"), (0, 30, "培训次数"), (200, 30, "≥2次")]
    content = "".join(fill(0, y, 400, 1) for y in (0, 30, 60)) + "".join(fill(x, 0, 1, 60) for x in (0, 200, 400))
    content += "".join(
        f'<div style="position:absolute;left:{x + 4}px;top:{y + 8}px;font-size:16px"><span>{t}</span></div>'
        for x, y, t in cells
    )
    inner = f'<div style="position:absolute;left:40px;top:80px">{content}</div>'
    page = f'<div style="position:relative;width:800px;height:1100px">{inner}</div>'
    (table,) = _tables(read(_write(tmp_path, _html(page))))
    assert _texts(table) == [["三级指标", "指标值"], ["培训次数", "≥2次"]]
    assert table.cells[0].bbox == pytest.approx((30.0, 60.375, 180.0, 82.875), abs=0.5)  # 40px, 80px in, in points


def test_a_table_running_over_two_pages_is_one_table(tmp_path: Path) -> None:
    first_ys = [600.0 + 20 * i for i in range(10)]
    rows = [HEADER] + [["产出指标", "数量指标", f"培训次数{i}", f"≥{i}次"] for i in range(8)]
    first = _grid(XS, first_ys) + "".join(_row(y, r) for y, r in zip(first_ys, rows, strict=False))
    more = [["效益指标", "社会效益指标", "受益人数", "≥100人"], ["满意度指标", "服务对象满意度", "满意度", "≥95%"]]
    second_ys = [60.0, 80.0, 100.0]
    second = _grid(XS, second_ys) + "".join(_row(y, r) for y, r in zip(second_ys, more, strict=False))
    raw = read(
        _write(tmp_path, _html(_page(first + _line(290, 800, "1", 9)) + _page(second + _line(290, 800, "2", 9))))
    )
    (table,) = _tables(raw)
    assert table.pages == [1, 2] and table.n_rows == 11
    assert _texts(table)[-1] == more[-1]
    assert raw.pages == 2 and _paragraphs(raw) == []


def test_fake_bold_is_read_once_and_text_drawn_over_text_is_not_interleaved(tmp_path: Path) -> None:
    content = (
        _line(100, 100, "政策和项目预算绩效目标表", 14)
        + _line(100.3, 100, "政策和项目预算绩效目标表", 14)  # fake bold: the same line a hair to the right
        + _line(60, 200, "（三）部门预算项目绩效目标表", 14)
        + _line(150, 200, "政策和项目预算绩效目标表", 14)  # drawn over the line before it
    )
    paragraphs = _paragraphs(read(_write(tmp_path, _html(_page(content)))))
    assert paragraphs == ["政策和项目预算绩效目标表", "（三）部门预算项目绩效目标表", "政策和项目预算绩效目标表"]


def test_an_estimated_line_is_drawn_in_before_the_rule_it_would_run_over(tmp_path: Path) -> None:
    # '1,234,567.89' at 10pt estimates 60pt wide; the cell leaves 56pt: the digits stay in their cell.
    xs = [60.0, 120.0, 200.0]
    content = _grid(xs, [100.0, 120.0]) + _line(62, 104, "1,234,567.89") + _line(122, 104, "万元")
    (table,) = _tables(read(_write(tmp_path, _html(_page(content)))))
    assert _texts(table) == [["1,234,567.89", "万元"]]


def test_characters_are_an_em_or_half_an_em_wide() -> None:
    assert [em_width(c) for c in "中，≥²a1 %"] == [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5]
    assert em_width("\u0301") == 0.0


def test_more_pages_than_the_limit_is_a_one_line_error(tmp_path: Path) -> None:
    path = _write(tmp_path, _html(_page(_line(60, 60, "第一页")) * 3))
    with pytest.raises(InputTooLarge, match="3 pages, over the 2-page limit"):
        read(path, DEFAULT.with_options(max_pages=2))


# ---- the outside world ---------------------------------------------------------------------

OUTSIDE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html><head><meta charset="utf-8">
<script src="http://127.0.0.1:9/a.js"></script><link rel="stylesheet" href="http://127.0.0.1:9/a.css">
<style>@import url("http://127.0.0.1:9/b.css"); body{background:url(http://127.0.0.1:9/bg.png)}</style>
<base href="http://127.0.0.1:9/"></head><body>
<p>正文<img src="http://127.0.0.1:9/seal.png"></p><iframe src="file:///etc/passwd"></iframe>
<object data="http://127.0.0.1:9/x.swf"></object><embed src="x.pdf"><video src="v.mp4"></video>
<table><tr><td>三级指标</td><td style="background:url(http://127.0.0.1:9/c.png)">指标值</td></tr></table>
</body></html>"""


def test_nothing_a_page_refers_to_is_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the reader tried to reach the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    opened: list[str] = []
    real_open = open

    def watch(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watch)
    raw = read(_write(tmp_path, OUTSIDE))
    assert _paragraphs(raw) == ["正文"] and _texts(_tables(raw)[0]) == [["三级指标", "指标值"]]
    assert not any("passwd" in name for name in opened)
    (note,) = [i for i in raw.issues if i.code == "html_external_content"]
    assert note.severity == "info" and "5 个" in note.message  # img, iframe, object, embed, video


def test_a_page_converts_end_to_end_with_its_source_format(tmp_path: Path) -> None:
    body = """<h2>2026年度培训项目绩效目标表</h2><table border=1>
      <tr><td>项目名称</td><td colspan=3>干部培训项目</td></tr>
      <tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td></tr>
      <tr><td rowspan=2>产出指标</td><td rowspan=2>数量指标</td><td>培训次数</td><td>≥2次</td></tr>
      <tr><td>培训人数</td><td>≥100人</td></tr></table>"""
    doc = convert(_write(tmp_path, _html(body)))
    assert doc.source.format == "html" and doc.source.pages is None
    (table,) = doc.tables
    assert table.project_name == "干部培训项目"
    assert [(i.level1, i.level3, i.value.raw) for i in table.indicators] == [
        ("产出指标", "培训次数", "≥2次"),
        ("产出指标", "培训人数", "≥100人"),
    ]
