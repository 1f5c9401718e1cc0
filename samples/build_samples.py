"""Rebuild the sample documents in samples/ from the seed-based builders.

    python samples/build_samples.py            # DOCX, and the PDF drawn like a system export
    python samples/build_samples.py --pdf      # also render each DOCX to PDF with LibreOffice (headless)
    python samples/build_samples.py --scan     # also make scans (image-only PDFs, a photo) of the PDFs
    python samples/build_samples.py --derived-scans  # only a page fed sideways, a photo at an angle and
                                                     # thin broken rules, made from the committed scans
                                                     # (no fonts needed)
    python samples/build_samples.py --generated-scans  # only the scan simulator's forms kept as
                                                       # regression samples (dev dependencies)
    python samples/build_samples.py --office   # spreadsheet traits (.xlsx/.xls/.ods) and .doc/.wps/.odt/.rtf
    python samples/build_samples.py --html     # only the generated forms kept as web pages (samples/html)

LibreOffice stamps a creation date into each PDF, so a --pdf rebuild changes the sha256
in the PDF golden JSON: review and regenerate them after rebuilding.

Golden JSON of DOCX and PDF samples is not touched here (scan goldens are their PDF's truth
and are rewritten with the scans); regenerate it explicitly with
`python -m pytest tests/test_golden.py --update-golden` after checking the output by hand.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samples.builders import (  # noqa: E402
    faulty,
    hebei,
    hebei_drawn,
    prose,
    shanghai,
    shijiazhuang,
    tianjin,
    yunnan,
    yunnan_web,
)
from samples.builders.kit import save_reproducibly  # noqa: E402
from samples.builders.scans import build_all as build_scans  # noqa: E402
from samples.builders.scans import derive_all as derive_scans  # noqa: E402
from samples.builders.scans import generate_all as generate_scans  # noqa: E402
from samples.builders.scans import write_derived_goldens as write_derived_scan_goldens  # noqa: E402
from samples.builders.scans import write_goldens as write_scan_goldens  # noqa: E402

DOCX = {
    "000_hebei_project": hebei,
    "001_shijiazhuang_self_evaluation": shijiazhuang,
    "002_shanghai_department": shanghai,
    "003_yunnan_department": yunnan,
    "004_tianjin_projects": tianjin,
    "007_hebei_two_projects": hebei.build_two_projects,
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
            if pdf_dir.is_relative_to(ROOT):
                print((pdf_dir / pdf.name).relative_to(ROOT))


def build_ocr_fault(qa_dir: Path) -> None:
    """A scan whose one target cell is smudged: QA must flag it as read with low confidence."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "ocr_smudge.docx"
        save_reproducibly(
            faulty.build(
                faulty.CLEAN_ROWS, ("50.00", "50.00", ""), "1.应急救护培训项目（2024年）绩效目标表（ocr_smudge）"
            ),
            base,
        )
        render_pdfs(Path(tmp), Path(tmp))
        faulty.smudged_scan(Path(tmp) / "ocr_smudge.pdf", qa_dir / "ocr_low_confidence.pdf", "≥2次")
    (qa_dir / "ocr_low_confidence.expected.json").write_text(json.dumps({"must_find": ["ocr_low_confidence"]}) + "\n")
    print((qa_dir / "ocr_low_confidence.pdf").relative_to(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", action="store_true", help="also render the DOCX samples to PDF with LibreOffice")
    parser.add_argument("--scan", action="store_true", help="also make scans of the PDF samples")
    parser.add_argument(
        "--derived-scans",
        action="store_true",
        help="only remake the scans derived from the committed scans (a page fed sideways, a photo at an angle, "
        "thin broken rules)",
    )
    parser.add_argument(
        "--generated-scans",
        action="store_true",
        help="only remake the scan simulator's forms kept as regression samples (samples/builders/scans.py GENERATED)",
    )
    parser.add_argument("--office", action="store_true", help="also build the spreadsheet and legacy-office samples")
    parser.add_argument("--html", action="store_true", help="only remake the web-page samples (samples/html)")
    args = parser.parse_args()
    if args.html:
        from samples.generators.html import SAMPLES, write

        for seed, style, encoding, mhtml in SAMPLES:
            print(write(seed, ROOT / "samples" / "html", style, encoding, mhtml).relative_to(ROOT))
        return 0
    if args.generated_scans:
        for path in generate_scans(ROOT / "samples" / "scan"):
            print(path.relative_to(ROOT))
        return 0
    if args.derived_scans:
        for path in derive_scans(ROOT / "samples" / "scan"):
            print(path.relative_to(ROOT))
        write_derived_scan_goldens(ROOT / "samples" / "scan")
        return 0
    docx_dir, pdf_dir = ROOT / "samples" / "docx", ROOT / "samples" / "pdf"
    docx_dir.mkdir(parents=True, exist_ok=True)
    pdf_dir.mkdir(parents=True, exist_ok=True)
    for name, builder in DOCX.items():
        path = docx_dir / f"{name}.docx"
        save_reproducibly((builder.build if hasattr(builder, "build") else builder)(), path)
        print(path.relative_to(ROOT))
    for name, module in DRAWN.items():
        path = pdf_dir / f"{name}.pdf"
        module.build(path)
        print(path.relative_to(ROOT))
    prose_dir = ROOT / "samples" / "prose"
    prose_dir.mkdir(exist_ok=True)
    for name, texts in prose.DOCX.items():
        save_reproducibly(prose.build(texts), prose_dir / f"{name}.docx")
        print((prose_dir / f"{name}.docx").relative_to(ROOT))
    prose.write_pdf(prose.LUQUAN, prose_dir / "008_luquan_report.pdf")
    print((prose_dir / "008_luquan_report.pdf").relative_to(ROOT))
    qa_dir = ROOT / "samples" / "qa"
    qa_dir.mkdir(exist_ok=True)
    for name, (rows, budget, codes) in faulty.FAULTS.items():
        path = qa_dir / f"{name}.docx"
        save_reproducibly(faulty.build(rows, budget, f"1.应急救护培训项目（2024年）绩效目标表（{name}）"), path)
        (qa_dir / f"{name}.expected.json").write_text(json.dumps({"must_find": codes}, indent=2) + "\n")
        print(path.relative_to(ROOT))
    if args.pdf:
        render_pdfs(docx_dir, pdf_dir)
        build_ocr_fault(qa_dir)
    if args.scan:
        for path in build_scans(pdf_dir, ROOT / "samples" / "scan"):
            print(path.relative_to(ROOT))
    if args.scan:
        for path in derive_scans(ROOT / "samples" / "scan"):
            print(path.relative_to(ROOT))
    if args.scan or args.pdf:
        write_scan_goldens(pdf_dir, ROOT / "samples" / "scan")
    if args.office:
        from samples.builders.spreadsheets import build_all as build_office

        for path in build_office(ROOT):
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
