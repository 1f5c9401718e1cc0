"""Format sniffing and the one registry that maps a format to its reader.

Formats are recognised by content, not by file name: a PDF renamed .docx is
still a PDF, and the error says so.
"""

from __future__ import annotations

import importlib
import zipfile
from pathlib import Path
from typing import Protocol

from budget_perf.errors import CorruptFile, EmptyInput, EncryptedFile, InputNotFound, InputTooLarge, UnsupportedFormat
from extract.model import RawDocument

MAX_BYTES = 512 * 1024 * 1024
# A known extension must agree with the content: a PDF renamed .docx is a mistake worth reporting.
EXTENSION_FORMAT = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}
FORMAT_NAMES = {"docx": "a DOCX document", "pdf": "a PDF", "image": "an image"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Reader(Protocol):
    def __call__(self, path: Path) -> RawDocument: ...


# format -> "module:function"; imported lazily so reading a DOCX never pays for pdfplumber.
READERS: dict[str, str] = {
    "docx": "extract.docx_reader:read_docx",
    "pdf": "extract.pdf.reader:read_pdf",
    "image": "extract.ocr.reader:read_image",
}


def sniff_format(path: Path) -> str:
    """Return the format name of `path` judged by its bytes, or raise a one-line error."""
    fmt = _sniff_content(path)
    expected = EXTENSION_FORMAT.get(path.suffix.lower())
    if expected is not None and expected != fmt:
        raise UnsupportedFormat(
            f"{path}: named {path.suffix} but the content is {FORMAT_NAMES.get(fmt, fmt)}; rename it and try again"
        )
    return fmt


def _sniff_content(path: Path) -> str:
    if not path.exists():
        raise InputNotFound(f"{path}: no such file")
    if path.is_dir():
        raise UnsupportedFormat(f"{path}: is a directory; pass files, or use -o OUTDIR for a batch")
    size = path.stat().st_size
    if size == 0:
        raise EmptyInput(f"{path}: file is empty")
    if size > MAX_BYTES:
        raise InputTooLarge(f"{path}: file is {size >> 20} MiB, over the {MAX_BYTES >> 20} MiB limit")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path)
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted_ooxml(path):
            raise EncryptedFile(
                f"{path}: file is encrypted (password-protected Office document); remove the password and save again"
            )
        raise UnsupportedFormat(
            f"{path}: legacy Word/OLE file (.doc/.wps) is not supported; convert it first: "
            "libreoffice --headless --convert-to docx FILE"
        )
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff") or head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    if head.lstrip().startswith(b"{\\rtf"):
        raise UnsupportedFormat(f"{path}: RTF is not supported; save it as .docx")
    raise UnsupportedFormat(f"{path}: not a DOCX, PDF or image file (unrecognised content)")


def _is_encrypted_ooxml(path: Path) -> bool:
    """Password-protected DOCX files are OLE containers holding an 'EncryptedPackage' stream."""
    with path.open("rb") as fh:
        data = fh.read(4 * 1024 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in data


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile as e:
        raise CorruptFile(f"{path}: damaged ZIP container ({e}); re-save the document") from e
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise UnsupportedFormat(f"{path}: spreadsheet (.xlsx) is not supported")
    if "content.xml" in names:
        raise UnsupportedFormat(f"{path}: OpenDocument file is not supported; save it as .docx")
    raise UnsupportedFormat(f"{path}: ZIP file without word/document.xml, not a DOCX")


def reader_for(fmt: str) -> Reader:
    target = READERS.get(fmt)
    if target is None:
        raise UnsupportedFormat(f"format '{fmt}' has no reader in this version")
    module_name, func = target.split(":")
    return getattr(importlib.import_module(module_name), func)


def read(path: Path) -> RawDocument:
    """Sniff `path` and run the matching reader."""
    return reader_for(sniff_format(path))(path)
