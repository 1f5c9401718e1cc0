"""Where a table's title, year and header lines are: the blocks since the last indicator table,
limited to the table's own title and pages (what comes before is another part of the document)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budget_perf.assemble.fields import Fields
from extract.model import Cell, Paragraph, RawDocument, Table
from normalizers.labels import TITLE_WORDS, is_caption
from normalizers.text import clean

_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|-(?:19|20)\d{2}\s*年)")


@dataclass(slots=True)
class Pending:
    """The blocks since the last indicator table: where a table's title and header block are."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    order: list[Paragraph | Table] = field(default_factory=list)

    def add(self, block: Paragraph | Table) -> None:
        (self.paragraphs if isinstance(block, Paragraph) else self.tables).append(block)  # type: ignore[arg-type]
        self.order.append(block)

    def clear(self) -> None:
        self.paragraphs.clear()
        self.tables.clear()
        self.order.clear()

    def context(self, captioned: bool, page: int | None) -> tuple[list[Paragraph], list[Table]]:
        """The blocks that belong to the next table: from its title on (what comes before the
        title is another part of the document: a budget summary, prose that names other units and
        amounts), else the last few, and none from pages before the one before the table's. A
        table whose grid prints its own title takes only the lines just above it."""
        if captioned:
            blocks = self.order[-_LINES_ABOVE:]
        else:
            titles = [
                i for i, b in enumerate(self.order) if isinstance(b, Paragraph) and _FORM_TITLE.search(clean(b.text))
            ]
            start = titles[-1] if titles else None
            if start:
                prev = self.order[start - 1]
                text = clean(self.order[start].text)  # type: ignore[union-attr]
                start -= isinstance(prev, Paragraph) and wrapped_title(clean(prev.text), text)  # its first line
            blocks = self.order[start:] if start is not None else self.order[-_CONTEXT:]
        if page is not None:
            blocks = [b for b in blocks if first_page_of(b) is None or first_page_of(b) >= page - 1]
        return [b for b in blocks if isinstance(b, Paragraph)], [b for b in blocks if isinstance(b, Table)][-2:]


def first_page_of(block: Paragraph | Table) -> int | None:
    return block.page if isinstance(block, Paragraph) else (block.pages[0] if block.pages else None)


_LINES_ABOVE = 2  # '单位名称：…' and '金额单位：万元' over a table that prints its own title
_CONTEXT = 6  # blocks before a table with no caption that may be its header lines


# A caption that names the form ('…绩效目标表', '…申报表（2024年）') beats a section heading that
# merely mentions targets ('七、绩效目标'); the nearest to the table wins among equals.
_FORM_TITLE = re.compile(r"(目标|指标|申报|填报|自评|评价)表(?:[(（][^()（）]{0,12}[)）])?$")


def caption_row(row: list[Cell | None]) -> bool:
    cells = {id(c): c for c in row if c is not None and c.text.strip()}
    return len(cells) == 1 and is_caption(clean(next(iter(cells.values())).text))


def title_of(paragraphs: list[Paragraph], above: list[list[Cell | None]]) -> str | None:
    """The table's printed title: a caption row at its top or the lines just before it."""
    candidates: list[str] = []
    for row in reversed(above):
        cells = {id(c): c for c in row if c is not None and c.text.strip()}
        if len(cells) == 1:
            candidates.append(clean(next(iter(cells.values())).text))
    seen = 0
    lines = [clean(p.text) for p in paragraphs]
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i]
        if i > 0 and wrapped_title(lines[i - 1], text):
            text = lines[i - 1] + text  # a title wrapped over two lines: '301007_某局_某项目' / '绩效目标表'
        elif not text or (
            re.fullmatch(r"(?:(?:金额)?单位[:：].*|[(（]?万?元[)）]?|\d{6,}.*|第?\d+页?)", text)
            and not _TITLED_PROJECT.match(text)
        ):
            continue
        seen += 1
        candidates.append(text)
        if seen >= 4:
            break
    titled = [t for t in candidates if is_caption(t)]
    for t in titled:
        if _FORM_TITLE.search(t):
            return t
    return titled[0] if titled else None


# The end of a title that names no subject of its own: the last line of a wrapped title.
GENERIC_TITLE = re.compile(r"(?:项目)?(?:支出)?(?:绩效)?(?:目标)?(?:申报|填报)?表(?:[(（][^()（）]{0,12}[)）])?")
_NOT_A_TITLE_HEAD = re.compile(
    r"[:：。；;，,]|^(?:附件|附表|表)\s*[\d一二三四五六七八九十-]*$|^[一二三四五六七八九十]+、|^\d+[.、]"
)


def title_head(text: str) -> bool:
    """The first line of a title wrapped over two: no label, sentence or section number."""
    return bool(text) and len(text) <= 60 and not _NOT_A_TITLE_HEAD.search(text) and not is_caption(text)


def wrapped_title(head: str, tail: str) -> bool:
    """`tail` ends a title whose first line is `head`: a generic tail ('绩效目标表') under any
    title's head, or the rest of a system export's title ('…改造项' / '目支出绩效目标表') under a head
    that opens with its unit's code ('301007_某局_…')."""
    if not title_head(head):
        return False
    if GENERIC_TITLE.fullmatch(tail):
        return True
    return (
        bool(_CODE_HEAD.match(head)) and not _CODE_HEAD.match(tail) and _TITLED_PROJECT.match(head + tail) is not None
    )


_CODE_HEAD = re.compile(r"^\d{3,}\s*[_＿]")
# A system export's title that names the unit and the project: '301007_某局_某某项目绩效目标表'.
_TITLED_PROJECT = re.compile(
    r"^(?P<code>\d{3,})\s*[_＿]\s*(?P<unit>[^_＿]{2,40}?)\s*[_＿]\s*(?P<name>.+?)(?:支出)?绩效目标(?:申报|填报)?表"
)


def project_from_title(fields: Fields, title: str | None) -> None:
    """A form that prints no 项目名称 cell, only a title naming the unit and the project."""
    m = _TITLED_PROJECT.match(title or "")
    if m is None or fields.project_name:
        return
    fields.project_name, fields.unit_code, fields.unit_name = m["name"], m["code"], m["unit"]


def year_of(text: str | None) -> int | None:
    m = _YEAR.search(text or "")
    return int(m.group(1)) if m else None


# A year that names the budget year: a short line, not a citation ('《宝安区2022年度绩效管理
# 工作实施方案》', '深文明委〔2022〕11号') and not prose, which cites years of all kinds.
_CITATION = re.compile(r"[《》〔〕【】\[\]]|号|规定|办法|方案|通知|意见|条例")
_YEAR_LABEL = re.compile(r"^(?:(?:预算|项目|申报|填报)?年度|年份)[:：]?\s*((?:19|20)\d{2})\s*年?度?$")


def year_in(texts: list[str]) -> int | None:
    """The year a header block states: a 年度 field, or a short heading-like line with 年度."""
    for text in texts:
        if m := _YEAR_LABEL.match(text.replace(" ", "")):
            return int(m.group(1))
    for text in texts:
        if "年度" in text and len(text) <= 40 and not _CITATION.search(text) and (y := year_of(text)):
            return y
    return None


_YEAR_LINE = re.compile(r"^(?:19|20)\d{2}\s*年度?$")


def document_year(raw: RawDocument) -> int | None:
    """The budget year the document's own title states: a heading, or one of its first short lines
    that reads like a title. Never a year cited in prose or found in cells."""
    seen = 0
    for block in raw.blocks:
        if not isinstance(block, Paragraph):
            continue
        text = clean(block.text)
        if not text:
            continue
        seen += 1
        titled = block.heading or (seen <= 3 and len(text) <= 60 and TITLE_WORDS.search(text) is not None)
        titled = titled or (seen <= 3 and _YEAR_LINE.match(text) is not None)  # a cover's '2026 年度' line
        if titled and not _CITATION.search(text) and (y := year_of(text)):
            return y
        if seen >= 3 and not block.heading:
            continue
    return None
