"""The command line's arguments: one parser, each shared option defined once, the limits as data,
and the read options built from what was parsed.

Kept free of heavy imports: building the parser loads no reader, so `--help` and a mistake in
the arguments answer at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from budget_perf import __version__
from budget_perf.batch import FLAT_FORMATS, XLSX_HEADERS
from budget_perf.qa import RULE_NAMES
from extract.options import DEFAULT, ReadOptions

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3


class UsageError(Exception):
    """A mistake in the command line; the message says how to put it right."""


class Parser(argparse.ArgumentParser):
    """argparse that reports a mistake in one line (its own error prints the whole usage first)."""

    def error(self, message: str):  # type: ignore[override]
        print(f"error: {message} (see `{self.prog} --help`)", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, got {text}")
    return value


def output_dir(value: str, option: str) -> Path:
    """A directory to write into (created later if missing); an existing file is a usage error."""
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {value}: is an existing file; give a directory (it is created if missing)")
    return path


def batch_dir(value: str) -> Path:
    """A batch's OUTDIR (it has a manifest), for `load` and `review`."""
    outdir = Path(value)
    if not (outdir / "manifest.jsonl").exists():
        raise UsageError(f"{outdir} has no manifest.jsonl; run `extract ... -o {outdir}` first")
    return outdir


def qa_config(args: argparse.Namespace) -> dict:
    """The QA configuration: `--qa-config` merged over the defaults; a bad one is a usage error."""
    from budget_perf.qa import config

    try:
        return config.load(Path(args.qa_config) if args.qa_config else None)
    except config.ConfigError as e:
        raise UsageError(str(e)) from e


@dataclass(frozen=True)
class Limit:
    """One limit option: the ReadOptions fields it sets (the first gives the default shown)."""

    flag: str
    metavar: str
    fields: tuple[str, ...]
    help: str  # `{default}` is replaced by the first field's default

    @property
    def dest(self) -> str:
        return self.flag.lstrip("-").replace("-", "_")

    def add_to(self, group: argparse._ActionsContainer) -> None:
        default = getattr(DEFAULT, self.fields[0])
        group.add_argument(self.flag, type=positive_int, metavar=self.metavar, help=self.help.format(default=default))


# What one input may cost (`extract` and `qa`); docs/limits.md.
LIMITS = (
    Limit("--max-memory", "MB", ("max_memory_mb",), "address space of one conversion (default {default})"),
    Limit(
        "--max-unpacked",
        "MB",
        ("max_unpacked_mb", "max_part_mb"),
        "a ZIP package (DOCX, XLSX) uncompressed (default {default})",
    ),
    Limit("--max-pages", "N", ("max_pages",), "pages of a PDF or frames of an image (default {default})"),
    Limit("--max-file-mb", "MB", ("max_file_mb",), "size of an input file (default {default})"),
    Limit("--max-image-megapixels", "N", ("max_image_megapixels",), "one image page (default {default})"),
    Limit(
        "--max-render-megapixels",
        "N",
        ("max_render_megapixels",),
        "a page rendered or an image read for OCR; larger ones are scaled down (default {default})",
    ),
    Limit(
        "--max-page-content",
        "MB",
        ("max_page_content_mb",),
        "a PDF page's drawing, each form counted as often as it is drawn (default {default})",
    ),
)
# Bundles (.zip, .7z) are opened by a batch only (`extract -o`).
BUNDLE_LIMITS = (
    Limit("--max-members", "N", ("max_members",), "members of one bundle (.zip, .7z) (default {default})"),
    Limit(
        "--max-bundle-mb",
        "MB",
        ("max_bundle_mb",),
        "one bundle's members inflated in all, nested bundles' included (default {default})",
    ),
)


def read_options(args: argparse.Namespace) -> ReadOptions:
    """The read options, built once from the command line and passed to every conversion; a limit
    not given keeps its default (and a command without the option, e.g. `qa` for bundles)."""
    values = {field: getattr(args, limit.dest, None) for limit in (*LIMITS, *BUNDLE_LIMITS) for field in limit.fields}
    return DEFAULT.with_options(**values)


def has_limits(args: argparse.Namespace) -> bool:
    return hasattr(args, LIMITS[0].dest)


def _version() -> str:
    from schemas import SCHEMA_VERSION

    return f"budget-perf {__version__} (schema {SCHEMA_VERSION})"


def _shared() -> dict[str, Parser]:
    """The option groups several commands share, each defined once."""
    common = Parser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")
    limits = Parser(add_help=False)
    limits.add_argument(
        "--workers", type=positive_int, default=os.cpu_count() or 1, help="worker processes (default: cores)"
    )
    group = limits.add_argument_group("limits (each input; raise one for a file you trust)")
    group.add_argument(
        "--timeout", type=positive_seconds, default=300.0, help="seconds one file may take (default 300)"
    )
    for limit in LIMITS:
        limit.add_to(group)
    qa = Parser(add_help=False)
    qa.add_argument(
        "--qa-config",
        metavar="TOML",
        help="QA thresholds and vocabularies merged over the defaults (budget_perf/qa/config.toml)",
    )
    return {"common": common, "limits": limits, "qa": qa}


def _paths(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories (recursive) or glob patterns")


def build_parser() -> Parser:
    parser = Parser(prog="budget-perf", description="Chinese budget performance documents to validated JSON.")
    parser.add_argument("--version", action="version", version=_version())
    shared = _shared()
    common, limits, qa_options = shared["common"], shared["limits"], shared["qa"]
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    p = sub.add_parser(
        "extract", parents=[common, limits], help="extract indicator tables (one file to stdout, or a batch)"
    )
    _paths(p)
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
    for limit in BUNDLE_LIMITS:
        limit.add_to(p)
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the batch on a Dask cluster (tcp://HOST:8786; default $BUDGET_PERF_SCHEDULER, else local workers)",
    )
    p.add_argument("--compact", action="store_true", help="one-line JSON on stdout")

    ld = sub.add_parser("load", parents=[common, qa_options], help="load a batch's JSON into a database")
    ld.add_argument("outdir", metavar="OUTDIR")
    ld.add_argument(
        "--db",
        help="sqlite:///FILE, a plain FILE (SQLite) or postgresql://user@host/db "
        "(default: $BUDGET_PERF_DB, else sqlite:///results.db); the password is never printed",
    )
    ld.add_argument("--no-qa", action="store_true", help="load the extraction's issues only, not QA findings")

    q = sub.add_parser(
        "qa", parents=[common, limits, qa_options], help="extract, then check the submissions against the QA rules"
    )
    _paths(q)
    q.add_argument("--rules", help="comma-separated rules to run (default: all): " + ", ".join(RULE_NAMES))
    q.add_argument("--html", metavar="OUTDIR", help="write a review page per document and an index into OUTDIR")
    q.add_argument("--json", action="store_true", help="one JSON line per document instead of text")

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

    s = sub.add_parser("schema", help="print the JSON Schema of the output")
    s.add_argument(
        "--flat",
        action="store_true",
        help="instead, the flat row's columns (CSV, XLSX, Parquet, database): name, header, type, pandas dtype",
    )
    return parser
