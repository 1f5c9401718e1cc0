"""A page's drawing graph walked, bounded in depth and in count, before PDFium draws it.

PDFium parses a page's content, and that of every form XObject the page draws, when the page is
loaded; tiling patterns, Type3 glyphs and annotation appearances when it is rendered. A form
drawn ten times by a form drawn ten times ... is parsed again for every time it is drawn, and
forms that draw each other have no end but PDFium's nesting limit: a 1 kB file of two such
forms asked for 4 GB. So each page's graph is walked here first (pypdf reads the objects;
nothing is drawn): how much content drawing the page would parse, counting every stream as
often as it is drawn, and whether any form, pattern, Type3 glyph or appearance draws itself.
A page over the budget, nested too deep, or drawing itself is not given to PDFium: it becomes
an error issue, and the other pages are read.

The budget is content bytes, each drawn XObject, pattern or annotation counted as `DRAW_BYTES`
more: measured on PDFium, the densest content (inline images, tiny paths) costs ~31 MB of memory
per MB parsed and each drawn form ~550 bytes beyond its content (~18 bytes' worth), so a page at
the default 8 MB budget stays near 250 MB in PDFium; the largest page of the sample and
development PDFs holds 0.16 MB.
"""

from __future__ import annotations

import contextlib
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

DRAW_BYTES = 32  # what drawing an XObject, a pattern or an annotation costs beyond its content
MAX_DEPTH = 16  # forms in forms (real documents: a few levels)
_CHUNK = 1 << 16
# '/Name Do', '/Name scn', '/Name sh', '/Name 12 Tf': what a content stream draws by name.
_USES = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*(?:(Do|scn|SCN|sh)|[-+]?[\d.]+\s+(Tf))(?![A-Za-z0-9_])")


@dataclass(frozen=True, slots=True)
class PageCheck:
    problem: str | None = None  # why the page must not be drawn (Chinese, for the issue)
    user_unit: float = 1.0  # /UserUnit: the size of a user-space unit, in points


class _Refused(Exception):
    pass


class Graph:
    """The document's objects as pypdf reads them, for checking pages one at a time."""

    def __init__(self, path: Path, budget: int) -> None:
        import pypdf

        self.reader = pypdf.PdfReader(str(path), strict=False)
        if self.reader.is_encrypted:
            self.reader.decrypt("")
        self.budget = budget

    def page(self, index: int) -> PageCheck:
        try:
            page = self.reader.pages[index]
        except Exception:
            return PageCheck()  # pypdf sees fewer pages than PDFium: PDFium and the memory ceiling decide
        unit = _user_unit(page)
        walk = _Walk(self.budget)
        try:
            walk.page(page)
        except _Refused as e:
            return PageCheck(str(e), unit)
        except RecursionError:
            return PageCheck(f"图形对象嵌套超过 {MAX_DEPTH} 层", unit)
        except Exception:  # an object pypdf cannot follow: PDFium and the memory ceiling decide
            return PageCheck(None, unit)
        return PageCheck(None, unit)


def open_graph(path: Path, budget: int) -> Graph | None:
    """None when pypdf cannot read the file's objects (PDFium may still repair it)."""
    try:
        return Graph(path, budget)
    except Exception:
        return None


def _user_unit(page) -> float:
    with contextlib.suppress(Exception):
        unit = float(page.get("/UserUnit", 1.0))
        if math.isfinite(unit) and 0.0 < unit <= 75000.0:  # the largest a reader supports
            return unit
    return 1.0


def _key(obj) -> object:
    ref = getattr(obj, "indirect_reference", None)
    return (ref.idnum, ref.generation) if ref is not None else id(obj)


class _Walk:
    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.spent = 0
        self.memo: dict[tuple, int] = {}
        self.path: list[object] = []  # streams being drawn, outermost first
        self.kinds: list[str] = []  # and what each is (a form, a pattern, an appearance)
        self.fonts: set[object] = set()  # Type3 fonts whose glyphs are counted (once per page)

    def spend(self, n: int) -> None:
        self.spent += n
        if self.spent > self.budget:
            raise _Refused(f"绘制内容展开后超过 {self.budget >> 20} MB（表单、图案或批注被反复绘制），未读取")

    def page(self, page) -> None:
        resources = _get(page, "/Resources")
        contents = _get(page, "/Contents")
        streams = contents if isinstance(contents, list) else [contents] if contents is not None else []
        self.draw_streams([_resolve(s) for s in streams], resources, "页面")
        for annot in _get(page, "/Annots") or []:
            appearance = _get(_get(_resolve(annot), "/AP"), "/N")
            self.spend(DRAW_BYTES)
            if appearance is None:
                continue
            if _is_stream(appearance):
                self.draw(appearance, None, "批注外观")
            else:  # appearance states: one of them is drawn
                for state in list(appearance.values())[:64]:
                    if _is_stream(_resolve(state)):
                        self.draw(_resolve(state), None, "批注外观")

    def draw_streams(self, streams: list, resources, what: str) -> None:
        """Page content given as several streams: one content, drawn once."""
        uses: Counter = Counter()
        for stream in streams:
            if _is_stream(stream):
                uses += self.scan(stream)
        self.follow(uses, resources, what)

    def draw(self, stream, inherited, what: str, times: int = 1) -> None:
        key = _key(stream)
        if key in self.path:
            first = self.kinds[self.path.index(key)]  # what the stream was when first drawn
            raise _Refused(f"{first}相互引用、绘制自身（递归），未读取")
        if len(self.path) >= MAX_DEPTH:
            raise _Refused(f"图形对象嵌套超过 {MAX_DEPTH} 层，未读取")
        resources = _get(stream, "/Resources") or inherited
        memo_key = (key, _key(resources) if resources is not None else None)
        cost = self.memo.get(memo_key)
        if cost is not None:
            self.spend(cost * times)
            return
        before = self.spent
        self.path.append(key)
        self.kinds.append(what)
        try:
            self.follow(self.scan(stream), resources, what)
        finally:
            self.path.pop()
            self.kinds.pop()
        cost = self.spent - before
        self.memo[memo_key] = cost
        self.spend(cost * (times - 1))

    def follow(self, uses: Counter, resources, what: str) -> None:
        for (name, op), times in uses.items():
            if op == "Do":
                target = _named(resources, "/XObject", name)
                self.spend(DRAW_BYTES * times)
                if target is not None and _get(target, "/Subtype") == "/Form":
                    self.draw(target, resources, "表单 XObject", times)
            elif op in ("scn", "SCN"):
                target = _named(resources, "/Pattern", name)
                self.spend(DRAW_BYTES * times)
                if target is not None and _is_stream(target):  # a tiling pattern: content of its own
                    self.draw(target, resources, "图案", times)
            elif op == "sh":
                self.spend(DRAW_BYTES * times)
            elif op == "Tf":
                font = _named(resources, "/Font", name)
                if font is None or _get(font, "/Subtype") != "/Type3" or _key(font) in self.fonts:
                    continue
                self.fonts.add(_key(font))
                procs = _get(font, "/CharProcs") or {}
                glyph_resources = _get(font, "/Resources") or resources
                for glyph in list(procs.values())[:4096]:
                    if _is_stream(_resolve(glyph)):
                        self.draw(_resolve(glyph), glyph_resources, "Type3 字形")

    def scan(self, stream) -> Counter:
        """Names drawn by the stream, counted; its inflated size spent."""
        uses: Counter = Counter()
        tail = b""
        for chunk in _decoded(stream, self.budget - self.spent + 1):
            self.spend(len(chunk))
            data = tail + chunk
            cut = max(0, len(data) - 256)  # a use split across chunks is found in the next round
            for m in _USES.finditer(data, 0):
                if m.end() <= cut or not chunk:
                    uses[(m.group(1).decode("latin-1"), (m.group(2) or m.group(3)).decode())] += 1
            tail = data[cut:]
        for m in _USES.finditer(tail):
            uses[(m.group(1).decode("latin-1"), (m.group(2) or m.group(3)).decode())] += 1
        return uses


def _decoded(stream, most: int):
    """The stream's decoded bytes in chunks, never more than `most` of them: Flate layers are
    inflated chunk by chunk; other filters are decoded by pypdf."""
    filters = _get(stream, "/Filter")
    names = [filters] if isinstance(filters, str) else list(filters or [])
    raw = stream._data if hasattr(stream, "_data") else b""
    if all(n in ("/FlateDecode", "/Fl") for n in names) and not _get(stream, "/DecodeParms"):
        yield from _inflate(raw, len(names), most)
        return
    data = stream.get_data()
    for at in range(0, min(len(data), most), _CHUNK):
        yield data[at : at + _CHUNK]


def _inflate(raw: bytes, layers: int, most: int):
    if layers == 0:
        for at in range(0, min(len(raw), most), _CHUNK):
            yield raw[at : at + _CHUNK]
        return
    decoders = [zlib.decompressobj() for _ in range(layers)]
    given = 0

    def feed(level: int, piece: bytes):
        decoder = decoders[level]
        while piece and not decoder.eof:
            out = decoder.decompress(piece, _CHUNK)
            if not out and decoder.unconsumed_tail == piece:
                return
            piece = decoder.unconsumed_tail
            if level == layers - 1:
                yield out
            elif out:
                yield from feed(level + 1, out)

    try:
        for at in range(0, len(raw), _CHUNK):
            for out in feed(0, raw[at : at + _CHUNK]):
                given += len(out)
                yield out
                if given > most:
                    return
    except zlib.error:
        return  # damaged data: what inflated is all PDFium will see too


def _resolve(obj):
    with contextlib.suppress(Exception):
        while hasattr(obj, "get_object") and obj is not obj.get_object():
            obj = obj.get_object()
    return obj


def _get(obj, key: str):
    obj = _resolve(obj)
    if obj is None or not hasattr(obj, "get"):
        return None
    return _resolve(obj.get(key))


def _named(resources, kind: str, name: str):
    return _get(_get(resources, kind), "/" + name)


def _is_stream(obj) -> bool:
    return obj is not None and hasattr(obj, "get_data")
