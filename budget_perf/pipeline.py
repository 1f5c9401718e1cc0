"""The library entry point: a file in, a validated `Document` out."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

from budget_perf.assemble import build_tables
from budget_perf.errors import as_extraction_error, display, one_line
from extract.model import RawDocument, Table
from extract.options import DEFAULT, ReadOptions
from extract.registry import reader_for, sniff_format
from schemas import Document, Issue, Source


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def convert(path: str | Path, options: ReadOptions = DEFAULT, shown: str | None = None) -> Document:
    """Read every indicator table in `path`, within `options`' limits. Raises `ExtractionError` if
    the file cannot be read. `shown`: what the document calls its source, if not `path` (a bundle's
    member read from a temporary file, a name that is not valid UTF-8)."""
    return convert_with_raw(path, options, shown)[0]


def convert_with_raw(
    path: str | Path, options: ReadOptions = DEFAULT, shown: str | None = None
) -> tuple[Document, RawDocument]:
    """The Document and the reader's table model it came from (cells with their boxes), for review tools."""
    path = Path(path)
    try:
        fmt = sniff_format(path, options)
    except Exception as e:  # permissions, a file that vanished: one line naming the cause
        raise as_extraction_error(e, path) from e
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # a library's warning becomes an issue, never a line on stderr
        # Not a ResourceWarning (ignored by Python's own defaults): the garbage collector issues it
        # for whatever object it happens to free while the reader runs, as often one of the
        # caller's (a database connection left open) as the reader's, so the document's issues
        # would depend on when the collector ran.
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            raw = reader_for(fmt)(path, options)
        except Exception as e:  # a reader bug or a library choking on a malformed file
            raise as_extraction_error(e, path, fmt) from e
    tables, issues = build_tables(raw, options.min_confidence)
    read_issues = list(raw.issues)
    for text in dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught):
        read_issues.append(Issue(severity="info", code="library_warning", message=one_line(text)[:300]))
    if not tables:
        # A scan with ruled tables and none of them read is a loss a reviewer must see.
        lost = raw.ocr and any(isinstance(b, Table) for b in raw.blocks)
        read_issues.append(
            Issue(
                severity="warning" if lost else "info",
                code="no_indicator_table",
                message="no performance indicator table found in this document"
                + ("; the scan has ruled tables that could not be read as one" if lost else ""),
            )
        )
    doc = Document(
        source=Source(path=shown or display(path), sha256=sha256_of(path), format=fmt, pages=raw.pages, ocr=raw.ocr),
        tables=tables,
        issues=read_issues + issues,
    )
    # Validate the whole tree once more: model_copy() in the assemblers skips validation.
    return Document.model_validate_json(doc.model_dump_json()), raw
