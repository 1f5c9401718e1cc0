"""Synthetic documents for scaling runs: the sample layouts with other projects' numbers."""

from __future__ import annotations

import random
import re
from pathlib import Path

from samples.builders import hebei, hebei_drawn, tianjin
from samples.builders.kit import save_reproducibly


def _vary(text: str, rng: random.Random) -> str:
    return re.sub(r"\d+(?:\.\d+)?", lambda m: str(rng.randint(1, 400)), text) if "年" not in text else text


def generate(n: int, out: Path, seed: int = 7) -> list[Path]:
    """`n` documents in `out`, alternating a Tianjin-layout DOCX and a Hebei system-export PDF."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    original_projects, original_rows = tianjin.PROJECTS, hebei.OUTPUT_ROWS
    try:
        for i in range(n):
            if i % 2 == 0:
                picked = rng.sample(original_projects, 2)
                tianjin.PROJECTS = [
                    (
                        title,
                        unit,
                        f"{name}{i}",
                        budget,
                        use,
                        goals,
                        [(*r[:4], _vary(r[4], rng)) if isinstance(r[4], str) else r for r in rows],
                    )
                    for title, unit, name, budget, use, goals, rows in picked
                ]
                path = out / f"gen_{i:05d}.docx"
                if not path.exists():
                    save_reproducibly(tianjin.build(), path)
            else:
                hebei.OUTPUT_ROWS = [(*r[:3], _vary(r[3], rng), r[4]) for r in original_rows]
                path = out / f"gen_{i:05d}.pdf"
                if not path.exists():
                    hebei_drawn.build(path)
            paths.append(path)
    finally:
        tianjin.PROJECTS, hebei.OUTPUT_ROWS = original_projects, original_rows
    return paths
