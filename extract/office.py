"""Legacy and other office formats (.doc, .wps, .odt, .rtf) through LibreOffice: converted to
DOCX in a private temporary directory, with a private user profile (so conversions in parallel
never share one) and a time limit, then read by the DOCX reader. No soffice process outlives
the conversion: it runs in a process group of its own, which is killed whatever happens."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from extract.errors import CorruptFile, MissingDependency
from extract.model import RawDocument
from extract.options import DEFAULT, ReadOptions
from schemas.models import issue

TIMEOUT = 120.0
INSTALL_HINT = "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, target: str, workdir: Path, timeout: float = TIMEOUT) -> Path:
    """`path` converted to `target` ('docx' or 'xlsx') inside `workdir`; raises a one-line error."""
    program = soffice()
    if program is None:
        raise MissingDependency(
            f"{path}: reading {path.suffix or 'this file'} needs LibreOffice; install it: {INSTALL_HINT}"
        )
    # A plain name: LibreOffice parses its arguments, and a name with a leading dash or a newline
    # would be read as an option.
    source = workdir / f"input{path.suffix.lower() or '.bin'}"
    shutil.copyfile(path, source)
    profile = workdir / "profile"
    command = [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--convert-to",
        target,
        "--outdir",
        str(workdir / "out"),
        str(source),
    ]
    proc = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "HOME": str(workdir)},
    )
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise CorruptFile(f"{path}: LibreOffice did not finish converting it within {timeout:g} s") from e
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # soffice.bin and any helper it started
        proc.wait()
    out = workdir / "out" / f"{source.stem}.{target}"
    if not out.exists():
        reason = (err or b"").decode("utf-8", "replace").strip().splitlines()
        raise CorruptFile(
            f"{path}: LibreOffice could not convert it to {target}" + (f" ({reason[-1]})" if reason else "")
        )
    return out


def read_via_docx(path: Path, options: ReadOptions = DEFAULT) -> RawDocument:
    from extract.docx_reader import read_docx

    fmt = path.suffix.lower().lstrip(".") or "doc"
    with tempfile.TemporaryDirectory(prefix="budget-perf-office-") as tmp:
        docx = convert(path, "docx", Path(tmp))
        raw = read_docx(docx, options)
    raw.format = fmt
    raw.issues.insert(0, issue("info", "converted_with_libreoffice", f"{fmt} 文件经 LibreOffice 转换为 DOCX 后读取"))
    return raw
