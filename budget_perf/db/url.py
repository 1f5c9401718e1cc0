"""What `--db` (or $BUDGET_PERF_DB) may be, and how it is shown: never with its password."""

from __future__ import annotations

import os
import re
from pathlib import Path

ENV_VAR = "BUDGET_PERF_DB"
DEFAULT = "sqlite:///results.db"
SCHEMES = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg",
           "postgresql+psycopg": "postgresql+psycopg"}  # fmt: skip
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


class DatabaseURLError(ValueError):
    pass


def resolve(value: str | None) -> str:
    """The SQLAlchemy URL for a --db value; a plain path is an SQLite file."""
    value = value or os.environ.get(ENV_VAR) or DEFAULT
    match = _SCHEME.match(value)
    if match is None:
        return "sqlite:///" + str(Path(value).expanduser().resolve())
    scheme = match.group(1).lower()
    driver = SCHEMES.get(scheme)
    if driver is None:
        raise DatabaseURLError(
            f"unsupported database '{scheme}://' in {redact(value)}; use sqlite:///FILE, a plain FILE path, "
            "or postgresql://USER@HOST/DB"
        )
    return driver + value[match.end(1) :]


def redact(url: str) -> str:
    """The URL with its password replaced by ***, for messages and logs."""
    return re.sub(r"(://[^/:@]*:)[^/@]*@", r"\1***@", url)


def scrub(message: str, url: str) -> str:
    """A driver's message with any trace of the password taken out."""
    from sqlalchemy.engine import make_url

    try:
        password = make_url(url).password
    except Exception:
        password = None
    message = message.replace(url, redact(url))
    if password:
        message = message.replace(str(password), "***")
    return message
