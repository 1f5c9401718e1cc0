"""Files, directories (recursive) and glob patterns to the list of inputs, and an account of
everything else found: a file of a kind the tool does not read, a directory it cannot enter, a
link that leads nowhere, a fifo. Nothing found is dropped without a word; the batch writes a
manifest line for each.

The walk never opens anything but directories: a fifo would block a reader, a device file would
never end. Links to directories are followed once (a directory met again through a link, or a
link back up the tree, gets a `skipped` line), the tree is walked without recursion (any depth),
and a name that is not valid UTF-8 is shown with its bytes escaped (`display`)."""

from __future__ import annotations

import errno
import glob
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from budget_perf.errors import display
from extract.registry import SUPPORTED_EXTENSIONS

HIDDEN_DIR = "hidden directory, not searched"
# Bundles of documents opened in a batch (budget_perf/batch/bundles.py); each member is an input.
BUNDLE_EXTENSIONS = frozenset({".zip", ".7z"})
# Bundles of a kind found but not opened, and why (said on their manifest line).
UNREAD_BUNDLES = {
    ".rar": "RAR archive not opened: no library on PyPI reads RAR without a system tool (unrar); "
    "its documents are not converted: unpack it (unrar x) and add the folder",
}
# Files that are never documents: operating-system and editor droppings.
_JUNK = {"thumbs.db", ".ds_store", "desktop.ini"}
_SPECIAL = {
    stat.S_IFIFO: "a named pipe (fifo)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


@dataclass(frozen=True, slots=True)
class Found:
    """Something a directory walk met that is not an input: why, and with which status."""

    path: Path
    status: str  # "unsupported" (not read), "skipped" (not searched), "failed" (broken or not listable)
    reason: str


def expand(args: list[str], exclude: Path | None = None) -> list[Path]:
    """The inputs alone (what `qa` needs); see `walk` for the full account."""
    return walk(args, exclude)[0]


def special_kind(mode: int) -> str | None:
    """Words for a file that is not a regular file or a directory (never opened), or None."""
    return _SPECIAL.get(stat.S_IFMT(mode))


def walk(args: list[str], exclude: Path | None = None) -> tuple[list[Path], list[Found]]:
    """Inputs in a stable order, each once, and everything else found, each once.

    Named files are kept whatever their name (content decides); inside directories a file is an
    input when its extension is one the tool reads (or a bundle's), and is reported otherwise.
    """
    seen: set[str] = set()
    inputs: list[Path] = []
    others: list[Found] = []
    skip = _identity(exclude) if exclude is not None else None
    searched: dict[tuple[int, int], Path] = {}  # directories entered, by device and inode

    def fresh(p: Path) -> bool:
        key = os.path.normpath(os.path.abspath(p))
        if key in seen:
            return False
        seen.add(key)
        return True

    def add(p: Path) -> None:
        if fresh(p) and not (skip is not None and _inside(p, skip)):  # the batch's own outputs: not inputs
            inputs.append(p)

    def note(found: Found) -> None:
        if fresh(found.path):
            others.append(found)

    def scan(root: Path) -> None:
        for p, problem in _walk(root, skip, searched):
            if problem is not None:
                note(problem)
            elif _readable_kind(p):
                add(p)
            else:
                status = "unsupported"
                note(Found(p, status, _why_not(p)))

    for arg in args:
        path = Path(arg)
        if path.is_dir():
            scan(path)
        elif path.is_symlink() or path.exists() or not glob.has_magic(arg):
            _named(path, add, note)
        else:
            for match in sorted(glob.glob(arg, recursive=True)):
                m = Path(match)
                if m.is_dir():
                    scan(m)
                else:
                    _named(m, add, note)
    return inputs, others


def _named(path: Path, add, note) -> None:
    """A file named on the command line: an input unless it is broken or not a regular file."""
    problem = _entry_problem(path)
    if problem is None:
        add(path)
    else:
        note(problem)


def _readable_kind(p: Path) -> bool:
    suffix = p.suffix.lower()
    return (suffix in SUPPORTED_EXTENSIONS or suffix in BUNDLE_EXTENSIONS) and not p.name.startswith("~$")


def _why_not(p: Path) -> str:
    if p.name.lower() in _JUNK or p.name.startswith("~$"):
        return f"{p.name} is a system or lock file, not a document"
    kind = p.suffix.lower() or "(no extension)"
    if kind in UNREAD_BUNDLES:
        return UNREAD_BUNDLES[kind]
    known = sorted(SUPPORTED_EXTENSIONS | BUNDLE_EXTENSIONS)
    return f"file type {kind} is not read; supported: {', '.join(known)}"


def _inside(p: Path, directory: tuple[int, int]) -> bool:
    return any(_identity(parent) == directory for parent in Path(os.path.abspath(p)).parents)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _link_problem(p: Path, e: OSError) -> Found:
    if e.errno == errno.ELOOP:
        return Found(p, "failed", "symbolic link loop (the link leads back to itself); not read")
    if e.errno == errno.ENOENT:
        target = os.readlink(p) if os.path.islink(p) else "?"
        return Found(p, "failed", f"broken symbolic link (its target {display(target)} does not exist)")
    return Found(p, "failed", f"cannot be read ({e.strerror or e})")


def _entry_problem(p: Path) -> Found | None:
    """Why a named path is not an input: broken link, loop, missing, or not a regular file."""
    try:
        st = os.stat(p)
    except OSError as e:
        if os.path.islink(p) or e.errno == errno.ELOOP:
            return _link_problem(p, e)
        return None  # missing: the batch records it failed ("no such file") as before
    kind = special_kind(st.st_mode)
    if kind is not None:
        return Found(p, "failed", f"{kind}, not a regular file; not opened")
    return None


def _walk(
    root: Path, skip: tuple[int, int] | None, searched: dict[tuple[int, int], Path]
) -> list[tuple[Path, Found | None]]:
    """Every file below `root` in a stable order, with a `Found` for everything that is not a
    plain candidate input: directories that could not be listed, hidden ones, links to directories
    already searched, broken links, fifos and devices. Iterative, so no depth is too deep."""
    out: list[tuple[Path, Found | None]] = []
    ident = _identity(root)
    if ident is not None:
        searched.setdefault(ident, root)
    stack = [root]
    while stack:
        here = stack.pop()
        try:
            with os.scandir(here) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            out.append((here, Found(here, "failed", f"cannot list the directory ({e.strerror or e})")))
            continue
        below: list[Path] = []
        for entry in entries:
            p = here / entry.name
            try:
                st = os.stat(p)  # follows links: what the entry leads to
            except OSError as e:
                if entry.is_symlink():
                    out.append((p, _link_problem(p, e)))
                else:  # vanished since listed, or a name too long for the system
                    out.append((p, Found(p, "failed", f"cannot be read ({e.strerror or e})")))
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if entry.name.startswith("."):
                    out.append((p, Found(p, "skipped", HIDDEN_DIR)))  # .git, .svn: said once
                elif key == skip:
                    continue  # the batch's own OUTDIR
                elif key in searched:
                    why = f"a link to a directory already searched ({display(searched[key])}); not searched again"
                    out.append((p, Found(p, "skipped", why)))
                else:
                    searched[key] = p
                    below.append(p)
            elif stat.S_ISREG(st.st_mode):
                out.append((p, None))
            else:
                kind = special_kind(st.st_mode) or "not a regular file"
                out.append((p, Found(p, "unsupported", f"{kind}, not a document; not opened")))
        stack += reversed(below)
    return sorted(out, key=lambda item: str(item[0]))
