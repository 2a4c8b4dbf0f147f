"""Decode bytes to text: a byte-order mark first, then strict UTF-8, then charset detection.

Scrapes saved by Windows tools are often cp1252: the byte 0x92 is a right single quote there, and
decoding it as latin-1 would leave a C1 control character in "Serdyukov\\x92s". Newlines are
normalised so that line numbers mean the same thing for every input.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from cleaner.document import Document

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


_LATIN_SINGLE_BYTE = {
    "ascii", "cp1250", "cp1252", "cp1254", "cp1257", "latin-1", "iso8859-1", "iso8859-2", "iso8859-9",
    "iso8859-15", "iso8859-13", "mac-roman", "mac-latin2",
}


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return the text and the encoding used: ``decode_bytes(b"Serdyukov\\x92s")`` gives
    ``("Serdyukov’s", "cp1252")``. Every byte string decodes: latin-1 is the last resort."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # A truncated UTF-16/32 file still decodes; its broken tail becomes U+FFFD.
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and best.encoding.replace("_", "-") not in _LATIN_SINGLE_BYTE:
        return str(best), best.encoding
    # The detector cannot tell the Latin single-byte code pages apart on short text (it calls
    # French latin-1 "cp1250" and gets "crčme"); cp1252 is what scrapes actually use.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def run(doc: Document, rules, config) -> None:
    text = doc.raw
    if isinstance(text, (bytes, bytearray)):
        text, encoding = decode_bytes(bytes(text))
        if encoding not in ("utf-8", "utf-8-sig"):
            doc.warnings.append(f"decoded as {encoding}")
    doc.text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
