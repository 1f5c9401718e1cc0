"""Scanned input: image files (PNG, JPEG, TIFF with several pages) and PDF pages without a
usable text layer, read page by page so memory does not grow with the page count."""

from __future__ import annotations

from pathlib import Path

from extract.errors import CorruptFile
from extract.model import RawDocument
from extract.ocr.engine import default_recognizer
from extract.ocr.orient import find_sheet, flatten_sheet, upright
from extract.ocr.page import read_scanned_page
from extract.ocr.raster import (
    DPI,
    image_pages,
    is_blank,
    pdf_page_is_bilevel,
    render_pdf_page,
    to_dpi,
    two_tone,
    within_budget,
)
from extract.options import DEFAULT, ReadOptions
from extract.page_layout import PageRun
from extract.placement import Placed, columns_running_on, join_across_pages
from schemas.models import Issue, issue


def ocr_page(
    grey,
    number: int,
    issues: list[Issue],
    why: str,
    columns_above: list[float] | None = None,
    run: PageRun | None = None,
    bilevel: bool = False,
) -> list[Placed]:
    """OCR one grey page image at DPI; notes the skew it corrected. `columns_above`: the column
    rules of a table the page before ended with (`columns_running_on`); `run`: the columns of a
    table drawn without vertical rules still running (shared with a PDF's digital pages);
    `bilevel`: the page was scanned in black and white (`raster.despeckle`)."""
    if is_blank(grey):
        issues.append(issue("info", "blank_page", f"第 {number} 页{why}，页面空白（没有文字或表格线），未识别", number))
        return []
    recognizer = default_recognizer()
    corners = find_sheet(grey)
    if corners is not None:  # a photo: the sheet, seen at an angle, flattened
        grey = flatten_sheet(grey, corners)
    grey, turns, angle = upright(grey, recognizer)
    placed, skipped, warnings = read_scanned_page(grey, number, recognizer, columns_above, run, issues, bilevel)
    issues += [issue("warning", "ocr_rows_merged", message, number) for message in warnings]
    turned = (
        ("，已找出照片中的纸张并拉平" if corners is not None else "")
        + (f"，页面旋转 {90 * turns}°" if turns else "")
        + (f"，纠偏 {angle:.1f}°" if angle else "")
    )
    prose = f"；表格以外的 {skipped} 行正文未识别（不含表格字段）" if skipped else ""
    issues.append(issue("info", "ocr_page", f"第 {number} 页{why}，已用 OCR 识别{turned}{prose}", number))
    return placed


def ocr_pdf_page(
    page,
    number: int,
    issues: list[Issue],
    why: str,
    columns_above: list[float] | None = None,
    unit: float = 1.0,
    options: ReadOptions = DEFAULT,
    run: PageRun | None = None,
) -> list[Placed]:
    grey, dpi = render_pdf_page(page, DPI, unit, options.max_render_megapixels)
    if dpi < DPI * 0.99:
        _said_scaled(issues, number, f"按 {dpi:.1f} dpi 渲染（而非 {DPI} dpi）", options)
    return ocr_page(grey, number, issues, why, columns_above, run, pdf_page_is_bilevel(page))


def _said_scaled(issues: list[Issue], number: int, how: str, options: ReadOptions) -> None:
    most = options.max_render_megapixels
    message = (
        f"第 {number} 页超过 {most} 百万像素的识别上限，{how}，小字可能识别不全（可用 --max-render-megapixels 提高）"
    )
    issues.append(issue("warning", "page_scaled_down", message, number))


def read_image(path: Path, options: ReadOptions = DEFAULT) -> RawDocument:
    placed: list[Placed] = []
    issues: list[Issue] = []
    number = 0
    columns: list[float] | None = None
    run = PageRun()
    try:
        for grey, dpi in image_pages(path, options):
            number += 1
            bilevel = two_tone(grey)  # before scaling greys the edges
            grey, factor = within_budget(to_dpi(grey, dpi), options.max_render_megapixels)
            if factor < 1.0:
                _said_scaled(issues, number, f"已缩小到 {factor:.0%}", options)
            page = ocr_page(grey, number, issues, "是图像", columns, run, bilevel)
            placed += page
            columns = columns_running_on(page)
    except OSError as e:  # PIL: truncated or undecodable image data
        raise CorruptFile(f"{path}: damaged image ({e})") from e
    return RawDocument(format="image", blocks=join_across_pages(placed), pages=number, ocr=True, issues=issues)
