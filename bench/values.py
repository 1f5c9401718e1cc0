"""Value accuracy per construction class, on generator seeds the parser was developed on and on
seeds drawn afresh for this run (bench/seeds.py; samples/generators/values.py)."""

from __future__ import annotations

from collections import Counter

from bench.seeds import describe, fresh
from normalizers.values import parse_value
from samples.generators.values import DEV_SEEDS, Case, cases

N_UNSEEN = 60


def _right(case: Case) -> bool:
    v = parse_value(case.raw, year=2023)
    got = (
        v.operator,
        v.number,
        v.number_max,
        v.unit,
        v.text is not None,
        v.deadline.isoformat() if v.deadline else None,
    )
    return got == (case.operator, case.number, case.number_max, case.unit, case.has_text, case.deadline)


def value_accuracy() -> dict:
    out: dict = {}
    for split, seeds in (("dev", DEV_SEEDS), ("unseen", fresh(N_UNSEEN))):
        total: Counter[str] = Counter()
        right: Counter[str] = Counter()
        for case in cases(seeds):
            total[case.cls] += 1
            right[case.cls] += _right(case)
        out[split] = {
            "seeds": describe(seeds, split == "unseen"),
            "cases": sum(total.values()),
            "right": sum(right.values()),
            "per_class": {k: {"cases": total[k], "right": right[k]} for k in sorted(total)},
        }
    return out


def render(result: dict) -> list[str]:
    dev, unseen = result["dev"], result["unseen"]
    lines = [
        f"| value class | dev seeds {dev['seeds']} | unseen seeds {unseen['seeds']} |",
        "|---|---|---|",
    ]
    for cls in unseen["per_class"]:
        d, u = dev["per_class"].get(cls, {"right": 0, "cases": 0}), unseen["per_class"][cls]
        lines.append(
            f"| {cls} | {d['right']}/{d['cases']} | {u['right']}/{u['cases']} ({u['right'] / u['cases']:.3f}) |"
        )
    lines.append(
        f"| all | {dev['right']}/{dev['cases']} | {unseen['right']}/{unseen['cases']} "
        f"({unseen['right'] / unseen['cases']:.3f}) |"
    )
    return lines
