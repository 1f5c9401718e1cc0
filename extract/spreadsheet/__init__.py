"""Spreadsheet readers, one per format name of the registry; all share `reader.read_spreadsheet`."""

from __future__ import annotations

from pathlib import Path

from extract.model import RawDocument
from extract.spreadsheet.reader import read_spreadsheet


def read_xlsx(path: Path) -> RawDocument:
    return read_spreadsheet(path, "xlsx")


def read_xls(path: Path) -> RawDocument:
    return read_spreadsheet(path, "xls")


def read_ods(path: Path) -> RawDocument:
    return read_spreadsheet(path, "ods")
