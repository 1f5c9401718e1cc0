"""Command line over the library (the arguments: budget_perf/arguments.py).

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
import json
import sys
from pathlib import Path

from budget_perf.arguments import (
    EXIT_BUSY,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    batch_dir,
    build_parser,
    has_limits,
    output_dir,
    qa_config,
    read_options,
)
from budget_perf.errors import ExtractionError, display, one_line

__all__ = ["build_parser", "main"]


def _say(text: object) -> None:
    print(text, file=sys.stderr)


def _cmd_schema(args: argparse.Namespace) -> int:
    from schemas import json_schema
    from schemas.flat import describe

    print(json.dumps(describe() if args.flat else json_schema(), ensure_ascii=False, indent=2))
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
    from budget_perf.batch import XLSX_HEADERS
    from budget_perf.batch.cluster import scheduler_address
    from budget_perf.batch.outdir import OutdirBusy
    from budget_perf.batch.runner import describe, failure_line, run_batch

    try:
        summary = run_batch(
            args.paths, output_dir(args.output, "-o"), workers=args.workers, timeout=args.timeout,
            formats=tuple(args.format or ()), force=args.force, progress=not args.quiet,
            scheduler=scheduler_address(args.scheduler), headers=args.xlsx_headers or XLSX_HEADERS[0],
            options=args.options,
        )  # fmt: skip
    except OutdirBusy as e:
        _say(f"error: {one_line(e)}")
        return EXIT_BUSY
    if summary.found_nothing:
        _say("error: no input files found")
        return EXIT_USAGE
    for entry in summary.failed:
        _say(failure_line(entry))
    if not args.quiet:
        _say(f"{describe(summary)} -> {args.output}{''.join(f'; {f}' for f in summary.flat_files)}")
        _say_lost(Path(args.output))
    return summary.exit_code


def _say_lost(outdir: Path) -> None:
    from budget_perf.review.batch import lost_report

    for line in lost_report(outdir):
        _say(line)


def _extract_one(path: Path, args: argparse.Namespace) -> int:
    """One conversion in a child process under the memory ceiling and the time limit."""
    from functools import partial

    from budget_perf.isolate import run_limited
    from budget_perf.pipeline import convert

    try:
        doc = run_limited(partial(convert, options=args.options), path, megabytes=args.options.max_memory_mb,
                          timeout=args.timeout, where=str(path))  # fmt: skip
    except ExtractionError as e:
        _say(f"error: {one_line(e)}")
        return EXIT_FAILED
    print(doc.model_dump_json(indent=None if args.compact else 2))
    return EXIT_OK


def _cmd_qa(args: argparse.Namespace) -> int:
    from budget_perf.qa.session import Checked, Session, check_inputs, inputs, write_report

    rules = [r.strip() for r in args.rules.split(",")] if args.rules else None
    session = Session(output_dir(args.html, "--html") if args.html else None)
    config = qa_config(args)
    chosen = inputs(args.paths)
    if not chosen:
        _say("error: no input files")
        return EXIT_USAGE
    if session.html_dir:
        session.html_dir.mkdir(parents=True, exist_ok=True)
    try:
        results = check_inputs(chosen, rules, config, workers=args.workers, timeout=args.timeout,
                               options=args.options, progress=not args.quiet)  # fmt: skip
    except ValueError as e:  # an unknown rule name
        _say(f"error: {one_line(e)}")
        return EXIT_USAGE
    for result in results:
        session.add(result)
        if not isinstance(result, Checked):
            _say(f"error: {result.reason}")
        elif args.json:
            print(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            print("\n".join(result.text_lines()))
    write_report(session)
    if not args.quiet:
        _say(session.summary())
    return session.exit_code


def _cmd_load(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from budget_perf.db import url as db_url
    from budget_perf.db.load import load

    try:
        url = db_url.resolve(args.db)
    except db_url.DatabaseURLError as e:
        raise UsageError(str(e)) from e
    outdir = batch_dir(args.outdir)
    config = None if args.no_qa else qa_config(args)
    try:
        stats = load(outdir, url, qa_config=config, qa=not args.no_qa)
    except SQLAlchemyError as e:
        first = (str(getattr(e, "orig", None) or e).strip().splitlines() or [type(e).__name__])[0]
        _say(f"error: database {db_url.redact(url)}: {db_url.scrub(first, url)}")
        return EXIT_FAILED
    if not args.quiet:
        _say(stats.describe(db_url.redact(url)))
    return EXIT_OK


def _cmd_review(args: argparse.Namespace) -> int:
    outdir = batch_dir(args.outdir)
    if args.export:
        from budget_perf.batch import flat

        written = [f for f in (flat.export(outdir, fmt, args.xlsx_headers) for fmt in dict.fromkeys(args.export)) if f]
        _say_lost(outdir)
        if not args.quiet:
            _say(f"wrote {', '.join(map(str, written)) or 'nothing'}")
        return EXIT_OK
    import secrets

    from budget_perf.review.server import create, loopback, serve

    if not loopback(args.host) and not args.token:
        raise UsageError(f"--host {args.host} lets other machines reach the review app: add --token "
                         "(a token is printed once and every request must carry it)")  # fmt: skip
    token = secrets.token_urlsafe(24) if args.token else None
    config = qa_config(args)
    try:
        server, app, url = create(outdir, args.host, args.port, token, args.reviewer or "", config)
    except OSError as e:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {e.strerror or e}; choose another --port") from e
    _say_lost(outdir)
    print(f"review app for {outdir}: {url}  (Ctrl-C stops it)", file=sys.stderr, flush=True)
    serve(server, app)
    _say("stopped; every decision is in " + str(outdir / "review.sqlite"))
    return EXIT_OK


COMMANDS = {"extract": _cmd_extract, "load": _cmd_load, "qa": _cmd_qa, "review": _cmd_review, "schema": _cmd_schema}


def main(argv: list[str] | None = None) -> int:
    import logging

    # Libraries log warnings (pdfminer, PIL); without a handler Python would print them to stderr.
    logging.getLogger().addHandler(logging.NullHandler())
    args = build_parser().parse_args(argv)
    try:
        if has_limits(args):
            args.options = read_options(args)
        return COMMANDS[args.command](args)
    except UsageError as e:
        _say(f"error: {one_line(e)}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say("interrupted; run the same command again to resume")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except MemoryError:
        _say("error: out of memory; convert fewer files at once (--workers) or split the input")
        return EXIT_FAILED
    except RecursionError:
        _say("error: input nested too deeply to read")
        return EXIT_FAILED
    except OSError as e:  # permissions, a full disk, a vanished file: say which, in one line
        where = f"{display(e.filename)}: " if e.filename else ""
        _say(f"error: {one_line(where)}{one_line(e.strerror or e)}")
        return EXIT_FAILED
    except Exception as e:  # a bug: still one line, and how to report it
        _say(f"error: internal error ({type(e).__name__}: {one_line(e)[:300]}); please report it")
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
