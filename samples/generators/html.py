"""The generated forms (forms.py) as saved web pages, with the same truth.

Two renderings, as government portals publish budget forms:
- "table": `<table>` markup with rowspan/colspan, the text around it in paragraphs; a seed may
  wrap the article in a page-layout table, put the header rows in <thead> with <th>, spell tags
  in capitals, pretty-print cells over several source lines, pad empty cells with &nbsp;, add
  scripts, styles and images that must be ignored (and never fetched).
- "positioned": the drawn PDF's pages (samples/builders/drawn.py, the same layout the PDF
  rendering has; a seed may put a longer report before the form, so that page breaks fall
  inside the table) written as a PDF-to-HTML converter writes them: each text line an absolutely
  placed box, each rule a bordered empty box or a thin filled one, each page a sized box. Two
  house styles: Yantai's (classes from a <style> block, points, `width:auto` text boxes, every
  cell drawn as four zero-size bordered boxes) and a boxed one (inline styles, pixels, text
  boxes with their width, cells as bordered boxes, rules as thin filled boxes).
Each in UTF-8 or GBK (characters outside GBK as character references), declared in a
`<meta charset>`, a `<meta http-equiv>` or not at all; and any page as an MHTML archive.

    python -m samples.generators.html SEED OUTDIR STYLE ENCODING   # form_SEED.STYLE.ENCODING.html
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import quopri
import random
import sys
from pathlib import Path

from samples.generators.forms import Form, make

STYLES = ("table", "positioned")
ENCODINGS = ("utf-8", "gbk")
CI_SEEDS = (0, 2, 6, 11, 13, 20, 28)  # forms.CI_SEEDS: every kind, narrow columns, landscape pages
# Committed in samples/html (python samples/build_samples.py --html): (seed, style, encoding, MHTML).
SAMPLES = [
    (9, "positioned", "gbk", False),  # Yantai's style, GBK undeclared, the table over a page break
    (10, "positioned", "gbk", False),  # the boxed style, GBK undeclared; a narrow target column, 2 pages
    (13, "positioned", "utf-8", True),  # a web archive; a page break inside the header block
    (15, "positioned", "utf-8", False),  # Yantai's style; a self-evaluation form over two pages
    (0, "table", "gbk", False),  # GBK undeclared; a department form
    (2, "table", "utf-8", False),  # prose before the table, the year in a header line
    (6, "table", "gbk", False),  # gb2312 declared, a layout table around the article; score annotations
    (13, "table", "gbk", True),  # capitals, <thead>/<th>, &nbsp;, a GBK web archive; a self-evaluation form
]
# A report's sentences before the form (no targets in them: the form is what is read).
REPORT = ["本部门严格按照预算管理有关规定编制部门预算，坚持统筹兼顾、勤俭节约、量力而行的原则。",
          "预算编制过程中，各单位结合年度重点工作任务，对项目的必要性和可行性进行了充分论证。",
          "下一步，本部门将进一步加强预算执行管理，强化绩效运行监控，提高财政资金使用效益。"]  # fmt: skip
ASCENT = 0.88  # STSong-Light's ascent (em): the text box's top over the baseline


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _declaration(rng: random.Random, encoding: str) -> str:
    """How the page names its encoding, if it does."""
    label = {"utf-8": ["utf-8", "UTF-8"], "gbk": ["gbk", "GBK", "gb2312", "GB2312"]}[encoding]
    kind = rng.choice(["meta", "http-equiv", "none"])
    name = rng.choice(label)
    if kind == "meta":
        return f'<meta charset="{name}">'
    if kind == "http-equiv":
        return f'<meta http-equiv="Content-Type" content="text/html; charset={name}">'
    return ""


def _encode(page: str, encoding: str) -> bytes:
    return page.encode("utf-8" if encoding == "utf-8" else "gbk", "xmlcharrefreplace")


def _head(rng: random.Random, encoding: str, title: str, extra_css: str = "") -> str:
    noise = [
        '<script src="http://www.example.gov.cn/js/jquery.js"></script>',
        "<script>document.write('<p>不应读取的脚本文字</p>');</script>",
        '<link rel="stylesheet" href="https://www.example.gov.cn/css/site.css">',
        "<style>.hidden-note{display:none} body{font-family:宋体}</style>",
    ]
    rng.shuffle(noise)
    return (
        f"<head>{_declaration(rng, encoding)}<title>{_esc(title)}</title>{''.join(noise[:3])}"
        f"{'<style>' + extra_css + '</style>' if extra_css else ''}</head>"
    )


# ---- table markup ------------------------------------------------------------------------


def table_markup(form: Form, encoding: str) -> bytes:
    rng = random.Random(f"html-table:{form.seed}")
    upper = rng.random() < 0.2
    thead = rng.random() < 0.5
    pretty = rng.random() < 0.5
    nbsp = rng.random() < 0.5

    def tag(name: str) -> str:
        return name.upper() if upper else name

    out: list[str] = []
    if form.heading:
        out.append(f"<h3>{_esc(form.heading)}</h3>")
    out += [f"<p>{_esc(text)}</p>" for text in form.prose]
    out.append(rng.choice([f"<h2>{_esc(form.title)}</h2>", f"<p><strong>{_esc(form.title)}</strong></p>"]))
    for left, right in form.lines_above:
        out.append(f"<p>{_esc(f'{left}    {right}'.strip())}</p>")
    out.append('<p class="hidden-note" style="display:none">隐藏的说明文字</p>')
    n_header = len(form.header)
    rows: list[str] = []
    for i, row in enumerate(form.header + form.body):
        cells = []
        head_row = i == n_header - 1
        for text, rs, cs in row:
            cell = tag("th" if head_row and thead else "td")
            spans = (f' rowspan="{rs}"' if rs > 1 else "") + (f" colspan={cs}" if cs > 1 else "")
            body = _esc(text) if text else ("&nbsp;" if nbsp else "")
            if pretty:
                body = f"\n        {body}\n      "
            cells.append(f"<{cell}{spans}>{body}</{cell}>")
        rows.append(f"<{tag('tr')}>{''.join(cells)}</{tag('tr')}>")
    if thead:
        table = (
            f"<{tag('table')} border=1 cellspacing=0><thead>{''.join(rows[:n_header])}</thead>"
            f"<tbody>{''.join(rows[n_header:])}</tbody></{tag('table')}>"
        )
    else:
        table = f'<{tag("table")} border="1" style="border-collapse:collapse">{"".join(rows)}</{tag("table")}>'
    out.append(table)
    out.append('<p><img src="http://www.example.gov.cn/images/seal.png" alt="公章"></p>')
    article = "\n".join(out)
    if rng.random() < 0.5:  # the portal's page-layout table around the article
        article = (
            '<table width="100%"><tr><td><a href="/">首页</a> &gt; 财政预算</td></tr>'
            f"<tr><td>{article}</td></tr><tr><td>主办单位：某市人民政府办公室</td></tr></table>"
        )
    page = f"<!DOCTYPE html>\n<html>{_head(rng, encoding, form.title)}<body>\n{article}\n</body></html>\n"
    return _encode(page, encoding)


# ---- positioned rendering ----------------------------------------------------------------


class _HtmlCanvas:
    """The drawing calls samples/builders/drawn.py makes, recorded per page as positioned boxes."""

    def __init__(self, path: str, pagesize: tuple[float, float], invariant: int = 1) -> None:
        self.path = path
        self.width, self.height = pagesize
        self.pages: list[list[tuple]] = [[]]
        self.font, self.size, self.line_width = "STSong-Light", 10.0, 1.0

    def setLineWidth(self, width: float) -> None:
        self.line_width = width

    def setFont(self, name: str, size: float) -> None:
        self.font, self.size = name, size

    def rect(self, x: float, y: float, w: float, h: float, stroke: int = 1, fill: int = 0) -> None:
        self.pages[-1].append(("rect", x, self.height - y - h, w, h, self.line_width))

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.pages[-1].append(("line", x1, self.height - y1, x2, self.height - y2, self.line_width))

    def drawString(self, x: float, y: float, text: str) -> None:
        from reportlab.pdfbase import pdfmetrics

        width = pdfmetrics.stringWidth(text, self.font, self.size)
        self.pages[-1].append(("text", x, self.height - y - ASCENT * self.size, width, self.size, text))

    def drawCentredString(self, x: float, y: float, text: str) -> None:
        from reportlab.pdfbase import pdfmetrics

        self.drawString(x - pdfmetrics.stringWidth(text, self.font, self.size) / 2, y, text)

    def saveState(self) -> None:
        raise NotImplementedError("turned text is not written as positioned HTML")

    def showPage(self) -> None:
        self.pages.append([])

    def save(self) -> None:
        if not self.pages[-1]:
            self.pages.pop()


def _yantai_page(canvas: _HtmlCanvas, ops: list[tuple]) -> str:
    """Yantai's portal: classes, points, four zero-size bordered boxes per cell, width:auto text."""
    parts = [f'<div class="page" style="width:{canvas.width:.1f}pt;height:{canvas.height:.1f}pt;overflow:hidden;">']
    for op in ops:
        if op[0] == "rect":
            _, x, top, w, h, lw = op
            for y in (top, top + h):
                parts.append(_zero_rule(x, y - lw / 2, w, 0, "bottom", lw))
            for xx in (x, x + w):
                parts.append(_zero_rule(xx - lw / 2, top, 0, h, "right", lw))
        elif op[0] == "line":
            _, x1, y1, x2, y2, lw = op
            if abs(y1 - y2) < 0.01:
                parts.append(_zero_rule(min(x1, x2), y1 - lw / 2, abs(x2 - x1), 0, "bottom", lw))
            else:
                parts.append(_zero_rule(x1 - lw / 2, min(y1, y2), 0, abs(y2 - y1), "right", lw))
        else:
            _, x, top, _, size, text = op
            parts.append(
                f'<div class="p" style="top:{top:.4f}pt;left:{x:.4f}pt;line-height:{size:.4f}pt;'
                f'font-size:{size:.2f}pt;width:auto;">{_esc(text)}</div>'
            )
    parts.append("</div>")
    return "".join(parts)


def _zero_rule(x: float, y: float, w: float, h: float, side: str, lw: float) -> str:
    return (
        f'<div class="r" style="left:{x:.4f}pt;top:{y:.4f}pt;width:{w:.4f}pt;height:{h:.4f}pt;'
        f'border-{side}:{lw:.2f}pt solid #000000;">\xa0</div>'
    )


def _boxed_page(canvas: _HtmlCanvas, ops: list[tuple]) -> str:
    """Another converter: inline styles in pixels, a bordered box per cell, thin filled boxes
    for lines, text boxes with their width."""
    px = 4 / 3  # points to CSS pixels
    parts = [
        f'<div style="position:relative;width:{canvas.width * px:.2f}px;height:{canvas.height * px:.2f}px;'
        'margin:8px auto;background:#fff">'
    ]
    for op in ops:
        if op[0] == "rect":
            _, x, top, w, h, lw = op
            parts.append(
                f'<div style="position:absolute;left:{(x - lw / 2) * px:.2f}px;top:{(top - lw / 2) * px:.2f}px;'
                f"width:{w * px:.2f}px;height:{h * px:.2f}px;border:{lw * px:.2f}px solid black;"
                'box-sizing:content-box"></div>'
            )
        elif op[0] == "line":
            _, x1, y1, x2, y2, lw = op
            left, top = min(x1, x2), min(y1, y2)
            w, h = abs(x2 - x1) or lw, abs(y2 - y1) or lw
            parts.append(
                f'<div style="position:absolute;left:{(left - (lw / 2 if w == lw else 0)) * px:.2f}px;'
                f"top:{(top - (lw / 2 if h == lw else 0)) * px:.2f}px;width:{w * px:.2f}px;"
                f'height:{h * px:.2f}px;background-color:#000"></div>'
            )
        else:
            _, x, top, width, size, text = op
            parts.append(
                f'<div style="position:absolute;left:{x * px:.2f}px;top:{top * px:.2f}px;width:{width * px:.2f}px;'
                f'font-size:{size * px:.2f}px;line-height:{size * px:.2f}px;white-space:nowrap">'
                f"<span>{_esc(text)}</span></div>"
            )
    parts.append("</div>")
    return "".join(parts)


def positioned(form: Form, encoding: str) -> bytes:
    from samples.builders.drawn import PAGE_H, PAGE_W, Spec, draw_pdf

    rng = random.Random(f"html-positioned:{form.seed}")
    page_w = PAGE_H if form.landscape else PAGE_W
    scale = (page_w - 120) / sum(form.widths)
    spec = Spec([w * scale for w in form.widths], form.header, form.body, landscape=form.landscape,
                repeat_merged=form.repeat_merged, repeat_title=form.repeat_title)  # fmt: skip
    prose = ([form.heading] if form.heading else []) + form.prose
    if rng.random() < 0.5:  # a longer report before the form: page breaks fall inside the table
        prose += [rng.choice(REPORT) * rng.randint(2, 6) for _ in range(rng.randint(4, 12))]
    drawn: list[_HtmlCanvas] = []

    class Canvas(_HtmlCanvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            drawn.append(self)

    draw_pdf(Path("unused"), form.title, form.lines_above, spec, prose, canvas_class=Canvas)
    canvas = drawn[0]
    yantai = rng.random() < 0.5
    css = ".page{position:relative;margin:0.5em}\n.p,.r{position:absolute;}" if yantai else ""
    pages = [(_yantai_page if yantai else _boxed_page)(canvas, ops) for ops in canvas.pages]
    body = "".join(pages)
    if rng.random() < 0.4:  # the article inside the portal's page-layout table
        body = f'<table><tr><td>正文</td></tr><tr><td><div class="text">{body}</div></td></tr></table>'
    head = _head(rng, encoding, form.title, css)
    page = f'<!DOCTYPE html>\n<html lang="zh-CN">{head}<body><h1>{_esc(form.title)}</h1>{body}</body></html>\n'
    return _encode(page, encoding)


RENDERERS = {"table": table_markup, "positioned": positioned}


def to_mhtml(page: bytes, encoding: str, transfer: str = "quoted-printable") -> bytes:
    """A page saved as a web archive (a browser's "save as single file"): the HTML part
    quoted-printable or base64, beside an image part, CRLF line ends."""
    url = b"http://www.example.gov.cn/art/2026/form.html"
    boundary = b"----MultipartBoundary--" + hashlib.sha1(page).hexdigest()[:24].encode("ascii")
    charset = b"gbk" if encoding == "gbk" else b"utf-8"
    body = base64.encodebytes(page) if transfer == "base64" else quopri.encodestring(page)
    lines = [
        b"From: <Saved by Blink>",
        b"Snapshot-Content-Location: " + url,
        b"Subject: budget form",
        b"Date: Thu, 5 Mar 2026 16:41:00 +0800",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="' + boundary + b'"',
        b"",
        b"--" + boundary,
        b"Content-Type: text/html; charset=" + charset,
        b"Content-ID: <frame-1@mhtml.blink>",
        b"Content-Transfer-Encoding: " + transfer.encode("ascii"),
        b"Content-Location: " + url,
        b"",
        body.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),
        b"--" + boundary,
        b"Content-Type: image/png",
        b"Content-Transfer-Encoding: base64",
        b"Content-Location: http://www.example.gov.cn/images/seal.png",
        b"",
        b"iVBORw0KGgo=",
        b"",
        b"--" + boundary + b"--",
        b"",
    ]
    return b"\r\n".join(lines)


def write(seed: int, outdir: Path, style: str, encoding: str, mhtml: bool = False) -> Path:
    """form_SEED.STYLE.ENCODING.html (or .mhtml) and form_SEED.truth.json in `outdir`."""
    form = make(seed)
    outdir.mkdir(parents=True, exist_ok=True)
    page = RENDERERS[style](form, encoding)
    path = outdir / f"form_{seed}.{style}.{encoding}.{'mhtml' if mhtml else 'html'}"
    path.write_bytes(to_mhtml(page, encoding) if mhtml else page)
    (outdir / f"form_{seed}.truth.json").write_text(
        json.dumps({**form.truth, "traits": form.traits}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return path


if __name__ == "__main__":
    print(write(int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4], "--mhtml" in sys.argv))
