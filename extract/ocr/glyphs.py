"""Second looks at what a recogniser read: number-bearing lines read again larger, and the glyphs
a recogniser misses checked in the line's image (a comparator's bar, a unit's superscript).

A reading the checks dispute gives its cell a confidence below any sensible QA threshold, and
the reviewer sees both readings.
"""

from __future__ import annotations

import itertools
import re

import cv2
import numpy as np

from extract.ocr.engine import LineRecognizer
from extract.ocr.raster import ink_runs
from extract.ocr.signs import signs_unread
from normalizers.grammar import IDEOGRAPHS, OCR_CELL_REPAIRS, OCR_REPAIRS, Repairs
from normalizers.text import LIST_START, fold_width, join_soft


def fix_ocr(text: str, repairs: Repairs = OCR_REPAIRS) -> str:
    """`text` with a table of glyph repairs made (by default those for each line read)."""
    for pattern, glyph in repairs:
        text = pattern.sub(glyph, text)
    return text


def cell_text(lines: list[tuple[str, float]]) -> str:
    """A cell's text from its lines as read (text, score), top to bottom: each line's glyphs
    repaired, soft-wrapped lines joined, a new line only where one starts a list item; then the
    repairs of a whole cell."""
    text = ""
    for line, _ in lines:
        line = fix_ocr(line.strip())
        if not line:
            continue
        text = f"{text}\n{line}" if text and LIST_START.match(line) else join_soft(text, line)
    return fix_ocr(text, OCR_CELL_REPAIRS)


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
    doubts: list[float] | None = None,
) -> dict[tuple[int, int], list[tuple[str, float]]]:
    """Cells whose number-bearing lines read differently at a second look: read again at 1.5x
    (a lost decimal point, "2.3" read "23"; a digit misread; a third look at 2x decides which of
    the two is written in, `_third_look`), with a glyph the line's image shows
    and the reading lacks (a comparator's bar, "≥" read ">" or "2"; a unit's superscript, "㎡"
    read "m"), or with one the reading has and the image lacks (a decimal point, "230" read
    "2.30" from a JPEG's broken '3'). `images` are the lines' images, `places` where each line
    is (("cell", grid, cell, line) or ("free", n)), `texts` the first readings. A comparator the
    glyph shows is the second reading only (a rule's remnant under a '5' has looked like a '≥'
    bar) unless the first reading has a '2' in its place, and so is the number without the
    point the image lacks (a point that blur ran into its digit is not seen); a superscript is
    written into the first reading itself (`texts` is updated), the bare reading becoming the
    second, and so is a middle dot at either end of a cell's line ('·月' read '月'), a lone
    slash read '1' or nothing (a placeholder) and a comparator read '2'; a comparison sign a
    line's first glyph is drawn as and the reading lacks (`signs.signs_unread`: '≥1000' read
    '1000', a lone '≤' read 'W' or nothing) is written in where its shape and the reading
    agree on where it stands, else it is the second reading. Either way the reviewer sees
    both and the cell's confidence says to look. `doubts`: each first reading's
    `LineReading.number_doubt`; a line read sure of its numbers is not read at 1.5x (`SURE`).

    Returns, for each such cell, all its lines as read the second time (unchanged lines as read)."""
    changed: dict[int, tuple[str, float]] = {}
    for i, (where, (text, score)) in enumerate(zip(places, texts, strict=True)):
        if where[0] != "cell":
            continue
        if (mended := middle_dot_unread(images[i], text) or slash_unread(images[i], text)) is not None:
            changed[i] = (text, score)
            texts[i] = (mended, score)
    redo = [i for i, (where, (text, _)) in enumerate(zip(places, texts, strict=True))
            if where[0] == "cell" and _NUMERIC.search(fold_width(fix_ocr(text)))]  # fmt: skip
    larger = [i for i in redo if doubts is None or doubts[i] >= SURE]
    if larger:
        again = recognizer.recognize([_enlarged(images[i], 1.5) for i in larger])
        disputed = {i: a for i, a in zip(larger, again, strict=True) if _signature(a[0]) != _signature(texts[i][0])}
        _third_look(images, texts, disputed, set(changed), recognizer)
        changed |= disputed
    for i in redo:
        if (raised := superscript_unread(images[i], texts[i][0])) is not None:
            changed.setdefault(i, texts[i])
            texts[i] = (raised, texts[i][1])
        seen = _comparator_unread(images[i], texts[i][0])
        if seen is not None and fold_width(texts[i][0]).lstrip().startswith("2"):
            # A '≥' read as '2', both looks agreeing: the glyph check tells a '2' (its top across
            # the middle) from a '≥' (the upper arm's start at the left). Measured on dev seeds
            # 0-79 under blur, JPEG, noise, 150 and 300 dpi: right 13 times in 13, so written in.
            if i not in changed or _signature(changed[i][0]) == _signature(seen):
                changed[i] = texts[i]
            texts[i] = (seen, texts[i][1])
            continue
        if i in changed:
            # The larger reading and the glyph agree on a sign the first reading lacks: two
            # looks of different kinds, so it is written in (the remnant of a rule under a '5'
            # fooled the glyph check alone, never the recogniser too).
            if seen is not None and _signature(seen) == _signature(changed[i][0]):
                changed[i], texts[i] = texts[i], (seen, texts[i][1])
            continue
        if seen is None:
            seen = point_unseen(images[i], texts[i][0])
        if seen is not None:
            changed[i] = (seen, texts[i][1])
    cell_lines = [i for i, where in enumerate(places) if where[0] == "cell"]
    for i, sign in signs_unread(images, texts, cell_lines, recognizer).items():
        if sign.sure:
            changed.setdefault(i, texts[i])
            texts[i] = (sign.reading, texts[i][1])
        else:
            changed.setdefault(i, (sign.reading, texts[i][1]))
    for i, seen in lead_unread(images, texts, [i for i in redo if i not in changed], recognizer).items():
        changed[i] = (seen, texts[i][1])
    out: dict[tuple[int, int], list[tuple[str, float]]] = {}
    cells = {(places[i][1], places[i][2]) for i in changed}
    for i, (where, first) in enumerate(zip(places, texts, strict=True)):
        if where[0] == "cell" and (where[1], where[2]) in cells:
            out.setdefault((where[1], where[2]), []).append(changed.get(i, first))
    return out


# A first reading whose every frame gave the number glyphs it did not choose under this much
# probability, and the ones it chose all but this much (`engine.number_doubt`), is not read at
# 1.5x. Measured on the scan yardstick (14 documents at 200 dpi grey, clean and degraded) and the
# dev seeds 0-7 under every condition: of 3,597 number-bearing lines, 68 read differently at 1.5x;
# all but two were doubted beyond this at the first look, and in those two the 1.5x look was the
# slip (a weight '10' read '0', the first reading right). 1,661 lines are sure: 46% of the looks.
SURE = 0.01


def _enlarged(image: np.ndarray, scale: float) -> np.ndarray:
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)


def _third_look(
    images: list[np.ndarray],
    texts: list[tuple[str, float]],
    disputed: dict[int, tuple[str, float]],
    mended: set[int],
    recognizer: LineRecognizer,
) -> None:
    """Lines whose readings at 1x and 1.5x disagree on a number are read a third time, at 2x;
    where it agrees with the 1.5x reading, that one is written in and the first becomes the
    second reading (`disputed` and `texts` updated), so the cell stays flagged either way. The
    recogniser's slips at one scale ('9,511,99' for '9,511,599', a '<' not read) are rarely made
    at two others. A line a glyph check already mended ('·', '/') keeps its mended reading, a
    reading without a number is never written in (a '1' read 'I' at 1.5x and 2x), and neither is
    one that differs from the first only by a comparator's bar lost (`_bar_lost`) or a digit
    read as its lookalike letter (`_digit_as_letter`)."""
    lines = [i for i in disputed if i not in mended and _signature(disputed[i][0])]
    thirds = recognizer.recognize([_enlarged(images[i], 2.0) for i in lines]) if lines else []
    for i, (third, _) in zip(lines, thirds, strict=True):
        first = texts[i][0]
        if _signature(third) == _signature(disputed[i][0]) and not (
            _bar_lost(first, third) or _digit_as_letter(first, third)
        ):
            texts[i], disputed[i] = disputed[i], texts[i]


def _bar_lost(first: str, other: str) -> bool:
    """Whether `other` reads a number as `first` does but for a '≥' or '≤' read without its bar
    ('>', '<'). The bar of a Song face's '⩾' is a thin stroke set close to the lower arm: an
    enlarged soft scan (150 dpi) runs it into the arm and the recogniser misses it at 1.5x and 2x
    alike ('≥80%' read so at 1x, '>80%' at both), while a bar the page does not print is not
    read into a '>' at 1x. As with the glyph's own check (`signs.signs_unread`), a '≥' read is
    not overruled by a '>' seen; the cell stays flagged with both readings."""
    a, b = _signature(first), _signature(other)
    return a != b and a.translate(_BARLESS) == b


_BARLESS = str.maketrans("≥≤", "><")
# Letters a recogniser reads for a digit: a '1' before a full stop read 'l' at 1.5x and 2x.
_LETTER_DIGITS = str.maketrans("lI|Oo", "11100")


def _digit_as_letter(first: str, other: str) -> bool:
    """Whether `other` reads as `first` does once its letters that look like digits are the
    digits ('≤l。' for '≤1。'): a slip of the larger looks, never to be written in (where the
    first reading is the slip, the larger looks agree with it)."""
    a, b = _signature(first), _signature(other)
    return a != b and _signature(other.translate(_LETTER_DIGITS)) == a


# What a recogniser makes of a '≥' or '≤' whose bar it missed, or of the whole sign.
_COMPARATOR_MISREADS = "2>V<=Z"
_STRICT = {"<": "≤", ">": "≥"}


def _blobs(crop: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """The line image's ink components (Otsu): labels, stats, and the components of 3 px or more."""
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return labels, stats, [i for i in range(1, n) if stats[i][cv2.CC_STAT_AREA] >= 3]


def _boxes(stats: np.ndarray, blobs: list[int]) -> list[tuple[int, int, int, int]]:
    """The blobs' boxes (x, y, w, h), left to right."""
    return sorted((tuple(int(v) for v in stats[i][:4]) for i in blobs), key=lambda b: b[0])


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
    the first glyph is a '≥' when a bar runs along its foot (or, read as a '2', a line down its
    middle crosses three strokes) and its top holds only the start of the upper arm, at the
    left ('≤': at the right); a '2' or a '7' has its top across the middle, a '>' no bar, a
    '1' (serif foot, flag at the top left) is too narrow. Read as '2',
    '>' or 'V', or dropped ('≥150' as '150'), the number means something else."""
    folded = fold_width(text.strip())
    if not folded or not (folded[0].isdigit() or folded[0] in _COMPARATOR_MISREADS):
        return None
    labels, stats, blobs = _blobs(crop)
    if not blobs:
        return None
    group = _first_glyph(stats, blobs)
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
    if not bar and folded[0] == "2":
        # A bar slanted along the lower arm (the Noto and Source Han faces) runs along no foot;
        # a line down the glyph's middle crosses it (as it crosses a '2' three times too: the
        # top tells those apart). Not for an '=' (its two bars, blurred, have crossed three).
        bar = _strokes_across(crop[gy0:gy1, gx0:gx1]) >= 3
    top = np.nonzero(glyph[: max(1, h // 5)].any(axis=0))[0]
    if not bar or not top.size:
        return None
    middle = top.mean() / max(w - 1, 1)
    sign = "≥" if middle < 0.35 else "≤" if middle > 0.65 else None
    if sign is None:
        return None
    return sign + (text.strip()[1:] if folded[0] in _COMPARATOR_MISREADS else text.strip())


def _first_glyph(stats: np.ndarray, blobs: list[int]) -> list[int]:
    """The blobs of the line's first glyph: from the leftmost, every blob that overlaps the
    glyph's columns so far by half its own width or half theirs, the columns growing with each.
    A glyph's hairlines broken by the threshold leave it in pieces that need not overlap the
    first one: a serif '2' scanned sharp (printed at 400 dpi, read at 200) parts into its ball,
    its arc and its foot, and the ball with the foot alone looked like a '≥' (a bar along the
    foot, the top at the left): '2次' was read '≥次'."""
    order = sorted(blobs, key=lambda i: int(stats[i][cv2.CC_STAT_LEFT]))
    x0 = int(stats[order[0]][cv2.CC_STAT_LEFT])
    x1 = x0 + int(stats[order[0]][cv2.CC_STAT_WIDTH])
    group = [order[0]]
    for i in order[1:]:
        a, w = int(stats[i][cv2.CC_STAT_LEFT]), int(stats[i][cv2.CC_STAT_WIDTH])
        if min(a + w, x1) - max(a, x0) >= 0.5 * min(w, x1 - x0):
            group.append(i)
            x1 = max(x1, a + w)
    return group


def _body(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int]:
    """The line's top and baseline from its glyph boxes (x, y, w, h): the top of the tall ones
    and the median of their feet (a comma, a descender or a speck do not move it)."""
    tallest = max(h for *_, h in boxes)
    big = [b for b in boxes if b[3] >= 0.5 * tallest]
    return min(y for _, y, _, _ in big), int(np.median([y + h for _, y, _, h in big]))


def _points(crop: np.ndarray) -> int:
    """How many decimal points the line image shows: small blobs on the baseline with paper
    above them (the foot of a glyph a JPEG broke up has the rest of the glyph above it), and
    dark spots on the baseline of a gap between tall glyphs with paper above (a faint point
    the threshold took for paper)."""
    labels, stats, blobs = _blobs(crop)
    if not blobs:
        return 0
    boxes = _boxes(stats, blobs)
    top, base = _body(boxes)
    line = max(base - top, 1)
    found = 0
    for x, y, w, h in boxes:
        small = w <= 0.3 * line and h <= 0.3 * line and abs(y + h - base) <= 0.2 * line
        if small and not labels[: max(y - 1, 0), x : x + w].any():
            found += 1
    paper = float(np.percentile(crop, 90))
    contrast = paper - float(np.percentile(crop[labels > 0], 10))
    if found or contrast < 20:
        return found
    spans: list[list[int]] = []
    for x, _, w, h in boxes:
        if h < 0.5 * line:
            continue
        if spans and x <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x + w)
        else:
            spans.append([x, x + w])
    for (_, a), (b, _) in itertools.pairwise(spans):
        gap = crop[:, a + 1 : b - 1].astype(np.float32)  # not the neighbours' soft edges
        low, high = gap[int(base - 0.3 * line) : base + 2], gap[top : int(base - 0.45 * line)]
        if low.size and high.size and low.min() <= paper - 0.35 * contrast and high.min() > paper - 0.25 * contrast:
            found += 1
    return found


_POINT = re.compile(r"(?<=\d)[.．](?=\d)")


def point_unseen(crop: np.ndarray, text: str) -> str | None:
    """The reading without its decimal points when the line image shows none: a JPEG's broken
    '3' or a speck in a wide-set number ('２３０') read as '2.30', a tenfold error at a
    confidence of 0.99. (Measured on the scan simulator's dev seeds: all three such readings
    seen, and 7 of 357 right ones, points blur ran into a digit.)"""
    repaired = fix_ocr(text)  # a thousands separator read as '.' is regrouped first
    if not _POINT.search(repaired) or _points(crop):
        return None
    return _POINT.sub("", repaired)


_IDEOGRAPH = re.compile(f"[{IDEOGRAPHS}]")


def middle_dot_unread(crop: np.ndarray, text: str) -> str | None:
    """The reading with the '·' it lacks at either end of the line: the dot of '元/人·月' that
    a narrow column wrapped to a line's start or end is read at a sharp 200 dpi but dropped
    when soft. The line's first or last blob is a dot: small, apart from its neighbour, and
    level with the middle of the line's glyphs (a point or a comma sits on the baseline)."""
    stripped = text.strip()
    if not stripped:
        return None
    _, stats, blobs = _blobs(crop)
    boxes = _boxes(stats, blobs)
    if len(boxes) < 2:
        return None
    top, base = _body(boxes)
    line = max(base - top, 1)

    def dot(box: tuple[int, int, int, int], gap: int) -> bool:
        _, y, w, h = box
        level = abs(y + h / 2 - (top + base) / 2) <= 0.15 * line
        round_ = 0.7 * w <= h <= w / 0.7  # not a hyphen
        # A full-width slot's dot stands well apart; the dots of '小', '心' or '米' are close.
        return gap >= 0.25 * line and level and round_ and w <= 0.4 * line and w * h >= 0.01 * line * line

    first, rest = boxes[0], boxes[1:]
    if _IDEOGRAPH.match(stripped[0]) and dot(first, min(b[0] for b in rest) - (first[0] + first[2])):
        return "·" + stripped
    last = max(boxes, key=lambda b: b[0] + b[2])
    others = [b for b in boxes if b is not last]
    if _IDEOGRAPH.match(stripped[-1]) and dot(last, last[0] - max(b[0] + b[2] for b in others)):
        return stripped + "·"
    return None


# What a recogniser makes of a lone '/' (the placeholder of a cell that does not apply).
_SLASH_MISREADS = frozenset({"", "1", "l", "I", "|", "丨", "/", "7", "J", "了"})


def slash_unread(crop: np.ndarray, text: str) -> str | None:
    """'/' where a cell's line holding one stroke was read as something else ('1', '|') or as
    nothing: the placeholder of a cell that does not apply. The line's ink is one stroke as
    tall as a glyph whose top stands to the right of its foot by a fifth of its height or more
    (a '1' is upright, its flag at the top left; a '7' has a bar across its top)."""
    if fold_width(text.strip()) not in _SLASH_MISREADS or text.strip() == "/":
        return None
    labels, stats, blobs = _blobs(crop)
    big = [i for i in blobs if stats[i][cv2.CC_STAT_HEIGHT] >= 0.4 * crop.shape[0]]
    if len(big) != 1:
        return None
    (stroke,) = big
    if any(stats[i][cv2.CC_STAT_AREA] >= 0.2 * stats[stroke][cv2.CC_STAT_AREA] for i in blobs if i != stroke):
        return None  # more than one glyph
    x, y, w, h = (int(v) for v in stats[stroke][:4])
    ink = labels[y : y + h, x : x + w] == stroke
    band = max(1, h // 5)
    top, foot = np.nonzero(ink[:band].any(axis=0))[0], np.nonzero(ink[-band:].any(axis=0))[0]
    if not top.size or not foot.size or top.size > 0.4 * h or foot.size > 0.4 * h:
        return None
    return "/" if top.mean() - foot.mean() >= h / 5 else None


# A unit whose superscript the recogniser drops at scan resolutions: '㎡' and 'm²' read as 'm',
# or the superscript read as a closing quote ('四m”').
_BARE_UNIT = re.compile(r"(?<=[\d\s〇一二三四五六七八九十两(（])m(?![²³23])([”\"'’])?")


def superscript_unread(crop: np.ndarray, text: str) -> str | None:
    """The reading with 'm²' where a number's unit was read as a bare 'm' (or 'm' and a closing
    quote no opening one matches) and the image shows a superscript at the m's top right.

    Only the first 'm' after a number is looked at. The superscript is a small blob whose foot
    is in the upper part of a short, wide glyph (an 'm', x-height tall), starting before its
    right edge is half a glyph behind; or, where blur ran the two into one blob (or into the
    next glyph), ink above an m's three legs at its right end that does not reach down beside
    the m's lower half (a tall glyph's top does: '主' in '6m主', the ')' of '(m)')."""
    match = _BARE_UNIT.search(text)
    if match is None or (match.group(1) and re.search("[“‘]", text[: match.start()])):
        return None
    labels, stats, blobs = _blobs(crop)
    boxes = _boxes(stats, blobs)
    if not boxes:
        return None
    if _superscript_blob(boxes) or _superscript_over_legs(labels > 0, *_body(boxes)):
        return text[: match.start()] + "m²" + text[match.end() :]
    return None


def _superscript_blob(boxes: list[tuple[int, int, int, int]]) -> bool:
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
                return True
    return False


def _m_legs(ink: np.ndarray, top: int, base: int) -> list[tuple[int, int]]:
    """Where an m's three legs are, as (left, right) spans of columns: three thin strokes close
    together in one row of the lower half (between the arches and the feet, which blur runs
    together; where that row is depends on the face's x-height, so every row is tried)."""
    line = max(base - top, 1)
    found = set()
    for row in range(int(base - 0.5 * line), int(base - 0.1 * line) + 1):
        legs = ink_runs(ink[row])
        for r1, r2, r3 in zip(legs, legs[1:], legs[2:], strict=False):
            thin = max(b - a for a, b in (r1, r2, r3)) <= 0.3 * line
            close = 0 < r2[0] - r1[1] <= 0.3 * line and 0 < r3[0] - r2[1] <= 0.3 * line
            if thin and close and 0.35 * line <= r3[1] - r1[0] <= line:
                found.add((r1[0], r3[1]))
    return sorted(found)


def _superscript_over_legs(ink: np.ndarray, top: int, base: int) -> bool:
    line = max(base - top, 1)
    for x0, x1 in _m_legs(ink, top, base):
        middle = (x0 + x1) // 2
        rows = np.flatnonzero(ink[:, x0:middle].any(axis=1))
        if not rows.size or rows[0] < top + 0.3 * line:
            continue  # a tall glyph's strokes, not an m's
        if not ink[rows[0] : rows[0] + int(0.25 * line) + 1, x0:x1].any(axis=0).all():
            continue  # no arches join the legs: strokes of two glyphs
        above = ink[: max(rows[0] - 1, 0), middle : int(x1 + 0.45 * line)]
        cols = np.flatnonzero(above.any(axis=0))
        if not cols.size or middle + cols[0] > x1 + 0.15 * line or above.sum() < 0.02 * line * line:
            continue
        beyond = [middle + c for c in cols if middle + c >= x1]
        foot = ink[(rows[0] + base) // 2 :]  # beside the m's lower half, and below
        if not beyond or any(not foot[:, c].any() for c in beyond):
            return True
    return False


# What a lone glyph before a number, read by itself, may be: shown as read; anything else as '?'.
_LEAD_SIGNS = "<>≤≥=》《«»"
UNREAD_MARK = "?"


def lead_unread(
    images: list[np.ndarray], texts: list[tuple[str, float]], lines: list[int], recognizer: LineRecognizer
) -> dict[int, str]:
    """Lines whose reading starts with a digit though the image shows a glyph before it, apart
    from the number: a '>' or '》' blurred into one chevron and dropped ('》200m²' read
    '200m²' at 0.965), so the number lost its operator. The glyph is taken as unread where the
    line reads the same with it erased; the second reading puts back what the glyph reads as
    alone, a sign, or UNREAD_MARK, so the cell is flagged, never rewritten."""
    found = {i: lead for i in lines if (lead := _lead_glyph(images[i], texts[i][0])) is not None}
    if not found:
        return {}
    crops = []
    for i, (x0, x1) in found.items():
        image = images[i]
        paper = int(np.percentile(image, 90))
        erased = image.copy()
        erased[:, : x1 + 1] = paper
        alone = np.pad(image[:, max(0, x0 - 4) : x1 + 4], ((0, 0), (8, 8)), constant_values=paper)
        crops += [erased, alone]
    readings = recognizer.recognize(crops)
    out = {}
    for k, i in enumerate(found):
        (without, _), (glyph, _) = readings[2 * k], readings[2 * k + 1]
        if without.strip() == texts[i][0].strip():
            sign = glyph.strip() if glyph.strip() in _LEAD_SIGNS else UNREAD_MARK
            out[i] = sign + texts[i][0].strip()
    return out


def _lead_glyph(crop: np.ndarray, text: str) -> tuple[int, int] | None:
    """The columns of a glyph-sized ink group first on a line read as starting with a digit, set
    apart from the rest by a space: where an unread glyph would be. A rule's remnant is too
    thin, a speck too small; digits of one number sit closer than a third of the line."""
    folded = fold_width(text.strip())
    if not folded or not folded[0].isdecimal():
        return None
    _, stats, blobs = _blobs(crop)
    spans: list[list[int]] = []  # x0, x1, top, bottom of ink groups overlapping in x
    for x, y, w, h in _boxes(stats, blobs):
        if spans and x <= spans[-1][1]:
            spans[-1][1:] = [max(spans[-1][1], x + w), min(spans[-1][2], y), max(spans[-1][3], y + h)]
        else:
            spans.append([x, x + w, y, y + h])
    if len(spans) < 2:
        return None
    line = max(b - t for _, _, t, b in spans)
    x0, x1, top, bottom = spans[0]
    width, height, gap = x1 - x0, bottom - top, spans[1][0] - x1
    if height >= 0.5 * line and 0.25 * line <= width <= 1.2 * line and gap >= 0.3 * line and x0 > 0:
        return x0, x1
    return None
