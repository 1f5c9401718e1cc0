"""A recogniser's near ties between ideographs settled by a word list.

The recogniser reads each glyph as a distribution over characters. On a soft or noisy scan two
ideographs of like shape come close ('救' 0.45 against '教' 0.52 in '救助办结时限'; '患' 0.29
against '惠' 0.38 in '安全隐患消除率'), and the likelier one can make no word with its
neighbours. Where the first choice makes none and a close second does, the second is taken: the
words are jieba's dictionary (349,046 entries from the People's Daily and other corpora, MIT),
read from its package without importing jieba's segmenter.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from extract.errors import MissingDependency
from normalizers.grammar import IDEOGRAPHS

# A second choice this close to the first is weighed (share of the first's probability); one
# further off is the recogniser being sure, and stays unread.
NEAR_TIE = 0.15
# Words of this many ideographs around a glyph are looked up.
WORD_LENGTHS = (2, 3, 4)
_IDEOGRAPH = re.compile(f"[{IDEOGRAPHS}]")
_WORD = re.compile(f"[{IDEOGRAPHS}]{{{min(WORD_LENGTHS)},{max(WORD_LENGTHS)}}}")

Choices = list[tuple[str, float]]  # one glyph's candidates, likeliest first


@lru_cache(maxsize=1)
def words() -> frozenset[str]:
    """The dictionary's words of two to four ideographs (about 330,000; read once, 0.2 s)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise MissingDependency("OCR needs jieba's word list: pip install jieba")
    with (Path(spec.origin).parent / "dict.txt").open(encoding="utf-8") as f:
        return frozenset(word for word, *_ in (line.split(" ", 1) for line in f) if _WORD.fullmatch(word))


def settle(glyphs: list[Choices]) -> list[tuple[str, float]]:
    """One (character, probability) per glyph: the first choice, or a near second (third) that
    makes a word with its neighbours where the first makes none. Left to right, each glyph
    judged with those before it as settled."""
    chosen = [choices[0] for choices in glyphs]
    for i, choices in enumerate(glyphs):
        first, p = choices[0]
        rivals = [(c, q) for c, q in choices[1:] if q >= NEAR_TIE * p and _IDEOGRAPH.fullmatch(c)]
        if not rivals or not _IDEOGRAPH.fullmatch(first):
            continue
        text = [c for c, _ in chosen]
        if _in_word(text, i, first):
            continue
        chosen[i] = next(((c, q) for c, q in rivals if _in_word(text, i, c)), chosen[i])
    return chosen


def _in_word(text: list[str], i: int, glyph: str) -> bool:
    """Whether `glyph` at `i` makes a dictionary word with the glyphs beside it."""
    line = [*text[:i], glyph, *text[i + 1 :]]
    known = words()
    for n in WORD_LENGTHS:
        for start in range(max(0, i - n + 1), min(i, len(line) - n) + 1):
            if "".join(line[start : start + n]) in known:
                return True
    return False


def worded(text: str) -> int:
    """How many of the text's ideographs stand in a dictionary word (of two to four) with the
    glyphs beside them: nearly all in a line of real text, few in glyphs read one a line down a
    column (the first glyph of each of a paragraph's lines), which the recogniser reads as
    ideographs as readily as the text's own."""
    known = words()
    inside = [False] * len(text)
    for n in WORD_LENGTHS:
        for start in range(len(text) - n + 1):
            if text[start : start + n] in known:
                inside[start : start + n] = [True] * n
    return sum(inside)
