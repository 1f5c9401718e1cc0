"""The page in document order: text outside tables as paragraphs (block elements and <br> end
them), data tables as tables, layout tables read through, and the positioned renderings
(`positioned.find_pages`) handed on as pages where they stand."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from extract.html.tables import is_layout_table, read_table, rows_of
from extract.html.tree import BLOCKS, EXTERNAL, HEADINGS, SKIPPED, Styles, collapse, tag_of
from extract.model import Block, Paragraph


@dataclass(slots=True)
class PageBox:
    """A positioned rendering's page, laid out where it stands in the document."""

    element: etree._Element


Item = Block | PageBox


@dataclass(slots=True)
class Flow:
    styles: Styles
    pages: set[etree._Element]
    widest: int  # a table's spans are clamped to this many grid columns
    items: list[Item] = field(default_factory=list)
    external: int = 0  # images, frames and objects referred to (never fetched)
    _line: list[str] = field(default_factory=list)
    _heading: int = 0  # inside how many heading elements
    _line_heading: bool = False

    def read(self, root: etree._Element) -> list[Item]:
        self._visit(root)
        self._break()
        return self.items

    def _break(self) -> None:
        text = collapse("".join(self._line)).strip()
        if text:
            self.items.append(Paragraph(text=text, heading=self._line_heading))
        self._line.clear()
        self._line_heading = False

    def _text(self, text: str | None) -> None:
        if text:
            self._line.append(text)
            if self._heading and text.strip():
                self._line_heading = True

    def _children(self, el: etree._Element) -> None:
        self._text(el.text)
        for child in el:
            self._visit(child)
            self._text(child.tail)

    def _visit(self, el: etree._Element) -> None:
        tag = tag_of(el)
        if tag is None:
            return
        if tag in EXTERNAL and (el.get("src") or el.get("data") or tag == "picture"):
            self.external += 1
        if tag in SKIPPED or self.styles.hidden(el):
            return
        if el in self.pages:
            self._break()
            self.items.append(PageBox(el))
            self.external += sum(1 for e in el.iterdescendants() if tag_of(e) in EXTERNAL)
            return
        if tag == "br":
            self._break()
            return
        if tag == "table":
            self._break()
            self._table(el)
            return
        block = tag in BLOCKS
        if block:
            self._break()
        heading = tag in HEADINGS
        self._heading += heading
        self._children(el)
        self._heading -= heading
        if block:
            self._break()

    def _table(self, table: etree._Element) -> None:
        if not is_layout_table(table, self.pages):
            for child in table:
                if tag_of(child) == "caption":
                    self._visit(child)
            self.external += sum(1 for e in table.iterdescendants() if tag_of(e) in EXTERNAL)
            found = read_table(table, self.styles, self.widest)
            if found is not None:
                self.items.append(found)
            return
        # A layout table: its cells are regions of the page, read in order.
        for child in table:
            if tag_of(child) == "caption":
                self._visit(child)
        for tr in rows_of(table):
            if self.styles.hidden(tr):
                continue
            for td in tr:
                if tag_of(td) in ("td", "th") and not self.styles.hidden(td):
                    self._break()
                    self._children(td)
                    self._break()
