"""Page images for the review app: drawn on first view and kept on disk under
OUTDIR/.review-pages/<sha256>/, so a page seen once opens from its file after that, and a document
of any length costs only the pages a reviewer looks at.

PDF pages are drawn by PDFium (PNG; JPEG for a scanned document), image files give their own
frame (JPEG), both at twice their size in points, the unit of `Indicator.bbox` and `Issue.bbox`.
DOCX and spreadsheets have no page images. Only the inputs the manifest names for a document are
read, and only once their sha256 is found to be the converted content (checked again when the
file's size or time changes): a file replaced since the batch ran shows no image rather than
another document's pages."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

from budget_perf.review.batch import Entry

CACHE = ".review-pages"
SCALE = 2.0  # pixels per point (144 dpi): Chinese stays legible when the page is zoomed
LONGEST = 3000  # pixels: the longest side of a page image (an absurd MediaBox is drawn smaller)
PAGED = ("pdf", "image")  # the formats that have pages to show


def _sha256(path: Path) -> str:
    from budget_perf.pipeline import sha256_of

    return sha256_of(path)


def _write(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def _image_dpi(frame) -> float:
    """As the OCR reader takes it (extract/ocr/raster.py): a stated dpi under 100 means nothing
    (phones write 72), and the page is then A4 across its short side."""
    stated = float(frame.info.get("dpi", (0, 0))[0] or 0)
    return stated if stated >= 100 else min(frame.size) / 8.27


class Pages:
    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir.resolve()
        self.root = self.outdir / CACHE
        self._lock = threading.Lock()  # PDFium is not thread-safe: one page drawn at a time
        self._verified: dict[str, tuple[str, int, int]] = {}

    def paged(self, entry: Entry) -> bool:
        return entry.format in PAGED

    def _dir(self, entry: Entry) -> Path | None:
        """The document's cache directory, created inside OUTDIR (None if that cannot be)."""
        if self.root.is_symlink() or (self.root.exists() and not self.root.is_dir()):
            return None
        directory = self.root / entry.sha256
        directory.mkdir(parents=True, exist_ok=True)
        if directory.is_symlink() or directory.resolve().parent.parent != self.outdir:
            return None
        return directory

    def source(self, entry: Entry) -> Path | None:
        """The input that holds the converted bytes, if one still does."""
        for name in entry.inputs:
            path = Path(name)
            try:
                st = path.stat()
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            key = (name, st.st_size, st.st_mtime_ns)
            if self._verified.get(entry.sha256) == key:
                return path
            try:
                same = _sha256(path) == entry.sha256
            except OSError:
                continue
            if same:
                self._verified[entry.sha256] = key
                return path
        return None

    def sizes(self, entry: Entry) -> list[tuple[float, float]]:
        """Each page's width and height in points ([] without pages or without the input)."""
        if not self.paged(entry):
            return []
        directory = self._dir(entry)
        cached = directory / "sizes.json" if directory else None
        if cached is not None and cached.is_file():
            return [tuple(s) for s in json.loads(cached.read_text())]
        src = self.source(entry)
        if src is None:
            return []
        with self._lock:
            sizes = self._pdf_sizes(src) if entry.format == "pdf" else self._image_sizes(src)
        if cached is not None:
            _write(cached, json.dumps(sizes).encode())
        return sizes

    @staticmethod
    def _pdf_sizes(src: Path) -> list[tuple[float, float]]:
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(src))
        try:
            return [tuple(round(x, 2) for x in pdf.get_page_size(i)) for i in range(len(pdf))]
        finally:
            pdf.close()

    @staticmethod
    def _image_sizes(src: Path) -> list[tuple[float, float]]:
        from PIL import Image, ImageSequence

        out = []
        with Image.open(src) as img:
            for frame in ImageSequence.Iterator(img):
                dpi = _image_dpi(frame)
                out.append((round(frame.size[0] * 72 / dpi, 2), round(frame.size[1] * 72 / dpi, 2)))
        return out

    def image(self, entry: Entry, number: int, scanned: bool) -> tuple[Path, str] | None:
        """Page `number`'s image file and its content type, drawn if this is its first view."""
        directory = self._dir(entry) if self.paged(entry) else None
        if directory is None:
            return None
        jpeg = scanned or entry.format == "image"
        target = directory / f"{number}.{'jpg' if jpeg else 'png'}"
        kind = "image/jpeg" if jpeg else "image/png"
        if target.is_file():
            return target, kind
        sizes = self.sizes(entry)
        src = self.source(entry)
        if src is None or not 1 <= number <= len(sizes):
            return None
        with self._lock:
            if not target.is_file():  # another request may have drawn it meanwhile
                picture = self._pdf_page(src, number) if entry.format == "pdf" else self._image_page(src, number)
                _write(target, _encode(picture, jpeg))
        return target, kind

    @staticmethod
    def _pdf_page(src: Path, number: int):
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(src))
        try:
            page = pdf[number - 1]
            scale = min(SCALE, LONGEST / max(page.get_size()))
            return page.render(scale=scale).to_pil()
        finally:
            pdf.close()

    @staticmethod
    def _image_page(src: Path, number: int):
        from PIL import Image

        from extract.options import DEFAULT

        Image.MAX_IMAGE_PIXELS = DEFAULT.max_image_megapixels * 1_000_000  # it was read under this limit
        with Image.open(src) as img:
            img.seek(number - 1)
            frame = img.convert("RGB")
            dpi = _image_dpi(img)
        factor = min(SCALE * 72 / dpi, LONGEST / max(frame.size))
        return frame.resize((max(1, round(frame.width * factor)), max(1, round(frame.height * factor))))


def _encode(picture, jpeg: bool) -> bytes:
    import io

    buf = io.BytesIO()
    if jpeg:
        picture.convert("RGB").save(buf, "JPEG", quality=85)
    else:
        picture.save(buf, "PNG", compress_level=3)
    return buf.getvalue()
