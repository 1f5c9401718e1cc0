"""Read options: the limits on what one input may cost, enforced before the work is done.

Every limit has a safe default and a command-line option to raise it for a file the user
trusts. A limit that stops a document is a one-line error naming the option; a limit that
stops one page or sheet is an error issue for it while the rest converts.
"""

from __future__ import annotations

import resource
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from extract.errors import InputTooLarge

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What a reader may spend on one input. Built once at the edge (the command line, a library
    caller) and passed to every reader explicitly: no process-wide setting."""

    max_file_mb: int = 512  # the input file itself
    max_unpacked_mb: int = 500  # all parts of a ZIP package (DOCX, XLSX, ODS) uncompressed
    max_part_mb: int = 200  # one part (document.xml, a sheet) uncompressed
    max_ratio: int = 200  # uncompressed / compressed for one part: a zip bomb's signature
    max_pages: int = 2000  # pages of a PDF, frames of an image
    max_image_megapixels: int = 200  # one image page (Pillow's decompression-bomb check)
    max_render_megapixels: int = 20  # a page rendered or an image read for OCR (extract/ocr/raster.py)
    max_page_content_mb: int = 8  # a PDF page's drawing, forms counted each time drawn (extract/pdf/graph.py)
    max_grid_columns: int = 1000  # a table row's gridSpan/gridBefore are clamped to this
    max_memory_mb: int = 6144  # address space of one conversion (its own process)
    # Bundles (.zip, .7z) opened in a batch; each member is also held to max_file_mb and max_ratio.
    max_members: int = 10000  # members of one bundle (a directory of millions is an attack, not a bundle)
    max_bundle_mb: int = 4096  # all members of one bundle inflated, nested bundles' included
    max_nesting: int = 3  # a bundle in a bundle in a bundle; a fourth level is refused
    # The OCR threshold below which a reading is noted (extract/ocr/doubt.py); None: the QA
    # configuration's `[ocr] min_confidence` (budget_perf/qa/config.toml), the one place it is set.
    min_confidence: float | None = None

    def with_options(self, **values: float | None) -> ReadOptions:
        return replace(self, **{k: v for k, v in values.items() if v is not None})


DEFAULT = ReadOptions()


def effective_mb(megabytes: int) -> int:
    """The ceiling a conversion really has: max_memory_mb, or less if this process was started
    under a lower hard limit (ulimit -v, a container), which no setrlimit can exceed."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    return megabytes if hard == resource.RLIM_INFINITY else min(megabytes, hard // MB)


def check_package(path: Path, zf: zipfile.ZipFile, limits: ReadOptions) -> None:
    """Refuse a ZIP package that would inflate beyond the limits, from its directory alone."""
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.file_size > limits.max_part_mb * MB:
            raise InputTooLarge(
                f"{path}: part {info.filename} is {info.file_size // MB} MB uncompressed, over the "
                f"{limits.max_part_mb} MB limit; raise --max-unpacked if you trust this file"
            )
        if info.compress_size and info.file_size > MB and info.file_size / info.compress_size > limits.max_ratio:
            raise InputTooLarge(
                f"{path}: part {info.filename} inflates {info.file_size // max(info.compress_size, 1)}-fold "
                f"({info.file_size // MB} MB): a ZIP bomb, not a document"
            )
    if total > limits.max_unpacked_mb * MB:
        raise InputTooLarge(
            f"{path}: exceeds {limits.max_unpacked_mb} MB uncompressed ({total // MB} MB); "
            "raise --max-unpacked if you trust it"
        )
