"""Seed 003's indicator table as the web system prints it: no vertical rules, only lines between
rows, 一级/二级 labels on rows of their own, long wrapped explanations (see drawn.py)."""

from __future__ import annotations

from pathlib import Path

from samples.builders import yunnan
from samples.builders.drawn import Spec, draw_pdf
from samples.builders.yunnan import HEADER


def build(path: Path, rules: str = "horizontal") -> None:
    """The sample; `rules` "none" draws the same table with no rules at all (drawn.Spec)."""
    blank = ("", 1, 1)
    body = []
    for level1, level2, items in yunnan.GROUPS:
        if level1:
            body.append([(level1, 1, 1)] + [blank] * 9)
        body.append([blank, (level2, 1, 1)] + [blank] * 8)
        for item in items:
            body.append([blank, blank] + [(t.replace("\n", ""), 1, 1) for t in item])
    spec = Spec(
        widths=[58, 58, 78, 40, 36, 40, 40, 72, 150, 150],
        header=[[(h, 1, 1) for h in HEADER]],
        body=body,
        rules=rules,
        landscape=True,
    )
    draw_pdf(path, "三、部门整体支出绩效指标", [("部门名称：绥江县红十字会", "金额单位：元")], spec)
