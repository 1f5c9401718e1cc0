"""Batch conversion of many files: parallel, resumable, one JSON per input plus a manifest."""

# What `--format` and `--xlsx-headers` accept. Kept here, free of imports, so the command line can
# offer them without loading the writers.
FLAT_FORMATS = ("json", "jsonl", "csv", "xlsx", "parquet")
XLSX_HEADERS = ("zh", "snake")  # Chinese labels (for finance staff) or the column names
