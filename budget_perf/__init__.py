"""budget-perf-extract: Chinese budget performance documents to validated indicator JSON.

The user-facing layout keeps `extract/`, `schemas/`, `normalizers/` and `cli.py` at the top;
everything else (errors, the pipeline, assembly, batch, databases, QA) lives in this one
package so that an installed wheel adds no generic top-level names beside them.
"""

__version__ = "0.2.0"
