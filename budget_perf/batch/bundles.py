"""Bundles of documents (`.zip`, `.7z`) opened in a batch: each member is an input of its own.

A bundle is read twice, each time in a worker process under the memory ceiling and the time
limit. First it is listed (`unpack_one`): every member's bytes are streamed once to hash them
(a member's sha256 is its own bytes, so resuming and duplicates work as for files), and every
member gets an account: an input, a nested bundle (listed in turn, up to `max_nesting` deep), or
a member that is not read (`unsupported`, `skipped`) or cannot be (`failed`: encrypted, damaged,
over a limit). Then each input member is converted (`member_file`): extracted into a temporary
file under OUTDIR/.work (never beside the bundle, never under a name from the bundle), read, and
removed. At most one member per worker is on disk at a time.

Limits, checked from the bundle's directory before anything is inflated where it tells: members
per bundle, one member's size (as for a file, `max_file_mb`), one member's inflation ratio (as for
a ZIP package part), the bundle's total inflated size, and the nesting depth.

Member names made on Chinese Windows are GBK without ZIP's UTF-8 flag: Python decodes such a name
as cp437; its bytes are taken back and decoded as UTF-8 if they are valid UTF-8, else as GB18030
(GBK's superset), else left as cp437. Info-ZIP's Unicode path field, when present, wins.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import struct
import time
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from budget_perf.batch import manifest
from budget_perf.batch.inputs import _JUNK, BUNDLE_EXTENSIONS, UNREAD_BUNDLES
from budget_perf.batch.outdir import WORK
from budget_perf.batch.pool import Task
from budget_perf.errors import CorruptFile, EncryptedFile, ExtractionError, InputTooLarge, one_line
from extract.options import MB, ReadOptions
from extract.registry import SUPPORTED_EXTENSIONS

_SEVEN_ZIP = b"7z\xbc\xaf\x27\x1c"
_RAR = b"Rar!\x1a\x07"
_CHUNK = 1 << 20


@dataclass(slots=True)
class Entry:
    """A member as the bundle's directory describes it."""

    index: int
    name: str  # decoded, with its folders
    size: int  # declared, inflated
    packed: int | None  # compressed size (None: unknown, in a solid 7z block)
    directory: bool = False
    link: bool = False
    encrypted: bool = False
    unreadable: str | None = None  # a compression method not supported, and so on


class _Archive:
    """A zip or 7z file: its entries and a way to stream chosen members' bytes."""

    kind = ""
    entries: list[Entry]

    def stream(self, wanted: list[int], sink: Callable[[int], _Sink]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    @property
    def packaged_document(self) -> bool:
        return False


class _Sink:
    """One member's bytes: hashed and counted, written to `target` if given; stops at `limit`."""

    def __init__(self, limit: int, target: Path | None = None) -> None:
        self.limit = limit
        self.sha = hashlib.sha256()
        self.size = 0
        self.over = False
        self.done = False  # every byte received
        self.error: str | None = None  # why the member could not be read to its end
        self.fh = target.open("wb") if target is not None else None

    def write(self, data: bytes) -> int:
        if self.over:
            return len(data)
        self.size += len(data)
        if self.size > self.limit:
            self.over = True
            return len(data)
        self.sha.update(data)
        if self.fh is not None:
            self.fh.write(data)
        return len(data)

    def close(self) -> None:
        self.done = True
        if self.fh is not None:
            self.fh.close()
            self.fh = None


class _Packaged(Exception):
    """A ZIP that is an OOXML or OpenDocument package: a document named .zip."""


# ---- zip -----------------------------------------------------------------------------------


def _zip_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return info.filename
    unicode_path = _unicode_path_field(info)
    if unicode_path is not None:
        return unicode_path
    raw = info.orig_filename.encode("cp437")  # what Python decoded as cp437, back to bytes
    for encoding in ("utf-8", "gb18030"):
        with contextlib.suppress(UnicodeDecodeError):
            return raw.decode(encoding).replace("\\", "/")
    return info.filename


def _unicode_path_field(info: zipfile.ZipInfo) -> str | None:
    """Info-ZIP's Unicode Path extra field (0x7075), if it matches the name it stands for."""
    extra = info.extra
    at = 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[at : at + 4])
        body = extra[at + 4 : at + 4 + size]
        if kind == 0x7075 and len(body) > 5 and body[0] == 1:
            crc = struct.unpack("<I", body[1:5])[0]
            if crc == zlib.crc32(info.orig_filename.encode("cp437")) & 0xFFFFFFFF:
                with contextlib.suppress(UnicodeDecodeError):
                    return body[5:].decode("utf-8")
        at += 4 + size
    return None


class _Zip(_Archive):
    kind = "zip"

    def __init__(self, path: Path) -> None:
        self.zf = zipfile.ZipFile(path)
        self.infos = self.zf.infolist()
        self.entries = []
        for i, info in enumerate(self.infos):
            mode = info.external_attr >> 16
            method = info.compress_type
            unreadable = None
            if method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
                unreadable = f"compressed with a method this reader lacks (ZIP method {method})"
            self.entries.append(
                Entry(
                    i,
                    _zip_name(info),
                    info.file_size,
                    info.compress_size,
                    directory=info.is_dir(),
                    link=stat.S_ISLNK(mode),
                    encrypted=bool(info.flag_bits & 0x1),
                    unreadable=unreadable,
                )
            )

    @property
    def packaged_document(self) -> bool:
        names = {i.filename for i in self.infos}
        return bool(names & {"word/document.xml", "xl/workbook.xml", "mimetype", "content.xml"})

    def stream(self, wanted: list[int], sink: Callable[[int], _Sink]) -> None:
        for i in wanted:  # a damaged member is its own failure: the others are still read
            out = sink(i)
            try:
                with self.zf.open(self.infos[i]) as src:
                    while chunk := src.read(_CHUNK):
                        out.write(chunk)
                        if out.over:
                            break
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as e:
                out.error = one_line(f"{type(e).__name__}: {e}")
            finally:
                out.close()

    def close(self) -> None:
        self.zf.close()


# ---- 7z ------------------------------------------------------------------------------------


class _SevenZip(_Archive):
    kind = "7z"

    def __init__(self, path: Path) -> None:
        import py7zr

        self.path = path
        self.archive = py7zr.SevenZipFile(path)
        self.encrypted = self.archive.needs_password()
        infos = self.archive.list()
        self.entries = [
            Entry(
                i,
                info.filename.replace("\\", "/"),
                int(info.uncompressed or 0),
                None,
                directory=bool(info.is_directory),
                link=bool(info.is_symlink),
                encrypted=self.encrypted,
            )
            for i, info in enumerate(infos)
        ]

    def stream(self, wanted: list[int], sink: Callable[[int], _Sink]) -> None:
        from py7zr.io import Py7zIO, WriterFactory

        listed = self.archive.list()
        by_name: dict[str, list[int]] = {}
        for i in wanted:
            by_name.setdefault(listed[i].filename, []).append(i)

        class _Writer(Py7zIO):
            def __init__(self, out: _Sink | None) -> None:
                self.out = out

            def write(self, s: bytes | bytearray) -> int:
                return self.out.write(bytes(s)) if self.out is not None else len(s)

            def read(self, size: int | None = None) -> bytes:
                return b""

            def seek(self, offset: int, whence: int = 0) -> int:
                return 0

            def flush(self) -> None:
                return None

            def size(self) -> int:
                return self.out.size if self.out is not None else 0

            def close(self) -> None:
                if self.out is not None:
                    self.out.close()

        class _Factory(WriterFactory):
            def create(self, filename: str) -> Py7zIO:
                queue = by_name.get(filename)
                return _Writer(sink(queue.pop(0)) if queue else None)

        self.archive.reset()
        self.archive.extract(targets=list(by_name), factory=_Factory())

    def close(self) -> None:
        self.archive.close()


def _open(path: Path, shown: str) -> _Archive:
    """The bundle by its content, or a one-line error."""
    with path.open("rb") as fh:
        head = fh.read(8)
    try:
        if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return _Zip(path)
        if head.startswith(_SEVEN_ZIP):
            return _SevenZip(path)
    except ExtractionError:
        raise
    except MemoryError:
        raise
    except Exception as e:  # zipfile.BadZipFile, py7zr's errors for a damaged or encrypted directory
        if "password" in str(e).lower():
            raise EncryptedFile(f"{shown}: the bundle's list of files is encrypted; unpack it with its password") from e
        raise CorruptFile(f"{shown}: damaged bundle that could not be listed ({type(e).__name__}: {e})") from e
    if head.startswith(_RAR):
        raise CorruptFile(f"{shown}: {UNREAD_BUNDLES['.rar']}")
    raise CorruptFile(f"{shown}: named {Path(shown).suffix} but not a ZIP or 7z archive")


# ---- listing -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Budget:
    """What the bundle (nested ones included) may still inflate to, and the limits it is held to."""

    left: int
    limits: ReadOptions


def _line(shown: str, status: str, **fields) -> manifest.Entry:
    return {"path": shown, "status": status, **fields}


def _hidden(name: str) -> str | None:
    """The hidden folder (`.git`, macOS's `__MACOSX`) a member lies in, if any."""
    parts = [p for p in name.split("/") if p]
    for n, part in enumerate(parts[:-1]):
        if part.startswith(".") or part == "__MACOSX":
            return "/".join(parts[: n + 1])
    return None


def _read_kind(name: str) -> str | None:
    """'input', 'bundle', or None (not read)."""
    base = name.rsplit("/", 1)[-1]
    suffix = Path(base).suffix.lower()
    if base.startswith("~$") or base.lower() in _JUNK:
        return None
    if suffix in BUNDLE_EXTENSIONS:
        return "bundle"
    return "input" if suffix in SUPPORTED_EXTENSIONS else None


def _why_not(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    suffix = Path(base).suffix.lower() or "(no extension)"
    if base.startswith("~$") or base.lower() in _JUNK:
        return f"{base} is a system or lock file, not a document"
    if suffix in UNREAD_BUNDLES:
        return UNREAD_BUNDLES[suffix]
    return f"file type {suffix} is not read"


def _list(
    path: Path, shown: str, chain: tuple[int, ...], depth: int, budget: _Budget, work: Path
) -> list[manifest.Entry]:
    """Lines for every member of the bundle at `path` (nested bundles' members too)."""
    limits = budget.limits
    archive = _open(path, shown)
    try:
        if archive.packaged_document:
            raise _Packaged
        entries = archive.entries
        if len(entries) > limits.max_members:
            raise InputTooLarge(
                f"{shown}: holds {len(entries)} members, over the {limits.max_members}-member limit; "
                "raise --max-members if you trust it"
            )
        if archive.kind == "7z":
            total = sum(e.size for e in entries)
            packed = max(path.stat().st_size, 1)
            if total > MB and total / packed > limits.max_ratio:
                raise InputTooLarge(
                    f"{shown}: inflates {total // packed}-fold ({total // MB} MB): a bomb, not a bundle"
                )
        lines: list[manifest.Entry] = []
        names: dict[str, int] = {}
        hidden_said: set[str] = set()
        wanted: dict[int, tuple[str, str]] = {}  # index -> (shown name, kind)
        for entry in entries:
            if entry.directory:
                continue
            name = entry.name.lstrip("/")
            while name.startswith("./"):
                name = name[2:]
            folder = _hidden(name)
            if folder is not None:
                if folder not in hidden_said:
                    hidden_said.add(folder)
                    lines.append(_line(f"{shown}!/{folder}", "skipped", error="hidden folder in the bundle, not read"))
                continue
            names[name] = names.get(name, 0) + 1
            member = f"{shown}!/{name}" + (f" ({names[name]})" if names[name] > 1 else "")
            kind = _read_kind(name)
            problem = _member_problem(entry, member, budget)
            if kind is None:
                lines.append(_line(member, "unsupported", error=_why_not(name)))
            elif entry.link:
                lines.append(_line(member, "unsupported", error="a symbolic link inside the bundle, not followed"))
            elif problem is not None:
                lines.append(_line(member, "failed", error=problem))
            elif kind == "bundle" and depth >= limits.max_nesting:
                why = f"{member}: a bundle nested deeper than {limits.max_nesting} bundles; unpack it first"
                lines.append(_line(member, "failed", error=why))
            else:
                wanted[entry.index] = (member, kind)
        lines += _hash_members(archive, wanted, chain, depth, budget, work)
        return lines
    finally:
        archive.close()


def _member_problem(entry: Entry, member: str, budget: _Budget) -> str | None:
    limits = budget.limits
    if entry.encrypted:
        return f"{member}: encrypted member; unpack the bundle with its password"
    if entry.unreadable:
        return f"{member}: {entry.unreadable}"
    if entry.size > limits.max_file_mb * MB:
        return (f"{member}: {entry.size // MB} MB inflated, over the {limits.max_file_mb} MB limit of an input; "
                "raise --max-file-mb if you trust it")  # fmt: skip
    if entry.packed and entry.size > MB and entry.size / entry.packed > limits.max_ratio:
        fold = entry.size // entry.packed
        return f"{member}: inflates {fold}-fold ({entry.size // MB} MB): a ZIP bomb, not a document"
    if entry.size > budget.left:
        return (f"{member}: over the bundle's {limits.max_bundle_mb} MB inflated in all; "
                "raise --max-bundle-mb if you trust it")  # fmt: skip
    budget.left -= entry.size
    return None


def _hash_members(
    archive: _Archive, wanted: dict[int, tuple[str, str]], chain: tuple[int, ...], depth: int, budget: _Budget,
    work: Path,
) -> list[manifest.Entry]:  # fmt: skip
    sinks: dict[int, _Sink] = {}
    sizes = {e.index: e.size for e in archive.entries}

    def sink(i: int) -> _Sink:
        target = work / f"nested-{i}{Path(wanted[i][0]).suffix.lower()}" if wanted[i][1] == "bundle" else None
        sinks[i] = _Sink(sizes[i], target)
        return sinks[i]

    error = "not reached"
    try:
        archive.stream(sorted(wanted), sink)
    except MemoryError:
        raise
    except Exception as e:  # a damaged 7z block stops the stream: the members not read to their end fail
        error = one_line(f"{type(e).__name__}: {e}")
    lines: list[manifest.Entry] = []
    for i in sorted(wanted):
        member, kind = wanted[i]
        out = sinks.get(i)
        if out is None or not out.done or out.error:
            why = out.error if out is not None and out.error else error
            lines.append(_line(member, "failed", error=f"{member}: could not be read from the bundle ({why})"))
        elif out.over or out.size != sizes[i]:
            lines.append(_line(member, "failed", error=f"{member}: damaged in the bundle (not the size it declares)"))
        elif kind == "bundle":
            lines += _nested(work / f"nested-{i}{Path(member).suffix.lower()}", member, out, (*chain, i), depth,
                             budget, work)  # fmt: skip
        else:
            lines.append(_line(member, "input", sha256=out.sha.hexdigest(), chain=[*chain, i]))
    return lines


def _nested(
    path: Path, member: str, out: _Sink, chain: tuple[int, ...], depth: int, budget: _Budget, work: Path
) -> list[manifest.Entry]:
    sha = out.sha.hexdigest()
    try:
        archive_lines = _list(path, member, chain, depth + 1, budget, work)
    except ExtractionError as e:
        return [_line(member, "failed", sha256=sha, error=one_line(e))]
    except zipfile.BadZipFile as e:
        return [_line(member, "failed", sha256=sha, error=f"{member}: damaged bundle ({e})")]
    except _Packaged:  # a DOCX or XLSX named .zip: content decides, it is a document
        return [_line(member, "input", sha256=sha, chain=list(chain))]
    finally:
        path.unlink(missing_ok=True)
    listed = sum(1 for line in archive_lines if line["status"] != "unpacked")
    return [_line(member, "unpacked", sha256=sha, members=listed, format=_kind_of(member)), *archive_lines]


def _kind_of(shown: str) -> str:
    return Path(shown).suffix.lower().lstrip(".")


@contextlib.contextmanager
def _workdir(outdir: Path) -> Iterator[Path]:
    work = outdir / WORK / f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    work.mkdir(parents=True)
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def unpack_one(task: Task, outdir: Path, options: ReadOptions) -> manifest.Entry:
    """Worker side: the bundle's manifest entry, and in `listing` a line for each member (not
    written as such: the batch turns input members into tasks and records the rest)."""
    t0 = time.perf_counter()
    entry: manifest.Entry = {"path": task.shown, "sha256": task.sha256}
    try:
        with _workdir(outdir) as work:
            listing = _list(task.path, task.shown, (), 1, _Budget(options.max_bundle_mb * MB, options), work)
    except _Packaged:  # a DOCX or XLSX named .zip: content decides, it is a document
        return {**entry, "status": "document"}
    except ExtractionError as e:
        return {**entry, "status": "failed", "error": one_line(e), "seconds": round(time.perf_counter() - t0, 3)}
    except OSError as e:
        error = f"{task.shown}: cannot be read ({e.strerror or e})"
        return {**entry, "status": "failed", "error": one_line(error), "seconds": round(time.perf_counter() - t0, 3)}
    members = sum(1 for line in listing if line["status"] != "unpacked")
    return {**entry, "status": "unpacked", "format": _kind_of(task.shown) or "zip", "members": members,
            "listing": listing, "seconds": round(time.perf_counter() - t0, 3)}  # fmt: skip


@contextlib.contextmanager
def member_file(task: Task, outdir: Path) -> Iterator[Path]:
    """The file to read for `task`: the input itself, or a bundle member extracted into a
    temporary file (under OUTDIR/.work, removed afterwards)."""
    if not task.member:
        yield task.path
        return
    with _workdir(outdir) as work:
        current, shown = task.path, task.shown.split("!/")[0]
        for depth, index in enumerate(task.member):
            archive = _open(current, shown)
            try:
                entry = archive.entries[index]
                target = work / f"{depth}-member{_safe_suffix(entry.name)}"
                out = _Sink(entry.size, target)
                try:
                    archive.stream([index], lambda _i, out=out: out)
                except MemoryError:
                    raise
                except Exception as e:
                    out.error = f"{type(e).__name__}: {e}"
                if out.error or not out.done or out.over:
                    why = out.error or "damaged"
                    raise CorruptFile(f"{task.shown}: could not be read from the bundle ({why})")
            finally:
                archive.close()
            if current != task.path:
                current.unlink(missing_ok=True)
            current, shown = target, f"{shown}!/{entry.name}"
        yield current


def _safe_suffix(name: str) -> str:
    suffix = Path(name.rsplit("/", 1)[-1]).suffix.lower()
    return suffix if suffix in SUPPORTED_EXTENSIONS or suffix in BUNDLE_EXTENSIONS else ""
