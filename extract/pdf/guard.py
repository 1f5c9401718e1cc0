"""A PDF whose streams inflate beyond the limit is refused before PDFium inflates them.

PDFium decodes a content stream whole: a few kilobytes compressed twice with /FlateDecode can
ask for gigabytes. Before the PDF is opened, each Flate-encoded stream is inflated here
chunk by chunk through all its Flate layers, counting the output and keeping none of it, and
the count stops at the limit. Streams this cannot read (encrypted, or other filters) are left
to PDFium and to the memory ceiling of the conversion.
"""

from __future__ import annotations

import mmap
import re
import zlib
from pathlib import Path

from extract.errors import InputTooLarge
from extract.options import MB

_STREAM = re.compile(rb"stream\r?\n")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_CHUNK = 1 << 16


def check_streams(path: Path, max_unpacked_mb: int) -> None:
    limit = max_unpacked_mb * MB
    with path.open("rb") as fh:
        try:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file is refused elsewhere
            return
        with data:
            if data.find(b"/Encrypt") != -1:
                return  # encrypted streams cannot be inflated without the key
            for m in _STREAM.finditer(data):
                head = data[max(0, m.start() - 1024) : m.start()]
                start = head.rfind(b"<<")
                filters = _FILTER.search(head, start if start != -1 else 0)
                if filters is None:
                    continue
                layers = filters.group(1).count(b"/FlateDecode") + filters.group(1).count(b"/Fl ")
                names = re.findall(rb"/[A-Za-z0-9]+", filters.group(1))
                if not layers or layers != len(names):
                    continue  # not Flate all the way down: another decoder comes first or last
                end = data.find(b"endstream", m.end())
                if end == -1:
                    continue
                size = _inflated_size(data, m.end(), end, layers, limit)
                if size > limit:
                    raise InputTooLarge(
                        f"{path}: a PDF stream inflates beyond {limit // MB} MB "
                        f"({layers} Flate layer{'s' if layers > 1 else ''}); raise --max-unpacked if you trust it"
                    )


class _TooLarge(Exception):
    pass


def _inflated_size(data: mmap.mmap, start: int, end: int, layers: int, limit: int) -> int:
    """Bytes the stream inflates to through its layers, depth first, at most one chunk per layer
    in memory; stops counting past `limit`."""
    decoders = [zlib.decompressobj() for _ in range(layers)]
    total = 0

    def feed(level: int, piece: bytes) -> None:
        nonlocal total
        decoder = decoders[level]
        while piece and not decoder.eof:
            out = decoder.decompress(piece, _CHUNK)
            if not out and decoder.unconsumed_tail == piece:
                break  # no progress: the rest is not this layer's data
            piece = decoder.unconsumed_tail
            if level == layers - 1:
                total += len(out)
                if total > limit:
                    raise _TooLarge
            elif out:
                feed(level + 1, out)

    try:
        for at in range(start, end, _CHUNK):
            feed(0, data[at : min(at + _CHUNK, end)])
    except _TooLarge:
        return total
    except zlib.error:
        return total  # damaged data: PDFium decides what to make of it
    return total
