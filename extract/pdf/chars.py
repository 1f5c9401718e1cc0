"""Characters of a page from PDFium's text layer, in top-left page coordinates (points)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

from extract.pdf.frame import Frame
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


def _is_suspicious(ch: str) -> bool:
    o = ord(ch)
    return 0xE000 <= o <= 0xF8FF or o == 0xFFFD or (o < 0x20 and ch not in "\t\r\n")


def read_chars(textpage, page_height: float, frame: Frame | None = None) -> PageText:
    """Characters in display space (`frame` turns a /Rotate'd page upright), top-left origin."""
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    left, right, bottom, top = (pdfium_c.c_double() for _ in range(4))
    rect = pdfium_c.FS_RECTF()
    turned = frame is not None and (frame.rotation or frame.x0 or frame.y0)
    seen: set[tuple[str, int, int]] = set()
    chars: list[Char] = []
    unmapped = suspicious = 0
    for i in range(n):
        if pdfium_c.FPDFText_IsGenerated(raw, i):
            continue  # spaces and line breaks PDFium inferred; we infer our own from geometry
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if pdfium_c.FPDFText_HasUnicodeMapError(raw, i):
            unmapped += 1
        ch = chr(code) if code else ""
        if not ch or ch in "\r\n":
            continue
        if _is_suspicious(ch):
            suspicious += 1
            continue
        pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top)
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect)
        loose = (rect.left, rect.bottom, rect.right, rect.top)
        tight = (left.value, bottom.value, right.value, top.value)
        if turned:
            loose, tight = frame.box(*loose), frame.box(*tight)
        # The loose box spans the glyph's advance: gaps between loose boxes are real spacing,
        # while tight boxes of narrow glyphs (full-width '，') would open false gaps.
        x0, x1, y0, y1 = loose[0], loose[2], tight[1], tight[3]
        if y1 - y0 < 0.5:  # blank glyphs have no ink: place them by their loose box
            y0, y1 = loose[1], loose[3]
        # Fake bold draws a glyph twice, a fraction of a point apart: keep one.
        key = (ch, round(x0 * 2 / 3), round(y0 * 2 / 3))
        if key in seen:
            continue
        seen.add(key)
        angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
        if turned:
            angle = (angle + frame.angle) % (2 * math.pi)
        if angle < 0.3 or abs(angle - 2 * math.pi) < 0.3:
            angle = 0.0
        size = max(loose[3] - loose[1], y1 - y0, 1.0)
        top_, bottom_ = page_height - max(y1, loose[3]), page_height - min(y0, loose[1])
        chars.append(Char(ch, x0, top_, x1, bottom_, size, angle))
    return PageText(chars, unmapped, suspicious)


def chars_to_lines(chars: list[Char]) -> list[list[Char]]:
    """Group chars into visual lines (top to bottom), each sorted left to right."""
    lines: list[list[Char]] = []
    upright = sorted((c for c in chars if not c.angle), key=lambda c: (c.cy, c.x0))
    for c in upright:
        for line in reversed(lines[-3:]):
            ref = line[0]
            if abs(c.cy - ref.cy) < 0.45 * max(ref.size, c.size):
                line.append(c)
                break
        else:
            lines.append([c])
    for line in lines:
        line.sort(key=lambda c: c.x0)
    # Turned text (labels in narrow cells): one line per column of glyphs, read upwards when
    # turned counter-clockwise (270° as PDFium counts), downwards when turned clockwise.
    turned = sorted((c for c in chars if c.angle), key=lambda c: c.cx)
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


def line_text(line: list[Char]) -> str:
    out: list[str] = []
    prev: Char | None = None
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
    lines = [line for line in chars_to_lines(chars) if line_text(line).strip()]
    # Stray HTML ('<p>…</p>') marks its own paragraphs; the normalizers turn it into breaks.
    markup = any(_HTML_PARA.search(line_text(line)) for line in lines)
    paragraphs: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        text = line_text(line)
        if current.endswith(" ") or text.startswith(" "):
            current = (current.rstrip() + " " + text.lstrip()) if current else text.lstrip()
        else:
            current = join_soft(current, text) if current else text
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None:
            break
        room = (right - line[-1].x1) if right is not None else 0.0
        ends = not markup and (
            room > _first_word_width(nxt) + 0.5 * _em(line) or bool(LIST_START.match(line_text(nxt)))
        )
        if ends:
            paragraphs.append(current.strip())
            current = ""
    if current.strip():
        paragraphs.append(current.strip())
    return "\n".join(paragraphs)
