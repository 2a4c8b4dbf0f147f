"""Charset detection: bytes to text, a byte-order mark first, then (for HTML) the page's own
``<meta charset>``, then strict UTF-8, then charset detection; and the test that tells binary data
from text. The decode step (:mod:`cleaner.steps.decode`) and ``cleaner check`` both use it.

Scrapes saved by Windows tools are often cp1252: the byte 0x92 is a right single quote there, and
decoding it as latin-1 would leave a C1 control character in "Serdyukov\\x92s".

HTML bytes say what they are written in, and browsers believe them (the WHATWG "prescan"): a
``<meta charset="windows-1252">`` or ``<meta http-equiv="Content-Type" content="text/html;
charset=...">`` near the top decides, after a byte-order mark and before any guessing. Detection
cannot tell the Latin code pages apart, and the cp1252 preference below would read a Czech
windows-1250 page's "ř" as "ø"; the declaration knows. Labels are mapped the WHATWG way:
"iso-8859-1", "latin1" and "ascii" mean cp1252 (pages that say latin-1 are written in cp1252, with
0x92 for "’"), "utf-16" in an 8-bit page means UTF-8, and a label no browser knows is ignored (the
next ``<meta>``, then UTF-8, then detection decide). The prescan is a regex over the first
``PRESCAN_BYTES`` (4096) bytes, not a parser: the standard asks for 1024, and pages with long
comments or scripts before the meta go further. It runs only on bytes whose head has
``<!doctype html``, ``<html``, ``<head`` or ``<meta`` (or when the caller says ``html=True``), so
plain text dumps decode exactly as before.

A declaration can be plainly wrong, and then it loses: "utf-8" over bytes that are not UTF-8, or a
legacy code page over bytes that are valid UTF-8 with non-ASCII in them (a scraper that re-encoded
the page to UTF-8 but kept its ``<meta>``; believing it would turn "é" into "Ã©"). The next step
decides, and the warning names both what was declared and what was used.

Binary data (an image, a PDF, a gzip file, random bytes saved as .txt) decodes too, as latin-1,
into an article of garbage that takes the pipeline 15 to 20 s a megabyte. So a decoded text whose
head holds control characters that no text has (C0 controls other than whitespace and ESC) in more
than ``BINARY_SHARE`` of its characters is binary (:func:`binary_reason`), which the decode step
and ``cleaner check`` reject: random bytes have 10% of them, the benchmark's 3,172 documents none.
C1 controls do not count, because mojibake is full of them and repair fixes it; a few NULs in a
text do not reach the share, and are removed by repair.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


_LATIN_SINGLE_BYTE = {
    "ascii", "cp1250", "cp1252", "cp1254", "cp1257", "latin-1", "iso8859-1", "iso8859-2", "iso8859-9",
    "iso8859-15", "iso8859-13", "mac-roman", "mac-latin2",
}

PRESCAN_BYTES = 4096
BINARY_HEAD = 8192  # characters read for the binary test: git reads 8,000 bytes for its own
BINARY_SHARE = 0.05
# And at least this many: in a short text the share is noise (one NUL in a 15-character title is
# 7%). Binary data under about 160 bytes goes through as text; its article is garbage, not a crash.
BINARY_MIN_CONTROLS = 8
_BINARY_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# The same characters as bytes: in UTF-8 a byte under 0x80 is only ever an ASCII character, so the
# control bytes of a text's UTF-8 are its control characters (bytes.translate counts them in 4 us
# for 8,192 characters of English, 13 of Russian; the pattern's findall took 26-36).
_BINARY_CONTROL_BYTES = bytes(code for code in range(0x80) if _BINARY_CONTROL.match(chr(code)))

# Cheap HTML sniff on the bytes; the pipeline's own sniff (extract_html) runs on the decoded text.
_HTML_HEAD = re.compile(rb"<(?:!doctype\s+html|html|head|meta)\b", re.I)
_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.S)
_META = re.compile(rb"<meta[\s/]([^<>]*)>", re.I)
_ATTRIBUTE = re.compile(rb"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
_CONTENT_CHARSET = re.compile(rb"""charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))""", re.I)

# Where the WHATWG Encoding Standard reads a label differently from Python's codecs.
_WHATWG_LABELS = {
    **dict.fromkeys((
        "ascii", "us-ascii", "ansi_x3.4-1968", "iso-8859-1", "iso8859-1", "iso88591", "iso_8859-1",
        "iso_8859-1:1987", "latin1", "l1", "cp819", "ibm819", "iso-ir-100", "csisolatin1",
        "x-cp1252", "x-user-defined",
    ), "cp1252"),
    **dict.fromkeys((
        "iso-8859-9", "iso8859-9", "iso88599", "iso_8859-9", "iso_8859-9:1989", "latin5", "l5",
        "iso-ir-148", "csisolatin5",
    ), "cp1254"),
    **dict.fromkeys(("iso-8859-11", "iso8859-11", "iso885911", "tis-620", "dos-874", "windows-874"), "cp874"),
    **dict.fromkeys((
        "gb2312", "gbk", "x-gbk", "chinese", "csgb2312", "gb_2312", "gb_2312-80", "iso-ir-58",
        "csiso58gb231280",
    ), "gb18030"),
    **dict.fromkeys((
        "euc-kr", "cseuckr", "korean", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601",
        "csksc56011987", "iso-ir-149", "windows-949",
    ), "cp949"),
    **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "ms932", "windows-31j",
                     "csshiftjis"), "cp932"),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"), "big5hkscs"),
    **dict.fromkeys(("iso-8859-8-i", "csiso88598i", "logical"), "iso8859-8"),
    **dict.fromkeys(("unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"), "utf-8"),
    # A page whose <meta> could be read as ASCII is not UTF-16, whatever it says.
    **dict.fromkeys((
        "utf-16", "utf-16le", "utf-16be", "unicode", "unicodefeff", "unicodefffe", "ucs-2", "csunicode",
        "iso-10646-ucs-2",
    ), "utf-8"),
    "x-mac-roman": "mac-roman",
    "x-mac-cyrillic": "mac-cyrillic", "x-mac-ukrainian": "mac-cyrillic",
}

# The encodings a browser knows (Python's names); any other label (utf-7, utf-32, rot13, a typo) is ignored.
_WHATWG_ENCODINGS = {
    "utf-8", "cp866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "cp874", "gb18030",
    "big5hkscs", "euc_jp", "iso2022_jp", "cp932", "cp949",
    *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
    *(f"cp125{n}" for n in range(9)),
}


def _encoding_for(label: bytes) -> str | None:
    """Python's name for a ``<meta>`` charset label, or None for a label browsers do not know:
    ``b"ISO-8859-1"`` gives ``"cp1252"``, ``b"UTF-16"`` gives ``"utf-8"``."""
    try:
        name = label.decode("ascii").strip().lower()
    except UnicodeDecodeError:
        return None
    name = _WHATWG_LABELS.get(name, name)
    try:
        encoding = codecs.lookup(name).name
    except LookupError:
        return None
    return encoding if encoding in _WHATWG_ENCODINGS else None


def declared_charset(data: bytes) -> tuple[str, str, str] | None:
    """The first usable charset a ``<meta>`` declares in the first ``PRESCAN_BYTES`` bytes, as
    (label as written, Python encoding, where): ``declared_charset(b'<meta charset="latin1">')`` gives
    ``("latin1", "cp1252", "<meta charset>")``. Metas inside comments do not count."""
    head = _COMMENT.sub(b"", data[:PRESCAN_BYTES])
    for meta in _META.finditer(head):
        attributes: dict[bytes, bytes] = {}
        for attribute in _ATTRIBUTE.finditer(meta.group(1)):
            value = next((v for v in attribute.group(2, 3, 4) if v is not None), b"")
            attributes.setdefault(attribute.group(1).lower(), value)
        if b"charset" in attributes:
            label, where = attributes[b"charset"], "<meta charset>"
        elif attributes.get(b"http-equiv", b"").strip().lower() == b"content-type":
            found = _CONTENT_CHARSET.search(attributes.get(b"content", b""))
            if found is None:
                continue
            label, where = next(v for v in found.groups() if v is not None), "<meta http-equiv>"
        else:
            continue
        encoding = _encoding_for(label)
        if encoding is not None:
            return label.decode("ascii").strip().lower(), encoding, where
    return None


def decode_bytes(data: bytes, html: bool | None = None) -> tuple[str, str]:
    """Return the text and the encoding used: ``decode_bytes(b"Serdyukov\\x92s")`` gives
    ``("Serdyukov’s", "cp1252")``. Every byte string decodes: latin-1 is the last resort. ``html``
    as in :func:`decode_with_warning`."""
    text, encoding, _ = decode_with_warning(data, html)
    return text, encoding


def decode_with_warning(data: bytes, html: bool | None = None) -> tuple[str, str, str | None]:
    """``decode_bytes`` plus the warning to record, or None when the bytes were UTF-8 (or pure
    ASCII under a declared charset). ``html=None`` sniffs the head of the bytes for HTML; only HTML
    is prescanned for a ``<meta>`` charset."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # A truncated UTF-16/32 file still decodes; its broken tail becomes U+FFFD.
            text = data.decode(encoding, errors="replace")
            return text, encoding, None if encoding == "utf-8-sig" else f"decoded as {encoding}"
    declared = None
    if html or (html is None and _HTML_HEAD.search(data, 0, PRESCAN_BYTES)):
        declared = declared_charset(data)
    wrong = None
    if declared is not None:
        label, encoding, where = declared
        if encoding == "utf-8":
            try:
                return data.decode("utf-8"), "utf-8", None
            except UnicodeDecodeError:
                wrong = "the bytes are not valid UTF-8"
        elif data.isascii() and encoding != "iso2022_jp":  # ISO-2022-JP is written in ASCII bytes
            return data.decode(encoding), encoding, None  # every ASCII-compatible charset reads it the same
        elif not data.isascii() and (utf8 := _utf8(data)) is not None:
            return utf8, "utf-8", (
                f"decoded as utf-8, not {label} as declared in {where} (the bytes are valid UTF-8)")
        else:
            text = data.decode(encoding, errors="replace")
            warning = f"decoded as {encoding} (declared {label} in {where})"
            if replaced := text.count("\ufffd"):
                warning += f", with {replaced} replacement character{'s' if replaced > 1 else ''} (U+FFFD)"
            return text, encoding, warning
    if wrong is None and (utf8 := _utf8(data)) is not None:
        return utf8, "utf-8", None
    text, encoding = _detect(data)
    if wrong is not None:
        return text, encoding, f"decoded as {encoding}, not {label} as declared in {where} ({wrong})"
    return text, encoding, f"decoded as {encoding}"


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _detect(data: bytes) -> tuple[str, str]:
    best = from_bytes(data).best()
    if best is not None and best.encoding.replace("_", "-") not in _LATIN_SINGLE_BYTE:
        return str(best), best.encoding
    # The detector cannot tell the Latin single-byte code pages apart on short text (it calls
    # French latin-1 "cp1250" and gets "crčme"); cp1252 is what scrapes actually use.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def binary_reason(text: str) -> str | None:
    """Why ``text`` is binary data and not text, or None when it is text."""
    head = text[:BINARY_HEAD]
    data = head.encode("utf-8", "surrogatepass")  # (JSON input can hold lone surrogates)
    controls = len(data) - len(data.translate(None, _BINARY_CONTROL_BYTES))
    if controls >= BINARY_MIN_CONTROLS and controls > BINARY_SHARE * len(head):
        return f"binary data, not text: {controls:,} control characters in the first {len(head):,}"
    return None
