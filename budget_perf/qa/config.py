"""QA thresholds and vocabularies, from qa/config.toml (or a file given with --qa-config)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

DEFAULT = Path(__file__).with_name("config.toml")


def load(path: Path | None = None) -> dict[str, Any]:
    with (path or DEFAULT).open("rb") as fh:
        return tomllib.load(fh)


def base_name(name: str | None) -> str:
    """'社会效益指标' and '社会效益' name the same thing."""
    name = (name or "").strip()
    return name[:-2] if name.endswith("指标") else name
