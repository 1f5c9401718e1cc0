"""Command line over the library.

    python cli.py extract FILE                      one JSON Document on stdout
    python cli.py extract PATHS... -o OUTDIR        batch: one JSON per input + manifest.jsonl
    python cli.py load OUTDIR --db URL              into SQLite or PostgreSQL
    python cli.py qa PATHS... [--html OUTDIR]       QA rules and a visual review report
    python cli.py review OUTDIR                     the review app: correct, approve, reject (127.0.0.1)
    python cli.py review OUTDIR --export csv        the flat files again, with the reviewers' corrections
    python cli.py schema                            JSON Schema of the output

Exit codes: 0 success; 1 an input could not be converted (or, in a batch, some could not);
2 usage error; 3 OUTDIR is in use by another batch. `qa`: 0 no error-severity finding, 1 error
findings, 2 usage or unreadable input.
Every error is one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections import Counter
from pathlib import Path

from budget_perf import __version__
from budget_perf.batch import FLAT_FORMATS, XLSX_HEADERS
from budget_perf.errors import ExtractionError, display, one_line
from budget_perf.qa import RULE_NAMES

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3


class UsageError(Exception):
    """A mistake in the command line; the message says how to put it right."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a mistake in one line (its own error prints the whole usage first)."""

    def error(self, message: str):  # type: ignore[override]
        print(f"error: {message} (see `{self.prog} --help`)", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, got {text}")
    return value


def _output_dir(value: str, option: str) -> Path:
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {value}: is an existing file; give a directory (it is created if missing)")
    return path


def _version() -> str:
    from schemas import SCHEMA_VERSION

    return f"budget-perf {__version__} (schema {SCHEMA_VERSION})"


def _cmd_schema(args: argparse.Namespace) -> int:
    if args.flat:
        from schemas.flat import describe

        print(json.dumps(describe(), ensure_ascii=False, indent=2))
        return EXIT_OK
    from schemas import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def _cmd_extract(args: argparse.Namespace) -> int:
    if args.output is None:
        if args.format:
            raise UsageError("--format writes OUTDIR/indicators.FORMAT: it needs -o OUTDIR")
        if args.xlsx_headers:
            raise UsageError("--xlsx-headers is for OUTDIR/indicators.xlsx: it needs -o OUTDIR --format xlsx")
        if len(args.paths) != 1 or Path(args.paths[0]).is_dir():
            raise UsageError("several inputs or a directory need -o OUTDIR")
        return _extract_one(Path(args.paths[0]), args)
    from budget_perf.batch.cluster import scheduler_address as cluster_address
    from budget_perf.batch.outdir import OutdirBusy
    from budget_perf.batch.runner import describe, run_batch

    try:
        summary = run_batch(
            args.paths,
            _output_dir(args.output, "-o"),
            workers=args.workers,
            timeout=args.timeout,
            formats=tuple(args.format or ()),
            force=args.force,
            progress=not args.quiet,
            scheduler=cluster_address(args.scheduler),
            headers=args.xlsx_headers or XLSX_HEADERS[0],
            options=args.options,
        )
    except OutdirBusy as e:
        print(f"error: {one_line(e)}", file=sys.stderr)
        return EXIT_BUSY
    if summary.found_nothing:
        print("error: no input files found", file=sys.stderr)
        return EXIT_USAGE
    for entry in summary.failed:
        message = entry["error"] if entry["path"] in entry["error"] else f"{entry['path']}: {entry['error']}"
        print(f"{entry['status']}: {one_line(message)}", file=sys.stderr)
    if not args.quiet:
        flat = "".join(f"; {f}" for f in summary.flat_files)
        print(f"{describe(summary)} -> {args.output}{flat}", file=sys.stderr)
        _say_lost(Path(args.output))
    return summary.exit_code


def _say_lost(outdir: Path) -> int:
    """The reviewers' corrections in OUTDIR: how many apply, one line for each that no longer does
    (its cell is gone or reads something else since the inputs were converted again)."""
    from budget_perf.corrections import NAME

    if not (outdir / NAME).exists():
        return 0
    from budget_perf.review.batch import lost_corrections

    applied, lost = lost_corrections(outdir)
    print(f"review: {applied} corrections apply, {len(lost)} no longer apply", file=sys.stderr)
    for line in lost:
        print(f"review: {one_line(line)}", file=sys.stderr)
    return applied


def _read_options(args: argparse.Namespace):
    """The read options, built once from the command line and passed to every conversion."""
    from extract.options import DEFAULT

    unpacked = getattr(args, "max_unpacked", None)
    return DEFAULT.with_options(
        max_memory_mb=args.max_memory,
        max_unpacked_mb=unpacked,
        max_part_mb=unpacked,
        max_pages=args.max_pages,
        max_file_mb=args.max_file_mb,
        max_image_megapixels=args.max_image_megapixels,
        max_render_megapixels=args.max_render_megapixels,
        max_page_content_mb=args.max_page_content,
        max_members=getattr(args, "max_members", None),
        max_bundle_mb=getattr(args, "max_bundle_mb", None),
    )


def _isolated(fn, path: Path, args: argparse.Namespace):
    """One conversion in a child process under the memory ceiling and the time limit."""
    from budget_perf.isolate import run_limited

    return run_limited(fn, path, megabytes=args.options.max_memory_mb, timeout=args.timeout, where=str(path))


def _extract_one(path: Path, args: argparse.Namespace) -> int:
    from budget_perf.pipeline import convert

    try:
        doc = _isolated(functools.partial(convert, options=args.options), path, args)
    except ExtractionError as e:
        print(f"error: {one_line(e)}", file=sys.stderr)
        return EXIT_FAILED
    print(doc.model_dump_json(indent=None if args.compact else 2))
    return EXIT_OK


def _qa_inputs(paths: list[str]):
    """(label, loader) per document: a batch OUTDIR gives its converted documents (read again from
    JSON, not from the inputs, with the batch's review applied); anything else is extracted."""
    from functools import partial

    from budget_perf.batch import manifest
    from budget_perf.batch.inputs import expand
    from budget_perf.corrections.apply import Reviews

    out = []
    plain = []
    for arg in paths:
        path = Path(arg)
        if path.is_dir() and (path / manifest.NAME).exists():
            reviews = Reviews.of_batch(path)
            for entry in sorted(manifest.done(path).values(), key=lambda e: e["path"]):
                out.append((Path(entry["path"]), partial(_reviewed, path / entry["output"], reviews)))
        else:
            plain.append(arg)
    out += [(p, None) for p in expand(plain)] if plain else []
    return out


def _reviewed(output: Path, reviews):
    """A converted document with its review applied, and the findings a reviewer dismissed."""
    from budget_perf.corrections.apply import plain

    review = reviews.review(json.loads(output.read_text(encoding="utf-8")))
    return plain(review.doc), review.dismissed()


def _qa_task(task, _outdir: Path, options) -> dict:
    """In a batch worker: read one document for QA (the Document and the reader's cells)."""
    from budget_perf.pipeline import convert_with_raw

    path = task.path
    try:
        doc, raw = convert_with_raw(path, options)
    except ExtractionError as e:
        return {"path": str(path), "status": "failed", "error": one_line(e)}
    except MemoryError:
        return {"path": str(path), "status": "failed", "error": f"{path}: ran out of memory; raise --max-memory"}
    return {"path": str(path), "status": "ok", "doc": doc, "raw": raw}


def _read_for_qa(paths: list[Path], args: argparse.Namespace) -> dict:
    """path -> (Document, RawDocument) or the one-line reason it could not be read; read in the
    batch's worker processes (each under the memory ceiling and the timeout), with progress."""
    from budget_perf.batch import pool
    from budget_perf.batch.runner import _progress

    out: dict = {}
    bar = _progress(len(paths), not args.quiet)
    try:
        tasks = [pool.Task(p, "", str(p)) for p in paths]
        for entry in pool.run(tasks, Path("."), _qa_task, args.workers, args.timeout, args.options):
            if entry["status"] == "ok":
                out[entry["path"]] = (entry["doc"], entry["raw"])
            else:
                error = entry["error"]
                out[entry["path"]] = error if entry["path"] in error else f"{entry['path']}: {error}"
            bar.update(1)
    finally:
        bar.close()
    return out


def _cmd_qa(args: argparse.Namespace) -> int:
    from budget_perf.qa.report import document_page, index_page
    from budget_perf.qa.run import check, verdict_of

    rules = [r.strip() for r in args.rules.split(",")] if args.rules else None
    html_dir = _output_dir(args.html, "--html") if args.html else None
    config = _qa_config(args)
    inputs = _qa_inputs(args.paths)
    if not inputs:
        print("error: no input files", file=sys.stderr)
        return EXIT_USAGE
    if html_dir:
        html_dir.mkdir(parents=True, exist_ok=True)
    verdicts: Counter = Counter()
    errors = 0
    entries = []
    unreadable: list[tuple[str, str]] = []
    read = _read_for_qa([p for p, converted in inputs if converted is None], args)
    for n, (path, converted) in enumerate(inputs):
        dismissed: set = set()
        try:
            if converted is not None:
                (doc, dismissed), raw = converted(), None
            else:
                outcome = read[str(path)]
                if isinstance(outcome, str):
                    raise ExtractionError(outcome)
                doc, raw = outcome
            found, extraction = check(doc, rules, config, dismissed)
        except ExtractionError as e:
            print(f"error: {one_line(e)}", file=sys.stderr)
            unreadable.append((path.name, one_line(e)))
            continue
        except ValueError as e:  # an unknown rule name
            print(f"error: {one_line(e)}", file=sys.stderr)
            return EXIT_USAGE
        verdict = verdict_of(doc, found, extraction)
        verdicts[verdict] += 1
        errors += sum(f.severity == "error" for f in found)
        if args.json:
            print(
                json.dumps(
                    {
                        "path": str(path),
                        "verdict": verdict,
                        "findings": [f.model_dump(mode="json") for f in found],
                        "extraction_issues": [i.model_dump(mode="json") for i in extraction],
                    },
                    ensure_ascii=False,
                )
            )
        else:
            for source, items in (("", found), ("extract ", extraction)):
                for f in items:
                    where = "".join(
                        f" {k}{v}" for k, v in (("p", f.page), ("t", f.table), ("r", f.row)) if v is not None
                    )
                    print(f"{one_line(path)}: {source}{f.severity} {f.code}{where}: {one_line(f.message)}")
            print(f"{one_line(path)}: verdict {verdict}")
        if html_dir:
            name = f"{n + 1:04d}-{path.stem}.html"
            page = document_page(doc, raw, [*found, *extraction], verdict)
            (html_dir / name).write_text(page, encoding="utf-8")
            entries.append((path.name, name, [*found, *extraction], verdict))
    if html_dir:
        (html_dir / "index.html").write_text(index_page(entries, unreadable), encoding="utf-8")
    if not args.quiet:
        counts = ", ".join(f"{verdicts[v]} {v}" for v in ("pass", "findings", "not_checked"))
        print(
            f"{sum(verdicts.values())} read: {counts}; {errors} error findings; {len(unreadable)} unreadable",
            file=sys.stderr,
        )
    if unreadable:
        return EXIT_USAGE
    return EXIT_FAILED if errors or verdicts["not_checked"] else EXIT_OK


def _qa_config(args: argparse.Namespace) -> dict:
    from budget_perf.qa import config as qa_config

    try:
        return qa_config.load(Path(args.qa_config) if args.qa_config else None)
    except qa_config.ConfigError as e:
        raise UsageError(str(e)) from e


def _cmd_load(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from budget_perf.db import url as db_url
    from budget_perf.db.load import load

    try:
        url = db_url.resolve(args.db)
    except db_url.DatabaseURLError as e:
        raise UsageError(str(e)) from e
    outdir = Path(args.outdir)
    if not (outdir / "manifest.jsonl").exists():
        raise UsageError(f"{outdir} has no manifest.jsonl; run `extract ... -o {outdir}` first")
    config = None if args.no_qa else _qa_config(args)
    try:
        stats = load(outdir, url, qa_config=config, qa=not args.no_qa)
    except SQLAlchemyError as e:
        first = (str(getattr(e, "orig", None) or e).strip().splitlines() or [type(e).__name__])[0]
        print(f"error: database {db_url.redact(url)}: {db_url.scrub(first, url)}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        before, after = stats.migrated
        migrated = f"; schema upgraded from {before} to {after}" if before and before != after else ""
        reviewed = f"; {stats.corrections} reviewer corrections ({stats.lost} no longer apply)" if (
            stats.corrections or stats.lost) else ""  # fmt: skip
        print(
            f"loaded {stats.documents} documents, {stats.tables} tables, {stats.indicators} indicators, "
            f"{stats.issues} issues, {stats.qa_findings} QA findings ({stats.superseded} newly superseded) "
            f"into {db_url.redact(url)}{migrated}{reviewed}",
            file=sys.stderr,
        )
    return EXIT_OK


def _warm(app) -> None:
    from contextlib import suppress

    with suppress(Exception):  # the first request for the queue says what is wrong, in one line
        app.batch.queue()


def _cmd_review(args: argparse.Namespace) -> int:
    from budget_perf.batch import flat

    outdir = Path(args.outdir)
    if not (outdir / "manifest.jsonl").exists():
        raise UsageError(f"{outdir} has no manifest.jsonl; run `extract ... -o {outdir}` first")
    if args.export:
        written = [f for f in (flat.export(outdir, fmt, args.xlsx_headers) for fmt in dict.fromkeys(args.export)) if f]
        _say_lost(outdir)
        if not args.quiet:
            print(f"wrote {', '.join(map(str, written)) or 'nothing'}", file=sys.stderr)
        return EXIT_OK
    from budget_perf.review.server import create, loopback

    if not loopback(args.host) and not args.token:
        raise UsageError(
            f"--host {args.host} lets other machines reach the review app: add --token "
            "(a token is printed once and every request must carry it)"
        )
    import secrets

    token = secrets.token_urlsafe(24) if args.token else None
    config = _qa_config(args)
    try:
        server, app, url = create(outdir, args.host, args.port, token, args.reviewer or "", config)
    except OSError as e:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {e.strerror or e}; choose another --port") from e
    _say_lost(outdir)
    import threading

    # The queue's QA summaries computed while the reviewer opens the browser (~10 ms a document).
    threading.Thread(target=_warm, args=(app,), daemon=True).start()
    print(f"review app for {outdir}: {url}  (Ctrl-C stops it)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped; every decision is in " + str(outdir / "review.sqlite"), file=sys.stderr)
    finally:
        server.server_close()
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="budget-perf", description="Chinese budget performance documents to validated JSON.")
    parser.add_argument("--version", action="version", version=_version())
    common = _Parser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")
    from budget_perf.limits import DEFAULT

    limits = _Parser(add_help=False)
    limits.add_argument(
        "--workers", type=_positive_int, default=os.cpu_count() or 1, help="worker processes (default: cores)"
    )
    group = limits.add_argument_group("limits (each input; raise one for a file you trust)")
    group.add_argument(
        "--timeout", type=_positive_seconds, default=300.0, help="seconds one file may take (default 300)"
    )
    group.add_argument(
        "--max-memory",
        type=_positive_int,
        metavar="MB",
        help=f"address space of one conversion (default {DEFAULT.max_memory_mb})",
    )
    group.add_argument(
        "--max-unpacked",
        type=_positive_int,
        metavar="MB",
        help=f"a ZIP package (DOCX, XLSX) uncompressed (default {DEFAULT.max_unpacked_mb})",
    )
    group.add_argument(
        "--max-pages",
        type=_positive_int,
        metavar="N",
        help=f"pages of a PDF or frames of an image (default {DEFAULT.max_pages})",
    )
    group.add_argument(
        "--max-file-mb", type=_positive_int, metavar="MB", help=f"size of an input file (default {DEFAULT.max_file_mb})"
    )
    group.add_argument(
        "--max-image-megapixels",
        type=_positive_int,
        metavar="N",
        help=f"one image page (default {DEFAULT.max_image_megapixels})",
    )
    group.add_argument(
        "--max-render-megapixels",
        type=_positive_int,
        metavar="N",
        help=f"a page rendered or an image read for OCR; larger ones are scaled down (default "
        f"{DEFAULT.max_render_megapixels})",
    )
    group.add_argument(
        "--max-page-content",
        type=_positive_int,
        metavar="MB",
        help=f"a PDF page's drawing, each form counted as often as it is drawn (default {DEFAULT.max_page_content_mb})",
    )
    qa_options = _Parser(add_help=False)
    qa_options.add_argument(
        "--qa-config",
        metavar="TOML",
        help="QA thresholds and vocabularies merged over the defaults (budget_perf/qa/config.toml)",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser(
        "extract", parents=[common, limits], help="extract indicator tables (one file to stdout, or a batch)"
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories (recursive) or glob patterns")
    p.add_argument("-o", "--output", metavar="OUTDIR", help="batch mode: one JSON per input into OUTDIR")
    p.add_argument(
        "--format",
        choices=FLAT_FORMATS,
        action="append",
        help="also write OUTDIR/indicators.FORMAT, one row per indicator; repeatable (default: json only)",
    )
    p.add_argument(
        "--xlsx-headers",
        choices=XLSX_HEADERS,
        help="indicators.xlsx header row: Chinese labels (default) or the snake_case column names",
    )
    p.add_argument("--force", action="store_true", help="convert again inputs the manifest lists as done")
    p.add_argument(
        "--max-members",
        type=_positive_int,
        metavar="N",
        help=f"members of one bundle (.zip, .7z) (default {DEFAULT.max_members})",
    )
    p.add_argument(
        "--max-bundle-mb",
        type=_positive_int,
        metavar="MB",
        help=f"one bundle's members inflated in all, nested bundles' included (default {DEFAULT.max_bundle_mb})",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the batch on a Dask cluster (tcp://HOST:8786; default $BUDGET_PERF_SCHEDULER, else local workers)",
    )
    p.add_argument("--compact", action="store_true", help="one-line JSON on stdout")
    p.set_defaults(func=_cmd_extract)

    ld = sub.add_parser("load", parents=[common, qa_options], help="load a batch's JSON into a database")
    ld.add_argument("outdir", metavar="OUTDIR")
    ld.add_argument(
        "--db",
        help="sqlite:///FILE, a plain FILE (SQLite) or postgresql://user@host/db "
        "(default: $BUDGET_PERF_DB, else sqlite:///results.db); the password is never printed",
    )
    ld.add_argument("--no-qa", action="store_true", help="load the extraction's issues only, not QA findings")
    ld.set_defaults(func=_cmd_load)

    q = sub.add_parser(
        "qa", parents=[common, limits, qa_options], help="extract, then check the submissions against the QA rules"
    )
    q.add_argument("paths", nargs="+", metavar="PATH", help="files, directories (recursive) or glob patterns")
    q.add_argument("--rules", help="comma-separated rules to run (default: all): " + ", ".join(RULE_NAMES))
    q.add_argument("--html", metavar="OUTDIR", help="write a review page per document and an index into OUTDIR")
    q.add_argument("--json", action="store_true", help="one JSON line per document instead of text")
    q.set_defaults(func=_cmd_qa)

    rv = sub.add_parser(
        "review", parents=[common, qa_options], help="the review app over a batch's output (or --export its files)"
    )
    rv.add_argument("outdir", metavar="OUTDIR")
    rv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    rv.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 takes a free one)")
    rv.add_argument(
        "--token",
        action="store_true",
        help="require a token on every request (printed once); needed to listen on another address than loopback",
    )
    rv.add_argument("--reviewer", metavar="NAME", help="the reviewer name the pages start with (each can change it)")
    rv.add_argument(
        "--export",
        choices=[f for f in FLAT_FORMATS if f != "json"],
        action="append",
        help="write OUTDIR/indicators.FORMAT again with the corrections (repeatable) instead of serving",
    )
    rv.add_argument("--xlsx-headers", choices=XLSX_HEADERS, default=XLSX_HEADERS[0], help="indicators.xlsx header row")
    rv.set_defaults(func=_cmd_review)

    s = sub.add_parser("schema", help="print the JSON Schema of the output")
    s.add_argument(
        "--flat",
        action="store_true",
        help="instead, the flat row's columns (CSV, XLSX, Parquet, database): name, header, type, pandas dtype",
    )
    s.set_defaults(func=_cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    import logging

    # Libraries log warnings (pdfminer, PIL); without a handler Python would print them to stderr.
    logging.getLogger().addHandler(logging.NullHandler())
    args = build_parser().parse_args(argv)
    try:
        if hasattr(args, "max_memory"):
            args.options = _read_options(args)
        return args.func(args)
    except UsageError as e:
        print(f"error: {one_line(e)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except MemoryError:
        print("error: out of memory; convert fewer files at once (--workers) or split the input", file=sys.stderr)
        return EXIT_FAILED
    except RecursionError:
        print("error: input nested too deeply to read", file=sys.stderr)
        return EXIT_FAILED
    except OSError as e:  # permissions, a full disk, a vanished file: say which, in one line
        where = f"{display(e.filename)}: " if e.filename else ""
        print(f"error: {one_line(where)}{one_line(e.strerror or e)}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as e:  # a bug: still one line, and how to report it
        print(f"error: internal error ({type(e).__name__}: {one_line(e)[:300]}); please report it", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
