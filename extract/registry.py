"""Format sniffing and the one registry that maps a format to its reader.

Formats are recognised by content, not by file name: a PDF renamed .docx is
still a PDF, and the error says so.
"""

from __future__ import annotations

import importlib
import re
import stat
import zipfile
from pathlib import Path
from typing import Protocol

from extract.errors import (
    CorruptFile,
    EmptyInput,
    EncryptedFile,
    InputNotFound,
    InputTooLarge,
    UnsupportedFormat,
)
from extract.model import RawDocument
from extract.options import DEFAULT, ReadOptions, check_package

# What a file's content can be, by family; a known extension must name the same family.
FAMILIES = {
    "pdf": "pdf",
    "image": "image",
    "docx": "document",
    "doc": "document",
    "wps": "document",
    "odt": "document",
    "rtf": "document",
    "xlsx": "spreadsheet",
    "xls": "spreadsheet",
    "et": "spreadsheet",
    "ods": "spreadsheet",
    "html": "web page",
    "mhtml": "web page",
}
EXTENSION_FAMILY = {
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".docx": "document",
    ".docm": "document",
    ".doc": "document",
    ".wps": "document",
    ".odt": "document",
    ".rtf": "document",
    ".xlsx": "spreadsheet",
    ".xlsm": "spreadsheet",
    ".xls": "spreadsheet",
    ".et": "spreadsheet",
    ".ods": "spreadsheet",
    ".html": "web page",
    ".htm": "web page",
    ".xhtml": "web page",
    ".mhtml": "web page",
    ".mht": "web page",
}
FAMILY_NAMES = {
    "pdf": "a PDF",
    "image": "an image",
    "document": "a text document",
    "spreadsheet": "a spreadsheet",
    "web page": "a web page",
}
SUPPORTED_EXTENSIONS = frozenset(EXTENSION_FAMILY)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Reader(Protocol):
    def __call__(self, path: Path, options: ReadOptions) -> RawDocument: ...


# format -> "module:function"; imported lazily so reading a DOCX never pays for pdfplumber.
READERS: dict[str, str] = {
    "docx": "extract.docx_reader:read_docx",
    "pdf": "extract.pdf.reader:read_pdf",
    "image": "extract.ocr.reader:read_image",
    "xlsx": "extract.spreadsheet:read_xlsx",
    "xls": "extract.spreadsheet:read_xls",
    "et": "extract.spreadsheet:read_xls",
    "ods": "extract.spreadsheet:read_ods",
    # Legacy and other office formats: converted by LibreOffice, then read as DOCX.
    "doc": "extract.office:read_via_docx",
    "wps": "extract.office:read_via_docx",
    "odt": "extract.office:read_via_docx",
    "rtf": "extract.office:read_via_docx",
    "html": "extract.html:read_html",
    "mhtml": "extract.html:read_mhtml",
}


def sniff_format(path: Path, options: ReadOptions = DEFAULT) -> str:
    """Return the format name of `path` judged by its bytes, or raise a one-line error."""
    fmt = _sniff_content(path, options)
    expected = EXTENSION_FAMILY.get(path.suffix.lower())
    if expected is not None and expected != FAMILIES[fmt]:
        raise UnsupportedFormat(
            f"{path}: named {path.suffix} but the content is {FAMILY_NAMES[FAMILIES[fmt]]} ({fmt}); "
            "rename it and try again"
        )
    return fmt


def _sniff_content(path: Path, options: ReadOptions) -> str:
    if not path.exists():
        raise InputNotFound(f"{path}: no such file")
    if path.is_dir():
        raise UnsupportedFormat(f"{path}: is a directory; pass files, or use -o OUTDIR for a batch")
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):  # a fifo would block the read, a device never end
        raise UnsupportedFormat(f"{path}: not a regular file (a fifo, socket or device); not opened")
    size = st.st_size
    if size == 0:
        raise EmptyInput(f"{path}: file is empty")
    most = options.max_file_mb
    if size > most * 1024 * 1024:
        raise InputTooLarge(
            f"{path}: file is {size >> 20} MiB, over the {most} MiB limit; raise --max-file-mb if you trust it"
        )
    with path.open("rb") as fh:
        head = fh.read(_HEAD)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path, options)
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(path)
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff") or head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if _is_mhtml(head):
        return "mhtml"
    if _is_html(head):
        return "html"
    raise UnsupportedFormat(
        f"{path}: not a document, spreadsheet, PDF, image or web page (unrecognised content); supported: "
        + ", ".join(sorted(SUPPORTED_EXTENSIONS))
    )


_HEAD = 4096  # a web archive's headers (a long encoded Subject) may take a few KB
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|table|meta)[\s>/]", re.IGNORECASE)
_PROLOGUE = re.compile(rb"\s*(?:<!--.*?-->\s*|<\?xml[^>]*\?>\s*)*", re.DOTALL)
_HEADER_LINE = re.compile(rb"[A-Za-z][A-Za-z0-9-]*:[^\r\n]*\r?\n")


def _is_html(head: bytes) -> bool:
    """A web page: after a byte-order mark, white space, comments (a saved page's 'saved from
    url' mark) and an XML declaration, an HTML start (doctype, html, head, body, table, meta)."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom) :].decode(codec, "ignore").encode("ascii", "ignore")
    head = head.removeprefix(b"\xef\xbb\xbf")
    rest = head[_PROLOGUE.match(head).end() :]
    return _HTML_START.match(rest) is not None


def _is_mhtml(head: bytes) -> bool:
    """A web archive (MHTML): a MIME message whose headers declare a multipart/related body."""
    return _HEADER_LINE.match(head.lstrip()) is not None and b"multipart/related" in head.lower()


def _sniff_ole(path: Path) -> str:
    """Legacy Office containers: Word (.doc, WPS .wps), Excel (.xls, WPS .et), or an encrypted OOXML."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=False)}
    except Exception as e:  # olefile raises its own errors for a damaged container
        raise CorruptFile(f"{path}: damaged Office file ({e}); open and save it again") from e
    ext = path.suffix.lower()
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        raise EncryptedFile(
            f"{path}: file is encrypted (password-protected Office document); remove the password and save again"
        )
    if "workbook" in streams or "book" in streams:
        return "et" if ext == ".et" else "xls"
    if "worddocument" in streams:
        return "wps" if ext == ".wps" else "doc"
    if ext in (".wps", ".et", ".doc", ".xls"):
        return ext[1:]  # a WPS file of its own kind: LibreOffice reads it
    raise UnsupportedFormat(f"{path}: an Office container that is neither a Word nor an Excel file")


def _sniff_zip(path: Path, options: ReadOptions) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            check_package(path, zf, options)
            names = set(zf.namelist())
            mimetype = zf.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except zipfile.BadZipFile as e:
        raise CorruptFile(f"{path}: damaged ZIP container ({e}); re-save the document") from e
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype.endswith("opendocument.spreadsheet"):
        return "ods"
    if mimetype.endswith("opendocument.text"):
        return "odt"
    if "content.xml" in names:
        raise UnsupportedFormat(f"{path}: OpenDocument file of an unsupported kind ({mimetype or 'no mimetype'})")
    raise UnsupportedFormat(
        f"{path}: ZIP file that is neither a DOCX, XLSX nor OpenDocument file; "
        "a bundle of documents is opened by a batch (-o OUTDIR), each member converted"
    )


def reader_for(fmt: str) -> Reader:
    target = READERS.get(fmt)
    if target is None:
        raise UnsupportedFormat(f"format '{fmt}' has no reader in this version")
    module_name, func = target.split(":")
    return getattr(importlib.import_module(module_name), func)


def read(path: Path, options: ReadOptions = DEFAULT) -> RawDocument:
    """Sniff `path` and run the matching reader."""
    return reader_for(sniff_format(path, options))(path, options)
