"""The read options (extract/options.py) under the name the layers above have used: `Limits`."""

from extract.options import DEFAULT, MB, ReadOptions, check_package, effective_mb

Limits = ReadOptions

__all__ = ["DEFAULT", "MB", "Limits", "ReadOptions", "check_package", "effective_mb"]
