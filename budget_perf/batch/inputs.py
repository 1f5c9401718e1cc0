"""Files, directories (recursive) and glob patterns to the list of inputs, and an account of
everything else found: a file of a kind the tool does not read, a directory it cannot enter.
Nothing found is dropped without a word; the batch writes a manifest line for each."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

from extract.registry import SUPPORTED_EXTENSIONS

HIDDEN_DIR = "hidden directory, not searched"
# Files that are never documents: operating-system and editor droppings.
_JUNK = {"thumbs.db", ".ds_store", "desktop.ini"}


@dataclass(frozen=True, slots=True)
class Found:
    """Something a directory walk met that is not an input: why, and with which status."""

    path: Path
    status: str  # "unsupported" (a file not read), "skipped" (a hidden directory), "failed" (not listable)
    reason: str


def expand(args: list[str], exclude: Path | None = None) -> list[Path]:
    """The inputs alone (what `qa` needs); see `walk` for the full account."""
    return walk(args, exclude)[0]


def walk(args: list[str], exclude: Path | None = None) -> tuple[list[Path], list[Found]]:
    """Inputs in a stable order, each once, and everything else found.

    Named files are kept whatever their name (content decides); inside directories a file is an
    input when its extension is one the tool reads, and is reported otherwise.
    """
    seen: set[Path] = set()
    inputs: list[Path] = []
    others: list[Found] = []
    skip_dir = exclude.resolve() if exclude is not None else None

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen and (skip_dir is None or skip_dir not in key.parents):
            seen.add(key)
            inputs.append(p)

    def scan(root: Path) -> None:
        for p, problem in _walk(root, skip_dir):
            if problem == HIDDEN_DIR:
                others.append(Found(p, "skipped", problem))
            elif problem is not None:
                others.append(Found(p, "failed", problem))
            elif p.suffix.lower() in SUPPORTED_EXTENSIONS and not p.name.startswith("~$"):
                add(p)
            elif p.resolve() not in seen:
                seen.add(p.resolve())
                others.append(Found(p, "unsupported", _why_not(p)))

    for arg in args:
        path = Path(arg)
        if path.is_dir():
            scan(path)
        elif path.exists() or not glob.has_magic(arg):
            add(path)
        else:
            for match in sorted(glob.glob(arg, recursive=True)):
                m = Path(match)
                if m.is_dir():
                    scan(m)
                else:
                    add(m)
    return inputs, others


def _why_not(p: Path) -> str:
    if p.name.lower() in _JUNK or p.name.startswith("~$"):
        return f"{p.name} is a system or lock file, not a document"
    kind = p.suffix.lower() or "(no extension)"
    return f"file type {kind} is not read; supported: {', '.join(sorted(SUPPORTED_EXTENSIONS))}"


def _walk(root: Path, skip_dir: Path | None) -> list[tuple[Path, str | None]]:
    """Every file below `root` in a stable order, and every directory that could not be listed."""
    out: list[tuple[Path, str | None]] = []

    def failed(e: OSError) -> None:
        out.append((Path(e.filename or root), f"cannot list the directory ({e.strerror or e})"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=failed):
        here = Path(dirpath)
        if skip_dir is not None and (here.resolve() == skip_dir or skip_dir in here.resolve().parents):
            dirnames[:] = []
            continue
        hidden = sorted(d for d in dirnames if d.startswith("."))
        out += [(here / d, HIDDEN_DIR) for d in hidden]  # .git, .svn: said once, not searched
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            p = here / name
            if p.is_file() or p.is_symlink():
                out.append((p, None))
    return sorted(out, key=lambda item: str(item[0]))
