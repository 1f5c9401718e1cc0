"""Positioned renderings: a PDF page turned into HTML as absolutely placed boxes (one text line
each) and rules (bordered empty boxes, thin filled boxes), read back into characters with
positions and rule segments for the shared page layout (`extract/page_layout.py`).

A page is a box placed in the document's flow with a width and a height of its own (Yantai's
`<div class="page" style="width:595pt;height:842pt;position:relative">`, pdf2htmlEX's `.pf`)
that holds absolutely placed boxes: for each of these, the nearest such ancestor; failing one,
the outermost sized absolute ancestor (pages stacked by `top`). Positions are summed down the
chain of positioned boxes from the page's top left, in points.

A text line's characters get its font size as height and widths from their em widths
(ideographs and full-width forms a whole em, others about half), so that a line's extent is
what a CJK font gives; a box with its own width fits its line into it. A line never runs over
a vertical rule it starts before, nor into the next text box on its line, by the estimate's
error (a proportional font's digits are narrower than half an em): there it is drawn in. Text
drawn twice a hair apart (fake bold) is read once; text drawn over other text is moved under
it rather than interleaved with it.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from lxml import etree

from extract.html.css import DEFAULT_FONT_PT, background, borders, font_size, length, line_height
from extract.html.tree import BLOCKS, SKIPPED, Styles, tag_of
from extract.pdf.chars import Char
from extract.pdf.rulings import MIN_EDGE, SNAP, Edge

_POSITIONED = ("absolute", "fixed", "relative")
_COLLAPSIBLE = frozenset(" \t\n\r\f")
# A box given a width that the estimate of its text's width lies within these shares of holds
# just that text (a converter writes the text's extent): the line is fitted into it. Outside
# them the box is a container: narrower, the text wraps; wider, it is placed by text-align.
FIT_SHARES = (0.7, 1.3)


@dataclass(slots=True)
class PageContent:
    chars: list[Char]
    horizontal: list[Edge]
    vertical: list[Edge]
    width: float
    height: float


def em_width(ch: str) -> float:
    """A character's advance in ems in a CJK font: ideographs, kana, full-width forms and the
    symbols CJK fonts draw full width (≥, ×, ², —, “) one em; combining marks none; others half."""
    if unicodedata.combining(ch):
        return 0.0
    kind = unicodedata.east_asian_width(ch)
    if kind in ("W", "F") or (kind == "A" and not ch.isascii()):
        return 1.0
    return 0.5


def _position(style: dict[str, str]) -> str:
    return style.get("position", "static").strip().lower()


def _sized(style: dict[str, str]) -> bool:
    return length(style.get("width")) is not None and length(style.get("height")) is not None


def find_pages(root: etree._Element, styles: Styles) -> set[etree._Element]:
    """The pages of positioned renderings in the document (see the module's docstring)."""
    pages: set[etree._Element] = set()
    if not _places_boxes(root, styles):
        return pages

    def visit(el: etree._Element, flow_box: etree._Element | None, abs_box: etree._Element | None) -> None:
        for child in el:
            tag = tag_of(child)
            if tag is None or tag in SKIPPED or styles.hidden(child):
                continue
            style = styles.of(child)
            absolute = _position(style) in ("absolute", "fixed")
            if absolute:
                page = flow_box if flow_box is not None else abs_box
                if page is not None:
                    pages.add(page)
            inner_flow, inner_abs = flow_box, abs_box
            if _sized(style):
                if not absolute:
                    inner_flow = child
                elif abs_box is None and flow_box is None:
                    inner_abs = child
            visit(child, inner_flow, inner_abs)

    visit(root, None, None)
    # A page inside another page is read as part of it.
    return {p for p in pages if not any(a in pages for a in p.iterancestors())}


def _places_boxes(root: etree._Element, styles: Styles) -> bool:
    """Does anything on the page ask for absolute placement (inline, or by a rule of its own
    stylesheet)? Most pages do not, and are not walked for pages."""
    if root.xpath("//*[contains(@style, 'absolute') or contains(@style, 'fixed')]"):
        return True
    sheet = styles.sheet
    rules = [*sheet.by_class.values(), *sheet.by_id.values(), *sheet.by_tag.values(), *sheet.by_tag_class.values()]
    return any(_position(rule) in ("absolute", "fixed") for rule in rules)


@dataclass(slots=True)
class _Line:
    chars: list[Char]
    order: int


@dataclass(slots=True)
class _Reader:
    styles: Styles
    lines: list[_Line] = field(default_factory=list)
    horizontal: list[Edge] = field(default_factory=list)
    vertical: list[Edge] = field(default_factory=list)

    def walk(self, el: etree._Element, ox: float, oy: float, cb: tuple[float, float], size: float) -> None:
        for child in el:
            tag = tag_of(child)
            if tag is None or tag in SKIPPED or self.styles.hidden(child):
                continue
            style = self.styles.of(child)
            own = font_size(style, size)
            if _position(style) not in _POSITIONED:
                self.walk(child, ox, oy, cb, own)
                continue
            x, y, w, h = _box(style, ox, oy, cb, own)
            edge = borders(style, own)
            pad_left = length(style.get("padding-left"), own) or 0.0
            pad_top = length(style.get("padding-top"), own) or 0.0
            self._rules(style, x, y, w, h, edge, own)
            ix, iy = x + edge["left"] + pad_left, y + edge["top"] + pad_top
            if len(child) or (child.text or "").strip():  # a rule box holds at most a blank
                self.text(child, style, ix, iy, w, own)
            self.walk(child, ix, iy, (w if w is not None else cb[0], h if h is not None else cb[1]), own)

    def _rules(
        self, style: dict[str, str], x: float, y: float, w: float | None, h: float | None, edge: dict, size: float
    ) -> None:
        """Borders as rule segments along their middle; a thin filled box as one rule, a filled
        larger box as its four sides (as the PDF reader takes a filled rectangle)."""
        pads = [length(style.get(f"padding-{s}"), size) or 0.0 for s in ("left", "right", "top", "bottom")]
        width = None if w is None else edge["left"] + pads[0] + w + pads[1] + edge["right"]
        height = None if h is None else edge["top"] + pads[2] + h + pads[3] + edge["bottom"]
        if width is not None and width >= MIN_EDGE:
            if edge["top"]:
                self.horizontal.append(Edge(y + edge["top"] / 2, x, x + width))
            if edge["bottom"] and height is not None:
                self.horizontal.append(Edge(y + height - edge["bottom"] / 2, x, x + width))
        if height is not None and height >= MIN_EDGE:
            if edge["left"]:
                self.vertical.append(Edge(x + edge["left"] / 2, y, y + height))
            if edge["right"] and width is not None:
                self.vertical.append(Edge(x + width - edge["right"] / 2, y, y + height))
        if width is None or height is None or not background(style):
            return
        if height <= SNAP * 1.5 and width >= MIN_EDGE:
            self.horizontal.append(Edge(y + height / 2, x, x + width))
        elif width <= SNAP * 1.5 and height >= MIN_EDGE:
            self.vertical.append(Edge(x + width / 2, y, y + height))
        elif width >= MIN_EDGE and height >= MIN_EDGE:
            self.horizontal += [Edge(y, x, x + width), Edge(y + height, x, x + width)]
            self.vertical += [Edge(x, y, y + height), Edge(x + width, y, y + height)]

    def text(self, el: etree._Element, style: dict[str, str], x: float, y: float, w: float | None, size: float) -> None:
        """The box's own lines of text (not those of positioned boxes inside it), top to bottom."""
        lead = line_height(style, size)
        align = style.get("text-align", "left").strip().lower()
        wraps = style.get("white-space", "normal").strip().lower() not in ("nowrap", "pre")
        top = y
        for segments in _inline_lines(el, self.styles, size):
            for run in _fit(segments, w, wraps):
                width = sum(a for _, _, a in run)
                left = x
                if w is not None and width < w:
                    left += {"center": (w - width) / 2, "right": w - width, "end": w - width}.get(align, 0.0)
                chars = []
                for ch, char_size, advance in run:
                    glyph_top = top + (lead - char_size) / 2
                    chars.append(Char(ch, left, glyph_top, left + advance, glyph_top + char_size, char_size))
                    left += advance
                # Spaces at either end (a no-break space in an empty box, full-width indents)
                # only moved what follows; the characters keep their places without them.
                while chars and chars[-1].text.isspace():
                    chars.pop()
                while chars and chars[0].text.isspace():
                    chars.pop(0)
                if chars:
                    self.lines.append(_Line(chars, len(self.lines)))
                top += lead


Segment = tuple[str, float, float]  # text, font size, letter spacing


def _inline_lines(el: etree._Element, styles: Styles, size: float) -> list[list[Segment]]:
    """The box's text lines as (text, size, spacing) segments, white space collapsed; <br> and
    block elements break lines; positioned boxes inside are left to their own reading."""
    lines: list[list[Segment]] = [[]]

    def add(text: str | None, own: float, spacing: float) -> None:
        if text:
            lines[-1].append((text, own, spacing))

    def visit(node: etree._Element, own: float) -> None:
        spacing = length(styles.of(node).get("letter-spacing"), own) or 0.0
        add(node.text, own, spacing)
        for child in node:
            tag = tag_of(child)
            if tag is not None and tag not in SKIPPED and not styles.hidden(child):
                style = styles.of(child)
                if _position(style) not in _POSITIONED:
                    if tag == "br":
                        lines.append([])
                    elif tag in BLOCKS:
                        lines.append([])
                        visit(child, font_size(style, own))
                        lines.append([])
                    else:
                        visit(child, font_size(style, own))
            add(child.tail, own, spacing)

    visit(el, size)
    return [chars for line in lines if (chars := _collapsed(line))]


def _collapsed(line: list[Segment]) -> list[Segment]:
    """The line's characters, each with its segment's size and spacing, white space collapsed as
    HTML collapses it (a no-break space stays) and trimmed at both ends."""
    chars: list[Segment] = []
    soft: list[bool] = []
    for text, own, spacing in line:
        for ch in text:
            if ch in _COLLAPSIBLE:
                if not soft or not soft[-1]:
                    chars.append((" ", own, spacing))
                    soft.append(True)
            else:
                chars.append((" " if ch == "\xa0" else ch, own, spacing))
                soft.append(False)
    start, end = 0, len(chars)
    while start < end and soft[start]:
        start += 1
    while end > start and soft[end - 1]:
        end -= 1
    return chars[start:end]


def _fit(segments: list[Segment], w: float | None, wraps: bool) -> list[list[tuple[str, float, float]]]:
    """The line's characters with their advances, in one run or wrapped into the box's width."""
    chars = [(ch, own, em_width(ch) * own + spacing) for ch, own, spacing in segments]
    natural = sum(a for _, _, a in chars)
    if w is None or w <= 0 or natural <= 0:
        return [chars]
    low, high = FIT_SHARES
    if low * w <= natural <= high * w:
        scale = w / natural
        return [[(ch, own, a * scale) for ch, own, a in chars]]
    if natural < low * w or not wraps:
        return [chars]
    runs: list[list[tuple[str, float, float]]] = [[]]
    used = 0.0
    for ch, own, a in chars:
        if runs[-1] and used + a > w:
            runs.append([])
            used = 0.0
        if ch == " " and not runs[-1]:
            continue  # a wrapped line does not start with the space it broke at
        runs[-1].append((ch, own, a))
        used += a
    return [r for r in runs if r]


def _box(
    style: dict[str, str], ox: float, oy: float, cb: tuple[float, float], size: float
) -> tuple[float, float, float | None, float | None]:
    """Left and top of the box's border edge, and its content width and height (None: auto)."""
    w = _length(style.get("width"), size, cb[0])
    h = _length(style.get("height"), size, cb[1])
    left = _length(style.get("left"), size, cb[0])
    top = _length(style.get("top"), size, cb[1])
    if left is None and (right := _length(style.get("right"), size, cb[0])) is not None and w is not None:
        left = cb[0] - right - w
    if top is None and (bottom := _length(style.get("bottom"), size, cb[1])) is not None and h is not None:
        top = cb[1] - bottom - h
    x = ox + (left or 0.0) + (_length(style.get("margin-left"), size, cb[0]) or 0.0)
    y = oy + (top or 0.0) + (_length(style.get("margin-top"), size, cb[1]) or 0.0)
    return x, y, w, h


def _length(value: str | None, size: float, reference: float) -> float | None:
    if value is not None and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1]) / 100 * reference
        except ValueError:
            return None
    return length(value, size)


def page_content(page: etree._Element, styles: Styles, size: float) -> PageContent:
    """The page's characters and rules in points from its top left."""
    style = styles.of(page)
    own = font_size(style, size)
    width = length(style.get("width"), own) or 0.0
    height = length(style.get("height"), own) or 0.0
    reader = _Reader(styles)
    reader.text(page, style, 0.0, 0.0, width, own)  # text set in the page's flow, if any
    reader.walk(page, 0.0, 0.0, (width, height), own)
    _draw_in(reader.lines, reader.vertical)
    lines = _part_overlaps(reader.lines)
    chars = [c for line in lines for c in line.chars]
    return PageContent(chars, reader.horizontal, reader.vertical, width, height)


def _slack(chars: list[Char]) -> float:
    """How far the estimated extent may overrun the real one: about 0.3 em for each character
    estimated at half an em (a proportional font's '.', 'l' and ',' are a quarter em or less)."""
    return sum(0.3 * c.size for c in chars if em_width(c.text) == 0.5) + 1.0


def _draw_in_to(line: _Line, right: float) -> None:
    x0, x1 = line.chars[0].x0, line.chars[-1].x1
    scale = (right - x0) / (x1 - x0)
    for c in line.chars:
        c.x0 = x0 + (c.x0 - x0) * scale
        c.x1 = x0 + (c.x1 - x0) * scale


def _draw_in(lines: list[_Line], vertical: list[Edge]) -> None:
    """A line whose estimated extent runs over a vertical rule it starts before, the rule crossing
    its middle, by no more than the estimate's slack, is drawn in to end just before the rule."""
    rules = sorted(vertical, key=lambda v: v.pos)
    positions = [v.pos for v in rules]
    for line in lines:
        chars = line.chars
        x1 = chars[-1].x1
        middle = (chars[0].top + chars[0].bottom) / 2
        first_middle = (chars[0].x0 + chars[0].x1) / 2
        lo, hi = bisect_right(positions, first_middle), bisect_left(positions, x1)
        crossing = [v.pos for v in rules[lo:hi] if v.a <= middle <= v.b]
        if crossing and x1 - crossing[0] <= _slack(chars):
            _draw_in_to(line, crossing[0] - 0.5)


def _middle(line: _Line) -> float:
    return (line.chars[0].top + line.chars[0].bottom) / 2


def _part_overlaps(lines: list[_Line]) -> list[_Line]:
    """Two text boxes on one line whose estimated extents overlap: the same text within a point
    of the other is fake bold (drawn twice, a hair apart), read once; by no more than the first's
    slack, the first is drawn in to end where the second starts; by more, the text really is
    drawn over other text (a converter's overlaid heading), and the later one is moved under
    the other so that each reads whole instead of the two interleaved character by character.
    Returns the lines kept."""
    by_middle = sorted(lines, key=_middle)
    middles = [_middle(line) for line in by_middle]
    moved: set[int] = set()
    dropped: set[int] = set()
    for line in sorted(lines, key=lambda ln: (ln.chars[0].x0, ln.order)):
        if id(line) in moved:
            continue
        mid, size = _middle(line), line.chars[0].size
        lo, hi = bisect_left(middles, mid - 0.45 * size), bisect_right(middles, mid + 0.45 * size)
        for other in by_middle[lo:hi]:
            if (
                other is line
                or id(other) in moved
                or abs(_middle(other) - mid) >= 0.45 * max(size, other.chars[0].size)
            ):
                continue
            start = other.chars[0].x0
            if not (line.chars[0].x0 <= start < line.chars[-1].x1) or (
                start == line.chars[0].x0 and other.order < line.order
            ):
                continue
            later = other if other.order > line.order else line
            if abs(start - line.chars[0].x0) < 1.0 and _text(other) == _text(line):
                moved.add(id(later))
                dropped.add(id(later))
                if later is line:
                    break
                continue
            overlap = line.chars[-1].x1 - start
            if overlap <= _slack(line.chars):
                _draw_in_to(line, start - 0.1)
                continue
            shift = 0.6 * max(size, other.chars[0].size)
            for c in later.chars:
                c.top += shift
                c.bottom += shift
            moved.add(id(later))
            if later is line:
                break
    return [line for line in lines if id(line) not in dropped]


def _text(line: _Line) -> str:
    return "".join(c.text for c in line.chars)


def inherited_font_size(el: etree._Element, styles: Styles) -> float:
    """The font size an element inherits from its ancestors."""
    size = DEFAULT_FONT_PT
    for ancestor in reversed(list(el.iterancestors())):
        size = font_size(styles.of(ancestor), size)
    return size
