"""Batch conversion of many files: parallel, resumable, one JSON per input plus a manifest."""
