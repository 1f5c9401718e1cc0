"""Split a 绩效目标 / 年度目标 cell into its numbered goals."""

from __future__ import annotations

import re

from normalizers.text import clean_lines, drop_cjk_inner_spaces, join_wrapped_lines

_CN = "一二三四五六七八九十"
_SENTENCE_END = "。；;！!？?\n"


def _marker(k: int, text: str, pos: int) -> re.Match[str] | None:
    """Find goal number `k` at or after `pos`: '2.', '2、', '（2）', '二、', or '2 ' after a sentence end."""
    cn = _CN[k - 1] if k <= 10 else None
    alts = [rf"[(（]\s*{k}\s*[)）]", rf"{k}\s*[.．、](?!\d)", rf"{k}\s*[.．](?=\d{{4}}年)"]
    if cn:
        alts += [rf"[(（]{cn}[)）]", rf"{cn}、"]
    pattern = re.compile(rf"(?:(?<=^)|(?<=[{_SENTENCE_END}\s]))(?:{'|'.join(alts)})\s*")
    m = pattern.search(text, pos)
    if m is None and k > 1:
        # '2 在用计算机…' with no dot, but only right after a sentence end
        m = re.compile(rf"(?<=[{_SENTENCE_END}])\s*{k}\s+(?=[^\d\s])").search(text, pos)
    return m


def split_goals(cell_text: str) -> list[str]:
    """'1.目标一。2.目标二' -> ['目标一。', '目标二']; unnumbered text is one goal per paragraph."""
    lines = clean_lines(cell_text)
    if not lines:
        return []
    text = "\n".join(lines)
    first = _marker(1, text, 0)
    if first is None or text[: first.start()].strip():
        return [drop_cjk_inner_spaces(line) for line in lines]
    starts = [first]
    while (m := _marker(len(starts) + 1, text, starts[-1].end())) is not None:
        starts.append(m)
    goals = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        goal = drop_cjk_inner_spaces(join_wrapped_lines(text[m.end() : end].strip()))
        if goal:
            goals.append(goal)
    return goals
