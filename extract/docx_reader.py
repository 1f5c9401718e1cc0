"""DOCX reader: body order paragraphs and tables, merged cells counted once.

python-docx opens the package, but the grid is built from the XML directly:
python-docx's `Table.cell()` repeats merged cells and its `document.tables`
misses tables inside content controls (w:sdt) and nested tables.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from extract.errors import CorruptFile
from extract.model import Block, Cell, Paragraph, RawDocument, Table
from extract.options import DEFAULT, ReadOptions

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, SDT, SDT_CONTENT = _q("p"), _q("tbl"), _q("tr"), _q("tc"), _q("sdt"), _q("sdtContent")
# Containers whose children are laid out as if they stood in the parent.
_TRANSPARENT = {SDT, _q("customXml"), _q("ins"), _q("smartTag")}
_TEXT_TAGS = {_q("t"): None, _q("tab"): "\t", _q("br"): "\n", _q("cr"): "\n", _q("noBreakHyphen"): "-"}
_FALLBACK = f"{{{MC}}}Fallback"


def read_docx(path: Path, options: ReadOptions = DEFAULT) -> RawDocument:
    body, heading_styles = _open(path)
    return RawDocument(format="docx", blocks=list(_blocks(body, heading_styles, options.max_grid_columns)), pages=None)


def _open(path: Path) -> tuple[etree._Element, set[str]]:
    import docx  # python-docx; imported here so other formats never pay for it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except PackageNotFoundError as e:
        raise CorruptFile(f"{path}: not a readable DOCX package; re-save it in Word or WPS") from e
    except zipfile.BadZipFile as e:
        raise CorruptFile(f"{path}: damaged ZIP container; re-save the document") from e
    except (KeyError, etree.XMLSyntaxError, ValueError) as e:
        raise CorruptFile(f"{path}: damaged DOCX ({type(e).__name__}: {e}); re-save the document") from e
    heading_styles = set()
    for style in document.styles:
        name = (style.name or "").lower()
        if name.startswith(("heading", "title")) or "标题" in name:
            heading_styles.add(style.style_id)
    return document.element.body, heading_styles


def _blocks(parent: etree._Element, heading_styles: set[str], widest: int) -> Iterator[Block]:
    for child in parent.iterchildren():
        if child.tag == P:
            yield Paragraph(text=_paragraph_text(child), heading=_is_heading(child, heading_styles))
        elif child.tag == TBL:
            yield from _tables(child, widest)
        elif child.tag in _TRANSPARENT:
            inner = child.find(SDT_CONTENT) if child.tag == SDT else child
            if inner is not None:
                yield from _blocks(inner, heading_styles, widest)


def _is_heading(p: etree._Element, heading_styles: set[str]) -> bool:
    ppr = p.find(_q("pPr"))
    if ppr is None:
        return False
    if ppr.find(_q("outlineLvl")) is not None:
        return True
    style = ppr.find(_q("pStyle"))
    return style is not None and style.get(_q("val")) in heading_styles


def _paragraph_text(p: etree._Element) -> str:
    has_fallback = p.find(f".//{_FALLBACK}") is not None
    parts: list[str] = []
    for el in p.iter(*_TEXT_TAGS):
        if has_fallback and any(a.tag == _FALLBACK for a in el.iterancestors()):
            continue  # mc:Fallback repeats the text of mc:Choice
        fixed = _TEXT_TAGS[el.tag]
        parts.append(el.text or "" if fixed is None else fixed)
    return "".join(parts)


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with `tag`, looking through content controls and similar wrappers."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _TRANSPARENT:
            inner = child.find(SDT_CONTENT) if child.tag == SDT else child
            if inner is not None:
                yield from _children(inner, tag)


def _int_prop(parent: etree._Element | None, path: str, default: int) -> int:
    el = parent.find(path) if parent is not None else None
    try:
        return int(el.get(_q("val"))) if el is not None else default
    except (TypeError, ValueError):
        return default


def _tables(tbl: etree._Element, widest: int) -> Iterator[Table]:
    """The table itself, then the tables nested in its cells, in document order; spans clamped to
    `widest` grid columns."""
    nested: list[etree._Element] = []
    cells: list[Cell] = []
    open_merges: dict[int, Cell] = {}  # grid column -> cell a vMerge may continue
    rows = [tr for tr in _children(tbl, TR) if not _row_is_deleted(tr)]
    # Spans are clamped to a real grid: a gridSpan of 10^9 must not become 10^9 slots.
    for r, tr in enumerate(rows):
        col = min(max(0, _int_prop(tr.find(_q("trPr")), _q("gridBefore"), 0)), widest)
        for tc in _children(tr, TC):
            tcpr = tc.find(_q("tcPr"))
            span = min(max(1, _int_prop(tcpr, _q("gridSpan"), 1)), max(1, widest - col))
            vmerge = tcpr.find(_q("vMerge")) if tcpr is not None else None
            above = open_merges.get(col)
            if vmerge is not None and vmerge.get(_q("val"), "continue") == "continue" and above is not None:
                above.rowspan = r - above.row + 1
            else:
                cell = Cell(row=r, col=col, colspan=span, text=_cell_text(tc, nested))
                cells.append(cell)
                for c in range(col, col + span):
                    open_merges.pop(c, None)
                if vmerge is not None:
                    open_merges[col] = cell
            col += span
    yield Table(cells=cells)
    for inner in nested:
        yield from _tables(inner, widest)


def _row_is_deleted(tr: etree._Element) -> bool:
    trpr = tr.find(_q("trPr"))
    return trpr is not None and trpr.find(_q("del")) is not None


def _cell_text(tc: etree._Element, nested: list[etree._Element]) -> str:
    lines: list[str] = []
    for child in _content(tc):
        if child.tag == P:
            lines.append(_paragraph_text(child))
        elif child.tag == TBL:
            nested.append(child)
            for tr in _children(child, TR):
                for inner in _children(tr, TC):
                    lines.append(_cell_text(inner, []))
    return "\n".join(line for line in lines if line.strip())


def _content(parent: etree._Element) -> Iterator[etree._Element]:
    for child in parent.iterchildren():
        if child.tag in (P, TBL):
            yield child
        elif child.tag in _TRANSPARENT:
            inner = child.find(SDT_CONTENT) if child.tag == SDT else child
            if inner is not None:
                yield from _content(inner)
