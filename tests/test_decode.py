"""Decoding bytes: HTML pages are read in the charset their <meta> declares, as browsers read them;
text dumps keep BOM, UTF-8, then detection."""

from __future__ import annotations

import pytest

import cleaner
from cleaner import encoding
from cleaner.document import Document
from cleaner.encoding import decode_bytes
from cleaner.steps import decode


def page(meta: str, body: bytes) -> bytes:
    return (f"<!DOCTYPE html><html><head>{meta}<title>Notes</title></head><body><p>".encode("ascii")
            + body + b"</p></body></html>")


def decoded(data: bytes, html: bool | None = None) -> tuple[str, list[str]]:
    """What the decode step leaves on a document: its text and its warnings."""
    doc = Document(raw=data, is_html=html)
    decode.run(doc, None, None)
    return doc.text, doc.warnings


def test_a_cp1252_page_declared_windows_1252_reads_its_quote_and_accent():
    data = page('<meta charset="windows-1252">', b"Serdyukov\x92s caf\xe9")
    text, warnings = decoded(data)
    assert "<p>Serdyukov’s café</p>" in text
    assert warnings == ["decoded as cp1252 (declared windows-1252 in <meta charset>)"]
    assert decode_bytes(data)[1] == "cp1252"


def test_a_page_declared_latin1_is_read_as_cp1252():
    text, warnings = decoded(page("<meta charset='ISO-8859-1'>", b"It\x92s \x93caf\xe9\x94"))
    assert "<p>It’s “café”</p>" in text
    assert warnings == ["decoded as cp1252 (declared iso-8859-1 in <meta charset>)"]


def test_the_http_equiv_form_declares_too():
    meta = '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">'
    text, warnings = decoded(page(meta, b"Serdyukov\x92s caf\xe9"))
    assert "<p>Serdyukov’s café</p>" in text
    assert warnings == ["decoded as cp1252 (declared iso-8859-1 in <meta http-equiv>)"]


def test_the_declared_charset_beats_detection_on_a_central_european_page():
    # Without the <meta>, detection's Latin guess becomes cp1252 and "ř" would read "ø".
    data = page('<meta http-equiv="content-type" content="text/html;charset=windows-1250">',
                "Přístav zamrzl, řekl ředitel správy.".encode("cp1250"))
    assert decode_bytes(data) == (data.decode("cp1250"), "cp1250")


def test_a_page_declared_utf8_that_is_utf8():
    data = page('<meta charset="utf-8">', "Serdyukov’s café".encode("utf-8"))
    assert decoded(data) == (data.decode("utf-8"), [])
    assert decode_bytes(data) == (data.decode("utf-8"), "utf-8")


def test_a_page_declared_utf8_that_is_not_falls_through_to_detection_and_says_so():
    body = (b"The harbour froze three weeks earlier than usual this winter, and the port authority\x92s "
            b"director said on Monday that ships would go to the southern terminal near the caf\xe9.")
    data = page('<meta charset="utf-8">', body)
    text, warnings = decoded(data)
    assert "port authority’s director" in text and "near the café." in text
    assert warnings == ["decoded as cp1252, not utf-8 as declared in <meta charset> "
                        "(the bytes are not valid UTF-8)"]
    assert decode_bytes(data) == decode_bytes(data, html=False)  # what detection alone gives


def test_an_unknown_label_is_ignored():
    data = page('<meta charset="x-klingon"><meta charset="utf-7">', b"Serdyukov\x92s caf\xe9")
    assert decode_bytes(data) == decode_bytes(data, html=False)  # as if there were no <meta>
    assert decoded(data)[1] == [f"decoded as {decode_bytes(data)[1]}"]
    # ...and the next <meta> with a label browsers know still counts.
    data = page('<meta charset="x-klingon"><meta charset="windows-1252">', b"Serdyukov\x92s caf\xe9")
    assert decode_bytes(data)[1] == "cp1252" and "Serdyukov’s café" in decode_bytes(data)[0]


def test_utf16_declared_in_an_8bit_page_means_utf8():
    data = page('<meta charset="UTF-16">', "Serdyukov’s café".encode("utf-8"))
    assert decoded(data) == (data.decode("utf-8"), [])
    # A declaration of UTF-8, not an unknown label: bytes that are not UTF-8 make it wrong.
    text, warnings = decoded(page('<meta charset="UTF-16">', b"Serdyukov\x92s caf\xe9"))
    assert warnings[0].endswith(", not utf-16 as declared in <meta charset> (the bytes are not valid UTF-8)")


def test_a_meta_after_the_first_prescan_bytes_does_not_count():
    script = b"<script>var tracking = 1;</script>" * (encoding.PRESCAN_BYTES // 30)
    data = b"<html><head>" + script + page('<meta charset="windows-1250">', b"Pr\xf8\xedstav")
    assert decode_bytes(data) == decode_bytes(data, html=False)
    assert decode_bytes(data)[1] != "cp1250"


def test_a_meta_inside_a_comment_does_not_count():
    data = page('<!-- <meta charset="koi8-r"> --><meta charset="windows-1252">', b"Serdyukov\x92s")
    assert decode_bytes(data) == (data.decode("cp1252"), "cp1252")


def test_a_legacy_declaration_over_valid_utf8_is_wrong_and_utf8_wins():
    # A scraper re-encoded the page to UTF-8 but kept its <meta>; believing it gives "cafÃ©".
    data = page('<meta charset="windows-1252">', "Serdyukov’s café".encode("utf-8"))
    text, warnings = decoded(data)
    assert "Serdyukov’s café" in text
    assert warnings == ["decoded as utf-8, not windows-1252 as declared in <meta charset> "
                        "(the bytes are valid UTF-8)"]


def test_undecodable_bytes_under_a_declared_charset_become_replacement_characters_with_a_warning():
    text, warnings = decoded(page('<meta charset="windows-1252">', b"caf\xe9 \x81\x8d"))
    assert "café \ufffd\ufffd" in text
    assert warnings == ["decoded as cp1252 (declared windows-1252 in <meta charset>), "
                        "with 2 replacement characters (U+FFFD)"]


def test_an_ascii_page_under_a_declared_charset_needs_no_warning():
    data = page('<meta charset="windows-1252">', b"Plain ASCII")
    assert decoded(data) == (data.decode("ascii"), [])


UTF16_PAGE = '<html><head><meta charset="windows-1252"></head><body>Serdyukov’s café</body></html>'


@pytest.mark.parametrize("data", [
    b"\xff\xfe" + UTF16_PAGE.encode("utf-16-le"), b"\xfe\xff" + UTF16_PAGE.encode("utf-16-be"),
], ids=["le", "be"])
def test_a_utf16_bom_wins_over_a_meta(data):
    assert decoded(data) == (UTF16_PAGE, ["decoded as utf-16"])
    assert decoded(data, html=True) == (UTF16_PAGE, ["decoded as utf-16"])


def test_a_utf8_bom_wins_over_a_meta():
    data = b"\xef\xbb\xbf" + page('<meta charset="windows-1252">', b"Serdyukov\x92s")
    assert decode_bytes(data) == (data[3:].decode("utf-8", errors="replace"), "utf-8-sig")


def test_a_plain_text_dump_decodes_as_before():
    # No HTML at its head: a charset named in prose is not a declaration.
    data = (b"Harbour freezes early\n\nThe page said charset=windows-1250 and content=\"text/html; "
            b"charset=koi8-r\" but Serdyukov\x92s caf\xe9 is cp1252.")
    assert decode_bytes(data) == (data.decode("cp1252"), "cp1252")
    assert decoded(data)[1] == ["decoded as cp1252"]
    # A long dump that quotes a <meta> far down is not prescanned: only the head is looked at.
    data = b"Harbour freezes early\n\n" + b"Serdyukov\x92s caf\xe9 visit went well. " * 200 + (
        b'The page source had <meta charset="windows-1250"> in it.')
    assert decode_bytes(data) == (data.decode("cp1252"), "cp1252")


def test_html_false_skips_the_prescan():
    data = b'<meta charset="windows-1250">\nPr\xf8\xedstav' + b" zamrzl" * 20
    assert decode_bytes(data, html=False) == (data.decode("cp1252"), "cp1252")
    assert decode_bytes(data) == (data.decode("cp1250"), "cp1250")


PARAGRAPHS = [
    "Přístav zamrzl letos o tři týdny dříve než obvykle, uvedl v pondělí ředitel přístavní správy. Lodě, "
    "které měly kotvit u severního mola, musely odplout k jižnímu terminálu, kde ledoborce udržují volný "
    "kanál. Rybáři si stěžují, že přicházejí o výdělek, protože jejich čluny zůstaly uvězněné v ledu. Město "
    "slíbilo, že jim škody alespoň částečně uhradí z rezervního fondu.",
    "Meteorologové říkají, že za časným mrazem stojí studený vzduch ze severu, který se nad krajem drží už od "
    "konce listopadu. Teploty v noci klesají pod minus dvacet stupňů a přes den se jen zřídka vyšplhají nad "
    "minus deset. Podobnou zimu podle kronik zažilo pobřeží naposledy před čtyřiceti lety, kdy led zůstal v "
    "zátoce až do dubna a lodě čekaly na moři celé týdny.",
    "Správa přístavu proto požádala vládu o zapůjčení dalšího ledoborce. Ministerstvo dopravy odpověď slíbilo "
    "do konce týdne. Mezitím se obchodníci obávají, že zpoždění dodávek zdraží potraviny i palivo v celém "
    "regionu. Starostka vyzvala obyvatele, aby nechodili na led v zátoce, protože je na mnoha místech stále "
    "tenký a nebezpečný, a to i tam, kde to tak na první pohled nevypadá.",
]


def test_normalize_reads_html_bytes_in_their_declared_charset():
    html = ('<!DOCTYPE html><html lang="cs"><head><meta charset="windows-1250">'
            "<title>Přístav zamrzl o tři týdny dříve</title></head><body>"
            "<nav><a href='/'>Domů</a></nav><article><h1>Přístav zamrzl o tři týdny dříve</h1>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>")
    article = cleaner.normalize(html.encode("cp1250"), html=True)
    assert article.title == "Přístav zamrzl o tři týdny dříve"
    assert "uvedl v pondělí ředitel přístavní správy" in article.text
    assert "Starostka vyzvala obyvatele" in article.text
    assert "decoded as cp1250 (declared windows-1250 in <meta charset>)" in article.warnings
