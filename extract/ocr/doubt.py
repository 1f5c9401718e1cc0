"""OCR doubt, decided in one place: what confidence a cell and a row get, when a reading is
doubtful, and on what evidence.

The one threshold is the QA configuration's `[ocr] min_confidence` (budget_perf/qa/config.toml);
it is passed in (ReadOptions.min_confidence, an argument), never read from a process-wide setting.
The assembly's scan checks note every doubt they find (budget_perf/assemble/ocr_checks: a
registry of named checks, each declaring its effect on confidence; the checks whose effect is to
dispute a row are the ones that cap it here); QA shows those notes as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.model import Cell

if TYPE_CHECKING:  # the engine loads OpenCV; assembly of digital documents must not
    from extract.ocr.engine import LineReading

# A reading a check disputes (read differently a second time, a glyph the image shows and the
# reading lacks, digits OCR tends to break, two columns read as one cell) is below any sensible QA
# threshold: its confidence says so, and the reviewer sees why.
DISPUTED_CONFIDENCE = 0.5

# Roles whose cells are read a second time where they hold numbers: a disagreement there is its
# own note (ocr_suspicious_digits), which says more than a low score.
RE_READ_ROLES = ("value", "actual")


# A line whose ink shows a small mark the reading lacks (extract/ocr/unread.py: a '.' after a
# name the recogniser never outputs) is no confident reading, whatever its score: below the scan
# yardstick's confidence floor (0.95), above the QA threshold, where a dropped '.' changes no
# value (on the yardstick every such line measured read the rest of its text right).
UNREAD_MARK_CONFIDENCE = 0.9


def line_confidence(reading: LineReading, first: int = 0, last: int | None = None) -> float:
    """The confidence of a line's characters `first`..`last` (the whole line by default): their
    mean probability, the recogniser's own score, capped at UNREAD_MARK_CONFIDENCE where the
    line's ink holds a mark among them (up to the characters either side) that the reading lacks."""
    last = len(reading.scores) - 1 if last is None else last
    own = reading.scores[first : last + 1]
    score = float(sum(own) / len(own)) if own else reading.score
    return min(score, UNREAD_MARK_CONFIDENCE) if _mark_unread_within(reading, first, last) else score


def _mark_unread_within(reading: LineReading, first: int, last: int) -> bool:
    """An unread mark between the characters before `first` and after `last` (the line's ends
    where there are none)."""
    lo = reading.centres[first - 1] if 0 < first <= len(reading.centres) else 0.0
    hi = reading.centres[last + 1] if last + 1 < len(reading.centres) else 1.0
    return any(lo < x < hi for x in reading.unread)


def cell_confidence(scores: Iterable[float], disputed: bool) -> float | None:
    """A cell's confidence: its weakest line's score, capped at DISPUTED_CONFIDENCE where a second
    reading disputes it; None for a cell with no line read (an empty cell, a text layer)."""
    weakest = min(scores, default=None)
    if weakest is None:
        return None
    return min(weakest, DISPUTED_CONFIDENCE) if disputed else weakest


def row_confidence(cells: Iterable[Cell], disputed: bool) -> float | None:
    """A row's confidence: its weakest OCR'd cell's, capped at DISPUTED_CONFIDENCE where a check
    disputes the row (`disputed`: budget_perf/assemble/ocr_checks.disputes); None for a row no
    cell of which was OCR'd."""
    weakest = min((c.confidence for c in cells if c.confidence is not None), default=None)
    if weakest is None:
        return None
    return min(weakest, DISPUTED_CONFIDENCE) if disputed else weakest


def doubtful(confidence: float | None, threshold: float) -> bool:
    """Below the threshold: the reviewer must look. None (not OCR'd) is never doubtful."""
    return confidence is not None and confidence < threshold


@dataclass(frozen=True, slots=True)
class CellDoubt:
    """A cell whose own reading is doubtful: the evidence is its score."""

    role: str
    cell: Cell
    confidence: float


def doubtful_cells(role_cells: dict[str, list[Cell]], threshold: float) -> list[CellDoubt]:
    """The cells of a row read below the threshold, in role order. An empty cell says nothing; a
    number cell read twice with different results is left to that note (RE_READ_ROLES)."""
    return [
        CellDoubt(role, cell, cell.confidence)
        for role, cells in role_cells.items()
        for cell in cells
        if cell.confidence is not None
        and doubtful(cell.confidence, threshold)
        and cell.text.strip()
        and not (cell.second_reading is not None and role in RE_READ_ROLES)
    ]


def row_needs_own_note(confidence: float | None, cell_doubts: int, threshold: float) -> bool:
    """A doubtful row no cell's note explains (its doubt comes from a disputing note, an empty
    cell's score, a records cell): the row itself is noted."""
    return doubtful(confidence, threshold) and cell_doubts == 0
