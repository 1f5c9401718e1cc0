"""Field-by-field comparison of a Document with its golden JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SUFFIXES = {
    ".docx",
    ".pdf",
    ".png",
    ".jpg",
    ".tif",
    ".tiff",
    ".xlsx",
    ".xls",
    ".ods",
    ".doc",
    ".wps",
    ".odt",
    ".rtf",
    ".et",
    ".html",
    ".htm",
    ".mhtml",
    ".mht",
}
IGNORED = {("source", "path")}  # depends on where the tests run from


# Exact comparison for text-layer documents; scans are held to thresholds (tests/test_scans.py).
GOLDEN_DIRS = ("docx", "pdf", "spreadsheets", "office", "variants", "prose", "html")


def sample_files() -> list[Path]:
    return sorted(p for d in GOLDEN_DIRS for p in (SAMPLES / d).glob("*") if p.suffix.lower() in SUFFIXES)


def golden_path(sample: Path) -> Path:
    """`x.golden.json` beside `x.docx`; where one document comes in several formats side by side
    (samples/office, samples/spreadsheets) the suffix stays in the name: `x.doc.golden.json`."""
    if sample.parent.name in ("office", "spreadsheets", "variants", "prose", "html"):
        return sample.with_name(sample.name + ".golden.json")
    return sample.with_name(sample.stem + ".golden.json")


def diff(expected: Any, actual: Any, path: tuple = ()) -> list[str]:
    if path[-2:] in IGNORED or path in IGNORED:
        return []
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path) or "<root>"
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                out.append(f"{where}.{key}: missing in output")
            elif key not in expected:
                out.append(f"{where}.{key}: unexpected field = {actual[key]!r}")
            else:
                out += diff(expected[key], actual[key], (*path, key))
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        pairs = enumerate(zip(expected, actual, strict=False))
        out = [problem for i, (e, a) in pairs for problem in diff(e, a, (*path, i))]
        if len(expected) != len(actual):
            out.append(f"{where}: expected {len(expected)} items, got {len(actual)}")
        return out
    numbers = isinstance(expected, (int, float)) and isinstance(actual, (int, float))
    if numbers and not isinstance(expected, bool) and abs(expected - actual) < 1e-9:
        return []
    return [] if expected == actual else [f"{where}: expected {expected!r}, got {actual!r}"]
