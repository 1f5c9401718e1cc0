"""The project's errors, defined in the bottom layer (extract/errors.py) that the readers use;
named here too for the layers above."""

from extract.errors import (
    CorruptFile,
    EmptyInput,
    EncryptedFile,
    ExtractionError,
    InputNotFound,
    InputTooLarge,
    MissingDependency,
    UnsupportedFormat,
    as_extraction_error,
    display,
    one_line,
)

__all__ = [
    "CorruptFile",
    "EmptyInput",
    "EncryptedFile",
    "ExtractionError",
    "InputNotFound",
    "InputTooLarge",
    "MissingDependency",
    "UnsupportedFormat",
    "as_extraction_error",
    "display",
    "one_line",
]
