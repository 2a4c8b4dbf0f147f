"""Inputs that once crashed cleaner, found by the property tests (tests/test_properties.py) and
the fuzzer (bench/fuzz.py); each stays here so that the crash cannot come back."""

from __future__ import annotations

import pytest

import cleaner


@pytest.mark.parametrize("doc", ["ˬ", "𑆃", "ˬ 𑆃\n\nˬˬ ˬ"])
def test_letters_of_no_known_script_are_no_main_script(doc):
    """other-script took the most common known script of the page's letters, and a page whose
    letters (U+02EC, a Sharada letter) are in none of its scripts raised IndexError."""
    assert cleaner.normalize(doc).text == doc


def test_a_letter_outside_the_script_ranges_from_decoded_bytes():
    """The fuzzer's find: b"\\x9cn" decodes (as Big5-HKSCS) to U+26A2D, a Han letter of CJK
    Extension B, outside the ranges of cleaner.scripts; other-script raised IndexError on it."""
    article = cleaner.normalize(b"\x9cn", url="https://sputniknews.com/a/b.html")
    assert article.text == "\U00026a2d"


def test_a_line_after_casefolding_lengthened_the_page_is_no_repeat_of_itself():
    """repeated-lede searched the casefolded page from each line's end, counted in the lines'
    own lengths; "ß" casefolds to "ss", so after a line of them the search began before the line
    and found the line itself: a paragraph of a German page, and lines of a page whose mojibake
    holds "ß", were dropped as a repeated standfirst."""
    paragraph = "The harbour froze three weeks early this year, the port authority said."
    article = cleaner.normalize("Maß " + "ß" * 100 + "\n" + paragraph + "\nAnother line of text here.")
    assert paragraph in article.text
    assert not any(removal.rule == "generic/repeated-standfirst" for removal in article.removed)
    repeated = cleaner.normalize("Maß " + "ß" * 100 + "\n" + paragraph + "\nMOSCOW - " + paragraph)
    assert [removal.line for removal in repeated.removed if removal.rule == "generic/repeated-standfirst"] == [2]
