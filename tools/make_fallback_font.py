"""Build extract/pdf/fallback.ttf: the one font PDFium may use for fonts a PDF does not embed.

Every code point maps to an outlined box (tofu): half width for ASCII, full width for the
rest. Only the existence and extent of a glyph matter to text extraction: PDFium drops a text
object whose glyphs have no extent in the substituted font, so a machine without CJK fonts
loses single characters in narrow cells and whole turned labels. Advance widths always come
from the PDF's own /W and /Widths. Run with fontTools installed (`pip install fonttools`):

    python tools/make_fallback_font.py            # rewrite the font
    python tools/make_fallback_font.py --check    # exit 1 if the committed font differs
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "extract" / "pdf" / "fallback.ttf"
ASCENT, DESCENT = 880, -120


def _box(advance: int, inset: int):
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    x0, x1, y0, y1, t = inset, advance - inset, DESCENT, ASCENT, 40
    for points in (
        ((x0, y0), (x0, y1), (x1, y1), (x1, y0)),
        ((x0 + t, y0 + t), (x1 - t, y0 + t), (x1 - t, y1 - t), (x0 + t, y1 - t)),
    ):
        pen.moveTo(points[0])
        for p in points[1:]:
            pen.lineTo(p)
        pen.closePath()
    return pen.glyph()


def build() -> bytes:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.ttLib import newTable
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "half", "full"])
    fb.setupCharacterMap({})
    fb.setupGlyf({".notdef": _box(500, 50), "half": _box(500, 50), "full": _box(1000, 60)})
    fb.setupHorizontalMetrics({".notdef": (500, 50), "half": (500, 50), "full": (1000, 60)})
    fb.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    fb.setupNameTable({"familyName": "BudgetPerfFallback", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=ASCENT, sTypoDescender=DESCENT, usWinAscent=ASCENT, usWinDescent=-DESCENT)
    fb.setupPost()
    # Format 13 maps whole ranges to one glyph, so every code point costs a few bytes in all.
    sub = CmapSubtable.newSubtable(13)
    sub.platformID, sub.platEncID, sub.language = 3, 10, 0
    mapping = dict.fromkeys(range(0x20, 0x7F), "half")
    for lo, hi in ((0xA0, 0xD800), (0xE000, 0x10000), (0x20000, 0x323B0)):
        mapping.update(dict.fromkeys(range(lo, hi), "full"))
    sub.cmap = mapping
    cmap = newTable("cmap")
    cmap.tableVersion, cmap.tables = 0, [sub]
    fb.font["cmap"] = cmap
    fb.font["head"].created = fb.font["head"].modified = 0  # reproducible bytes
    fb.font.recalcTimestamp = False
    buf = io.BytesIO()
    fb.font.save(buf)
    return buf.getvalue()


if __name__ == "__main__":
    data = build()
    if "--check" in sys.argv:
        sys.exit(0 if OUT.read_bytes() == data else 1)
    OUT.write_bytes(data)
    print(f"{OUT} ({len(data)} bytes)")
