"""The command line run in-process, for tests that check arguments, exit codes and what is printed:
no interpreter to start, so each case costs the command's own work only. The one-line-error
contract of a real process (nothing but one line on stderr, whatever happens) keeps its
subprocess tests (test_bad_input.py, test_cli_mistakes.py)."""

from __future__ import annotations

import contextlib
import io
from typing import NamedTuple


class Run(NamedTuple):
    """What a command did: its exit code and what it printed (unpacks as (code, stdout, stderr);
    the names match subprocess.CompletedProcess, so a test can take either)."""

    returncode: int
    stdout: str
    stderr: str


def run_main(*argv: str) -> Run:
    """`cli.main(argv)` with stdout and stderr captured; argparse's exits (usage errors, --version,
    --help) become the exit code."""
    from cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    return Run(code, out.getvalue(), err.getvalue())
