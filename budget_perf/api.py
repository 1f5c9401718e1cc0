"""The Python API: what the command line does, for your own code.

    >>> from budget_perf import check, convert, load
    >>> doc = convert("samples/docx/000_hebei_project.docx")
    >>> doc.source.format, len(doc.tables)
    ('docx', 3)

`convert` reads one document into a validated `schemas.Document` (the JSON that `extract FILE`
prints); `check` runs the QA rules over a document and gives its verdict; `load` puts a batch's
output (`extract PATHS -o OUTDIR`) into SQLite or PostgreSQL. Each raises the project's errors:
`budget_perf.errors.ExtractionError` (one line, naming the file and what to do) for an input that
cannot be read, `ValueError` for an unknown rule or database URL.

Unlike the command line, these run in the calling process: no memory ceiling or timeout of their
own (the batch, `extract PATHS -o OUTDIR`, runs each file in a worker under both).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budget_perf.db.load import LoadStats
    from budget_perf.qa.session import Checked
    from extract.options import ReadOptions
    from schemas import Document

__all__ = ["check", "convert", "load"]


def convert(path: str | Path, options: ReadOptions | None = None, **limits: int) -> Document:
    """Every indicator table in the file at `path`, as a validated `Document`.

    `options` (an `extract.options.ReadOptions`) or keyword limits (`max_pages=50`,
    `max_file_mb=100`, any field of ReadOptions) bound what the file may cost; the defaults are the
    command line's. A file without an indicator table is still a Document, with an info issue
    `no_indicator_table`.

    >>> doc = convert("samples/docx/000_hebei_project.docx", max_pages=100)
    >>> row = doc.tables[0].indicators[0]
    >>> row.level1, row.level2, row.value.number, row.value.unit
    ('产出指标', '数量指标', 30.0, '人')
    >>> print(doc.model_dump_json()[:20])
    {"schema_version":"1
    """
    from budget_perf.pipeline import convert as convert_file
    from extract.options import DEFAULT

    return convert_file(path, (options or DEFAULT).with_options(**limits))


def check(document: Document | str | Path, rules: list[str] | None = None, config: dict | None = None) -> Checked:
    """The QA rules over a document (a `Document`, or a file to convert first): its `verdict`
    (`pass`, `findings`, or `not_checked` when it has no indicator row), the rules' `findings` and
    the extraction's warnings and errors shown beside them (`extraction`), as `qa` reports them.

    `rules`: the rules to run (default all, `budget_perf.qa.RULE_NAMES`); `config`: the QA
    configuration (default `budget_perf/qa/config.toml`; `budget_perf.qa.config.load(path)` merges
    a file of your own over it).

    >>> result = check("samples/qa/budget_sum.docx")
    >>> result.verdict, [f.code for f in result.findings if f.severity == "error"]
    ('findings', ['qa_budget_sum_mismatch'])
    >>> check(convert("samples/docx/000_hebei_project.docx"), rules=["budget"]).verdict
    'pass'
    """
    from budget_perf.qa.run import check as run_checks
    from budget_perf.qa.run import chosen_rules, verdict_of
    from budget_perf.qa.session import Checked

    chosen_rules(rules)  # an unknown name is a ValueError before the file is read
    raw = None
    if isinstance(document, str | Path):
        from budget_perf.pipeline import convert_with_raw

        path = Path(document)
        document, raw = convert_with_raw(path)
    else:
        path = Path(document.source.path)
    findings, extraction = run_checks(document, rules, config)
    return Checked(path, document, raw, verdict_of(document, findings, extraction), findings, extraction)


def load(outdir: str | Path, db: str | None = None, qa: bool = True, qa_config: dict | None = None) -> LoadStats:
    """A batch's current documents (OUTDIR of `extract PATHS -o OUTDIR`) into a database, with the
    QA findings unless `qa=False`; reloading updates rows in place. Returns the counts loaded.

    `db`: `sqlite:///FILE`, a plain file name (SQLite), or `postgresql://user:pw@host/db`
    (default: `$BUDGET_PERF_DB`, else `sqlite:///results.db`). A database error is SQLAlchemy's.

    >>> import tempfile
    >>> from budget_perf.batch.runner import run_batch
    >>> out = Path(tempfile.mkdtemp())
    >>> run_batch(["samples/docx/000_hebei_project.docx"], out, workers=1, timeout=300, progress=False).converted
    1
    >>> stats = load(out, out / "results.db")
    >>> stats.documents, stats.indicators
    (1, 18)
    """
    from budget_perf.db import url as db_url
    from budget_perf.db.load import load as load_batch

    outdir = Path(outdir)
    if not (outdir / "manifest.jsonl").exists():
        raise ValueError(f"{outdir} has no manifest.jsonl; convert into it first (extract ... -o {outdir})")
    return load_batch(outdir, db_url.resolve(None if db is None else str(db)), qa_config=qa_config, qa=qa)
