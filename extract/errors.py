"""Errors that stop a whole document. Anything smaller becomes an `Issue`.

Each message says what is wrong and what to do, in one line, because the CLI
prints it as is.
"""


class ExtractionError(Exception):
    """Base class: the document could not be read at all."""


class InputNotFound(ExtractionError):
    pass


class EmptyInput(ExtractionError):
    pass


class UnsupportedFormat(ExtractionError):
    pass


class CorruptFile(ExtractionError):
    pass


class EncryptedFile(ExtractionError):
    pass


class InputTooLarge(ExtractionError):
    pass


class MissingDependency(ExtractionError):
    pass


def display(path: object) -> str:
    """A path as text that can be written anywhere (manifest, JSON, database): as it is, or, for
    a name that is not valid UTF-8, with its undecodable bytes escaped (b'\\xd6' -> '\\\\xd6')."""
    import os

    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def one_line(text: object) -> str:
    """`text` safe to print as one line: control characters (a newline in a file name) escaped."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in str(text)
    )


def as_extraction_error(error: BaseException, path: object, what: str | None = None) -> ExtractionError:
    """Any exception met while reading `path` as the project's error, its cause in one line:
    every process boundary (a conversion, a batch worker, the command line) turns what escapes a
    reader into this, so a user never sees a traceback and a batch never stops for one file."""
    if isinstance(error, ExtractionError):
        return error
    if isinstance(error, MemoryError):
        return InputTooLarge(f"{path}: ran out of memory while reading it; raise --max-memory")
    if isinstance(error, RecursionError):
        return CorruptFile(f"{path}: nested too deeply to read")
    if isinstance(error, OSError):  # permissions, a file that vanished, a full disk
        return CorruptFile(f"{path}: cannot be read ({error.strerror or error})")
    kind = f" as {what}" if what else ""
    return CorruptFile(f"{path}: could not be read{kind} ({type(error).__name__}: {one_line(error)})")
