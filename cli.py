"""Command line over the library.

    python cli.py extract FILE                      one JSON Document on stdout
    python cli.py extract PATHS... -o OUTDIR        batch: one JSON per input + manifest.jsonl
    python cli.py load OUTDIR --db URL              into SQLite or PostgreSQL
    python cli.py qa PATHS... [--html OUTDIR]       QA rules and a visual review report
    python cli.py schema                            JSON Schema of the output

Exit codes: 0 success; 1 an input could not be converted (or, in a batch, some could not);
2 usage error. `qa`: 0 no error-severity finding, 1 error findings, 2 usage or unreadable input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from budget_perf.errors import ExtractionError
from budget_perf.qa import RULE_NAMES

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _cmd_schema(args: argparse.Namespace) -> int:
    from schemas import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def _cmd_extract(args: argparse.Namespace) -> int:
    if args.output is None:
        if len(args.paths) != 1 or Path(args.paths[0]).is_dir():
            print("error: several inputs or a directory need -o OUTDIR", file=sys.stderr)
            return EXIT_USAGE
        return _extract_one(Path(args.paths[0]), args.compact)
    from budget_perf.batch.runner import describe, run_batch

    summary = run_batch(
        args.paths,
        Path(args.output),
        workers=args.workers,
        timeout=args.timeout,
        fmt=args.format,
        force=args.force,
        progress=not args.quiet,
    )
    if not summary.converted and not summary.skipped and not summary.failed:
        print("error: no supported input files found", file=sys.stderr)
        return EXIT_USAGE
    for entry in summary.failed:
        print(
            f"failed: {entry['error']}"
            if entry["path"] in entry["error"]
            else f"failed: {entry['path']}: {entry['error']}",
            file=sys.stderr,
        )
    if not args.quiet:
        flat = f"; {summary.flat_file}" if summary.flat_file else ""
        print(f"{describe(summary)} -> {args.output}{flat}", file=sys.stderr)
    return summary.exit_code


def _extract_one(path: Path, compact: bool) -> int:
    from budget_perf.pipeline import convert

    try:
        doc = convert(path)
    except ExtractionError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAILED
    print(doc.model_dump_json(indent=None if compact else 2))
    return EXIT_OK


def _cmd_qa(args: argparse.Namespace) -> int:
    from budget_perf.batch.inputs import expand
    from budget_perf.pipeline import convert_with_raw
    from budget_perf.qa import config as qa_config
    from budget_perf.qa.report import document_page, index_page
    from budget_perf.qa.run import run_rules

    rules = [r.strip() for r in args.rules.split(",")] if args.rules else None
    try:
        config = qa_config.load(Path(args.qa_config) if args.qa_config else None)
    except (OSError, ValueError) as e:
        print(f"error: QA config: {e}", file=sys.stderr)
        return EXIT_USAGE
    inputs = expand(args.paths)
    if not inputs:
        print("error: no input files", file=sys.stderr)
        return EXIT_USAGE
    html_dir = Path(args.html) if args.html else None
    if html_dir:
        html_dir.mkdir(parents=True, exist_ok=True)
    unreadable = errors = 0
    entries = []
    for n, path in enumerate(inputs):
        try:
            doc, raw = convert_with_raw(path)
            found = run_rules(doc, rules, config)
        except ExtractionError as e:
            print(f"error: {e}", file=sys.stderr)
            unreadable += 1
            continue
        except ValueError as e:  # an unknown rule name
            print(f"error: {e}", file=sys.stderr)
            return EXIT_USAGE
        errors += sum(f.severity == "error" for f in found)
        if args.json:
            print(
                json.dumps(
                    {"path": str(path), "findings": [f.model_dump(mode="json") for f in found]}, ensure_ascii=False
                )
            )
        else:
            for f in found:
                where = "".join(f" {k}{v}" for k, v in (("p", f.page), ("t", f.table), ("r", f.row)) if v is not None)
                print(f"{path}: {f.severity} {f.code}{where}: {f.message}")
        if html_dir:
            name = f"{n:04d}-{path.stem}.html"
            (html_dir / name).write_text(document_page(doc, raw, found), encoding="utf-8")
            entries.append((path.name, name, found))
    if html_dir:
        (html_dir / "index.html").write_text(index_page(entries), encoding="utf-8")
    if not args.quiet:
        print(f"{len(inputs) - unreadable} checked, {errors} error findings, {unreadable} unreadable", file=sys.stderr)
    return EXIT_USAGE if unreadable else EXIT_FAILED if errors else EXIT_OK


def _cmd_load(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from budget_perf.db.load import load

    outdir = Path(args.outdir)
    if not (outdir / "manifest.jsonl").exists():
        print(f"error: {outdir} has no manifest.jsonl; run `cli.py extract ... -o {outdir}` first", file=sys.stderr)
        return EXIT_USAGE
    try:
        stats = load(outdir, args.db)
    except SQLAlchemyError as e:
        print(f"error: database: {str(e).splitlines()[0]}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        print(
            f"loaded {stats.documents} documents, {stats.tables} tables, {stats.indicators} indicators, "
            f"{stats.issues} issues into {args.db}",
            file=sys.stderr,
        )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cli.py", description="Chinese budget performance documents to validated JSON."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", parents=[common], help="extract indicator tables (one file to stdout, or a batch)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories (recursive) or glob patterns")
    p.add_argument("-o", "--output", metavar="OUTDIR", help="batch mode: one JSON per input into OUTDIR")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds one file may take (default 300)")
    p.add_argument(
        "--format",
        choices=("json", "jsonl", "csv", "xlsx", "parquet"),
        default="json",
        help="also write OUTDIR/indicators.FORMAT, one row per indicator (default: json only)",
    )
    p.add_argument("--force", action="store_true", help="convert again inputs the manifest lists as done")
    p.add_argument("--compact", action="store_true", help="one-line JSON on stdout")
    p.set_defaults(func=_cmd_extract)

    ld = sub.add_parser("load", parents=[common], help="load a batch's JSON into a database")
    ld.add_argument("outdir", metavar="OUTDIR")
    ld.add_argument("--db", default="sqlite:///results.db", help="sqlite:///FILE or postgresql://user:pw@host/db")
    ld.set_defaults(func=_cmd_load)

    q = sub.add_parser("qa", parents=[common], help="extract, then check the submissions against the QA rules")
    q.add_argument("paths", nargs="+", metavar="PATH", help="files, directories (recursive) or glob patterns")
    q.add_argument("--rules", help="comma-separated rules to run (default: all): " + ", ".join(RULE_NAMES))
    q.add_argument("--html", metavar="OUTDIR", help="write a review page per document and an index into OUTDIR")
    q.add_argument("--json", action="store_true", help="one JSON line per document instead of text")
    q.add_argument("--qa-config", metavar="TOML", help="thresholds and vocabularies (default: qa/config.toml)")
    q.set_defaults(func=_cmd_qa)

    s = sub.add_parser("schema", help="print the JSON Schema of the output")
    s.set_defaults(func=_cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
