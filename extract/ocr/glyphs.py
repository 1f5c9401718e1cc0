"""Second looks at what a recogniser read: number-bearing lines read again larger, and the glyphs
a recogniser misses checked in the line's image (a comparator's bar, a unit's superscript).

A reading the checks dispute gives its cell a confidence below any sensible QA threshold, and
the reviewer sees both readings.
"""

from __future__ import annotations

import re

import cv2
import numpy as np

from extract.ocr.engine import LineRecognizer
from normalizers.grammar import OCR_REPAIRS, Repairs
from normalizers.text import fold_width


def fix_ocr(text: str, repairs: Repairs = OCR_REPAIRS) -> str:
    """`text` with a table of glyph repairs made (by default those for each line read)."""
    for pattern, glyph in repairs:
        text = pattern.sub(glyph, text)
    return text


# A cell whose numbers read differently at a second, larger look is below any sensible QA
# threshold: the row's confidence says so, and the reviewer sees both readings.
DISPUTED_CONFIDENCE = 0.5
_NUMERIC = re.compile(r"[0-9≥≤<>]")  # after fold_width
_SIGNATURE = re.compile(r"[0-9.%≥≤<>=]")


def _signature(text: str) -> str:
    """What must not change between two readings of a number: digits, points, signs, %, once
    the glyph repairs are made (a misread thousands separator read right the second time is
    no dispute)."""
    return "".join(_SIGNATURE.findall(fold_width(fix_ocr(text))))


def read_numbers_again(
    images: list[np.ndarray],
    places: list[tuple],
    texts: list[tuple[str, float]],
    recognizer: LineRecognizer,
) -> dict[tuple[int, int], list[tuple[str, float]]]:
    """Cells whose number-bearing lines read differently at a second look: read again at 1.5x
    (a lost decimal point, "2.3" read "23"; a digit misread), or with a glyph the line's image
    shows and the reading lacks (a comparator's bar, "≥" read ">" or "2"; a unit's superscript,
    "㎡" read "m"). `images` are the lines' images, `places` where each line is (("cell", grid,
    cell, line) or ("free", n)), `texts` the first readings. A comparator the glyph shows is the
    second reading only (a rule's remnant under a '5' has looked like a '≥' bar); a superscript
    is written into the first reading itself (`texts` is updated), the bare reading becoming
    the second. Either way the reviewer sees both and the cell's confidence says to look.

    Returns, for each such cell, all its lines as read the second time (unchanged lines as read)."""
    redo = [i for i, (where, (text, _)) in enumerate(zip(places, texts, strict=True))
            if where[0] == "cell" and _NUMERIC.search(fold_width(text))]  # fmt: skip
    if not redo:
        return {}
    scaled = [cv2.resize(images[i], None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC) for i in redo]
    again = recognizer.recognize(scaled)
    changed = {i: a for i, a in zip(redo, again, strict=True) if _signature(a[0]) != _signature(texts[i][0])}
    for i in redo:
        if i not in changed and (seen := _comparator_unread(images[i], texts[i][0])) is not None:
            changed[i] = (seen, texts[i][1])
        elif (raised := superscript_unread(images[i], texts[i][0])) is not None:
            changed.setdefault(i, texts[i])
            texts[i] = (raised, texts[i][1])
    out: dict[tuple[int, int], list[tuple[str, float]]] = {}
    cells = {(places[i][1], places[i][2]) for i in changed}
    for i, (where, first) in enumerate(zip(places, texts, strict=True)):
        if where[0] == "cell" and (where[1], where[2]) in cells:
            out.setdefault((where[1], where[2]), []).append(changed.get(i, first))
    return out


# What a recogniser makes of a '≥' or '≤' whose bar it missed, or of the whole sign.
_COMPARATOR_MISREADS = "2>V<=Z"
_STRICT = {"<": "≤", ">": "≥"}


def _blobs(crop: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """The line image's ink components (Otsu): labels, stats, and the components of 3 px or more."""
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return labels, stats, [i for i in range(1, n) if stats[i][cv2.CC_STAT_AREA] >= 3]


def _strokes_across(grey: np.ndarray) -> int:
    """How many strokes a vertical line through the middle of a glyph's grey image crosses: a
    '<' or '>' two (its arms), a '≤' or '≥' three (the bar too, drawn level or, in some faces,
    slanted along the lower arm). Dark valleys of the middle fifth's mean profile, each at least
    a sixth of the ink's contrast below the paper on both sides, so a soft scan that runs the
    bar into the lower arm still shows it."""
    w = grey.shape[1]
    profile = grey[:, int(0.4 * w) : max(int(0.6 * w), int(0.4 * w) + 1)].astype(np.float32).mean(axis=1)
    paper = float(max(profile[0], profile[-1], np.percentile(profile, 90)))
    depth = (paper - float(profile.min())) / 6
    count, peak, valley = 0, float(profile[0]), None
    for v in profile.tolist():
        if valley is None:
            if v <= peak - depth:
                valley = v
            peak = max(peak, v)
        elif v < valley:
            valley = v
        elif v >= valley + depth:
            count, peak, valley = count + 1, v, None
    return count + (valley is not None and paper - valley >= depth)


def _comparator_unread(crop: np.ndarray, text: str) -> str | None:
    """The reading with '≥' or '≤' where the line starts with one the recogniser did not read.

    A '<' or '>' is a '≤' or '≥' when a line down its middle crosses three strokes. Otherwise
    the first glyph is a '≥' when a bar runs along its foot and its top holds only the start of
    the upper arm, at the left ('≤': at the right); a '2' or a '7' has its top across the
    middle, a '>' no bar, a '1' (serif foot, flag at the top left) is too narrow. Read as '2',
    '>' or 'V', or dropped ('≥150' as '150'), the number means something else."""
    folded = fold_width(text.strip())
    if not folded or not (folded[0].isdigit() or folded[0] in _COMPARATOR_MISREADS):
        return None
    labels, stats, blobs = _blobs(crop)
    if not blobs:
        return None
    first = min(blobs, key=lambda i: stats[i][cv2.CC_STAT_LEFT])
    x0, w0 = int(stats[first][cv2.CC_STAT_LEFT]), int(stats[first][cv2.CC_STAT_WIDTH])
    group = [
        i for i in blobs if min(stats[i][0] + stats[i][2], x0 + w0) - max(stats[i][0], x0) >= 0.5 * min(stats[i][2], w0)
    ]
    gx0 = min(int(stats[i][0]) for i in group)
    gx1 = max(int(stats[i][0] + stats[i][2]) for i in group)
    gy0 = min(int(stats[i][1]) for i in group)
    gy1 = max(int(stats[i][1] + stats[i][3]) for i in group)
    glyph = np.isin(labels[gy0:gy1, gx0:gx1], group)
    h, w = glyph.shape
    if h < 8 or w < 0.6 * h:
        return None
    if folded[0] in _STRICT and _strokes_across(crop[gy0:gy1, gx0:gx1]) >= 3:
        return _STRICT[folded[0]] + text.strip()[1:]
    bar = glyph[h - max(1, h // 7) :].any(axis=0).mean() >= 0.7
    top = np.nonzero(glyph[: max(1, h // 5)].any(axis=0))[0]
    if not bar or not top.size:
        return None
    middle = top.mean() / max(w - 1, 1)
    sign = "≥" if middle < 0.35 else "≤" if middle > 0.65 else None
    if sign is None:
        return None
    return sign + (text.strip()[1:] if folded[0] in _COMPARATOR_MISREADS else text.strip())


# A unit whose superscript the recogniser drops at scan resolutions: '㎡' and 'm²' read as 'm'.
_BARE_UNIT = re.compile(r"(?<=[\d\s])m(?![²³23])")


def superscript_unread(crop: np.ndarray, text: str) -> str | None:
    """The reading with 'm²' where a number's unit was read as a bare 'm' and the image shows a
    superscript at its top right: a small blob whose foot is in the upper part of a short, wide glyph
    (an 'm', x-height tall) and starting before its right edge is half a glyph behind.

    Only one 'm' after a number per line is looked for, the first; the blob's size and place
    tell a superscript from a speck (a lone speck is cleaned away before this) and from a
    character's dot (which sits beside a tall glyph, not a short one)."""
    match = _BARE_UNIT.search(text)
    if match is None:
        return None
    _, stats, blobs = _blobs(crop)
    boxes = [tuple(int(v) for v in stats[i][:4]) for i in blobs]
    if not boxes:
        return None
    top = min(y for _, y, _, _ in boxes)
    line = max(y + h for _, y, _, h in boxes) - top
    for x, y, w, h in boxes:
        short_wide = 0.35 * line <= h <= 0.8 * line and w >= 0.9 * h and y + h >= top + 0.8 * line
        if not short_wide:
            continue
        for sx, sy, sw, sh in boxes:
            if (
                sh <= 0.8 * h
                and sw <= 0.8 * h
                and sy + sh <= y + 0.4 * h
                and x + 0.6 * w <= sx <= x + w + 0.3 * h
                and sw * sh >= 0.03 * h * h
            ):
                return text[: match.start()] + "m²" + text[match.end() :]
    return None
