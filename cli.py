"""Command line: `python cli.py extract FILE`, `python cli.py schema`.

Exit codes: 0 success; 1 a file could not be read (one line on stderr); 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from errors import ExtractionError


def _cmd_schema(args: argparse.Namespace) -> int:
    from schemas import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from pipeline import convert

    if len(args.paths) != 1 or args.output:
        print("error: batch conversion (several paths or -o OUTDIR) is not available yet", file=sys.stderr)
        return 2
    path = Path(args.paths[0])
    try:
        doc = convert(path)
    except ExtractionError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(doc.model_dump_json(indent=None if args.compact else 2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cli.py", description="Chinese budget performance documents to validated JSON."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="extract indicator tables from FILE as JSON on stdout")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("-o", "--output", metavar="OUTDIR", help="write one JSON per input into OUTDIR")
    p.add_argument("--compact", action="store_true", help="one-line JSON")
    p.set_defaults(func=_cmd_extract)
    s = sub.add_parser("schema", help="print the JSON Schema of the output")
    s.set_defaults(func=_cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
