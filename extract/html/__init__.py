"""Web pages: `<table>` markup and positioned renderings of PDF pages (see reader.py)."""

from extract.html.reader import read_html, read_mhtml

__all__ = ["read_html", "read_mhtml"]
