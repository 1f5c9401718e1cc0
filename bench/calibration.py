"""Calibration of OCR confidence: among the rows a scan reads at a confidence of at least a floor,
how many are right (the truth has a row with the same key). A row's confidence is its weakest
cell's (extract/ocr/doubt.py), so a row over the floor is a row every cell of which is over it.

    python -m bench.calibration [--floor 0.95] [SCAN ...]   (default: samples/scan with goldens)
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.metrics import scan_row_key

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Calibration:
    right: int = 0
    total: int = 0  # rows read at or over the floor
    wrong: list[tuple[str, ...]] | None = None

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


def confident_rows_right(truth: dict, got: dict, floor: float = 0.95) -> Calibration:
    """Rows of `got` read at confidence ≥ `floor`, and how many of them are rows of `truth`
    (by `scan_row_key`; each truth row counts once)."""
    left = Counter(scan_row_key(i) for t in truth["tables"] for i in t["indicators"])
    out = Calibration(wrong=[])
    for table in got["tables"]:
        for ind in table["indicators"]:
            if ind.get("confidence") is None or ind["confidence"] < floor:
                continue
            out.total += 1
            key = scan_row_key(ind)
            if left[key] > 0:
                left[key] -= 1
                out.right += 1
            else:
                out.wrong.append(key)
    return out


def scans_with_goldens() -> list[Path]:
    folder = ROOT / "samples" / "scan"
    return sorted(p for p in folder.iterdir() if p.suffix in (".pdf", ".png") and _golden(p).exists())


def _golden(scan: Path) -> Path:
    return scan.with_name(scan.stem + ".golden.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floor", type=float, default=0.95)
    parser.add_argument("scans", nargs="*", type=Path)
    args = parser.parse_args()
    from budget_perf.pipeline import convert

    total = Calibration(wrong=[])
    for scan in args.scans or scans_with_goldens():
        truth = json.loads(_golden(scan).read_text(encoding="utf-8"))
        got = json.loads(convert(scan).model_dump_json())
        c = confident_rows_right(truth, got, args.floor)
        total.right, total.total = total.right + c.right, total.total + c.total
        total.wrong += [(scan.name, *k) for k in c.wrong or []]
        print(f"{scan.name}: {c.right}/{c.total} right at ≥{args.floor:g}", flush=True)
    print(f"all: {total.right}/{total.total} = {total.share:.4f} right at ≥{args.floor:g}")
    for key in total.wrong or []:
        print("  wrong:", " | ".join(key))


if __name__ == "__main__":
    main()
