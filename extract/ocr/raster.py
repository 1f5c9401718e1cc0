"""Page images: PDF pages rendered by PDFium, image files (multi-page TIFF too), grey and deskewed."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

DPI = 200  # what the layout thresholds are tuned for; scans usually come at 150-300


def render_pdf_page(page, dpi: int = DPI) -> np.ndarray:
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        return np.array(bitmap.to_pil().convert("L"))
    finally:
        bitmap.close()


def image_pages(path: Path) -> Iterator[tuple[np.ndarray, float]]:
    """Grey pages of an image file and the dpi each was scanned at (guessed from A4 if unstated)."""
    from PIL import Image, ImageSequence

    with Image.open(path) as img:
        for frame in ImageSequence.Iterator(img):
            grey = frame.convert("L")
            dpi = frame.info.get("dpi", (0, 0))[0] or min(grey.size) / 8.27  # A4's short side in inches
            yield np.array(grey), float(dpi)


def to_dpi(grey: np.ndarray, dpi: float, target: int = DPI) -> np.ndarray:
    if abs(dpi - target) < 5:
        return grey
    f = target / dpi
    return cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)


def binarize(grey: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0. Adaptive, so uneven light (a photographed page) does not swallow text."""
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)


def skew_angle(binary: np.ndarray) -> float:
    """Degrees the page is turned, from its long horizontal rules (0 when there are none).

    Each rule longer than a quarter of the page is fitted with a line on a half-size image;
    the answer is the length-weighted median of their slopes.
    """
    small = cv2.resize(binary, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_NEAREST)
    w = small.shape[1]
    mask = cv2.morphologyEx(small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (w // 25, 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    angles, weights = [], []
    for i in range(1, n):
        x, y, cw, ch, _ = stats[i]
        if cw < w // 4:
            continue
        ys, xs = np.nonzero(labels[y : y + ch, x : x + cw] == i)
        slope = np.polyfit(xs, ys, 1)[0]
        angles.append(math.degrees(math.atan(slope)))
        weights.append(cw)
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cum = np.cumsum(np.array(weights, dtype=float)[order])
    return float(np.array(angles)[order][np.searchsorted(cum, cum[-1] / 2)])


def deskew(grey: np.ndarray) -> tuple[np.ndarray, float]:
    angle = skew_angle(binarize(grey))
    if abs(angle) < 0.05:
        return grey, 0.0
    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255), angle
