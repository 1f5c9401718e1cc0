"""A QA run over some paths, as `qa PATHS...` does it: choose the inputs, read them, check each,
give its verdict, and write the review report.

    session = Session(html_dir=Path("report"))           # html_dir: optional, must exist
    for result in check_paths(["report.docx", "out/"]):   # Checked or Unreadable, in input order
        session.add(result)                                 # the tally (and the HTML page)
    write_report(session)                                   # the index page
    sys.exit(session.exit_code)

A batch OUTDIR among the paths gives its converted documents (read again from their JSON, with the
batch's review applied: corrected values, dismissed findings left out); anything else is read
from the input, in worker processes under the memory ceiling and the timeout. Results come in the
order of the inputs.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from budget_perf.batch import manifest, pool
from budget_perf.corrections.apply import Key
from budget_perf.errors import ExtractionError, one_line
from budget_perf.qa.config import ocr_min_confidence
from budget_perf.qa.run import check, chosen_rules, verdict_of
from extract.model import RawDocument
from extract.options import DEFAULT, ReadOptions
from schemas import Document, Issue

Converted = Callable[[], tuple[Document, set[Key]]]  # a batch's output: the document and its dismissed findings
VERDICTS = ("pass", "findings", "not_checked")


class Input(NamedTuple):
    """One document to check: an input file (`converted` None), or a batch's converted output."""

    path: Path
    converted: Converted | None = None


@dataclass(frozen=True)
class Checked:
    """A document checked: its verdict, the rules' findings and the extraction's issues shown
    beside them. `raw` (the reader's cells) is there when the document was read from its input."""

    path: Path
    doc: Document
    raw: RawDocument | None
    verdict: str  # pass, findings, not_checked
    findings: list[Issue]
    extraction: list[Issue]

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    def as_json(self) -> dict[str, Any]:
        """What `qa --json` prints for the document (one line)."""
        return {
            "path": str(self.path),
            "verdict": self.verdict,
            "findings": [f.model_dump(mode="json") for f in self.findings],
            "extraction_issues": [i.model_dump(mode="json") for i in self.extraction],
        }

    def text_lines(self) -> list[str]:
        """What `qa` prints for the document: a line per finding, then the verdict."""
        out = []
        for source, items in (("", self.findings), ("extract ", self.extraction)):
            for f in items:
                where = "".join(f" {k}{v}" for k, v in (("p", f.page), ("t", f.table), ("r", f.row)) if v is not None)
                out.append(f"{one_line(self.path)}: {source}{f.severity} {f.code}{where}: {one_line(f.message)}")
        return [*out, f"{one_line(self.path)}: verdict {self.verdict}"]


@dataclass(frozen=True)
class Unreadable:
    """A document that could not be read, and the one-line reason."""

    path: Path
    reason: str


class Read(manifest.Entry, total=False):
    """A QA worker's result: the pool's entry (`ok`, or `failed` with its `error`) with the
    Document and the reader's cells when it was read."""

    doc: Document
    raw: RawDocument


def inputs(paths: list[str]) -> list[Input]:
    """The documents `paths` name: a batch OUTDIR's converted documents (sorted by input path),
    and the files the other paths name or hold (directories walked, globs expanded)."""
    from budget_perf.batch.inputs import expand
    from budget_perf.corrections.apply import Reviews

    out: list[Input] = []
    plain: list[str] = []
    for arg in paths:
        path = Path(arg)
        if path.is_dir() and (path / manifest.NAME).exists():
            reviews = Reviews.of_batch(path)
            for entry in sorted(manifest.done(path).values(), key=lambda e: e["path"]):
                out.append(Input(Path(entry["path"]), partial(_reviewed, path / entry["output"], reviews)))
        else:
            plain.append(arg)
    return out + ([Input(p) for p in expand(plain)] if plain else [])


def _reviewed(output: Path, reviews: Any) -> tuple[Document, set[Key]]:
    """A converted document with its review applied, and the findings a reviewer dismissed."""
    from budget_perf.corrections.apply import plain

    review = reviews.review(json.loads(output.read_text(encoding="utf-8")))
    return plain(review.doc), review.dismissed()


def _read_task(task: pool.Task, _outdir: Path, options: ReadOptions) -> Read:
    """In a worker: read one document for QA (the Document and the reader's cells)."""
    from budget_perf.pipeline import convert_with_raw

    path = task.path
    try:
        doc, raw = convert_with_raw(path, options)
    except ExtractionError as e:
        return {"path": str(path), "status": "failed", "error": one_line(e)}
    except MemoryError:
        return {"path": str(path), "status": "failed", "error": f"{path}: ran out of memory; raise --max-memory"}
    return {"path": str(path), "status": "ok", "doc": doc, "raw": raw}


def read_all(
    paths: list[Path], workers: int, timeout: float, options: ReadOptions, progress: bool
) -> dict[str, tuple[Document, RawDocument] | str]:
    """path -> (Document, RawDocument) or the one-line reason it could not be read; read in the
    batch's worker processes (each under the memory ceiling and the timeout), with progress."""
    from budget_perf.batch.runner import progress_bar

    out: dict[str, tuple[Document, RawDocument] | str] = {}
    bar = progress_bar(len(paths), progress)
    try:
        tasks = [pool.Task(p, "", str(p)) for p in paths]
        entry: Read
        for entry in pool.run(tasks, Path("."), _read_task, workers, timeout, options):  # type: ignore[assignment]
            if entry["status"] == "ok":
                out[entry["path"]] = (entry["doc"], entry["raw"])
            else:
                error = entry["error"]
                out[entry["path"]] = error if entry["path"] in error else f"{entry['path']}: {error}"
            bar.update(1)
    finally:
        bar.close()
    return out


def check_paths(
    paths: list[str],
    rules: list[str] | None = None,
    config: dict | None = None,
    *,
    workers: int = 1,
    timeout: float = 300.0,
    options: ReadOptions = DEFAULT,
    progress: bool = False,
) -> Iterator[Checked | Unreadable]:
    """Each document `paths` name (files, directories, globs, batch OUTDIRs), checked, in input
    order. Raises `ValueError` for an unknown rule name before anything is read."""
    return check_inputs(inputs(paths), rules, config, workers=workers, timeout=timeout, options=options,
                        progress=progress)  # fmt: skip


def check_inputs(
    chosen: list[Input],
    rules: list[str] | None = None,
    config: dict | None = None,
    *,
    workers: int = 1,
    timeout: float = 300.0,
    options: ReadOptions = DEFAULT,
    progress: bool = False,
) -> Iterator[Checked | Unreadable]:
    """`check_paths` over inputs already chosen (`inputs`). The configuration's OCR threshold is
    the one a scan is read with, unless `options` set one."""
    chosen_rules(rules)  # an unknown name stops the run before anything is read
    if config is not None and options.min_confidence is None:
        options = options.with_options(min_confidence=ocr_min_confidence(config))
    return _checked(chosen, rules, config, read_all([i.path for i in chosen if i.converted is None], workers,
                                                    timeout, options, progress))  # fmt: skip


def _checked(
    chosen: list[Input],
    rules: list[str] | None,
    config: dict | None,
    read: dict[str, tuple[Document, RawDocument] | str],
) -> Iterator[Checked | Unreadable]:
    for path, converted in chosen:
        dismissed: set[Key] = set()
        try:
            if converted is not None:
                (doc, dismissed), raw = converted(), None
            else:
                outcome = read[str(path)]
                if isinstance(outcome, str):
                    raise ExtractionError(outcome)
                doc, raw = outcome
            findings, extraction = check(doc, rules, config, dismissed)
        except ExtractionError as e:
            yield Unreadable(path, one_line(e))
            continue
        yield Checked(path, doc, raw, verdict_of(doc, findings, extraction), findings, extraction)


@dataclass
class Session:
    """The tally of a QA run, and its report: with `html_dir`, each document's review page is
    written as it is added, and `write_report` writes the index."""

    html_dir: Path | None = None
    verdicts: Counter[str] = field(default_factory=Counter)
    errors: int = 0  # error-severity findings
    unreadable: list[Unreadable] = field(default_factory=list)
    pages: list[tuple[str, str, list[Issue], str]] = field(default_factory=list)  # the index's rows
    seen: int = 0

    def add(self, result: Checked | Unreadable) -> None:
        self.seen += 1
        if isinstance(result, Unreadable):
            self.unreadable.append(result)
            return
        self.verdicts[result.verdict] += 1
        self.errors += result.errors
        if self.html_dir is not None:
            from budget_perf.qa.report import document_page

            name = f"{self.seen:04d}-{result.path.stem}.html"
            issues = [*result.findings, *result.extraction]
            page = document_page(result.doc, result.raw, issues, result.verdict)
            (self.html_dir / name).write_text(page, encoding="utf-8")
            self.pages.append((result.path.name, name, issues, result.verdict))

    @property
    def exit_code(self) -> int:
        """2 if a document could not be read; 1 if there are error findings or a document had
        nothing to check; else 0."""
        if self.unreadable:
            return 2
        return 1 if self.errors or self.verdicts["not_checked"] else 0

    def summary(self) -> str:
        counts = ", ".join(f"{self.verdicts[v]} {v}" for v in VERDICTS)
        return (
            f"{sum(self.verdicts.values())} read: {counts}; {self.errors} error findings; "
            f"{len(self.unreadable)} unreadable"
        )


def write_report(session: Session) -> Path | None:
    """The report's index (every document's verdict, the unreadable ones listed), beside the pages."""
    if session.html_dir is None:
        return None
    from budget_perf.qa.report import index_page

    unreadable = [(u.path.name, u.reason) for u in session.unreadable]
    index = session.html_dir / "index.html"
    index.write_text(index_page(session.pages, unreadable), encoding="utf-8")
    return index
