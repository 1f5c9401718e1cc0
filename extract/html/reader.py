"""Saved web pages (.html/.htm) and web archives (.mhtml/.mht): the page's text decoded
(`decode.py`), parsed by lxml without network access, scripts, styles and embedded content left
out and nothing the page refers to fetched; then, in document order, paragraphs, `<table>`
markup as tables (`tables.py`), and positioned renderings laid out page by page as the PDF
reader lays out a PDF page (`positioned.py` -> `extract/page_layout.py`), their tables joined
across pages."""

from __future__ import annotations

from pathlib import Path

import lxml.html
from lxml import etree

from extract.errors import CorruptFile, InputTooLarge, one_line
from extract.html.decode import Decoded, decode, mhtml_part
from extract.html.flow import Flow, Item, PageBox
from extract.html.positioned import find_pages, inherited_font_size, page_content
from extract.html.tree import Styles
from extract.model import Block, RawDocument
from extract.options import DEFAULT, ReadOptions
from extract.page_layout import PageRun, lay_out_page
from extract.placement import Placed, join_across_pages
from schemas.models import Issue, issue

# libxml2's HTML parser stops nesting at this depth and drops what lies deeper: a page nested
# deeper is refused rather than read in part.
MAX_DEPTH = 256


def read_html(path: Path, options: ReadOptions = DEFAULT) -> RawDocument:
    return _read(path, path.read_bytes(), None, "html", options)


def read_mhtml(path: Path, options: ReadOptions = DEFAULT) -> RawDocument:
    html, charset = mhtml_part(path, path.read_bytes())
    return _read(path, html, charset, "mhtml", options)


def _read(path: Path, data: bytes, charset: str | None, fmt: str, options: ReadOptions) -> RawDocument:
    issues: list[Issue] = []
    decoded = decode(data, charset)
    _note_encoding(decoded, issues)
    root = _parse(path, decoded.text)
    styles = Styles(root)
    pages = find_pages(root, styles)
    most = options.max_pages
    if len(pages) > most:
        raise InputTooLarge(
            f"{path}: {len(pages)} pages, over the {most}-page limit; raise --max-pages if you trust it"
        )
    flow = Flow(styles, pages, options.max_grid_columns)
    items = flow.read(root)
    if flow.external:
        issues.append(
            issue(
                "info",
                "html_external_content",
                f"网页引用了 {flow.external} 个图片或嵌入内容，未读取（不下载外部资源；图片中的文字不会被识别）",
            )
        )
    blocks, n_pages = _blocks(items, styles, issues)
    return RawDocument(format=fmt, blocks=blocks, pages=n_pages or None, issues=issues)


def _note_encoding(decoded: Decoded, issues: list[Issue]) -> None:
    if decoded.how == "replaced":
        issues.append(
            issue(
                "warning",
                "html_encoding",
                f"网页有 {decoded.replaced} 个字符无法按 {decoded.encoding} 解码，已以 � 代替，请核对原件",
            )
        )
    elif decoded.how == "sniffed":
        issues.append(issue("info", "html_encoding", f"网页未声明可用的编码，按 {decoded.encoding} 读取"))


def _parse(path: Path, text: str) -> etree._Element:
    # Re-encoded as UTF-8 and parsed as such: the page's own declaration was weighed in decoding.
    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True, default_doctype=False
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError) as e:
        if "empty" in str(e).lower():
            return lxml.html.document_fromstring(b"<html></html>", parser=parser)
        raise CorruptFile(f"{path}: not a readable web page ({one_line(e)})") from e
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "depth" in entry.message.lower():
            raise CorruptFile(
                f"{path}: elements nested more than {MAX_DEPTH} deep: a damaged or hostile web page, not read"
            )
    return root


def _blocks(items: list[Item], styles: Styles, issues: list[Issue]) -> tuple[list[Block], int]:
    """Flow blocks as they are; each run of consecutive pages laid out and joined across pages."""
    blocks: list[Block] = []
    placed: list[Placed] = []
    run = PageRun()
    number = 0
    for item in items:
        if not isinstance(item, PageBox):
            blocks += join_across_pages(placed)
            placed = []
            run = PageRun()
            blocks.append(item)
            continue
        number += 1
        try:
            content = page_content(item.element, styles, inherited_font_size(item.element, styles))
            if not (content.width > 0 and content.height > 0):
                raise ValueError("the page box has no size")
            placed += lay_out_page(
                content.chars, content.horizontal, content.vertical, number, content.height, issues, run
            )
        except Exception as e:  # one bad page must not cost the others
            issues.append(issue("error", "page_unreadable", f"第 {number} 页无法读取：{one_line(e)}", number))
    blocks += join_across_pages(placed)
    return blocks, number
