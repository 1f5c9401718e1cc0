"""One pass over a page's top-level objects through the raw PDFium API.

pypdfium2's `get_objects` wraps every object of the page in a Python object before anything is
filtered; a budget PDF page drawn by a spreadsheet program holds thousands of them. The table
reader needs two things from the object list: the path objects (ruling lines) and whether the
page's text is all set at one angle, which spares asking PDFium for each character's angle.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

# Text objects whose angles differ by less than this are set at the same angle.
SAME_ANGLE = 1e-3


@dataclass(slots=True)
class PageObjects:
    paths: list  # raw FPDF_PAGEOBJECT handles of the top-level path objects, in drawing order
    text_angle: float | None  # the angle every character is set at (PDFium's measure), if one
    text_clipped: bool = True  # some text may lie outside its clip path (False: none can)


def text_object_angle(matrix) -> float:
    """The angle PDFium's FPDFText_GetCharAngle reports for the characters of a text object
    with this matrix: atan2(c, a), in [0, 2π)."""
    angle = math.atan2(matrix.c, matrix.a)
    return angle + 2 * math.pi if angle < 0 else angle


def walk(page) -> PageObjects:
    """The page's top-level path objects, and the one angle its text is set at (None: ask each
    character, where text objects differ or a form XObject may hold text of its own)."""
    raw = page.raw
    paths: list = []
    angles: list[float] = []
    nested = clipped = False
    matrix = pdfium_c.FS_MATRIX()
    path_type, text_type, form_type = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM
    get_object, get_type = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = get_object(raw, i)
        kind = get_type(obj)
        if kind == path_type:
            paths.append(obj)
        elif kind == text_type:
            clipped = clipped or _cut_by_its_clip(obj)
            if pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                angle = text_object_angle(matrix)
                if not angles or abs(angle - angles[0]) > SAME_ANGLE:
                    angles.append(angle)
            else:
                nested = True  # unknown: ask per character
        elif kind == form_type:
            nested = True  # a form XObject may hold text at its own angle
    if nested or len(angles) > 1:
        return PageObjects(paths, None, True)
    return PageObjects(paths, angles[0] if angles else 0.0, clipped)  # no text at all: any angle will do


def clip_path_boxes(obj) -> list[tuple[float, float, float, float]]:
    """The bounding box of each path of a page object's clip path, in PDF user space (none where
    the object has no clip path)."""
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return []
    boxes = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for p in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        xs: list[float] = []
        ys: list[float] = []
        for k in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, p)):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, p, k)
            if segment and pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if xs:
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _cut_by_its_clip(obj) -> bool:
    """A text object reaching past its clip path's box (a cell's overflow): its characters must be
    checked one by one; most pages have none, and skip that."""
    boxes = clip_path_boxes(obj)
    if not boxes:
        return False
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return True
    return any(left.value < x0 - 1 or right.value > x1 + 1 or bottom.value < y0 - 1 or top.value > y1 + 1
               for x0, y0, x1, y1 in boxes)  # fmt: skip
