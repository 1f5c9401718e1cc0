"""PDF reader: per page, the text layer's characters and the drawn rules go to the shared page
layout (`extract/page_layout.py`: ruled grids become tables and the text around them
paragraphs); a table that runs on at the top of the next page with the same columns is joined to
it. Pages without a usable text layer are read by OCR."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extract.errors import CorruptFile, EncryptedFile, InputTooLarge, MissingDependency, one_line
from extract.model import RawDocument, Table
from extract.options import DEFAULT, MB, ReadOptions, effective_mb
from extract.page_layout import MoreReadings, PageRun, lay_out_page
from extract.pdf.chars import Char, read_chars
from extract.pdf.fonts import use_bundled_fonts
from extract.pdf.frame import Frame
from extract.pdf.graph import PageCheck, open_graph
from extract.pdf.guard import check_streams
from extract.pdf.lineless import camelot_reading, pdfplumber_reading
from extract.pdf.objects import walk
from extract.pdf.rulings import page_segments
from extract.placement import Placed, columns_running_on, join_across_pages
from schemas.models import Issue, issue

GARBLED_SHARE = 0.2


def read_pdf(path: Path, options: ReadOptions = DEFAULT) -> RawDocument:
    pdf = _open(path, options)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise CorruptFile(f"{path}: the PDF has no pages")
        most = options.max_pages
        if n_pages > most:
            raise InputTooLarge(
                f"{path}: {n_pages} pages, over the {most}-page limit; raise --max-pages if you trust it"
            )
        placed: list[Placed] = []
        issues: list[Issue] = []
        state = _State(path, options)
        graph = open_graph(path, options.max_page_content_mb * MB)
        for index in range(n_pages):
            check = graph.page(index) if graph is not None else PageCheck()
            if check.problem is not None:  # PDFium is never asked to draw it
                message = f"第 {index + 1} 页的{check.problem}"
                issues.append(issue("error", "page_too_complex", message, index + 1))
                state.columns_below = None
                continue
            page = pdf[index]
            try:
                read = _read_page(page, index + 1, issues, state, check.user_unit)
                placed += read
                state.columns_below = columns_running_on(read)
            except Exception as e:  # one bad page must not cost the others
                issues.append(_page_failure(e, index + 1, options))
                state.columns_below = None
            finally:
                page.close()
        return RawDocument(
            format="pdf", blocks=join_across_pages(placed), pages=n_pages, issues=issues, ocr=state.ocr_pages > 0
        )
    finally:
        pdf.close()


def _page_failure(e: BaseException, number: int, options: ReadOptions) -> Issue:
    """The error issue for a page that could not be read, its cause in words."""
    if isinstance(e, _TooComplex):
        return issue("error", "page_too_complex", f"第 {number} 页{e}，未读取", number)
    # Under the memory ceiling a library may fail to load ('failed to map segment') or allocate.
    if isinstance(e, MemoryError) or (isinstance(e, ImportError) and "map segment" in str(e)):
        most = effective_mb(options.max_memory_mb)
        message = f"第 {number} 页内存不足（上限 {most} MB，可用 --max-memory 提高），未能读取"
        return issue("error", "page_out_of_memory", message, number)
    return issue("error", "page_unreadable", f"第 {number} 页无法读取：{one_line(e)}", number)


def _open(path: Path, options: ReadOptions) -> pdfium.PdfDocument:
    use_bundled_fonts()
    check_streams(path, options.max_unpacked_mb)
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise EncryptedFile(
                f"{path}: PDF is encrypted with a password; remove it (e.g. qpdf --decrypt) and retry"
            ) from e
        if "Success" in str(e):  # PDFium refuses an empty page tree without naming an error
            raise CorruptFile(f"{path}: the PDF has no pages") from e
        raise CorruptFile(f"{path}: damaged PDF that could not be repaired ({e})") from e


@dataclass(slots=True)
class _State:
    """What one page tells the next: the columns of a lineless table still running (`run`), the
    column rules of a ruled table the page before ended with, for an OCR'd page."""

    path: Path
    options: ReadOptions
    run: PageRun = field(default_factory=PageRun)
    ocr_pages: int = 0
    columns_below: list[float] | None = None  # of a ruled table the page before ended with


# Beyond any paper size (A0 is 2384 pt, a long roll of plotter paper ~14400 pt): a page this
# large or with no area is read, but never without saying its geometry is odd.
LARGEST_PAGE = 14400.0
OUTSIDE = 1.0  # pt beyond the page box that still counts as on the page (rounding, hairlines)
# A page is built from Python objects per character and per path: beyond these (the densest
# pages of the sample and development PDFs hold 4,288 characters and 1,306 paths) it would cost
# hundreds of MB in the reader alone, so it is an error issue instead.
MAX_CHARS = 200_000
MAX_PATHS = 200_000


class _TooComplex(Exception):
    """A page with more characters or drawings than a page can hold: not read."""


def _read_page(
    page: pdfium.PdfPage, number: int, issues: list[Issue], state: _State, unit: float = 1.0
) -> list[Placed]:
    frame = Frame.of(page, unit)
    width, height = frame.display_width, frame.display_height
    if not (0 < width <= LARGEST_PAGE and 0 < height <= LARGEST_PAGE):
        issues.append(
            issue(
                "warning",
                "page_geometry",
                f"第 {number} 页尺寸异常（{width:.0f}×{height:.0f} pt），其内容可能读不全，请核对原件",
                number,
            )
        )
    objects = walk(page)
    if len(objects.paths) > MAX_PATHS:
        raise _TooComplex(f"有 {len(objects.paths)} 个线条对象（上限 {MAX_PATHS}）")
    textpage = page.get_textpage()
    try:
        n_chars = pdfium_c.FPDFText_CountChars(textpage.raw)
        if n_chars > MAX_CHARS:
            raise _TooComplex(f"有 {n_chars} 个字符（上限 {MAX_CHARS}）")
        text = read_chars(textpage, height, frame, objects.text_angle, objects.text_clipped)
    finally:
        textpage.close()
    _outside(text.chars, width, height, number, issues)
    total = len(text.chars) + text.suspicious
    if text.clipped:
        issues.append(
            issue(
                "info",
                "text_clipped",
                f"第 {number} 页有 {text.clipped} 个字符超出单元格、被裁剪而不显示，按页面所见未读取",
                number,
            )
        )
    if text.unmapped + text.suspicious > GARBLED_SHARE * max(total, 1) and total >= 10:
        why = "的文字层无法解码（字体缺少 Unicode 映射，如 (cid:NNN)）"
        return _ocr(page, number, issues, state, "garbled_text", why, frame)
    if not text.chars:
        if _has_images(page):
            return _ocr(page, number, issues, state, "no_text_layer", "没有文字层（扫描图像）", frame)
        return []
    horizontal, vertical = page_segments(page, height, frame, objects)
    return lay_out_page(text.chars, horizontal, vertical, number, height, issues, state.run, _engines(state.path))


def _engines(path: Path) -> MoreReadings:
    """pdfplumber's and camelot's readings of a table without vertical rules: they read the file."""

    def readings(number: int, start: float, height: float) -> list[tuple[str, Callable[[], Table | None]]]:
        return [
            ("pdfplumber-text", lambda: pdfplumber_reading(path, number, start)),
            ("camelot-stream", lambda: camelot_reading(path, number, start, height)),
        ]

    return readings


def _ocr(page, number: int, issues: list[Issue], state: _State, code: str, why: str, frame: Frame) -> list[Placed]:
    """Read the page by OCR; without the OCR engine, say which page needs it."""
    _images_outside(page, frame, number, issues)
    try:
        from extract.ocr.reader import ocr_pdf_page

        placed = ocr_pdf_page(page, number, issues, why, state.columns_below, frame.unit, state.options, state.run)
    except MissingDependency as e:
        issues.append(issue("error", code, f"第 {number} 页{why}，需要 OCR：{e}", number))
        return []
    state.ocr_pages += 1
    return placed


def _outside(chars: list[Char], width: float, height: float, number: int, issues: list[Issue]) -> None:
    """Text beyond the page box (CropBox ∩ MediaBox) is read like the rest, and said: a viewer
    does not show it, so the reader may see what the author did not."""
    out = [c for c in chars if not (-OUTSIDE <= c.cx <= width + OUTSIDE and -OUTSIDE <= c.cy <= height + OUTSIDE)]
    if out:
        sample = "".join(c.text for c in out[:12])
        message = f"第 {number} 页有 {len(out)} 个字符位于页面可见区域之外（如“{sample}”），已照常读取，请核对原件"
        issues.append(issue("warning", "text_outside_page", message, number))


def _images_outside(page: pdfium.PdfPage, frame: Frame, number: int, issues: list[Issue]) -> None:
    """A scan drawn partly beyond the page box: OCR sees only the box, so the rest is said."""
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = frame.box(*obj.get_bounds())
        if left < -OUTSIDE or bottom < -OUTSIDE or right > frame.width + OUTSIDE or top > frame.height + OUTSIDE:
            message = f"第 {number} 页的扫描图像有部分位于页面可见区域之外，该部分未识别，请核对原件"
            issues.append(issue("warning", "image_outside_page", message, number))
            return


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
