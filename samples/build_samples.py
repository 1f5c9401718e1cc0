"""Rebuild the sample documents in samples/ from the seed-based builders.

    python samples/build_samples.py            # DOCX, and the PDF drawn like a system export
    python samples/build_samples.py --pdf      # also render each DOCX to PDF with LibreOffice (headless)
    python samples/build_samples.py --scan     # also make scans (image-only PDFs, a photo) of the PDFs

LibreOffice stamps a creation date into each PDF, so a --pdf rebuild changes the sha256
in the PDF golden JSON: review and regenerate them after rebuilding.

Golden JSON of DOCX and PDF samples is not touched here (scan goldens are their PDF's truth
and are rewritten with the scans); regenerate it explicitly with
`python -m pytest tests/test_golden.py --update-golden` after checking the output by hand.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samples.builders import hebei, hebei_drawn, shanghai, shijiazhuang, tianjin, yunnan, yunnan_web  # noqa: E402
from samples.builders.kit import save_reproducibly  # noqa: E402
from samples.builders.scans import build_all as build_scans  # noqa: E402
from samples.builders.scans import write_goldens as write_scan_goldens  # noqa: E402

DOCX = {
    "000_hebei_project": hebei,
    "001_shijiazhuang_self_evaluation": shijiazhuang,
    "002_shanghai_department": shanghai,
    "003_yunnan_department": yunnan,
    "004_tianjin_projects": tianjin,
}


DRAWN = {"005_hebei_system_export": hebei_drawn, "006_yunnan_web_lineless": yunnan_web}


def render_pdfs(docx_dir: Path, pdf_dir: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice is needed for --pdf: apt-get install libreoffice-writer-nogui fonts-noto-cjk")
    with tempfile.TemporaryDirectory() as tmp:
        docs = sorted(str(p) for p in docx_dir.glob("*.docx"))
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, *docs], check=True, capture_output=True
        )
        for pdf in sorted(Path(tmp).glob("*.pdf")):
            shutil.move(str(pdf), pdf_dir / pdf.name)
            print((pdf_dir / pdf.name).relative_to(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", action="store_true", help="also render the DOCX samples to PDF with LibreOffice")
    parser.add_argument("--scan", action="store_true", help="also make scans of the PDF samples")
    args = parser.parse_args()
    docx_dir, pdf_dir = ROOT / "samples" / "docx", ROOT / "samples" / "pdf"
    docx_dir.mkdir(parents=True, exist_ok=True)
    pdf_dir.mkdir(parents=True, exist_ok=True)
    for name, module in DOCX.items():
        path = docx_dir / f"{name}.docx"
        save_reproducibly(module.build(), path)
        print(path.relative_to(ROOT))
    for name, module in DRAWN.items():
        path = pdf_dir / f"{name}.pdf"
        module.build(path)
        print(path.relative_to(ROOT))
    if args.pdf:
        render_pdfs(docx_dir, pdf_dir)
    if args.scan:
        for path in build_scans(pdf_dir, ROOT / "samples" / "scan"):
            print(path.relative_to(ROOT))
    if args.scan or args.pdf:
        write_scan_goldens(pdf_dir, ROOT / "samples" / "scan")
    return 0


if __name__ == "__main__":
    sys.exit(main())
