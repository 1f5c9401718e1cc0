"""Page images: PDF pages rendered by PDFium, image files (multi-page TIFF too), grey; the skew of their rules."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from extract.options import DEFAULT, ReadOptions

DPI = 200  # what the layout thresholds are tuned for; scans usually come at 150-300


def render_pdf_page(
    page, dpi: int = DPI, unit: float = 1.0, megapixels: float = DEFAULT.max_render_megapixels
) -> tuple[np.ndarray, float]:
    """The page rendered grey at `dpi`, and the dpi it was rendered at: lower than asked when the
    page at `dpi` would exceed the pixel budget (`--max-render-megapixels`), whatever size the page
    declares. `unit`: the page's /UserUnit (points per unit), which PDFium does not apply."""
    width, height = page.get_size()  # PDFium's page box, in user units
    scale = dpi / 72 * unit
    most = megapixels * 1e6
    if width * height * scale * scale > most:
        scale = math.sqrt(most / max(width * height, 1e-6))
    # Clamped to whole pixels: a page of no area still renders one.
    scale = max(scale, 1.0 / max(width, height, 1.0))
    # In colour, so that a seal's red can be told from the ink under it (`without_seals`).
    bitmap = page.render(scale=scale, rev_byteorder=True)
    try:
        pixels = bitmap.to_numpy()
        grey = without_seals(pixels) if pixels.ndim == 3 else pixels.copy()
        return grey, scale * 72 / unit
    finally:
        bitmap.close()


# A seal's or stamp's ink: a hue within 25° of red, the red channel at least a quarter of the
# range above both others (a printed black, grey or a yellowed paper is within a few levels of
# grey) and bright enough to be ink of that colour rather than black ink over it.
SEAL_HUE_DEGREES = 25
SEAL_CHROMA = 64  # of 255


def without_seals(rgb: np.ndarray, grey: np.ndarray | None = None) -> np.ndarray:
    """A colour page (RGB, or RGBA) as grey, with the pixels of a red seal or stamp painted as
    the page's paper: black text under a seal stays (its pixels are dark, not red), the seal's
    ring and characters, which the recogniser read into the cells they cover, go. A page with
    no such pixels is its plain grey: `grey` if given (the caller's own conversion)."""
    rgb = np.ascontiguousarray(rgb[..., :3])
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if grey is None else grey.copy()
    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    chroma = r - np.maximum(g, b)
    red = chroma >= SEAL_CHROMA
    if not red.any():
        return grey
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)  # hue in 0..179 (2° a step)
    hue = hsv[..., 0].astype(np.int16)
    red &= (hue <= SEAL_HUE_DEGREES // 2) | (hue >= 180 - SEAL_HUE_DEGREES // 2)
    if red.any():
        paper = int(np.percentile(grey[::4, ::4], 90))  # most of a page is paper
        grey[red] = paper
    return grey


def within_budget(grey: np.ndarray, megapixels: float) -> tuple[np.ndarray, float]:
    """An image page over the pixel budget scaled down to it, and the factor (1.0: untouched)."""
    most = megapixels * 1e6
    pixels = grey.shape[0] * grey.shape[1]
    if pixels <= most:
        return grey, 1.0
    f = math.sqrt(most / pixels)
    return cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_AREA), f


def image_pages(path: Path, limits: ReadOptions) -> Iterator[tuple[np.ndarray, float]]:
    """Grey pages of an image file and the dpi each was scanned at (guessed from A4 if unstated)."""
    import warnings

    from PIL import Image, ImageSequence

    from extract.errors import InputTooLarge

    Image.MAX_IMAGE_PIXELS = limits.max_image_megapixels * 1_000_000
    with warnings.catch_warnings():
        # Pillow warns between its limit and twice it: any image over our limit is refused.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(path)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
            raise InputTooLarge(
                f"{path}: image is larger than {limits.max_image_megapixels} megapixels ({e}); "
                "raise --max-image-megapixels if you trust it"
            ) from e
    with img:
        frames = getattr(img, "n_frames", 1)
        if frames > limits.max_pages:
            raise InputTooLarge(
                f"{path}: {frames} pages, over the {limits.max_pages}-page limit; raise --max-pages if you trust it"
            )
        for frame in ImageSequence.Iterator(img):
            if frame.size[0] * frame.size[1] > Image.MAX_IMAGE_PIXELS:
                raise InputTooLarge(f"{path}: a page over {limits.max_image_megapixels} megapixels")
            grey = frame.convert("L")
            if frame.mode in _COLOUR_MODES:
                grey = Image.fromarray(without_seals(np.array(frame.convert("RGB")), np.array(grey)))
            stated = float(frame.info.get("dpi", (0, 0))[0] or 0)
            # Phones write 72 dpi (or nothing) whatever they saw: below 100 the figure means nothing,
            # and the page is taken as A4 across its short side.
            dpi = stated if stated >= 100 else min(grey.size) / 8.27
            yield np.array(grey), float(dpi)


_COLOUR_MODES = ("RGB", "RGBA", "RGBX", "P", "PA", "CMYK", "YCbCr", "LAB", "HSV")


def to_dpi(grey: np.ndarray, dpi: float, target: int = DPI) -> np.ndarray:
    if abs(dpi - target) < 5:
        return grey
    f = target / dpi
    return cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)


def ink_runs(profile: np.ndarray) -> list[tuple[int, int]]:
    """Runs of True (or nonzero) in a 1-D profile, as (first, past the last): the bands of rows
    or columns that hold ink."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], profile.astype(bool).astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def despeckle(grey: np.ndarray, bilevel: bool = False) -> np.ndarray:
    """Sensor noise and JPEG ringing taken out by a 3x3 median, except along strokes one pixel
    thin: a pixel as dark as both its neighbours along the row, the column or a diagonal keeps
    its shade. A speck of up to four pixels has paper beside it every way; a thin stroke runs on.
    (The median alone erased the one-pixel strokes of a serif face at 200 dpi: the 三 of
    '第三季度' vanished, read '第季度' at 0.99; along a diagonal, the slanted tail of a '；'
    printed at 400 dpi and read at 200, which then read '：' and the two targets around it ran
    together.) The paper between strokes a pixel apart is not kept likewise: kept, a gap across a
    glyph set sideways split it into two lines (the median still fills the counters of a small
    dense glyph: '参' of a 7 pt face printed at 400 dpi is dropped from '参与').

    A `bilevel` scan is returned as it is: it has no grey noise or ringing for the median to take
    out (the threshold left only black specks, which `page._clean` drops as components), and its
    strokes are one pixel wide and broken into dashes one or two pixels long wherever the print
    was lighter than the threshold, which the median erased wholesale: a 200 dpi bilevel page of
    small type read as noise ('一级指标' read '1:'), the slanted bars of '≤' gone ('≤500' read
    '500')."""
    if bilevel:
        return grey
    median = cv2.medianBlur(grey, 3)
    lines = [
        (np.roll(grey, step, axis=(0, 1)), grey, np.roll(grey, (-step[0], -step[1]), axis=(0, 1))) for step in _ALONG
    ]
    return np.minimum(median, np.minimum.reduce([np.maximum.reduce(line) for line in lines]))


# The four directions a stroke one pixel thin runs in: along a row, a column, a diagonal.
_ALONG = ((0, 1), (1, 0), (1, 1), (1, -1))


def two_tone(grey: np.ndarray) -> bool:
    """Does the image hold two shades at most: a bilevel scan (a scanner set to black and white,
    a fax) as loaded, before any scaling greys its edges."""
    return int(np.count_nonzero(cv2.calcHist([grey], [0], None, [256], [0, 256]))) <= 2


def pdf_page_is_bilevel(page) -> bool:
    """Is the page's scan bilevel: every image it draws one bit deep (CCITT, JBIG2, a 1-bit
    Flate image, a stencil mask)? Rendered at another resolution than it was scanned at, such a
    page comes out grey at the edges, so its own pixels no longer say so."""
    import pypdfium2.raw as pdfium_c

    images = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)))
    try:
        return bool(images) and all(image.get_metadata().bits_per_pixel == 1 for image in images)
    except Exception:  # PDFium cannot read an image's metadata: take the page as grey
        return False


def paper_level(image: np.ndarray) -> int:
    """The paper's shade in a crop: its 90th percentile (ink is the darker tenth or less of a
    line's image); white for an empty crop. What a margin added around a crop is filled with."""
    return int(np.percentile(image, 90)) if image.size else 255


def binarize(grey: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0. Adaptive, so uneven light (a photographed page) does not swallow text."""
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)


# A page with fewer marks of a glyph's height than this is blank: a page number and its dashes
# ('- 3 -') are the most a page with nothing to read prints.
BLANK_MARKS = 4


def is_blank(grey: np.ndarray) -> bool:
    """A page with nothing to recognise: fewer than BLANK_MARKS marks of ink at least a small
    glyph's size (0.04 in tall or wide: a rule counts; sensor noise and dust are specks). Costs
    one threshold and one labelling of the page, where recognising it costs the orientation and
    layout passes."""
    binary = binarize(grey)
    n, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    marks = np.maximum(stats[1:n, cv2.CC_STAT_HEIGHT], stats[1:n, cv2.CC_STAT_WIDTH]) >= 0.04 * DPI
    return int(np.count_nonzero(marks)) < BLANK_MARKS


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
