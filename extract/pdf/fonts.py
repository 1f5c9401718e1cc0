"""PDFium's font lookup, replaced by one bundled fallback font: the same text on every machine.

A PDF that does not embed its fonts (reportlab's STSong-Light, iText's STSongStd-Light: what
budget systems export) is drawn by PDFium with a substitute found among the machine's fonts.
Where and how large the substitute's glyphs are decides whether PDFium keeps a text object at
all (it drops one whose glyphs have no extent), so a machine without CJK fonts used to lose
single characters in narrow cells and whole turned labels. With this installed PDFium never
asks the system: every non-embedded font is substituted by `fallback.ttf`, boxes with an
extent for every code point, and positions come from the PDF's own metrics (/W, /Widths,
FontDescriptor ascent/descent, the text matrix). Embedded fonts are unaffected.

The price: a rendered page shows boxes where non-embedded text was (the QA report's page
images, OCR of a page whose text layer is garbled and whose fonts are not embedded).
"""

from __future__ import annotations

import ctypes
import threading
from pathlib import Path

import pypdfium2.raw as pdfium_c

FONT_FILE = Path(__file__).with_name("fallback.ttf")
_FACE = b"BudgetPerfFallback\0"
_lock = threading.Lock()
_installed: pdfium_c.FPDF_SYSFONTINFO | None = None  # kept alive: PDFium holds a pointer to it
_callbacks: list = []


def _struct(data: bytes) -> pdfium_c.FPDF_SYSFONTINFO:
    types = dict(pdfium_c.FPDF_SYSFONTINFO._fields_)

    def get_font_data(_this, _font, table, buffer, size):
        if table:  # a single table (e.g. 'ttcf' to test for a collection): the whole file only
            return 0
        if buffer and size >= len(data):
            ctypes.memmove(buffer, data, len(data))
        return len(data)

    def get_face_name(_this, _font, buffer, size):
        if buffer and size >= len(_FACE):
            ctypes.memmove(buffer, _FACE, len(_FACE))
        return len(_FACE)

    funcs = {
        "Release": lambda _this: None,
        "EnumFonts": lambda _this, _mapper: None,
        "MapFont": lambda _this, _weight, _italic, _charset, _pitch, _face, _exact: 1,
        "GetFont": lambda _this, _face: 1,
        "GetFontData": get_font_data,
        "GetFaceName": get_face_name,
        "GetFontCharset": lambda _this, _font: 1,  # DEFAULT_CHARSET: the cmap covers every script
        "DeleteFont": lambda _this, _font: None,
    }
    wrapped = {name: types[name](func) for name, func in funcs.items()}
    _callbacks.extend(wrapped.values())
    return pdfium_c.FPDF_SYSFONTINFO(version=1, **wrapped)


def use_bundled_fonts() -> None:
    """Install the fallback font as PDFium's only system font; idempotent, before any PDF is read."""
    use_font_file(FONT_FILE)


def use_font_file(path: Path) -> None:
    """Install `path` as PDFium's only system font, once per process (the first call wins).

    The scan simulator draws its pages with a real CJK font this way, in a process of its own.
    """
    global _installed
    if _installed is not None:
        return
    with _lock:
        if _installed is None:
            info = _struct(Path(path).read_bytes())
            pdfium_c.FPDF_SetSystemFontInfo(ctypes.byref(info))
            _installed = info
