"""Character classes of a page at once (cleaner.codepoints): the answers of the tests they stand for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.codepoints import _table_lowered, char_classes, class_counts, code_points, lower, lowered_codes

_TESTS = (re.compile(r"\w").match, str.isalpha, str.isupper, re.compile("[\u3040-\u30ff\u4e00-\u9fff]").match)
# ASCII, Latin and Cyrillic, CJK, beyond the Basic Multilingual Plane, and a lone surrogate
_CHARS = st.one_of(st.characters(max_codepoint=127), st.characters(min_codepoint=128, max_codepoint=0x4FF),
                   st.characters(min_codepoint=0x4E00, max_codepoint=0x4E7F),
                   st.characters(min_codepoint=0x10000, max_codepoint=0x100FF), st.just("\ud800"))
# (texts as lists of those joined: st.text draws no character from the st.just branch of its alphabet)
_TEXTS = st.lists(_CHARS, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(pages=st.lists(_TEXTS, min_size=1, max_size=4))
def test_each_class_is_its_test_asked_of_each_character(pages):
    """Page after page, so that answers kept from one page serve the next."""
    for text in pages:
        for test, mask in zip(_TESTS, char_classes(code_points(text), *_TESTS)):
            assert mask.tolist() == [bool(test(char)) for char in text]


@settings(max_examples=200, deadline=None)
@given(pages=st.lists(_TEXTS, min_size=1, max_size=4))
def test_class_counts_are_the_characters_each_test_passes(pages):
    for text in pages:
        assert class_counts(code_points(text), *_TESTS) == [sum(bool(test(char)) for char in text) for test in _TESTS]


def test_more_tests_than_a_table_entry_has_bits_are_asked_in_turns():
    """A table's entry holds 32 tests' answers; a 33rd and on are looked up in a second table."""
    tests = [(lambda char, k=k: (ord(char) + k) % 3 == 0) for k in range(40)]
    text = "ab\u00e9\u4e00𝐀1 "
    masks = char_classes(code_points(text), *tests)
    assert len(masks) == 40
    for test, mask in zip(tests, masks):
        assert mask.tolist() == [test(char) for char in text]


# Pages long enough for the table's pass: ASCII, Latin and Cyrillic, CJK, past the plane (the
# Deseret capitals there have lower cases), the capital sigma (σ or ς by its neighbours), "İ",
# and a lone surrogate.
_CASES = st.one_of(_CHARS, st.sampled_from(["Σ", "İ", "𐐀", "😀", "ʰ", "\u0345", "Ω", "Ä", "ß", "\ud800", " ", "\n"]))


@settings(max_examples=300, deadline=None)
@given(piece=st.lists(_CASES, max_size=60).map("".join), times=st.integers(1, 12), long=st.booleans())
def test_lower_is_str_lower(piece, times, long):
    text = ("Текст " * 50 if long else "") + piece * times  # long: past _TABLE_LOWER, and not ASCII
    assert lower(text) == text.lower()
    assert lowered_codes(text).tolist() == code_points(text.lower()).tolist()


def test_lower_takes_the_table_where_it_serves_and_str_lower_elsewhere():
    page = "Ünter den Linden — ОДИН день 😀 " * 20  # long, not ASCII, emoji have no lower case
    assert _table_lowered(page) is not None and lower(page) == page.lower()
    for odd in ("ΟΔΟΣ", "İstanbul", "𐐀"):  # final sigma; two characters; a lower case past the plane
        assert _table_lowered(page + odd) is None and lower(page + odd) == (page + odd).lower()
    assert _table_lowered(page[:100]) is None and _table_lowered("A" * 1000) is None  # short, or ASCII
