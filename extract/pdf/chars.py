"""Characters of a page from PDFium's text layer, in top-left page coordinates (points)."""

from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

from extract.pdf.frame import Frame
from extract.pdf.objects import clip_path_boxes
from normalizers.text import LIST_START, join_soft


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # em height from the loose box; steadier than the glyph box for line grouping
    angle: float = 0.0  # radians, counter-clockwise; 0 for upright text

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class PageText:
    chars: list[Char]
    unmapped: int  # glyphs with no Unicode mapping: what pdfminer prints as (cid:NNN)
    suspicious: int  # private-use, replacement and control characters
    clipped: int = 0  # characters outside their text object's clip path: not shown on the page


def read_chars(
    textpage, page_height: float, frame: Frame | None = None, text_angle: float | None = None, clipped: bool = True
) -> PageText:
    """Characters in display space (`frame` turns a /Rotate'd page upright), top-left origin.

    `text_angle`, when the page's objects show every character is set at one angle, spares
    asking PDFium for each character's angle; `clipped` False, when they show no text reaches
    past its clip, spares asking for each character's object.
    """
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    rect = pdfium_c.FS_RECTF()
    box = memoryview(rect).cast("B").cast("f")  # the four floats read in one go
    map_error, loose_box = pdfium_c.FPDFText_HasUnicodeMapError, pdfium_c.FPDFText_GetLooseCharBox
    turned = frame is not None and not frame.identity
    shared = None if text_angle is None else _display_angle(text_angle, frame if turned else None)
    seen: set[tuple[str, int, int]] = set()
    chars: list[Char] = []
    unmapped = suspicious = hidden = 0
    clips = _Clips()
    for i, code in enumerate(_codes(raw, n)):
        blank = code in _BLANK_CODES
        if blank and pdfium_c.FPDFText_IsGenerated(raw, i):
            continue  # spaces and line breaks PDFium inferred; we infer our own from geometry
        if map_error(raw, i):
            unmapped += 1
        if blank:
            if code != 32:
                continue  # a line break or an empty code
        elif (code < 0x20 and code != 9) or 0xE000 <= code <= 0xF8FF or code == 0xFFFD:
            suspicious += 1  # control (a tab is a space), private-use and replacement characters
            continue
        ch = _HYPHEN if code == 0xFFFE else chr(code)
        loose_box(raw, i, rect)
        left, top, right, bottom = box  # FS_RECTF's field order
        if clipped and not clips.shows(raw, i, (left + right) * 0.5, (top + bottom) * 0.5):
            hidden += 1  # a cell's text running past its border, cut off by the cell's clip
            continue
        if turned:
            left, bottom, right, top = frame.box(left, bottom, right, top)
        # The loose box spans the glyph's advance and the font's ascent and descent: gaps
        # between loose boxes are real spacing, while tight glyph boxes of narrow glyphs
        # (full-width '，') would open false gaps, and blank glyphs have none.
        # Fake bold draws a glyph twice, a fraction of a point apart: keep one.
        key = (ch, round(left * 2 / 3), round(bottom * 2 / 3))
        if key in seen:
            continue
        seen.add(key)
        if shared is None:
            angle = _display_angle(pdfium_c.FPDFText_GetCharAngle(raw, i), frame if turned else None)
        else:
            angle = shared
        size = top - bottom
        chars.append(Char(ch, left, page_height - top, right, page_height - bottom, size if size > 1.0 else 1.0, angle))
    return PageText(chars, unmapped, suspicious, hidden)


# PDFium's code for a hyphen the line wrap made ('城市-小微'): the page shows a hyphen.
_HYPHEN = "-"
_CLIP_SLACK = 1.0  # points: a glyph's centre on its clip's edge is shown


class _Clips:
    """Whether a character lies inside its text object's clip path, each object's clip measured
    once. Exporters clip a cell's text to the cell: what overflows is in the text layer but not on
    the page, and read as text it lands in the cell below ('况一般性支出情')."""

    def __init__(self) -> None:
        self.boxes: dict[int | None, tuple[float, float, float, float] | None] = {}

    def shows(self, textpage, index: int, x: float, y: float) -> bool:
        obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
        key = ctypes.cast(obj, ctypes.c_void_p).value if obj else None
        if key not in self.boxes:
            self.boxes[key] = _clip_box(obj) if obj else None
        box = self.boxes[key]
        return box is None or (
            box[0] - _CLIP_SLACK <= x <= box[2] + _CLIP_SLACK and box[1] - _CLIP_SLACK <= y <= box[3] + _CLIP_SLACK
        )


def _clip_box(obj) -> tuple[float, float, float, float] | None:
    """The bounding box of a page object's clip path (the intersection of its paths), in PDF
    user space; None where it has none."""
    box: tuple[float, float, float, float] | None = None
    for b in clip_path_boxes(obj):
        box = b if box is None else (max(box[0], b[0]), max(box[1], b[1]), min(box[2], b[2]), min(box[3], b[3]))
    return box


def _codes(raw, n: int) -> list[int]:
    """The Unicode of each of the page's n characters: one call for the page's text where it
    lines up one to one with the character indices, else one call per character (a character
    beyond the BMP takes two UTF-16 units; one without Unicode takes none)."""
    buffer = (ctypes.c_ushort * (n + 1))()
    if n and pdfium_c.FPDFText_GetText(raw, 0, n, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))) == n + 1:
        text = bytes(buffer)[: 2 * n].decode("utf-16-le", "surrogatepass")
        if len(text) == n:
            return [ord(ch) for ch in text]
    return [pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(n)]


_BLANK_CODES = frozenset((0, 10, 13, 32))  # PDFium generates only these


def _display_angle(angle: float, frame: Frame | None) -> float:
    """A character's angle on the displayed page; near upright counts as upright."""
    if frame is not None:
        angle = (angle + frame.angle) % (2 * math.pi)
    return 0.0 if angle < 0.3 or abs(angle - 2 * math.pi) < 0.3 else angle


def chars_to_lines(chars: list[Char]) -> list[list[Char]]:
    """Group chars into visual lines (top to bottom), each sorted left to right."""
    lines: list[list[Char]] = []
    heads: list[tuple[float, float]] = []  # middle and size of each line's first char
    upright: list[tuple[float, float, int]] = []
    turned: list[Char] = []
    for i, c in enumerate(chars):
        if c.angle:
            turned.append(c)
        else:  # (middle, left, position): the position keeps equal keys in reading order
            upright.append(((c.top + c.bottom) * 0.5, c.x0, i))
    upright.sort()
    for cy, _, i in upright:
        c = chars[i]
        n = len(lines)
        for j in range(n - 1, n - 4 if n > 3 else -1, -1):  # the last three lines
            ref_cy, ref_size = heads[j]
            if abs(cy - ref_cy) < 0.45 * (ref_size if ref_size > c.size else c.size):
                lines[j].append(c)
                break
        else:
            lines.append([c])
            heads.append((cy, c.size))
    for line in lines:
        line.sort(key=lambda c: c.x0)
    # Turned text (labels in narrow cells): one line per column of glyphs, read upwards when
    # turned counter-clockwise (270° as PDFium counts), downwards when turned clockwise.
    turned.sort(key=lambda c: c.cx)
    columns: list[list[Char]] = []
    for c in turned:
        if columns and abs(c.cx - columns[-1][0].cx) < 0.5 * c.size:
            columns[-1].append(c)
        else:
            columns.append([c])
    for column in columns:
        upwards = column[0].angle > math.pi  # PDFium measures the angle clockwise
        lines.append(sorted(column, key=lambda c: -c.cy if upwards else c.cy))
    return lines


# Measured on LibreOffice renders at 10.5pt: a typed space leaves a 0.26 em gap, the automatic
# spacing between CJK and Latin text 0.20 em. A generated gap reads as a space above this.
SPACE_GAP = 0.235


def _em(line: list[Char]) -> float:
    widths = sorted(c.x1 - c.x0 for c in line if "\u4e00" <= c.text <= "\u9fff")
    return widths[len(widths) // 2] if widths else max(c.size for c in line) * 0.8


def line_text(line: list[Char], em: float | None = None) -> str:
    out: list[str] = []
    prev: Char | None = None
    if em is None:
        em = _em(line)
    for c in line:
        if c.text.isspace():
            if not out or out[-1] != " ":
                out.append(" ")
            prev = None
            continue
        if prev is not None and c.x0 - prev.x1 > SPACE_GAP * em and out[-1] != " ":
            out.append(" ")
        out.append(c.text)
        prev = c
    return "".join(out)  # a space glyph at either end was typed at the wrap: callers decide


_HTML_PARA = re.compile(r"</?p>|<br\s*/?>", re.IGNORECASE)


# Characters a line may not start with (kinsoku): they travel with the character before them.
_NO_LINE_START = set("”’）》」』】〕〉、。，．；：？！…%％·)]},.;:?!")


def _first_word_width(line: list[Char]) -> float:
    """Width of what the line starts with that could not have been broken off: a CJK char or an
    ASCII run, with any closing punctuation that must stay with it."""
    first = line[0]
    end = first.x1
    ascii_run = first.text.isascii() and first.text not in _NO_LINE_START
    for c in line[1:]:
        if c.text in _NO_LINE_START:
            end = c.x1
            ascii_run = ascii_run or c.text.isascii()
            continue
        if (
            c.text.isascii()
            and not c.text.isspace()
            and (ascii_run or line[0].text in _NO_LINE_START or end > first.x1)
        ):
            end = c.x1  # '设。</p>': Latin glued to closing punctuation does not break either
            ascii_run = True
            continue
        break
    return end - first.x0


def text_of(chars: list[Char], right: float | None = None) -> str:
    """Text of a cell: soft-wrapped lines joined, '\n' only where a paragraph ends.

    A line ends its paragraph if the next line's first word would have fit in the
    room left on it, or if the next line starts a numbered item.
    """
    lines: list[tuple[list[Char], str, float]] = []
    for line in chars_to_lines(chars):
        em = _em(line)
        text = line_text(line, em)
        if text.strip():
            lines.append((line, text, em))
    # Stray HTML ('<p>…</p>') marks its own paragraphs; the normalizers turn it into breaks.
    markup = any(_HTML_PARA.search(text) for _, text, _ in lines)
    paragraphs: list[str] = []
    current = ""
    for i, (line, text, em) in enumerate(lines):
        if current.endswith(" ") or text.startswith(" "):
            current = (current.rstrip() + " " + text.lstrip()) if current else text.lstrip()
        else:
            current = join_soft(current, text) if current else text
        if i + 1 == len(lines):
            break
        nxt, next_text, _ = lines[i + 1]
        room = (right - line[-1].x1) if right is not None else 0.0
        ends = not markup and (room > _first_word_width(nxt) + 0.5 * em or bool(LIST_START.match(next_text)))
        if ends:
            paragraphs.append(current.strip())
            current = ""
    if current.strip():
        paragraphs.append(current.strip())
    return "\n".join(paragraphs)
