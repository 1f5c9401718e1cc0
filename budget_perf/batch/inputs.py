"""Files, directories (recursive) and glob patterns to a list of inputs."""

from __future__ import annotations

import glob
from pathlib import Path

SUPPORTED = {".docx", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".doc"}


def expand(args: list[str], exclude: Path | None = None) -> list[Path]:
    """Inputs in a stable order, each once. Named files are kept even if missing or unsupported,
    so that the batch records them as failed; directories contribute supported files only."""
    seen: set[Path] = set()
    out: list[Path] = []

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen and (exclude is None or exclude.resolve() not in key.parents):
            seen.add(key)
            out.append(p)

    for arg in args:
        path = Path(arg)
        if path.is_dir():
            for p in _walk(path):
                add(p)
        elif path.exists() or not glob.has_magic(arg):
            add(path)
        else:
            for match in sorted(glob.glob(arg, recursive=True)):
                m = Path(match)
                for p in _walk(m) if m.is_dir() else [m]:
                    add(p)
    return out


def _walk(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED and not any(part.startswith(".") for part in p.parts)
    )
