"""A number's thousands groups as evidence in decoding: a near tie between its point and a
comma settled by how the number groups, and the commas and digits its groups lack looked for in
the frames the blank won.

Under blur a thousands comma loses its tail and the recogniser reads a point, with the comma a
close second: '5,480,566' read '5,480.566' (a thousandth of the value), '3,539,310' read
'3539.310'. Where the point would leave exactly three digits after it and the comma makes the
digits before it whole thousands groups, the comma is read. Measured on the scan simulator's dev
seeds 0-23 in six conditions: at 1,647 true decimal points (one or two digits after) the
comma's share was under 0.13 of the point's but once; at the misread commas it was 0.66-1.4.
"""

from __future__ import annotations

import bisect
import itertools
import re

import numpy as np

from extract.ocr.words import Choices

POINTS = frozenset(".．")
COMMAS = frozenset(",，")
_SEPARATORS = POINTS | COMMAS
# The comma's probability (its ASCII and full-width forms together) against the point's.
NEAR_COMMA = 0.3
# Digits that regroup into whole groups once the comma is read (`grammar.regroup_thousands`: a
# lost comma is put back, '3539,310' is '3,539,310').
_GROUPED_BEFORE = re.compile(r"(?:^|[^\d.,，])\d+(?:[,，](?:\d{3})+)*$")


def settle_separators(glyphs: list[Choices], chosen: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """`chosen` with each point read as a comma where the comma is a near second, three digits
    follow the point and end the number, and the digits before it regroup into whole groups."""
    out = list(chosen)
    text = "".join(c for c, _ in chosen)
    for i, (glyph, p) in enumerate(chosen):
        if glyph not in POINTS or not _three_digits_end(text, i + 1):
            continue
        comma = sum(q for c, q in glyphs[i] if c in COMMAS)
        if comma >= NEAR_COMMA * p and _GROUPED_BEFORE.search(text[:i]):
            out[i] = (",", comma)
            text = text[:i] + "," + text[i + 1 :]
    return out


def _three_digits_end(text: str, start: int) -> bool:
    tail = text[start : start + 4]
    return (
        len(tail) >= 3 and tail[:3].isdecimal() and not (len(tail) == 4 and (tail[3].isdecimal() or tail[3] in POINTS))
    )


# A digit's probability, in a frame the blank won, that counts as the model having seen it.
SHADOW = 0.1
_SHORT_GROUP = re.compile(r"[,，]\d{1,2}(?!\d)")


def restore_group_digits(
    chosen: list[tuple[str, float]], times: list[int], frames: np.ndarray, characters: list[str]
) -> tuple[list[tuple[str, float]], list[int]]:
    """`chosen` (glyphs decoded at frames `times`) with the digits a thousands group lacks put back
    where the model saw them second to the blank: '3,135,296' read '3,135,29' (the '6' at 0.44
    in a frame the blank won at 0.53). Only where a group after a comma is short by exactly as
    many such digits as lie between the comma and the next glyph that is not one of its
    digits; a frame's digit that continues a decoded glyph of the same digit is that glyph.
    Returns the glyphs and their frames, the digits' included."""
    text = "".join(c for c, _ in chosen)
    if not _SHORT_GROUP.search(text):
        return chosen, times
    shadows = _shadow_digits(frames, characters)
    inserts: list[tuple[int, int, str, float]] = []  # (where in `chosen`, frame, digit, probability)
    for group in _SHORT_GROUP.finditer(text):
        start, end = group.start(), group.end()
        last = times[end] if end < len(times) else len(frames)
        seen = [(t, c, p) for t, c, p in shadows if times[start] < t < last]
        if len(seen) == 4 - (end - start):  # three digits a group: the match holds the comma too
            inserts += [(bisect.bisect_left(times, t), t, c, p) for t, c, p in seen]
    out, at_frames = list(chosen), list(times)
    for at, t, c, p in sorted(inserts, reverse=True):  # the later of two at one place first
        out.insert(at, (c, p))
        at_frames.insert(at, t)
    return out, at_frames


def _shadow_digits(frames: np.ndarray, characters: list[str]) -> list[tuple[int, str, float]]:
    """Digits the model gave SHADOW or more in frames the blank won: (frame, digit, probability),
    one per run of frames, none beside a decoded glyph of the same digit."""
    best = frames.argmax(axis=1)
    rival = frames[:, 1:].argmax(axis=1) + 1
    runs: list[list] = []
    for t in np.flatnonzero(best == 0).tolist():
        c, p = characters[rival[t]], float(frames[t, rival[t]])
        if p < SHADOW or not c.isdecimal():  # as `\d`: not '²' or '①'
            continue
        if runs and runs[-1][1] == c and runs[-1][3] == t - 1:
            runs[-1][2], runs[-1][3] = max(runs[-1][2], p), t
        else:
            runs.append([t, c, p, t])
    read = [characters[k] if k else "" for k in best.tolist()] + [""]  # [-1]: past either end
    return [(t0, c, p) for t0, c, p, t1 in runs if read[t0 - 1] != c and read[t1 + 1] != c]


# A separator's probability (comma and point forms together), in a frame the blank won, that
# counts as the model having seen one.
SHADOW_SEPARATOR = 0.2
_DIGIT_RUN = re.compile(r"\d{4,}")


def separator_columns(characters: list[str]) -> list[int]:
    """Where a model's characters hold a comma or a point, in any of their forms: looked up once
    per model, not once a line."""
    return [k for k, c in enumerate(characters) if c in _SEPARATORS]


def restore_hidden_commas(
    chosen: list[tuple[str, float]], times: list[int], frames: np.ndarray, separators: list[int]
) -> tuple[list[tuple[str, float]], list[int]]:
    """`chosen` with the thousands commas of a run of four or more digits put back where the model
    saw a separator second to the blank and the commas then split the run into whole groups
    ('3760303' → '3,760,303', the commas at 0.47 and 0.44 against the blank's 0.46 and 0.52).
    After a point or comma the run's first group must be whole too ('8.251355' → '8.251,355',
    which the thousands repair regroups). A year or a code the model saw no separator in stays.
    `separators` are the frames' columns of a comma or a point (`separator_columns`). Returns
    the glyphs and their frames, the commas' included."""
    text = "".join(c for c, _ in chosen)
    runs = list(_DIGIT_RUN.finditer(text))
    if not runs:
        return chosen, times
    mass = frames[:, separators].sum(axis=1)
    blank = frames.argmax(axis=1) == 0
    inserts: list[tuple[int, int, float]] = []  # (index in `chosen` the comma goes before, frame, mass)
    for run in runs:
        start, end = run.start(), run.end()
        cuts: dict[int, tuple[int, int, float]] = {}  # the likeliest frame between two digits
        for t in range(times[start] + 1, times[end - 1]):
            if blank[t] and mass[t] >= SHADOW_SEPARATOR:
                at = bisect.bisect_left(times, t)
                if at not in cuts or mass[t] > cuts[at][2]:
                    cuts[at] = (at, t, float(mass[t]))
        if not cuts:
            continue
        groups = [b - a for a, b in itertools.pairwise([start, *sorted(cuts), end])]
        after_separator = start > 0 and text[start - 1] in _SEPARATORS
        if all(g == 3 for g in groups[1:]) and (groups[0] == 3 if after_separator else groups[0] <= 3):
            inserts += cuts.values()
    out, at_frames = list(chosen), list(times)
    for at, t, p in sorted(inserts, reverse=True):
        out.insert(at, (",", p))
        at_frames.insert(at, t)
    return out, at_frames
