"""Scans made from the PDF samples: grey, 150-200 dpi, a small skew, noise, JPEG artefacts,
saved as image-only PDFs; and one page that looks photographed (uneven light, soft focus)."""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter


def _degrade(page: Image.Image, angle: float, rng: np.random.Generator, quality: int) -> Image.Image:
    page = page.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    arr = np.asarray(page, dtype=np.float32)
    arr += rng.normal(0, 7, arr.shape)  # sensor noise
    specks = rng.random(arr.shape) < 0.0004
    arr[specks] = 40  # dust
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.5))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)  # the artefacts of a scanner's JPEG
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def scan_pdf(src: Path, out: Path, dpi: int, angles: list[float], seed: int) -> None:
    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(str(src))
    pages = []
    for i in range(len(pdf)):
        grey = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        pages.append(_degrade(grey, angles[i % len(angles)], rng, quality=55))
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])


def photo_png(src: Path, page: int, out: Path, seed: int) -> None:
    """A phone photo of a page: light falling off across the sheet, slightly soft, a little turned."""
    rng = np.random.default_rng(seed)
    grey = pdfium.PdfDocument(str(src))[page].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    img = _degrade(grey, -0.8, rng, quality=70).filter(ImageFilter.GaussianBlur(0.7))
    arr = np.asarray(img, dtype=np.float32)
    h, w = arr.shape
    yy, xx = np.mgrid[0:h, 0:w]
    light = 0.55 + 0.45 * (1 - ((xx / w - 0.25) ** 2 + (yy / h - 0.2) ** 2) ** 0.5)  # a lamp top left
    arr = arr * np.clip(light, 0.5, 1.0) - 20 * (1 - light)
    Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).save(out, "PNG", dpi=(200, 200))


def sideways_pdf(src: Path, out: Path) -> None:
    """A scan fed sideways: every page of `src` turned a quarter, alternately each way (90°, 270°)."""
    doc = pdfium.PdfDocument(str(src))
    pages = []
    for i in range(len(doc)):
        grey = doc[i].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
        pages.append(grey.transpose(Image.Transpose.ROTATE_90 if i % 2 == 0 else Image.Transpose.ROTATE_270))
    doc.close()
    pages[0].save(out, "PDF", resolution=150, save_all=True, append_images=pages[1:])


def angled_photo_png(src: Path, out: Path, seed: int) -> None:
    """A phone photo taken at an angle: the sheet of `src` (an image) a quadrilateral on a darker
    desk, each corner moved by up to 4%, a little soft, JPEG artefacts; no resolution stated."""
    import cv2

    rng = np.random.default_rng(seed)
    grey = np.asarray(Image.open(src).convert("L"))
    h, w = grey.shape
    border = int(0.08 * max(h, w))
    size = (w + 2 * border, h + 2 * border)
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    moved = corners + border + (rng.uniform(-0.04, 0.04, (4, 2)) * np.float32([w, h])).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(corners, moved)
    sheet = cv2.warpPerspective(grey, matrix, size, flags=cv2.INTER_LINEAR, borderValue=0)
    mask = cv2.warpPerspective(np.full_like(grey, 255), matrix, size, borderValue=0)
    photo = cv2.GaussianBlur(np.where(mask > 0, sheet, 85).astype(np.uint8), (0, 0), 0.6)
    _, jpeg = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, 80])
    Image.fromarray(cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)).save(out, "PNG")


def thin_rules_pdf(src: Path, out: Path, seed: int) -> None:
    """A form printed with thin, faint rules broken in places (one in five with a longer stretch
    missing), scanned straight: each page of `src` turned upright, then its rules redrawn as the
    scan simulator's thin-rules condition draws them."""
    from extract.ocr.engine import default_recognizer
    from extract.ocr.orient import upright
    from samples.generators.scans import thin_rules

    rng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(str(src))
    pages = []
    for i in range(len(doc)):
        grey = np.asarray(doc[i].render(scale=200 / 72, grayscale=True).to_pil().convert("L"))
        grey, _, _ = upright(grey, default_recognizer())
        pages.append(Image.fromarray(thin_rules(grey, rng, 200)))
    doc.close()
    pages[0].save(out, "PDF", resolution=200, save_all=True, append_images=pages[1:])


def stray_rule_pdf(src: Path, out: Path, cell_text: str, seed: int, dpi: int = 200) -> None:
    """A scan of `src` with a stray rule under the text of the cell holding `cell_text` (a fold,
    a ruler's edge), from the cell's left rule to its right: the rule cuts that cell alone, so
    the row's other cells span both parts."""
    from extract.pdf.reader import read_pdf

    raw = read_pdf(src)
    cell = next(c for b in raw.blocks if hasattr(b, "cells") for c in b.cells if c.text == cell_text)
    rng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(str(src))
    pages = []
    for i in range(len(doc)):
        grey = np.asarray(doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")).copy()
        if i == cell.page - 1:
            x0, y0, x1, y1 = (int(v * dpi / 72) for v in cell.bbox)
            y = y0 + int(0.8 * (y1 - y0))
            grey[y : y + 2, x0 : x1 + 1] = 0
        pages.append(_degrade(Image.fromarray(grey), 0.0, rng, quality=75))
    doc.close()
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])


# A committed PDF scanned with a stray rule in one cell: scan name -> (source PDF, the cell's text,
# the scan of the same PDF whose golden it shares: the prose of page 1 is not read from a scan).
STRAY_RULE = {"000_hebei_project_stray_rule": ("000_hebei_project", "9 师资班课程 9 门", "000_hebei_project_scan")}


# Made from the committed scans above (their glyphs are already on the page, so no fonts are
# needed to rebuild these): derived name -> (base scan, builder).
DERIVED = {
    "002_shanghai_department_sideways.pdf": ("002_shanghai_department_scan.pdf", sideways_pdf),
    "004_tianjin_projects_angled_photo.png": ("004_tianjin_projects_photo.png", partial(angled_photo_png, seed=7)),
    "002_shanghai_department_thin_rules.pdf": ("002_shanghai_department_scan.pdf", partial(thin_rules_pdf, seed=11)),
}


def derive_all(scan_dir: Path) -> list[Path]:
    out = []
    for name, (base, build) in DERIVED.items():
        build(scan_dir / base, scan_dir / name)
        out.append(scan_dir / name)
    return out


# Forms of the scan simulator (samples/generators/scans.py) on which the rule mender or the
# glyph checks went wrong, kept as regression samples: name -> (form seed, condition). The
# golden is the form's truth.
GENERATED = {
    # the 一级/二级 column rule lost beside merged 一级 cells (no text on that side; the 二级 row
    # rules ending on its line say it ran there), and its lower end lost down to the frame
    "005_generated_column_rule_lost_beside_merged_cells.pdf": (17, "missing_rules"),
    # the row rule between the 效益 and 满意度 blocks lost across the 一级 column (the 效益 text
    # rows up), a row rule's piece short of both column rules, 'm²' after a number
    "005_generated_blocks_joined_by_a_lost_rule.pdf": (41, "thin_rules"),
    # blurred: 'm²' whose superscript ran into the m and the next glyph ('320.7m²之内'), and one
    # read as a closing quote ('≤四m”'); the '·' of '元/人·月' wrapped to a line's start
    "005_generated_blurred_superscripts_and_a_unit_dot.pdf": (12, "blur"),
    "005_generated_blurred_superscript_joined_to_its_m.pdf": (15, "blur"),
    # JPEG: a faint speck beside a label, kept as a middle dot, read as a colon
    "005_generated_jpeg_speck_beside_a_label.pdf": (74, "jpeg"),
    # thin rules: a merged 二级 cell's wrapped line set close to the row rule its neighbours
    # draw ('社会效益指' over '标'), once split into two rows
    "005_generated_merged_cell_text_close_to_a_thin_rule.pdf": (82, "thin_rules"),
    # 150 dpi: a superscript in parentheses ('≥259.0(m²)'), a '≥' read '2' by both looks
    "005_generated_parenthesised_superscript_and_a_sign_read_2.pdf": (87, "150dpi"),
    # JPEG: a unit's ideograph read as one of like shape ('9,660,048干米')
    "005_generated_jpeg_unit_lookalike.pdf": (4, "jpeg"),
    # thin rules: the column rule between 三级指标 and 年度指标值 lost across the header row only
    # (the header reads as one cell over both columns)
    "005_generated_header_column_rule_lost.pdf": (111, "thin_rules"),
    # noise: a cell's lone '/' (the placeholder of a row that does not apply) read as '1'
    "005_generated_lone_slash_read_as_a_digit.pdf": (21, "noise"),
    # blur: an ideograph read as one of like shape, the right one a near second ('救助' read
    # '教助' at 0.52 against 0.45): settled by the word list
    "005_generated_near_tie_settled_by_the_word_list.pdf": (1, "blur"),
    # thin rules, serif face: the one-pixel strokes of 三 ('2025年第三季度') erased by the
    # denoising median, read '第季度' at 0.99
    "005_generated_thin_strokes_of_a_numeral.pdf": (129, "thin_rules"),
    # noise: '等于9,511,599株' read '9,511,99' at 1x, right at 1.5x and 2x (the third look decides)
    "005_generated_number_misread_at_one_scale.pdf": (4, "noise"),
    # blur: '626个工' over '作日以内', the line-end 工 lost ('626个作日以内' at 0.985)
    "005_generated_glyph_lost_inside_a_unit.pdf": (3, "blur"),
    # blur: the thousands comma of '大于等于5,480,566篇' read as a point (0.50, the comma 0.39)
    "005_generated_thousands_comma_read_as_a_point.pdf": (247, "blur"),
    # blur: the last digit of '等于3,135,296' second to the blank in its frame (0.44/0.53), read
    # '3,135,29'
    "005_generated_digit_second_to_the_blank.pdf": (249, "blur"),
    # blur: both commas of '大于等于3,760,303万平方米' second to the blank (~0.45/0.5), read
    # '3760303'
    "005_generated_commas_second_to_the_blank.pdf": (265, "blur"),
    # shadow: the 元 of '<6,207,633万元' at a cell's end read 'π' (0.52), in every condition
    "005_generated_unit_read_as_pi.pdf": (244, "shadow"),
    # noise: a merged 二级 cell cut by the page break, its last line ('标') drawn under page 1's
    # bottom rule: read as text between the tables, so page 2 did not continue page 1's table
    "005_generated_merged_label_run_over_the_page_end.pdf": (299, "noise"),
    # blur: the '》' of '》200m²' blurred into one chevron, dropped by the recogniser ('200m²' at
    # 0.965): the number's operator lost without a flag
    "005_generated_sign_lost_before_a_number.pdf": (257, "blur"),
    # thin rules: page 2 holds two rows of the table page 1 ends with; two of its column rules,
    # faint, left too little ink to be found: the rows read as cells over three columns
    "005_generated_continuation_rules_lost_whole.pdf": (208, "thin_rules"),
    # missing rules: the rule between the 一级 and 二级 columns lost down a block, the two labels
    # read as one cell over both columns ('效益指标可持续影响指标' in both, at 0.999)
    "005_generated_label_column_rule_lost.pdf": (36, "missing_rules"),
    # thin rules: the rule between 二级指标 and 三级指标 lost beside one row, the label and the
    # name read as one cell over both columns at 0.99 without a warning
    "005_generated_label_and_name_joined_by_a_lost_rule.pdf": (74, "thin_rules"),
    # missing rules: a row rule drawn into the 三级指标 cell and lost over its right part, clear
    # of the names set left ('服务达标率' over '档案完整率' read as one name over two rows)
    "005_generated_row_rule_lost_clear_of_the_text.pdf": (56, "missing_rules"),
}


def generate_all(scan_dir: Path) -> list[Path]:
    """The GENERATED samples and their goldens (needs the dev dependencies: the simulator's fonts)."""
    import json
    import shutil
    import tempfile

    import pypdfium2 as pdfium

    from samples.generators.scans import write

    out = []
    for name, (seed, condition) in GENERATED.items():
        path = scan_dir / name
        with tempfile.TemporaryDirectory() as tmp:
            made, truth = write(seed, condition, Path(tmp))
            shutil.copyfile(made, path)
        pdf = pdfium.PdfDocument(str(path))
        pages = len(pdf)
        pdf.close()
        golden = {"source": _source(path, "pdf", pages), "tables": truth["tables"], "issues": []}
        path.with_name(f"{path.stem}.golden.json").write_text(
            json.dumps(golden, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        out.append(path)
    return out


SCANS = {
    # scan name: (source PDF, dpi, skew angles per page in degrees)
    "000_hebei_project_scan": ("000_hebei_project", 150, [0.7, -0.4, 0.9]),
    "002_shanghai_department_scan": ("002_shanghai_department", 200, [-0.6, 0.5, 0.3]),
    "004_tianjin_projects_scan": ("004_tianjin_projects", 200, [0.4, -0.8, 0.6, -0.3]),
}
PHOTO = ("004_tianjin_projects", 0, "004_tianjin_projects_photo")


def build_all(pdf_dir: Path, scan_dir: Path) -> list[Path]:
    scan_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for i, (name, (src, dpi, angles)) in enumerate(SCANS.items()):
        target = scan_dir / f"{name}.pdf"
        scan_pdf(pdf_dir / f"{src}.pdf", target, dpi, angles, seed=i)
        out.append(target)
    src, page, name = PHOTO
    target = scan_dir / f"{name}.png"
    photo_png(pdf_dir / f"{src}.pdf", page, target, seed=99)
    out.append(target)
    for name, (src, cell_text, _) in STRAY_RULE.items():
        target = scan_dir / f"{name}.pdf"
        stray_rule_pdf(pdf_dir / f"{src}.pdf", target, cell_text, seed=5)
        out.append(target)
    return out


def _source(path: Path, fmt: str, pages: int) -> dict:
    import hashlib

    return {
        "path": path.relative_to(path.parents[2]).as_posix(),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "format": fmt,
        "pages": pages,
        "ocr": True,
    }


def write_goldens(pdf_dir: Path, scan_dir: Path) -> None:
    """Scans say what their digital originals say: the golden is the PDF's, with the scan's source.

    The photographed page shows page 1 only: its truth is the rows printed on that page, the
    row cut by the page break as far as it goes there.
    """
    import json

    for name, (src, _, _) in SCANS.items():
        truth = json.loads((pdf_dir / f"{src}.golden.json").read_text(encoding="utf-8"))
        scan = scan_dir / f"{name}.pdf"
        truth["source"] = _source(scan, "pdf", truth["source"]["pages"])
        truth["issues"] = []  # OCR notes its pages; the comparison is about tables
        (scan_dir / f"{name}.golden.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    src, page, name = PHOTO
    truth = json.loads((pdf_dir / f"{src}.golden.json").read_text(encoding="utf-8"))
    tables = []
    for t in truth["tables"]:
        rows = [i for i in t["indicators"] if i["page"] == page + 1]
        if t["pages"][0] == page + 1:
            tables.append({**t, "indicators": rows, "pages": [page + 1]})
    for row in tables[-1]["indicators"]:
        if row["value"]["raw"].startswith("4月底前完成清明"):  # cut by the page break
            row["value"] = {
                **row["value"],
                "raw": "4月底前完成清明緬怀纪",
                "text": "4月底前完成清明緬怀纪",
                "deadline": "2024-04-30",
            }
    photo = scan_dir / f"{name}.png"
    out = {**truth, "source": _source(photo, "image", 1), "tables": tables, "issues": []}
    (scan_dir / f"{name}.golden.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    for name, (_, _, like) in STRAY_RULE.items():
        truth = json.loads((scan_dir / f"{like}.golden.json").read_text(encoding="utf-8"))
        truth["source"] = _source(scan_dir / f"{name}.pdf", "pdf", truth["source"]["pages"])
        (scan_dir / f"{name}.golden.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    write_derived_goldens(scan_dir)


def write_derived_goldens(scan_dir: Path) -> None:
    """A derived scan says what its base scan says."""
    import json

    for derived, (base, _) in DERIVED.items():
        truth = json.loads((scan_dir / f"{Path(base).stem}.golden.json").read_text(encoding="utf-8"))
        path = scan_dir / derived
        fmt = "pdf" if path.suffix == ".pdf" else "image"
        truth["source"] = _source(path, fmt, truth["source"]["pages"])
        (scan_dir / f"{path.stem}.golden.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
