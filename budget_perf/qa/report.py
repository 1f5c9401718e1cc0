"""The review report: per document, each page image with the detected cells outlined and the
flagged cells filled, beside the extracted tables and their findings; an index for the batch.

Files are self-contained (images embedded as data URIs, no scripts, no network)."""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from pathlib import Path

from extract.model import RawDocument, Table
from schemas import Document, Issue

STYLE = """
body{font-family:"Noto Sans CJK SC","Noto Serif CJK SC",sans-serif;margin:16px;color:#222}
.page{display:flex;gap:16px;align-items:flex-start;margin-bottom:24px}
.sheet{position:relative;flex:0 0 auto;border:1px solid #999}
.sheet img{display:block}
.sheet svg{position:absolute;left:0;top:0}
.cell{fill:none;stroke:#1f6feb;stroke-width:0.6}
.flag{fill:rgba(220,0,0,0.35);stroke:#d00000;stroke-width:1.5}
.side{flex:1 1 auto;min-width:420px}
table{border-collapse:collapse;font-size:13px;margin:6px 0}
td,th{border:1px solid #bbb;padding:2px 6px;vertical-align:top}
tr.flagged td{background:#ffd7d7}
.error{color:#b00020}.warning{color:#9a6700}.info{color:#555}
"""


def _page_images(path: Path, fmt: str, scale: float = 1.3) -> list[tuple[bytes, float, float]]:
    """PNG bytes and page size in points, for PDF pages and image frames; none for DOCX."""
    from PIL import Image, ImageSequence

    out = []
    if fmt == "pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        for i in range(len(pdf)):
            page = pdf[i]
            w, h = page.get_size()
            img = page.render(scale=scale).to_pil()
            buf = io.BytesIO()
            img.save(buf, "PNG", optimize=True)
            out.append((buf.getvalue(), w, h))
    elif fmt == "image":
        with Image.open(path) as src:
            for frame in ImageSequence.Iterator(src):
                grey = frame.convert("L")
                dpi = frame.info.get("dpi", (0, 0))[0] or min(grey.size) / 8.27
                w, h = grey.width * 72 / dpi, grey.height * 72 / dpi
                small = grey.resize((int(w * scale), int(h * scale)))
                buf = io.BytesIO()
                small.save(buf, "PNG", optimize=True)
                out.append((buf.getvalue(), w, h))
    return out


def _svg(tables: list[Table], page: int, findings: list[Issue], w: float, h: float, scale: float) -> str:
    rects = []
    for table in tables:
        for c in table.cells:
            if c.page == page and c.bbox:
                x0, y0, x1, y1 = c.bbox
                rects.append(
                    f'<rect class="cell" x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}"/>'
                )
    for f in findings:
        if f.page == page and f.bbox:
            x0, y0, x1, y1 = f.bbox
            title = html.escape(f"{f.code}: {f.message}")
            rects.append(
                f'<rect class="flag" x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}">'
                f"<title>{title}</title></rect>"
            )
    return (
        f'<svg width="{w * scale:.0f}" height="{h * scale:.0f}" viewBox="0 0 {w:.1f} {h:.1f}">'
        + "".join(rects)
        + "</svg>"
    )


def _tables_html(doc: Document, findings: list[Issue]) -> str:
    flagged = {(f.table, f.row) for f in findings if f.row is not None}
    parts = []
    for t_index, t in enumerate(doc.tables):
        budget = t.budget
        money = f"预算 {budget.total:,.2f}{budget.currency_unit or ''}" if budget and budget.total is not None else ""
        parts.append(f"<h3>{html.escape(t.title or f'表 {t_index + 1}')}</h3>")
        parts.append(f"<p>{html.escape(' · '.join(x for x in (t.unit_name, t.project_name, money) if x))}</p>")
        rows = ["<tr><th>#</th><th>一级</th><th>二级</th><th>三级</th><th>指标值</th><th>页</th></tr>"]
        for r_index, ind in enumerate(t.indicators):
            cls = ' class="flagged"' if (t_index, r_index) in flagged else ""
            rows.append(
                f"<tr{cls}><td>{r_index + 1}</td><td>{html.escape(ind.level1)}</td>"
                f"<td>{html.escape(ind.level2 or '')}</td><td>{html.escape(ind.level3)}</td>"
                f"<td>{html.escape(ind.value.raw)}</td><td>{ind.page or ''}</td></tr>"
            )
        parts.append("<table>" + "".join(rows) + "</table>")
        own = [f for f in findings if f.table == t_index]
        if own:
            parts.append("<ul>" + "".join(_finding_li(f) for f in own) + "</ul>")
    rest = [f for f in findings if f.table is None]
    if rest:
        parts.append("<h3>文档</h3><ul>" + "".join(_finding_li(f) for f in rest) + "</ul>")
    return "".join(parts)


def _finding_li(f: Issue) -> str:
    where = " ".join(
        x for x in (f"第{f.page}页" if f.page else "", f"第{f.row + 1}行" if f.row is not None else "") if x
    )
    text = f"{html.escape(where)} {html.escape(f.message)}"
    return f'<li class="{f.severity}">[{f.severity}] <code>{f.code}</code> {text}</li>'


def document_page(doc: Document, raw: RawDocument | None, findings: list[Issue], scale: float = 1.3) -> str:
    """`raw` is the reader's model (cell outlines on the page images); None for a document read
    back from a batch's JSON, whose pages are shown without outlines."""
    path = Path(doc.source.path)
    tables = [b for b in raw.blocks if isinstance(b, Table)] if raw is not None else []
    body = [
        f"<h1>{html.escape(path.name)}</h1>",
        f"<p>{doc.source.format} · {doc.source.pages or '—'} 页 · OCR: {'是' if doc.source.ocr else '否'} · "
        f"{len(findings)} 项发现</p>",
        '<p><a href="index.html">← 全部文档</a></p>',
    ]
    images = _page_images(path, doc.source.format, scale)
    side = f'<div class="side">{_tables_html(doc, findings)}</div>'
    if not images:
        body.append(f'<div class="page">{side}</div>')
    for number, (png, w, h) in enumerate(images, start=1):
        data = base64.b64encode(png).decode()
        sheet = (
            f'<div class="sheet"><img src="data:image/png;base64,{data}" width="{w * scale:.0f}" '
            f'height="{h * scale:.0f}" alt="第 {number} 页"/>{_svg(tables, number, findings, w, h, scale)}</div>'
        )
        body.append(f'<div class="page">{sheet}{side if number == 1 else ""}</div>')
    return _html(path.name, "".join(body))


VERDICT_NAMES = {"pass": "通过", "findings": "有问题", "not_checked": "未检查"}


def index_page(entries: list[tuple[str, str, list[Issue], str]], unreadable: list[tuple[str, str]] = ()) -> str:
    counts = Counter(f.code for _, _, fs, _ in entries for f in fs)
    rows = "".join(f"<tr><td><code>{html.escape(c)}</code></td><td>{n}</td></tr>" for c, n in counts.most_common())

    def errors(fs: list[Issue]) -> int:
        return sum(f.severity == "error" for f in fs)

    order = {"not_checked": 0, "findings": 1, "pass": 2}
    ranked = sorted(entries, key=lambda e: (order[e[3]], -errors(e[2]), e[0]))
    docs = "".join(
        f'<tr class="{verdict}"><td><a href="{html.escape(link)}">{html.escape(name)}</a></td>'
        f"<td>{VERDICT_NAMES[verdict]}</td><td>{errors(fs)}</td>"
        f"<td>{sum(f.severity == 'warning' for f in fs)}</td></tr>"
        for name, link, fs, verdict in ranked
    )
    lost = "".join(
        f'<tr class="unreadable"><td>{html.escape(name)}</td><td>无法读取</td>'
        f'<td colspan="2">{html.escape(why)}</td></tr>'
        for name, why in unreadable
    )
    body = (
        f"<h1>审核报告</h1><p>{len(entries) + len(unreadable)} 份文档（{len(unreadable)} 份无法读取）</p>"
        f"<h2>文档</h2><table><tr><th>文档</th><th>结论</th><th>错误</th><th>警告</th></tr>{lost}{docs}</table>"
        f"<h2>按规则</h2><table><tr><th>规则</th><th>发现</th></tr>{rows}</table>"
    )
    return _html("审核报告", body)


def _html(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>"
    )
