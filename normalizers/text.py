"""Cell text repair: a chain of small pure functions, applied in `clean`.

Only what extraction breaks is folded: full-width digits, letters and signs,
Kangxi radical look-alikes, stray HTML and LaTeX, zero-width characters and
wrapped lines. Chinese punctuation (，：（）“”) and unit symbols (㎡ ℃) stay
as printed, which a blanket NFKC would destroy.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

_HTML_BREAK = re.compile(r"<\s*(?:br\s*/?|/p|/div|/li|/tr)\s*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?\s*>")
_LATEX = {
    r"\geqslant": "≥",
    r"\leqslant": "≤",
    r"\geq": "≥",
    r"\leq": "≤",
    r"\ge": "≥",
    r"\le": "≤",
    r"\%": "%",
    r"\times": "×",
    r"\sim": "~",
    r"\pm": "±",
    r"\cdot": "·",
    r"\lt": "<",
    r"\gt": ">",
}
_LATEX_CMD = re.compile("|".join(re.escape(k) for k in sorted(_LATEX, key=len, reverse=True)) + r"(?![a-zA-Z])")
_LATEX_HINT = re.compile(r"\\(?:geq?|leq?|%|times|sim|pm|cdot|lt|gt)")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_INNER_SPACE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
_SIGN_FOLD = str.maketrans({"≧": "≥", "≦": "≤", "﹪": "%", "﹤": "<", "﹥": ">", "﹦": "=", "〜": "~"})


def strip_html(text: str) -> str:
    """Remove tags such as the `<p>…</p>` some budget systems leave in cells."""
    if "<" not in text and "&" not in text:
        return text
    text = _HTML_BREAK.sub("\n", text)
    text = _HTML_TAG.sub("", text)
    return html.unescape(text)


def strip_latex(text: str) -> str:
    """Undo LaTeX math left by PDF-to-text converters: `$\\geq 90\\%$` -> `≥90%`."""
    if "\\" not in text or not _LATEX_HINT.search(text):
        return text
    text = _LATEX_CMD.sub(lambda m: _LATEX[m.group(0)], text)
    text = re.sub(r"\$([^$]*)\$", lambda m: re.sub(r"(?<=[≥≤<>=~±×·])\s+|\s+(?=%)", "", m.group(1)), text)
    return text.replace("\\", "")


def _fold_char(ch: str) -> str:
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:
        # Full-width ASCII: fold digits, letters and math signs, keep CJK punctuation.
        ascii_ch = chr(o - 0xFEE0)
        return ascii_ch if ascii_ch.isalnum() or ascii_ch in "%<>=+-./~" else ch
    if 0x2F00 <= o <= 0x2FDF or 0x2E80 <= o <= 0x2EFF or 0xF900 <= o <= 0xFAFF:
        return unicodedata.normalize("NFKC", ch)  # Kangxi / radical / compatibility ideograph
    return ch


_FOLDED = (range(0xFF01, 0xFF5F), range(0x2E80, 0x2FE0), range(0xF900, 0xFB00))  # _fold_char's ranges
# _fold_char then _SIGN_FOLD, as one table for str.translate: one C loop instead of a call per char.
_WIDTH_FOLD = {**_SIGN_FOLD, **{o: _fold_char(chr(o)).translate(_SIGN_FOLD) for r in _FOLDED for o in r}}


def fold_width(text: str) -> str:
    """Full-width digits, letters and signs to ASCII; radical look-alikes (⼀) to ideographs."""
    if text.isascii():
        return text
    return text.translate(_WIDTH_FOLD)


def remove_zero_width(text: str) -> str:
    return text.translate(_ZERO_WIDTH)


def normalise_spaces(text: str) -> str:
    """One space for any run of blanks; line breaks kept; blank lines dropped."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


# A line that starts a numbered item ('2.', '（3）', '四、') starts a new paragraph.
LIST_START = re.compile(r"^(?:\d{1,2}\s*[.、．](?!\d)|[(（]\s*\d{1,2}\s*[)）]|[一二三四五六七八九十]、)")


def join_soft(before: str, after: str) -> str:
    """Join two pieces of one wrapped text: no space, except between two Latin words."""
    if before and after and before[-1].isascii() and before[-1].isalpha() and after[0].isascii() and after[0].isalpha():
        return f"{before} {after}"
    return before + after


def join_wrapped_lines(text: str) -> str:
    """Join lines wrapped by a narrow column (every line break in `text` is a soft one)."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    out = lines[0]
    for line in lines[1:]:
        out = join_soft(out, line)
    return out


def drop_cjk_inner_spaces(text: str) -> str:
    """'财政    资金' -> '财政资金': a space between two ideographs is layout, not text."""
    return _CJK_INNER_SPACE.sub("", text)


# Assembly asks for the same cell texts many times (roles, labels, fields): the repairs are
# pure, so they are memoised; a bounded cache keeps memory flat across a long batch.
@lru_cache(maxsize=32768)
def _clean_lines(text: str) -> tuple[str, ...]:
    for step in (strip_html, strip_latex, fold_width, remove_zero_width, normalise_spaces):
        text = step(text)
    return tuple(drop_cjk_inner_spaces(line) for line in text.split("\n")) if text else ()


def clean_lines(text: str) -> list[str]:
    """Repaired text as its lines (for fields such as numbered goals)."""
    return list(_clean_lines(text))


@lru_cache(maxsize=32768)
def clean(text: str) -> str:
    """Repaired single-line text of a cell."""
    return drop_cjk_inner_spaces(join_wrapped_lines("\n".join(_clean_lines(text))))


@lru_cache(maxsize=32768)
def label_key(text: str) -> str:
    """Comparable form of a label: no blanks, ASCII brackets, commas and colons, no trailing colon
    ('项目编码：' and '项目编码' are one label)."""
    return _BLANKS.sub("", clean(text)).translate(_LABEL_FOLD).rstrip(":")


_BLANKS = re.compile(r"\s+")
_LABEL_FOLD = str.maketrans("（）【】：，", "()[]:,")
