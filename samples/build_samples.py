"""Rebuild the sample documents in samples/ from the seed-based builders.

    python samples/build_samples.py            # DOCX only
    python samples/build_samples.py --pdf      # also PDFs via LibreOffice (headless)

Golden JSON is not touched here; regenerate it explicitly with
`python -m pytest tests/test_golden.py --update-golden` after checking the output by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samples.builders import hebei, shanghai, shijiazhuang, tianjin, yunnan  # noqa: E402
from samples.builders.kit import save_reproducibly  # noqa: E402

DOCX = {
    "000_hebei_project": hebei,
    "001_shijiazhuang_self_evaluation": shijiazhuang,
    "002_shanghai_department": shanghai,
    "003_yunnan_department": yunnan,
    "004_tianjin_projects": tianjin,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    out = ROOT / "samples" / "docx"
    out.mkdir(parents=True, exist_ok=True)
    for name, module in DOCX.items():
        path = out / f"{name}.docx"
        save_reproducibly(module.build(), path)
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
