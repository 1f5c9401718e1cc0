"""Format readers. Each turns a file into the intermediate `RawDocument` model."""

from extract.registry import READERS, read, sniff_format

__all__ = ["READERS", "read", "sniff_format"]
