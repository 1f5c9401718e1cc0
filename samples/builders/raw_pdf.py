"""A PDF written object by object: the bytes a test or the scan yardstick needs exactly as given
(hostile structures, scanner-style image pages), with a cross-reference table that points at them."""

from __future__ import annotations

import io


def pdf_objects(objects: list[bytes]) -> bytes:
    """A PDF file of `objects`, numbered from 1 in order (object 1 is the catalog)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % off for off in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
