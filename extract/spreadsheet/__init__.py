"""Spreadsheet readers, one per format name of the registry; all share `reader.read_spreadsheet`.
The package's parts were checked against the limits when its format was sniffed."""

from __future__ import annotations

from pathlib import Path

from extract.model import RawDocument
from extract.options import DEFAULT, ReadOptions
from extract.spreadsheet.reader import read_spreadsheet


def read_xlsx(path: Path, options: ReadOptions = DEFAULT) -> RawDocument:
    return read_spreadsheet(path, "xlsx")


def read_xls(path: Path, options: ReadOptions = DEFAULT) -> RawDocument:
    return read_spreadsheet(path, "xls")


def read_ods(path: Path, options: ReadOptions = DEFAULT) -> RawDocument:
    return read_spreadsheet(path, "ods")
