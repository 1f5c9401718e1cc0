"""A saved web page's text from its bytes, and the HTML part of an MHTML archive.

The encoding is taken, in this order, from a byte-order mark; UTF-8 where the bytes are valid
UTF-8 (other encodings of Chinese text almost never are); what the page declares (an MHTML
part's Content-Type, `<meta charset>`, `<meta http-equiv="Content-Type">`, an XML declaration),
when the bytes decode under it; else sniffed: charset-normalizer's guess, GB18030 and Big5
weighed by how common the Chinese characters each decoding gives are. GBK and GB2312 are
decoded as GB18030, their superset (pages labelled gb2312 often hold GBK characters).
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from dataclasses import dataclass

from extract.errors import CorruptFile

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# Labels pages use, as the WHATWG encoding standard resolves them: the GB family to its superset,
# Latin-1 and ASCII to windows-1252, Big5 to Big5-HKSCS.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "hz": "hz", "big5": "big5hkscs", "latin_1": "cp1252",
              "ascii": "cp1252", "iso8859_1": "cp1252"}  # fmt: skip
_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_:.\-]+)""",
    re.IGNORECASE,
)
# Where a page's declaration may stand: the spec says the first 1024 bytes, but portals put
# scripts and links first (Yantai's <meta charset> is 1.5 KB in).
DECLARATION_WINDOW = 64 * 1024
SNIFF_SAMPLE = 256 * 1024  # characters of a candidate decoding weighed for common hanzi


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    how: str  # 'bom', 'declared', 'sniffed', 'replaced'
    replaced: int = 0  # characters that could not be decoded (U+FFFD put in their place)


def codec_name(label: str | None) -> str | None:
    """Python's codec for an encoding label, the GB family read as GB18030; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    aliases = {"x-gbk": "gbk", "windows-936": "gbk", "cp936": "gbk", "ms936": "gbk", "x-cp936": "gbk",
               "chinese": "gb2312", "csgb2312": "gb2312", "iso-ir-58": "gb2312", "euc-cn": "gb2312",
               "x-euc-cn": "gb2312", "gb_2312-80": "gb2312", "unicode": "utf-16-le", "utf8": "utf-8",
               "x-x-big5": "big5", "cn-big5": "big5"}  # fmt: skip
    try:
        name = codecs.lookup(aliases.get(label, label)).name
    except LookupError:
        return None
    return _SUPERSETS.get(name.replace("-", "_"), name)


def declared_charset(data: bytes) -> str | None:
    m = _DECLARED.search(data[:DECLARATION_WINDOW])
    if m is None:
        return None
    return codec_name((m.group(1) or m.group(2)).decode("ascii"))


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """The page's text. `declared`: a charset given outside the page (an MHTML part's header)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(name, "replace")
            return Decoded(text, name, "bom", text.count("\ufffd"))
    label = codec_name(declared) or declared_charset(data)
    # Valid UTF-8 with non-ASCII bytes is UTF-8 whatever the page says: GBK text of any length
    # is almost never valid UTF-8, while a UTF-8 page labelled gb2312 decodes as GB18030 into
    # nonsense without a single error.
    if (text := _strict(data, "utf-8")) is not None:
        return Decoded(text, "utf-8", "declared" if label in (None, "utf-8") else "sniffed")
    if label and (text := _strict(data, label)) is not None:
        return Decoded(text, label, "declared")
    name, text = sniff(data, label or "utf-8")
    replaced = text.count("\ufffd")
    return Decoded(text, name, "replaced" if replaced else "sniffed", replaced)


def _strict(data: bytes, name: str) -> str | None:
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def sniff(data: bytes, fallback: str) -> tuple[str, str]:
    """(encoding, text) of bytes that are not UTF-8 and not in the encoding they declare:
    charset-normalizer's guess, GB18030 and Big5 where they decode the bytes whole, and
    `fallback` with undecodable bytes replaced, weighed by how common their Chinese is."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guesses = [codec_name(best.encoding)] if best is not None else []
    decodings = []
    for name in dict.fromkeys([*guesses, "gb18030", "big5hkscs"]):
        if name and (text := _strict(data, name)) is not None:
            decodings.append((name, text))
    decodings.append((fallback, data.decode(fallback, "replace")))
    # A page of simplified Chinese decoded right is nearly all common characters; decoded in the
    # wrong CJK encoding it gives rare and traditional ones. Ties keep the order above.
    return max(decodings, key=lambda d: _commonness(d[1][:SNIFF_SAMPLE]))


def _commonness(text: str) -> int:
    """Common Chinese characters and punctuation (GB2312's symbol rows and level-1 hanzi) less
    all other non-ASCII characters."""
    score = 0
    for ch in text:
        if ch < "\x80":
            continue
        try:
            lead = ch.encode("gb2312")[0]
        except UnicodeEncodeError:
            score -= 1
            continue
        score += 1 if 0xA1 <= lead <= 0xA9 or 0xB0 <= lead <= 0xD7 else -1
    return score


def mhtml_part(path, data: bytes) -> tuple[bytes, str | None]:
    """The bytes of an MHTML archive's HTML document (its root part) and the part's charset;
    quoted-printable and base64 bodies decoded. The archive's other parts (images, styles) are
    not used."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if not message.is_multipart():
        raise CorruptFile(f"{path}: an MHTML file that is not a MIME multipart archive; save the page again")
    start = (message.get_param("start") or "").strip("<>")
    html_parts = [p for p in message.walk() if p.get_content_type() in ("text/html", "application/xhtml+xml")]
    if not html_parts:
        raise CorruptFile(f"{path}: an MHTML archive without an HTML part; save the page again")
    root = next((p for p in html_parts if start and (p.get("Content-ID") or "").strip("<>") == start), html_parts[0])
    payload = root.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raise CorruptFile(f"{path}: the MHTML archive's HTML part cannot be decoded")
    return payload, root.get_content_charset()
